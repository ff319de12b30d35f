"""Levers: the numeric scenario keys an analysis may vary, their defaults and resolved values.

A lever is a dotted scenario key (as ``--set`` writes it) whose value is a number: either a
key of the resolved scenario holding an int or float (``years.*`` excepted, they change the
horizon), or a permitting value ``permitting.<technology>.<parameter>`` /
``permitting.<technology>.regions.<region>.<parameter>`` (``<parameter>`` one of
:data:`model.inputs.resolved.OVERRIDABLE`), whose value in force comes from the data set
unless the scenario sets it. The values in force per region are read from each run's
``resolved_inputs.csv``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from model.errors import InputError
from model.inputs import config
from model.inputs.resolved import FILE_NAME as RESOLVED_FILE
from model.inputs.resolved import OVERRIDABLE, ResolvedInputs

PERMITTED = ("wind", "pv_ground", "pv_rooftop", "battery_power", "battery_energy")
#: Keys that are numbers but no lever: they change the horizon, the run or the solver.
NOT_LEVERS = ("years.", "time.", "solver.", "output.")
#: Default values by the lever's last part (months: 0-36 in 6-month steps).
DEFAULTS: dict[str, tuple[float, ...]] = {
    "pre_application_months": (0, 12, 24, 36, 48, 60, 72),
    "approval_months": (0, 6, 12, 18, 24, 30, 36),
    "realisation_months": (0, 6, 12, 18, 24, 30, 36),
    "attrition_share": (0.0, 0.1, 0.2, 0.3, 0.4, 0.5),
    "approval_cap_mw_per_yr": (50, 100, 200, 400, 800),
}
#: Relative steps around the base value for any other lever.
RELATIVE = (0.5, 0.75, 1.0, 1.25, 1.5)


def _numeric_keys(doc: Any, prefix: str = "") -> Iterator[str]:
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from _numeric_keys(v, f"{prefix}{k}.")
    elif isinstance(doc, int | float) and not isinstance(doc, bool):
        key = prefix[:-1]
        if not key.startswith(NOT_LEVERS):
            yield key


def lever_keys(scenario: config.Scenario) -> list[str]:
    """Every key :func:`check_lever` accepts for ``scenario`` (regional forms included)."""
    keys = list(_numeric_keys(config.resolved_dict(scenario)))
    for tech in PERMITTED:
        keys += [f"permitting.{tech}.{p}" for p in OVERRIDABLE]
        keys += [f"permitting.{tech}.regions.{r}.{p}" for r in scenario.regions
                 for p in OVERRIDABLE]
    return keys


def is_permitting(key: str) -> bool:
    """True for a permitting lever (its value in force comes from the data set)."""
    return key.startswith("permitting.")


def check_lever(scenario: config.Scenario, key: str) -> str:
    """Return ``key`` if it is a lever of ``scenario``.

    Raises
    ------
    InputError
        If it is not a numeric scenario key, naming the closest ones.
    """
    keys = lever_keys(scenario)
    if key in keys:
        return key
    close = difflib.get_close_matches(key, keys, n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(f"--lever {key}: not a numeric scenario key (a number in the resolved "
                     f"scenario, or permitting.<technology>[.regions.<region>].<"
                     f"{'|'.join(OVERRIDABLE)}>){hint}")


def scenario_value(scenario: config.Scenario, key: str) -> float | None:
    """The lever's value in the resolved scenario (None: not set, the data set decides)."""
    node: Any = config.resolved_dict(scenario)
    for part in key.split("."):
        if not isinstance(node, dict) or node.get(part) is None:
            return None
        node = node[part]
    return float(node)


def default_values(scenario: config.Scenario, key: str) -> tuple[float, ...]:
    """Default lever values: by parameter for permitting keys, else base x 0.5..1.5."""
    last = key.rsplit(".", 1)[-1]
    if last in DEFAULTS:
        return DEFAULTS[last]
    base = scenario_value(scenario, key)
    if base is None or base == 0:
        raise InputError(f"--lever {key}: no default values (its base value is "
                         f"{base}); pass --values")
    return tuple(base * f for f in RELATIVE)


def parse_values(text: str | Sequence[float] | None) -> tuple[float, ...] | None:
    """``"0,6,12"`` -> (0.0, 6.0, 12.0); None stays None (defaults).

    Raises
    ------
    InputError
        For a value that is not a finite number, or duplicates.
    """
    if text is None:
        return None
    items = text.split(",") if isinstance(text, str) else list(text)
    out = []
    for item in items:
        try:
            value = float(item)
        except (TypeError, ValueError):
            raise InputError(f"--values: {item!r} is not a number (write e.g. "
                             "--values 0,6,12,24)") from None
        if not math.isfinite(value):
            raise InputError(f"--values: {item!r} is not a finite number")
        out.append(value)
    if not out or len(set(out)) != len(out):
        raise InputError(f"--values {text}: give distinct numbers, e.g. 0,6,12,24")
    return tuple(sorted(out))


def value_text(value: float) -> str:
    """12.0 -> '12', 0.25 -> '0.25' (the override text, so run names stay short)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def resolved_values(run_dir: Path, key: str, regions: Sequence[str]) -> dict[str, float]:
    """Per-region value in force of a permitting lever in a finished run (empty otherwise)."""
    if not is_permitting(key):
        return {}
    parts = key.split(".")
    tech, param = parts[1], parts[-1]
    if len(parts) == 5:
        regions = [parts[3]]
    path = Path(run_dir) / RESOLVED_FILE
    if not path.is_file():
        return {}
    res = ResolvedInputs.read_csv(path)
    out = {}
    for r in regions:
        v = res.value(tech, r, param)
        out[r] = math.nan if v is None else float(v)
    return out
