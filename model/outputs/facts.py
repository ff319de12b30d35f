r"""The numbers a brief states, computed once from a run's Dataset and manifest.

Everything the first screen says (summary sentences and headline table) is derived here, so
a test can check each number against the run's CSV files. Costs are read generically: a
category is a *revenue* if its name contains ``revenue`` or its discounted sum is negative,
otherwise a *gross cost*; the net present value is

.. math::
    \mathrm{NPV} = \underbrace{\sum_{c \in G} \sum_y \delta_y C_{c,y}}_{\text{gross costs}}
    - \underbrace{\left(-\sum_{c \in R} \sum_y \delta_y C_{c,y}\right)}_{\text{revenues}}

with :math:`C_{c,y}` the undiscounted cost of category :math:`c` in year :math:`y` (EUR2025,
``cost_eur``), :math:`\delta_y` the discount factor (``discount_factor``), :math:`G` the gross
cost and :math:`R` the revenue categories.

The *basis* of the headline numbers is a field (:attr:`Facts.basis`): ``hourly_validated``
when the manifest says so (``headline_basis``, written by a run whose plan was re-dispatched
at 8,760 hours) and the Dataset has the hourly figures (``cost_hourly_eur``,
``emissions_hourly_t``), which are then the ones stated; otherwise ``planning_resolution``
(the run's representative days, ``cost_eur`` and ``emissions_t``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import xarray as xr

#: Technologies summed as "renewables" in the summary (others are storage or plant equipment).
WIND, PV = ("wind",), ("pv_ground", "pv_rooftop")
BASES = ("planning_resolution", "hourly_validated")


@dataclass
class Facts:
    """The headline quantities of one run (EUR2025, t CO2, MW; NaN where not available)."""

    scenario: str
    overrides: list[str]
    years: list[int]
    npv_eur: float
    gross_cost_eur: float
    revenue_eur: float
    gross_categories: list[str]
    revenue_categories: list[str]
    cumulative_t: float
    emissions_t: dict[int, float]
    added_mw: dict[str, dict[int, float]]
    electrified: list[tuple[str, str, int]]
    plants: list[str]
    gap_eur: float
    discount_rate: float
    base_year: int
    basis: str = "planning_resolution"
    resolution: dict[str, Any] = field(default_factory=dict)
    validated_years: list[int] = field(default_factory=list)

    @property
    def milestones(self) -> list[int]:
        """First year, 2030 (if modelled and not an end) and the last year."""
        marks = [self.years[0], 2030, self.years[-1]]
        return list(dict.fromkeys(y for y in marks if y in self.years))


def is_revenue(category: str, discounted_sum: float) -> bool:
    """A revenue category: named so, or negative over the horizon."""
    return "revenue" in category or discounted_sum < 0


def cost_split(ds: xr.Dataset, var: str = "cost_eur") -> tuple[list[str], list[str]]:
    """(gross cost categories, revenue categories) of ``var`` (``cost_eur`` by default)."""
    if var not in ds:
        return [], []
    disc = (ds[var] * ds["discount_factor"]).sum("year")
    gross, revenue = [], []
    for c in ds["category"].values:
        (revenue if is_revenue(str(c), float(disc.sel(category=c))) else gross).append(str(c))
    return gross, revenue


def _added(ds: xr.Dataset, techs: tuple[str, ...], years: list[int]) -> dict[int, float]:
    """Capacity in operation (all regions) in each year minus the first year, MW."""
    if "capacity_mw" not in ds:
        return {}
    have = [k for k in techs if k in ds["capacity_mw"]["technology"].values]
    cap = ds["capacity_mw"].sel(technology=have).sum(("technology", "region"))
    first = float(cap.sel(year=years[0]))
    return {y: float(cap.sel(year=y)) - first for y in years}


def electrified(ds: xr.Dataset) -> list[tuple[str, str, int]]:
    """(plant, option, order year) of every electrification order, sorted by year."""
    order = ds.get("plant_equipment_order_year")
    if order is None:
        return []
    years = {int(y) for y in ds["year"].values}
    rows = [(str(p), str(j), int(y)) for (p, j), y in order.to_series().items()
            if not math.isnan(y) and int(y) in years]
    return sorted(rows, key=lambda r: (r[2], r[0], r[1]))


def headline_basis(manifest: dict[str, Any]) -> str:
    """The basis of the headline numbers: the manifest's ``headline_basis`` or the default."""
    basis = manifest.get("headline_basis") or "planning_resolution"
    return basis if basis in BASES else "planning_resolution"


def compute(ds: xr.Dataset, manifest: dict[str, Any]) -> Facts:
    """Collect the :class:`Facts` of a run (see the module docstring for the cost split)."""
    sc = manifest.get("resolved_scenario") or {}
    years = [int(y) for y in ds["year"].values] if "year" in ds.coords else []
    basis = headline_basis(manifest)
    if basis == "hourly_validated" and "cost_hourly_eur" not in ds:
        basis = "planning_resolution"  # the figures to back the claim are missing
    hourly = basis == "hourly_validated"
    cost_var, em_var = ("cost_hourly_eur", "emissions_hourly_t") if hourly else (
        "cost_eur", "emissions_t")
    gross, revenue = cost_split(ds, cost_var)
    if cost_var in ds:
        disc = (ds[cost_var] * ds["discount_factor"]).sum("year")
        gross_eur = float(disc.sel(category=gross).sum()) if gross else 0.0
        revenue_eur = -float(disc.sel(category=revenue).sum()) if revenue else 0.0
    else:
        gross_eur = revenue_eur = math.nan
    objective = manifest.get("objective_meur")
    # The headline NPV is that of every cost in the accounting (gross costs minus revenues,
    # the discounted sum of costs.csv on its basis): the optimised objective leaves out the
    # terms no decision changes (README "What the NPV means"), so it is not the headline.
    npv = gross_eur - revenue_eur
    if math.isnan(npv) and objective is not None:
        npv = float(objective) * 1e6
    bound = manifest.get("bound_meur")
    gap = (float(objective) - float(bound)) * 1e6 if None not in (objective, bound) else math.nan
    total = ds[em_var].sum("source") if em_var in ds else None
    finance = sc.get("finance") or {}
    time = sc.get("time") or {}
    return Facts(
        scenario=str(manifest.get("scenario") or ds.attrs.get("scenario", "?")),
        overrides=[str(o) for o in manifest.get("overrides") or []],
        years=years, npv_eur=npv, gross_cost_eur=gross_eur, revenue_eur=revenue_eur,
        gross_categories=gross, revenue_categories=revenue,
        cumulative_t=float(total.sum()) if total is not None else math.nan,
        emissions_t={y: float(total.sel(year=y)) for y in years} if total is not None else {},
        added_mw={"wind": _added(ds, WIND, years), "pv": _added(ds, PV, years)}
        if years and "capacity_mw" in ds else {},
        electrified=electrified(ds),
        plants=[str(p) for p in ds["plant"].values] if "plant" in ds.coords else [],
        gap_eur=max(gap, 0.0) if not math.isnan(gap) else gap,
        discount_rate=float(finance.get("discount_rate", math.nan)),
        base_year=int(finance.get("base_year") or (years[0] if years else 0)),
        basis=basis,
        validated_years=[int(y) for y in ((manifest.get("hourly_validation") or {}).get(
            "years_validated") or [])] if hourly else [],
        resolution={"days": time.get("representative_days"), "segments": time.get("segments")
                    or 24, "day_count": int(ds.sizes.get("day", 0)),
                    "steps": int(ds.sizes.get("step", 0))},
    )


def dispatch_days(ds: xr.Dataset, year: int) -> tuple[int, int] | None:
    """(winter-like day, summer-like day) of ``year``: least and most PV per representative day.

    Representative days carry no calendar date in the results, so the season is read from
    the solar generation itself (stated in the figure caption); extreme days (weight 1) are
    left out when at least two typical days exist. None without dispatch data.
    """
    gen = ds.get("dispatch_gen_mw")
    if gen is None or year not in gen["op_year"].values or gen.sizes.get("day", 0) < 2:
        return None
    pv = [g for g in PV if g in gen["generator"].values]
    if not pv:
        return None
    solar = gen.sel(op_year=year, generator=pv).sum(("generator", "region", "step"))
    if "day_weight" in ds and int((ds["day_weight"] > 1).sum()) >= 2:
        solar = solar.where(ds["day_weight"] > 1, drop=True)  # typical, not extreme, days
    order = np.argsort(solar.to_numpy())
    days = solar["day"].to_numpy()
    return int(days[order[0]]), int(days[order[-1]])
