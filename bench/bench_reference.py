"""End-to-end reference run, split into phases, with the modelling overhead as ratios.

Measures
    ``model.runner.run_scenario("scenarios/reference.yaml", overrides, out_root=<temp dir>)``
    in a fresh spawned process per case, with ``RunResult.timings_s`` split into load / build /
    translate / solve / extract / write; end to end (the ``run_scenario`` call, scenario
    parsing included); the process wall time (interpreter start and imports included); the
    model size from ``SolveResult.size``; and the process's peak memory (ru_maxrss).

    Default cases: the reference as shipped and ``--set solver.mip_rel_gap=0.01``. A case
    whose resolved scenario equals an earlier one's is marked ``(= case 1)``: it is then a
    repeat and shows the run-to-run noise. One more fresh process imports ``model.runner``
    and times the first and second ``model.solve.highs.solve`` of a one-variable model: the
    one-time cost that a run's ``translate`` still carries after the imports.

Run
    python bench/bench_reference.py                                   # 2 cases, ~1-2 min
    python bench/bench_reference.py --set solver.mip_rel_gap=0.001    # shipped vs this
    python bench/bench_reference.py --set time.segments=null --no-baseline

Read
    ``overhead`` = build + translate + extract (what our Pyomo layer adds around HiGHS);
    ``ovh/solve`` = overhead / solve; ``ovh/e2e`` = overhead / end to end. ``other`` is the
    part of end to end outside the named phases (scenario parsing, log folder). Solve times
    of a MILP differ run to run by more than the overhead does; compare ratios within one
    invocation. JSON: ``bench/out/bench_reference.json``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    fmt,
    in_fresh_process,
    load_check,
    print_table,
    scenario_path,
    scenario_run,
    write_json,
)

PHASES = ("load", "build", "translate", "solve", "extract", "write")


def first_call_cost() -> dict:
    """Import model.runner (as a run does), then the first and second solve of a tiny model."""
    t = time.perf_counter()
    import pyomo.environ as pyo

    import model.runner  # noqa: F401  (imports what a run imports before its first solve)
    from model.solve.highs import solve
    t_import = time.perf_counter() - t

    def tiny():
        m = pyo.ConcreteModel()
        m.x = pyo.Var(bounds=(0, 1))
        m.c = pyo.Constraint(expr=m.x >= 0.5)
        m.o = pyo.Objective(expr=m.x)
        return m
    t = time.perf_counter()
    solve(tiny(), {})
    first = time.perf_counter() - t
    t = time.perf_counter()
    solve(tiny(), {})
    second = time.perf_counter() - t
    return {"import_s": t_import, "first_solve_s": first, "second_solve_s": second,
            "one_time_s": first - second}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="reference", help="name in scenarios/ or a path")
    ap.add_argument("--set", dest="sets", action="append", default=None, metavar="KEY=VALUE",
                    help="override for the second case (repeatable; default "
                         "solver.mip_rel_gap=0.01)")
    ap.add_argument("--no-baseline", action="store_true",
                    help="run only the case with the --set overrides")
    args = ap.parse_args()
    load_check()
    path = scenario_path(args.scenario)
    sets = args.sets if args.sets is not None else ["solver.mip_rel_gap=0.01"]
    cases = ([] if args.no_baseline else [("as shipped", [])]) + [
        (" ".join(f"--set {s}" for s in sets), sets)]

    from model.inputs import config
    hashes = [config.scenario_hash(config.load_scenario(path, o)) for _, o in cases]

    runs = []
    for i, (label, overrides) in enumerate(cases):
        same = hashes.index(hashes[i])
        if same < i:
            label += f" (= case {same + 1})"
        print(f"case {i + 1}: {label} ...", flush=True)
        r = in_fresh_process(scenario_run, path, overrides)
        r["label"] = label
        tm = r["timings_s"]
        r["overhead_s"] = sum(tm.get(k, 0.0) for k in ("build", "translate", "extract"))
        r["other_s"] = r["end_to_end_s"] - sum(tm.get(k, 0.0) for k in PHASES)
        r["ratio_overhead_over_solve"] = r["overhead_s"] / tm["solve"] if tm.get("solve") else None
        r["ratio_overhead_over_end_to_end"] = r["overhead_s"] / r["end_to_end_s"]
        runs.append(r)
        print(f"  {r['outcome']}, objective {fmt(r['objective_meur'], ',.3f')} MEUR, gap "
              f"{fmt(r['gap'], '.3%')}, {r['end_to_end_s']:.1f} s end to end", flush=True)
    first = in_fresh_process(first_call_cost)

    print()
    print_table(["case", "outcome", "columns", "rows", "nonzeros", "integers", "gap",
                 "objective MEUR", "peak MB"],
                [[f"{i + 1}: {r['label']}", r["outcome"], f"{r['size'].get('columns', 0):,}",
                  f"{r['size'].get('rows', 0):,}", f"{r['size'].get('nonzeros', 0):,}",
                  r["size"].get("integer_columns"), fmt(r["gap"], ".3%"),
                  fmt(r["objective_meur"], ",.3f"), fmt(r["peak_mb"], ".0f")]
                 for i, r in enumerate(runs)])
    print()
    print_table(["case", "import s", *(f"{p} s" for p in PHASES), "other s", "end-to-end s",
                 "process s", "overhead s", "ovh/solve", "ovh/e2e"],
                [[f"{i + 1}", fmt(r["import_s"]), *(fmt(r["timings_s"].get(p)) for p in PHASES),
                  fmt(r["other_s"]),
                  fmt(r["end_to_end_s"]), fmt(r["wall_s"]), fmt(r["overhead_s"]),
                  fmt(r["ratio_overhead_over_solve"], ".3f"),
                  fmt(r["ratio_overhead_over_end_to_end"], ".3f")]
                 for i, r in enumerate(runs)])
    print(f"\noverhead = build + translate + extract; import = import of model.runner; "
          f"process = spawn + imports + end to end. One-time cost inside 'translate' after the "
          f"imports: {first['one_time_s']:.3f} s (a one-variable model's first solve "
          f"{first['first_solve_s']:.3f} s, second {first['second_solve_s']:.3f} s).")
    out = write_json("bench_reference", {"scenario": path, "cases": runs,
                                         "first_call": first})
    print(f"written {out}")
    return 0 if all(r["outcome"] in ("optimal", "feasible_at_limit") for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
