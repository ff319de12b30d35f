"""Reference run phases now and at an earlier commit: build, translate, extract, write.

Measures
    ``model.runner.run_scenario("scenarios/reference.yaml", ["solver.threads=1", *sets])``
    in a fresh process per run, ``--repeat`` times per tree (median of each phase), for this
    tree and, with ``--before REF``, for commit ``REF`` (its code and its data, unpacked with
    ``git archive`` into a temporary folder and run there with its own ``bench/_common.py``).
    Phases come from ``RunResult.timings_s``: load, build, translate, solve, extract (solution
    values into Pyomo) and write (results Dataset + run files + brief); where the tree
    records them, write is split into ``results`` (``model.outputs.results.to_dataset``),
    ``brief`` (``render_brief``) and ``files`` (the rest: CSVs, results.nc, manifest, atomic
    publish). HiGHS runs on one thread (``solver.threads=1``) so that the solve does not
    compete with the modelling phases for the second core.

Targets (issue 10)
    ``write / build < 1`` (writing results, files and brief is faster than building), and
    ``overhead / solve <= 0.15`` with overhead = build + translate + extract.

Run
    python bench/bench_phases.py                         # this tree, 1 run (~30 s)
    python bench/bench_phases.py --before 0b92d11 --repeat 3
    python bench/bench_phases.py --set years.end=2030   # a reduced horizon (say so)

Read
    Solve times of a MILP vary from run to run more than the modelling phases do, and the
    machine is shared: compare ratios within one invocation, and look at ``busy cores before``
    (warned by ``load_check``). JSON: ``bench/out/bench_phases.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    REPO,
    fmt,
    in_fresh_process,
    load_check,
    print_table,
    scenario_path,
    scenario_run,
    write_json,
)

PHASES = ("load", "build", "translate", "solve", "extract", "write", "results", "brief")
CHILD = (  # runs inside the unpacked tree of an earlier commit
    "import json, sys; sys.path.insert(0, 'bench'); from _common import scenario_run; "
    "print('@@' + json.dumps(scenario_run(sys.argv[1], json.loads(sys.argv[2])), default=str))"
)


def _run_at(ref: str, overrides: list[str]) -> dict:
    """One run of the reference with the code and data of commit ``ref``."""
    with tempfile.TemporaryDirectory(prefix="bench-before-") as tmp:
        archive = subprocess.run(["git", "archive", ref], cwd=REPO, capture_output=True,
                                 check=True).stdout
        tar_path = Path(tmp) / "tree.tar"
        tar_path.write_bytes(archive)
        with tarfile.open(tar_path) as tar:
            tar.extractall(tmp, filter="data")
        env = {**os.environ, "PYTHONPATH": tmp}
        proc = subprocess.run(
            [sys.executable, "-c", CHILD, str(Path(tmp) / "scenarios" / "reference.yaml"),
             json.dumps(overrides)], cwd=tmp, env=env, capture_output=True, text=True,
            check=True)
    line = next(x for x in proc.stdout.splitlines() if x.startswith("@@"))
    return json.loads(line[2:])


def _summary(label: str, runs: list[dict]) -> dict:
    """Median of every phase over ``runs``; derived files time and the target ratios."""
    med = {p: statistics.median(r["timings_s"][p] for r in runs)
           for p in PHASES if all(p in r["timings_s"] for r in runs)}
    if {"write", "results", "brief"} <= set(med):
        med["files"] = med["write"] - med["results"] - med["brief"]
    overhead = med["build"] + med["translate"] + med.get("extract", 0.0)
    return {"label": label, "runs": len(runs), "phases_s": med, "overhead_s": overhead,
            "overhead_over_solve": overhead / med["solve"] if med.get("solve") else None,
            "write_over_build": med["write"] / med["build"],
            "objective_meur": runs[0]["objective_meur"], "gap": runs[0]["gap"],
            "size": runs[0]["size"]}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", metavar="REF", help="also run commit REF (e.g. 0b92d11)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per tree (median)")
    ap.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                    help="extra scenario override (repeatable)")
    args = ap.parse_args()
    load_check()
    overrides = ["solver.threads=1", *args.sets]
    rows = []
    if args.before:
        print(f"{args.before}: {args.repeat} run(s) ...", flush=True)
        rows.append(_summary(f"before ({args.before})",
                             [_run_at(args.before, overrides) for _ in range(args.repeat)]))
    print(f"this tree: {args.repeat} run(s) ...", flush=True)
    path = scenario_path("reference")
    rows.append(_summary("after (this tree)", [in_fresh_process(scenario_run, path, overrides)
                                              for _ in range(args.repeat)]))
    print()
    cols = ("load", "build", "translate", "solve", "extract", "write", "results", "files",
            "brief")
    print_table(["tree", *(f"{c} s" for c in cols), "overhead s", "ovh/solve", "write/build",
                 "objective MEUR"],
                [[r["label"], *(fmt(r["phases_s"].get(c)) for c in cols), fmt(r["overhead_s"]),
                  fmt(r["overhead_over_solve"], ".3f"), fmt(r["write_over_build"], ".2f"),
                  fmt(r["objective_meur"], ",.3f")] for r in rows])
    print(f"\noverrides: {' '.join(overrides)}; median of {args.repeat} run(s) per tree. "
          "Targets: write/build < 1, ovh/solve <= 0.15 (overhead = build + translate + "
          "extract).")
    out = write_json("bench_phases", {"overrides": overrides, "rows": rows})
    print(f"written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
