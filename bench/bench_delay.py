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
cores), the CPU seconds of the case's processes (CPU / wall = cores the case actually had)
and the 1-minute load average when the case ended. On a shared machine, wrap the call in
``flock <lock file>`` so that two timed benchmarks never run at once.

Usage: ``python bench/bench_delay.py [--end 2028] [--days 4] [--cores 2]``
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, SCENARIOS, load_check, print_table, write_json

VALUES = "0,6,12,17,24,30,36"


def _scenario(folder: Path, name: str, end: int, days: int) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(f"extends: {SCENARIOS / name}.yaml\nyears: {{start: 2025, end: {end}}}\n"
                    f"time: {{representative_days: {days}}}\n"
                    "solver: {threads: 1}\noutput: {brief: false}\n")
    return path


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _call(args: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds of all child processes, 1-minute load average at the end."""
    cpu0, start = _cpu(), time.perf_counter()
    done = subprocess.run([sys.executable, str(REPO / "run.py"), *args], cwd=REPO,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{args[0]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds, _cpu() - cpu0, os.getloadavg()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--end", type=int, default=2028, help="last modelled year")
    parser.add_argument("--days", type=int, default=4, help="representative days")
    parser.add_argument("--cores", type=int, default=2, help="cores for the members")
    args = parser.parse_args()
    busy = load_check()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ref, slow = (_scenario(folder, n, args.end, args.days) for n in ("reference", "slow"))
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
    table = [[name, f"{s:.1f}", f"{s / t1:.2f}", f"{cpu:.1f}", f"{cpu / s:.2f}", f"{load:.1f}"]
             for name, (s, cpu, load) in rows]
    print(f"horizon 2025-{args.end}, {args.days} representative days, {args.cores} core(s); "
          f"load before: {busy}")
    print_table(["case", "seconds", "x one run", "cpu s", "cpu / wall", "load avg (1 min)"],
                table)
    write_json("bench_delay", {"args": vars(args), "load": busy, "rows": table})


if __name__ == "__main__":
    main()
