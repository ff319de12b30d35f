"""A stochastic run end to end: ``python run.py run`` routes here when ``uncertainty`` is set.

Order: load and check the inputs and the distributions (bad input: exit 2, nothing built
or written), solve the recourse problem (:mod:`model.stochastic.program`), then the
wait-and-see, average-case and EEV solves behind EVPI and VSS, and publish the run folder
atomically (a hidden temporary folder renamed at the end, as deterministic runs are):
the files of :mod:`model.stochastic.report`, the brief (``brief.html``,
:mod:`model.outputs.hedge_brief`, built from those CSV texts) plus ``manifest.json`` and the
logs.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from model.atomic import TMP_SUFFIX, fsync_path, fsync_write
from model.errors import FileSystemError, InputError
from model.inputs import config, presolve
from model.inputs import data as data_mod
from model.outputs import files as output
from model.outputs import integrity
from model.runner import RunResult
from model.stochastic import program as prog
from model.stochastic import report

log = logging.getLogger(__name__)


def _phase(progress: Callable[[str], None] | None, text: str) -> None:
    log.info(text)
    if progress is not None:
        progress(text)


def run_stochastic(scenario: config.Scenario, out_root: Path, run_id: str,
                   logs: dict[str, Path], progress: Callable[[str], None] | None = None,
                   scenario_file: Path | None = None, overrides: Sequence[str] = ()
                   ) -> RunResult:
    """Solve the scenario's stochastic program and publish its folder (module doc).

    ``scenario_file`` and ``overrides`` go into the manifest's command that reproduces the
    run (``reproduce``).

    Raises
    ------
    InputError
        On bad input, before anything is built or written.
    """
    timings: dict[str, float] = {}
    t = time.perf_counter()
    _phase(progress, "loading and checking inputs and distributions")
    try:
        data = data_mod.load(scenario)
        presolve.check_presolve(data)
        program = prog.prepare(scenario, data)
    except InputError as err:
        log.error("bad input, nothing solved or written:\n%s", err)
        raise
    timings["load"] = time.perf_counter() - t
    _phase(progress, f"solving {len(program.outcomes)} scenarios ({program.route})")
    rp = prog.solve_program(program, logs["solver.log"])
    timings.update({f"rp_{k}": v for k, v in rp.timings_s.items()})
    run = RunResult(outcome=rp.solve.outcome, solve=rp.solve, timings_s=timings, logs=logs)
    if not rp.solve.outcome.publishes:
        log.warning("stochastic program ended %s: nothing published", rp.solve.outcome)
        return run
    t = time.perf_counter()
    _phase(progress, "wait-and-see, average-case and EEV solves (EVPI, VSS)")
    vf = prog.value_figures(program, rp)
    timings["values"] = time.perf_counter() - t
    files = _files(program, rp, vf)
    if rp.extra.get("candidates"):  # PH: every first-stage candidate and its expected cost
        files["ph_candidates.csv"] = pd.DataFrame(rp.extra["candidates"]).to_csv(index=False)
    value = {r["quantity"]: r["value_meur"] for r in vf.table}
    manifest = {
        "scenario": scenario.name, "run_id": run_id, "kind": "stochastic",
        "outcome": str(rp.solve.outcome), "objective_meur": rp.objective_meur,
        "route": program.route, "scenarios": len(program.outcomes),
        "first_stage_years": list(program.first_years), "mip_gap": rp.solve.gap,
        "ph_iterations": rp.iterations, "ph_bounds": {
            k: v for k, v in rp.extra.items() if k != "candidates"} or None,
        "value_meur": value, "solve_outcomes": vf.outcomes,
        "resolved_scenario": config.resolved_dict(scenario), "input_sha256": program.sha256,
        "versions": {**output.versions(), "highs": rp.solve.highs_version},
        "git_commit": output.git_commit(Path(__file__).resolve().parents[2]),
        "solver_size": rp.solve.size, "timings_s": timings,
        "scenario_sha256": config.scenario_hash(scenario), "seed": scenario.solver.seed,
        "overrides": list(overrides),
        "reproduce": None if scenario_file is None else " ".join(
            ["python run.py run", str(scenario_file), *(f"--set {o}" for o in overrides)]),
    }
    if scenario.output.brief:  # from the CSV texts just made, as `report` reads them back
        from model.outputs import hedge_brief

        files["brief.html"] = hedge_brief.render(hedge_brief.tables_from_text(files), manifest)
    for name, path in logs.items():
        if path.is_file():
            files[name] = path.read_text(encoding="utf-8", errors="replace")
    with integrity.publish_lock(out_root / scenario.name, run_id):
        run_dir = _publish(out_root / scenario.name, run_id, files, manifest)
    for path in logs.values():
        path.unlink(missing_ok=True)
    run.run_dir, run.logs = run_dir, {n: run_dir / n for n in logs}
    expected_t = sum(o.probability * f.emissions_t
                     for o, f in zip(program.outcomes, rp.figures, strict=True))
    run.summary = {"objective_meur": rp.objective_meur, "gap": rp.solve.gap,
                   "cumulative_emissions_t": expected_t,
                   "run_dir": str(run_dir), "scenarios": len(program.outcomes),
                   "route": program.route, "EVPI_meur": value.get("EVPI"),
                   "VSS_meur": value.get("VSS")}
    return run


def _files(program: prog.Program, rp: prog.Solution, vf: prog.ValueFigures) -> dict[str, str]:
    plan = pd.DataFrame(prog.first_stage_plan(program, rp.models),
                        columns=["technology", "region", "start_year", "start_mw"])
    starts = pd.DataFrame(prog.shared_starts(program, rp.models))
    table = report.scenarios_table(program.outcomes, rp.figures, vf.ws_meur, vf.eev_figures)
    dist = report.distribution_table(table)
    average = pd.DataFrame([(k, r, y, mw) for (k, r, y), mw in sorted(
        vf.average_plan.items(), key=lambda kv: (kv[0][2], kv[0][:2]))],
        columns=["technology", "region", "start_year", "start_mw"])
    files = {"first_stage_plan.csv": plan.to_csv(index=False),
             "starts.csv": starts.to_csv(index=False),
             "scenarios.csv": table.to_csv(index=False),
             "distribution.csv": dist.to_csv(index=False),
             "value_of_information.csv": pd.DataFrame(vf.table).to_csv(index=False),
             "average_case_plan.csv": average.to_csv(index=False)}
    if vf.breaks:  # only when the average-case plan cannot be carried out somewhere
        files["average_plan_breaks.csv"] = pd.DataFrame(
            vf.breaks, columns=["scenario", "limit", "technology", "region", "year",
                                "excess_mw"]).to_csv(index=False)
    return files


def _publish(parent: Path, run_id: str, files: dict[str, str], manifest: dict) -> Path:
    """Write every file into ``.<run_id>.tmp`` and rename it to ``<run_id>`` (atomic)."""
    tmp, final = parent / f".{run_id}{TMP_SUFFIX}", parent / run_id
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
    except OSError as err:
        raise FileSystemError.from_os_error(err, "cannot create the run folder") from None
    try:
        fsync_write(tmp / output.OWNER_MARKER, f"harz-planner run {run_id}, process "
                    f"{os.getpid()}\n")
        for name, text in files.items():
            fsync_write(tmp / name, text)
        manifest = {**manifest, "files": sorted([*files, "manifest.json"])}
        fsync_write(tmp / "manifest.json", json.dumps(manifest, indent=2, default=str))
        os.replace(tmp, final)
        fsync_path(parent)
    except BaseException as err:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(err, OSError):
            raise FileSystemError.from_os_error(
                err, "writing the run failed, nothing was published") from None
        raise
    return final
