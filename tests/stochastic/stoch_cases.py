"""Tiny stochastic cases (tests/tiny.py data set) with approval outcomes solvable on paper.

``hedge_case``: one region, wind only, 2 MW of land (one 2 MW turbine), wind yields nothing
(capacity factor 0), so a turbine is worth only what it does for the capacity target of
2 MW of wind in operation (average over 2027), whose shortfall costs 1 M EUR per MW. A
turbine costs 0.2 M EUR per year in operation (1,000 EUR/kW over 10 years at 0 %), no
discounting, years 2025-2027, no pre-application or realisation months, no attrition.
Approval takes 6 or 18 months with probability 1/2 each (the average case: 12 months).
Development cost share 0.1: with no attrition it is paid only on withdrawn MW (0.1 M EUR per
MW), which never pays in this case.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from tiny import PROV, hourly_profiles, load_tiny, wind_tables, write_dataset, write_scenario

COLUMNS = ["case", "technology", "region", "parameter", "form", "value", "probability",
           "value_type", "source_id", "note"]


def distribution_rows(rows: list[tuple]) -> pd.DataFrame:
    """Rows (technology, region, parameter, form, value, probability), case 'reference'."""
    return pd.DataFrame([{"case": "reference", "technology": k, "region": r, "parameter": p,
                          "form": f, "value": v, "probability": q, **PROV, "note": "test"}
                         for k, r, p, f, v, q in rows], columns=COLUMNS)


def hedge_tables(months: tuple[float, ...] = (6, 18), probs: tuple[float, ...] = (0.5, 0.5)
                 ) -> dict[str, pd.DataFrame]:
    t = wind_tables(land_mw=2.0)
    perm = t["permitting"]
    perm.loc[perm["technology"] == "wind", "approval_months"] = 12
    # no attrition, so this costs only what is withdrawn: 0.1 M EUR per MW, which never pays
    # here (a withdrawn turbine would leave the target short), so no plan is tied
    perm.loc[perm["technology"] == "wind", "development_cost_share"] = 0.1
    t["approval_uncertainty"] = distribution_rows(
        [("wind", "*", "approval_months", "discrete", m, p)
         for m, p in zip(months, probs, strict=True)])
    return t


def cap_tables(attrition: tuple[float, ...] = (0.0, 0.5),
               probs: tuple[float, ...] = (0.5, 0.5)) -> dict[str, pd.DataFrame]:
    """The cap case: the hedge case with 20 MW of land, approval after 6 months, an approval
    cap of 3 MW per year and an uncertain attrition share (0 or 0.5, probability 1/2 each).

    Approved MW in a year = (1 - attrition) x the MW started on 1 January of that year (no
    pre-application), so the cap allows 1 turbine (2 MW) a year without attrition and 3
    turbines (6 MW started, 3 MW approved) with attrition 0.5. The outcome is known in the
    middle of 2025: the first stage is the starts of 2025.
    """
    t = wind_tables(land_mw=20.0)
    perm = t["permitting"]
    wind = perm["technology"] == "wind"
    perm.loc[wind, "approval_months"] = 6
    perm.loc[wind, "approval_cap_mw_per_yr"] = "3"
    t["approval_uncertainty"] = distribution_rows(
        [("wind", "*", "attrition_share", "discrete", a, p)
         for a, p in zip(attrition, probs, strict=True)])
    return t


def withdrawal_tables(development_cost_share: float = 0.2) -> dict[str, pd.DataFrame]:
    """The withdrawal case: continuous wind on 20 MW of land, approval after 6 months and
    realisation after 6 more (a 2025 start runs from 1 January 2026; a 2026 start would
    run after the horizon 2025-2026, so it does not exist), an approval cap of 1 MW a year,
    attrition 0 or 0.5 (probability 1/2 each; the outcome is known mid-2025: the first stage
    is the 2025 start) and ``development_cost_share`` of the capex (1 M EUR/MW) lost on each
    refused or withdrawn MW in 2025.
    """
    t = wind_tables(land_mw=20.0, lumpy=False)
    perm = t["permitting"]
    wind = perm["technology"] == "wind"
    perm.loc[wind, "approval_months"] = 6
    perm.loc[wind, "realisation_months"] = 6
    perm.loc[wind, "approval_cap_mw_per_yr"] = "1"
    perm.loc[wind, "development_cost_share"] = development_cost_share
    t["approval_uncertainty"] = distribution_rows(
        [("wind", "*", "attrition_share", "discrete", a, 0.5) for a in (0.0, 0.5)])
    return t


WITHDRAWAL_SECTIONS = {"years": {"start": 2025, "end": 2026},
                       "policy": {"capacity_target_mw": {"wind": {2026: 1.0}}}}

HEDGE_SECTIONS = {
    "years": {"start": 2025, "end": 2027},
    "policy": {"allow_slack": True, "capacity_target_mw": {"wind": {2027: 2.0}},
               "slack_penalty_eur_per_mw": 1.0e6},
    "uncertainty": {"sampling": "enumerate", "scenarios": 4},
    "output": {"brief": False, "validate_hourly": "off"},
}


def hedge_scenario(root: Path, tables: dict[str, pd.DataFrame] | None = None,
                   **sections) -> Path:
    """Write the hedge case's data set and scenario file under ``root``; return the file."""
    from model.inputs.plausibility import BANDS

    merged = {**HEDGE_SECTIONS, "checks": {"accept_implausible": sorted(BANDS)}}
    for key, value in sections.items():
        merged[key] = {**merged.get(key, {}), **value} if isinstance(value, dict) else value
    dataset = write_dataset(root / "data", tables or hedge_tables(), hourly_profiles(wind=0.0))
    return write_scenario(root, dataset, **merged)


def hedge_data(root: Path, tables=None, **sections):
    """The loaded ModelData of the hedge case (the scenario keeps its uncertainty section)."""
    from model.inputs import config, data

    return data.load(config.load_scenario(hedge_scenario(root, tables, **sections)))


__all__ = ["hedge_scenario", "hedge_data", "hedge_tables", "cap_tables", "distribution_rows",
           "load_tiny", "withdrawal_tables", "WITHDRAWAL_SECTIONS"]
