r"""Hourly validation of a plan: fix the investments, re-run the dispatch for all 8,760 hours.

The planning model runs on a few representative days; its yearly costs and emissions are
therefore estimates. This module checks a solved plan at full resolution, as peer practice
does for aggregated capacity-expansion models: every *plan decision* (capacities, projects
started, turbines, plant equipment ordered and installed) is fixed at its planning value, and
the dispatch of an operating year :math:`y` is solved again on the 365 calendar days × 24
hours of the weather year, with the same blocks (balances, storage, plant flexibility,
exchange, prices, emission accounting) as the planning model.

For each validated year :math:`y` the LP is

.. math::
    \min \sum_{c} C_{c,y}(x) \quad \text{s.t. the planning constraints of year } y
    \text{ on } 8{,}760 \text{ hourly steps}, \; z = \hat z

with :math:`x` the hourly dispatch, :math:`z` the plan decisions and :math:`\hat z` their
planning values, :math:`C_{c,y}` the undiscounted cost of category :math:`c` in year
:math:`y` (capital and fixed costs are constants here). Storage and plant flexibility stay
cyclic within each day, as in the planning model, so the LP is block-diagonal by day; it is
solved as independent pieces (:mod:`model.solve.components`). Unmet demand and a breached
yearly CO2 cap are not infeasible here: they are priced slacks (``policy.
slack_penalty_eur_per_mwh`` and ``..._per_t``), reported as ``unmet_energy_mwh`` and
``cap_violation_t`` and flagged, never hidden.

Years validated: all operating years (``output.validate_hourly: all``) or milestone years
(``milestones``: every ``output.validation_step_years``-th operating year plus the last).
Between milestones the difference *hourly − planning* of each cost category and emission
source is interpolated linearly in time and added to the planning figure, so the year-to-year
shape of the plan (a project commissioned in a given year) is kept; outside the first and
last milestone the nearest difference holds. A cumulative CO2 budget spans years and cannot
be enforced year by year: it is checked on the validated emissions and a breach is flagged.

A validated year whose LP is provably the one an earlier run in the same results root
solved (same key: the year's fixed plan, model, inputs, code and options) is taken from that
run instead of solved again, with the same figures to the bit; the manifest names the run
(:mod:`model.solve.reuse`; ``output.reuse_validation: false`` switches it off).

Legend: :math:`y` year, :math:`c` cost category, :math:`x` dispatch variables, :math:`z`
plan decisions; costs in EUR2025 (undiscounted per year), emissions in t CO2, energy in MWh.
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import multiprocessing as mp
import os
import time
from concurrent.futures import ProcessPoolExecutor, as_completed

import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pyomo.core.expr.visitor import identify_variables

from model.errors import InputError, Outcome
from model.formulation.build import build_model
from model.inputs.data import ModelData, op_capacity_weights
from model.inputs.timeseries import HOURS_PER_YEAR, aggregate
from model.solve import reuse as reuse_mod
from model.solve.components import solve_by_components
from model.solve.hourly_result import HourlyValidation

log = logging.getLogger(__name__)

#: Variables whose names contain one of these are elastic slacks, not plan decisions.
ELASTIC_MARKERS = ("slack", "short", "elastic")
SNAPSHOT_SET = "snapshot"


def validation_years(data: ModelData) -> list[int]:
    """The operating years to solve hourly, from ``output.validate_hourly``."""
    out = data.scenario.output
    years = list(data.op_years)
    if out.validate_hourly == "off":
        return []
    if out.validate_hourly == "all":
        return years
    chosen = years[:: out.validation_step_years]
    return chosen if chosen[-1] == years[-1] else [*chosen, years[-1]]


def check_hourly_mapping(data: ModelData) -> None:
    """Raise InputError before solving if the data set has no 8,760-hour profiles."""
    if data.scenario.output.validate_hourly == "off":
        return
    hourly = data.hourly
    if hourly is None or len(hourly) != HOURS_PER_YEAR:
        n = 0 if hourly is None else len(hourly)
        raise InputError(
            f"output.validate_hourly: the data set {data.dataset_dir} has {n} hourly profile "
            f"rows, not {HOURS_PER_YEAR}, so a plan cannot be validated hour by hour; provide "
            "8,760-hour profiles (python run.py inputs) or set output.validate_hourly: off")


def full_year_time(data: ModelData):
    """The 365 calendar days × 24 hours of the weather year as 'representative days'."""
    cols = list(data.time.values.columns)
    return aggregate(data.hourly[cols], 365, None, None)


def _is_plan_var(var: pyo.Var) -> bool:
    if any(marker in var.local_name for marker in ELASTIC_MARKERS):
        return False
    if not var.is_indexed():
        return True
    return all(s.local_name != SNAPSHOT_SET for s in var.index_set().subsets())


PlanValues = dict[str, dict[object, float]]


def plan_values(m_plan: pyo.ConcreteModel) -> PlanValues:
    """The solved plan decisions of ``m_plan``: component name -> {index: value}.

    Plain data (it pickles), so the validation of a year can run in another process.
    """
    out: PlanValues = {}
    for var in m_plan.component_objects(pyo.Var, descend_into=True):
        if _is_plan_var(var):
            out[var.name] = {idx: (None if v.value is None else float(v.value))
                             for idx, v in var.items()}
    return out


def fix_plan(m_val: pyo.ConcreteModel, values: PlanValues) -> int:
    """Fix every plan decision of ``m_val`` at its planning value.

    Integer and binary values are rounded (a MIP solution holds them within the integrality
    tolerance) and every value is clipped to its bounds (solver-tolerance excursions such as
    -1e-12 on a non-negative capacity); a decision without a value is fixed at 0. Returns the
    number of variables fixed.
    """
    n = 0
    for var in m_val.component_objects(pyo.Var, descend_into=True):
        if not _is_plan_var(var):
            continue
        source = values.get(var.name, {})
        for idx, v in var.items():
            value = source.get(idx)
            value = 0.0 if value is None else value
            if v.is_integer() or v.is_binary():
                value = float(round(value))
            lb, ub = v.lb, v.ub
            value = max(value, lb) if lb is not None else value
            value = min(value, ub) if ub is not None else value
            v.fix(value, skip_validation=True)
            n += 1
    return n


def _deactivate_fixed_rows(m: pyo.ConcreteModel) -> None:
    """Drop constraints outside the dispatch whose variables are all fixed (plan rows)."""
    for con in m.component_objects(pyo.Constraint, active=True, descend_into=True):
        if con.is_indexed() and any(s.local_name == SNAPSHOT_SET
                                    for s in con.index_set().subsets()):
            continue
        for c in con.values():
            if all(v.fixed for v in identify_variables(c.body, include_fixed=True)):
                c.deactivate()


def _validation_data(data: ModelData, year: int, time_full, only_year: bool = True
                     ) -> ModelData:
    """The plan's data with one operating year, ``year``, on the full year's hours.

    With ``years.operation_step > 1`` the planning dispatch of an operating year runs on the
    mean capacity of the years it stands for (:func:`~model.formulation.blocks.common.
    op_capacity_weights`); the validation keeps those weights, so it checks the time
    resolution of that same dispatch and the interpolation between operating years applies
    alike to both bases. ``only_year`` books the dispatch in ``year`` alone
    (:func:`only_year_weights`; ``False`` only to test that it changes nothing).
    """
    policy = data.scenario.policy.model_copy(update={"allow_slack": True})
    scenario = data.scenario.model_copy(update={"policy": policy})
    capacity = {year: op_capacity_weights(data)[year]}
    out = dataclasses.replace(data, scenario=scenario, time=time_full, op_years=[year],
                              op_year_of={y: year for y in data.years}, op_capacity=capacity)
    if only_year:
        # ``op_weights`` is a cached property: the instance's value wins over the computed one
        out.__dict__["op_weights"] = only_year_weights(data.years, year)
    return out


def only_year_weights(years: list[int], year: int) -> dict[int, dict[int, float]]:
    r"""Booking weights :math:`\lambda_{y,o}` that book the one operating year ``year`` in
    ``year`` alone: :math:`\lambda_{year,year} = 1`, every other year books no dispatch.

    With one operating year the interpolation would book its dispatch in *every* pathway
    year, and the blocks would build each year's dispatch costs and emissions, sums over all
    8,760 hours, once per year (21 times on 2025-2045) although the validation reads only
    ``year``'s. The figures of ``year`` are the same; the other years' cost and emission
    expressions keep only their plan terms (capital and fixed costs, fixed emissions).
    """
    return {y: ({year: 1.0} if y == year else {}) for y in years}


def year_model(values: PlanValues, data: ModelData, year: int, time) -> pyo.ConcreteModel:
    """The validation LP of ``year`` on the steps of ``time``: the plan fixed, plan rows off.

    The other years' CO2 caps and the cumulative budget are deactivated, so are the rows
    outside the dispatch whose variables are all fixed; the objective is the year's cost in
    million EUR. :func:`_validate_year` builds it on the full year's hours,
    :mod:`model.solve.reuse` on a one-day probe to fingerprint it.
    """
    m = build_model(_validation_data(data, year, time))
    fix_plan(m, values)
    em = m.emissions
    for y in em.cap_year:
        if y != year:
            em.co2_cap[y].deactivate()
    if hasattr(em, "co2_budget"):
        em.co2_budget.deactivate()
    _deactivate_fixed_rows(m)
    m.npv_meur.deactivate()
    m.cost_of_year = pyo.Objective(expr=1e-6 * sum(m.costs.cost_eur[c, year]
                                                   for c in m.costs.category))
    return m


def _validate_year(values: PlanValues, data: ModelData, year: int, time_full,
                   options: dict[str, object]) -> dict:
    t0 = time.perf_counter()
    m = year_model(values, data, year, time_full)
    em = m.emissions
    log.info("hourly validation %d: built and fixed in %.1f s", year,
             time.perf_counter() - t0)
    t0 = time.perf_counter()
    outcome = solve_by_components(m, options)
    row = {"status": str(outcome), "time_s": time.perf_counter() - t0}
    if outcome != Outcome.OPTIMAL:
        return row
    row["cost"] = {c: pyo.value(m.costs.cost_eur[c, year]) for c in m.costs.category}
    row["emissions"] = {s: pyo.value(em.emissions_t[s, year]) for s in em.source}
    shed = sum(pyo.value(v) for v in m.grid.shed_mw.values())  # hourly steps: 1 h, weight 1
    row["unmet_mwh"] = float(shed)
    row["cap_violation_t"] = float(pyo.value(em.cap_slack_t[year])) if year in em.cap_year \
        else 0.0
    return row


def _plan_frames(m_plan: pyo.ConcreteModel) -> tuple[pd.DataFrame, pd.DataFrame]:
    years = list(m_plan.year)
    cost = pd.DataFrame({c: [pyo.value(m_plan.costs.cost_eur[c, y]) for y in years]
                         for c in m_plan.costs.category}, index=years)
    em = pd.DataFrame({s: [pyo.value(m_plan.emissions.emissions_t[s, y]) for y in years]
                       for s in m_plan.emissions.source}, index=years)
    return cost, em


def interpolate_delta(plan: pd.DataFrame, solved: dict[int, dict[str, float]]) -> pd.DataFrame:
    """Planning figures plus the hourly − planning difference, interpolated between years.

    ``solved`` maps validated year -> {column: hourly value}. Validated years get their
    hourly values exactly; other years the planning value plus the linearly interpolated
    difference of the neighbouring validated years (the nearest one outside their range).
    """
    columns = sorted(set(plan.columns) | {c for v in solved.values() for c in v})
    plan = plan.reindex(columns=columns, fill_value=0.0)
    if not solved:
        return plan.copy()
    known = sorted(solved)
    delta = pd.DataFrame({c: [solved[y].get(c, 0.0) - plan.at[y, c] for y in known]
                          for c in columns}, index=known)
    out = plan.copy()
    for c in columns:
        out[c] = plan[c] + np.interp(plan.index, known, delta[c].to_numpy())
    return out


def validation_workers(data: ModelData) -> int:
    """Processes for the validated years: ``output.validation_workers`` or up to 2 cores."""
    chosen = data.scenario.output.validation_workers
    return chosen if chosen is not None else max(1, min(2, os.cpu_count() or 1))


def _run_years(values: PlanValues, data: ModelData, years: list[int], time_full,
               options: dict[str, object], workers: int) -> dict[int, dict]:
    """Validate the years in this process, or in ``workers`` fresh (spawned) processes.

    Spawned, not forked: a forked child would inherit HiGHS's thread pool in an undefined
    state. Each worker gets the plan as plain values; with fewer than 3 years the start-up
    of a worker (imports, about 2-3 s) does not pay off and everything stays in-process.
    """
    rows: dict[int, dict] = {}
    if workers <= 1 or len(years) < 3:
        for y in years:
            rows[y] = _validate_year(values, data, y, time_full, options)
            log.info("hourly validation %d: %s in %.1f s", y, rows[y]["status"],
                     rows[y]["time_s"])
        return rows
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context("spawn"))
    try:
        futures = {pool.submit(_validate_year, values, data, y, time_full, options): y
                   for y in years}
        for fut in as_completed(futures):
            y = futures[fut]
            rows[y] = fut.result()
            log.info("hourly validation %d: %s in %.1f s (worker)", y, rows[y]["status"],
                     rows[y]["time_s"])
    except BaseException:  # Ctrl-C, SIGTERM or a failure: stop the workers, publish nothing
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()
    return dict(sorted(rows.items()))


def validate_plan(m_plan: pyo.ConcreteModel, data: ModelData, options: dict[str, object],
                  cache: reuse_mod.YearCache | None = None) -> HourlyValidation | None:
    """Validate a solved plan at hourly resolution (``None`` when switched off).

    With ``cache``, a year whose key is found is taken from there, and every year solved to
    optimality is stored (:mod:`model.solve.reuse`); the figures are the same either way.
    """
    years = validation_years(data)
    if not years:
        return None
    check_hourly_mapping(data)
    t0 = time.perf_counter()
    time_full = full_year_time(data)
    lp_options = {k: v for k, v in options.items() if not k.startswith("mip_")}
    values = plan_values(m_plan)
    keys, rows = ({}, {}) if cache is None else reuse_mod.lookup(
        cache, functools.partial(year_model, values, data), data, years, time_full, lp_options)
    todo = [y for y in years if y not in rows]
    workers = min(validation_workers(data), max(1, len(todo)))
    rows.update(_run_years(values, data, todo, time_full, lp_options, workers))
    rows = dict(sorted(rows.items()))
    if cache is not None:
        for y in todo:
            if rows[y]["status"] == str(Outcome.OPTIMAL):
                cache.store(keys[y], y, rows[y])
    plan_cost, plan_em = _plan_frames(m_plan)
    good = {y: r for y, r in rows.items() if "cost" in r}
    cost = interpolate_delta(plan_cost, {y: r["cost"] for y, r in good.items()})
    em = interpolate_delta(plan_em, {y: r["emissions"] for y, r in good.items()})
    result = HourlyValidation(
        years=years, cost_eur=cost, plan_cost_eur=plan_cost.reindex(columns=cost.columns,
                                                                    fill_value=0.0),
        emissions_t=em, plan_emissions_t=plan_em.reindex(columns=em.columns, fill_value=0.0),
        unmet_energy_mwh=pd.Series({y: r["unmet_mwh"] for y, r in good.items()}, dtype=float),
        cap_violation_t=pd.Series({y: r["cap_violation_t"] for y, r in good.items()},
                                  dtype=float),
        status={y: r["status"] for y, r in rows.items()},
        timings_s={"hourly_validation": time.perf_counter() - t0},
        reused={y: r["reused_from"] for y, r in rows.items() if "reused_from" in r},
        reuse=cache is not None,
    )
    budget = data.scenario.policy.co2_budget_t
    if budget is not None:
        result.budget_excess_t = max(0.0, float(em.to_numpy().sum()) - float(budget))
    for flag in result.flags:
        log.warning("hourly validation: %s", flag)
    return result
