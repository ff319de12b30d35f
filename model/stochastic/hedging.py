r"""Progressive hedging with mpi-sppy: one model per scenario, consensus on the shared starts.

The scenario tree of :mod:`model.stochastic.tree` becomes mpi-sppy nodes: stage :math:`t`
has one node per group of indistinguishable scenarios, its non-anticipative variables are
the starts of the stage's years (one leaf per scenario below the last stage). Progressive
hedging (Rockafellar and Wets) solves each scenario :math:`\omega` with the augmented cost

.. math:: C_\omega(x) + w_\omega^\top x + \tfrac{\rho}{2} \lVert x - \bar{x} \rVert^2 ,

then updates the node averages :math:`\bar{x}` and the prices
:math:`w_\omega \mathrel{+}= \rho (x_\omega - \bar{x})`, until the mean deviation
from :math:`\bar x` is below ``hedging.convergence_tol`` (MW) or ``hedging.max_iterations``
is reached. The proximal term is linearised (HiGHS solves no mixed-integer quadratic
programs). Rho is per start from its cost (``hedging.rho_from: costs``,
:func:`cost_rho_setter`) or one value for all. The published plan is non-anticipative by
construction: with ``hedging.fix: root`` (default) several first-stage candidates (the PH
average rounded to whole units and rounded down, each scenario's own, the minimum) are
evaluated with the rest of the tree solved, the cheapest feasible one is published with its
expected cost as the upper bound and the best of PH's wait-and-see and Lagrangian bounds as
the lower bound (:mod:`model.stochastic.xhat`, :mod:`model.stochastic.bounds`); with
``fix: shared`` every shared start is fixed at its node average and each scenario is
re-solved alone. Either way the reported cost is that of an implementable plan, an upper
bound on the extensive form's optimum (equal to it when PH has converged to it).

A start that exists in some scenarios of a node but not in others (it would be commissioned
after the horizon there) is added as a stand-in in the others (same name, in no constraint
and no cost), so every member of a node carries the same list of shared variables.

Runs in one process without mpi4py; across processes (or machines) with MPI:
``mpiexec -n 2 python -m model.cli.hedging SCENARIO`` (:mod:`model.cli.hedging`; see the README).

Legend: :math:`x` shared starts (MW), :math:`\bar{x}` node average, :math:`w` PH prices
(M EUR/MW), :math:`\rho` penalty (M EUR/MW\ :sup:`2`), :math:`C_\omega` scenario cost.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping

import pyomo.environ as pyo

from model.formulation.build import build_model
from model.solve.highs import Outcome, SolveResult, highs_options, solve
from model.stochastic import extensive, tree, xhat

log = logging.getLogger(__name__)

StartKey = tuple[str, str, int]


def node_paths(program) -> tuple[list[int], list[tuple[int, ...]], list[tuple[int, ...]]]:
    """Scenario order, each scenario's node path (child index per stage) and stage years.

    Scenarios are ordered so that every node's members are contiguous (mpi-sppy's rule).
    """
    stages = tree.stages(program.data, program.outcomes)
    n = len(program.outcomes)
    group_of = [[next(j for j, g in enumerate(st.groups) if i in g) for st in stages]
                for i in range(n)]
    order = sorted(range(n), key=lambda i: group_of[i])
    paths: dict[int, tuple[int, ...]] = {}
    children: dict[tuple, list] = {}
    for i in order:
        path: tuple[int, ...] = ()
        for t in range(1, len(stages)):
            kids = children.setdefault((t, path), [])
            g = group_of[i][t]
            if g not in kids:
                kids.append(g)
            path = (*path, kids.index(g))
        paths[i] = path
    return order, [paths[i] for i in range(n)], [st.years for st in stages]


def _name(path: tuple[int, ...]) -> str:
    return "_".join(["ROOT", *map(str, path)])


def _scenario_model(program, i: int, union: list[StartKey], paths, stage_years,
                    fixed: Mapping[StartKey, float] | None) -> pyo.ConcreteModel:
    from mpisppy import scenario_tree

    data = program.datas[i]
    m = build_model(data)
    starts = extensive.starts_of(m)
    m.stand_in = pyo.ConstraintList()  # stand-ins must reach the solver (mpi-sppy's rule)
    m.stand_in_keys = {k for k in union if k not in starts}
    for key in sorted(m.stand_in_keys):  # stand-in: same name, no effect
        m.permitting.start_index.add(key)
        starts[key] = m.permitting.start_mw[key]
        m.stand_in.add(starts[key] >= 0)
    if fixed is not None:
        extensive.fix_starts(m, data, fixed, program.first_years)
    probs = program.probabilities
    path = paths[i]
    node_prob = {}
    for t in range(len(stage_years)):
        members = [j for j, p in enumerate(paths) if p[:t] == path[:t]]
        node_prob[t] = sum(probs[j] for j in members)
    nodes = []
    m.shared_keys = {}
    for t, years in enumerate(stage_years):
        m.shared_keys[_name(path[:t])] = [k for k in union if k[2] in years]
        cond = node_prob[t] / node_prob[t - 1] if t else 1.0
        nodes.append(scenario_tree.ScenarioNode(
            name=_name(path[:t]), cond_prob=cond, stage=t + 1,
            cost_expression=m.npv_meur.expr if t == 0 else 0.0,
            nonant_list=[starts[k] for k in m.shared_keys[_name(path[:t])]], scen_model=m,
            parent_name=_name(path[:t - 1]) if t else None))
    m._mpisppy_node_list = nodes
    m._mpisppy_probability = probs[i]
    return m


def _all_nodenames(paths, stages: int) -> list[str] | None:
    if stages == 1:
        return None  # two stages: mpi-sppy needs only ROOT
    names = {_name(p[:t]) for p in paths for t in range(stages)}
    leaves = {}
    for p in paths:  # one leaf per scenario below its last node
        leaves.setdefault(p, 0)
        names.add(_name((*p, leaves[p])))
        leaves[p] += 1
    return sorted(names, key=lambda s: (s.count("_"), [int(x) for x in s.split("_")[1:]]))


def cost_rho_setter(multiplier: float, default: float, holder: dict):
    r"""mpi-sppy ``rho_setter``: a rho per shared start from its cost (after iteration 0).

    .. math:: \rho_i = m\, \frac{|c_i|}{\max(1, \max_\omega x_{\omega,i} -
              \min_\omega x_{\omega,i})}

    with :math:`c_i` the start's objective coefficient in the scenario (M EUR per MW: its
    discounted annuities, O&M and failed development), the spread of the iteration-0 starts
    over the scenarios at its node (MW; mpi-sppy's own min/max reduction) and :math:`m`
    ``rho_multiplier``: the "SEP" rule of Watson and Woodruff (2011). A start without cost (a
    stand-in) gets ``default``. ``holder["ph"]`` must hold the PH object before it runs.
    """
    def setter(s, **_: object) -> list[tuple[int, float]]:
        import numpy as np
        from mpisppy import MPI
        from mpisppy.extensions.sep_rho import SepRho
        from mpisppy.utils.sputils import nonant_cost_coeffs

        if "spread" not in holder:  # once per rank, at the same point on every rank
            ph = holder["ph"]
            high = SepRho._compute_min_max(ph, np.maximum, MPI.MAX, -np.inf)
            low = SepRho._compute_min_max(ph, np.minimum, MPI.MIN, np.inf)
            holder["spread"] = {k: high[k] - low[k] for k in high}
        coeffs = nonant_cost_coeffs(s)
        out = []
        for ndn_i, var in s._mpisppy_data.nonant_indices.items():
            rho = multiplier * abs(coeffs.get(ndn_i, 0.0)) / max(1.0, holder["spread"][ndn_i])
            out.append((id(var), rho if rho > 1e-12 else default))
        return out

    return setter


def ph_options(program) -> dict:
    """mpi-sppy PH options from the scenario (HiGHS through Pyomo's appsi interface)."""
    cfg, solver = program.scenario.uncertainty.hedging, program.scenario.solver
    sub = {"mip_rel_gap": solver.mip_rel_gap, "mip_abs_gap": solver.mip_abs_gap_meur,
           "threads": solver.threads, "time_limit": solver.time_limit_s}
    return {"solver_name": "appsi_highs", "PHIterLimit": cfg.max_iterations,
            "defaultPHrho": cfg.rho, "convthresh": cfg.convergence_tol, "verbose": False,
            "display_progress": False, "display_timing": False,
            "linearize_proximal_terms": True, "proximal_linearization_tolerance": 1e-2,
            "solver_options_layers": [{"when": "default", "options": sub}], "toc": False}


def _trace_extension():
    """An mpi-sppy extension recording the convergence metric of every iteration (MW)."""
    from mpisppy.extensions.extension import Extension

    class Trace(Extension):
        def __init__(self, ph) -> None:
            super().__init__(ph)
            ph.trace = []

        def miditer(self) -> None:
            self.opt.trace.append(float(self.opt.conv))
            log.info("PH iteration %d: convergence %.4g MW", self.opt._PHIter, self.opt.conv)

    return Trace


def run_ph(program, fixed: Mapping[StartKey, float] | None = None):
    """Run PH; return (ph object, scenario order, node paths, stage years, seconds)."""
    from mpisppy.opt.ph import PH

    order, paths, stage_years = node_paths(program)
    union = sorted({k for d in program.datas for k in _start_keys(d)})
    names = [program.outcomes[i].name for i in order]
    index = {program.outcomes[i].name: i for i in order}

    def creator(name: str, **_: object) -> pyo.ConcreteModel:
        return _scenario_model(program, index[name], union, paths, stage_years, fixed)

    cfg = program.scenario.uncertainty.hedging
    holder: dict = {}
    setter = (cost_rho_setter(cfg.rho_multiplier, cfg.rho, holder) if cfg.rho_from == "costs"
              else None)
    t = time.perf_counter()
    ph = PH(ph_options(program), names, creator,
            all_nodenames=_all_nodenames([paths[i] for i in order], len(stage_years)),
            rho_setter=setter, extensions=_trace_extension())
    holder["ph"] = ph
    conv, _, _ = ph.ph_main()
    ph.final_conv = float(conv) if conv is not None else None
    log.info("progressive hedging: %d iterations, convergence %.3g MW (tolerance %.3g)",
             ph._PHIter, conv if conv is not None else float("nan"), cfg.convergence_tol)
    return ph, order, paths, stage_years, time.perf_counter() - t


def _start_keys(data) -> list[StartKey]:
    """Start keys of one scenario without building its model (same rule as permitting)."""
    from model.formulation.blocks.permitting import region_techs

    end = data.years[-1] + 1
    return [(k, r, s) for k in region_techs(data) for r in data.regions for s in data.years
            if s + data.permitting.at[(k, r), "lead_months"] / 12.0 < end]


def consensus_plan(ph) -> dict[str, dict[StartKey, float]]:
    """Per local scenario: every shared start at its node's average :math:`\\bar{x}` (MW).

    The averages are mpi-sppy's (``xbars``), the same on every MPI rank.
    """
    plan: dict[str, dict[StartKey, float]] = {}
    for name, m in ph.local_scenarios.items():
        plan[name] = {}
        for node in m._mpisppy_node_list:
            for i, key in enumerate(m.shared_keys[node.name]):
                plan[name][key] = float(pyo.value(m._mpisppy_model.xbars[(node.name, i)]))
    return plan


def solve_hedging(program, fixed: Mapping[StartKey, float] | None = None):
    """Progressive hedging, then the published implementable plan (module doc)."""
    from model.stochastic.program import Solution

    ph, _, _, stage_years, ph_s = run_ph(program, fixed)
    plan = consensus_plan(ph)
    if program.scenario.uncertainty.hedging.fix == "root":
        return xhat.publish_best(program, ph, ph_s, xhat.gathered(ph, program))
    shared = [y for ys in stage_years for y in ys]
    t = time.perf_counter()
    models, results = [], []
    for i, d in enumerate(program.datas):
        m = build_model(d)
        extensive.fix_starts(m, d, plan[program.outcomes[i].name], shared)
        results.append(solve(m, highs_options(program.scenario.solver)))
        models.append(m)
    worst = next((r for r in results if not r.outcome.publishes), None)
    objective = sum(p * r.objective for p, r in zip(program.probabilities, results,
                                                    strict=True)) if worst is None else None
    gap = max(r.gap or 0.0 for r in results) if worst is None else None
    head = worst or results[0]
    sol = SolveResult(outcome=head.outcome if worst else Outcome.OPTIMAL,
                      status=f"progressive hedging, {ph._PHIter} iterations; {head.status}",
                      objective=objective, bound=None, gap=gap,
                      highs_version=head.highs_version, size=head.size)
    out = Solution(sol, objective_meur=objective, iterations=int(ph._PHIter),
                   timings_s={"ph": ph_s, "resolve": time.perf_counter() - t})
    if worst is None:
        out.models = models
        out.figures = [extensive.figures(m, d) for m, d in zip(models, program.datas,
                                                                strict=True)]
    return out


def root_plan(plan: dict[str, dict[StartKey, float]], years) -> dict[StartKey, float]:
    """The first-stage starts of the consensus plan (the same in every scenario at ROOT)."""
    wanted = set(years)
    first = next(iter(plan.values()))
    return {k: v for k, v in first.items() if k[2] in wanted}
