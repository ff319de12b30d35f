r"""The permitting pipeline: from starting a project to operating capacity.

For every permitted technology :math:`k` (wind, ground PV, rooftop PV, and the battery
with its own short lead time), region :math:`r` and start year :math:`s`, the decision
:math:`x_{k,r,s}` (``start_mw``) is the capacity whose site development starts on 1 January
of :math:`s`. It passes pre-application (:math:`m^{pre}` months), approval (:math:`m^{app}`)
and realisation (:math:`m^{real}`) and is commissioned at the fractional time

.. math:: c_{k,r,s} = s + (m^{pre} + m^{app} + m^{real}) / 12 .

A share :math:`a_{k,r}` (attrition) is refused or withdrawn at the approval decision. The
capacity in operation in year :math:`y` is

.. math::
    \mathrm{CAP}_{k,r,y} = E_{k,r,y} + P_{k,r,y}
        + \sum_s (1 - a_{k,r})\, f(c_{k,r,s}, y, L_k)\, x_{k,r,s}

with :math:`E` the remaining existing fleet, :math:`P` the pipeline already in progress
at the start, and :math:`f` the share of year :math:`y` in operation
(:func:`model.inputs.data.online_fraction`; a commissioning in July gives 0.5 in that year).
Wind is lumpy: :math:`x_{wind,r,s} = u \cdot n_{r,s}` with :math:`n` integer turbines of
unit size :math:`u` MW.

Constraints
-----------
* approval throughput: :math:`\sum_{s:\lfloor s + (m^{pre}+m^{app})/12\rfloor = y}
  (1-a) x_{k,r,s} + A^{pipe}_{k,r,y} \le \bar{A}_{k,r}` (MW approved per year), with
  :math:`A^{pipe}` the pipeline already applied for at the start, decided in year :math:`y`;
* land, on the capacity installed at the end of year :math:`y` (not the year's average):
  :math:`E_{k,r,y} + P_{k,r,y+1} + \sum_{s: c \le y+1 < c + L} (1-a)\, x_{k,r,s} \le
  \max(\bar{L}_{k,r,y}, E_{k,r,y} + P_{k,r,y+1})` (designated wind area × MW/km², PV
  potentials; :math:`P_{y+1}` the committed pipeline online by the year end, :math:`P_y` in
  the last year; the existing fleet is never forced off).

*Withdrawal at the approval decision* (``ModelData.withdrawal``; only the stochastic
program sets it, :mod:`model.stochastic.program`): a developer may withdraw approved
capacity once the refusals are known, e.g. when fewer projects are refused than planned and
the approvals would exceed the authority's throughput. Each start gets a recourse variable
:math:`w_{k,r,s}` (``withdrawn_mw``, MW withdrawn at the approval decision; per scenario,
never shared across scenarios) with

.. math:: 0 \le w_{k,r,s} \le (1 - a_{k,r})\, x_{k,r,s} ,

and the approved capacity :math:`(1-a)\, x - w` replaces :math:`(1-a)\, x` everywhere: in
:math:`\mathrm{CAP}`, the approval throughput, the land limit, the annuities and fixed O&M.
The withdrawn capacity loses its development cost as the failed capacity does:
:math:`\delta_k C_k\, (a\, x + w)` in the year of the approval decision (category
``failed_development``). :math:`w` is continuous also for lumpy (wind) starts, as the
approved :math:`(1-a)\, x` already is. Without the flag (every deterministic run) the
variables do not exist and the model is built exactly as before.

With ``ModelData.elastic`` (diagnosis only) both limits become elastic,
:math:`\ldots - e_{k,r,y} \le \ldots`, with excess variables :math:`e \ge 0`
(``land_excess_mw``, ``approval_excess_mw``) priced at :data:`ELASTIC_PENALTY_EUR_PER_MW` per
MW in the year of the limit (category ``slack``); without it these variables do not exist.

Costs (EUR in year :math:`y`): annuity :math:`\mathrm{crf}(i_k, L_k)\, C_k(c)` and fixed
O&M on the operating share of each vintage; the development cost of failed projects
:math:`a\, \delta_k\, C_k\, x` in the year of the approval decision.

Legend: :math:`x` start (MW), :math:`n` turbines, :math:`u` unit size (MW), :math:`a`
attrition share [-], :math:`w` withdrawn at the approval decision (MW), :math:`\delta`
development cost share of the capex [-], :math:`C` capex (EUR/MW), :math:`\bar{A}` approval
throughput (MW/yr), :math:`\bar{L}` land potential (MW), :math:`L` lifetime (yr),
:math:`i` interest rate, :math:`m` months, :math:`c` commissioning time (fractional year).
"""

from __future__ import annotations

import math

import pyomo.environ as pyo

from model.inputs.data import ModelData, online_fraction
from model.inputs.tables import REGION_ROLES

UNIT_TO_MW = 1000.0  # EUR/kW -> EUR/MW and EUR/kWh -> EUR/MWh
#: Price of an elastic permitting limit's excess (EUR per MW, discounted, category ``slack``;
#: only with ``ModelData.elastic``): above every other penalty, so a diagnosis relaxes policy
#: targets and caps first and reports a permitting limit only if nothing else helps.
ELASTIC_PENALTY_EUR_PER_MW = 1e9


def annuity_factor(rate: float, lifetime_yr: float) -> float:
    r"""Capital recovery factor :math:`i / (1 - (1+i)^{-L})` (1/L at zero interest)."""
    if rate == 0:
        return 1.0 / lifetime_yr
    return rate / (1.0 - (1.0 + rate) ** -lifetime_yr)


def region_techs(data: ModelData) -> list[str]:
    """Technologies the regions build that have permitting rows.

    Those whose ``role`` in technologies.csv is in :data:`model.inputs.tables.REGION_ROLES`
    (generator, storage power, storage energy); plant equipment is built by the plants block.
    """
    techs = data.technologies
    return [
        k for k in sorted(data.permitting.index.get_level_values(0).unique())
        if k in techs.index and techs.at[k, "role"] in REGION_ROLES
    ]


def commissioning_time(data: ModelData, tech: str, region: str, start_year: int) -> float:
    """Fractional year at which capacity started in ``start_year`` begins operating."""
    return start_year + data.permitting.at[(tech, region), "lead_months"] / 12.0


def approval_year(data: ModelData, tech: str, region: str, start_year: int) -> int:
    """Calendar year of the approval decision for capacity started in ``start_year``."""
    row = data.permitting.loc[(tech, region)]
    months = row["pre_application_months"] + row["approval_months"]
    return int(math.floor(start_year + months / 12.0 + 1e-9))


def add_permitting(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Add the pipeline block ``m.permitting`` and the capacity expressions ``m.capacity_mw``."""
    b = m.permitting = pyo.Block()
    techs = region_techs(data)
    end = data.years[-1] + 1
    permit = {key: row for key, row in data.permitting.to_dict("index").items()}
    commissioning = {(k, r, s): s + permit[k, r]["lead_months"] / 12.0
                     for k in techs for r in data.regions for s in data.years}
    starts = {(k, r): [s for s in data.years if commissioning[k, r, s] < end]
              for k in techs for r in data.regions}
    b.start_index = pyo.Set(dimen=3, ordered=True, initialize=[
        (k, r, s) for k in techs for r in data.regions for s in starts[k, r]])
    b.start_index.dims = ("technology", "region", "start_year")  # result dims
    b.start_mw = pyo.Var(b.start_index, domain=pyo.NonNegativeReals,
                         doc="capacity entering site development on 1 Jan (MW)")
    unit_mw = {k: float(data.technologies.at[k, "unit_size_mw"]) for k in techs}
    b.units_index = pyo.Set(dimen=3, initialize=[i for i in b.start_index if unit_mw[i[0]] > 0])
    b.units_index.dims = b.start_index.dims
    b.units = pyo.Var(b.units_index, domain=pyo.NonNegativeIntegers,
                      doc="turbines entering development (count)")

    @b.Constraint(b.units_index)
    def lumpy_units(b, k, r, s):
        return b.start_mw[k, r, s] == unit_mw[k] * b.units[k, r, s]

    if data.withdrawal:
        _add_withdrawal(b, permit)
    fleet = _fleet_mw(data)
    life = {(k, y): float(data.costs.at[(k, y), "lifetime_yr"]) for k in techs for y in data.years}

    def operating(k, r, y):
        keep = 1.0 - permit[k, r]["attrition_share"]
        new = sum(
            keep * online_fraction(c, y, life[k, _cost_year(data, c)]) * b.start_mw[k, r, s]
            for s in starts[k, r] for c in (commissioning[k, r, s],) if c < y + 1
        )
        if data.withdrawal:
            new -= sum(online_fraction(c, y, life[k, _cost_year(data, c)])
                       * b.withdrawn_mw[k, r, s] for s in starts[k, r]
                       for c in (commissioning[k, r, s],) if c < y + 1)
        return fleet.get((r, k, y), 0.0) + new

    m.capacity_index = pyo.Set(initialize=[(k, r) for k in techs for r in data.regions], dimen=2)
    m.capacity_index.dims = ("technology", "region")
    # A variable (not an Expression) so each hourly row references one column, not ~20
    # vintages: measured 6x fewer nonzeros and a faster translate and solve.
    m.capacity_mw = pyo.Var(m.capacity_index, m.year, domain=pyo.NonNegativeReals,
                            doc="capacity in operation, average over the year (MW)")

    @b.Constraint(m.capacity_index, m.year)
    def capacity_definition(b, k, r, y):
        return m.capacity_mw[k, r, y] == operating(k, r, y)
    _add_approval_cap(b, data, techs, permit, starts)
    _add_land(m, b, data, techs, fleet, permit, starts, commissioning, life)
    _add_pipeline_costs(m, b, data, fleet)


def _add_withdrawal(b: pyo.Block, permit: dict) -> None:
    """Recourse ``withdrawn_mw`` at the approval decision, at most the approved MW (module doc)."""
    b.withdrawn_mw = pyo.Var(b.start_index, domain=pyo.NonNegativeReals,
                             doc="capacity withdrawn at the approval decision (MW)")

    @b.Constraint(b.start_index)
    def withdrawal_limit(b, k, r, s):
        keep = 1.0 - permit[k, r]["attrition_share"]
        return b.withdrawn_mw[k, r, s] <= keep * b.start_mw[k, r, s]


def _fleet_mw(data: ModelData) -> dict[tuple[str, str, int], float]:
    """Existing fleet plus pipeline in operation (MW) per (region, technology, year)."""
    fleet: dict[tuple[str, str, int], float] = {}
    for df in (data.existing_mw, data.pipeline_mw):
        for key, mw in df["capacity_mw"].items():
            fleet[key] = fleet.get(key, 0.0) + float(mw)
    return fleet


def _cost_year(data: ModelData, time_yr: float) -> int:
    return min(max(int(math.floor(time_yr)), data.years[0]), data.years[-1])


def _add_approval_cap(b: pyo.Block, data: ModelData, techs: list[str], permit: dict,
                      starts: dict) -> None:
    """MW approved per region and year within the authority's throughput."""
    rows, approved_in = [], {}
    for k in techs:
        for r in data.regions:
            cap = permit[k, r]["approval_cap_mw_per_yr"]
            if cap != cap:  # NaN: no cap
                continue
            for s in starts[k, r]:
                approved_in.setdefault((k, r, approval_year(data, k, r, s)), []).append(s)
            rows += [(k, r, y) for y in data.years if (k, r, y) in approved_in]
    b.approval_cap_index = pyo.Set(dimen=3, initialize=rows, ordered=True)
    pipeline = data.pipeline_approvals_mw["capacity_mw"].to_dict() if len(
        data.pipeline_approvals_mw) else {}
    if data.elastic:
        b.approval_excess_mw = pyo.Var(b.approval_cap_index, domain=pyo.NonNegativeReals,
                                       doc="MW approved above the cap (elastic, diagnosis)")

    @b.Constraint(b.approval_cap_index)
    def approval_cap(b, k, r, y):
        keep = 1.0 - permit[k, r]["attrition_share"]
        approved = sum(keep * b.start_mw[k, r, s] for s in approved_in[k, r, y])
        if data.withdrawal:
            approved -= sum(b.withdrawn_mw[k, r, s] for s in approved_in[k, r, y])
        if data.elastic:
            approved -= b.approval_excess_mw[k, r, y]
        applied = float(pipeline.get((r, k, y), 0.0))  # applied for before the start
        return approved <= permit[k, r]["approval_cap_mw_per_yr"] - applied


def _add_land(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData, techs: list[str],
              fleet: dict, permit: dict, starts: dict, commissioning: dict,
              life: dict) -> None:
    """Capacity installed at the end of each year within the land potential (never below fleet).

    The limit holds at the end of the year, not for the year's average: a project
    commissioned in July counts fully against the land of that year.
    """
    potential = data.land_mw["potential_mw"].to_dict()
    rows = [(k, r, y) for (r, k, y) in potential if k in techs and r in data.regions]
    b.land_index = pyo.Set(dimen=3, initialize=sorted(rows), ordered=True)
    if data.elastic:
        b.land_excess_mw = pyo.Var(b.land_index, domain=pyo.NonNegativeReals,
                                   doc="capacity above the land potential (elastic, diagnosis)")
    last = data.years[-1]
    pipeline = data.pipeline_mw["capacity_mw"].to_dict()

    @b.Constraint(b.land_index)
    def land(b, k, r, y):
        installed = fleet.get((r, k, y), 0.0) - pipeline.get((r, k, y), 0.0) + pipeline.get(
            (r, k, min(y + 1, last)), 0.0)  # committed projects online by the year end
        limit = max(float(potential[r, k, y]), installed)
        keep = 1.0 - permit[k, r]["attrition_share"]
        built = [s for s in starts[k, r] for c in (commissioning[k, r, s],)
                 if c <= y + 1 < c + life[k, _cost_year(data, c)]]
        new = [keep * b.start_mw[k, r, s] for s in built]
        if not new:  # nothing can be started for this row
            return pyo.Constraint.Skip
        if data.withdrawal:
            new += [-b.withdrawn_mw[k, r, s] for s in built]
        if data.elastic:
            return installed + sum(new) - b.land_excess_mw[k, r, y] <= limit
        return installed + sum(new) <= limit


def _add_pipeline_costs(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData,
                        fleet: dict) -> None:
    """Annuities and fixed O&M of new capacity; development cost of failed (and withdrawn)
    projects."""
    acc = m.acc.writer("permitting")
    withdrawn = getattr(b, "withdrawn_mw", None)
    for (k, r, s) in b.start_index:
        c = commissioning_time(data, k, r, s)
        cy = _cost_year(data, c)
        capex = data.costs.at[(k, cy), "capex_eur_per_unit"] * UNIT_TO_MW  # EUR/MW
        life = data.costs.at[(k, cy), "lifetime_yr"]
        ann = annuity_factor(data.technologies.at[k, "wacc"], life) * capex
        fom = data.costs.at[(k, cy), "fom_pct_per_yr"] / 100 * capex
        row = data.permitting.loc[(k, r)]
        keep = 1.0 - row["attrition_share"]
        for y in data.years:
            frac = online_fraction(c, y, life)
            if frac > 0:
                acc.cost("capex", y, keep * frac * ann * b.start_mw[k, r, s])
                acc.cost("fixed_om", y, keep * frac * fom * b.start_mw[k, r, s])
                if withdrawn is not None:  # withdrawn MW are never built
                    acc.cost("capex", y, -frac * ann * withdrawn[k, r, s])
                    acc.cost("fixed_om", y, -frac * fom * withdrawn[k, r, s])
        failed = row["attrition_share"] * row["development_cost_share"] * capex
        decided = min(approval_year(data, k, r, s), data.years[-1])
        if failed > 0:
            acc.cost("failed_development", decided, failed * b.start_mw[k, r, s])
        lost = row["development_cost_share"] * capex  # EUR per MW withdrawn
        if withdrawn is not None and lost > 0:
            acc.cost("failed_development", decided, lost * withdrawn[k, r, s])
    for (k, r) in m.capacity_index:  # fixed O&M of the existing fleet and pipeline
        for y in data.years:
            mw = fleet.get((r, k, y), 0.0)
            if mw > 0:
                fom = data.costs.at[(k, y), "fom_pct_per_yr"] / 100
                capex = data.costs.at[(k, y), "capex_eur_per_unit"] * UNIT_TO_MW
                acc.cost("fixed_om_existing", y, fom * capex * mw)  # no decision moves it
    if data.elastic:
        for name in ("land_excess_mw", "approval_excess_mw"):
            for (_, _, y), excess in getattr(b, name).items():
                acc.cost("slack", y, ELASTIC_PENALTY_EUR_PER_MW * excess)
