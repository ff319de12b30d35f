"""Scenario loading: YAML files, ``extends:`` composition, ``--set`` overrides, JSON Schema.

:func:`load_scenario` composes a scenario file with the files it ``extends`` (later files
override earlier ones; mappings merge key by key, lists and scalars replace), applies
``--set key.path=value`` overrides in order, validates the result against
:class:`~model.inputs.scenario_schema.Scenario` and returns it frozen, with ``data`` an
absolute path.
Every problem becomes one line of an :class:`~model.errors.InputError`, naming the file (or
``--set <key>``) and the key path. The schema models are re-exported here, so callers import
everything from ``model.inputs.config``. Regenerate ``scenarios/scenario.schema.json`` with
``python -m model.inputs.config``.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import logging
import re
import types
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from model.atomic import write_atomic
from model.errors import InputError
from model.inputs import yamlsafe
from model.inputs.scenario_schema import (
    DEFAULT_DATA,
    ChecksConfig,
    DemandConfig,
    ExchangeConfig,
    FactorsConfig,
    FinanceConfig,
    MarketConfig,
    OutputConfig,
    PermittingConfig,
    PermittingOverride,
    PermittingOverrideValues,
    PlantsConfig,
    PolicyConfig,
    PricesConfig,
    Scenario,
    SolverConfig,
    TimeConfig,
    YearsConfig,
)

__all__ = [
    "ChecksConfig", "DemandConfig", "ExchangeConfig", "FactorsConfig", "FinanceConfig",
    "MarketConfig", "OutputConfig",
    "PermittingConfig",
    "PermittingOverride", "PermittingOverrideValues", "PlantsConfig", "PolicyConfig",
    "PricesConfig", "Scenario", "SolverConfig", "TimeConfig", "YearsConfig", "json_schema",
    "load_scenario", "resolved_dict", "scenario_from_dict", "scenario_hash", "write_json_schema",
]

log = logging.getLogger(__name__)

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "scenarios" / "scenario.schema.json"

Key = tuple[Any, ...]
Provenance = dict[Key, str]  # key path -> file or "--set key" that set it last


def _paths(value: Any, prefix: Key = ()) -> list[Key]:
    """Every key path of the nested mapping ``value`` (mappings only, not list items)."""
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, prefix + (k,))
    return out


def _assign(target: dict, prov: Provenance, key: Key, value: Any, src: Provenance) -> None:
    """Set ``target[key] = value`` and replace the provenance below ``key`` by ``src``'s."""
    target[key[-1]] = copy.deepcopy(value)
    for old in [p for p in prov if p[: len(key)] == key]:
        del prov[old]
    prov.update({p: s for p, s in src.items() if p[: len(key)] == key})


def _merge(base: dict, prov: Provenance, new: dict, new_prov: Provenance, prefix: Key = ()) -> None:
    """Deep-merge ``new`` into ``base``: mappings merge key by key, anything else replaces."""
    for k, v in new.items():
        if isinstance(v, dict) and isinstance(base.get(k), dict):
            _merge(base[k], prov, v, new_prov, prefix + (k,))
        else:
            _assign(base, prov, prefix + (k,), v, new_prov)


def _missing(path: Path, referrer: Path | None) -> InputError:
    """The error for a missing scenario file, listing the YAML files next to it."""
    where = f"{referrer}: extends " if referrer else ""
    if not path.parent.is_dir():
        return InputError(f"{where}{path}: scenario file not found (no folder {path.parent})")
    found = sorted(p.name for p in path.parent.glob("*.yaml"))
    close = difflib.get_close_matches(path.name, found, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else ""
    listing = ", ".join(found) or "none"
    return InputError(f"{where}{path}: scenario file not found{hint} (YAML files there: {listing})")


def _read(path: Path, referrer: Path | None) -> dict:
    """Read one YAML file into a mapping, resolving its ``data:`` relative to the file."""
    if not path.is_file():
        raise _missing(path, referrer)
    try:
        if path.stat().st_size > yamlsafe.MAX_BYTES:
            raise InputError(f"{path}: {path.stat().st_size:,} bytes, more than the "
                             f"{yamlsafe.MAX_BYTES:,} a scenario file may have")
        raw = yamlsafe.load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark, ctx = exc.problem_mark, exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown line"
        started = f" ({exc.context} from line {ctx.line + 1})" if exc.context and ctx else ""
        raise InputError(f"{path}: {where}: invalid YAML: {exc.problem}{started}") from None
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the scenario file: {exc}") from None
    raw = {} if raw is None else raw
    if not isinstance(raw, dict):
        raise InputError(f"{path}: a scenario file must be a mapping of keys to values, "
                         f"got a {type(raw).__name__}")
    if isinstance(raw.get("data"), str | Path):
        raw["data"] = str((path.parent / raw["data"]).resolve())
    return raw


def _compose(path: Path, stack: tuple[Path, ...] = (), referrer: Path | None = None,
             ) -> tuple[dict, Provenance]:
    """Compose ``path`` with the files it ``extends`` (recursively) into one mapping."""
    if path in stack:
        chain = " -> ".join(p.name for p in (*stack, path))
        raise InputError(f"{path}: extends cycle: {chain}; remove one of these extends")
    raw = _read(path, referrer)
    parents = raw.pop("extends", [])
    if isinstance(parents, str):
        parents = [parents]
    if not isinstance(parents, list) or not all(isinstance(p, str) for p in parents):
        raise InputError(f"{path}: extends: expected a file name or a list of file names, "
                         f"got {parents!r}")
    merged: dict = {}
    prov: Provenance = {}
    for parent in parents:
        base, base_prov = _compose((path.parent / parent).resolve(), (*stack, path), path)
        _merge(merged, prov, base, base_prov)
    _merge(merged, prov, raw, {p: str(path) for p in _paths(raw)})
    log.debug("composed %s (extends %s)", path, parents or "nothing")
    return merged, prov


def _apply_override(merged: dict, prov: Provenance, override: str) -> None:
    """Apply one ``key.path=value`` override in place."""
    key, sep, text = override.partition("=")
    key = key.strip()
    parts = key.split(".")
    if not sep or not all(parts):
        raise InputError(f"--set {override!r}: expected the form key.path=value, e.g. "
                         "--set permitting.wind.approval_months=12")
    if parts[0] == "extends":
        raise InputError(f"--set {key}: 'extends' can only be used in scenario files")
    try:
        value = yamlsafe.load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"--set {key}: cannot parse {text!r} as a YAML value: {exc}") from None
    if parts == ["data"] and isinstance(value, str):
        value = str(Path(value).resolve())  # relative to the working directory
    node, path = merged, ()
    for i, part in enumerate(parts):
        k: Any = part
        if k not in node and re.fullmatch(r"-?\d+", part):
            k = int(part)  # as YAML reads `2030:`; e.g. policy.co2_cap_t.2030
        path = (*path, k)
        if i == len(parts) - 1:
            _assign(node, prov, path, value, {p: f"--set {key}" for p in _paths(value, path)})
        elif node.get(k) is None:
            node[k] = {}
        elif not isinstance(node[k], dict):
            raise InputError(f"--set {key}: '{'.'.join(map(str, path))}' is a value "
                             f"({node[k]!r}), not a section with keys")
        node = node[k]


def _model_at(loc: Key) -> type[BaseModel] | None:
    """The model class validating the mapping at key path ``loc`` (None if not a model)."""
    tp: Any = Scenario
    for part in loc:
        if isinstance(tp, type) and issubclass(tp, BaseModel) and part in tp.model_fields:
            tp = tp.model_fields[part].annotation
        elif get_origin(tp) is dict:
            tp = get_args(tp)[1]
        else:
            return None
        while get_origin(tp) in (Union, types.UnionType, Annotated):
            tp = next(a for a in get_args(tp) if a is not type(None))
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _describe(error: dict, prov: Provenance, default: str) -> str:
    """One line ``<source>: <key.path>: <message>`` for one pydantic error."""
    loc = tuple(error["loc"])
    is_key = bool(loc) and loc[-1] == "[key]"
    loc = loc[:-1] if is_key else loc
    # the last source that set anything at or below loc (prov keeps assignment order), else
    # the source of the nearest enclosing key, else the scenario file itself
    below = [s for p, s in prov.items() if p[: len(loc)] == loc and len(p) >= max(len(loc), 1)]
    above = (prov[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in prov)
    source = below[-1] if below else next(above, default)
    msg = error["msg"].removeprefix("Value error, ")
    kind = error["type"]
    if kind == "extra_forbidden":
        model = _model_at(loc[:-1])
        allowed = list(model.model_fields) if model else []
        allowed += ["extends"] if len(loc) == 1 else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        msg = f"unknown key '{loc[-1]}'; " + (f"did you mean '{close[0]}'?" if close else
                                             f"allowed keys: {', '.join(allowed)}")
    elif kind == "missing":
        msg = "required key is missing"
    elif kind == "string_pattern_mismatch" and loc == ("name",):
        msg = (f"{error['input']!r} is not a safe folder name: use letters, digits, '_' and "
               "'-', with single '.' between them, starting with a letter or digit (never "
               "'.', '..', a hidden name or a path)")
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        msg = f"expected a section (a mapping of keys to values), got {error['input']!r}"
    elif kind != "value_error" and not isinstance(error.get("input"), dict):
        msg += f" (got {error['input']!r})"
    if not loc:  # a whole-scenario check; its message starts with the key paths involved
        return f"{source}: {msg}"
    return f"{source}: {'.'.join(map(str, loc))}{' (as a key)' if is_key else ''}: {msg}"


def load_scenario(path: str | Path, overrides: Sequence[str] = ()) -> Scenario:
    """Load, compose, override and validate a scenario file.

    Parameters
    ----------
    path
        The scenario YAML file. ``extends:`` (a file name or a list, relative to the file naming
        them) composes it on top of other files.
    overrides
        ``key.path=value`` strings applied in order after composition; the value is read as YAML
        (``12``, ``true``, ``[a, b]``, ``{x: 1}``). A ``data`` override is relative to the
        working directory.

    Returns
    -------
    Scenario
        Validated and frozen, with ``data`` an absolute path.

    Raises
    ------
    InputError
        Listing every problem as ``<file or --set key>: <key.path>: <message>``.
    """
    top = Path(path).expanduser().resolve()
    merged, prov = _compose(top)
    if "data" not in merged:  # the default is relative to the file being loaded
        merged["data"] = str((top.parent / DEFAULT_DATA).resolve())
    for override in overrides:
        _apply_override(merged, prov, override)
    try:
        scenario = Scenario.model_validate(merged)
    except ValidationError as exc:
        raise InputError([_describe(e, prov, str(top)) for e in exc.errors()]) from None
    log.info("loaded scenario %r from %s (%d overrides)", scenario.name, top, len(overrides))
    return scenario


def scenario_from_dict(resolved: dict[str, Any], overrides: Sequence[str] = (),
                       source: str = "<dict>") -> Scenario:
    """Validate a resolved scenario mapping (e.g. a manifest's ``resolved_scenario``).

    Parameters
    ----------
    resolved
        A mapping as returned by :func:`resolved_dict` (year keys may be strings; ``data`` is
        used as given, so it should be absolute). ``extends`` is not allowed here.
    overrides
        ``key.path=value`` strings applied in order, as in :func:`load_scenario` (a ``data``
        override is relative to the working directory).
    source
        Shown as the origin in error messages (e.g. the manifest path).

    Returns
    -------
    Scenario
        Validated and frozen. Without overrides, ``scenario_hash`` of the result equals the
        hash of the scenario the mapping was made from.

    Raises
    ------
    InputError
        As :func:`load_scenario`, naming ``source`` or the ``--set`` key.
    """
    if not isinstance(resolved, dict):
        raise InputError(f"{source}: the resolved scenario must be a mapping, got "
                         f"{type(resolved).__name__}")
    merged = copy.deepcopy(resolved)
    if "extends" in merged:
        raise InputError(f"{source}: extends: not allowed in a resolved scenario")
    prov: Provenance = {p: source for p in _paths(merged)}
    for attempt in ("as given", "with overrides") if overrides else ("as given",):
        try:
            scenario = Scenario.model_validate(merged)
        except ValidationError as exc:
            raise InputError([_describe(e, prov, source) for e in exc.errors()]) from None
        if attempt == "as given" and overrides:  # year keys as int, as in a loaded YAML file
            merged = scenario.model_dump(mode="python")
            merged["data"] = str(merged["data"])
            for override in overrides:
                _apply_override(merged, prov, override)
    log.info("loaded scenario %r from %s (%d overrides)", scenario.name, source, len(overrides))
    return scenario


def resolved_dict(scenario: Scenario) -> dict[str, Any]:
    """Return the scenario as plain JSON types (for hashing and manifest.json).

    Parameters
    ----------
    scenario
        A loaded scenario.

    Returns
    -------
    dict
        ``scenario.model_dump(mode="json")``: paths as strings, year keys as strings.
    """
    return scenario.model_dump(mode="json")


def scenario_hash(scenario: Scenario) -> str:
    """Return the SHA-256 hex digest of the canonical JSON of :func:`resolved_dict`.

    Canonical: sorted keys, no whitespace, UTF-8. The absolute ``data`` path is part of it.
    """
    text = json.dumps(resolved_dict(scenario), sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema of a scenario file, including the loader's ``extends`` key."""
    schema = Scenario.model_json_schema()
    extends = {"description": "File(s) this scenario builds on, relative to this file; later "
               "files and this file override earlier ones (mappings merge key by key).",
               "anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
    schema["properties"] = {"extends": extends, **schema["properties"]}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def write_json_schema(path: Path = SCHEMA_PATH) -> None:
    """Write :func:`json_schema` as indented JSON.

    Parameters
    ----------
    path
        Target file; default ``scenarios/scenario.schema.json`` (committed, kept in sync by a
        unit test; regenerate with ``python -m model.inputs.config``).
    """
    write_atomic(Path(path), json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    log.info("wrote %s", path)


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    write_json_schema()
