"""One scenario run end to end: load, check, build, solve, write (the public Python API).

``run_scenario`` is what ``python run.py run`` calls; notebooks and scripts take the same
path. It publishes a results folder only for an optimal or gap-limited solve, and only as a
whole (:mod:`model.outputs.files`, :mod:`model.outputs.integrity`): a run killed at any point
leaves no ``<out>/<scenario>/<run-id>/``. Its logs (``logs/<run-id>-run.log`` and
``logs/<run-id>-solver.log`` in the scenario folder) are kept when nothing is published and
move into the run folder (``run.log``, ``solver.log``) when it is. An infeasible run is
diagnosed (:mod:`model.solve.diagnose`) unless told not to. ``run_from_manifest`` re-runs a
published run from its ``manifest.json`` and warns about every input hash, version or
commit that differs (:mod:`model.outputs.integrity`).
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import xarray as xr
from pyomo.common.gc_manager import PauseGC

from model.errors import InputError
from model.formulation.build import build_model
from model.inputs import config, presolve
from model.inputs import data as data_mod
from model.inputs.resolved import FILE_NAME as RESOLVED_FILE
from model.outputs import economics, identity, integrity, results
from model.outputs import files as output
from model.outputs.manifest import MANIFEST_FILE, Manifest
from model.solve.highs import Outcome, SolveResult, highs_options, solve
from model.solve.hourly import check_hourly_mapping, validate_plan, validation_years
from model.solve.reuse import CACHE_DIR, YearCache

log = logging.getLogger(__name__)

REPO_DIR = Path(__file__).resolve().parent.parent
PROMISE = ("optimal within the reported gap and tolerances, for these input hashes, versions "
           "and seed")
GAP_NOTE = "GAP_LIMITED.txt"
VALIDATION_NOTE = "HOURLY_VALIDATION_FAILED.txt"


@dataclass
class RunResult:
    """What a run produced: the outcome, the published folder (if any) and the Dataset."""

    outcome: Outcome
    solve: SolveResult
    run_dir: Path | None = None
    dataset: xr.Dataset | None = None
    timings_s: dict[str, float] = field(default_factory=dict)
    summary: dict[str, object] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    logs: dict[str, Path] = field(default_factory=dict)
    diagnosis: Any = None  # model.solve.diagnose.Diagnosis for an infeasible run


def _unique_run_id(parent: Path) -> str:
    """A new run id (time and process id), suffixed -02, -03... if taken in this second."""
    base = run_id = output.new_run_id()
    n = 1
    while any(p.exists() for p in (parent / run_id, parent / f".{run_id}{output.TMP_SUFFIX}",
                                   parent / "logs" / f"{run_id}-run.log")):
        n += 1
        run_id = f"{base}-{n:02d}"
    return run_id


def _finite(value: float | None) -> float | None:
    """JSON-safe number: None for a missing or infinite value (e.g. no bound yet)."""
    return value if value is not None and math.isfinite(value) else None


def gap_text(gap: float | None) -> str:
    """A MIP gap for people: '0.12 %', or 'unknown (no bound yet)' when infinite."""
    if gap is None or not math.isfinite(gap):
        return "unknown (no bound yet)"
    return f"{gap * 100:.2f} %"


def _phase(report: Callable[[str], None] | None, text: str) -> None:
    log.info(text)
    if report is not None:
        report(text)


@contextmanager
def _run_log(path: Path) -> Iterator[None]:
    """Copy the package's log records (INFO and up, as far as enabled) into ``path``."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger("model")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        handler.close()


def run_loaded(scenario: config.Scenario, out_root: Path, *, scenario_file: Path | None = None,
               overrides: Sequence[str] = (), progress: Callable[[str], None] | None = None,
               diagnose_infeasible: bool = True, reference: Manifest | None = None,
               reference_path: Path | None = None, base_name: str | None = None) -> RunResult:
    """Run an already loaded scenario (see :func:`run_scenario`).

    Parameters
    ----------
    base_name : str, optional
        The scenario's own name when ``scenario`` was renamed for its overrides (stored as
        ``base_scenario`` in the manifest).
    reference, reference_path : Manifest and Path, optional
        The manifest (and its path) of a run being reproduced: its input hashes, versions,
        commit and scenario hash are compared with this run's, every difference is logged as
        a warning, returned in ``warnings`` and stored under ``reproduces`` in the manifest.
    """
    parent = Path(out_root) / scenario.name
    run_id = _unique_run_id(parent)
    log_dir = parent / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    logs = {"run.log": log_dir / f"{run_id}-run.log",
            "solver.log": log_dir / f"{run_id}-solver.log"}
    # No garbage collection during the run: the model's ~1M objects make every GC pass slow
    # (measured: pathways.csv 1.4-2.2 s with GC, 0.6-0.7 s without); build pauses it anyway.
    with _run_log(logs["run.log"]), PauseGC():
        log.info("run %s of scenario %r (results root %s)", run_id, scenario.name, out_root)
        integrity.clean_stale(parent)
        if scenario.uncertainty is not None:  # a stochastic program (model/stochastic)
            from model.stochastic.route import run_stochastic

            return run_stochastic(scenario, Path(out_root), run_id, logs, progress,
                                  scenario_file=scenario_file, overrides=overrides)
        return _run(scenario, Path(out_root), run_id, logs, scenario_file, overrides, progress,
                    diagnose_infeasible, reference, reference_path, base_name)


def _year_cache(scenario: config.Scenario, out_root: Path, run_id: str,
                reference: Manifest | None) -> YearCache | None:
    """Where validated years are reused from (``<out_root>/.cache/hourly``), or None: switched
    off (``output.reuse_validation: false``) or reproducing a run, which must solve anew."""
    if not scenario.output.reuse_validation or reference is not None:
        return None
    return YearCache(folder=Path(out_root) / CACHE_DIR, run=f"{scenario.name}/{run_id}",
                     code_sha256=identity.code_sha256())


def _run(scenario: config.Scenario, out_root: Path, run_id: str, logs: dict[str, Path],
         scenario_file: Path | None, overrides: Sequence[str],
         progress: Callable[[str], None] | None, diagnose_infeasible: bool,
         reference: Manifest | None, reference_path: Path | None,
         base_name: str | None) -> RunResult:
    timings: dict[str, float] = {}
    t = time.perf_counter()
    _phase(progress, "loading and checking inputs")
    try:
        data = data_mod.load(scenario)
        presolve.check_presolve(data)  # limits already out of reach: exit 2, nothing built
    except InputError as err:
        log.error("bad input, nothing solved or written:\n%s", err)
        raise
    timings["load"] = time.perf_counter() - t
    differences = []
    if reference is not None:
        differences = integrity.differences(reference, scenario, data.sha256)
        for text in differences:
            log.warning("reproducing %s: %s", reference.run_id, text)
    check_hourly_mapping(data)  # before solving: validation needs 8,760-hour profiles
    t = time.perf_counter()
    _phase(progress, "building the model")
    m = build_model(data)
    timings["build"] = time.perf_counter() - t
    _phase(progress, "solving with HiGHS")
    sol = solve(m, highs_options(scenario.solver), log_file=logs["solver.log"])
    timings.update(sol.timings_s)
    run = RunResult(outcome=sol.outcome, solve=sol, timings_s=timings,
                    warnings=differences + [f"numerics: {w}" for w in sol.numerics_warnings],
                    logs=logs)
    if not sol.outcome.publishes:
        log.warning("solve ended %s: no results published (logs kept: %s, %s)", sol.outcome,
                    logs["run.log"], logs["solver.log"])
        if diagnose_infeasible and sol.outcome in (Outcome.INFEASIBLE, Outcome.INF_OR_UNBD):
            _phase(progress, "diagnosing: re-solving with priced slacks")
            from model.solve.diagnose import diagnose_loaded

            run.diagnosis = diagnose_loaded(scenario, data,
                                            known_infeasible=sol.outcome == Outcome.INFEASIBLE)
            if run.diagnosis.outcome == Outcome.INTERRUPTED:  # Ctrl-C wins: exit 130
                log.warning("interrupted while diagnosing the %s scenario", sol.outcome)
                run.outcome = Outcome.INTERRUPTED
        return run
    t = time.perf_counter()
    _phase(progress, "writing results")
    gap_flag = sol.outcome == Outcome.FEASIBLE_LIMIT
    ds = results.to_dataset(m, data)
    timings["results"] = time.perf_counter() - t  # part of write (bench/bench_phases.py)
    validation = None
    if validation_years(data):
        t_val = time.perf_counter()
        _phase(progress, "validating the plan at 8,760 hours")
        validation = validate_plan(m, data, highs_options(scenario.solver),
                                   cache=_year_cache(scenario, out_root, run_id, reference))
        timings.update(validation.timings_s)
        ds = ds.merge(validation.to_dataset(), join="outer", fill_value=0.0)
        run.warnings += [f"hourly validation: {f}" for f in validation.flags]
        if not validation.ok:
            run.outcome = Outcome.FEASIBLE_LIMIT  # published, flagged: exit 3
        t += time.perf_counter() - t_val  # the write timing leaves the validation out
    ds.attrs.update(scenario=scenario.name, outcome=str(sol.outcome),
                    objective_meur=sol.objective, mip_gap=sol.gap or 0.0,
                    gap_limited=int(gap_flag), scenario_yaml=str(config.resolved_dict(scenario)))
    emissions_t = float(ds["emissions_t"].sum())
    econ = economics.manifest_entries(m, data.discount.to_dict(), data.market.perspective,
                                      sol.objective, sol.bound)
    run.warnings += econ.pop("economics_warnings")
    ds.attrs.update(perspective=data.market.perspective)
    manifest = Manifest(
        scenario=scenario.name, run_id=run_id, outcome=str(sol.outcome),
        objective_meur=sol.objective, resolved_scenario=config.resolved_dict(scenario),
        input_sha256=data.sha256,
        versions={**output.versions(), "highs": sol.highs_version},
        run_identity=identity.identity_of(config.resolved_dict(scenario), data.sha256),
        code_sha256=identity.code_sha256(),
        scenario_sha256=config.scenario_hash(scenario), base_scenario=base_name or scenario.name,
        overrides=list(overrides), gap_flag=gap_flag, bound_meur=_finite(sol.bound),
        mip_gap=_finite(sol.gap), solver_status=sol.status, solver_options=sol.options,
        solver_size=sol.size, git_commit=output.git_commit(REPO_DIR),
        scenario_file=str(scenario_file) if scenario_file else None,
        seed=scenario.solver.seed, threads=scenario.solver.threads,
        cumulative_emissions_t=emissions_t, numerics=sol.numerics, warnings=run.warnings,
        reproduce="python run.py run --from-manifest "
                  f"{Path(out_root) / scenario.name / run_id / MANIFEST_FILE}",
        promise=PROMISE,
        reproduces=None if reference is None else {
            "run_id": reference.run_id, "manifest": str(reference_path),
            "differences": differences},
        extra=econ)
    extra: dict[str, str] = {RESOLVED_FILE: data.resolved.to_csv()}  # values with sources
    if validation is not None:
        manifest = manifest.replace(
            hourly_validation=validation.summary(data.discount),
            extra={**manifest.extra, "headline_basis":
                   "hourly_validated" if validation.ok else "planning_resolution"})
        if not validation.ok:
            extra[VALIDATION_NOTE] = (
                "HOURLY VALIDATION FAILED: the plan's dispatch could not be re-solved at 8,760 "
                f"hours for every validated year ({validation.status}). The planning figures "
                "in this folder are not confirmed at hourly resolution.\n")
    if gap_flag:
        extra[GAP_NOTE] = (f"NOT PROVEN OPTIMAL: the solve stopped at a limit ({sol.status}) "
                           f"with a relative gap of {gap_text(sol.gap)} between the best "
                           f"solution ({sol.objective} M EUR) and the bound ({sol.bound} M EUR). "
                           "Every file in this folder holds that solution.\n")
    if scenario.output.brief:
        from model.outputs.report import render_brief  # matplotlib only when a brief is wanted

        t_brief = time.perf_counter()
        extra["brief.html"] = render_brief(ds, manifest)
        timings["brief"] = time.perf_counter() - t_brief  # part of write
    timings["write"] = time.perf_counter() - t
    manifest = manifest.replace(timings_s=timings)
    for name, path in logs.items():
        if path.is_file():
            extra[name] = path.read_text(encoding="utf-8", errors="replace")
    with integrity.publish_lock(out_root / scenario.name, run_id):
        run_dir = output.write_run(out_root, scenario.name, run_id, ds, manifest, extra,
                                   write_netcdf=scenario.output.netcdf)
    for path in logs.values():
        path.unlink(missing_ok=True)
    timings["write"] = time.perf_counter() - t
    run.run_dir, run.dataset, run.logs = run_dir, ds, {n: run_dir / n for n in logs}
    run.summary = {"objective_meur": sol.objective, "gap": sol.gap,
                   "cumulative_emissions_t": emissions_t, "run_dir": str(run_dir),
                   "hourly_validation": manifest.hourly_validation}
    return run


def run_scenario(path: str | Path, overrides: Sequence[str] = (), out_root: str | Path = "results",
                 progress: Callable[[str], None] | None = None,
                 diagnose_infeasible: bool = True, name: str | None = None) -> RunResult:
    """Load a scenario file with overrides and run it.

    Parameters
    ----------
    path : str or Path
        Scenario YAML file.
    overrides : sequence of str
        ``key.path=value`` overrides, applied after ``extends:`` composition.
    out_root : str or Path
        Results root; the run lands in ``out_root/<scenario>/<run-id>/``.
    diagnose_infeasible : bool
        Re-solve an infeasible scenario with priced slacks and attach the diagnosis.
    name : str, optional
        The run's name. By default a run with result-changing overrides is named
        ``<scenario>__<override label>`` (:func:`model.outputs.identity.run_name`), so it
        never lands among the plain scenario's runs.

    Returns
    -------
    RunResult
        ``run_dir`` and ``dataset`` are set only when the outcome publishes results.

    Raises
    ------
    InputError
        On bad input (before anything is built or written).
    """
    loaded = config.load_scenario(path, overrides)
    scenario = identity.named(loaded, overrides, name)
    return run_loaded(scenario, Path(out_root), scenario_file=Path(path), overrides=overrides,
                      progress=progress, diagnose_infeasible=diagnose_infeasible,
                      base_name=loaded.name)


def run_from_manifest(manifest_path: str | Path, overrides: Sequence[str] = (),
                      out_root: str | Path = "results",
                      progress: Callable[[str], None] | None = None) -> RunResult:
    """Re-run a published run from its ``manifest.json`` (its resolved scenario).

    The new run's manifest records ``reproduces`` (the old run id and every difference);
    differences are also logged as warnings and returned in ``RunResult.warnings``.

    Raises
    ------
    InputError
        If the manifest cannot be read or its scenario is not valid (any more).
    """
    manifest, loaded = integrity.load_manifest(Path(manifest_path), overrides)
    scenario = identity.named(loaded, overrides)
    return run_loaded(scenario, Path(out_root), scenario_file=manifest.scenario_file,
                      overrides=[*manifest.overrides, *overrides], progress=progress,
                      reference=manifest, reference_path=Path(manifest_path),
                      base_name=manifest.base_scenario or loaded.name)


def _run_file_in_worker(path: str, out_root: str, overrides: tuple[str, ...]) -> tuple[str, str]:
    """Worker body for :func:`run_files`: returns (outcome, run folder or '')."""
    result = run_scenario(path, overrides, out_root)
    return str(result.outcome), str(result.run_dir or "")


def run_files(paths: Sequence[Path], out_root: Path, workers: int = 2,
              overrides: Sequence[str] = ()) -> list[tuple[str, Path | None]]:
    """Run several scenario files, in parallel processes when ``workers`` > 1.

    Each worker solves with one HiGHS thread (``solver.threads=1``): measured in
    bench/bench_cases.py, three cases on a 2-worker pool take 0.59 of three sequential runs.

    Returns
    -------
    list of (outcome, run folder or None), in the order of ``paths``.
    """
    import multiprocessing as mp

    if workers <= 1 or len(paths) <= 1:
        results = [run_scenario(p, overrides, out_root) for p in paths]
        return [(str(r.outcome), r.run_dir) for r in results]
    extra = (*overrides, "solver.threads=1")
    pool = mp.get_context("spawn").Pool(min(workers, len(paths)))
    try:
        pending = [pool.apply_async(_run_file_in_worker, (str(p), str(out_root), extra))
                   for p in paths]
        done = [job.get() for job in pending]
    except BaseException:
        # Ctrl-C, SIGTERM or a failed worker: stop every worker now (SIGTERM), so none
        # publishes a run after the interrupt; a worker stopped mid-write leaves only a
        # temporary folder, which the next run of its scenario removes.
        pool.terminate()
        pool.join()
        raise
    pool.close()
    pool.join()
    return [(outcome, Path(folder) if folder else None) for outcome, folder in done]
