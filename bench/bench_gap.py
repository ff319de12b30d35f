"""Absolute-gap stop: reference solve time and gap before and after, fast/reference/slow, and
whether the plant decisions of the three permitting cases are more than solver noise.

Measures
    Every case in a fresh spawned process, one after the other, each with
    ``--set solver.threads=1`` (the machine is shared: one core per run) and
    ``output.validate_hourly=off`` / ``output.brief=false`` (the 8,760 h re-dispatch and the
    brief come after the solve and do not change it):

    * ``before``: the reference with ``solver.mip_rel_gap=0.001`` (0.1 %, the previous
      default) and ``solver.mip_abs_gap_meur=1e-6`` (HiGHS's default absolute gap), so the
      relative gap decides when to stop;
    * ``after``: the reference as shipped (``mip_rel_gap=0``, ``mip_abs_gap_meur=1.0``);
    * ``abs01``: the reference at ``mip_abs_gap_meur=0.1`` with ``solver.time_limit_s=300``
      (the gap the issue suggested; the outcome says whether it was reached);
    * ``fast`` and ``slow``: the other two permitting cases as shipped.

    Per case: solve seconds, outcome, the gap in EUR (objective minus bound) and as a share
    of the optimised (decision-dependent) NPV, the plant orders (plant:option@order year),
    wind capacity in the last year, the CPU seconds of the HiGHS solve (robust to a busy
    machine, unlike the wall seconds), cumulative emissions, binding limits and big-M
    bounds, the load average when the case started.

    ``--forced`` then checks that the plant decisions are not noise: for every ordered pair
    (A, B) of fast / reference (``after``) / slow, B's model is built with every plant order
    binary fixed to A's decision (all other variables free, the same solver settings) and
    solved. A's decisions are no better for B than B's own if ``forced_B(A) >= obj_B -
    gap_B``; ``forced_B(A) - obj_B`` > gap_B means B has a real reason (more than the gap)
    not to take A's decisions. ``--alternatives`` does the same with the decision sets other
    solves of the reference returned (:data:`ALTERNATIVES`) and with no plant electrifying.

    Results are merged case by case into ``bench/out/bench_gap.json``, so cases can be run
    one at a time (each under ``flock``) and ``--report`` prints the tables from the file.

Run
    python bench/bench_gap.py [--cases before after abs01 fast slow] [--set KEY=VALUE ...]
    python bench/bench_gap.py --forced         # needs after, fast, slow in the JSON
    python bench/bench_gap.py --alternatives   # other solves' decisions forced into each case
    python bench/bench_gap.py --own            # each case with its own decisions fixed
    python bench/bench_gap.py --report         # tables from bench/out/bench_gap.json only

Read
    ``after/before`` (CPU seconds of the solve; wall seconds depend on the machine's load)
    above 2 would mean the absolute stop costs more than twice the solve time. In the
    forced table, ``forced - opt`` at or above ``-gap`` in every row means no
    case's decisions beat another case's published optimum by more than the gap.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    OUT_DIR,
    fmt,
    in_fresh_process,
    load_check,
    print_table,
    scenario_path,
    write_json,
)

BENCH = ["solver.threads=1", "output.validate_hourly='off'", "output.brief=false"]
CASES = {
    "before": ("reference", ["solver.mip_rel_gap=0.001", "solver.mip_abs_gap_meur=1e-6"]),
    "after": ("reference", []),
    "abs01": ("reference", ["solver.mip_abs_gap_meur=0.1", "solver.time_limit_s=300"]),
    "fast": ("fast", []),
    "slow": ("slow", []),
}
TRIPLE = ("fast", "after", "slow")  # the three permitting cases, each as shipped
#: Plant decisions other solves of the reference returned (``--alternatives``): each is forced
#: into the three cases to see whether it is distinguishable from their optimum by more than
#: the gap. ``stored_2039``: the stored regression run before the 4.5x big-M (al_coat_ni's
#: boiler ordered 2039); ``earlier_2044``: two earlier solves (boiler at its 1.5x bound in
#: 2044, pb_ni's furnace in 2033); ``none``: no plant electrifies; ``pb_2033`` and
#: ``coat_2044``: the two differences of ``earlier_2044`` one at a time.
ALTERNATIVES = {
    "stored_2039": ["al_coat_ni:electric_boiler@2039", "al_remelt_st:induction_furnace@2025",
                    "pb_ni:induction_furnace@2025"],
    "earlier_2044": ["al_coat_ni:electric_boiler@2044", "al_remelt_st:induction_furnace@2025",
                     "pb_ni:induction_furnace@2033"],
    "none": [],
    "pb_2033": ["al_remelt_st:induction_furnace@2025", "pb_ni:induction_furnace@2033"],
    "coat_2044": ["al_coat_ni:electric_boiler@2044", "al_remelt_st:induction_furnace@2025",
                  "pb_ni:induction_furnace@2025"],
}
JSON = OUT_DIR / "bench_gap.json"


def gap_run(scenario: str, overrides: list[str]) -> dict:
    """One run in this process; the figures this benchmark reports."""
    import logging

    import model.solve.highs as highs
    from model.runner import run_scenario

    logging.getLogger().setLevel(logging.WARNING)
    load = os.getloadavg()
    cpu: list[float] = []
    run_highs = highs._run

    def timed_run(h):  # CPU seconds of the HiGHS solve: robust to a busy machine
        c0 = time.process_time()
        try:
            return run_highs(h)
        finally:
            cpu.append(time.process_time() - c0)

    highs._run = timed_run
    with tempfile.TemporaryDirectory(prefix="bench-gap-") as tmp:
        t = time.perf_counter()
        run = run_scenario(scenario, [*BENCH, *overrides], out_root=tmp)
        wall = time.perf_counter() - t
        manifest = json.loads((run.run_dir / "manifest.json").read_text())
    ds = run.dataset
    orders = ds["plant_equipment_order_year"].to_series().dropna()
    return {
        "scenario": Path(scenario).stem, "overrides": overrides, "outcome": str(run.outcome),
        "solve_s": run.timings_s.get("solve"), "solve_cpu_s": sum(cpu), "run_wall_s": wall,
        "loadavg_start": load,
        "objective_meur": run.solve.objective, "bound_meur": run.solve.bound,
        "gap_eur": manifest["gap"]["gap_eur"],
        "gap_share": manifest["gap"]["gap_share_of_decision_cost"],
        "npv_total_meur": manifest["npv"]["total_meur"],
        "orders": sorted(f"{p}:{j}@{int(y)}" for (p, j), y in orders.items()),
        "wind_end_mw": float(ds["capacity_mw"].sel(technology="wind").isel(year=-1).sum()),
        "cumulative_emissions_t": float(ds["emissions_t"].sum()),
        "binding_limits": manifest["binding_limits"],
        "big_m_binding": manifest["big_m_binding"],
    }


def forced_run(scenario: str, overrides: list[str], orders: list[str]) -> dict:
    """Solve ``scenario`` with every plant order binary fixed to ``orders``.

    ``orders`` are ``plant:option@order_year`` strings (as :func:`gap_run` reports them):
    those binaries are fixed to 1, every other order binary to 0.
    """
    import logging

    from model.formulation.build import build_model
    from model.inputs import config, data
    from model.solve.highs import highs_options, solve

    logging.getLogger().setLevel(logging.WARNING)
    sc = config.load_scenario(scenario, [*BENCH, *overrides])
    m = build_model(data.load(sc))
    chosen = set()
    for o in orders:
        pj, year = o.rsplit("@", 1)
        plant, option = pj.split(":", 1)
        chosen.add((plant, option, int(year)))
    missing = chosen - set(m.plants.build.keys())
    if missing:
        raise ValueError(f"orders not in the model: {sorted(missing)}")
    for key, var in m.plants.build.items():
        var.fix(1 if key in chosen else 0)
    res = solve(m, highs_options(sc.solver))
    return {"outcome": str(res.outcome), "objective_meur": res.objective,
            "integer_columns": res.size.get("integer_columns"),
            "solve_s": res.timings_s.get("solve"), "loadavg_start": os.getloadavg()}


def _stored() -> dict:
    if JSON.exists():
        return json.loads(JSON.read_text(encoding="utf-8"))
    return {"runs": {}, "forced": {}}


def _save(section: str, key: str, value: dict, state: dict) -> None:
    """Merge one result into the JSON as it is on disk now (other invocations may have
    added theirs since this one started)."""
    stored = _stored()
    stored.setdefault(section, {})[key] = value
    runs, forced = stored.get("runs", {}), stored.get("forced", {})
    ratio = None
    if runs.get("before", {}).get("solve_cpu_s") and runs.get("after", {}).get("solve_cpu_s"):
        ratio = runs["after"]["solve_cpu_s"] / runs["before"]["solve_cpu_s"]
    triple = [runs[n]["orders"] for n in TRIPLE if n in runs]
    same = all(o == triple[0] for o in triple) if len(triple) == 3 else None
    payload = {k: v for k, v in stored.items()
               if k not in ("benchmark", "versions", "argv", "runs", "forced")}
    write_json("bench_gap", {**payload, **state, "runs": runs, "forced": forced,
                             "after_over_before_cpu": ratio, "plant_decisions_equal": same})


def report(stored: dict) -> None:
    """Print the gap table, the ratio, binding limits and the forced-decision table."""
    runs = stored.get("runs", {})
    rows = [[name, r["scenario"], r["outcome"], fmt(r["solve_s"], ".1f"),
             fmt(r.get("solve_cpu_s"), ".1f"),
             fmt(r["gap_eur"], ",.0f"), fmt(r["gap_share"], ".2e"),
             fmt(r["objective_meur"], ",.2f"), fmt(r["wind_end_mw"], ",.0f"),
             fmt(r["cumulative_emissions_t"] / 1e6, ".3f"),
             fmt(r.get("loadavg_start", [None])[0], ".2f"),
             "; ".join(r["orders"]) or "none"] for name, r in runs.items()]
    print_table(["case", "scenario", "outcome", "solve s", "solve CPU s", "gap EUR", "gap share",
                 "optimised M EUR", "wind end MW", "CO2 Mt", "load1", "plant orders"], rows)
    before, after = runs.get("before", {}), runs.get("after", {})
    for unit in ("solve_s", "solve_cpu_s"):
        if before.get(unit) and after.get(unit):
            print(f"{unit} after/before: {after[unit] / before[unit]:.2f}")
    triple = [runs[n]["orders"] for n in TRIPLE if n in runs]
    if len(triple) == 3:
        print(f"plant decisions equal in fast/reference/slow: "
              f"{all(o == triple[0] for o in triple)}")
    for name, r in runs.items():
        for family, hits in r["binding_limits"].items():
            for h in hits:
                who = " ".join(str(h[k]) for k in ("technology", "region", "direction") if k in h)
                print(f"  {name}: {family} binds for {who} in {h['years']}")
        for b in r.get("big_m_binding") or []:
            print(f"  {name}: big-M binds for {b['plant']} {b['option']} ordered "
                  f"{b['order_year']} at {b['bound']:.4g}")
    forced = stored.get("forced", {})
    if forced:
        rows = []
        for key, f in forced.items():
            a, b = key.split("->")
            rb = runs[b]
            orders_a = (runs[a]["orders"] if a in runs else rb["orders"] if a == "own"
                        else sorted(ALTERNATIVES[a]))
            if f.get("same_decisions"):
                rows.append([a, b, "-", "-", fmt(rb["objective_meur"], ",.3f"), "-",
                             fmt(rb["gap_eur"] / 1e6, ".3f"), "same decisions (no solve)"])
                continue
            gap = rb["gap_eur"] / 1e6
            delta = f["objective_meur"] - rb["objective_meur"]
            same = orders_a == rb["orders"]
            verdict = ("same decisions (B's incumbent vs the best with them)" if same else
                       "ok: B's own are better by more than the gap" if delta > gap else
                       "ok: within the gap (indistinguishable)" if delta >= -gap else
                       "FAIL: A's decisions beat B's optimum by more than the gap")
            rows.append([a, b, f["outcome"], fmt(f["objective_meur"], ",.3f"),
                         fmt(rb["objective_meur"], ",.3f"), fmt(delta, "+.3f"),
                         fmt(gap, ".3f"), verdict])
        print()
        print_table(["decisions of A", "forced into B", "outcome", "forced M EUR",
                     "B optimum M EUR", "forced - opt", "gap B M EUR", "verdict"], rows)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", nargs="*", default=None, choices=list(CASES))
    ap.add_argument("--forced", action="store_true",
                    help="force each permitting case's plant decisions into the other two")
    ap.add_argument("--alternatives", action="store_true",
                    help="force the decision sets of ALTERNATIVES into each permitting case")
    ap.add_argument("--only", nargs="+", choices=list(ALTERNATIVES), default=None,
                    help="with --alternatives: only these decision sets")
    ap.add_argument("--into", nargs="+", choices=list(TRIPLE), default=list(TRIPLE),
                    help="with --alternatives: only into these cases")
    ap.add_argument("--own", action="store_true",
                    help="re-solve each permitting case with its own plant decisions fixed "
                         "(the best cost with them, against its MIP incumbent)")
    ap.add_argument("--report", action="store_true", help="only print the stored tables")
    ap.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                    help="extra override for every case, applied last (e.g. a shorter horizon)")
    args = ap.parse_args()
    if args.report:
        report(_stored())
        return 0
    cases = args.cases if args.cases is not None else (
        [] if args.forced or args.alternatives or args.own else list(CASES))
    state = load_check()
    for name in cases:
        scenario, overrides = CASES[name]
        overrides = [*overrides, *args.sets]
        print(f"{name}: {scenario} {' '.join('--set ' + o for o in [*BENCH, *overrides])}",
              flush=True)
        r = in_fresh_process(gap_run, scenario_path(scenario), overrides)
        _save("runs", name, r, state)
        print(f"  {r['outcome']}, solve {fmt(r['solve_s'], '.1f')} s, gap "
              f"{fmt(r['gap_eur'], ',.0f')} EUR", flush=True)
    runs = _stored().get("runs", {})
    pairs = []
    if args.forced:
        pairs += [(a, runs[a]["orders"], b) for a in TRIPLE for b in TRIPLE
                  if a != b and a in runs and b in runs]
    if args.alternatives:
        pairs += [(label, orders, b) for label, orders in ALTERNATIVES.items()
                  for b in args.into if b in runs and (not args.only or label in args.only)]
    if args.own:
        pairs += [("own", runs[b]["orders"], b) for b in TRIPLE if b in runs]
    for a, orders, b in pairs:
        if sorted(orders) == runs[b]["orders"] and a in runs:
            _save("forced", f"{a}->{b}", {"same_decisions": True}, state)
            continue
        scenario, overrides = CASES[b]
        print(f"forced: {a}'s plant orders into {b}", flush=True)
        f = in_fresh_process(forced_run, scenario_path(scenario), [*overrides, *args.sets],
                             orders)
        _save("forced", f"{a}->{b}", f, state)
    report(_stored())
    return 0


if __name__ == "__main__":
    sys.exit(main())
