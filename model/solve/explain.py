"""Explaining infeasibility in plain words: the input behind a limit, and HiGHS's IIS.

Used by :mod:`model.solve.diagnose`.

*Sources.* For a violated or binding limit, the YAML key (``policy.co2_cap_t.2030``,
``permitting.wind.approval_months``) or the CSV row (``permitting.csv row 4 (case 'slow',
wind, '*')``, ``land.csv harz_st wind (rows 5-7)``) that sets it. Row numbers count like a
spreadsheet: header = row 1, first data row = row 2.

*IIS.* An irreducible infeasible subsystem is a set of constraints and variable bounds that
is infeasible together but feasible as soon as any one is dropped: the core of the
conflict. HiGHS computes it for LPs only ("under development, LP only", HiGHS guide), so
:func:`compute_iis` drops integrality first; an infeasible LP relaxation proves the model
infeasible, but a MIP that is infeasible only because of integrality has a feasible
relaxation and no IIS here. When the installed highspy has no ``getIis`` or it fails, the
result says so instead of raising.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field

import highspy
import pandas as pd
import pyomo.environ as pyo

from model.inputs.data import ModelData, online_fraction
from model.inputs.tables import RawTables
from model.solve.highs import compile_model

log = logging.getLogger(__name__)

STAGES = ("pre_application_months", "approval_months", "realisation_months")


def _rows(index: pd.Index) -> str:
    rows = [int(i) + 2 for i in index]
    if not rows:
        return "no rows"
    if len(rows) > 2 and rows == list(range(rows[0], rows[-1] + 1)):
        return f"rows {rows[0]}-{rows[-1]}"
    return ("row " if len(rows) == 1 else "rows ") + ", ".join(map(str, rows))


def land_source(raw: RawTables, region: str, tech: str) -> str:
    """``land.csv <region> <tech> (rows …)``: the anchor rows of a land potential."""
    land = raw["land"]
    rows = land[(land["region"] == region) & (land["technology"] == tech)]
    return f"land.csv {region} {tech} ({_rows(rows.index)})"


def permit_source(data: ModelData, tech: str, region: str, name: str) -> str:
    """Where permitting field ``name`` of (tech, region) is set: scenario key or CSV row.

    Read from the resolved inputs (:mod:`model.inputs.resolved`), not from the files.
    """
    return data.resolved.source(tech, region, name)


def _fleet_mw(data: ModelData, tech: str, year: int) -> float:
    total = 0.0
    for table in (data.existing_mw, data.pipeline_mw):
        for r in data.regions:
            key = (r, tech, year)
            if key in table.index:
                total += float(table.at[key, "capacity_mw"])
    return total


def lead_time_text(data: ModelData, tech: str, year: int) -> str:
    """Plain words on why new ``tech`` capacity cannot count (fully) in ``year``.

    Names the lead time per group of regions with its three stages and where each comes
    from, the earliest commissioning of capacity started in the first modelled year and its
    share of ``year``, and the existing plus pipeline capacity of that year.
    """
    perm = data.permitting
    first = data.years[0]
    groups: dict[tuple[float, ...], list[str]] = {}
    for r in data.regions:
        if (tech, r) in perm.index:
            groups.setdefault(tuple(float(perm.at[(tech, r), s]) for s in STAGES), []).append(r)
    parts = []
    for stages, regions in groups.items():
        lead = sum(stages)
        where = "every region" if len(regions) == len(data.regions) else ", ".join(regions)
        sources = sorted({data.resolved.row_text(tech, r) for r in regions})
        keys = sorted({k for r in regions for s in STAGES
                       if (k := data.resolved.scenario_key(tech, r, s))})
        start = first + lead / 12.0
        share = online_fraction(start, year)
        parts.append(
            f"{tech} lead time {lead:g} months in {where} (pre-application {stages[0]:g} + "
            f"approval {stages[1]:g} + realisation {stages[2]:g}; "
            f"{'; '.join(sources + keys)}): capacity started in {first} operates from "
            f"{_when(start)} at the earliest and counts {share:.0%} in {year}")
    fleet = _fleet_mw(data, tech, year)
    parts.append(f"existing and pipeline {tech} capacity in {year}: {fleet:,.0f} MW")
    return "; ".join(parts)


def _when(time_yr: float) -> str:
    """A fractional year as 'July 2029' (1 January: just the year)."""
    year = math.floor(time_yr + 1e-9)
    month = int(round((time_yr - year) * 12)) + 1
    if month == 1:
        return str(year)
    names = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
    return f"{names[min(month, 12) - 1]} {year}"


# ------------------------------------------------------------ IIS

#: Pyomo component -> plain words (rows: constraints; columns: variable bounds).
FAMILIES = {
    "grid.balance": "electricity balance",
    "emissions.co2_cap": "CO2 cap (policy.co2_cap_t)",
    "emissions.co2_budget": "CO2 budget (policy.co2_budget_t)",
    "targets.capacity_target": "capacity target (policy.capacity_target_mw)",
    "permitting.land": "land limit (land.csv)",
    "permitting.approval_cap": "approval throughput (permitting.csv approval_cap_mw_per_yr)",
    "permitting.capacity_definition": "capacity in operation = existing + pipeline + new "
                                      "capacity after its lead time (permitting.csv)",
    "permitting.lumpy_units": "whole turbines",
    "supply.available": "generation within capacity × capacity factor",
    "grid.shed_mw": "unmet demand (allowed only with policy.allow_slack)",
    "emissions.cap_slack_t": "emissions above the cap (allowed only with policy.allow_slack)",
    "emissions.budget_slack_t": "emissions above the budget (only with policy.allow_slack)",
    "targets.short_mw": "capacity short of a target (allowed only with policy.allow_slack)",
    "permitting.start_mw": "capacity started (cannot be negative)",
    "capacity_mw": "capacity in operation (MW)",
}
BOUNDS = {-1: "dropped", 0: "none", 1: "none (the variable links the others)", 2: "lower",
          3: "upper", 4: "lower and upper"}
#: ``iis_strategy`` values tried in turn: from the LP, made irreducible (2 + 4); from the LP;
#: HiGHS's light default (only bound conflicts).
STRATEGIES = (6, 2, 0)


@dataclass
class IisEntry:
    """One member of the IIS: a constraint row or a variable bound."""

    kind: str  # "constraint" or "bound"
    name: str
    family: str
    bound: str


@dataclass
class IisResult:
    """The IIS (``entries``) or why there is none (``note``)."""

    available: bool
    entries: list[IisEntry] = field(default_factory=list)
    note: str = ""


def _family(component_name: str) -> str:
    for key, words in FAMILIES.items():
        if component_name == key or component_name.endswith("." + key):
            return words
    return component_name


def compute_iis(m: pyo.ConcreteModel, options: dict[str, object]) -> IisResult:
    """Solve the LP relaxation of ``m`` and, if infeasible, return HiGHS's IIS.

    Parameters
    ----------
    m : ConcreteModel
        The model as built (without diagnosis slacks).
    options : dict
        HiGHS options; only ``time_limit`` and ``threads`` are used.

    Returns
    -------
    IisResult
        ``available`` is False when HiGHS cannot give an IIS (the note says why).
    """
    if not hasattr(highspy.Highs, "getIis"):
        return IisResult(False, note="this highspy has no getIis; upgrade highspy for an IIS")
    try:
        repn, lp, _ = compile_model(m)
    except ValueError as err:
        return IisResult(False, note=f"a constraint is infeasible on its own: {err}")
    lp.integrality_ = []
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    for key in ("time_limit", "threads"):
        if key in options:
            h.setOptionValue(key, options[key])
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    if status != highspy.HighsModelStatus.kInfeasible:
        return IisResult(False, note=f"the LP relaxation is '{h.modelStatusToString(status)}', "
                         "not infeasible: no IIS (integrality or a time limit is the cause)")
    hstatus, iis = None, None
    for strategy in STRATEGIES:  # the first that gives a non-empty IIS
        try:
            h.setOptionValue("iis_strategy", strategy)
            hstatus, iis = h.getIis()
        except Exception as err:  # noqa: BLE001 - an experimental HiGHS feature: degrade
            return IisResult(False, note=f"HiGHS getIis failed: {err!r}")
        if (hstatus != highspy.HighsStatus.kError and getattr(iis, "valid_", True)
                and len(iis.row_index_) + len(iis.col_index_)):
            break
    else:
        return IisResult(False, note=f"HiGHS could not compute an IIS (status {hstatus})")
    out = IisResult(True)
    for i, bound in zip(iis.row_index_, iis.row_bound_, strict=False):
        con = repn.rows[int(i)][0]
        out.entries.append(IisEntry("constraint", con.name,
                                    _family(con.parent_component().name),
                                    BOUNDS.get(int(bound), str(bound))))
    for j, bound in zip(iis.col_index_, iis.col_bound_, strict=False):
        var = repn.columns[int(j)]
        kind = "variable" if int(bound) in (0, 1) else "bound"
        out.entries.append(IisEntry(kind, var.name, _family(var.parent_component().name),
                                    BOUNDS.get(int(bound), str(bound))))
    log.info("IIS of the LP relaxation: %d constraints and bounds", len(out.entries))
    return out
