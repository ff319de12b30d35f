r"""Capacity targets: minimum capacity in operation per technology and year (all regions).

For a target :math:`T_{k,y}` (``policy.capacity_target_mw``, MW) on technology :math:`k`
in year :math:`y`:

.. math:: \sum_r \mathrm{CAP}_{k,r,y} + s_{k,y} \ge T_{k,y}

with :math:`\mathrm{CAP}` the capacity in operation, average over the year
(``m.capacity_mw`` from the permitting block, so a commissioning in July counts half in
that year), and the shortfall :math:`s \ge 0` priced at
``policy.slack_penalty_eur_per_mw`` per MW and target year; the variable ``short_mw``
exists only with ``policy.allow_slack`` (else :math:`s = 0`). Because capacity passes the
permitting pipeline, a target earlier than the first start year plus the lead time cannot
be met: the model is then infeasible (``python run.py diagnose`` names the target and the
lead time behind it).
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.inputs.data import ModelData


def target_values(data: ModelData) -> dict[tuple[str, int], float]:
    """The scenario's targets as ``{(technology, year): MW}``."""
    return {(k, int(y)): float(v)
            for k, years in data.scenario.policy.capacity_target_mw.items()
            for y, v in years.items()}


def add_targets(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Add ``m.targets`` with ``capacity_target[k, y]`` and the shortfall ``short_mw[k, y]``."""
    b = m.targets = pyo.Block()
    targets = target_values(data)
    policy = data.scenario.policy
    b.target_index = pyo.Set(dimen=2, initialize=sorted(targets), ordered=True)
    b.target_index.dims = ("technology", "year")
    if policy.allow_slack:
        b.short_mw = pyo.Var(b.target_index, domain=pyo.NonNegativeReals,
                             doc="capacity short of the target (MW)")
    regions = {k: [r for (kk, r) in m.capacity_index if kk == k] for (k, _) in targets}

    @b.Constraint(b.target_index)
    def capacity_target(b, k, y):
        capacity = sum(m.capacity_mw[k, r, y] for r in regions[k])
        if policy.allow_slack:
            capacity += b.short_mw[k, y]
        return capacity >= targets[k, y]

    if policy.allow_slack:
        acc = m.acc.writer("targets")
        for (k, y) in b.target_index:
            acc.cost("slack", y, policy.slack_penalty_eur_per_mw * b.short_mw[k, y])
