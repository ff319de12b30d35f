r"""A lower bound on the stochastic optimum from progressive hedging's prices (Lagrangian).

Relaxing the non-anticipativity equalities with prices :math:`w_{\omega,i}` on the shared
starts gives, for any prices that sum to zero at every node,

.. math::
    L(w) = \sum_\omega p_\omega \min_{x_\omega} \big[ C_\omega(x_\omega)
           + w_\omega^\top x_\omega \big] \;\le\; \mathrm{RP}
    \qquad \text{if} \quad \sum_{\omega \in n,\ i \in \omega} p_\omega w_{\omega,i} = 0
    \quad \forall n, i ,

because on a non-anticipative plan (:math:`x_{\omega,i} = x_{n,i}` within node :math:`n`)
the price term is :math:`\sum_{n,i} x_{n,i} \sum_\omega p_\omega w_{\omega,i} = 0`. With
:math:`w = 0` this is the wait-and-see bound (mpi-sppy's *trivial bound* of PH iteration 0);
with PH's final prices :math:`W` it is the bound mpi-sppy's Lagrangian spoke computes.
PH keeps :math:`\sum p W = 0` only when rho is the same in every scenario of a node; with
rho from costs (:func:`model.stochastic.hedging.cost_rho_setter`) it differs, so the prices
are projected first,

.. math:: \tilde{w}_{\omega,i} = W_{\omega,i} - \frac{\sum_{\omega' \in n(i)} p_{\omega'}
          W_{\omega',i}}{\sum_{\omega' \in n(i)} p_{\omega'}} ,

over the scenarios :math:`n(i)` of the node that have the start (a stand-in, which has no
effect in its scenario, takes no price). The subproblems are mixed-integer: each
contributes its solver's dual bound (HiGHS ``mip_dual_bound``), so :math:`L` stays a valid
bound whatever the MIP gap.

Legend: :math:`p_\omega` probability, :math:`C_\omega` scenario cost (M EUR), :math:`x`
starts (MW), :math:`w, W` prices (M EUR/MW), :math:`n` node of the scenario tree, RP the
stochastic optimum.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence

import pyomo.environ as pyo

from model.formulation.build import build_model
from model.solve.highs import highs_options, solve
from model.stochastic import extensive

log = logging.getLogger(__name__)

StartKey = tuple[str, str, int]
Prices = dict[str, dict[StartKey, float]]


def node_lookup(paths: Mapping[str, tuple[int, ...]], stage_years: Sequence[Sequence[int]]
                ) -> Callable[[str, int], tuple[int, ...]]:
    """``(scenario name, start year) -> node`` (the scenario's path prefix at that stage)."""
    stage_of = {y: t for t, years in enumerate(stage_years) for y in years}

    def node(name: str, year: int) -> tuple[int, ...]:
        return paths[name][:stage_of[year]]

    return node


def project(prices: Mapping[str, Mapping[StartKey, float]], probs: Mapping[str, float],
            node: Callable[[str, int], tuple[int, ...]]) -> Prices:
    """Prices with a zero probability-weighted sum at every node and start (module doc)."""
    total: dict[tuple, float] = {}
    mass: dict[tuple, float] = {}
    for name, row in prices.items():
        for key, w in row.items():
            at = (node(name, key[2]), key)
            total[at] = total.get(at, 0.0) + probs[name] * w
            mass[at] = mass.get(at, 0.0) + probs[name]
    return {name: {key: w - total[node(name, key[2]), key] / mass[node(name, key[2]), key]
                   for key, w in row.items()} for name, row in prices.items()}


def ph_prices(ph) -> Prices:
    """PH's prices :math:`W` (M EUR/MW) of the local scenarios, stand-ins left out."""
    out: Prices = {}
    for name, m in ph.local_scenarios.items():
        row = out.setdefault(name, {})
        for node in m._mpisppy_node_list:
            for i, key in enumerate(m.shared_keys[node.name]):
                if key not in m.stand_in_keys:
                    row[key] = float(pyo.value(m._mpisppy_model.W[(node.name, i)]))
    return out


def lagrangian_bound(program, prices: Mapping[str, Mapping[StartKey, float]]
                     ) -> float | None:
    r""":math:`L(\tilde{w})` (M EUR): each scenario solved alone with the priced starts.

    ``prices`` must already sum to zero at every node (:func:`project`); a scenario
    without a row is priced at zero. None if a subproblem ends without a bound.
    """
    opts = highs_options(program.scenario.solver)
    total = 0.0
    for o, d in zip(program.outcomes, program.datas, strict=True):
        m = build_model(d)
        row = prices.get(o.name, {})
        starts = extensive.starts_of(m)
        m.npv_meur.deactivate()
        m.lagrangian_meur = pyo.Objective(expr=m.npv_meur.expr + sum(
            w * starts[k] for k, w in row.items() if k in starts and w != 0.0))
        sol = solve(m, opts)
        value = sol.bound if sol.bound is not None else sol.objective
        if value is None:
            log.warning("Lagrangian bound: scenario %s ended %s without a bound", o.name,
                        sol.outcome)
            return None
        total += o.probability * float(value)
    return total


def gap(upper: float | None, lower: float | None) -> tuple[float | None, float | None]:
    """Absolute (M EUR) and relative gap :math:`(U - L) / |U|` between the bounds."""
    if upper is None or lower is None:
        return None, None
    return upper - lower, (upper - lower) / max(abs(upper), 1e-9)
