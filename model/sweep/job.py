"""One sweep member as a Snakemake job: reuse a finished run of it, or run it; write a status.

``python -m model.sweep.job SPEC STATUS [--threads N]`` (the ``member`` rule of
``workflow/Snakefile``) loads the member's scenario from its ``spec.json``
(:mod:`model.sweep.plan`), looks for a finished run of the same identity
(:func:`find_finished`) and otherwise runs it (:func:`model.runner.run_loaded`). It always
writes ``STATUS``, a small JSON file, and exits 0 when it could: a member that is infeasible,
hits a limit, has bad input or crashes is a finished job with an outcome, so the other members
go on (Snakemake's ``--keep-going`` covers jobs killed from outside). Status fields:

``name``, ``values`` (varied keys), ``outcome``, ``exit_code`` (as ``python run.py run``),
``reason`` (empty when optimal), ``reused`` (a finished run was found), ``run_dir``,
``npv_meur``, ``cumulative_emissions_t``, ``emissions_t`` (year -> t CO2, from the run's
``emissions.csv``, planning basis like ``npv_meur``), ``cumulative_emissions_hourly_t`` (the
hourly-validated total, ``None`` when the run was not validated), ``elapsed_s`` (reuse or
run, in this process), ``process_started`` and ``finished`` (Unix times of the job process's
start, interpreter included, and of the end; for measuring the scheduler's overhead,
``bench/bench_sweep.py``) and ``cpu_s`` (the job process's CPU seconds).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import sys
import time
import traceback
from pathlib import Path
from typing import Any

import pandas as pd

from model.atomic import write_atomic
from model.errors import EXIT_BAD_INPUT, EXIT_CODES, InputError, Outcome
from model.inputs import config
from model.outputs.identity import scenario_identity
from model.outputs.manifest import read as read_manifest
from model.outputs.runs import find_by_identity

log = logging.getLogger(__name__)

def find_finished(out_root: Path, scenario: config.Scenario) -> Path | None:
    """The newest published run of the same identity in ``out_root``, or None.

    Identity (:mod:`model.outputs.identity`): the resolved scenario without execution-only
    settings and the content hashes of the input files, never their path. Only runs with
    ``results.nc`` count (the sweep's comparison reads it).
    """
    found = find_by_identity([Path(out_root)], scenario_identity(scenario),
                             scenario=scenario.name)
    return found if found is not None and (found / "results.nc").is_file() else None


def yearly_emissions(frame: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """t CO2 per year from a run's ``emissions.csv``: (planning, hourly-validated).

    A validated run's file holds every year twice, one row set per ``basis``; summing over
    both would double the emissions, so each basis is summed on its own. Files without a
    ``basis`` column (older runs) are on the planning basis; the hourly series is then empty.
    """
    if "basis" not in frame.columns:
        return frame.groupby("year")["emissions_t"].sum(), pd.Series(dtype=float)
    by_basis = {b: g.groupby("year")["emissions_t"].sum() for b, g in frame.groupby("basis")}
    return (by_basis.get("planning", pd.Series(dtype=float)),
            by_basis.get("hourly", pd.Series(dtype=float)))


def _from_run_dir(status: dict[str, Any], run_dir: Path) -> None:
    manifest = read_manifest(run_dir)
    planning, hourly = yearly_emissions(pd.read_csv(run_dir / "emissions.csv"))
    status.update(outcome=manifest.outcome, run_dir=str(run_dir),
                  npv_meur=manifest.objective_meur, cumulative_emissions_t=float(planning.sum()),
                  emissions_t={str(int(y)): float(v) for y, v in planning.items()},
                  cumulative_emissions_hourly_t=float(hourly.sum()) if len(hourly) else None)
    status["exit_code"] = EXIT_CODES[Outcome(status["outcome"])]
    if status["outcome"] != Outcome.OPTIMAL:
        status["reason"] = f"not proven optimal (MIP gap {manifest.mip_gap})"


def _reason(result) -> str:
    """Plain words for a run that published nothing: the diagnosis or the outcome."""
    diag = result.diagnosis
    if diag is not None and diag.violations:
        parts = [f"{v.family} {v.year} {v.region}: {v.amount:,.1f} {v.unit} ({v.source})"
                 for v in diag.violations[:3]]
        more = f"; {len(diag.violations) - 3} more" if len(diag.violations) > 3 else ""
        return "had to give: " + "; ".join(parts) + more
    logs = ", ".join(str(p) for p in result.logs.values() if p.is_file())
    return f"{result.outcome}: no results" + (f" (logs: {logs})" if logs else "")


def run_member(spec: dict[str, Any], threads: int | None = None) -> dict[str, Any]:
    """Reuse or run one member; return its status (never raises for a failed run)."""
    from model.runner import run_loaded

    t0 = time.perf_counter()
    status: dict[str, Any] = {"name": spec["name"], "values": spec.get("values", {}),
                              "outcome": None, "exit_code": None, "reason": "",
                              "reused": False, "run_dir": None, "npv_meur": None,
                              "cumulative_emissions_t": None, "emissions_t": {}}
    out_root = Path(spec["out_root"])
    extra = [f"solver.threads={threads}"] if threads else []
    try:
        scenario = config.load_scenario(spec["base"], [*spec["overrides"], *extra])
        found = find_finished(out_root, scenario)
        if found is not None:
            log.info("%s: reusing the finished run %s", spec["name"], found)
            status["reused"] = True
            _from_run_dir(status, found)
        else:
            result = run_loaded(scenario, out_root, scenario_file=Path(spec["base"]),
                                overrides=spec["overrides"], base_name=spec.get("base_name"))
            if result.run_dir is not None:
                _from_run_dir(status, result.run_dir)
            else:
                status.update(outcome=str(result.outcome),
                              exit_code=EXIT_CODES[result.outcome], reason=_reason(result))
    except InputError as err:
        status.update(outcome="bad_input", exit_code=EXIT_BAD_INPUT, reason=str(err))
    except Exception as err:  # noqa: BLE001 - reported in the status, the sweep goes on
        log.error("internal error in member %s:\n%s", spec["name"], traceback.format_exc())
        status.update(outcome=str(Outcome.ERROR), exit_code=EXIT_CODES[Outcome.ERROR],
                      reason=f"internal error: {err!r}")
    status["elapsed_s"] = round(time.perf_counter() - t0, 3)
    return status


def process_started() -> float | None:
    """Unix time at which this process started, to 10 ms (Linux ``/proc``; None elsewhere)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        age_s = (time.clock_gettime(time.CLOCK_BOOTTIME)
                 - int(fields[19]) / os.sysconf("SC_CLK_TCK"))
        return time.time() - age_s
    except (OSError, AttributeError, ValueError, IndexError):
        return None


def write_status(path: Path, status: dict[str, Any]) -> None:
    """Write the status JSON atomically (Snakemake sees a complete file or none)."""
    write_atomic(path, json.dumps(status, indent=1) + "\n")


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``member`` rule; returns the process exit code."""
    parser = argparse.ArgumentParser(prog="python -m model.sweep.job", description=__doc__)
    parser.add_argument("spec", type=Path)
    parser.add_argument("status", type=Path)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for noisy in ("pyomo", "matplotlib", "h5py", "fontTools", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    spec = json.loads(args.spec.read_text(encoding="utf-8"))
    try:
        status = run_member(spec, args.threads)
    except KeyboardInterrupt:
        status = {"outcome": str(Outcome.INTERRUPTED)}
    if status["outcome"] == Outcome.INTERRUPTED:  # no status: the member runs again next time
        log.warning("%s: interrupted; no status written", spec.get("name"))
        return EXIT_CODES[Outcome.INTERRUPTED]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    status.update(process_started=process_started(), finished=time.time(),
                  cpu_s=round(usage.ru_utime + usage.ru_stime, 3))
    write_status(args.status, status)
    log.info("%s: %s (exit %s) in %.1f s", status["name"], status["outcome"],
             status["exit_code"], status["elapsed_s"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
