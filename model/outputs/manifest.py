"""A run's ``manifest.json``: the :class:`Manifest` dataclass, read and written only here.

The manifest is the contract of a run folder: written last by
:func:`model.outputs.files.write_run`, read by ``compare``, ``report`` and
``run --from-manifest``. It is versioned (``schema_version``; files written before the field
existed count as version 1) and validated on reading: a file that is not JSON, not a JSON
object, lacks a required key or has a value of the wrong type raises
:class:`~model.errors.InputError` naming the file and the key, so a damaged or tampered run is
bad input (exit 2), never a traceback. Keys this version does not know are kept in
``extra`` and written back unchanged.

Legend of the fields (units in the names): ``objective_meur`` NPV of costs in M EUR2025,
``bound_meur`` the solver's best bound, ``mip_gap`` relative gap (-),
``cumulative_emissions_t`` t CO2 over the horizon, ``timings_s`` seconds per phase,
``input_sha256`` SHA-256 per input file name, ``run_identity`` see
:mod:`model.outputs.identity`.
"""

from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.errors import InputError

SCHEMA_VERSION = 2
MANIFEST_FILE = "manifest.json"

_NUM = (int, float)
_OPT_NUM = (int, float, type(None))
_OPT_STR = (str, type(None))
_OPT_INT = (int, type(None))

#: Required keys and their JSON types (a key missing here is an input error).
REQUIRED: dict[str, tuple[type, ...]] = {
    "scenario": (str,), "run_id": (str,), "outcome": (str,),
    "objective_meur": _NUM, "resolved_scenario": (dict,), "input_sha256": (dict,),
    "versions": (dict,),
}
#: Optional keys and their JSON types (absent means the default of the dataclass).
OPTIONAL: dict[str, tuple[type, ...]] = {
    "schema_version": (int,), "run_identity": _OPT_STR, "scenario_sha256": _OPT_STR,
    "base_scenario": _OPT_STR, "overrides": (list,), "gap_flag": (bool,),
    "bound_meur": _OPT_NUM, "mip_gap": _OPT_NUM, "solver_status": _OPT_STR,
    "solver_options": (dict,), "solver_size": (dict,), "git_commit": _OPT_STR,
    "scenario_file": _OPT_STR, "seed": _OPT_INT, "threads": _OPT_INT,
    "cumulative_emissions_t": _OPT_NUM, "numerics": (dict,), "warnings": (list,),
    "reproduce": _OPT_STR, "promise": _OPT_STR, "reproduces": (dict, type(None)),
    "files": (list,), "timings_s": (dict,),
}
_STR_LISTS = ("overrides", "warnings", "files")
_STR_MAPS = ("input_sha256", "versions")


@dataclass(frozen=True)
class Manifest:
    """The typed content of ``manifest.json`` (see the module docstring for units)."""

    scenario: str
    run_id: str
    outcome: str
    objective_meur: float
    resolved_scenario: dict[str, Any]
    input_sha256: dict[str, str]
    versions: dict[str, str]
    schema_version: int = SCHEMA_VERSION
    run_identity: str | None = None
    scenario_sha256: str | None = None
    base_scenario: str | None = None
    overrides: list[str] = field(default_factory=list)
    gap_flag: bool = False
    bound_meur: float | None = None
    mip_gap: float | None = None
    solver_status: str | None = None
    solver_options: dict[str, Any] = field(default_factory=dict)
    solver_size: dict[str, Any] = field(default_factory=dict)
    git_commit: str | None = None
    scenario_file: str | None = None
    seed: int | None = None
    threads: int | None = None
    cumulative_emissions_t: float | None = None
    numerics: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    reproduce: str | None = None
    promise: str | None = None
    reproduces: dict[str, Any] | None = None
    files: list[str] = field(default_factory=list)
    timings_s: dict[str, float] = field(default_factory=dict)
    hourly_validation: dict[str, Any] | None = None
    code_sha256: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def gap_limited(self) -> bool:
        """True unless the solve was proven optimal (e.g. stopped at a time or gap limit)."""
        return self.outcome != "optimal"

    @property
    def years(self) -> tuple[int | None, int | None]:
        """First and last modelled year of the resolved scenario (None if not given)."""
        years = self.resolved_scenario.get("years") or {}
        return years.get("start"), years.get("end")

    def replace(self, **changes: Any) -> Manifest:
        """A copy with ``changes`` applied (the dataclass is frozen)."""
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types, the known keys in declaration order, then ``extra``."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
               if f.name != "extra"}
        return {**out, **self.extra}

    def to_json(self) -> str:
        """The text of ``manifest.json`` (indented; non-finite numbers as null)."""
        return json.dumps(_finite(self.to_dict()), indent=2, default=str)


def _finite(value: Any) -> Any:
    """JSON-safe copy: NaN and infinities become None (JSON has no such numbers)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _type_name(types: tuple[type, ...]) -> str:
    names = {int: "a number", float: "a number", str: "a string", dict: "an object",
             list: "a list", bool: "true/false", type(None): "null"}
    return " or ".join(dict.fromkeys(names[t] for t in types))


def _is(value: Any, types: tuple[type, ...]) -> bool:
    if isinstance(value, bool) and bool not in types:  # JSON true is not a number here
        return False
    return isinstance(value, types)


#: Keys of ``resolved_scenario`` that readers use without loading the scenario, and types.
SCENARIO_KEYS: dict[str, tuple[type, ...]] = {
    "name": (str,), "data": (str,), "regions": (list,), "years": (dict,),
    "permitting": (dict,), "years.start": (int,), "years.end": (int,),
    "permitting.case": (str,), "permitting.wind": (dict, type(None)),
}


def _scenario_problems(scenario: dict[str, Any], source: str | Path) -> list[str]:
    """Type problems of the ``resolved_scenario`` keys that readers use (absent is fine)."""
    out = []
    for dotted, types in SCENARIO_KEYS.items():
        node: Any = scenario
        for part in dotted.split("."):
            node = node.get(part, _ABSENT) if isinstance(node, dict) else _ABSENT
        if node is not _ABSENT and not _is(node, types):
            out.append(f"{source}: key 'resolved_scenario.{dotted}' must be "
                       f"{_type_name(types)}, not {json.dumps(node, default=str)[:60]}")
    return out


_ABSENT = object()


def from_dict(data: Any, source: str | Path = "<manifest>") -> Manifest:
    """Validate a decoded manifest and return it typed.

    Parameters
    ----------
    data : Any
        The decoded JSON.
    source : str or Path
        Named in every error (the file).

    Raises
    ------
    InputError
        One line per problem: ``<source>: key '<key>': <what is wrong>``.
    """
    if not isinstance(data, dict):
        raise InputError(f"{source}: not a run manifest (a JSON {type(data).__name__}, "
                         "expected an object with the run's keys); the file is damaged: run "
                         "the scenario again")
    problems = [f"{source}: key '{k}' is missing (required in every run manifest)"
                for k in REQUIRED if k not in data]
    for key, types in {**REQUIRED, **OPTIONAL}.items():
        if key in data and not _is(data[key], types):
            problems.append(f"{source}: key '{key}' must be {_type_name(types)}, not "
                            f"{json.dumps(data[key], default=str)[:60]}")
    for key in _STR_LISTS:
        if isinstance(data.get(key), list) and not all(isinstance(v, str) for v in data[key]):
            problems.append(f"{source}: key '{key}' must be a list of strings")
    for key in _STR_MAPS:
        if isinstance(data.get(key), dict) and not all(
                isinstance(v, str) for v in data[key].values()):
            problems.append(f"{source}: key '{key}' must map names to strings")
    scenario = data.get("resolved_scenario")
    if isinstance(scenario, dict):
        problems += _scenario_problems(scenario, source)
    version = data.get("schema_version", 1)
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        problems.append(f"{source}: key 'schema_version' is {version}, newer than this tool "
                        f"reads ({SCHEMA_VERSION}); update the tool")
    if problems:
        raise InputError(problems)
    known = {f.name for f in dataclasses.fields(Manifest)} - {"extra"}
    values = {k: v for k, v in data.items() if k in known}
    values.setdefault("schema_version", 1)
    return Manifest(**values, extra={k: v for k, v in data.items() if k not in known})


def manifest_path(path: Path) -> Path:
    """The manifest file of a run folder (a path to the file itself is returned as is)."""
    path = Path(path)
    return path / MANIFEST_FILE if path.is_dir() else path


def read(path: Path) -> Manifest:
    """Read and validate ``manifest.json`` (or the one in a run folder ``path``).

    Raises
    ------
    InputError
        If the file is missing, unreadable, not JSON, or not a valid manifest (naming the key).
    """
    path = manifest_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such manifest; give results/<scenario>/<run-id>/"
                         "manifest.json of a published run") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot read the manifest ({err})") from None
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        raise InputError(f"{path}: cannot read the manifest: not valid JSON ({err}); the file "
                         "is damaged: run the scenario again") from None
    return from_dict(data, path)
