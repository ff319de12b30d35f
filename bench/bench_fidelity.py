"""Fidelity cost of the default time resolution: 8 days x 12 segments vs 12 full days.

Measures
    Two runs of ``scenarios/reference.yaml`` through ``model.runner.run_scenario``, each in a
    fresh spawned process; by default the two processes run *at the same time* (one per core),
    because one after the other they need ~10 min on 2 cores, above the budget of a benchmark
    (``--sequential`` for clean, undisturbed run times):

    * ``reference``: as shipped (8 representative days x 12 tsam segments per day);
    * ``finer``: ``--set time.representative_days=12 --set time.segments=null`` (12 full
      hourly days, every year).

    Both get ``solver.time_limit_s=540`` and ``solver.mip_rel_gap=0.001`` (0.1 %, whatever
    the scenario's default), so the comparison is not blurred by a loose gap. Per year it
    compares total emissions (``emissions_t`` summed over sources) and total undiscounted
    cost (``cost_eur`` summed over categories) from ``RunResult.dataset``; over the horizon
    the NPV (objective, million EUR) and cumulative emissions; and the run times and model
    sizes of both.

Run
    python bench/bench_fidelity.py               # both cases concurrently, ~9 min on 2 cores
    python bench/bench_fidelity.py --sequential  # one after the other, ~10 min
    python bench/bench_fidelity.py --set years.end=2030      # extra overrides for both runs
    python bench/bench_fidelity.py --finer time.representative_days=24  # finer = 24 x 12
    python bench/bench_fidelity.py --ladder 2027   # 2025-2027 only: 8x12 ... 96x24 (~4.5 min)
    python bench/bench_fidelity.py --frontier 2028 --set permitting.wind.pre_application_months=0
        # every plan validated at 8,760 hours (the command of bench/README.md)
    python bench/bench_fidelity.py --frontier 2031 --set permitting.wind.pre_application_months=0 \
        --cases "24 x 24" "8 x 12"   # column (c): a horizon on which wind is built and a
                                     # year of approval delay costs (bench/README.md)

    ``--frontier END_YEAR``: for each case of ``FRONTIER`` (resolutions, finest first) and
    ``CANDIDATES`` (other representations of similar size: feature weights, the
    duration-curve representation, fewer steps with more days, ``years.operation_step``),
    the plan of the years up to END_YEAR and, unless ``--base-only``, the same with
    ``--delay-months`` (default 12) more wind approval in every region, each re-dispatched
    at 8,760 hours (``output.validate_hourly=milestones`` with ``validation_step_years=3``:
    on 2025-2028 the first and last year; the years between carry the interpolated
    hourly - planning difference): (a) the planning figures' error against their own hourly
    validation (NPV, cumulative and largest yearly emissions over the validated years),
    (b) decision regret: the hourly-validated NPV of each plan against that of the finest
    plan, (c) the NPV cost of the extra approval months (hourly-validated and planning
    basis, each against the finest's; with the wind in operation in the last year, base and
    delayed), and solve, validation and end-to-end times with the load average before each
    run. Every run is one fresh process with HiGHS ``threads=1`` and one validation worker,
    ``mip_rel_gap`` 0.2 %. Runs are cached in ``bench/out/frontier_cache`` by their
    overrides (``--fresh`` re-runs them), so cases can be run in pieces and the table
    assembled afterwards; the markdown table goes to ``bench/out/bench_fidelity_frontier.md``.

Read
    ``rel diff`` = (reference - finer) / finer: the error of the default resolution taken
    against the finer run as the truth. Differences below the MIP gap (0.1 % of the NPV) are
    solver tolerance, not resolution. In the default concurrent mode the reference run's
    time is inflated by sharing the machine with the finer run's load and build; the finer
    run's solve has a core to itself for most of its time. A ``feasible_at_limit`` outcome
    means the 540 s limit ended the solve; the gap column then says how far from optimal that
    run is. The table and the timings are also written to ``bench/out/bench_fidelity.json``.

    ``--ladder END_YEAR`` answers whether the finer run is itself converged: the years up to
    END_YEAR at 8x12, 8x24, 12x12, 12x24, 24x24, 48x24 and 96x24 (days x steps), each
    compared with the finest (horizon emissions, undiscounted cost, NPV).
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    OUT_DIR,
    fmt,
    in_fresh_process,
    load_check,
    print_table,
    scenario_path,
    scenario_run,
    write_json,
)

COMMON = ["solver.time_limit_s=540", "solver.mip_rel_gap=0.001"]
CASES = {
    "reference": [],
    "finer": ["time.representative_days=12", "time.segments=null"],
}
KEEP = ("emissions_t", "cost_eur")


def rel(a: float | None, b: float | None) -> float | None:
    if a is None or b is None:
        return None
    return (a - b) / b if b else float("nan")


LADDER = [(8, 12), (8, None), (12, 12), (12, None), (24, None), (48, None), (96, None)]


def ladder(path: str, sets: list[str], end: int) -> int:
    """Short-horizon convergence check: many resolutions, each against the finest."""
    runs = []
    for days, seg in LADDER:
        label = f"{days} x {seg or '24 h'}"
        overrides = [*COMMON, f"years.end={end}", *sets, f"time.representative_days={days}",
                     f"time.segments={'null' if seg is None else seg}"]
        r = in_fresh_process(scenario_run, path, overrides, keep=KEEP)
        r["label"] = label
        runs.append(r)
        print(f"  {label}: {r['outcome']}, solve {r['timings_s'].get('solve', 0):.1f} s, "
              f"{r['end_to_end_s']:.1f} s end to end", flush=True)
    ok = [r for r in runs if r["emissions_t"]]
    best = ok[-1]
    em_best, cost_best = sum(best["emissions_t"].values()), sum(best["cost_eur"].values())
    rows = []
    for r in ok:
        em, cost = sum(r["emissions_t"].values()), sum(r["cost_eur"].values())
        first = min(r["emissions_t"])
        r["ladder"] = {"emissions_rel_diff": rel(em, em_best),
                       "cost_rel_diff": rel(cost, cost_best),
                       "npv_rel_diff": rel(r["objective_meur"], best["objective_meur"])}
        rows.append([r["label"], f"{r['size'].get('columns', 0):,}", fmt(em / 1e3, ",.1f"),
                     fmt(rel(em, em_best), "+.2%"),
                     fmt(rel(r["emissions_t"][first], best["emissions_t"][first]), "+.2%"),
                     fmt(cost / 1e6, ",.1f"), fmt(rel(cost, cost_best), "+.2%"),
                     fmt(r["ladder"]["npv_rel_diff"], "+.2%"), fmt(r["timings_s"].get("solve")),
                     fmt(r["gap"], ".3%")])
    print()
    print_table(["resolution", "columns", "emissions kt", "vs finest", f"{first} only",
                 "cost MEUR", "vs finest", "NPV vs finest", "solve s", "gap"], rows)
    print(f"\nyears {first}-{end}; 'vs finest' = (row - {best['label']}) / {best['label']}")
    out = write_json("bench_fidelity_ladder", {"end_year": end, "cases": runs})
    print(f"written {out}")
    return 0


#: Frontier cases, finest first: label -> overrides. The resolutions measure the frontier;
#: the candidates (item 2 of issue 13) are alternative representations of similar size.
FRONTIER: dict[str, list[str]] = {
    "48 x 24": ["time.representative_days=48", "time.segments=null"],
    "24 x 24": ["time.representative_days=24", "time.segments=null"],
    "16 x 12": ["time.representative_days=16", "time.segments=12"],
    "8 x 12": ["time.representative_days=8", "time.segments=12"],
    "4 x 12": ["time.representative_days=4", "time.segments=12"],
}
CANDIDATES: dict[str, list[str]] = {
    "8 x 12 price/demand x4": [*FRONTIER["8 x 12"], "time.feature_weights={price_factor: 4, "
                               "other_demand_factor: 4}"],
    "8 x 12 distribution": [*FRONTIER["8 x 12"], "time.representation=distribution"],
    "16 x 6": ["time.representative_days=16", "time.segments=6"],
    "16 x 12 step 2": [*FRONTIER["16 x 12"], "years.operation_step=2"],
    "24 x 12 step 3": ["time.representative_days=24", "time.segments=12",
                       "years.operation_step=3"],
}
FRONTIER_COMMON = ["solver.threads=1", "solver.mip_rel_gap=0.002", "solver.time_limit_s=600",
                   "output.validate_hourly=milestones", "output.validation_step_years=3",
                   "output.validation_workers=1", "output.brief=false", "output.netcdf=false"]
HOURLY_KEEP = (*KEEP, "emissions_hourly_t", "cost_hourly_eur", "discount_factor",
               "hourly_validated", "capacity_mw@technology=wind")
WIND = "capacity_mw@technology=wind"
CACHE = Path(__file__).resolve().parent / "out" / "frontier_cache"


def _npv(r: dict, var: str) -> float:
    disc = r["discount_factor"]
    return sum(v * disc[y] for y, v in r[var].items()) / 1e6


def _cached_run(path: str, overrides: list[str], fresh: bool) -> dict:
    """One run in a fresh process, or its cached result (same scenario and overrides; the cache
    does not know the code version: use ``--fresh`` after changing the model)."""
    import hashlib
    import json
    import os

    key = hashlib.sha256("\n".join([path, *overrides]).encode()).hexdigest()[:16]
    file = CACHE / f"{key}.json"
    if file.exists() and not fresh:
        return json.loads(file.read_text(encoding="utf-8"))
    load_before = os.getloadavg()
    r = in_fresh_process(scenario_run, path, overrides, keep=HOURLY_KEEP)
    r["loadavg_before"], r["loadavg_after"] = load_before, os.getloadavg()
    CACHE.mkdir(parents=True, exist_ok=True)
    file.write_text(json.dumps(r, default=float), encoding="utf-8")
    return {**json.loads(file.read_text(encoding="utf-8"))}


def _years_int(r: dict) -> dict:
    """JSON round trips turn the year keys into strings: back to int."""
    for name in HOURLY_KEEP:
        if isinstance(r.get(name), dict):
            r[name] = {int(y): v for y, v in r[name].items()}
    return r


def _metrics(r: dict, d: dict | None, best: dict, best_d: dict | None) -> dict:
    npv_p, npv_h = _npv(r, "cost_eur"), _npv(r, "cost_hourly_eur")
    em_p, em_h = sum(r["emissions_t"].values()), sum(r["emissions_hourly_t"].values())
    solved = [y for y, v in (r.get("hourly_validated") or {}).items() if v] or \
        list(r["emissions_hourly_t"])
    yearly = max(abs(rel(r["emissions_t"][y], r["emissions_hourly_t"][y])) for y in solved)
    npv_best = _npv(best, "cost_hourly_eur")
    out = {"npv_planning_vs_hourly": rel(npv_p, npv_h),
           "emissions_planning_vs_hourly": rel(em_p, em_h),
           "max_yearly_emissions_planning_vs_hourly": yearly,
           "regret_vs_finest_plan": rel(npv_h, npv_best),
           "npv_hourly_meur": npv_h, "npv_planning_meur": npv_p,
           "delay_cost_meur": None, "delay_cost_vs_finest": None,
           "delay_cost_planning_meur": None, "delay_cost_planning_vs_finest": None,
           "solve_s": r["timings_s"].get("solve"),
           "validation_s": r["timings_s"].get("hourly_validation"),
           "end_to_end_s": r["end_to_end_s"], "cpu_s": r.get("cpu_s"), "peak_mb": r.get("peak_mb"),
           "gap": r.get("gap"), "columns": r["size"].get("columns"),
           "loadavg_before": (r.get("loadavg_before") or [None])[0]}
    # a delayed run without figures (stopped at its time limit) gives no delay cost
    if d is not None and d.get("cost_hourly_eur") and best_d is not None \
            and best_d.get("cost_hourly_eur"):
        delay = _npv(d, "cost_hourly_eur") - npv_h
        delay_best = _npv(best_d, "cost_hourly_eur") - npv_best
        out["delay_cost_meur"], out["delay_cost_vs_finest"] = delay, rel(delay, delay_best)
        delay_p = _npv(d, "cost_eur") - npv_p
        delay_p_best = _npv(best_d, "cost_eur") - _npv(best, "cost_eur")
        out["delay_cost_planning_meur"] = delay_p
        out["delay_cost_planning_vs_finest"] = rel(delay_p, delay_p_best)
    wind = {k: x.get(WIND) for k, x in (("base", r), ("delayed", d or {}))}
    out["wind_last_year_mw"] = {k: (v[max(v)] if v else None) for k, v in wind.items()}
    return out


def _wind_cell(wind: dict) -> str:
    base, delayed = wind.get("base"), wind.get("delayed")
    if base is None:
        return "-"
    return f"{base:,.0f}" + ("" if delayed is None else f" ({delayed:,.0f})")


def frontier(path: str, sets: list[str], end: int, delay_months: float, labels: list[str],
             base_only: list[str], fresh: bool) -> int:
    """Each case's plan validated at 8,760 hours: error, regret, cost of delay, time."""
    from model.inputs import data as data_mod
    from model.inputs.config import load_scenario

    cases = {**FRONTIER, **CANDIDATES}
    unknown = [x for x in labels if x not in cases]
    if unknown:
        raise SystemExit(f"unknown frontier cases {unknown}; known: {list(cases)}")
    base_sc = load_scenario(path, [*sets, f"years.end={end}"])
    wind = data_mod.load(base_sc).permitting.xs("wind", level=0)["approval_months"]
    base = [*FRONTIER_COMMON, f"years.end={end}", *sets]
    # every region's resolved approval months plus the delay, nothing else changed
    delayed = [f"permitting.wind.regions.{r}.approval_months={m + delay_months:g}"
               for r, m in wind.items() if r != "*"]
    print(f"frontier: years {base_sc.years.start}-{end}, common overrides {' '.join(base)}; "
          f"delay case: {' '.join(delayed)}", flush=True)
    runs: dict[str, dict] = {}
    for label in labels:
        r = _years_int(_cached_run(path, [*base, *cases[label]], fresh))
        d = None if label in base_only else _years_int(
            _cached_run(path, [*base, *cases[label], *delayed], fresh))
        runs[label] = {"overrides": cases[label], "base": r, "delayed": d}
        print(f"  {label}: {r['outcome']}{'' if d is None else ' / delayed ' + d['outcome']}, "
              f"solve {r['timings_s'].get('solve', 0):.1f} s, validation "
              f"{r['timings_s'].get('hourly_validation', 0):.1f} s, end to end "
              f"{r['end_to_end_s']:.1f} s, load average before "
              f"{(r.get('loadavg_before') or [float('nan')])[0]:.1f}", flush=True)
    ok = {k: x for k, x in runs.items() if x["base"].get("cost_hourly_eur")}
    if not ok:
        print("no case with hourly figures")
        return 1
    finest = next(iter(ok))
    best, best_d = ok[finest]["base"], ok[finest]["delayed"]
    headers = ["case", "columns", "solve s", "validation s", "end-to-end s", "CPU s", "load avg",
               "NPV plan vs hourly", "cum. CO2 plan vs hourly", "max yearly CO2",
               "regret vs finest", f"+{delay_months:g} months wind, M EUR", "vs finest",
               "same, planning basis", "vs finest", "wind MW last year (delayed)", "gap",
               "peak MB"]
    rows = []
    for label, x in ok.items():
        f = x["frontier"] = _metrics(x["base"], x["delayed"], best, best_d)
        rows.append([label, fmt(f["columns"], ","), fmt(f["solve_s"], ".1f"),
                     fmt(f["validation_s"], ".0f"), fmt(f["end_to_end_s"], ".0f"),
                     fmt(f["cpu_s"], ".0f"), fmt(f["loadavg_before"], ".1f"),
                     fmt(f["npv_planning_vs_hourly"], "+.2%"),
                     fmt(f["emissions_planning_vs_hourly"], "+.2%"),
                     fmt(f["max_yearly_emissions_planning_vs_hourly"], ".2%"),
                     fmt(f["regret_vs_finest_plan"], "+.3%"),
                     fmt(f["delay_cost_meur"], ",.3f"), fmt(f["delay_cost_vs_finest"], "+.1%"),
                     fmt(f["delay_cost_planning_meur"], ",.3f"),
                     fmt(f["delay_cost_planning_vs_finest"], "+.1%"),
                     _wind_cell(f["wind_last_year_mw"]),
                     fmt(f["gap"], ".3%"), fmt(f["peak_mb"], ".0f")])
    print()
    print_table(headers, rows)
    print(f"\nyears {base_sc.years.start}-{end}; every plan re-dispatched at 8,760 hours in "
          f"every operating year; finest = {finest}; NPV of all costs (constant terms included)")
    md = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    md += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    (OUT_DIR / "bench_fidelity_frontier.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    out = write_json("bench_fidelity_frontier", {"end_year": end, "sets": sets,
                                                  "common": base, "delayed": delayed,
                                                  "delay_months": delay_months, "cases": runs})
    print(f"written {out} and bench_fidelity_frontier.md")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", default="reference")
    ap.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                    help="extra override for both runs (repeatable)")
    ap.add_argument("--finer", action="append", default=None, metavar="KEY=VALUE",
                    help="overrides that define the finer run (repeatable; default "
                         "time.representative_days=12 time.segments=null)")
    ap.add_argument("--sequential", action="store_true",
                    help="run the two cases one after the other instead of concurrently")
    ap.add_argument("--ladder", type=int, default=None, metavar="END_YEAR",
                    help="instead: a convergence ladder (8x12 ... 96 full days) on the years "
                         "up to END_YEAR, each against the finest (written to "
                         "bench_fidelity_ladder.json)")
    ap.add_argument("--frontier", type=int, default=None, metavar="END_YEAR",
                    help="instead: the resolution frontier on the years up to END_YEAR, every "
                         "plan validated at 8,760 hours (bench_fidelity_frontier.json)")
    ap.add_argument("--cases", nargs="+", default=None, metavar="LABEL",
                    help="frontier cases to run, finest first (default: every resolution, "
                         "then every candidate); labels as in FRONTIER and CANDIDATES")
    ap.add_argument("--base-only", nargs="*", default=[], metavar="LABEL",
                    help="frontier cases without the delayed run")
    ap.add_argument("--fresh", action="store_true",
                    help="re-run frontier cases even if bench/out/frontier_cache holds them")
    ap.add_argument("--delay-months", type=float, default=12.0,
                    help="extra wind approval months for the cost-of-delay column")
    args = ap.parse_args()
    load_check()
    path = scenario_path(args.scenario)
    if args.frontier:
        labels = args.cases or [*FRONTIER, *CANDIDATES]
        return frontier(path, args.sets, args.frontier, args.delay_months, labels,
                        args.base_only, args.fresh)
    if args.ladder:
        return ladder(path, args.sets, args.ladder)
    cases = dict(CASES)
    if args.finer:
        cases["finer"] = args.finer

    def one(name: str) -> dict:
        r = in_fresh_process(scenario_run, path, [*COMMON, *args.sets, *cases[name]], keep=KEEP)
        print(f"  {name}: {r['outcome']}, {r['end_to_end_s']:.1f} s end to end, solve "
              f"{r['timings_s'].get('solve', float('nan')):.1f} s, gap {fmt(r['gap'], '.3%')}",
              flush=True)
        return r

    for name in cases:
        print(f"{name}: {' '.join('--set ' + o for o in [*COMMON, *args.sets, *cases[name]])}",
              flush=True)
    t = time.perf_counter()
    if args.sequential:
        runs = {name: one(name) for name in cases}
    else:
        with ThreadPoolExecutor(max_workers=2) as pool:  # each thread waits on its own process
            futures = {name: pool.submit(one, name) for name in ("finer", "reference")}
            runs = {name: futures[name].result() for name in cases}
    wall = time.perf_counter() - t
    print(f"benchmark wall time {wall:.1f} s ({'sequential' if args.sequential else 'concurrent'})")

    ref, fine = runs["reference"], runs["finer"]
    print()
    print_table(
        ["case", "outcome", "columns", "rows", "nonzeros", "integers", "load s", "build s",
         "translate s", "solve s", "extract s", "write s", "end-to-end s", "gap", "peak MB"],
        [[n, r["outcome"], r["size"].get("columns"), r["size"].get("rows"),
          r["size"].get("nonzeros"), r["size"].get("integer_columns"),
          *(fmt(r["timings_s"].get(k)) for k in
            ("load", "build", "translate", "solve", "extract", "write")),
          fmt(r["end_to_end_s"]), fmt(r["gap"], ".3%"), fmt(r["peak_mb"], ".0f")]
         for n, r in runs.items()])

    rows, per_year = [], []
    if ref["emissions_t"] and fine["emissions_t"]:
        for y in sorted(ref["emissions_t"]):
            e_r, e_f = ref["emissions_t"][y], fine["emissions_t"].get(y)
            c_r, c_f = ref["cost_eur"][y], fine["cost_eur"].get(y)
            per_year.append({"year": y, "emissions_t_reference": e_r, "emissions_t_finer": e_f,
                             "emissions_rel_diff": rel(e_r, e_f), "cost_eur_reference": c_r,
                             "cost_eur_finer": c_f, "cost_rel_diff": rel(c_r, c_f)})
            rows.append([y, fmt(e_r / 1e3, ",.1f"), fmt(e_f / 1e3, ",.1f"),
                         fmt(rel(e_r, e_f), "+.2%"), fmt(c_r / 1e6, ",.2f"),
                         fmt(c_f / 1e6, ",.2f"), fmt(rel(c_r, c_f), "+.2%")])
        print()
        print_table(["year", "em. ref kt", "em. finer kt", "rel diff", "cost ref MEUR",
                     "cost finer MEUR", "rel diff"], rows)
    summary = {}
    if per_year:
        cum_r = sum(ref["emissions_t"].values())
        cum_f = sum(fine["emissions_t"].values())
        summary = {
            "npv_meur_reference": ref["objective_meur"], "npv_meur_finer": fine["objective_meur"],
            "npv_rel_diff": rel(ref["objective_meur"], fine["objective_meur"]),
            "cumulative_emissions_t_reference": cum_r, "cumulative_emissions_t_finer": cum_f,
            "cumulative_emissions_rel_diff": rel(cum_r, cum_f),
            "max_abs_yearly_emissions_rel_diff": max(abs(p["emissions_rel_diff"])
                                                     for p in per_year),
            "max_abs_yearly_cost_rel_diff": max(abs(p["cost_rel_diff"]) for p in per_year),
            "run_time_ratio_finer_over_reference": fine["end_to_end_s"] / ref["end_to_end_s"],
            "solve_time_ratio_finer_over_reference":
                fine["timings_s"]["solve"] / ref["timings_s"]["solve"],
        }
        print()
        print_table(["horizon", "reference", "finer", "rel diff"], [
            ["NPV MEUR", fmt(summary["npv_meur_reference"], ",.2f"),
             fmt(summary["npv_meur_finer"], ",.2f"), fmt(summary["npv_rel_diff"], "+.3%")],
            ["cumulative emissions kt", fmt(cum_r / 1e3, ",.1f"), fmt(cum_f / 1e3, ",.1f"),
             fmt(summary["cumulative_emissions_rel_diff"], "+.3%")],
            ["max |yearly emissions diff|", "", "",
             fmt(summary["max_abs_yearly_emissions_rel_diff"], ".2%")],
            ["max |yearly cost diff|", "", "", fmt(summary["max_abs_yearly_cost_rel_diff"], ".2%")],
            ["end-to-end s", fmt(ref["end_to_end_s"], ".1f"), fmt(fine["end_to_end_s"], ".1f"),
             f"x{summary['run_time_ratio_finer_over_reference']:.1f}"],
            ["solve s", fmt(ref["timings_s"]["solve"], ".1f"),
             fmt(fine["timings_s"]["solve"], ".1f"),
             f"x{summary['solve_time_ratio_finer_over_reference']:.1f}"],
        ])
    else:
        print("\nno dataset from one of the runs (outcome above): nothing to compare")
    out = write_json("bench_fidelity", {"common_overrides": COMMON + args.sets,
                                        "case_overrides": cases,
                                        "mode": "sequential" if args.sequential else "concurrent",
                                        "wall_s": wall, "cases": runs,
                                        "per_year": per_year, "summary": summary})
    print(f"\nwritten {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}")
    return 0 if per_year else 1


if __name__ == "__main__":
    sys.exit(main())
