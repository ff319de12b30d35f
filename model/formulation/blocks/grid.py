r"""Grid import and export, exchange between regions, and the other regional demand.

This block adds its terms to the electricity balance, which
:mod:`model.formulation.closing` closes (``m.grid.balance``); for region :math:`r` and step
:math:`(o, d, t)` the balance reads:

.. math::
    \sum_i \mathrm{inj}_{i,r,o,d,t} + m_{r,o,d,t} - x_{r,o,d,t}
      + \sum_{r'} (f_{r',r,o,d,t} - f_{r,r',o,d,t}) + s_{r,o,d,t} = D_{r,o,d,t}

with :math:`\mathrm{inj}` the injections (positive) and withdrawals (negative) added
by the other blocks (generation, storage, plant loads), :math:`m` import from and
:math:`x` export to the national grid, :math:`f \le \bar{F}` exchange between regions
(``exchange.mode: limited``; ``copper_plate`` balances all regions together, ``none`` has
no exchange), :math:`s \ge 0` priced load shedding (``shed_mw``, a variable only with
``policy.allow_slack``) and :math:`D` the fixed demand (other regional demand).

Costs in year :math:`y` (using the dispatch of its operation year): import at the hourly
wholesale price :math:`\pi_y \rho_{d,t}` plus the grid mark-up :math:`\mu_y`, export earns
:math:`\pi_y \rho_{d,t}`. Emissions: import × grid emission factor of year :math:`y`.
"""

from __future__ import annotations

import itertools

import pyomo.environ as pyo

from model.formulation.blocks.common import annual_mwh, profile, snapshot_weight_h
from model.inputs.data import ModelData


def add_grid(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Add ``m.grid`` (import, export, exchange, shedding) and its balance terms and demand."""
    b = m.grid = pyo.Block()
    cfg = data.scenario
    _add_other_demand(m, data)
    b.import_mw = pyo.Var(m.region, m.snapshot, domain=pyo.NonNegativeReals,
                          doc="import from the national grid (MW)")
    b.export_mw = pyo.Var(m.region, m.snapshot, domain=pyo.NonNegativeReals,
                          doc="export to the national grid (MW)")
    mode = cfg.exchange.mode if len(data.regions) > 1 else "none"
    pairs = list(itertools.permutations(data.regions, 2)) if mode == "limited" else []
    b.link = pyo.Set(initialize=pairs, dimen=2, ordered=True)
    b.link.dims = ("from_region", "to_region")
    b.flow_mw = pyo.Var(b.link, m.snapshot, domain=pyo.NonNegativeReals,
                        bounds=(0, cfg.exchange.limit_mw), doc="exchange between regions (MW)")
    slack = cfg.policy.allow_slack
    if slack:
        b.shed_mw = pyo.Var(m.region, m.snapshot, domain=pyo.NonNegativeReals,
                            doc="load shed, a priced slack (MW)")

    inflow = {r: [(a, z) for (a, z) in pairs if z == r] for r in data.regions}
    outflow = {r: [(a, z) for (a, z) in pairs if a == r] for r in data.regions}
    acc = m.acc.writer("grid")
    for (o, d, t) in m.snapshot:
        for r in m.region:
            acc.inject((r, o, d, t), [
                b.import_mw[r, o, d, t], -b.export_mw[r, o, d, t],
                sum(b.flow_mw[a, z, o, d, t] for (a, z) in inflow[r])
                - sum(b.flow_mw[a, z, o, d, t] for (a, z) in outflow[r]),
                *([b.shed_mw[r, o, d, t]] if slack else [])])
    _add_grid_costs(m, b, data)


def _add_other_demand(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Regional demand other than the plants: annual MWh × hourly shape (mean 1) / 8,760 h;
    the flat must-run output of the existing biomass and run-of-river fleet is injected."""
    shape = profile(data, "other_demand_factor")
    annual = {(r, o): float(data.other_demand_mwh.at[r, o]) for r in data.regions
              for o in data.op_years}
    must_run = {r: float(data.must_run_mw.get(r, 0.0)) for r in data.regions}
    acc = m.acc.writer("grid")
    for (o, d, t) in m.snapshot:
        for r in data.regions:
            acc.demand((r, o, d, t), annual[r, o] / 8760.0 * shape[d, t])
            if must_run[r]:
                acc.inject((r, o, d, t), [must_run[r]])


def _add_grid_costs(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData) -> None:
    hours = snapshot_weight_h(data)
    factor = profile(data, "price_factor")
    penalty = data.scenario.policy.slack_penalty_eur_per_mwh
    acc = m.acc.writer("grid")
    for y in data.years:
        o = data.op_year_of[y]
        wholesale = float(data.prices.at[y, "elec_wholesale_eur_per_mwh"])
        markup = float(data.prices.at[y, "grid_markup_eur_per_mwh"])
        for r in data.regions:
            acc.cost("grid_import", y, sum(
                h * (wholesale * factor[d, t] + markup) * b.import_mw[r, o, d, t]
                for (d, t), h in hours.items()))
            acc.cost("export_revenue", y, -sum(
                h * wholesale * factor[d, t] * b.export_mw[r, o, d, t]
                for (d, t), h in hours.items()))
            acc.emission("grid_import", y,
                float(data.grid_ef_t_per_mwh[y]) * annual_mwh(hours, b.import_mw, r, o))
            if data.scenario.policy.allow_slack:
                acc.cost("slack", y, penalty * annual_mwh(hours, b.shed_mw, r, o))
