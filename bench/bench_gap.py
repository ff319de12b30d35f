"""Absolute-gap stop: reference solve time and gap before and after, and fast/reference/slow.

Measures
    Every case in a fresh spawned process, one after the other, each with
    ``--set solver.threads=1`` (the machine is shared: one core per run):

    * ``reference, relative stop`` (before): ``solver.mip_rel_gap=0.001`` (0.1 %, the
      previous default) and ``solver.mip_abs_gap_meur=1e-6`` (HiGHS's default absolute gap),
      so the relative gap decides when to stop;
    * ``reference, absolute stop`` (after, as shipped): ``mip_rel_gap=0``,
      ``mip_abs_gap_meur=1.0``;
    * ``fast`` and ``slow`` as shipped (absolute stop).

    Reported per case: solve seconds, the gap in EUR (objective minus bound) and as a share
    of the optimised (decision-dependent) NPV, the optimised NPV, the plant orders
    (plant:option@year), wind capacity in 2045, cumulative emissions and the limits that
    bind. Ratios: solve time after / before; whether the three permitting cases make the
    same plant decisions.

Run
    python bench/bench_gap.py [--set KEY=VALUE ...]   # ~12 min on a quiet 2-core machine

Read
    ``after/before`` above 2 would mean the absolute stop costs more than twice the solve
    time. JSON: ``bench/out/bench_gap.json``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    fmt,
    in_fresh_process,
    load_check,
    print_table,
    scenario_path,
    write_json,
)

CASES = {
    "before": ("reference", ["solver.mip_rel_gap=0.001", "solver.mip_abs_gap_meur=1e-6"]),
    "after": ("reference", []),
    "fast": ("fast", []),
    "slow": ("slow", []),
}


def gap_run(scenario: str, overrides: list[str]) -> dict:
    """One run in this process; the figures this benchmark reports."""
    import json
    import logging

    from model.runner import run_scenario

    logging.getLogger().setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="bench-gap-") as tmp:
        t = time.perf_counter()
        run = run_scenario(scenario, [*overrides, "solver.threads=1"], out_root=tmp)
        wall = time.perf_counter() - t
        manifest = json.loads((run.run_dir / "manifest.json").read_text())
    ds = run.dataset
    orders = ds["plant_equipment_order_year"].to_series().dropna()
    return {
        "scenario": scenario, "overrides": overrides, "outcome": str(run.outcome),
        "solve_s": run.timings_s.get("solve"), "wall_s": wall,
        "objective_meur": run.solve.objective, "bound_meur": run.solve.bound,
        "gap_eur": manifest["gap"]["gap_eur"],
        "gap_share": manifest["gap"]["gap_share_of_decision_cost"],
        "npv_total_meur": manifest["npv"]["total_meur"],
        "orders": sorted(f"{p}:{j}@{int(y)}" for (p, j), y in orders.items()),
        "wind_2045_mw": float(ds["capacity_mw"].sel(technology="wind", year=2045).sum()),
        "cumulative_emissions_t": float(ds["emissions_t"].sum()),
        "binding_limits": manifest["binding_limits"],
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", nargs="+", default=list(CASES), choices=list(CASES))
    ap.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                    help="extra override for every case, applied last (e.g. a shorter horizon)")
    args = ap.parse_args()
    load_check()
    runs = {}
    for name in args.cases:
        scenario, overrides = CASES[name]
        overrides = [*overrides, *args.sets]
        print(f"{name}: {scenario} {' '.join('--set ' + o for o in overrides)}", flush=True)
        runs[name] = r = in_fresh_process(gap_run, scenario_path(scenario), overrides)
        print(f"  {r['outcome']}, solve {fmt(r['solve_s'], '.1f')} s, gap "
              f"{fmt(r['gap_eur'], ',.0f')} EUR", flush=True)
    rows = [[name, r["scenario"], fmt(r["solve_s"], ".1f"), fmt(r["gap_eur"], ",.0f"),
             fmt(r["gap_share"], ".2e"), fmt(r["objective_meur"], ",.1f"),
             fmt(r["wind_2045_mw"], ",.0f"), fmt(r["cumulative_emissions_t"] / 1e6, ".3f"),
             "; ".join(r["orders"]) or "none"] for name, r in runs.items()]
    print_table(["case", "scenario", "solve s", "gap EUR", "gap share", "optimised M EUR",
                 "wind 2045 MW", "CO2 Mt", "plant orders"], rows)
    ratio = None
    if "before" in runs and "after" in runs and runs["before"]["solve_s"]:
        ratio = runs["after"]["solve_s"] / runs["before"]["solve_s"]
        print(f"solve time after/before: {ratio:.2f}")
    triple = [runs[n]["orders"] for n in ("fast", "after", "slow") if n in runs]
    same = len(triple) == 3 and all(o == triple[0] for o in triple)
    if len(triple) == 3:
        print(f"plant decisions equal in fast/reference/slow: {same}")
    for name, r in runs.items():
        for family, hits in r["binding_limits"].items():
            for h in hits:
                who = " ".join(str(h[k]) for k in ("technology", "region", "direction") if k in h)
                print(f"  {name}: {family} binds for {who} in {h['years']}")
    write_json("bench_gap", {"runs": runs, "after_over_before": ratio,
                             "plant_decisions_equal": same if len(triple) == 3 else None})
    return 0


if __name__ == "__main__":
    sys.exit(main())
