r"""Non-anticipativity by information time: which scenarios a planner cannot yet tell apart.

A start :math:`x_{k,r,s}` is decided on 1 January of its start year :math:`s`. The
permitting outcome of an uncertain (technology :math:`k'`, region :math:`r'`) becomes known
with the first approval decision of projects started on 1 January of the first model year
:math:`y_0`, at the information time

.. math:: \tau_{k',r'}(\omega) = y_0 + (m^{pre}_{k',r'} + m^{app}_{k',r'}(\omega)) / 12 .

What a planner has seen by time :math:`s` in scenario :math:`\omega` is the signature

.. math::
    \sigma_s(\omega) = \big( \sigma_{s,k',r'}(\omega) \big)_{k',r'}, \qquad
    \sigma_{s,k',r'}(\omega) = \begin{cases}
        (m^{app}_{k',r'}(\omega), a_{k',r'}(\omega)) & \tau_{k',r'}(\omega) \le s \\
        \text{"not yet decided"} & \text{otherwise}
    \end{cases}

(an approval that has not arrived by :math:`s` tells the planner that it takes longer).
Scenarios with the same signature are indistinguishable at :math:`s`, and every start of
year :math:`s` (of every technology and region) is equal across them:

.. math:: x^{\omega}_{k,r,s} = x^{\omega'}_{k,r,s} \quad \text{if } \sigma_s(\omega) =
    \sigma_s(\omega') .

Signatures only ever refine as :math:`s` grows, so the groups form a scenario tree: the
*stages* are the runs of start years with the same grouping, the *root* the years before
the first outcome is known (there, all scenarios form one group: the first-stage plan).
Later starts, dispatch and plant choices adapt per scenario. The pipeline already in
progress at the start is not used as a source of information (a conservative choice: it
makes the plan hedge longer).

Legend: :math:`x` start (MW), :math:`s` start year, :math:`\omega` scenario,
:math:`m^{pre}, m^{app}` pre-application and approval months, :math:`a` attrition share,
:math:`\tau` information time (fractional year), :math:`\sigma` signature.
"""

from __future__ import annotations

from dataclasses import dataclass

from model.inputs.data import ModelData
from model.stochastic.sampling import Outcome


def information_time(data: ModelData, tech: str, region: str, approval_months: float
                     ) -> float:
    """Fractional year at which the outcome of (tech, region) is first observed."""
    pre = float(data.permitting.at[(tech, region), "pre_application_months"])
    return data.years[0] + (pre + approval_months) / 12.0


def signature(data: ModelData, outcome: Outcome, year: int) -> tuple:
    """What is known on 1 January of ``year`` in this scenario (module doc)."""
    sig = []
    for (k, r), params in sorted(outcome.values.items()):
        months = params.get("approval_months",
                            float(data.permitting.at[(k, r), "approval_months"]))
        known = information_time(data, k, r, months) <= year + 1e-9
        sig.append(((k, r), tuple(sorted(params.items())) if known else None))
    return tuple(sig)


@dataclass(frozen=True)
class Stage:
    """Start years with one grouping of the scenarios (indices into the outcomes)."""

    years: tuple[int, ...]
    groups: tuple[tuple[int, ...], ...]


def groups_by_year(data: ModelData, outcomes: list[Outcome]) -> dict[int, list[tuple[int, ...]]]:
    """Start year -> groups of indistinguishable scenarios (first-appearance order)."""
    out = {}
    for y in data.years:
        by_sig: dict[tuple, list[int]] = {}
        for i, o in enumerate(outcomes):
            by_sig.setdefault(signature(data, o, y), []).append(i)
        out[y] = [tuple(g) for g in by_sig.values()]
    return out


def stages(data: ModelData, outcomes: list[Outcome]) -> list[Stage]:
    """The scenario tree: consecutive start years with the same grouping form one stage."""
    result: list[Stage] = []
    for y, groups in groups_by_year(data, outcomes).items():
        key = tuple(groups)
        if result and result[-1].groups == key:
            result[-1] = Stage((*result[-1].years, y), key)
        else:
            result.append(Stage((y,), key))
    return result


def first_stage_years(data: ModelData, outcomes: list[Outcome]) -> tuple[int, ...]:
    """Start years decided before any outcome is known (all scenarios in one group)."""
    first = stages(data, outcomes)[0]
    return first.years if len(first.groups) == 1 else ()
