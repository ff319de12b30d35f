"""A 7-point delay curve and a 4-lever attribution as multiples of one run, with reuse.

On copies of the shipped scenarios with a reduced horizon and resolution (``--end``, default
2028; ``--days``, default 4 representative days; one HiGHS thread per member), each as a
subprocess into a fresh results root, as a user would:

1. one run of the reference (the unit ``t1``);
2. ``delay reference --lever permitting.wind.approval_months --values 0,6,12,17,24,30,36
   --cores N`` (7 values; 17 is close to the data's values, the base run is reused from 1);
3. the same call again (everything reused);
4. ``compare reference slow --attribute --workers N``: reference vs slow differ in 4 lever
   groups (wind lead time, PV lead time, attrition, approval caps): 16 combinations, the
   reference and slow runs among them;
5. the same call again.

Prints each wall time as a multiple of ``t1`` (targets: delay <= 4x, attribution <= 9x on 2
cores), the CPU seconds of the case's processes (CPU / wall = cores the case actually had),
the 1-minute load average when the case ended, and how many of the validated years of the
runs the case published were taken from an earlier run's identical validation
(``hourly_validation.years_reused`` of their manifests, :mod:`model.solve.reuse`).
``--reuse-validation off`` writes ``output.reuse_validation: false`` into the scenario
copies (every member validates all its years itself, as before that reuse existed). On a
shared machine, wrap the call in ``flock <lock file>`` so that two timed benchmarks never
run at once.

Usage: ``python bench/bench_delay.py [--end 2028] [--days 4] [--cores 2]
[--reuse-validation on|off]``
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, SCENARIOS, load_check, print_table, write_json

VALUES = "0,6,12,17,24,30,36"


def _scenario(folder: Path, name: str, end: int, days: int, reuse: bool) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(f"extends: {SCENARIOS / name}.yaml\nyears: {{start: 2025, end: {end}}}\n"
                    f"time: {{representative_days: {days}}}\nsolver: {{threads: 1}}\n"
                    f"output: {{brief: false, reuse_validation: {str(reuse).lower()}}}\n")
    return path


def _manifests(root: Path) -> set[Path]:
    return set(root.glob("*/*/manifest.json"))


def _reused(new: set[Path]) -> str:
    """``reused/validated`` years over the manifests of the runs a case published."""
    reused = validated = 0
    for path in new:
        hv = json.loads(path.read_text(encoding="utf-8")).get("hourly_validation") or {}
        reused += len(hv.get("years_reused") or {})
        validated += len(hv.get("years_validated") or [])
    return f"{reused}/{validated}"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _call(args: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds of all child processes, 1-minute load average at the end,
    validated years reused/validated in the runs it published."""
    root = Path(args[args.index("--out") + 1])
    before = _manifests(root)
    cpu0, start = _cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, str(REPO / "run.py"), *args], cwd=REPO,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{args[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds, _cpu() - cpu0, os.getloadavg()[0], _reused(_manifests(root) - before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--end", type=int, default=2028, help="last modelled year")
    parser.add_argument("--days", type=int, default=4, help="representative days")
    parser.add_argument("--cores", type=int, default=2, help="cores for the members")
    parser.add_argument("--reuse-validation", choices=("on", "off"), default="on",
                        help="reuse validated years between runs (output.reuse_validation)")
    args = parser.parse_args()
    busy = load_check()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ref, slow = (_scenario(folder, n, args.end, args.days, args.reuse_validation == "on")
                     for n in ("reference", "slow"))
        out = ["--out", str(folder / "results")]
        t1 = _call(["run", str(ref), *out])
        lever = ["--lever", "permitting.wind.approval_months", "--values", VALUES]
        cores = ["--cores", str(args.cores)]
        rows = [("one run (reference)", t1)]
        rows.append(("delay, 7 values (+ base reused)", _call(["delay", str(ref), *lever,
                                                               *cores, *out])))
        rows.append(("delay again (all reused)", _call(["delay", str(ref), *lever, *cores,
                                                        *out])))
        attr = ["compare", str(ref), str(slow), "--attribute", "--workers", str(args.cores)]
        rows.append(("attribution, 4 groups, 16 combinations", _call([*attr, *out])))
        rows.append(("attribution again (all reused)", _call([*attr, *out])))
    t1 = rows[0][1][0]
    table = [[name, f"{s:.1f}", f"{s / t1:.2f}", f"{cpu:.1f}", f"{cpu / s:.2f}", f"{load:.1f}",
              reused] for name, (s, cpu, load, reused) in rows]
    print(f"horizon 2025-{args.end}, {args.days} representative days, {args.cores} core(s), "
          f"reuse of validated years {args.reuse_validation}; load before: {busy}")
    print_table(["case", "seconds", "x one run", "cpu s", "cpu / wall", "load avg (1 min)",
                 "years reused / validated"], table)
    write_json("bench_delay", {"args": vars(args), "load": busy, "rows": table})


if __name__ == "__main__":
    main()
