r"""Close the accumulators, built last: electricity balance, emissions, costs, objective.

Every block has added its terms to the accumulators of :mod:`model.formulation.accumulators`
(``m.acc``); this module turns them into equations and then closes them, so a block built
afterwards raises instead of being silently left out.

Electricity balance (``m.grid.balance``), for region :math:`r` and step :math:`(o, d, t)`:

.. math:: \sum_i \mathrm{inj}_{i,r,o,d,t} = D_{r,o,d,t}

with :math:`\mathrm{inj}` every term the blocks added (generation, storage, plant loads,
grid import, export, exchange and load shedding) and :math:`D` the fixed demand. With
``exchange.mode: copper_plate`` (and more than one region) the regions are balanced
together: :math:`\sum_r \sum_i \mathrm{inj}_{i,r,o,d,t} = \sum_r D_{r,o,d,t}`.

Emissions (``m.emissions``) by source and year, the optional yearly cap
(``policy.co2_cap_t``, t per year) and cumulative budget (``policy.co2_budget_t``, t over
the horizon):

.. math::
    \mathrm{EM}_{src,y} = \sum (\text{terms of source } src \text{ in year } y), \qquad
    \sum_{src} \mathrm{EM}_{src,y} - s^{cap}_y \le \bar{E}_y, \qquad
    \sum_{y} \sum_{src} \mathrm{EM}_{src,y} - s^{bud} \le \bar{B}

with slacks :math:`s \ge 0` (``cap_slack_t``, ``budget_slack_t``) priced at
``policy.slack_penalty_eur_per_t`` (category ``slack``; the budget slack in the last year)
that exist only with ``policy.allow_slack`` (otherwise :math:`s = 0`). Sources:
``grid_import`` (import × grid emission factor), ``plant_gas`` (gas fuel × 0.198 t/MWh),
``plant_fuel`` (coke and reductant carbon), ``plant_process``.

Costs (``m.costs``) and the objective (``m.npv_meur``):

.. math::
    C_{cat,y} = \sum (\text{terms of category } cat \text{ in year } y), \qquad
    \mathrm{NPV} = 10^{-6} \sum_y \delta_y \sum_{cat \notin K} C_{cat,y}, \qquad
    \delta_y = (1 + i)^{-(y - y_0)}

with categories :data:`model.formulation.accumulators.COST_CATEGORIES` in EUR2025 of that
year (undiscounted), :math:`i` the discount rate and :math:`y_0` the base year; the
objective is in million EUR (well scaled for HiGHS). The objective sums every category
except :data:`~model.formulation.accumulators.CONSTANT_CATEGORIES` (terms no decision
changes: they are in ``costs.cost_eur`` and reported, ``m.costs.constant_categories``), so
the MIP gap is measured against the cost the decisions move.
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.formulation.accumulators import (
    CONSTANT_CATEGORIES,
    COST_CATEGORIES,
    ModelBuildError,
)
from model.inputs.data import ModelData

OBJECTIVE_SCALE = 1e-6  # EUR -> million EUR
CLOSER = "closing"


def close_model(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Add the balance, the emission accounting and caps, the costs and the objective."""
    _close_balance(m, data)
    _close_emissions(m, data)
    _close_costs(m, data)
    m.acc.plants.close(CLOSER)


def _close_balance(m: pyo.ConcreteModel, data: ModelData) -> None:
    if not hasattr(m, "grid"):
        raise ModelBuildError("the electricity balance needs the 'grid' block (import and "
                              "export); build it before model.formulation.closing.close_model")
    acc = m.acc.balance
    acc.close(CLOSER)
    terms, demand = acc.terms, acc.demand_mw
    mode = data.scenario.exchange.mode if len(data.regions) > 1 else "none"
    if mode == "copper_plate":
        @m.grid.Constraint(m.snapshot)
        def balance(b, o, d, t):
            return sum(sum(terms[r, o, d, t]) for r in m.region) == sum(
                demand.get((r, o, d, t), 0.0) for r in m.region)
    else:
        @m.grid.Constraint(m.region, m.snapshot)
        def balance(b, r, o, d, t):
            return sum(terms[r, o, d, t]) == demand.get((r, o, d, t), 0.0)


def _close_emissions(m: pyo.ConcreteModel, data: ModelData) -> None:
    acc = m.acc.emissions
    b = m.emissions = pyo.Block()
    sources = sorted({src for (src, _) in acc.terms})
    b.source = pyo.Set(initialize=sources, ordered=True)
    b.emissions_t = pyo.Expression(
        b.source, m.year, rule=lambda b, src, y: sum(acc.terms.get((src, y), [])),
        doc="emissions by source and year (t CO2)")
    acc.close(CLOSER)
    policy = data.scenario.policy
    slack = policy.allow_slack
    price = policy.slack_penalty_eur_per_t
    caps = {int(y): float(v) for y, v in policy.co2_cap_t.items()}
    b.cap_year = pyo.Set(initialize=sorted(caps), ordered=True)
    if slack:
        b.cap_slack_t = pyo.Var(b.cap_year, domain=pyo.NonNegativeReals,
                                doc="emissions above the yearly cap, a priced slack (t CO2)")
        for y in b.cap_year:
            m.acc.costs.add("emissions", "slack", y, price * b.cap_slack_t[y])

    @b.Constraint(b.cap_year)
    def co2_cap(b, y):
        total = sum(b.emissions_t[s, y] for s in b.source)
        return (total - b.cap_slack_t[y] if slack else total) <= caps[y]

    if policy.co2_budget_t is not None:
        total = sum(b.emissions_t[s, y] for s in b.source for y in m.year)
        if slack:
            b.budget_slack_t = pyo.Var(domain=pyo.NonNegativeReals,
                                       doc="emissions above the budget, a priced slack (t CO2)")
            m.acc.costs.add("emissions", "slack", data.years[-1], price * b.budget_slack_t)
            total = total - b.budget_slack_t
        b.co2_budget = pyo.Constraint(expr=total <= float(policy.co2_budget_t))


def _close_costs(m: pyo.ConcreteModel, data: ModelData) -> None:
    acc = m.acc.costs
    acc.close(CLOSER)
    b = m.costs = pyo.Block()
    present = [c for c in COST_CATEGORIES if any((c, y) in acc.terms for y in data.years)]
    b.category = pyo.Set(initialize=present, ordered=True)
    b.cost_eur = pyo.Expression(
        b.category, m.year, rule=lambda b, c, y: sum(acc.terms.get((c, y), [])),
        doc="undiscounted cost by category and year (EUR2025)")
    b.constant_categories = [c for c in present if c in CONSTANT_CATEGORIES]
    m.npv_meur = pyo.Objective(
        expr=OBJECTIVE_SCALE * sum(
            float(data.discount[y]) * b.cost_eur[c, y] for c in b.category
            if c not in CONSTANT_CATEGORIES for y in m.year),
        sense=pyo.minimize,
        doc="net present value of the decision-dependent costs (million EUR2025)")
