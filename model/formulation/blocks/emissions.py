r"""Emission accounting by source and year, the optional yearly cap and cumulative budget.

.. math::
    \mathrm{EM}_{src,y} = \sum (\text{registered terms of source } src \text{ in year } y)

Sources: ``grid_import`` (import × grid emission factor of the year), ``plant_gas`` (gas
fuel × 0.198 t/MWh), ``plant_fuel`` (coke and reductant carbon), ``plant_process``.

Caps (``policy.co2_cap_t``, t per year) and the budget (``policy.co2_budget_t``, t over the
horizon):

.. math::
    \sum_{src} \mathrm{EM}_{src,y} - s^{cap}_y \le \bar{E}_y, \qquad
    \sum_{y} \sum_{src} \mathrm{EM}_{src,y} - s^{bud} \le \bar{B}

with slacks :math:`s \ge 0` priced at ``policy.slack_penalty_eur_per_t`` and fixed to zero
unless ``policy.allow_slack`` is true.
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.inputs.data import ModelData


def add_emissions(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Add ``m.emissions`` with ``emissions_t[source, year]`` and the cap constraints."""
    b = m.emissions = pyo.Block()
    sources = sorted({src for (src, _) in m.reg.emissions})
    b.source = pyo.Set(initialize=sources, ordered=True)
    b.emissions_t = pyo.Expression(
        b.source, m.year, rule=lambda b, src, y: sum(m.reg.emissions.get((src, y), [])),
        doc="emissions by source and year (t CO2)")
    policy = data.scenario.policy
    slack_ub = None if policy.allow_slack else 0
    caps = {int(y): float(v) for y, v in policy.co2_cap_t.items()}
    b.cap_year = pyo.Set(initialize=sorted(caps), ordered=True)
    b.cap_slack_t = pyo.Var(b.cap_year, domain=pyo.NonNegativeReals, bounds=(0, slack_ub))

    @b.Constraint(b.cap_year)
    def co2_cap(b, y):
        return sum(b.emissions_t[s, y] for s in b.source) - b.cap_slack_t[y] <= caps[y]

    b.budget_slack_t = pyo.Var(domain=pyo.NonNegativeReals, bounds=(0, slack_ub))
    if policy.co2_budget_t is not None:
        b.co2_budget = pyo.Constraint(expr=sum(
            b.emissions_t[s, y] for s in b.source for y in m.year
        ) - b.budget_slack_t <= float(policy.co2_budget_t))
    if policy.allow_slack:
        price = policy.slack_penalty_eur_per_t
        for y in b.cap_year:
            m.reg.cost["slack", y].append(price * b.cap_slack_t[y])
        m.reg.cost["slack", data.years[-1]].append(price * b.budget_slack_t)
