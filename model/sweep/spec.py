"""The sweep file: schema, expansion into members and every check, before anything runs.

A sweep file (YAML, checked with ``extra="forbid"``)::

    base: ../reference.yaml          # scenario file, relative to this file
    name: "wind_{permitting.wind.approval_months}m"   # member names from the varied values
    grid:                            # every combination of these
      permitting.wind.approval_months: [6, 12, 17, 24, 30, 36]
      prices.case: [low, reference, high]
    # or instead of grid, an explicit list:
    # members:
    #   - {name: fast_wind, set: {permitting.wind.approval_months: 9}}

Keys are the dotted paths of ``--set``. A grid with keys :math:`k_1 \\dots k_K` and value
lists :math:`V_1 \\dots V_K` has the members :math:`V_1 \\times \\dots \\times V_K` (the last
key varies fastest), :math:`N = \\prod_k |V_k|` of them. Member ``m`` is the base scenario
with the overrides ``k=v`` of its values, plus ``name=<member name>``: its runs land in
``<out>/<member name>/<run-id>/``. A ``data`` value that is a relative path is taken relative
to the sweep file (as ``base`` is).

Name patterns: ``{key}`` or ``{key:format}`` (Python format spec) for a varied key. Member
names must be safe folder names (letters, digits, ``_``, ``.``, ``-``; not starting with a
dot; not ``sweeps``, where sweep files are written) and distinct.

Every member is loaded as a scenario (``model.inputs.config.load_scenario``), so a key that is
not a scenario key fails with its did-you-mean before anything runs; problems are collected
for all members and reported once each (:class:`model.errors.InputError`, exit 2).
"""

from __future__ import annotations

import difflib
import itertools
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from model.errors import InputError
from model.inputs import config

#: A grid larger than this needs ``--yes`` (``python run.py sweep ... --yes``).
MAX_MEMBERS = 10_000
#: Folder of the sweep files under the results root (so no member may have this name).
SWEEPS_DIR = "sweeps"
SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
_FIELD = re.compile(r"\{([^{}:]*)(?::([^{}]*))?\}")
RESERVED_KEYS = ("name", "extends")


class MemberEntry(BaseModel):
    """One explicit member: its name (or the file's name pattern) and its overrides."""

    model_config = ConfigDict(extra="forbid")
    name: str | None = None
    set_: dict[str, Any] = Field(default_factory=dict, alias="set")


class SweepFile(BaseModel):
    """The sweep file as written (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")
    base: str
    name: str | None = None
    grid: dict[str, list[Any]] | None = None
    members: list[MemberEntry] | None = None

    @model_validator(mode="after")
    def _grid_or_members(self) -> SweepFile:
        if (self.grid is None) == (self.members is None):
            raise ValueError("give either 'grid' (every combination) or 'members' (a list), "
                             "not both and not neither")
        if self.grid is not None and self.name is None:
            raise ValueError("'name' (a pattern such as \"wind_{permitting.wind."
                             "approval_months}m\") is required with 'grid'")
        return self


@dataclass(frozen=True)
class Member:
    """One run of the sweep: its name, varied values, ``--set`` overrides and scenario."""

    name: str
    values: dict[str, Any]
    overrides: tuple[str, ...]
    scenario: config.Scenario


@dataclass(frozen=True)
class Sweep:
    """A checked sweep: its file, name (the file's stem), base scenario and members."""

    path: Path
    name: str
    base: Path
    base_name: str
    keys: tuple[str, ...]
    members: tuple[Member, ...]


def override_text(key: str, value: Any) -> str:
    """``key=value`` as ``--set`` reads it back (YAML): strings plain when unambiguous."""
    if isinstance(value, str) and yaml.safe_load(value) == value and "\n" not in value:
        return f"{key}={value}"
    return f"{key}={json.dumps(value, ensure_ascii=False)}"


def _value_text(value: Any, spec: str) -> str:
    if spec:
        return format(value, spec)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) < 1e15 else repr(value)
    if isinstance(value, str | int | float):
        return str(value)
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def member_name(pattern: str, values: dict[str, Any], where: str) -> str:
    """Fill ``{key}`` / ``{key:spec}`` fields of ``pattern`` with a member's values.

    Raises
    ------
    InputError
        For a field that is not a varied key (with did-you-mean) or a bad format spec.
    """
    def fill(match: re.Match) -> str:
        key, spec = match.group(1).strip(), match.group(2) or ""
        if key not in values:
            close = difflib.get_close_matches(key, list(values), n=1)
            hint = f"; did you mean '{{{close[0]}}}'?" if close else ""
            raise InputError(f"{where}: name pattern {pattern!r}: '{{{key}}}' is not a varied "
                             f"key of this member ({', '.join(values) or 'none'}){hint}")
        try:
            return _value_text(values[key], spec)
        except (ValueError, TypeError) as exc:
            raise InputError(f"{where}: name pattern {pattern!r}: cannot format "
                             f"{values[key]!r} with '{spec}': {exc}") from None
    return _FIELD.sub(fill, pattern)


def unsafe_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a results folder name, or None if it can."""
    if not name:
        return "is empty"
    if name in (".", "..") or not SAFE_NAME.fullmatch(name):
        return ("is not a safe folder name (use letters, digits, '_', '.', '-'; no '/', no "
                "spaces, not starting with '.')")
    if name == SWEEPS_DIR:
        return f"is reserved ('{SWEEPS_DIR}/' holds the sweep files)"
    return None


def _describe(error: dict, path: Path) -> str:
    loc = ".".join(str(p) for p in error["loc"])
    msg = error["msg"].removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        parent = SweepFile if len(error["loc"]) == 1 else MemberEntry
        allowed = ["set" if f == "set_" else f for f in parent.model_fields]
        close = difflib.get_close_matches(str(error["loc"][-1]), allowed, n=1)
        msg = "unknown key; " + (f"did you mean '{close[0]}'?" if close
                                 else f"allowed keys: {', '.join(allowed)}")
    return f"{path}: {loc + ': ' if loc else ''}{msg}"


def read_sweep_file(path: Path) -> SweepFile:
    """Read and validate the sweep file's shape (not yet its scenario keys)."""
    if not path.is_file():
        raise InputError(f"{path}: sweep file not found")
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read the sweep file: {exc}") from None
    if not isinstance(raw, dict):
        raise InputError(f"{path}: a sweep file is a mapping with 'base', 'name' and 'grid' "
                         f"or 'members', got {type(raw).__name__}")
    try:
        return SweepFile.model_validate(raw)
    except ValidationError as exc:
        raise InputError([_describe(e, path) for e in exc.errors()]) from None


def _raw_members(doc: SweepFile, path: Path, yes: bool) -> list[tuple[str, dict[str, Any]]]:
    """(name, values) of every member, in order; checks emptiness, size and names."""
    if doc.grid is not None:
        if not doc.grid:
            raise InputError(f"{path}: grid: is empty; give at least one key with a list of "
                             "values, e.g. permitting.wind.approval_months: [6, 12, 24]")
        empty = [k for k, v in doc.grid.items() if not v]
        if empty:
            raise InputError(f"{path}: grid: {', '.join(empty)}: no values (an empty list "
                             "makes an empty sweep)")
        count = math.prod(len(v) for v in doc.grid.values())
        if count > MAX_MEMBERS and not yes:
            raise InputError(f"{path}: grid: {count:,} members (more than {MAX_MEMBERS:,}); "
                             "pass --yes to run them all, or make the grid smaller")
        keys = list(doc.grid)
        combos = itertools.product(*doc.grid.values())
        values = [dict(zip(keys, combo, strict=True)) for combo in combos]
        return [(member_name(doc.name or "", v, f"{path}: name"), v) for v in values]
    if not doc.members:
        raise InputError(f"{path}: members: is empty; list at least one member")
    if len(doc.members) > MAX_MEMBERS and not yes:
        raise InputError(f"{path}: members: {len(doc.members):,} members (more than "
                         f"{MAX_MEMBERS:,}); pass --yes to run them all")
    out = []
    for i, entry in enumerate(doc.members):
        where = f"{path}: members.{i}"
        if entry.name is None and doc.name is None:
            raise InputError(f"{where}: no 'name' (and no name pattern at the top of the file)")
        name = entry.name if entry.name is not None else member_name(doc.name or "",
                                                                     entry.set_, where)
        out.append((name, dict(entry.set_)))
    return out


def _check_names(named: list[tuple[str, dict[str, Any]]], path: Path) -> None:
    problems = []
    for name, values in named:
        why = unsafe_name_problem(name)
        if why:
            problems.append(f"{path}: member name {name!r} (values {values}) {why}")
    seen: dict[str, list[dict]] = {}
    for name, values in named:
        seen.setdefault(name, []).append(values)
    for name, clashes in seen.items():
        if len(clashes) > 1:
            problems.append(f"{path}: member name {name!r} is produced {len(clashes)} times "
                            f"(values {clashes[0]} and {clashes[1]}); put every varied key "
                            "into the name pattern")
    if len(problems) > 20:
        problems = [*problems[:20], f"{path}: ... and {len(problems) - 20} more such problems"]
    if problems:
        raise InputError(problems)


def _resolve_data(values: dict[str, Any], folder: Path) -> dict[str, Any]:
    data = values.get("data")
    if isinstance(data, str) and not Path(data).expanduser().is_absolute():
        return {**values, "data": str((folder / data).resolve())}
    return values


def load_sweep(path: str | Path, yes: bool = False) -> Sweep:
    """Read a sweep file and expand it into checked members.

    Parameters
    ----------
    path : str or Path
        The sweep YAML file.
    yes : bool
        Allow more than :data:`MAX_MEMBERS` members.

    Returns
    -------
    Sweep
        Members in file order (grid: the last key varies fastest), each loaded as a scenario.

    Raises
    ------
    InputError
        For any problem in the file or in any member's scenario (all listed, once each).
    """
    path = Path(path).expanduser().resolve()
    doc = read_sweep_file(path)
    why = unsafe_name_problem(path.stem)
    if why:
        raise InputError(f"{path}: the file name {path.stem!r} names the sweep's folder and "
                         f"{why}")
    base = (path.parent / doc.base).resolve()
    named = _raw_members(doc, path, yes)
    _check_names(named, path)
    problems: dict[str, list[str]] = {}  # problem -> members it occurs in
    members = []
    for name, values in named:
        reserved = [k for k in values if k.split(".")[0] in RESERVED_KEYS]
        if reserved:
            problems.setdefault(f"{', '.join(reserved)}: cannot be varied (the member name is "
                                "the scenario name; 'extends' belongs in the base file)",
                                []).append(name)
            continue
        resolved = _resolve_data(values, path.parent)
        overrides = (*(override_text(k, v) for k, v in resolved.items()), f"name={name}")
        try:
            scenario = config.load_scenario(base, overrides)
        except InputError as err:
            for problem in err.problems:  # the same bad key in every member: report it once
                text = problem.replace("--set ", "key ", 1) if problem.startswith(
                    "--set ") else problem
                problems.setdefault(text, []).append(name)
            continue
        members.append(Member(name=name, values=values, overrides=overrides, scenario=scenario))
    if problems:
        raise InputError([f"{path}: member {names[0]!r}"
                          + (f" (and {len(names) - 1} more)" if len(names) > 1 else "")
                          + f": {text}" for text, names in problems.items()])
    keys = tuple(dict.fromkeys(k for m in members for k in m.values))
    base_name = config.load_scenario(base).name
    return Sweep(path=path, name=path.stem, base=base, base_name=base_name, keys=keys,
                 members=tuple(members))
