"""Our Pyomo route against linopy on a synthetic capacity-expansion and dispatch LP.

Measures
    A synthetic capacity-expansion + dispatch LP (wind, PV, battery energy and
    power, grid connection; T hours x P periods of 5 years; cyclic state of charge; one
    emission-cap row per period), from one shared, seeded numpy data set, written twice:

    * ``pyomo``: idiomatic Pyomo (``Set``, immutable ``Param``, indexed ``Var``, decorator
      rules, ``prevw`` for the cyclic SOC) built inside ``PauseGC`` and solved through *our*
      route, ``model.solve.highs.solve(m, {"solver": "choose"})`` (``LinearStandardFormCompiler`` ->
      ``highspy.passModel`` -> ``set_value``);
    * ``linopy``: the same LP with linopy, ``m.solve("highs", io_api="direct")``.

    Phases: *build* = model construction; *translate* = until HiGHS holds the model (ours:
    ``SolveResult.timings_s["translate"]``; linopy: from ``Model.solve`` until ``Highs.run``
    starts); *solve* = ``Highs.run``; *extract* = the rest of the solve call (values back into
    the model). Overhead = build + translate + extract. Every (route, size) runs in a fresh
    spawned process; peak MB is that process's ru_maxrss (interpreter and imports included).
    Both routes run HiGHS with ``solver=choose`` and output off. Each process first runs its
    route once on a 24x1 model (``1st-call s``) so that one-time costs stay out of the phases:
    for our route that is mostly Pyomo's deferred scipy import on the first compile (its
    ``_finalize_scipy`` also imports scipy.stats, .integrate, .spatial: ~1.7 s), for linopy
    its lazy imports. ``bench_reference.py`` shows these costs as a user meets them.

Run
    python bench/bench_vs_linopy.py                    # 672x1, 672x5, 2184x3 (~1 min)
    python bench/bench_vs_linopy.py --sizes 168x1 8760x1 --repeat 3

Read
    Per size: absolute seconds of each phase for both routes, then ``ours/linopy`` =
    our overhead / linopy's overhead (< 1: we are cheaper) and ``ours/solve`` = our overhead /
    our HiGHS solve (the share the modelling layer adds). ``obj rel diff`` must be below 1e-6
    (the script exits 1 otherwise). With ``--repeat N`` the cases run interleaved and medians
    are shown. The data are synthetic and seeded (see ``make_data`` below), so absolute
    objectives mean nothing outside this comparison. Numbers also go to
    ``bench/out/bench_vs_linopy.json``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import fmt, in_fresh_process, load_check, print_table, write_json  # noqa: E402

TECHS = ["wind", "pv", "bat_e", "bat_p", "grid"]
YEARS_PER_PERIOD = 5
RATE = 0.05
EFF = 0.95
CAP_SHARE = [0.50, 0.35, 0.25, 0.15, 0.10]
# capex EUR/MW (EUR/MWh for bat_e), lifetime years, fixed O&M share of capex per year
CAPEX = {"wind": 1.3e6, "pv": 0.6e6, "bat_e": 2.5e5, "bat_p": 1.5e5, "grid": 1.0e5}
LIFE = {"wind": 25, "pv": 25, "bat_e": 15, "bat_p": 15, "grid": 40}
FOM = {"wind": 0.03, "pv": 0.02, "bat_e": 0.01, "bat_p": 0.01, "grid": 0.01}
CAP_MAX = {"wind": 60.0, "pv": 50.0}
VOM = {"wind": 1.0, "pv": 0.5, "dis": 1.0}  # EUR/MWh


# ----------------------------------------------------------------------------- shared data

def make_data(T: int, P: int, seed: int = 42) -> dict:
    """Seeded synthetic data as numpy arrays (the same for both routes)."""
    rng = np.random.default_rng(seed + 1000 * T + P)
    hour = np.arange(T) % 24
    day = np.arange(T) // 24
    n_days = max(T // 24, 1)
    doy = (day + 0.5) * 365.0 / n_days  # T hours stand for a compressed year
    season = np.cos(2 * np.pi * (doy - 172) / 365.0)  # +1 midsummer, -1 midwinter
    # wind: AR(1) around 0.3, windier in winter
    eps = rng.normal(0.0, 0.08, T)
    x = np.empty(T)
    x[0] = 0.0
    for t in range(1, T):
        x[t] = 0.95 * x[t - 1] + eps[t]
    cf_wind = np.clip(0.3 - 0.08 * season + x, 0.0, 0.95)
    # PV: bell curve over the day x season x daily clouds
    bell = np.clip(np.cos(np.pi * (hour - 12.5) / 14.0), 0.0, None) ** 2
    clouds = rng.uniform(0.3, 1.0, n_days)[np.minimum(day, n_days - 1)]
    cf_pv = np.clip(bell * (0.55 + 0.35 * season) * clouds, 0.0, 1.0)
    # plant load: 8 MW base + two shifts + weekday effect + noise; +2 %/yr by period
    shifts = np.where((hour >= 6) & (hour < 22), 4.0, 0.0)
    weekday = np.where(day % 7 < 5, 1.0, 0.7)
    base = (8.0 + shifts * weekday + rng.normal(0.0, 0.4, T)).clip(min=4.0)
    growth = (1.02 ** (YEARS_PER_PERIOD * np.arange(P)))[:, None]
    demand = growth * base[None, :]
    # grid price 90-130 EUR/MWh, daily shape, cheaper with wind and PV
    shape = np.sin(np.pi * (hour - 6) / 12.0).clip(min=0)
    price = 100.0 + 25.0 * shape - 15.0 * (cf_wind - 0.3) - 10.0 * cf_pv + rng.normal(0, 2, T)
    price = np.clip(price, 90.0, 130.0)
    ef = np.clip(0.42 + 0.05 * shape - 0.1 * (cf_wind - 0.3) + rng.normal(0, 0.01, T),
                 0.2, 0.6)
    w = 8760.0 / T
    grid_only = w * (demand * ef[None, :]).sum(axis=1)
    em_cap = np.array([CAP_SHARE[min(p, len(CAP_SHARE) - 1)] for p in range(P)]) * grid_only
    # discounting: sum of discount factors over each period's years
    df_year = (1 + RATE) ** -np.arange(YEARS_PER_PERIOD * P)
    df_period = df_year.reshape(P, YEARS_PER_PERIOD).sum(axis=1)
    # annuitised capex of a vintage p, paid over all remaining periods (discounted)
    capex_coef = np.zeros((P, len(TECHS)))
    fom_coef = np.zeros((P, len(TECHS)))
    for j, k in enumerate(TECHS):
        ann = CAPEX[k] * RATE / (1 - (1 + RATE) ** -LIFE[k])
        for p in range(P):
            capex_coef[p, j] = ann * df_period[p:].sum()
            fom_coef[p, j] = FOM[k] * CAPEX[k] * df_period[p]
    var_grid = w * df_period[:, None] * price[None, :]  # (P, T)
    return {"T": T, "P": P, "w": w, "cf_wind": cf_wind, "cf_pv": cf_pv, "demand": demand,
            "ef": ef, "em_cap": em_cap, "capex_coef": capex_coef, "fom_coef": fom_coef,
            "var_grid": var_grid,
            "vom_w": w * df_period[:, None] * np.array([VOM["wind"], VOM["pv"], VOM["dis"]])}


# ----------------------------------------------------------------------------- Pyomo route

def build_pyomo(d: dict):
    import pyomo.environ as pyo
    from pyomo.common.gc_manager import PauseGC

    T, P = d["T"], d["P"]
    with PauseGC():
        m = pyo.ConcreteModel()
        m.P = pyo.Set(initialize=range(P), ordered=True)
        m.T = pyo.Set(initialize=range(T), ordered=True)
        m.K = pyo.Set(initialize=TECHS, ordered=True)
        m.cf_wind = pyo.Param(m.T, initialize=dict(enumerate(d["cf_wind"].tolist())))
        m.cf_pv = pyo.Param(m.T, initialize=dict(enumerate(d["cf_pv"].tolist())))
        m.ef = pyo.Param(m.T, initialize=dict(enumerate(d["ef"].tolist())))
        m.demand = pyo.Param(m.P, m.T, initialize={
            (p, t): v for p, row in enumerate(d["demand"].tolist()) for t, v in enumerate(row)})
        m.var_grid = pyo.Param(m.P, m.T, initialize={
            (p, t): v for p, row in enumerate(d["var_grid"].tolist()) for t, v in enumerate(row)})
        m.capex = pyo.Param(m.P, m.K, initialize={
            (p, k): d["capex_coef"][p, j] for p in range(P) for j, k in enumerate(TECHS)})
        m.fom = pyo.Param(m.P, m.K, initialize={
            (p, k): d["fom_coef"][p, j] for p in range(P) for j, k in enumerate(TECHS)})
        vom_keys = ["wind", "pv", "dis"]
        m.vom = pyo.Param(m.P, vom_keys, initialize={
            (p, k): d["vom_w"][p, j] for p in range(P) for j, k in enumerate(vom_keys)})
        m.em_cap = pyo.Param(m.P, initialize=dict(enumerate(d["em_cap"].tolist())))

        m.inv = pyo.Var(m.P, m.K, within=pyo.NonNegativeReals)
        m.cap = pyo.Var(m.P, m.K, within=pyo.NonNegativeReals,
                        bounds=lambda m, p, k: (0, CAP_MAX.get(k)))
        m.gw = pyo.Var(m.P, m.T, within=pyo.NonNegativeReals)
        m.gpv = pyo.Var(m.P, m.T, within=pyo.NonNegativeReals)
        m.ch = pyo.Var(m.P, m.T, within=pyo.NonNegativeReals)
        m.dis = pyo.Var(m.P, m.T, within=pyo.NonNegativeReals)
        m.soc = pyo.Var(m.P, m.T, within=pyo.NonNegativeReals)
        m.imp = pyo.Var(m.P, m.T, within=pyo.NonNegativeReals)

        @m.Constraint(m.P, m.K)
        def cap_def(m, p, k):
            prev = m.cap[p - 1, k] if p > 0 else 0
            return m.cap[p, k] == prev + m.inv[p, k]

        @m.Constraint(m.P, m.T)
        def wind_lim(m, p, t):
            return m.gw[p, t] <= m.cf_wind[t] * m.cap[p, "wind"]

        @m.Constraint(m.P, m.T)
        def pv_lim(m, p, t):
            return m.gpv[p, t] <= m.cf_pv[t] * m.cap[p, "pv"]

        @m.Constraint(m.P, m.T)
        def ch_lim(m, p, t):
            return m.ch[p, t] <= m.cap[p, "bat_p"]

        @m.Constraint(m.P, m.T)
        def dis_lim(m, p, t):
            return m.dis[p, t] <= m.cap[p, "bat_p"]

        @m.Constraint(m.P, m.T)
        def soc_lim(m, p, t):
            return m.soc[p, t] <= m.cap[p, "bat_e"]

        @m.Constraint(m.P, m.T)
        def imp_lim(m, p, t):
            return m.imp[p, t] <= m.cap[p, "grid"]

        @m.Constraint(m.P, m.T)
        def soc_bal(m, p, t):
            return m.soc[p, t] == m.soc[p, m.T.prevw(t)] + EFF * m.ch[p, t] - m.dis[p, t] / EFF

        @m.Constraint(m.P, m.T)
        def balance(m, p, t):
            return (m.gw[p, t] + m.gpv[p, t] + m.dis[p, t] + m.imp[p, t] - m.ch[p, t]
                    == m.demand[p, t])

        @m.Constraint(m.P)
        def em_limit(m, p):
            return d["w"] * sum(m.ef[t] * m.imp[p, t] for t in m.T) <= m.em_cap[p]

        m.obj = pyo.Objective(expr=(
            sum(m.capex[p, k] * m.inv[p, k] + m.fom[p, k] * m.cap[p, k] for p in m.P for k in m.K)
            + sum(m.var_grid[p, t] * m.imp[p, t] + m.vom[p, "wind"] * m.gw[p, t]
                  + m.vom[p, "pv"] * m.gpv[p, t] + m.vom[p, "dis"] * m.dis[p, t]
                  for p in m.P for t in m.T)), sense=pyo.minimize)
    return m


def case_pyomo(T: int, P: int) -> dict:
    t = time.perf_counter()
    import pyomo.environ  # noqa: F401

    from model.solve.highs import solve
    t_import = time.perf_counter() - t
    t = time.perf_counter()
    solve(build_pyomo(make_data(24, 1)), {"solver": "choose"})  # first-call costs, see main
    t_warmup = time.perf_counter() - t
    d = make_data(T, P)
    t = time.perf_counter()
    m = build_pyomo(d)
    build = time.perf_counter() - t
    t = time.perf_counter()
    sol = solve(m, {"solver": "choose"})
    total = time.perf_counter() - t
    tr, sv = sol.timings_s["translate"], sol.timings_s["solve"]
    return {"route": "pyomo", "T": T, "P": P, "build": build, "translate": tr, "solve": sv,
            "extract": total - tr - sv, "objective": sol.objective, "status": sol.status,
            "size": dict(sol.size), "import_s": t_import, "warmup_s": t_warmup}


# ----------------------------------------------------------------------------- linopy route

def build_linopy(d: dict):
    import warnings

    import linopy
    import pandas as pd
    import xarray as xr

    # cap.shift(period=1) is absent in period 0 and must count as 0 there (legacy semantics)
    warnings.filterwarnings("ignore", category=linopy.LinopySemanticsWarning)

    T, P = d["T"], d["P"]
    period = pd.RangeIndex(P, name="period")
    hour = pd.RangeIndex(T, name="hour")
    tech = pd.Index(TECHS, name="tech")
    coords_ph = [period, hour]

    def ph(a):
        return xr.DataArray(a, coords=coords_ph)

    def h(a):
        return xr.DataArray(a, coords=[hour])

    m = linopy.Model()
    ub = xr.DataArray([CAP_MAX.get(k, np.inf) for k in TECHS], coords=[tech])
    inv = m.add_variables(lower=0, coords=[period, tech], name="inv")
    cap = m.add_variables(lower=0, upper=ub.broadcast_like(inv.lower), coords=[period, tech],
                          name="cap")
    gw = m.add_variables(lower=0, coords=coords_ph, name="gw")
    gpv = m.add_variables(lower=0, coords=coords_ph, name="gpv")
    ch = m.add_variables(lower=0, coords=coords_ph, name="ch")
    dis = m.add_variables(lower=0, coords=coords_ph, name="dis")
    soc = m.add_variables(lower=0, coords=coords_ph, name="soc")
    imp = m.add_variables(lower=0, coords=coords_ph, name="imp")

    m.add_constraints(cap - cap.shift(period=1) - inv == 0, name="cap_def")
    m.add_constraints(gw - h(d["cf_wind"]) * cap.sel(tech="wind", drop=True) <= 0, name="wind_lim")
    m.add_constraints(gpv - h(d["cf_pv"]) * cap.sel(tech="pv", drop=True) <= 0, name="pv_lim")
    m.add_constraints(ch - cap.sel(tech="bat_p", drop=True) <= 0, name="ch_lim")
    m.add_constraints(dis - cap.sel(tech="bat_p", drop=True) <= 0, name="dis_lim")
    m.add_constraints(soc - cap.sel(tech="bat_e", drop=True) <= 0, name="soc_lim")
    m.add_constraints(imp - cap.sel(tech="grid", drop=True) <= 0, name="imp_lim")
    m.add_constraints(soc - soc.roll(hour=1) - EFF * ch + (1 / EFF) * dis == 0, name="soc_bal")
    m.add_constraints(gw + gpv + dis + imp - ch == ph(d["demand"]), name="balance")
    m.add_constraints((d["w"] * h(d["ef"]) * imp).sum("hour")
                      <= xr.DataArray(d["em_cap"], coords=[period]), name="em_limit")
    vom = d["vom_w"]
    m.add_objective(
        (xr.DataArray(d["capex_coef"], coords=[period, tech]) * inv).sum()
        + (xr.DataArray(d["fom_coef"], coords=[period, tech]) * cap).sum()
        + (ph(d["var_grid"]) * imp).sum()
        + (xr.DataArray(vom[:, 0], coords=[period]) * gw).sum()
        + (xr.DataArray(vom[:, 1], coords=[period]) * gpv).sum()
        + (xr.DataArray(vom[:, 2], coords=[period]) * dis).sum())
    return m


def case_linopy(T: int, P: int) -> dict:
    t = time.perf_counter()
    import linopy  # noqa: F401
    from linopy import solvers
    t_import = time.perf_counter() - t
    t = time.perf_counter()
    build_linopy(make_data(24, 1)).solve("highs", io_api="direct", output_flag=False)
    t_warmup = time.perf_counter() - t
    d = make_data(T, P)
    t = time.perf_counter()
    m = build_linopy(d)
    build = time.perf_counter() - t

    marks = {}
    run_highs = solvers._run_highs_with_keyboard_interrupt

    def timed_run(h):
        marks["run_start"] = time.perf_counter()
        try:
            return run_highs(h)
        finally:
            marks["run_end"] = time.perf_counter()

    solvers._run_highs_with_keyboard_interrupt = timed_run
    t = time.perf_counter()
    status, condition = m.solve("highs", io_api="direct", solver="choose", output_flag=False)
    t_end = time.perf_counter()
    solvers._run_highs_with_keyboard_interrupt = run_highs
    return {"route": "linopy", "T": T, "P": P, "build": build,
            "translate": marks["run_start"] - t, "solve": marks["run_end"] - marks["run_start"],
            "extract": t_end - marks["run_end"], "objective": float(m.objective.value),
            "status": f"{status}/{condition}", "size": {"columns": int(m.nvars),
                                                       "rows": int(m.ncons)},
            "import_s": t_import, "warmup_s": t_warmup}


# ----------------------------------------------------------------------------- main

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=["672x1", "672x5", "2184x3"],
                    help="T x P cases, e.g. 672x1 (default: 672x1 672x5 2184x3)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per case, interleaved; medians")
    args = ap.parse_args()
    load_check()
    sizes = [tuple(int(v) for v in s.lower().split("x")) for s in args.sizes]

    raw: dict[tuple, list[dict]] = {}
    for rep in range(args.repeat):
        for T, P in sizes:
            for route, fn in (("pyomo", case_pyomo), ("linopy", case_linopy)):
                r = in_fresh_process(fn, T, P)
                raw.setdefault((T, P, route), []).append(r)
                print(f"[{rep + 1}/{args.repeat}] {T}x{P} {route:6s} build {r['build']:.2f} "
                      f"translate {r['translate']:.2f} solve {r['solve']:.2f} "
                      f"extract {r['extract']:.2f} s, objective {r['objective']:,.2f}",
                      flush=True)

    def med(rs, key):
        return statistics.median(r[key] for r in rs)

    phases = ("build", "translate", "solve", "extract", "peak_mb", "warmup_s", "import_s")
    rows, results, ok = [], [], True
    for T, P in sizes:
        py = {k: med(raw[T, P, "pyomo"], k) for k in phases}
        lp = {k: med(raw[T, P, "linopy"], k) for k in phases}
        for x in (py, lp):
            x["overhead"] = x["build"] + x["translate"] + x["extract"]
        obj_py = raw[T, P, "pyomo"][0]["objective"]
        obj_lp = raw[T, P, "linopy"][0]["objective"]
        diff = abs(obj_py - obj_lp) / max(abs(obj_lp), 1.0)
        ok &= diff <= 1e-6
        size = raw[T, P, "pyomo"][0]["size"]
        res = {"T": T, "P": P, "size": size, "pyomo": py, "linopy": lp,
               "objective_pyomo": obj_py, "objective_linopy": obj_lp, "objective_rel_diff": diff,
               "ratio_overhead_ours_over_linopy": py["overhead"] / lp["overhead"],
               "ratio_overhead_ours_over_solve": py["overhead"] / py["solve"],
               "ratio_overhead_linopy_over_solve": lp["overhead"] / lp["solve"],
               "runs": {r: raw[T, P, r] for r in ("pyomo", "linopy")}}
        results.append(res)
        for name, x in (("ours", py), ("linopy", lp)):
            rows.append([f"{T}x{P}" if name == "ours" else "", name,
                         f"{size['columns']:,}" if name == "ours" else "",
                         f"{size['rows']:,}" if name == "ours" else "",
                         *(fmt(x[k]) for k in ("build", "translate", "solve", "extract",
                                               "overhead")),
                         fmt(x["import_s"]), fmt(x["warmup_s"]), fmt(x["peak_mb"], ".0f"),
                         fmt(res["ratio_overhead_ours_over_linopy"]) if name == "ours" else "",
                         fmt(x["overhead"] / x["solve"], ".3f"),
                         f"{diff:.1e}" if name == "ours" else ""])
    print()
    print_table(["T x P", "route", "columns", "rows", "build s", "translate s", "solve s",
                 "extract s", "overhead s", "import s", "1st-call s", "peak MB", "ours/linopy",
                 "overhead/solve", "obj rel diff"], rows)
    note = "" if args.repeat == 1 else f" (medians of {args.repeat})"
    print(f"\noverhead = build + translate + extract{note}; ours/linopy = our overhead / "
          "linopy's; import = importing the route's modules; 1st-call = the whole pipeline on "
          "a 24x1 model run first in the same process (one-time costs, excluded from the "
          "phases); objectives "
          + ("agree to 1e-6" if ok else "DIFFER by more than 1e-6"))
    out = write_json("bench_vs_linopy", {"repeat": args.repeat, "cases": results,
                                         "objectives_agree_1e-6": ok})
    print(f"written {out}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
