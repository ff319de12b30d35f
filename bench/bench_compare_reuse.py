"""``compare`` called twice on the same scenario files: the second call must reuse the runs.

Runs ``python run.py compare fast reference slow`` twice into one fresh results root (each a
subprocess, as a user would), on copies of the three shipped scenarios with a shortened
horizon (``--end``, default 2030) so the benchmark stays short. Prints the wall time of each
call, the ratio second / first, and the number of run folders after each call (the second
call must add none: the runs are found again by their identity, whatever thread count the
first call's workers used). With ``--search-only`` the second call writes into a new root
and finds the runs through ``--search``, as from another checkout.

Usage: ``python bench/bench_compare_reuse.py [--end 2030] [--workers 1]``
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import REPO, SCENARIOS, load_check, print_table, write_json

NAMES = ("fast", "reference", "slow")


def _scenarios(folder: Path, end: int) -> list[Path]:
    out = []
    for name in NAMES:
        path = folder / f"{name}.yaml"
        path.write_text(f"extends: {SCENARIOS / name}.yaml\nyears: {{start: 2025, end: {end}}}\n"
                        "solver: {threads: 1}\n")
        out.append(path)
    return out


def _runs(root: Path) -> int:
    return sum(1 for p in root.glob("*/*") if p.is_dir() and (p / "manifest.json").is_file())


def _compare(paths: list[Path], out: Path, workers: int, extra: list[str]) -> float:
    cmd = [sys.executable, str(REPO / "run.py"), "compare", *map(str, paths), "--out", str(out),
           "--workers", str(workers), *extra]
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"compare failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--end", type=int, default=2030, help="last modelled year")
    parser.add_argument("--workers", type=int, default=1, help="compare --workers")
    parser.add_argument("--search-only", action="store_true",
                        help="second call into a new root, finding the runs via --search")
    args = parser.parse_args()
    busy = load_check()
    with tempfile.TemporaryDirectory(prefix="bench-reuse-") as tmp:
        paths = _scenarios(Path(tmp), args.end)
        first_root = Path(tmp) / "results"
        first = _compare(paths, first_root, args.workers, [])
        runs_first = _runs(first_root)
        second_root = Path(tmp) / "elsewhere" if args.search_only else first_root
        extra = ["--search", str(first_root)] if args.search_only else []
        second = _compare(paths, second_root, args.workers, extra)
        runs_second = _runs(first_root) + (_runs(second_root) if args.search_only else 0)
    print_table(["call", "wall s", "run folders after"],
                [["first (solves 3)", f"{first:.1f}", runs_first],
                 ["second (reuses)", f"{second:.1f}", runs_second]])
    print(f"ratio second / first: {second / first:.3f}; new run folders in the second call: "
          f"{runs_second - runs_first}")
    write_json("bench_compare_reuse", {
        "end": args.end, "workers": args.workers, "search_only": args.search_only,
        "first_s": first, "second_s": second, "ratio": second / first,
        "runs_after_first": runs_first, "runs_after_second": runs_second, "load": busy})


if __name__ == "__main__":
    main()
