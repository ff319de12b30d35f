r"""The extensive form: one copy of the pathway model per scenario, tied by non-anticipativity.

For scenarios :math:`\omega` with probabilities :math:`p_\omega`, the block
``ef.<name>`` is :func:`model.formulation.build.build_model` of the data with that
scenario's permitting values in force (its own objective deactivated), and

.. math::
    \min \; (1 - w)\, \sum_\omega p_\omega\, C_\omega
      + w \Big( \eta + \frac{1}{1 - \alpha} \sum_\omega p_\omega z_\omega \Big)

    \text{s.t.} \quad z_\omega \ge C_\omega - \eta, \quad z_\omega \ge 0, \qquad
    x^{\omega}_{k,r,s} = x^{\omega_g}_{k,r,s} \quad \forall s,\ g \in G_s,\ \omega \in g

with :math:`C_\omega` the scenario's objective (the decision-dependent NPV, M EUR), the
CVaR term of Rockafellar and Uryasev at level :math:`\alpha` and weight :math:`w` (absent
when no ``cvar`` is given), and :math:`G_s` the groups of indistinguishable scenarios at
start year :math:`s` (:mod:`model.stochastic.tree`), :math:`\omega_g` the first member of
group :math:`g` that has the start. A start exists in a scenario only if it is commissioned
within the horizon (as in the deterministic model); a member without it is left out of its
group's equalities, since any start there has no effect within the horizon.

Legend: :math:`x` start (MW), :math:`C` scenario cost (M EUR), :math:`p` probability,
:math:`\eta` value at risk, :math:`z` cost above it, :math:`\alpha, w` CVaR level and weight.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC

from model.formulation.build import build_model
from model.formulation.closing import OBJECTIVE_SCALE
from model.inputs.data import ModelData
from model.inputs.uncertainty_schema import CvarConfig
from model.stochastic.sampling import Outcome

log = logging.getLogger(__name__)

StartKey = tuple[str, str, int]  # (technology, region, start year)


def starts_of(m: pyo.ConcreteModel) -> dict[StartKey, pyo.Var]:
    """The start variables of one scenario model, by (technology, region, start year)."""
    b = m.permitting
    return {key: b.start_mw[key] for key in b.start_index}


def withdrawn_of(m: pyo.ConcreteModel) -> dict[StartKey, float]:
    """MW withdrawn at the approval decision per start of a solved scenario model (empty
    without ``ModelData.withdrawal``; :mod:`model.formulation.blocks.permitting`)."""
    var = getattr(m.permitting, "withdrawn_mw", None)
    return {} if var is None else {key: _clean(pyo.value(v)) for key, v in var.items()}


def scenario_cost(m: pyo.ConcreteModel) -> object:
    """The scenario's objective expression (decision-dependent NPV, M EUR)."""
    return m.npv_meur.expr


def build_extensive(datas: Sequence[ModelData], outcomes: Sequence[Outcome],
                    groups: Mapping[int, Sequence[Sequence[int]]],
                    cvar: CvarConfig | None = None) -> pyo.ConcreteModel:
    """Build the extensive form (module doc).

    Parameters
    ----------
    datas : sequence of ModelData
        Each scenario's data (:func:`model.stochastic.sampling.apply`).
    outcomes : sequence of Outcome
        Names and probabilities, in the same order.
    groups : mapping
        Start year -> groups of scenario indices (:func:`model.stochastic.tree.groups_by_year`).
    cvar : CvarConfig, optional
        Level and weight of the CVaR term.

    Returns
    -------
    ConcreteModel
        ``ef.<scenario name>`` blocks, ``ef.nonanticipativity``, ``ef.expected_cost_meur``,
        ``ef.cvar_meur`` (with a CVaR term) and the objective ``ef.objective``.
    """
    with PauseGC():
        ef = pyo.ConcreteModel(name="extensive_form")
        members = []
        for o, d in zip(outcomes, datas, strict=True):
            m = build_model(d)
            m.npv_meur.deactivate()
            ef.add_component(o.name, m)
            members.append(m)
        _nonanticipativity(ef, members, groups)
        _objective(ef, members, [o.probability for o in outcomes], cvar)
    log.info("extensive form: %d scenarios, %d variables, %d constraints", len(members),
             ef.nvariables(), ef.nconstraints())
    return ef


def _nonanticipativity(ef: pyo.ConcreteModel, members: list[pyo.ConcreteModel],
                       groups: Mapping[int, Sequence[Sequence[int]]]) -> None:
    ef.nonanticipativity = pyo.ConstraintList()
    starts = [starts_of(m) for m in members]
    count = 0
    for year, year_groups in groups.items():
        for g in year_groups:
            if len(g) < 2:
                continue
            keys = sorted({key for i in g for key in starts[i] if key[2] == year})
            for key in keys:
                have = [i for i in g if key in starts[i]]
                for i in have[1:]:
                    ef.nonanticipativity.add(starts[i][key] == starts[have[0]][key])
                    count += 1
    log.info("non-anticipativity: %d equalities", count)


def _objective(ef: pyo.ConcreteModel, members: list[pyo.ConcreteModel], probs: list[float],
               cvar: CvarConfig | None) -> None:
    n = len(members)
    ef.scenario_index = pyo.RangeSet(0, n - 1)
    ef.cost_meur = pyo.Expression(ef.scenario_index,
                                  rule=lambda ef, i: scenario_cost(members[i]))
    ef.expected_cost_meur = pyo.Expression(
        expr=sum(probs[i] * ef.cost_meur[i] for i in ef.scenario_index))
    weight = cvar.weight if cvar is not None else 0.0
    if weight > 0:
        ef.var_meur = pyo.Var(doc="value at risk of the cost (M EUR)")
        ef.excess_meur = pyo.Var(ef.scenario_index, domain=pyo.NonNegativeReals,
                                 doc="scenario cost above the value at risk (M EUR)")
        ef.excess_definition = pyo.Constraint(
            ef.scenario_index,
            rule=lambda ef, i: ef.excess_meur[i] >= ef.cost_meur[i] - ef.var_meur)
        ef.cvar_meur = pyo.Expression(expr=ef.var_meur + sum(
            probs[i] * ef.excess_meur[i] for i in ef.scenario_index) / (1.0 - cvar.level))
        expr = (1.0 - weight) * ef.expected_cost_meur + weight * ef.cvar_meur
    else:
        expr = ef.expected_cost_meur
    ef.objective = pyo.Objective(expr=expr, sense=pyo.minimize)


def members_of(ef: pyo.ConcreteModel, outcomes: Sequence[Outcome]) -> list[pyo.ConcreteModel]:
    """The scenario blocks of a built extensive form, in the order of ``outcomes``."""
    return [getattr(ef, o.name) for o in outcomes]


def fix_starts(m: pyo.ConcreteModel, data: ModelData, plan: Mapping[StartKey, float],
               years: Sequence[int]) -> None:
    """Fix the starts of ``years`` to ``plan`` (MW; missing keys = 0) in one scenario model.

    Lumpy starts are rounded to whole units of ``unit_size_mw``.
    """
    b = m.permitting
    wanted = set(years)
    for key, var in starts_of(m).items():
        if key[2] not in wanted:
            continue
        mw = float(plan.get(key, 0.0))
        if key in b.units_index:
            unit_mw = float(data.technologies.at[key[0], "unit_size_mw"])
            units = max(round(mw / unit_mw), 0)
            b.units[key].fix(units)
            mw = units * unit_mw
        var.fix(max(mw, 0.0))


def plan_of(m: pyo.ConcreteModel, years: Sequence[int] | None = None) -> dict[StartKey, float]:
    """Start values (MW) of a solved scenario model, for ``years`` (default all)."""
    wanted = None if years is None else set(years)
    return {key: _clean(pyo.value(var)) for key, var in starts_of(m).items()
            if wanted is None or key[2] in wanted}


def _clean(value: float | None) -> float:
    """A start in MW with solver noise below 1e-9 MW (and -0.0) written as 0."""
    return 0.0 if value is None or abs(value) < 1e-9 else float(value)


@dataclass(frozen=True)
class ScenarioFigures:
    """Published figures of one solved scenario model; ``withdrawn_mw`` by technology (MW,
    or MWh for storage energy, withdrawn at the approval decision over every start)."""

    objective_meur: float
    npv_meur: float
    emissions_t: float
    withdrawn_mw: dict[str, float] = field(default_factory=dict)


def figures(m: pyo.ConcreteModel, data: ModelData) -> ScenarioFigures:
    """Objective, NPV of every cost and cumulative emissions of a solved scenario model."""
    costs = m.costs
    npv = OBJECTIVE_SCALE * sum(float(data.discount[y]) * pyo.value(costs.cost_eur[c, y])
                                for c in costs.category for y in m.year)
    em = m.emissions
    emissions = sum(pyo.value(em.emissions_t[s, y]) for s in em.source for y in m.year)
    withdrawn: dict[str, float] = {}
    for (k, _, _), mw in withdrawn_of(m).items():
        withdrawn[k] = withdrawn.get(k, 0.0) + mw
    return ScenarioFigures(float(pyo.value(scenario_cost(m))), float(npv), float(emissions),
                           withdrawn)
