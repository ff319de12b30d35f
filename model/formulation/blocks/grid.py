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

Exports earn the market value of what is exported (``market.perspective:
regional_system``): the export is split by generator, each part at most that generator's
output in the step, and each MWh earns the hourly price shape scaled to the technology's
capture rate

.. math::
    x_{r,o,d,t} = \sum_k x_{k,r,o,d,t}, \qquad 0 \le x_{k,r,o,d,t} \le g_{k,r,o,d,t},
    \qquad p^{x}_{k,r,y,d,t} = \pi_y\, \rho_{d,t}\, \min\!\Big(1,
    \frac{\kappa_{k,y}}{\hat\kappa_{k,r}}\Big), \quad
    \hat\kappa_{k,r} = \frac{\sum_{d,t} w_{d,t}\, \phi_{k,r,d,t}\, \rho_{d,t}}
                          {\sum_{d,t} w_{d,t}\, \phi_{k,r,d,t}}

so a generator exporting its whole output earns on average exactly its market value
:math:`\kappa_{k,y} \pi_y` (:math:`\hat\kappa` is the capture rate the price shape alone
gives it), stored energy is not exported, and an exported MWh never earns more than an
imported one costs in the same step (the cap at 1). In the ``merchant_spot`` perspective
exports earn :math:`\pi_y \rho_{d,t}` (no capture-rate discount, no split).

Every exported MWh pays the fee :math:`\varepsilon` (``market.export_fee_eur_per_mwh``,
cost category ``export_fee``). Without it the LP has ties: where the cap is 1, or the price
factor is 0, importing and exporting one more MWh in the same step costs nothing, so the
gross flows, and the emissions booked on imports, are not unique (two solves of the same
plan differed by about 7 % in the import emissions). With :math:`\varepsilon > 0` simultaneous
import and export cost :math:`\varepsilon` per MWh, so the optimum has none of them.

Costs in year :math:`y` (dispatch of its operation year :math:`o`): import at the hourly
wholesale price :math:`\pi_y \rho_{d,t}`; export revenue :math:`-R_y`; export fee
:math:`\varepsilon \sum w\, x`. The grid mark-up
:math:`\mu_y` (network charges and levies) is paid on all final consumption from the public
grid, whatever its source, so it is not a cost of import: on the fixed demand (the other
demand here, the plants' process electricity in :mod:`~model.formulation.blocks.plants`) it
is the constant ``grid_markup_fixed``; on electric heat, which decisions add, it is
``grid_markup`` (plants block). Emissions: import × grid emission factor of year :math:`y`.

Legend: ``import_mw`` = :math:`m`, ``export_mw`` = :math:`x`, ``export_by_gen_mw`` =
:math:`x_k`, :math:`g` = ``m.supply.gen_mw``, :math:`w` = hours per year of a step,
:math:`\phi` = capacity factor, :math:`\rho` = hourly price factor (mean 1), :math:`\kappa` =
capture rate (:mod:`model.inputs.market`).
"""

from __future__ import annotations

import itertools

import pyomo.environ as pyo

from model.formulation.blocks import supply
from model.formulation.blocks.common import annual_mwh, profile, snapshot_weight_h
from model.inputs.data import ModelData, profile_column


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
    if data.market.perspective == "regional_system":
        _add_export_split(m, b, data)
    _add_grid_costs(m, b, data)


def _add_export_split(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData) -> None:
    """Export by generator; linked to generation here or by the supply block, built later."""
    b.export_gen = pyo.Set(initialize=supply.generators(m, data), ordered=True)
    b.export_gen.dims = ("generator",)
    b.export_by_gen_mw = pyo.Var(b.export_gen, m.region, m.snapshot,
                                 domain=pyo.NonNegativeReals, doc="export of generator k (MW)")

    @b.Constraint(m.region, m.snapshot)
    def export_split(b, r, o, d, t):
        return b.export_mw[r, o, d, t] == sum(b.export_by_gen_mw[k, r, o, d, t]
                                              for k in b.export_gen)

    supply.link_exports(m)


def export_price_factors(data: ModelData, gens: list[str]) -> dict[tuple[str, str, int], float]:
    """Scale of the hourly price for exports of each generator, region and year.

    min(1, capture rate / the capture rate the price shape gives the generator's output);
    1 where the generator never produces (nothing to export).
    """
    out = {}
    for k in gens:
        for r in data.regions:
            own = _shape_capture(data, k, r)
            for y in data.years:
                out[k, r, y] = 1.0 if own is None else min(
                    1.0, data.market.capture_rate[k, y] / own)
    return out


def _shape_capture(data: ModelData, tech: str, region: str) -> float | None:
    """Output-weighted mean of the price factor: the capture rate the price shape gives."""
    hours = snapshot_weight_h(data)
    cf = profile(data, profile_column(data.technologies, tech, region))
    rho = profile(data, "price_factor")
    energy = sum(h * cf[k] for k, h in hours.items())
    if energy <= 0:
        return None
    return sum(h * cf[k] * rho[k] for k, h in hours.items()) / energy


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
    fee = data.market.export_fee_eur_per_mwh  # the import/export tie-break (module docstring)
    split = hasattr(b, "export_by_gen_mw")
    scales = export_price_factors(data, list(b.export_gen)) if split else {}
    acc = m.acc.writer("grid")
    for y in data.years:
        wholesale = float(data.prices.at[y, "elec_wholesale_eur_per_mwh"])
        markup = float(data.prices.at[y, "grid_markup_eur_per_mwh"])
        lam = data.op_weights[y]  # year y's share of each operating year's dispatch
        for r in data.regions:
            acc.cost("grid_import", y, sum(w * sum(
                h * wholesale * factor[d, t] * b.import_mw[r, o, d, t]
                for (d, t), h in hours.items()) for o, w in lam.items()))
            if split:
                scale = {k: scales[k, r, y] for k in b.export_gen}
                acc.cost("export_revenue", y, -sum(w * sum(
                    h * wholesale * factor[d, t] * scale[k] * b.export_by_gen_mw[k, r, o, d, t]
                    for k in b.export_gen for (d, t), h in hours.items())
                    for o, w in lam.items()))
            else:
                acc.cost("export_revenue", y, -sum(w * sum(
                    h * wholesale * factor[d, t] * b.export_mw[r, o, d, t]
                    for (d, t), h in hours.items()) for o, w in lam.items()))
            if fee:
                acc.cost("export_fee", y, fee * sum(
                    w * annual_mwh(hours, b.export_mw, r, o) for o, w in lam.items()))
            demand_mwh = sum(w * sum(h * m.acc.balance.demand_mw.get((r, o, d, t), 0.0)
                                     for (d, t), h in hours.items()) for o, w in lam.items())
            acc.cost("grid_markup_fixed", y, markup * demand_mwh)
            acc.emission("grid_import", y, float(data.grid_ef_t_per_mwh[y]) * sum(
                w * annual_mwh(hours, b.import_mw, r, o) for o, w in lam.items()))
            if data.scenario.policy.allow_slack:
                acc.cost("slack", y, penalty * sum(
                    w * annual_mwh(hours, b.shed_mw, r, o) for o, w in lam.items()))
