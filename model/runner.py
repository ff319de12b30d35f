"""One scenario run end to end: load, check, build, solve, write (the public Python API).

``run_scenario`` is what ``python run.py run`` calls; notebooks and scripts take the same
path. It publishes a results folder only for an optimal or gap-limited solve.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import xarray as xr

from model import config, output, results
from model import data as data_mod
from model.build import build_model
from model.solve import Outcome, SolveResult, highs_options, solve

log = logging.getLogger(__name__)

REPO_DIR = Path(__file__).resolve().parent.parent


@dataclass
class RunResult:
    """What a run produced: the outcome, the published folder (if any) and the Dataset."""

    outcome: Outcome
    solve: SolveResult
    run_dir: Path | None = None
    dataset: xr.Dataset | None = None
    timings_s: dict[str, float] = field(default_factory=dict)
    summary: dict[str, object] = field(default_factory=dict)


def _phase(report: Callable[[str], None] | None, text: str) -> None:
    log.info(text)
    if report is not None:
        report(text)


def run_loaded(scenario: config.Scenario, out_root: Path, *, scenario_file: Path | None = None,
               overrides: Sequence[str] = (),
               progress: Callable[[str], None] | None = None) -> RunResult:
    """Run an already loaded scenario (see :func:`run_scenario`)."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    _phase(progress, "loading and checking inputs")
    data = data_mod.load(scenario)
    timings["load"] = time.perf_counter() - t
    t = time.perf_counter()
    _phase(progress, "building the model")
    m = build_model(data)
    timings["build"] = time.perf_counter() - t
    run_id = output.new_run_id()
    log_dir = Path(out_root) / scenario.name / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    solver_log = log_dir / f"{run_id}-solver.log"
    _phase(progress, "solving with HiGHS")
    sol = solve(m, highs_options(scenario.solver), log_file=solver_log)
    timings.update({k: v for k, v in sol.timings_s.items()})
    run = RunResult(outcome=sol.outcome, solve=sol, timings_s=timings)
    if not sol.outcome.publishes:
        log.warning("solve ended %s: no results published (solver log: %s)", sol.outcome,
                    solver_log)
        return run
    t = time.perf_counter()
    _phase(progress, "writing results")
    ds = results.to_dataset(m, data)
    ds.attrs.update(scenario=scenario.name, outcome=str(sol.outcome),
                    objective_meur=sol.objective, mip_gap=sol.gap or 0.0,
                    scenario_yaml=str(config.resolved_dict(scenario)))
    emissions_t = float(ds["emissions_t"].sum())
    manifest = {
        "scenario": scenario.name, "run_id": run_id, "outcome": str(sol.outcome),
        "gap_flag": sol.outcome == Outcome.FEASIBLE_LIMIT,
        "objective_meur": sol.objective, "bound_meur": sol.bound, "mip_gap": sol.gap,
        "solver_status": sol.status, "solver_options": sol.options, "solver_size": sol.size,
        "versions": {**output.versions(), "highs": sol.highs_version},
        "git_commit": output.git_commit(REPO_DIR),
        "scenario_file": str(scenario_file) if scenario_file else None,
        "overrides": list(overrides), "scenario_sha256": config.scenario_hash(scenario),
        "resolved_scenario": config.resolved_dict(scenario),
        "input_sha256": data.sha256, "seed": scenario.solver.seed,
        "cumulative_emissions_t": emissions_t,
        "promise": "optimal within the reported gap and tolerances, for these input hashes, "
                   "versions and seed",
    }
    timings["write"] = time.perf_counter() - t
    manifest["timings_s"] = timings
    extra = {"solver.log": solver_log.read_text()} if solver_log.is_file() else {}
    if scenario.output.brief:
        from model.report import render_brief  # matplotlib only when a brief is wanted

        extra["brief.html"] = render_brief(ds, {**manifest, "run_id": run_id})
    run_dir = output.write_run(out_root, scenario.name, run_id, ds, manifest, extra,
                               write_netcdf=scenario.output.netcdf)
    solver_log.unlink(missing_ok=True)
    timings["write"] = time.perf_counter() - t
    run.run_dir, run.dataset = run_dir, ds
    run.summary = {"objective_meur": sol.objective, "gap": sol.gap,
                   "cumulative_emissions_t": emissions_t, "run_dir": str(run_dir)}
    return run


def run_scenario(path: str | Path, overrides: Sequence[str] = (), out_root: str | Path = "results",
                 progress: Callable[[str], None] | None = None) -> RunResult:
    """Load a scenario file with overrides and run it.

    Parameters
    ----------
    path : str or Path
        Scenario YAML file.
    overrides : sequence of str
        ``key.path=value`` overrides, applied after ``extends:`` composition.
    out_root : str or Path
        Results root; the run lands in ``out_root/<scenario>/<run-id>/``.

    Returns
    -------
    RunResult
        ``run_dir`` and ``dataset`` are set only when the outcome publishes results.

    Raises
    ------
    InputError
        On bad input (before anything is built or written).
    """
    scenario = config.load_scenario(path, overrides)
    return run_loaded(scenario, Path(out_root), scenario_file=Path(path), overrides=overrides,
                      progress=progress)
