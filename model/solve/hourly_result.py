"""The result of an hourly validation: yearly figures on both bases, flags, manifest entry.

:class:`HourlyValidation` holds what :func:`model.solve.hourly.validate_plan` measured: the
hourly-validated yearly costs and emissions (interpolated between validated years) next to the
planning ones, unmet energy and cap violations, and how each year was obtained (solved or
reused). Costs in EUR2025 undiscounted per year, emissions in t CO2, energy in MWh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xarray as xr

from model.errors import Outcome


@dataclass
class HourlyValidation:
    """Hourly-validated yearly figures of one plan, next to the planning ones.

    Attributes
    ----------
    years : list of int
        Years solved hourly; the others are interpolated (see :mod:`model.solve.hourly`).
    cost_eur, plan_cost_eur : DataFrame
        Index year (every pathway year), columns cost category; EUR2025 undiscounted.
    emissions_t, plan_emissions_t : DataFrame
        Index year, columns emission source; t CO2.
    unmet_energy_mwh, cap_violation_t : Series
        Index validated year: demand the fixed plan could not meet hourly, and CO2 above the
        year's cap.
    status : dict
        Solver outcome per validated year.
    reused : dict
        Validated year -> ``{"run", "key"}``: years taken from an earlier run's identical
        validation (:mod:`model.solve.reuse`) instead of solved again.
    reuse : bool
        Whether finished years were looked up at all.
    """

    years: list[int]
    cost_eur: pd.DataFrame
    plan_cost_eur: pd.DataFrame
    emissions_t: pd.DataFrame
    plan_emissions_t: pd.DataFrame
    unmet_energy_mwh: pd.Series
    cap_violation_t: pd.Series
    status: dict[int, str]
    budget_excess_t: float = 0.0
    timings_s: dict[str, float] = field(default_factory=dict)
    reused: dict[int, dict[str, str]] = field(default_factory=dict)
    reuse: bool = False

    @property
    def ok(self) -> bool:
        """Every validated year solved to optimality."""
        return all(s == str(Outcome.OPTIMAL) for s in self.status.values())

    @property
    def flags(self) -> list[str]:
        """Plain-language flags: failed years, unmet energy, breached caps or budget."""
        out = [f"hourly validation of {y} ended {s}" for y, s in self.status.items()
               if s != str(Outcome.OPTIMAL)]
        out += [f"the plan leaves {v:,.0f} MWh of demand unmet in {y} at hourly resolution"
                for y, v in self.unmet_energy_mwh.items() if v > 1e-3]
        out += [f"at hourly resolution {y} emits {v:,.0f} t CO2 above its cap"
                for y, v in self.cap_violation_t.items() if v > 1e-3]
        if self.budget_excess_t > 1e-3:
            out.append(f"at hourly resolution the CO2 budget is exceeded by "
                       f"{self.budget_excess_t:,.0f} t")
        return out

    def npv_meur(self, discount: pd.Series, basis: str = "hourly") -> float:
        """NPV in million EUR2025 on the ``hourly`` or ``planning`` basis."""
        frame = self.cost_eur if basis == "hourly" else self.plan_cost_eur
        return float((frame.sum(axis=1) * discount.reindex(frame.index)).sum()) * 1e-6

    def summary(self, discount: pd.Series) -> dict:
        """The manifest's ``hourly_validation`` entry: both bases and their differences."""
        npv_h, npv_p = self.npv_meur(discount), self.npv_meur(discount, "planning")
        em_h, em_p = self.emissions_t.sum(axis=1), self.plan_emissions_t.sum(axis=1)
        yearly = ((em_p - em_h) / em_h.where(em_h.abs() > 1e-9)).dropna()
        return {
            "years_validated": list(self.years), "status": {str(y): s for y, s in
                                                             self.status.items()},
            "npv_planning_meur": npv_p, "npv_hourly_meur": npv_h,
            "npv_planning_minus_hourly_pct": 100 * (npv_p - npv_h) / npv_h if npv_h else None,
            "cumulative_emissions_planning_t": float(em_p.sum()),
            "cumulative_emissions_hourly_t": float(em_h.sum()),
            "cumulative_emissions_planning_minus_hourly_pct":
                100 * float((em_p.sum() - em_h.sum()) / em_h.sum()) if em_h.sum() else None,
            "max_yearly_emissions_difference_pct":
                100 * float(yearly.abs().max()) if len(yearly) else None,
            "unmet_energy_mwh": {str(y): v for y, v in self.unmet_energy_mwh.items()},
            "cap_violation_t": {str(y): v for y, v in self.cap_violation_t.items()},
            "budget_excess_t": self.budget_excess_t, "flags": self.flags,
            "reuse": "on" if self.reuse else "off",
            "years_reused": {str(y): dict(r) for y, r in self.reused.items()},
            "basis_note": "hourly figures: the plan's investments fixed, dispatch re-solved "
                          "for 8,760 hours in the validated years; other years interpolated",
        }

    def to_dataset(self) -> xr.Dataset:
        """The hourly-basis figures as variables of the run's Dataset."""
        years = list(self.cost_eur.index)
        validated = [y in self.years for y in years]
        return xr.Dataset({
            "cost_hourly_eur": xr.DataArray(
                self.cost_eur.T.to_numpy(), dims=("category", "year"),
                coords={"category": list(self.cost_eur.columns), "year": years},
                attrs={"units": "EUR2025",
                       "description": "undiscounted cost by category and year, hourly-"
                                      "validated (interpolated between validated years)"}),
            "emissions_hourly_t": xr.DataArray(
                self.emissions_t.T.to_numpy(), dims=("source", "year"),
                coords={"source": list(self.emissions_t.columns), "year": years},
                attrs={"units": "t CO2", "description": "emissions by source and year, "
                       "hourly-validated (interpolated between validated years)"}),
            "hourly_validated": xr.DataArray(
                np.array(validated, dtype=np.int8), dims=("year",), coords={"year": years},
                attrs={"units": "1", "description": "1 = year solved at 8,760 hours, "
                       "0 = interpolated"}),
            "unmet_energy_hourly_mwh": xr.DataArray(
                self.unmet_energy_mwh.reindex(years).fillna(0.0).to_numpy(), dims=("year",),
                coords={"year": years}, attrs={"units": "MWh", "description":
                "demand the fixed plan cannot meet at hourly resolution (validated years)"}),
        })
