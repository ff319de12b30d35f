"""The sweep front: write the plan, run ``workflow/Snakefile``, report each finished member.

:func:`run_sweep` writes ``<out>/sweeps/<sweep>/plan.json`` (:mod:`model.sweep.plan`), starts
``python -m snakemake`` on ``workflow/Snakefile`` in that folder (local cores by default; any
Snakemake option, e.g. ``--executor slurm --jobs 100`` or ``--profile workflow/profiles/
slurm``, is passed through), watches the members' status files and reports one progress line
per finished member: done/total, elapsed time and the estimate of the time left,

.. math:: t_\\text{left} = t_\\text{elapsed} \\, (n_\\text{run} - n_\\text{done}) / n_\\text{done}

(:math:`n_\\text{run}` members Snakemake runs in this call, from its job statistics;
:math:`n_\\text{done}` of them finished). Snakemake's own output goes to ``snakemake.log`` in
the sweep folder. Then :mod:`model.sweep.summary` writes ``sweep.csv`` and the comparison.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from model.errors import InputError
from model.outputs.files import is_complete_run
from model.sweep import plan as plan_mod
from model.sweep import summary
from model.sweep.spec import Sweep

log = logging.getLogger(__name__)

REPO_DIR = Path(__file__).resolve().parents[2]
SNAKEFILE = REPO_DIR / "workflow" / "Snakefile"
SNAKEMAKE_LOG = "snakemake.log"
EXTRA = "sweep"  # the optional dependencies that bring Snakemake (pyproject.toml)
_JOB_COUNT = re.compile(r"^member\s+(\d+)\s*$", re.MULTILINE)
_POLL_S = 0.2


@dataclass
class SweepRun:
    """What a sweep call did: its folder, every member's status and the files written."""

    folder: Path
    statuses: list[dict[str, Any]]
    returncode: int
    ran: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0
    dry_run: bool = False
    log_text: str = ""


def require_snakemake() -> None:
    """Raise :class:`InputError` naming the extra to install when Snakemake is missing."""
    if importlib.util.find_spec("snakemake") is None:
        raise InputError(f"'sweep' needs Snakemake, which is not installed: python -m pip "
                         f"install -e \".[{EXTRA}]\" (Snakemake and its SLURM executor plugin)")
    if not SNAKEFILE.is_file():
        raise InputError(f"{SNAKEFILE}: the sweep workflow is missing (it ships with the "
                         "repository; use an editable install of a checkout)")


def snakemake_command(plan: Path, cores: int, extra: Sequence[str] = ()) -> list[str]:
    """The Snakemake call for a plan (run in the plan's folder).

    Members are independent and alike, so the greedy scheduler is enough (Snakemake's
    default ILP scheduler solves a small MILP at every scheduling step). Later options win:
    ``extra`` can override any of these.
    """
    return [sys.executable, "-m", "snakemake", "--snakefile", str(SNAKEFILE),
            "--directory", str(plan.parent), "--config", f"plan={plan}",
            "--cores", str(cores), "--keep-going", "--rerun-incomplete",
            "--scheduler", "greedy", *extra]


def _environment() -> dict[str, str]:
    """The jobs import this checkout's ``model`` with this interpreter."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_DIR), env.get("PYTHONPATH"))
                                        if p)
    env["HARZ_PYTHON"] = sys.executable
    return env


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}" if h else f"{rest // 60}:{rest % 60:02d}"


def progress_line(status: dict[str, Any], done: int, total: int, elapsed_s: float) -> str:
    """``[done/total] name: outcome (exit c) ...; elapsed m:ss, about m:ss left``."""
    left = elapsed_s * (total - done) / done if done else float("nan")
    text = f"[{done}/{total}] {status['name']}: {status['outcome']} (exit {status['exit_code']})"
    if status.get("reused"):
        text += ", reused " + Path(str(status.get("run_dir"))).name
    elif status.get("npv_meur") is not None:
        text += f", NPV {status['npv_meur']:,.1f} M EUR in {status.get('elapsed_s', 0):.1f} s"
    if status.get("reason"):
        text += f"; {status['reason']}"
    return text + f" | elapsed {_clock(elapsed_s)}, about {_clock(left)} left" if (
        done < total) else text + f" | elapsed {_clock(elapsed_s)}, done"


def _mtimes(paths: dict[str, Path]) -> dict[str, int | None]:
    return {n: (p.stat().st_mtime_ns if p.is_file() else None) for n, p in paths.items()}


def _read_status(path: Path) -> dict[str, Any] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def all_up_to_date(plan: Path) -> bool:
    """True if every member's status is newer than all it depends on (no Snakemake needed).

    Snakemake's own rule, checked here without starting it: a status must exist and be
    newer than the plan, the Snakefile, the member's spec and every input file. When any
    of these is newer, or a status is missing, Snakemake decides (it may still find, by
    checksums, that a touched file did not change). Only used without Snakemake options.
    """
    folder = plan.parent
    entries = json.loads(plan.read_text(encoding="utf-8"))["members"]
    try:
        common = max(plan.stat().st_mtime_ns, SNAKEFILE.stat().st_mtime_ns)
        for entry in entries:
            done = (folder / entry["status"]).stat().st_mtime_ns
            inputs = [folder / entry["spec"], *map(Path, entry["inputs"])]
            if done < common or any(p.stat().st_mtime_ns > done for p in inputs):
                return False
    except FileNotFoundError:
        return False
    return True


#: Outcomes that depend on the machine, not the model: HiGHS's time limit is wall-clock, so
#: a member stopped before any solution on a busy machine may finish on a quieter one.
RETRIED_OUTCOMES = ("no_solution_at_limit", "interrupted")


def _forget_lost_runs(status_paths: dict[str, Path]) -> None:
    """Delete the status of a member whose run folder is gone, or that was stopped by a limit
    or an interrupt before it had any result, so Snakemake runs it again. Deterministic
    outcomes (infeasible, bad input, an error) are kept: running them again changes nothing.
    """
    for path in status_paths.values():
        status = _read_status(path) if path.is_file() else None
        run_dir = (status or {}).get("run_dir")
        if run_dir and not is_complete_run(Path(run_dir)):
            log.warning("%s: its run %s is gone; running it again", status["name"], run_dir)
            path.unlink(missing_ok=True)
        elif status and not run_dir and status.get("outcome") in RETRIED_OUTCOMES:
            log.warning("%s: ended %s without results; running it again", status["name"],
                        status["outcome"])
            path.unlink(missing_ok=True)


def _watch(proc: subprocess.Popen, log_path: Path, status_paths: dict[str, Path],
           report: Callable[[str], None], t0: float) -> list[str]:
    """Report each status file written while ``proc`` runs; return the members that ran."""
    before = _mtimes(status_paths)
    seen: list[str] = []
    total: int | None = None
    while True:
        finished = proc.poll() is not None
        if total is None and log_path.is_file():
            text = log_path.read_text(encoding="utf-8", errors="replace")
            match = _JOB_COUNT.search(text)
            if match:
                total = int(match.group(1))
                up_to_date = len(status_paths) - total
                if up_to_date:
                    report(f"{up_to_date} of {len(status_paths)} members up to date; "
                           f"running {total}")
            elif "Nothing to be done" in text:
                total = 0
                report(f"all {len(status_paths)} members up to date; nothing to run")
        now = _mtimes(status_paths)
        for name, mtime in now.items():
            if mtime is not None and mtime != before[name] and name not in seen:
                status = _read_status(status_paths[name])
                if status is None:
                    continue
                seen.append(name)
                denominator = max(total if total is not None else len(status_paths), len(seen))
                report(progress_line(status, len(seen), denominator, time.perf_counter() - t0))
        if finished:
            return seen
        time.sleep(_POLL_S)


def run_sweep(sweep: Sweep, out_root: Path, cores: int = 1,
              snakemake_args: Sequence[str] = (), baseline: str | None = None,
              report: Callable[[str], None] = log.info) -> SweepRun:
    """Run every member of ``sweep`` through Snakemake and write the sweep's tables.

    Parameters
    ----------
    sweep : Sweep
        A checked sweep (:func:`model.sweep.spec.load_sweep`).
    out_root : Path
        Results root: runs land in ``out_root/<member>/<run-id>/``, the sweep's files in
        ``out_root/sweeps/<sweep>/``.
    cores : int
        Local cores Snakemake may use (one HiGHS thread per member unless the scenario sets
        ``solver.threads``).
    snakemake_args : sequence of str
        Passed to Snakemake unchanged (after the front's own options, so they win).
    baseline : str, optional
        Member the comparison is against (default: the first member with results).
    report : callable
        Receives each progress line.

    Raises
    ------
    InputError
        If Snakemake is not installed or ``baseline`` is not a member (nothing written).
    """
    require_snakemake()
    names = [m.name for m in sweep.members]
    if baseline is not None and baseline not in names:
        raise InputError(f"--baseline {baseline}: not a member of {sweep.path.name} "
                         f"({', '.join(names[:10])}{', ...' if len(names) > 10 else ''})")
    t0 = time.perf_counter()
    plan = plan_mod.write_plan(sweep, out_root)
    folder = plan.parent
    status_paths = {n: folder / "members" / n / "status.json" for n in names}
    _forget_lost_runs(status_paths)
    if not snakemake_args and all_up_to_date(plan):
        report(f"all {len(names)} members up to date; nothing to run")
        run = SweepRun(folder=folder, statuses=summary.collect(sweep, status_paths),
                       returncode=0)
        run.files, run.notes = summary.write(sweep, folder, run.statuses, baseline)
        run.elapsed_s = time.perf_counter() - t0
        return run
    log_path = folder / SNAKEMAKE_LOG
    command = snakemake_command(plan.resolve(), cores, snakemake_args)
    log.info("running %s", " ".join(command))
    with log_path.open("w", encoding="utf-8") as sink:
        proc = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT,
                                env=_environment())
        try:
            ran = _watch(proc, log_path, status_paths, report, t0)
        except BaseException:
            proc.terminate()  # Snakemake stops its jobs and marks their outputs incomplete
            proc.wait(timeout=60)
            raise
    run = SweepRun(folder=folder, statuses=[], returncode=proc.returncode, ran=ran)
    if proc.returncode != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        run.notes.append(f"Snakemake exited {proc.returncode}; the end of {log_path}:\n"
                         + "\n".join(tail))
    run.dry_run = any(a in ("-n", "--dry-run", "--dryrun") for a in snakemake_args)
    if run.dry_run:
        plan_doc = json.loads(plan.read_text(encoding="utf-8"))
        declared = [f"  {m['name']}: threads {m['threads']}, mem_mb {m['mem_mb']}, runtime "
                    f"{m['runtime']} min" for m in plan_doc["members"]]
        run.log_text = (log_path.read_text(encoding="utf-8", errors="replace")
                        + "\nResources declared per member job:\n" + "\n".join(declared))
    else:
        run.statuses = summary.collect(sweep, status_paths)
        run.files, notes = summary.write(sweep, folder, run.statuses, baseline)
        run.notes += notes
    run.elapsed_s = time.perf_counter() - t0
    return run
