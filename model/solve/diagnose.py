r"""Why is a scenario infeasible? Relax it with priced slacks and say what had to give.

:func:`diagnose_loaded` solves the scenario with every limit made elastic and reports, in
plain words, each limit that the least-violation solution breaks: the constraint family,
the year and region, by how much (with its unit), and the scenario key or input row behind
it. A target missed because of permitting delays names the technology and its lead time.

The relaxation: ``policy.allow_slack`` is forced on, which creates and prices slack
variables for unmet energy (:mod:`model.formulation.blocks.grid`), emissions above a cap or
budget (:mod:`model.formulation.closing`) and capacity short of a target
(:mod:`model.formulation.blocks.targets`); here their penalties are raised to at least
:data:`PENALTIES` so that a slack is used only where nothing else can help. The data switch
``ModelData.elastic`` asks :mod:`model.formulation.blocks.permitting` for elastic versions
of its limits (the constraints are built that way; nothing is edited after the build):

.. math::
    \mathrm{CAP}_{k,r,y} - e^{land}_{k,r,y} \le \bar{L}_{k,r,y}, \qquad
    \sum_s (1-a)\, x_{k,r,s} - e^{app}_{k,r,y} \le \bar{A}_{k,r}

with :math:`e \ge 0` priced at :data:`PERMIT_PENALTY_EUR_PER_MW` per MW (cost category
``slack``, discounted in the objective): the highest price, so policy targets and caps give
way first and a permitting limit is reported only if nothing else can restore feasibility.
Limits that are reached (binding) but not violated are named as context of a missed target.

Penalties order the answer; they are not costs: the diagnosis publishes no results. The
relaxed model is solved as an LP relaxation first (fast; the relaxed MIP is several times
slower than the scenario itself), and with its integrality only when that finds nothing
(:func:`diagnose_loaded`).
Optionally :func:`model.solve.explain.compute_iis` adds HiGHS's irreducible infeasible
subsystem of the LP relaxation of the unrelaxed model.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyomo.environ as pyo
from rich.markup import escape
from rich.table import Table

from model.formulation.blocks.common import snapshot_weight_h
from model.formulation.blocks.permitting import ELASTIC_PENALTY_EUR_PER_MW
from model.formulation.blocks.targets import target_values
from model.formulation.build import build_model
from model.inputs import config, tables
from model.inputs import data as data_mod
from model.inputs.data import ModelData
from model.solve.explain import IisResult, compute_iis, land_source, lead_time_text, permit_source
from model.solve.highs import Outcome, SolveResult, highs_options, solve

log = logging.getLogger(__name__)

#: Minimum penalties in diagnosis (EUR per unit): far above any real cost of the model.
PENALTIES = {"slack_penalty_eur_per_mwh": 1e5, "slack_penalty_eur_per_t": 1e5,
             "slack_penalty_eur_per_mw": 1e8}
PERMIT_PENALTY_EUR_PER_MW = ELASTIC_PENALTY_EUR_PER_MW
TOL = 1e-4  # violations below this (MW, MWh, t) count as zero


@dataclass
class Violation:
    """One limit the least-violation solution breaks (or, with ``amount`` 0, reaches)."""

    family: str
    year: str
    region: str
    amount: float
    unit: str
    source: str
    detail: str = ""


@dataclass
class Diagnosis:
    """Outcome of the relaxed solve, the violations found, notes and the optional IIS."""

    scenario: str
    outcome: Outcome
    violations: list[Violation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    iis: IisResult | None = None
    solve: SolveResult | None = None

    @property
    def feasible_as_is(self) -> bool:
        """True if the relaxed solve succeeded without violating anything."""
        return self.outcome.publishes and not self.violations


def relaxed_scenario(scenario: config.Scenario) -> config.Scenario:
    """The scenario with ``policy.allow_slack`` on and penalties at least :data:`PENALTIES`."""
    policy = scenario.policy
    update = {k: max(float(getattr(policy, k)), v) for k, v in PENALTIES.items()}
    return scenario.model_copy(update={"policy": policy.model_copy(
        update={"allow_slack": True, **update})})


def _v(x) -> float:
    value = pyo.value(x, exception=False)
    return 0.0 if value is None else float(value)


def _balance(m, data: ModelData) -> list[Violation]:
    hours = snapshot_weight_h(data)
    out = []
    for r in data.regions:
        for o in data.op_years:
            mwh = sum(h * _v(m.grid.shed_mw[r, o, d, t]) for (d, t), h in hours.items())
            if mwh > TOL:
                out.append(Violation(
                    "electricity balance (unmet demand)", str(o), r, mwh, "MWh unmet",
                    f"demand in {r}: regions.csv other_demand_mwh_per_yr and plants.csv",
                    "import from the national grid is unlimited, so check the plant loads"))
    return out


def _emissions(m, data: ModelData) -> list[Violation]:
    b, out = m.emissions, []
    caps = {int(y): float(v) for y, v in data.scenario.policy.co2_cap_t.items()}
    for y in b.cap_year:
        excess = _v(b.cap_slack_t[y])
        if excess <= TOL:
            continue
        by_src = {s: _v(b.emissions_t[s, y]) for s in b.source}
        fixed = by_src.get("plant_process", 0.0) + by_src.get("plant_fuel", 0.0)
        detail = f"cap {caps[y]:,.0f} t; least-violation emissions {sum(by_src.values()):,.0f} t"
        if fixed > 0:
            detail += f", of which {fixed:,.0f} t process and fuel carbon no option abates"
        out.append(Violation("CO2 cap", str(y), "all", excess, "t CO2 above the cap",
                             f"policy.co2_cap_t.{y}", detail))
    budget = _v(b.budget_slack_t) if hasattr(b, "budget_slack_t") else 0.0
    if data.scenario.policy.co2_budget_t is not None and budget > TOL:
        out.append(Violation("CO2 budget", f"{data.years[0]}-{data.years[-1]}", "all", budget,
                             "t CO2 above the budget", "policy.co2_budget_t",
                             f"budget {data.scenario.policy.co2_budget_t:,.0f} t"))
    return out


def _binding_limits(m, data: ModelData, raw, tech: str, year: int) -> list[str]:
    """Land and approval limits of ``tech`` that are reached up to ``year`` (context)."""
    b, notes = m.permitting, []
    for (k, r, y), row in b.land.items():
        if k == tech and y == year and _v(row.body) >= _v(row.upper) - 1e-6:
            notes.append(f"land limit reached in {r} ({land_source(raw, r, k)})")
    capped: dict[str, list[int]] = {}
    for (k, r, y), row in b.approval_cap.items():
        if k == tech and y <= year and _v(row.body) >= _v(row.upper) - 1e-6:
            capped.setdefault(r, []).append(y)
    for r, years in capped.items():
        src = permit_source(data, tech, r, "approval_cap_mw_per_yr")
        notes.append(f"approval cap reached in {r} in {', '.join(map(str, years))} ({src})")
    return notes


def _targets(m, data: ModelData, raw) -> list[Violation]:
    out = []
    for (k, y), target in target_values(data).items():
        short = _v(m.targets.short_mw[k, y])
        if short <= TOL:
            continue
        detail = [lead_time_text(data, k, y)]
        detail += _binding_limits(m, data, raw, k, y)
        out.append(Violation(f"capacity target ({k})", str(y), "all", short,
                             f"MW short of {target:,.0f} MW", f"policy.capacity_target_mw.{k}.{y}",
                             "; ".join(detail)))
    return out


def _permitting(m, data: ModelData, raw) -> list[Violation]:
    p, out = m.permitting, []
    for (k, r, y) in p.land_excess_mw:
        excess = _v(p.land_excess_mw[k, r, y])
        if excess > TOL:
            potential = float(data.land_mw.at[(r, k, y), "potential_mw"])
            out.append(Violation("land limit", str(y), r, excess, "MW above the potential",
                                 land_source(raw, r, k), f"{k}: potential {potential:,.0f} MW"))
    for (k, r, y) in p.approval_excess_mw:
        excess = _v(p.approval_excess_mw[k, r, y])
        if excess > TOL:
            cap = float(data.permitting.at[(k, r), "approval_cap_mw_per_yr"])
            out.append(Violation("approval throughput", str(y), r, excess,
                                 "MW approved above the cap",
                                 permit_source(data, k, r, "approval_cap_mw_per_yr"),
                                 f"{k}: cap {cap:,.0f} MW/yr"))
    return out


def violations(m: pyo.ConcreteModel, data: ModelData, raw: tables.RawTables) -> list[Violation]:
    """Every non-zero slack of a solved relaxed model, in plain words."""
    return (_balance(m, data) + _emissions(m, data) + _targets(m, data, raw)
            + _permitting(m, data, raw))


def diagnose_loaded(scenario: config.Scenario, data: ModelData | None = None, *,
                    iis: bool = False, log_file: Path | None = None,
                    known_infeasible: bool = False) -> Diagnosis:
    """Diagnose a loaded scenario (see the module docstring).

    In three steps, cheapest first (the relaxed MIP is several times slower than the
    scenario itself, while its LP relaxation is fast):

    1. the LP relaxation of the relaxed model: if it needs slack, those are the violations
       (whole turbines and build decisions relaxed, so the integer model may need a little
       more; a note says so);
    2. otherwise, unless ``known_infeasible``, the scenario as written: if it solves, nothing
       has to give;
    3. otherwise the relaxed model with its integrality (infeasible because of whole units).

    Parameters
    ----------
    scenario : Scenario
        The scenario as the user wrote it (its own ``allow_slack`` does not matter).
    data : ModelData, optional
        Already loaded data of ``scenario`` (saves reading the inputs again).
    iis : bool
        Also compute HiGHS's IIS of the LP relaxation of the unrelaxed model.
    log_file : Path, optional
        HiGHS log of the relaxed solves.
    known_infeasible : bool
        The scenario is already known to be infeasible (skips step 2).

    Returns
    -------
    Diagnosis

    Raises
    ------
    InputError
        On bad input.
    """
    data = data_mod.load(scenario) if data is None else data
    raw = tables.read_tables(Path(scenario.data))
    options = highs_options(scenario.solver)
    relaxed = dataclasses.replace(data, scenario=relaxed_scenario(scenario), elastic=True)
    m = build_model(relaxed)
    sol = solve(m, options, log_file=log_file, relax_integrality=True)
    diag = Diagnosis(scenario=scenario.name, outcome=sol.outcome, solve=sol)
    if sol.outcome.publishes:
        diag.violations = violations(m, relaxed, raw)
    if diag.violations:
        diag.notes.append("amounts from the LP relaxation (whole turbines and build decisions "
                          "relaxed); the integer model may need slightly more")
    elif sol.outcome.publishes:
        if not known_infeasible:
            plain = solve(build_model(data), options)
            if plain.outcome.publishes or plain.outcome == Outcome.INTERRUPTED:
                diag.outcome, diag.solve = plain.outcome, plain
                return _finish(diag, scenario, data, iis)
        sol = solve(m, options, log_file=log_file)
        diag.outcome, diag.solve = sol.outcome, sol
        if sol.outcome.publishes:
            diag.violations = violations(m, relaxed, raw)
    if sol.outcome == Outcome.FEASIBLE_LIMIT:
        diag.notes.append(f"the relaxed solve stopped at a limit (gap {sol.gap or 0:.2%}): "
                          "violations may be overstated")
    if not diag.outcome.publishes:
        diag.notes.append(f"the relaxed model ended '{diag.outcome}': no diagnosis; run with "
                          "--verbose and look at the solver log")
    return _finish(diag, scenario, data, iis)


def _finish(diag: Diagnosis, scenario: config.Scenario, data: ModelData,
            iis: bool) -> Diagnosis:
    """Add the IIS if asked for, and log the violations."""
    if iis and diag.outcome != Outcome.INTERRUPTED:
        strict = scenario.model_copy(update={"policy": scenario.policy.model_copy(
            update={"allow_slack": False})})
        diag.iis = compute_iis(build_model(dataclasses.replace(data, scenario=strict)),
                               highs_options(scenario.solver))
    for v in diag.violations:
        log.info("diagnosis: %s %s %s: %s %s (%s)%s", v.family, v.year, v.region,
                 f"{v.amount:,.1f}", v.unit, v.source, f"; {v.detail}" if v.detail else "")
    return diag


def diagnose_scenario(path: str | Path, overrides: Sequence[str] = (), *,
                      iis: bool = False) -> Diagnosis:
    """Load a scenario file (with ``--set`` overrides) and :func:`diagnose_loaded` it."""
    return diagnose_loaded(config.load_scenario(path, overrides), iis=iis)


def to_frame(diag: Diagnosis) -> pd.DataFrame:
    """The violations as a table (one row each)."""
    return pd.DataFrame([dataclasses.asdict(v) for v in diag.violations],
                        columns=[f.name for f in dataclasses.fields(Violation)])


def format_table(diag: Diagnosis) -> Table:
    """A rich table of the violations: what had to give, where, by how much, and why."""
    table = Table(title=f"What had to give in '{diag.scenario}' (least-violation solution)")
    for col in ("constraint", "year", "region", "violated by", "set by", "why / context"):
        table.add_column(col, overflow="fold")
    for v in diag.violations:
        table.add_row(*(escape(x) for x in (v.family, v.year, v.region,
                                             f"{v.amount:,.1f} {v.unit}", v.source, v.detail)))
    return table

