r"""Transmission to the national grid: the exchange limit of each region and its reinforcement.

For region :math:`r`, operation year :math:`o` and step :math:`(d, t)`:

.. math::
    m_{r,o,d,t} \le T_{r,o}, \qquad x_{r,o,d,t} \le T_{r,o}, \qquad
    T_{r,y} = \bar{T}_r + \sum_{s \le y} f(s, y, L_r)\, \Delta_{r,s}

with :math:`m`, :math:`x` import and export (``m.grid``), :math:`\bar{T}` the capacity of
``transmission.csv`` (MW), :math:`\Delta_{r,s} \ge 0` the reinforcement decided to operate
from 1 January of year :math:`s` (only from ``years.start`` + the lead time on), :math:`L`
its lifetime and :math:`f` the share of year :math:`y` it operates
(:func:`model.inputs.data.online_fraction`). Reinforcement costs the annuity
:math:`\mathrm{crf}(i_r, L_r)\, C_r` plus fixed O&M :math:`\phi_r C_r` per MW and operating
year (categories ``capex`` and ``fixed_om``), :math:`C` in EUR/MW. Skipped when
``market.transmission_limit`` is false.

Legend: ``transmission_mw`` = :math:`T`, ``reinforce_mw`` = :math:`\Delta`.
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.formulation.blocks.common import at_op, op_capacity_weights
from model.formulation.blocks.permitting import annuity_factor
from model.inputs.data import ModelData, online_fraction


def add_transmission(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Add the import and export limits to ``m.grid`` and the block ``m.transmission``."""
    table = data.market.transmission
    if table is None:
        return
    b = m.transmission = pyo.Block()
    first = {r: data.years[0] + float(table.at[r, "reinforcement_lead_time_yr"])
             for r in data.regions}
    life = {r: float(table.at[r, "reinforcement_lifetime_yr"]) for r in data.regions}
    b.reinforce_index = pyo.Set(dimen=2, ordered=True, initialize=[
        (r, s) for r in data.regions for s in data.years if s >= first[r]])
    b.reinforce_index.dims = ("region", "year")  # result dims: the year it starts operating
    b.reinforce_mw = pyo.Var(b.reinforce_index, domain=pyo.NonNegativeReals,
                             doc="transmission reinforcement operating from 1 Jan (MW)")
    b.transmission_mw = pyo.Var(m.region, m.year, domain=pyo.NonNegativeReals,
                                doc="transmission capacity to the national grid (MW)")

    @b.Constraint(m.region, m.year)
    def capacity_definition(b, r, y):
        added = sum(online_fraction(s, y, life[r]) * b.reinforce_mw[r, s]
                    for (rr, s) in b.reinforce_index if rr == r and s <= y)
        return b.transmission_mw[r, y] == float(table.at[r, "capacity_mw"]) + added

    g = m.grid
    lam = op_capacity_weights(data)  # capacity an operating year dispatches

    @g.Constraint(m.region, m.snapshot)
    def import_limit(g, r, o, d, t):
        return g.import_mw[r, o, d, t] <= at_op(b.transmission_mw, lam, o, r)

    @g.Constraint(m.region, m.snapshot)
    def export_limit(g, r, o, d, t):
        return g.export_mw[r, o, d, t] <= at_op(b.transmission_mw, lam, o, r)

    acc = m.acc.writer("transmission")
    for (r, s) in b.reinforce_index:
        capex = float(table.at[r, "reinforcement_capex_eur_per_mw"])
        crf = annuity_factor(float(table.at[r, "reinforcement_wacc"]), life[r])
        fom = float(table.at[r, "reinforcement_fom_pct_per_yr"]) / 100 * capex
        for y in data.years:
            frac = online_fraction(s, y, life[r])
            if frac > 0:
                acc.cost("capex", y, frac * crf * capex * b.reinforce_mw[r, s])
                acc.cost("fixed_om", y, frac * fom * b.reinforce_mw[r, s])
