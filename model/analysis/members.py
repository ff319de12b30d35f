"""Run a set of members (one scenario file plus ``--set`` overrides each), reusing finished runs.

:func:`run_members` is the one place where the analyses (delay curve, attribution,
sensitivity) get their runs. A member whose run identity (resolved scenario without
execution-only settings, plus the content hashes of the input files; see
:mod:`model.outputs.identity`) already has a published run in the results root is not run
again. The others run through the sweep engine (:func:`model.sweep.engine.run_sweep`,
Snakemake on ``cores`` local cores) when Snakemake is installed, else one after another in
this process (``engine="local"``, also used by the small tests).

A member's name is the run name ``python run.py run SCENARIO --set ...`` would give
(:func:`model.outputs.identity.run_name`), so runs made by hand, by ``sweep`` or by another
analysis are found again; a member without overrides is the plain scenario.

Members that do run share the results root, and with it the cache of hourly-validated years
(``<out_root>/.cache/hourly``, :mod:`model.solve.reuse`): a member whose plan in a validated
year gives the same year LP as an earlier run's (e.g. the years before a delayed project
operates) takes that year's figures instead of solving it again.
"""

from __future__ import annotations

import importlib.util
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from model.errors import InputError
from model.inputs import config
from model.outputs import identity
from model.outputs.runs import find_by_identity

log = logging.getLogger(__name__)

Engine = Literal["auto", "sweep", "local"]
_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class MemberSpec:
    """One member: its run name, scenario file, ``key=value`` overrides and loaded scenario."""

    name: str
    path: Path
    overrides: tuple[str, ...]
    scenario: config.Scenario


def member(base: Path, overrides: Sequence[str]) -> MemberSpec:
    """Load ``base`` with ``overrides`` and name it like ``run --set`` would.

    Overrides that leave the resolved scenario unchanged are dropped (the member is the
    plain scenario, whose run is then reused).

    Raises
    ------
    InputError
        If an override is not a scenario key or its value is out of the key's range.
    """
    loaded = config.load_scenario(base, overrides)
    if overrides and config.resolved_dict(loaded) == config.resolved_dict(
            config.load_scenario(base)):
        overrides = ()  # the overrides repeat the file's values: the plain scenario's run
    name = identity.run_name(loaded.name, overrides)
    full = (*overrides, f"name={name}") if name != loaded.name else tuple(overrides)
    scenario = identity.named(loaded, overrides)
    # absolute: the sweep engine runs each job from the sweep's folder, where a relative
    # scenario path (``delay scenarios/reference.yaml``) would name no file
    return MemberSpec(name=name, path=Path(base).resolve(), overrides=tuple(full),
                      scenario=scenario)


def finished(spec: MemberSpec, out_root: Path) -> Path | None:
    """The published run (with ``results.nc``) of the member's identity, or None."""
    found = find_by_identity([Path(out_root)], identity.scenario_identity(spec.scenario),
                             scenario=spec.name)
    return found if found is not None and (found / "results.nc").is_file() else None


def _engine(engine: Engine) -> str:
    if engine == "auto":
        return "sweep" if importlib.util.find_spec("snakemake") is not None else "local"
    return engine


def _run_local(missing: list[MemberSpec], out_root: Path) -> None:
    from model.sweep.job import run_member

    for spec in missing:
        status = run_member({"name": spec.name, "base": str(spec.path),
                             "overrides": spec.overrides,
                             "base_name": config.load_scenario(spec.path).name,
                             "out_root": str(Path(out_root).resolve())}, threads=1)
        log.info("%s: %s", spec.name, status["outcome"])


def _run_sweep(base: Path, missing: list[MemberSpec], out_root: Path, cores: int,
               label: str) -> None:
    from model.sweep.engine import run_sweep
    from model.sweep.spec import Member, Sweep

    members = tuple(Member(name=m.name, values={}, overrides=m.overrides, scenario=m.scenario)
                    for m in missing)
    sweep = Sweep(path=base, name=_UNSAFE.sub("_", label).strip("._-") or "analysis",
                  base=base, base_name=config.load_scenario(base).name, keys=(),
                  members=members)
    result = run_sweep(sweep, out_root, cores, report=log.info)
    for note in result.notes:
        log.warning("%s", note)


def run_members(base: Path, members: Sequence[MemberSpec], out_root: Path, cores: int = 1,
                engine: Engine = "auto", label: str = "analysis") -> dict[str, Path]:
    """Published run folders of every member, running only those not found by identity.

    Parameters
    ----------
    base : Path
        The analysis' base scenario file (members of other files run in their own sweep).
    members : sequence of MemberSpec
        From :func:`member`; duplicates (same name) are run once.
    out_root : Path
        Results root: searched for finished runs, and where new runs land.
    cores : int
        Local cores for the sweep engine (one HiGHS thread per member).
    engine : {"auto", "sweep", "local"}
        ``auto``: the sweep engine when Snakemake is installed, else ``local``.
    label : str
        Name of the sweep folder ``<out>/sweeps/<label>/`` the sweep engine writes.

    Returns
    -------
    dict
        Member name -> run folder.

    Raises
    ------
    InputError
        If a member ends without results (naming it and its outcome).
    """
    unique = {m.name: m for m in members}
    found = {n: finished(m, out_root) for n, m in unique.items()}
    missing = [m for n, m in unique.items() if found[n] is None]
    if missing:
        log.info("running %d of %d members (%s engine)", len(missing), len(unique),
                 _engine(engine))
        if _engine(engine) == "sweep":  # one sweep per scenario file (a sweep has one base)
            for path in dict.fromkeys(m.path for m in missing):
                same = [m for m in missing if m.path == path]
                _run_sweep(path, same, Path(out_root), cores,
                           label if path == Path(base).resolve() else f"{label}_{path.stem}")
        else:
            _run_local(missing, Path(out_root))
        found.update({m.name: finished(m, out_root) for m in missing})
    failed = [n for n, p in found.items() if p is None]
    if failed:
        raise InputError([f"member {n} ({' '.join(unique[n].overrides) or 'no overrides'}): "
                          "the run ended without results; run it alone with "
                          "'python run.py run' to see why" for n in failed])
    return {n: p for n, p in found.items() if p is not None}
