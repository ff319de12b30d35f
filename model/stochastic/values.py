r"""What the hedge is worth: expected value of perfect information and of the stochastic solution.

With :math:`\mathcal{R}` the program's objective (the expected cost, or with a CVaR term
:math:`(1 - w) E + w\, \mathrm{CVaR}_\alpha`) over the scenarios:

.. math::
    \mathrm{RP} = \min_{x \in \mathcal{N}} \mathcal{R}[C(x)], \qquad
    \mathrm{WS} = \mathcal{R}\big[\min_x C_\omega(x)\big], \qquad
    \mathrm{EEV} = \min_{x \in \mathcal{N},\ x_1 = \bar{x}_1} \mathcal{R}[C(x)]

    \mathrm{EVPI} = \mathrm{RP} - \mathrm{WS} \ge 0, \qquad
    \mathrm{VSS} = \mathrm{EEV} - \mathrm{RP} \ge 0

with :math:`\mathcal{N}` the non-anticipative plans (:mod:`model.stochastic.tree`), WS the
wait-and-see value (each scenario planned knowing its outcome), :math:`\bar{x}_1` the
first-stage starts of the *average-case* plan (the deterministic model with the
probability-weighted mean approval months and attrition in force) and EEV its expected
cost when those starts are fixed and every later decision adapts as in the stochastic
program, including the withdrawal of approved capacity at the approval decision
(``uncertainty.withdrawal``, :mod:`model.formulation.blocks.permitting`): where fewer
projects are refused than the average case assumed, the excess over the approval
throughput or the land is withdrawn and loses its development cost, so EEV and VSS stay
finite. Without withdrawal such a plan is infeasible there and EEV, VSS are unbounded.
Both differences are up to the MIP gaps of the solves behind them.

Legend: :math:`C_\omega` scenario cost (M EUR), :math:`x` starts, :math:`x_1` first-stage
starts, RP recourse problem, WS wait-and-see, EEV expected result of the expected-value
solution, EVPI, VSS (M EUR).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from model.inputs.uncertainty_schema import CvarConfig


def cvar(costs: Sequence[float], probs: Sequence[float], level: float) -> float:
    r"""CVaR of a discrete cost distribution: the mean of the worst :math:`1 - \alpha` mass.

    .. math:: \mathrm{CVaR}_\alpha = \min_\eta\ \eta + \frac{1}{1-\alpha}
              \sum_\omega p_\omega \max(0, C_\omega - \eta)

    (the minimum is at a scenario cost, so it is found by trying each).
    """
    c, p = np.asarray(costs, dtype=float), np.asarray(probs, dtype=float)
    return float(min(eta + np.dot(p, np.maximum(c - eta, 0.0)) / (1.0 - level) for eta in c))


def risk_objective(costs: Sequence[float], probs: Sequence[float],
                   risk: CvarConfig | None) -> float:
    """:math:`(1 - w) E[C] + w \\mathrm{CVaR}_\\alpha[C]` (the expectation without CVaR)."""
    expected = float(np.dot(probs, costs))
    if risk is None or risk.weight == 0:
        return expected
    return (1.0 - risk.weight) * expected + risk.weight * cvar(costs, probs, risk.level)


def weighted_quantile(values: Sequence[float], probs: Sequence[float], q: float) -> float:
    """The smallest value whose cumulative probability reaches ``q`` (a P10/P50/P90)."""
    v, p = np.asarray(values, dtype=float), np.asarray(probs, dtype=float)
    order = np.argsort(v, kind="stable")
    cum = np.cumsum(p[order])
    j = int(np.searchsorted(cum, q - 1e-12, side="left"))
    return float(v[order][min(j, len(v) - 1)])


def value_table(rp: float, ws: float, ev: float, eev: float | None) -> list[dict[str, object]]:
    """The rows of ``value_of_information.csv`` (M EUR)."""
    rows = [
        ("RP", rp, "stochastic optimum: plan hedged across the scenarios (objective of the "
                   "program)"),
        ("WS", ws, "wait and see: each scenario planned knowing its outcome"),
        ("EV", ev, "average-case plan's own cost with the mean approval months and attrition"),
        ("EEV", eev, "average-case first-stage starts fixed, later decisions (and "
                     "withdrawals at the approval decision) adapting, across the scenarios"),
        ("EVPI", rp - ws, "expected value of perfect information = RP - WS"),
        ("VSS", None if eev is None else eev - rp,
         "value of the stochastic solution = EEV - RP"),
    ]
    return [{"quantity": q, "value_meur": v, "meaning": text} for q, v, text in rows]
