"""Run identity and run names: what makes two runs the same run, and how a variant is named.

*Identity.* A run's results are determined by its resolved scenario, the content of its
input files and the model code. The identity is

.. math:: I = \\mathrm{SHA256}\\big(\\mathrm{json}(S \\setminus X,\\; H,\\; K)\\big)

with :math:`S` the resolved scenario (``model.inputs.config.resolved_dict``), :math:`X` the
keys that do not change the numbers (:data:`EXECUTION_ONLY`: how HiGHS searches,
``solver.threads``, ``method``, ``presolve`` and ``seed``; which files are written, how
many processes validate and whether validated years are reused; the free-text
``description``; ``checks``, which only lets implausible input through) and the absolute
``data`` path, which is replaced by :math:`H`, the SHA-256 of every input file by its name
inside the data set (:func:`input_sha256`), and :math:`K` the SHA-256 of the source of the
packages that determine the numbers (:func:`code_sha256`). Canonical JSON: sorted keys, no
whitespace, UTF-8. So a run counts as
the same run whatever thread count ``compare`` or a sweep gave it and whichever checkout or
folder the data set lives in, and as a different run as soon as any input byte, any setting
of the problem (including the accuracy asked of the solver, ``solver.mip_rel_gap``,
``solver.time_limit_s``, and whether the plan is validated hourly) or the model code
differs. Search settings can select a different solution among those within the gap; the
promise ("optimal within the reported gap") holds for each. The scenario ``name`` is part of
:math:`S`: it labels every output, so a run is only reused under its own name.

*Names.* A run made with ``--set`` overrides that change results is named
``<scenario>__<label>`` (:func:`run_name`), the label listing each override as
``<section>.<key>-<value>`` (e.g. ``slow__wind.approval_months-30``), or ``set-<8 hex>`` of the
overrides when that would exceed :data:`MAX_LABEL` characters. ``--set name=...`` (or
``run --name``) names a run explicitly and suppresses the label. Execution-only overrides
never change the name.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from model.inputs import config
from model.inputs.fleet import MUST_RUN_FILE
from model.inputs.tables import PROFILES_FILE, TABLES, sha256_of

IDENTITY_VERSION = 2
#: Dotted keys (or sections) that never change a run's results. The output toggles that
#: change what is published (``output.validate_hourly``, ``output.validation_step_years``)
#: are not among them: a run without hourly-validated figures is not the run asked for.
EXECUTION_ONLY = ("solver.threads", "solver.method", "solver.presolve", "solver.seed",
                  "output.netcdf", "output.brief", "output.validation_workers",
                  "output.reuse_validation", "description", "checks")
#: The parts of the package whose code determines a run's numbers (the formulation, the data
#: layer and the solve route, hourly validation included); their source is hashed into the
#: identity so that a run made by other model code is never reused as if it were current.
CODE_PARTS = ("inputs", "formulation", "solve", "errors.py")
_PACKAGE = Path(__file__).resolve().parents[1]


def code_sha256(package: Path = _PACKAGE) -> str:
    """SHA-256 of the source of :data:`CODE_PARTS` (relative path and content of each file).

    Content, not location: the same commit checked out anywhere has the same code hash.
    """
    digest = hashlib.sha256()
    for part in CODE_PARTS:
        root = package / part
        files = [root] if root.is_file() else sorted(root.rglob("*.py"))
        for f in files:
            digest.update(f.relative_to(package).as_posix().encode() + b"\0")
            digest.update(f.read_bytes() + b"\0")
    return digest.hexdigest()
MAX_LABEL = 64
LABEL_SEP = "__"
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def input_sha256(folder: Path) -> dict[str, str]:
    """SHA-256 of the input files of a data set, by file name (as ``ModelData.sha256``).

    The same files the loader hashes (``model.inputs.tables.load``): every table that exists
    and the derived hourly profiles. Only content counts, never the folder's path.
    """
    folder = Path(folder)
    out = {spec.file: sha256_of(folder / spec.file) for spec in TABLES.values()
           if (folder / spec.file).is_file()}
    if (folder / PROFILES_FILE).is_file():
        out[PROFILES_FILE] = sha256_of(folder / PROFILES_FILE)
    if (folder / MUST_RUN_FILE).is_file():  # hashed by model.inputs.data.load as well
        out[MUST_RUN_FILE] = sha256_of(folder / MUST_RUN_FILE)
    return out


def _without(resolved: Mapping[str, Any], dotted: str) -> dict[str, Any]:
    """A copy of ``resolved`` without the key at ``dotted`` (missing keys are fine)."""
    out = dict(resolved)
    head, _, rest = dotted.partition(".")
    if not rest:
        out.pop(head, None)
    elif isinstance(out.get(head), Mapping):
        out[head] = _without(out[head], rest)
    return out


def identity_of(resolved: Mapping[str, Any], hashes: Mapping[str, str],
                code: str | None = None) -> str:
    """Run identity (SHA-256 hex) of a resolved scenario mapping and its input hashes.

    Parameters
    ----------
    resolved : mapping
        ``config.resolved_dict(scenario)`` or a manifest's ``resolved_scenario``.
    hashes : mapping
        SHA-256 per input file name (``ModelData.sha256`` or a manifest's ``input_sha256``).
    code : str, optional
        Code hash (:func:`code_sha256`); default: the code running now.
    """
    core = dict(resolved)
    core.pop("data", None)
    for key in EXECUTION_ONLY:
        core = _without(core, key)
    doc = {"identity_version": IDENTITY_VERSION, "scenario": core,
           "input_sha256": dict(sorted(hashes.items())),
           "code_sha256": code_sha256() if code is None else code}
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def scenario_identity(scenario: config.Scenario) -> str:
    """Identity a run of ``scenario`` will have, from its data set as it is on disk now."""
    return identity_of(config.resolved_dict(scenario), input_sha256(scenario.data))


def data_sha256(hashes: Mapping[str, str]) -> str:
    """One hash of a whole data set: SHA-256 over the sorted ``name:sha256`` lines."""
    text = "\n".join(f"{k}:{v}" for k, v in sorted(hashes.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _is_execution_only(key: str) -> bool:
    return any(key == k or key.startswith(k + ".") for k in EXECUTION_ONLY)


def result_overrides(overrides: Sequence[str]) -> dict[str, str]:
    """The overrides that change results, as ``{key: value text}`` (the last one wins).

    ``name`` and the execution-only keys (:data:`EXECUTION_ONLY`) are left out.
    """
    out: dict[str, str] = {}
    for item in overrides:
        key, _, value = item.partition("=")
        key = key.strip()
        if key and key != "name" and not _is_execution_only(key):
            out.pop(key, None)
            out[key] = value.strip()
    return out


def override_label(overrides: Sequence[str]) -> str:
    """Short, folder-safe label of the result-changing overrides ('' if there are none)."""
    items = result_overrides(overrides)
    if not items:
        return ""
    parts = []
    for key, value in items.items():
        short = ".".join(key.split(".")[-2:])
        parts.append(f"{short}-{value}")
    label = _UNSAFE.sub("_", "_".join(parts)).strip("._-")
    label = re.sub(r"\.{2,}", ".", label)
    if not label or len(label) > MAX_LABEL:
        digest = hashlib.sha256("\n".join(f"{k}={v}" for k, v in items.items()).encode())
        label = f"set-{digest.hexdigest()[:8]}"
    return label


def explicit_name(overrides: Sequence[str]) -> bool:
    """True if the overrides set ``name`` themselves."""
    return any(o.partition("=")[0].strip() == "name" for o in overrides)


def run_name(base: str, overrides: Sequence[str], name: str | None = None) -> str:
    """The name of a run: ``name`` if given, else ``base`` plus the override label."""
    if name:
        return name
    if explicit_name(overrides):
        return base
    label = override_label(overrides)
    return f"{base}{LABEL_SEP}{label}" if label else base


def named(scenario: config.Scenario, overrides: Sequence[str],
          name: str | None = None) -> config.Scenario:
    """``scenario`` renamed by :func:`run_name` (validated again when the name changes).

    Raises
    ------
    InputError
        If an explicit ``name`` is not a valid scenario name.
    """
    new = run_name(scenario.name, overrides, name)
    if new == scenario.name:
        return scenario
    return config.scenario_from_dict({**config.resolved_dict(scenario), "name": new},
                                     source="--name" if name else "the override label")
