"""Set up and solve the stochastic program: scenarios, tree, route, and the value figures.

:func:`prepare` reads and checks everything before anything is built (distributions,
scenarios, route); :func:`solve_program` solves the recourse problem on the chosen route
(extensive form with HiGHS, or progressive hedging with mpi-sppy), optionally with the
first-stage starts fixed; :func:`value_figures` adds the wait-and-see, average-case and EEV
solves behind EVPI and VSS (:mod:`model.stochastic.values`).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyomo.environ as pyo

from model.errors import InputError
from model.formulation.build import build_model
from model.inputs import presolve
from model.inputs.config import Scenario
from model.inputs.data import ModelData
from model.inputs.tables import sha256_of
from model.solve.highs import Outcome, SolveResult, highs_options, solve
from model.stochastic import extensive, sampling, tree, values
from model.stochastic.distributions import read_distributions, source_ids

log = logging.getLogger(__name__)


@dataclass
class Program:
    """A checked stochastic program, ready to build: scenarios, their data, the tree."""

    scenario: Scenario
    data: ModelData
    outcomes: list[sampling.Outcome]
    datas: list[ModelData]
    groups: dict[int, list[tuple[int, ...]]]
    first_years: tuple[int, ...]
    route: str
    sha256: dict[str, str]

    @property
    def probabilities(self) -> list[float]:
        return [o.probability for o in self.outcomes]


@dataclass
class Solution:
    """A solved recourse problem: the solved scenario models and their figures."""

    solve: SolveResult
    models: list[pyo.ConcreteModel] = field(default_factory=list)
    figures: list[extensive.ScenarioFigures] = field(default_factory=list)
    objective_meur: float | None = None
    iterations: int | None = None
    timings_s: dict[str, float] = field(default_factory=dict)
    extra: dict[str, object] = field(default_factory=dict)  # PH: candidates, bounds, gap


def prepare(scenario: Scenario, data: ModelData) -> Program:
    """Read the distributions, draw the scenarios, build the tree and pick the route.

    Raises
    ------
    InputError
        For a bad distributions file, an unknown technology, an enumeration larger than
        ``scenarios``, more scenarios than the extensive form accepts on
        ``route: extensive_form``, or a scenario whose limits are out of reach.
    """
    cfg = scenario.uncertainty
    data = dataclasses.replace(data, withdrawal=cfg.withdrawal)  # every solve of the program
    folder = Path(scenario.data)
    path = folder / cfg.file
    table = read_distributions(path, cfg.case, source_ids(folder))
    params = sampling.uncertain_parameters(data, table, cfg)
    if not params:
        raise InputError(f"uncertainty: case {cfg.case!r} of {path} has no distribution for "
                         "a technology the scenario's regions build; nothing is uncertain")
    outcomes = sampling.sample(params, cfg)
    route = cfg.route
    if route == "auto":
        route = ("extensive_form" if len(outcomes) <= cfg.max_extensive_scenarios
                 else "progressive_hedging")
    if route == "extensive_form" and len(outcomes) > cfg.max_extensive_scenarios:
        raise InputError(f"uncertainty.scenarios: {len(outcomes)} scenarios are more than the "
                         f"extensive form accepts (max_extensive_scenarios="
                         f"{cfg.max_extensive_scenarios}); set route: progressive_hedging")
    datas = [sampling.apply(data, o) for o in outcomes]
    for d in datas:
        presolve.check_presolve(d)
    groups = tree.groups_by_year(data, outcomes)
    first = tree.first_stage_years(data, outcomes)
    log.info("%d scenarios (%s sampling), route %s, first-stage start years %s",
             len(outcomes), cfg.sampling, route, list(first))
    sha = {**data.sha256, cfg.file: sha256_of(path)}
    return Program(scenario, data, outcomes, datas, groups, first, route, sha)


def solve_program(program: Program, log_file: Path | None = None,
                  fixed: Mapping[tuple[str, str, int], float] | None = None) -> Solution:
    """Solve the recourse problem on ``program.route``; ``fixed`` first-stage starts (MW)."""
    if program.route == "progressive_hedging" and fixed is not None:
        from model.stochastic import xhat  # first stage given: the rest of the tree, exactly

        t = time.perf_counter()
        ev = xhat.evaluate(program, xhat.snap(program.data, fixed))
        return Solution(ev.solve, ev.models, ev.figures, ev.solve.objective,
                        timings_s={"rest_of_tree": time.perf_counter() - t})
    if program.route == "progressive_hedging":
        from model.stochastic.hedging import solve_hedging  # mpi-sppy only when asked for

        return solve_hedging(program)
    t = time.perf_counter()
    ef = extensive.build_extensive(program.datas, program.outcomes, program.groups,
                                   program.scenario.uncertainty.cvar)
    members = extensive.members_of(ef, program.outcomes)
    if fixed is not None:
        for m, d in zip(members, program.datas, strict=True):
            extensive.fix_starts(m, d, fixed, program.first_years)
    build_s = time.perf_counter() - t
    probs = [o.probability for o in program.outcomes]
    sol = solve(ef, highs_options(program.scenario.solver), log_file=log_file,
                weight_span=max(probs) / min(probs))
    out = Solution(sol, timings_s={"build": build_s, **sol.timings_s})
    if sol.outcome.publishes:
        out.models = members
        out.figures = [extensive.figures(m, d) for m, d in zip(members, program.datas,
                                                                strict=True)]
        out.objective_meur = float(pyo.value(ef.objective))
    return out


def _solve_alone(data: ModelData, program: Program, fixed=None, years=()) -> tuple[
        SolveResult, pyo.ConcreteModel]:
    m = build_model(data)
    if fixed is not None:
        extensive.fix_starts(m, data, fixed, years)
    return solve(m, highs_options(program.scenario.solver)), m


@dataclass
class ValueFigures:
    """RP, WS, EV, EEV, EVPI and VSS (M EUR) with the solves behind them.

    ``breaks`` lists, when the average-case first stage cannot be carried out in some
    scenario (EEV infeasible; only without withdrawal), each permitting limit it exceeds
    there: scenario, limit (``approval_cap`` or ``land``), technology, region, year and the
    excess in MW. ``eev_figures`` are the scenarios' figures under the average-case first
    stage (with ``withdrawn_mw``: what that plan withdraws at the approval decision).
    """

    table: list[dict[str, object]]
    ws_meur: list[float]
    average_plan: dict[tuple[str, str, int], float]
    outcomes: dict[str, str]
    breaks: list[dict[str, object]] = field(default_factory=list)
    eev_figures: list[extensive.ScenarioFigures] = field(default_factory=list)


def limits_broken(program: Program, plan: dict[tuple[str, str, int], float]
                  ) -> list[dict[str, object]]:
    """Permitting limits a fixed first stage exceeds, scenario by scenario.

    Each scenario is solved alone with the starts fixed and the permitting limits elastic
    (``ModelData.elastic``: priced excess variables, as ``diagnose`` uses them); every
    positive excess is one row. Only without withdrawal (``uncertainty.withdrawal: false``):
    with it, a plan that starts too much withdraws the excess instead.
    """
    rows = []
    for o, d in zip(program.outcomes, program.datas, strict=True):
        sol, m = _solve_alone(dataclasses.replace(d, elastic=True), program, plan,
                              program.first_years)
        if not sol.outcome.publishes:
            rows.append({"scenario": o.name, "limit": str(sol.outcome), "technology": "",
                         "region": "", "year": None, "excess_mw": None})
            continue
        for limit, name in (("approval_cap", "approval_excess_mw"), ("land", "land_excess_mw")):
            for (k, r, y), var in getattr(m.permitting, name).items():
                if (pyo.value(var) or 0.0) > 1e-6:
                    rows.append({"scenario": o.name, "limit": limit, "technology": k,
                                 "region": r, "year": y, "excess_mw": float(pyo.value(var))})
    return rows


def value_figures(program: Program, rp: Solution, log_file: Path | None = None
                  ) -> ValueFigures:
    """Wait-and-see, average-case and EEV solves; EVPI and VSS (see :mod:`values`)."""
    risk = program.scenario.uncertainty.cvar
    probs = program.probabilities
    ws, states = [], {}
    for o, d in zip(program.outcomes, program.datas, strict=True):
        sol, _ = _solve_alone(d, program)
        states[f"wait_and_see_{o.name}"] = str(sol.outcome)
        ws.append(sol.objective if sol.outcome.publishes else float("nan"))
    average = sampling.apply(program.data, sampling.average_case(program.outcomes))
    ev_sol, ev_model = _solve_alone(average, program)
    states["average_case"] = str(ev_sol.outcome)
    plan: dict[tuple[str, str, int], float] = {}
    eev = None
    breaks: list[dict[str, object]] = []
    eev_figures: list[extensive.ScenarioFigures] = []
    if ev_sol.outcome.publishes:
        plan = extensive.plan_of(ev_model, program.first_years)
        eev_sol = solve_program(program, log_file, fixed=plan) if program.first_years else rp
        states["eev"] = str(eev_sol.solve.outcome)
        eev = eev_sol.objective_meur
        eev_figures = eev_sol.figures
        if eev_sol.solve.outcome in (Outcome.INFEASIBLE, Outcome.INF_OR_UNBD):
            breaks = limits_broken(program, plan)
    table = values.value_table(
        rp.objective_meur, values.risk_objective(ws, probs, risk),
        ev_sol.objective if ev_sol.outcome.publishes else float("nan"), eev)
    if breaks:
        for row in table:
            if row["quantity"] in ("EEV", "VSS"):
                row["meaning"] += ("; unbounded: the average-case first stage exceeds a "
                                   "permitting limit in some scenario (average_plan_breaks.csv)")
    return ValueFigures(table, ws, plan, states, breaks, eev_figures)


def shared_starts(program: Program, models: Sequence[pyo.ConcreteModel]) -> list[dict]:
    """Every start of every scenario with its stage and the MW withdrawn of it at the
    approval decision (0 without withdrawal): the rows of ``starts.csv``."""
    rows = []
    stage_of = {}
    for n, st in enumerate(tree.stages(program.data, program.outcomes), start=1):
        for y in st.years:
            stage_of[y] = n
    for i, (o, m) in enumerate(zip(program.outcomes, models, strict=True)):
        withdrawn = extensive.withdrawn_of(m)
        for (k, r, s), mw in extensive.plan_of(m).items():
            group = next(g for g in program.groups[s] if i in g)
            rows.append({"scenario": o.name, "technology": k, "region": r, "start_year": s,
                         "start_mw": mw, "stage": stage_of[s], "shared_by": len(group),
                         "withdrawn_mw": withdrawn.get((k, r, s), 0.0)})
    return rows


def first_stage_plan(program: Program, models: Sequence[pyo.ConcreteModel]) -> list[dict]:
    """The starts of the first-stage years (equal in every scenario): ``first_stage_plan.csv``."""
    if not models:
        return []
    plan = extensive.plan_of(models[0], program.first_years)
    return [{"technology": k, "region": r, "start_year": s, "start_mw": mw}
            for (k, r, s), mw in sorted(plan.items(), key=lambda kv: (kv[0][2], kv[0][:2]))]


def published_outcome(sol: SolveResult) -> Outcome:
    """The run's outcome: the recourse problem's."""
    return sol.outcome
