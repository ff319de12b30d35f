r"""An implementable first stage from progressive hedging: candidates and their expected cost.

Progressive hedging stops with scenario plans that agree only approximately; its average
:math:`\bar{x}_1` of the first-stage starts, rounded to whole turbines, can exceed a
limit (an approval cap, land) in a scenario where that limit binds. With
``uncertainty.withdrawal`` (the default) that scenario withdraws the excess at the approval
decision and pays its development cost, so the candidate is feasible but may be dear;
without it the limit is hard and the plan infeasible. As mpi-sppy's *xhat* spokes do,
several candidate first stages :math:`\hat{x}_1` are therefore evaluated, and the
cheapest feasible one is published:

* ``average``: the PH average :math:`\bar{x}_1`, lumpy starts rounded to the nearest unit;
* ``average_down``: the same rounded down to whole units;
* ``scenarios``: each scenario's own first stage :math:`x_{\omega,1}` at the last PH
  iteration (rounded to the nearest unit);
* ``minimum``: the componentwise minimum :math:`\min_\omega x_{\omega,1}` rounded down
  (fewer starts never exceed an approval cap or a land limit).

A candidate's expected cost is the rest of the tree solved with the first stage fixed:

.. math:: U(\hat{x}_1) = \sum_{c \in \mathcal{C}(\mathrm{ROOT})} \min_{x \in \mathcal{N}_c,\
          x_1 = \hat{x}_1} \sum_{\omega \in c} p_\omega C_\omega(x_\omega)

where the children :math:`c` of the root (groups of scenarios that part after the first
stage) are independent once :math:`x_1` is fixed, so each is its own small extensive form
(:mod:`model.stochastic.extensive`); a candidate is rejected at its first infeasible child.
Unlike mpi-sppy's multi-stage xhat (which fixes every node's starts to one scenario's
values), the later stages here adapt optimally, so :math:`U` is the best expected cost that
candidate allows (up to the MIP gaps). Any feasible :math:`U` is an upper bound on the
stochastic optimum; the published gap compares the smallest with the lower bound of
:mod:`model.stochastic.bounds`.

Legend: :math:`x_1` first-stage starts (MW), :math:`\bar{x}_1` PH average,
:math:`\mathcal{C}(\mathrm{ROOT})` children of the root, :math:`\mathcal{N}_c`
non-anticipative plans of child :math:`c`, :math:`p_\omega, C_\omega` probability and cost.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import pyomo.environ as pyo

from model.solve.highs import Outcome, SolveResult, highs_options, solve
from model.stochastic import extensive, tree

log = logging.getLogger(__name__)

StartKey = tuple[str, str, int]
KINDS = ("average", "average_down", "scenarios", "minimum")


@dataclass
class Candidate:
    """A first-stage plan (MW, lumpy starts in whole units) and its evaluation."""

    label: str
    plan: dict[StartKey, float]
    cost_meur: float | None = None
    bound_meur: float | None = None
    outcome: str = "not evaluated"
    seconds: float = 0.0


@dataclass
class Evaluated:
    """The rest of the tree solved for one candidate: per scenario, in the program's order."""

    solve: SolveResult
    models: list = field(default_factory=list)
    figures: list = field(default_factory=list)


def snap(data, plan: Mapping[StartKey, float], down: bool = False) -> dict[StartKey, float]:
    """Lumpy starts to whole units (nearest, or ``down``); continuous starts unchanged (MW).

    .. math:: \\hat{x} = u \\cdot \\mathrm{round}(x / u) \\quad\\text{or}\\quad
              u \\lfloor x / u + 10^{-6} \\rfloor

    with :math:`u` the unit size (MW); values below 1e-9 MW become 0.
    """
    out = {}
    for key, mw in plan.items():
        unit = float(data.technologies.at[key[0], "unit_size_mw"])
        mw = max(float(mw), 0.0)
        if unit > 0:
            units = math.floor(mw / unit + 1e-6) if down else round(mw / unit)
            mw = units * unit
        out[key] = 0.0 if mw < 1e-9 else mw
    return out


def candidates(program, average: Mapping[StartKey, float],
               iterates: Mapping[str, Mapping[StartKey, float]],
               kinds: Iterable[str] = KINDS) -> list[Candidate]:
    """The distinct candidate first stages (module doc), in the order of ``kinds``.

    ``average`` is the PH average of the first-stage starts, ``iterates`` each scenario's
    first-stage starts at the last iteration (by scenario name). Duplicates (equal after
    rounding) keep the first label.
    """
    data = program.data
    keys = sorted(average)
    wanted = list(kinds)
    found: list[Candidate] = []
    if "average" in wanted:
        found.append(Candidate("average", snap(data, average)))
    if "average_down" in wanted:
        found.append(Candidate("average_down", snap(data, average, down=True)))
    if "scenarios" in wanted:
        for name in sorted(iterates):
            found.append(Candidate(f"scenario {name}", snap(data, iterates[name])))
    if "minimum" in wanted and iterates:
        low = {k: min(float(it.get(k, 0.0)) for it in iterates.values()) for k in keys}
        found.append(Candidate("minimum", snap(data, low, down=True)))
    seen, out = set(), []
    for c in found:
        sig = tuple(round(c.plan.get(k, 0.0), 6) for k in keys)
        if sig not in seen:
            seen.add(sig)
            out.append(c)
    return out


def root_children(program) -> list[tuple[int, ...]]:
    """Groups of scenario indices below the root: independent once the first stage is fixed."""
    stages = tree.stages(program.data, program.outcomes)
    if len(stages) > 1:
        return [tuple(g) for g in stages[1].groups]
    if len(stages[0].groups) == 1:  # every start is first-stage: each scenario alone
        return [(i,) for i in range(len(program.outcomes))]
    return [tuple(g) for g in stages[0].groups]  # no first stage: the first split


def _child_groups(program, child: Sequence[int]) -> dict[int, list[tuple[int, ...]]]:
    local = {i: j for j, i in enumerate(child)}
    out: dict[int, list[tuple[int, ...]]] = {}
    for year, groups in program.groups.items():
        parts = [tuple(local[i] for i in g if i in local) for g in groups]
        out[year] = [g for g in parts if g]
    return out


def evaluate(program, plan: Mapping[StartKey, float]) -> Evaluated:
    """Expected cost of the tree with the first stage fixed at ``plan`` (module doc)."""
    opts = highs_options(program.scenario.solver)
    n = len(program.outcomes)
    models: list = [None] * n
    figures: list = [None] * n
    cost = bound = 0.0
    outcome, status, gaps, columns, version = Outcome.OPTIMAL, [], [], 0, ""
    for child in root_children(program):
        datas = [program.datas[i] for i in child]
        ef = extensive.build_extensive(datas, [program.outcomes[i] for i in child],
                                       _child_groups(program, child))
        members = [getattr(ef, program.outcomes[i].name) for i in child]
        for m, d in zip(members, datas, strict=True):
            extensive.fix_starts(m, d, plan, program.first_years)
        sol = solve(ef, opts)
        version = sol.highs_version
        columns += int(sol.size.get("columns", 0))
        if not sol.outcome.publishes:
            names = ", ".join(program.outcomes[i].name for i in child)
            return Evaluated(SolveResult(outcome=sol.outcome, status=f"scenarios {names}: "
                                         f"{sol.status}", highs_version=version))
        if sol.outcome is Outcome.FEASIBLE_LIMIT:
            outcome = Outcome.FEASIBLE_LIMIT
        cost += float(pyo.value(ef.objective))
        bound += float(sol.bound if sol.bound is not None else sol.objective)
        gaps.append(sol.gap or 0.0)
        status.append(sol.status)
        for i, m, d in zip(child, members, datas, strict=True):
            models[i], figures[i] = m, extensive.figures(m, d)
    gap = (cost - bound) / max(abs(cost), 1e-9)
    res = SolveResult(outcome=outcome, status="; ".join(sorted(set(status))), objective=cost,
                      bound=bound, gap=max(gap, 0.0), size={"columns": columns},
                      highs_version=version)
    return Evaluated(res, models, figures)


def best_candidate(program, found: list[Candidate]) -> tuple[Candidate | None,
                                                             Evaluated | None]:
    """Evaluate every candidate; return the cheapest feasible one and its solved tree."""
    best: tuple[Candidate | None, Evaluated | None] = (None, None)
    for c in found:
        t = time.perf_counter()
        ev = evaluate(program, c.plan)
        c.seconds = time.perf_counter() - t
        c.outcome = str(ev.solve.outcome)
        if ev.solve.outcome.publishes:
            c.cost_meur, c.bound_meur = ev.solve.objective, ev.solve.bound
        log.info("first-stage candidate %s: %s%s (%.1f s)", c.label, c.outcome,
                 "" if c.cost_meur is None else f", expected cost {c.cost_meur:,.3f} M EUR",
                 c.seconds)
        if c.cost_meur is not None and (best[0] is None or c.cost_meur < best[0].cost_meur):
            best = (c, ev)
    return best


def table(found: Sequence[Candidate], chosen: Candidate | None) -> list[dict[str, object]]:
    """Rows of ``ph_candidates.csv``: label, outcome, expected cost, bound, seconds, chosen."""
    return [{"candidate": c.label, "outcome": c.outcome, "expected_cost_meur": c.cost_meur,
             "rest_of_tree_bound_meur": c.bound_meur, "seconds": round(c.seconds, 2),
             "chosen": c is chosen} for c in found]


def gathered(ph, program) -> tuple[dict, dict, dict] | None:
    """On rank 0: first-stage PH average, each scenario's first stage, PH's prices.

    Each rank sends its local scenarios' values; the other ranks get None.
    """
    from model.stochastic import bounds
    from model.stochastic.hedging import consensus_plan, root_plan

    first = set(program.first_years)
    iterates: dict[str, dict[StartKey, float]] = {}
    for name, m in ph.local_scenarios.items():
        iterates[name] = {k: float(pyo.value(v)) for k, v in zip(
            m.shared_keys["ROOT"], m._mpisppy_node_list[0].nonant_vardata_list, strict=True)
            if k[2] in first and k not in m.stand_in_keys}
    average = root_plan(consensus_plan(ph), program.first_years)
    local = (iterates, bounds.ph_prices(ph))
    parts = ph.mpicomm.gather(local, root=0) if ph.mpicomm.Get_size() > 1 else [local]
    if parts is None:
        return None
    return (average, {k: v for it, _ in parts for k, v in it.items()},
            {k: v for _, pr in parts for k, v in pr.items()})


def publish_best(program, ph, ph_s: float, values: tuple[dict, dict, dict]):
    """The published plan with ``fix: root``: the cheapest feasible first-stage candidate
    (module doc) with the rest of the tree solved, its expected cost as
    the upper bound, the best of PH's trivial and Lagrangian bounds as the lower bound
    (:mod:`model.stochastic.bounds`), and their gap."""
    import dataclasses

    from model.stochastic import bounds
    from model.stochastic.hedging import node_paths
    from model.stochastic.program import Solution

    cfg = program.scenario.uncertainty.hedging
    average, iterates, prices = values
    t = time.perf_counter()
    found = candidates(program, average, iterates, cfg.candidates)
    chosen, ev = best_candidate(program, found)
    xhat_s = time.perf_counter() - t
    order, paths, stage_years = node_paths(program)
    names = [o.name for o in program.outcomes]
    node = bounds.node_lookup({names[i]: paths[i] for i in order}, stage_years)
    probs = dict(zip(names, program.probabilities, strict=True))
    t = time.perf_counter()
    lagrangian = (bounds.lagrangian_bound(program, bounds.project(prices, probs, node))
                  if cfg.lagrangian_bound else None)
    trivial = getattr(ph, "trivial_bound", None)
    trivial = None if trivial is None else float(trivial)
    found_bounds = [float(b) for b in (trivial, lagrangian) if b is not None]
    lower = max(found_bounds) if found_bounds else None
    upper = None if chosen is None else chosen.cost_meur
    gap_meur, gap_rel = bounds.gap(upper, lower)
    info = {"candidate": None if chosen is None else chosen.label, "upper_meur": upper,
            "lower_meur": lower, "trivial_bound_meur": trivial,
            "lagrangian_bound_meur": lagrangian, "gap_meur": gap_meur, "gap": gap_rel,
            "candidates": table(found, chosen)}
    log.info("PH published plan: candidate %s, upper %s, lower %s M EUR (trivial %s, "
             "Lagrangian %s), gap %s", info["candidate"], upper, lower, trivial, lagrangian,
             gap_meur)
    timings = {"ph": ph_s, "candidates": xhat_s, "bound": time.perf_counter() - t}
    status = f"progressive hedging, {ph._PHIter} iterations"
    if chosen is None:
        fail = SolveResult(outcome=Outcome.INFEASIBLE, status=f"{status}; no first-stage "
                           f"candidate of {len(found)} is feasible in every scenario")
        return Solution(fail, iterations=int(ph._PHIter), timings_s=timings, extra=info)
    sol = dataclasses.replace(ev.solve, status=f"{status}, first stage {chosen.label}; "
                              f"{ev.solve.status}", objective=upper, bound=lower, gap=gap_rel)
    return Solution(sol, models=ev.models, figures=ev.figures, objective_meur=upper,
                    iterations=int(ph._PHIter), timings_s=timings, extra=info)
