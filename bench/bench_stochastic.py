"""Stochastic program: solve time and peak memory against the number of scenarios.

Routes: the extensive form (one HiGHS model) and progressive hedging (mpi-sppy) with 1 and
2 MPI processes. Each case is its own subprocess under ``/usr/bin/time -v`` (peak resident
memory of the largest process; with 2 processes that is one rank, not the sum). Scenarios:
``scenarios/uncertain_approval.yaml`` with ``uncertainty.correlation=independent`` (so N
draws give up to N distinct scenarios: the three regions draw apart) and quantile sampling;
only the recourse problem is timed (a full ``run`` adds the wait-and-see, average-case and
EEV solves behind EVPI and VSS). HiGHS ``threads=1``; wrap the script in
``flock /work/bench.lock`` on a shared machine. Prints seconds and GB per case and the ratio
to the one-scenario extensive form.

Usage::

    python bench/bench_stochastic.py [--scenarios 1 5 10 20] [--routes ef ph1 ph2]
        [--set KEY=VALUE ...] [--timeout 900] [--append] [--label NAME]

``--append`` merges the rows into ``bench/out/bench_stochastic.json`` (so a long bench can be
split into several calls, each under its own lock); ``--label`` names the case (e.g.
``reduced``). Each row records the commit, the 1-minute load average before the case, the
PH iterations and the final convergence metric (mean absolute deviation of the shared starts
from their average, MW), and for PH the published first-stage candidate, its expected cost
(upper bound), the lower bound and their gap (``gap %``: the PH route's; for the extensive
form the MIP gap).

``--set years.end=2030 --set time.representative_days=4 --set time.segments=6`` gives a
short run; without it the default resolution of the reference is used.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCENARIO = REPO / "scenarios" / "uncertain_approval.yaml"
BASE_SET = ["solver.threads=1", "uncertainty.correlation=independent",
            "uncertainty.sampling=quantile", "uncertainty.max_extensive_scenarios=40"]

EF_DRIVER = """
import json, sys, time
from model.inputs import config, presolve
from model.inputs import data as data_mod
from model.stochastic import program as prog
t0 = time.perf_counter()
s = config.load_scenario(sys.argv[1], sys.argv[3:])
d = data_mod.load(s)
p = prog.prepare(s, d)
p.route = "extensive_form"
t1 = time.perf_counter()
sol = prog.solve_program(p)
out = {"scenarios": len(p.outcomes), "outcome": str(sol.solve.outcome),
       "objective_meur": sol.objective_meur, "gap": sol.solve.gap,
       "columns": sol.solve.size.get("columns"), "load_s": t1 - t0,
       "solve_s": time.perf_counter() - t1, **{k: v for k, v in sol.timings_s.items()}}
open(sys.argv[2], "w").write(json.dumps(out))
"""


def _peak_gb(stderr: str) -> float | None:
    hit = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    return int(hit.group(1)) / 1024**2 if hit else None


def _cpu_s(stderr: str) -> float | None:
    """User + system CPU seconds of the case and its children (less load-dependent than wall)."""
    hits = re.findall(r"(?:User|System) time \(seconds\): ([0-9.]+)", stderr)
    return sum(float(h) for h in hits) if hits else None


def _commit() -> str:
    proc = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False)
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "model"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return proc.stdout.strip() + ("+dirty" if dirty else "")


def _load() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def run_case(route: str, n: int, extra: list[str], timeout: int, folder: Path) -> dict:
    """One case in its own subprocess: wall seconds, peak GB and the driver's JSON."""
    sets = [*BASE_SET, f"uncertainty.scenarios={n}", *extra]
    load = _load()
    out = folder / f"{route}_{n}.json"
    if route == "ef":
        cmd = [sys.executable, "-c", EF_DRIVER, str(SCENARIO), str(out), *sets]
    else:
        procs = route.removeprefix("ph")
        cmd = ["mpiexec", "-n", procs, sys.executable, "-m", "model.cli.hedging",
               str(SCENARIO), "--out", str(out)]
        cmd += [a for s in [*sets, "uncertainty.route=progressive_hedging"]
                for a in ("--set", s)]
    t = time.perf_counter()
    try:
        proc = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True,
                              timeout=timeout, cwd=REPO)
        status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
        stderr = proc.stderr
    except subprocess.TimeoutExpired:
        status, stderr = f"timeout {timeout} s", ""
    wall = time.perf_counter() - t
    info = json.loads(out.read_text()) if out.is_file() else {}
    if status != "ok" and stderr:
        print(stderr[-2000:], file=sys.stderr)
    return {"route": route, "n": n, "status": status, "wall_s": wall, "cpu_s": _cpu_s(stderr),
            "peak_gb": _peak_gb(stderr), "load_1min_before": load, "sets": extra, **info}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--routes", nargs="+", default=["ef", "ph1", "ph2"])
    parser.add_argument("--set", dest="extra", action="append", default=[])
    parser.add_argument("--timeout", type=int, default=900)
    parser.add_argument("--append", action="store_true")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    rows = []
    commit = _commit()
    with tempfile.TemporaryDirectory() as tmp:
        for route in args.routes:
            for n in args.scenarios:
                row = {"label": args.label, "commit": commit,
                       **run_case(route, n, args.extra, args.timeout, Path(tmp))}
                rows.append(row)
                print(json.dumps(row, default=str), flush=True)
    out = REPO / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    path = out / "bench_stochastic.json"
    old = json.loads(path.read_text()) if args.append and path.is_file() else []
    path.write_text(json.dumps([*old, *rows], indent=2, default=str))
    base = next((r["wall_s"] for r in rows if r["route"] == "ef" and r["n"] == 1
                 and r["status"] == "ok"), None)
    print(f"\n{'route':6} {'N':>3} {'distinct':>8} {'status':>12} {'wall s':>8} {'CPU s':>8} "
          f"{'x EF(1)':>8} {'peak GB':>8} {'cost M EUR':>12} {'PH iter':>8} {'conv MW':>9} "
          f"{'gap %':>7} {'load':>5}")
    for r in rows:
        ratio = f"{r['wall_s'] / base:8.2f}" if base else f"{'n/a':>8}"
        cpu = f"{r['cpu_s']:8.1f}" if r["cpu_s"] is not None else f"{'n/a':>8}"
        cost = r.get("objective_meur", r.get("expected_cost_meur"))
        peak = f"{r['peak_gb']:8.2f}" if r["peak_gb"] is not None else f"{'n/a':>8}"
        print(f"{r['route']:6} {r['n']:3d} {r.get('scenarios', '-')!s:>8} {r['status']:>12} "
              f"{r['wall_s']:8.1f} {cpu} {ratio} {peak} "
              f"{cost if cost is None else round(cost, 3)!s:>12} "
              f"{r.get('iterations', '-')!s:>8} {_num(r.get('convergence_mw')):>9} "
              f"{_num(None if r.get('gap') is None else 100 * r['gap']):>7} "
              f"{r['load_1min_before']:5.1f}")


def _num(value: object) -> str:
    return "-" if value is None else f"{float(value):.3g}"


if __name__ == "__main__":
    main()
