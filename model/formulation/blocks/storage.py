r"""Batteries: power and energy sized separately, cyclic state of charge within each day.

For region :math:`r` and step :math:`(o, d, t)` with duration :math:`\Delta_{d,t}` hours:

.. math::
    e_{o,d,t} = e_{o,d,t-1} + \Delta_{d,t} (\eta\, p^{ch}_{o,d,t} - p^{dis}_{o,d,t} / \eta)

    0 \le p^{ch}, p^{dis} \le \mathrm{CAP}^{P}_{r,o}, \qquad 0 \le e \le \mathrm{CAP}^{E}_{r,o}

with :math:`t-1` cyclic within the representative day (the first step follows the last,
so each day's storage balance closes), :math:`\eta` the one-way efficiency of
``battery_power``, :math:`\mathrm{CAP}^{P}` (MW) and :math:`\mathrm{CAP}^{E}` (MWh) the
operating capacities of ``battery_power`` and ``battery_energy`` from the pipeline block.

Legend: ``charge_mw`` = :math:`p^{ch}`, ``discharge_mw`` = :math:`p^{dis}`, ``soc_mwh`` =
:math:`e`.
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.formulation.blocks.common import at_op, op_capacity_weights, prev_step
from model.inputs.data import ModelData, with_role


def add_storage(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Add ``m.storage``; skipped when the data have no battery power and energy capacity."""
    b = m.storage = pyo.Block()
    caps = {k for k, _ in m.capacity_index}
    power = [k for k in with_role(data.technologies, "storage_power") if k in caps]
    energy = [k for k in with_role(data.technologies, "storage_energy") if k in caps]
    if not (power and energy):
        return
    power, energy = power[0], energy[0]  # one of each (model.inputs.checks)
    eta = {y: float(data.costs.at[(power, y), "efficiency"]) for y in data.years}
    prev = prev_step(data)
    lam = op_capacity_weights(data)  # capacity an operating year dispatches
    dur = {k: float(v) for k, v in data.time.duration_h.items()}
    b.charge_mw = pyo.Var(m.region, m.snapshot, domain=pyo.NonNegativeReals,
                          doc="battery charging (MW)")
    b.discharge_mw = pyo.Var(m.region, m.snapshot, domain=pyo.NonNegativeReals,
                             doc="battery discharging (MW)")
    b.soc_mwh = pyo.Var(m.region, m.snapshot, domain=pyo.NonNegativeReals,
                        doc="battery state of charge at the end of the step (MWh)")

    @b.Constraint(m.region, m.snapshot)
    def soc_balance(b, r, o, d, t):
        return b.soc_mwh[r, o, d, t] == b.soc_mwh[r, o, d, prev[t]] + dur[d, t] * (
            eta[o] * b.charge_mw[r, o, d, t] - b.discharge_mw[r, o, d, t] / eta[o])

    @b.Constraint(m.region, m.snapshot)
    def charge_limit(b, r, o, d, t):
        return b.charge_mw[r, o, d, t] <= at_op(m.capacity_mw, lam, o, power, r)

    @b.Constraint(m.region, m.snapshot)
    def discharge_limit(b, r, o, d, t):
        return b.discharge_mw[r, o, d, t] <= at_op(m.capacity_mw, lam, o, power, r)

    @b.Constraint(m.region, m.snapshot)
    def soc_limit(b, r, o, d, t):
        return b.soc_mwh[r, o, d, t] <= at_op(m.capacity_mw, lam, o, energy, r)

    acc = m.acc.writer("storage")
    for (o, d, t) in m.snapshot:
        for r in m.region:
            acc.inject((r, o, d, t), [b.discharge_mw[r, o, d, t], -b.charge_mw[r, o, d, t]])
