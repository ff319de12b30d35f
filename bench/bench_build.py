"""Build time of the reference model alone (no solve): load once, build N times, best of N.

Measures
    ``model.formulation.build.build_model(data)`` on the reference scenario's resolved data
    (``model.inputs.data.load``), repeated ``--repeat`` times in one process; prints the best
    and the median wall and CPU time (CPU time is less disturbed by other processes on a
    shared machine) and the model size (variables, constraints). Used to check that
    changes of the formulation's plumbing (accumulators, look-ups) keep the build no slower:
    run it on two trees and compare the ratio of their medians.

Run
    python bench/bench_build.py [--repeat 5] [--set KEY=VALUE ...]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> None:
    """Time the reference build and print best, median and model size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--set", dest="overrides", action="append", default=[])
    args = parser.parse_args(argv)
    from model.formulation.build import build_model
    from model.inputs import config, data

    scenario = config.load_scenario(ROOT / "scenarios" / "reference.yaml", args.overrides)
    resolved = data.load(scenario)
    wall, cpu = [], []
    for _ in range(args.repeat):
        t, c = time.perf_counter(), time.process_time()
        m = build_model(resolved)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    print(f"build_model: wall best {min(wall):.3f} s, median {statistics.median(wall):.3f} s; "
          f"CPU best {min(cpu):.3f} s, median {statistics.median(cpu):.3f} s over "
          f"{args.repeat}; {m.nvariables()} variables, {m.nconstraints()} constraints")


if __name__ == "__main__":
    sys.exit(main())
