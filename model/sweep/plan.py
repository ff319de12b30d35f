"""What Snakemake needs for each member: a spec file, its input files and its resources.

``<out>/sweeps/<sweep>/`` holds ``plan.json`` (read by ``workflow/Snakefile``) and, per member,
``members/<name>/spec.json`` (base scenario, overrides, results root), ``status.json`` (the
job's output, :mod:`model.sweep.job`) and ``job.log``. A spec file is rewritten only when its
content changes, so Snakemake (which reruns a job whose inputs are newer than its output)
reruns exactly the members whose overrides, scenario files or data files changed.

Resources (declared per job so that a scheduler can place it): with the scenario's size

.. math::

    c = \\lceil Y / s \\rceil \\cdot D \\cdot S \\cdot R

(:math:`Y` modelled years, :math:`s` ``years.operation_step``, :math:`D` representative days,
:math:`S` steps per day (``time.segments``, or 24), :math:`R` regions; the reference has
:math:`c = 21 \\cdot 8 \\cdot 12 \\cdot 3 = 6048` cells):

* ``mem_mb`` :math:`= 1.5 \\, u \\, (250 + 0.11\\,c)` MB rounded up to 100 MB, :math:`u = 1.5`
  with unit commitment, else 1. Measured peak resident memory: 244 MB at :math:`c = 108`,
  872 MB at :math:`c = 6048` (the reference), i.e. about :math:`234 + 0.106\\,c`.
* ``runtime`` (minutes) :math:`= \\lceil (2\\,T + 60 + 0.01\\,c) / 60 \\rceil`, :math:`T` =
  ``solver.time_limit_s``: the solve stops at :math:`T`, an infeasible run's diagnosis
  re-solves once more, plus loading, building and writing.
* ``threads`` = ``solver.threads`` if set, else 1 (HiGHS's branch and bound gains little
  from more; one thread per job runs more members at a time).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import yaml

from model.atomic import write_atomic
from model.inputs.config import Scenario
from model.inputs.tables import PROFILES_FILE, TABLES
from model.sweep.spec import SWEEPS_DIR, Member, Sweep

PLAN_FILE = "plan.json"


def cells(scenario: Scenario) -> int:
    """Size measure :math:`c` of the module docstring (years x days x steps x regions)."""
    years = math.ceil((scenario.years.end - scenario.years.start + 1)
                      / scenario.years.operation_step)
    steps = scenario.time.segments or 24
    return years * scenario.time.representative_days * steps * len(scenario.regions)


def resources(scenario: Scenario) -> dict[str, int]:
    """``threads``, ``mem_mb`` and ``runtime`` (minutes) of a member's job."""
    c = cells(scenario)
    factor = 1.5 if scenario.plants.unit_commitment else 1.0
    mem_mb = math.ceil(1.5 * factor * (250 + 0.11 * c) / 100) * 100
    runtime = math.ceil((2 * scenario.solver.time_limit_s + 60 + 0.01 * c) / 60)
    return {"threads": int(scenario.solver.threads or 1), "mem_mb": int(mem_mb),
            "runtime": int(runtime)}


def scenario_files(path: Path, seen: tuple[Path, ...] = ()) -> list[Path]:
    """The scenario file and every file it ``extends`` (recursively; cycles are cut)."""
    path = Path(path).resolve()
    if path in seen or not path.is_file():
        return []
    out = [path]
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    parents = raw.get("extends", []) if isinstance(raw, dict) else []
    for parent in [parents] if isinstance(parents, str) else parents:
        out += scenario_files(path.parent / parent, (*seen, path))
    return out


def data_files(scenario: Scenario) -> list[Path]:
    """The data set files a run of ``scenario`` reads (those that exist)."""
    folder = Path(scenario.data)
    files = [folder / spec.file for spec in TABLES.values()] + [folder / PROFILES_FILE]
    return [p for p in files if p.is_file()]


def sweep_dir(out_root: Path, sweep: Sweep) -> Path:
    """``<out>/sweeps/<sweep name>/``."""
    return Path(out_root) / SWEEPS_DIR / sweep.name


def _write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` atomically unless the file already holds it (keeps its mtime)."""
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomic(path, text)
    return True


def member_entry(member: Member, sweep: Sweep, out_root: Path, folder: Path) -> dict[str, Any]:
    """The plan's entry of one member (paths of its spec, status, log and inputs)."""
    spec = {"name": member.name, "base": str(sweep.base), "base_name": sweep.base_name,
            "overrides": list(member.overrides),
            "values": member.values, "out_root": str(Path(out_root).resolve())}
    spec_path = folder / "members" / member.name / "spec.json"
    _write_if_changed(spec_path, json.dumps(spec, indent=1, sort_keys=True) + "\n")
    inputs = scenario_files(sweep.base) + data_files(member.scenario)
    return {"name": member.name, "spec": str(spec_path.relative_to(folder)),
            "status": f"members/{member.name}/status.json",
            "inputs": [str(p) for p in inputs], **resources(member.scenario)}


def write_plan(sweep: Sweep, out_root: Path) -> Path:
    """Write ``plan.json`` and every member's ``spec.json``; return the plan's path."""
    folder = sweep_dir(out_root, sweep)
    folder.mkdir(parents=True, exist_ok=True)
    members = [member_entry(m, sweep, out_root, folder) for m in sweep.members]
    plan = {"sweep": sweep.name, "file": str(sweep.path), "keys": list(sweep.keys),
            "members": members}
    path = folder / PLAN_FILE
    _write_if_changed(path, json.dumps(plan, indent=1) + "\n")
    return path
