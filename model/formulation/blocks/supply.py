r"""Wind and PV dispatch on the representative days.

For generating technology :math:`k`, region :math:`r`, operation year :math:`o` and step
:math:`(d, t)`:

.. math:: 0 \le g_{k,r,o,d,t} \le \phi_{k,r,d,t}\; \mathrm{CAP}_{k,r,o}

with :math:`\phi` the capacity factor of the step (from the weather year, scaled to the
full-load-hour target) and :math:`\mathrm{CAP}` the capacity in operation in year
:math:`o` (``m.capacity_mw``, from the pipeline block). Where the profiles carry an own
column for the existing fleet (``<region>__<k>_existing_cf``, :math:`\phi^{E}`: older
turbines, lower hub height), the remaining existing capacity :math:`E_{k,r,o}` (a number)
produces with it and only the rest with :math:`\phi`:

.. math:: g_{k,r,o,d,t} \le \phi_{k,r,d,t} (\mathrm{CAP}_{k,r,o} - E_{k,r,o})
    + \phi^{E}_{k,r,d,t} E_{k,r,o}

The gap to the bound is curtailment. Generation is injected into the region's electricity
balance; its variable O&M is a cost of every year that uses this operation year.

Legend: ``m.supply.gen_mw[k, r, o, d, t]`` = :math:`g` (MW).
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.formulation.blocks.common import (
    annual_mwh,
    at_op,
    op_capacity_weights,
    over_op_years,
    profile,
    snapshot_weight_h,
)
from model.inputs.data import ModelData, profile_column, with_role


def generators(m: pyo.ConcreteModel, data: ModelData) -> list[str]:
    """Technologies with role ``generator`` (technologies.csv) that have a capacity."""
    built = {k for k, _ in m.capacity_index}
    return [k for k in with_role(data.technologies, "generator") if k in built]


def capacity_factors(data: ModelData, techs: list[str]) -> dict[tuple, dict]:
    """Capacity factor profiles ``{(tech, region): {(day, step): cf}}``."""
    return {(k, r): profile(data, profile_column(data.technologies, k, r))
            for k in techs for r in data.regions}


def existing_profiles(data: ModelData, techs: list[str], lam: dict | None = None
                      ) -> dict[tuple, tuple[dict, dict]]:
    """Per (tech, region) with an existing-fleet profile: ``({(day, step): phi_E - phi},
    {year: E MW})`` (every year of ``lam``'s operating years present, 0 where no fleet);
    empty where the profiles have no ``<region>__<profile>_existing_cf``."""
    out = {}
    for k in techs:
        for r in data.regions:
            new_column = profile_column(data.technologies, k, r)
            column = new_column.removesuffix("_cf") + "_existing_cf"
            if column not in data.time.values.columns:
                continue
            new, old = profile(data, new_column), profile(data, column)
            mw = {int(y): float(v) for (rr, kk, y), v in data.existing_mw["capacity_mw"].items()
                  if rr == r and kk == k}
            mw = {y: mw.get(y, 0.0) for y in data.years} if lam is not None else mw
            out[k, r] = ({key: old[key] - new[key] for key in new}, mw)
    return out


def available_mw(cf: dict, existing: dict, k: str, r: str, o: int, d: int, t: int, capacity):
    r"""Available output of a step: :math:`\phi\,CAP + (\phi^E - \phi) E` (``capacity`` = CAP,
    a number or a Pyomo variable); :math:`\phi\,CAP` without an existing-fleet profile."""
    bound = cf[k, r][d, t] * capacity
    if (k, r) in existing:
        delta, mw = existing[k, r]
        bound = bound + delta[d, t] * mw.get(o, 0.0)
    return bound


def add_supply(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Add ``m.supply`` with generation variables and their availability limits."""
    b = m.supply = pyo.Block()
    techs = generators(m, data)
    b.tech = pyo.Set(initialize=techs, ordered=True, doc="generating technologies")
    b.tech.dims = ("generator",)  # result dim (storage has capacity but no generation)
    b.gen_mw = pyo.Var(b.tech, m.region, m.snapshot, domain=pyo.NonNegativeReals,
                       doc="generation (MW)")

    cf = capacity_factors(data, techs)
    lam = op_capacity_weights(data)
    existing = {key: (delta, {o: at_op(mw, lam, o) for o in lam}) for key, (delta, mw) in
                existing_profiles(data, techs, lam).items()}
    hours = snapshot_weight_h(data)

    @b.Constraint(b.tech, m.region, m.snapshot)
    def available(b, k, r, o, d, t):
        return b.gen_mw[k, r, o, d, t] <= available_mw(cf, existing, k, r, o, d, t,
                                                       at_op(m.capacity_mw, lam, o, k, r))

    link_exports(m)
    acc = m.acc.writer("supply")
    for (o, d, t) in m.snapshot:
        for r in m.region:
            acc.inject((r, o, d, t), [b.gen_mw[k, r, o, d, t] for k in techs])
    for y in data.years:
        for k in techs:
            vom = data.costs.at[(k, y), "vom_eur_per_mwh"]
            if vom > 0:
                for r in m.region:
                    acc.cost("variable_om", y, vom * over_op_years(
                        data, y, lambda o, k=k, r=r: annual_mwh(hours, b.gen_mw, k, r, o)))


def link_exports(m: pyo.ConcreteModel) -> None:
    r"""Export of each generator within its output, :math:`x_{k,r,o,d,t} \le g_{k,r,o,d,t}`.

    Called by both the supply and the grid block: whichever is built second adds the
    constraint (``m.grid.export_within_generation``), so the build order does not matter.
    """
    grid = getattr(m, "grid", None)
    if (not hasattr(m, "supply") or grid is None or not hasattr(grid, "export_by_gen_mw")
            or hasattr(grid, "export_within_generation")):
        return

    @grid.Constraint(grid.export_gen, m.region, m.snapshot)
    def export_within_generation(g, k, r, o, d, t):
        return g.export_by_gen_mw[k, r, o, d, t] <= m.supply.gen_mw[k, r, o, d, t]
