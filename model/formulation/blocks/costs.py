r"""Yearly costs by category and the objective: the net present value of all costs.

.. math::
    C_{cat,y} = \sum (\text{registered terms of category } cat \text{ in year } y)
    \qquad \mathrm{NPV} = \sum_y \delta_y \sum_{cat} C_{cat,y}, \quad
    \delta_y = (1 + i)^{-(y - y_0)}

Categories: ``capex`` (annuities of new assets for each year they operate: no salvage
term is needed because an asset pays only the annuities of the years inside the horizon,
which equals charging full capex and crediting the remaining value at the horizon end),
``fixed_om``, ``variable_om``, ``failed_development``, ``grid_import``, ``export_revenue``
(negative), ``gas``, ``co2``, ``startup``, ``flexibility`` (cost of shifting load),
``slack``. All in EUR2025 of that year,
undiscounted; the objective is in million EUR.
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.inputs.data import ModelData

OBJECTIVE_SCALE = 1e-6  # EUR -> million EUR

CATEGORIES = ("capex", "fixed_om", "variable_om", "failed_development", "grid_import",
              "export_revenue", "gas", "co2", "startup", "flexibility", "slack")


def add_costs(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Add ``m.costs`` with ``cost_eur[category, year]`` and the objective ``m.npv_meur``."""
    b = m.costs = pyo.Block()
    present = [c for c in CATEGORIES if any((c, y) in m.reg.cost for y in data.years)]
    unknown = {c for (c, _) in m.reg.cost} - set(CATEGORIES)
    if unknown:
        raise ValueError(f"cost categories without a place in the accounting: {unknown}")
    b.category = pyo.Set(initialize=present, ordered=True)
    b.cost_eur = pyo.Expression(
        b.category, m.year, rule=lambda b, c, y: sum(m.reg.cost.get((c, y), [])),
        doc="undiscounted cost by category and year (EUR2025)")
    m.npv_meur = pyo.Objective(
        expr=OBJECTIVE_SCALE * sum(
            float(data.discount[y]) * b.cost_eur[c, y] for c in b.category for y in m.year),
        sense=pyo.minimize, doc="net present value of all costs (million EUR2025)")
