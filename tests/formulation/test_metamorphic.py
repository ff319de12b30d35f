"""Metamorphic tests: relations between runs that must hold whatever the numbers."""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo
import pytest
from tiny import PROV, default_tables, hourly_profiles, land, only, plant_row

from model.outputs import results

pytestmark = pytest.mark.formulation

YEARS = {"start": 2025, "end": 2030}


def wind_case(approval_months: float) -> dict:
    t = land(only(default_tables(), ["wind", "pv_ground"]),
             [("wind", 2025, 8.0), ("pv_ground", 2025, 3.0)])
    perm = t["permitting"]
    perm.loc[perm["technology"] == "wind", "approval_months"] = approval_months
    perm.loc[perm["technology"] == "pv_ground", "approval_months"] = 9
    t["plants"] = pd.DataFrame([plant_row()])
    return t


def first_online_year(m, tech: str = "wind") -> int | None:
    years = [y for y in m.year if pyo.value(m.capacity_mw[tech, "r1", y]) > 1e-6]
    return min(years) if years else None


def test_slower_approval_never_cheaper_never_earlier(tiny):
    """Approval 0 -> 30 months: the NPV never falls, wind never comes online earlier."""
    pv = hourly_profiles(pv_day=[0] * 8 + [0.6] * 8 + [0] * 8)
    objectives, first = [], []
    for months in (0, 6, 12, 18, 30):
        _, m, res = tiny(tables=wind_case(months), profiles=pv, years=YEARS,
                         finance={"discount_rate": 0.05})
        objectives.append(res.objective)
        first.append(first_online_year(m))
    assert all(b >= a - 1e-9 for a, b in zip(objectives, objectives[1:], strict=False))
    assert first == sorted(first)
    assert objectives[-1] > objectives[0]  # the delay costs something here


def test_scaling_all_costs_scales_objective(tiny):
    """Every price and cost x 2 -> objective x 2 (no hidden constants or unscaled terms)."""
    base = wind_case(12)
    _, _, r1 = tiny(tables=base, years=YEARS, finance={"discount_rate": 0.05})
    scaled = wind_case(12)
    costs = scaled["technology_costs"]
    costs["capex_eur_per_unit"] = costs["capex_eur_per_unit"] * 2
    prices = scaled["prices"]
    for col in ("elec_wholesale_eur_per_mwh", "grid_markup_eur_per_mwh", "gas_eur_per_mwh_th",
                "eua_eur_per_t", "ets2_eur_per_t"):
        prices[col] = prices[col] * 2
    _, _, r2 = tiny(tables=scaled, years=YEARS, finance={"discount_rate": 0.05})
    assert r2.objective == pytest.approx(2 * r1.objective, rel=1e-7)


def two_region_tables() -> dict:
    t = default_tables(regions=("r1", "r2"))
    t["land"] = pd.DataFrame(
        [{"region": r, "technology": k, "year": 2025, "potential_mw": v, **PROV}
         for r, k, v in (("r1", "wind", 4.0), ("r2", "wind", 2.0), ("r1", "pv_ground", 0.0),
                         ("r2", "pv_ground", 3.0), ("r1", "battery_power", 0.0),
                         ("r1", "battery_energy", 0.0), ("r2", "battery_power", 1.0),
                         ("r2", "battery_energy", 2.0))])
    t["plants"] = pd.DataFrame([plant_row(plant_id="p1", region="r1"),
                                plant_row(plant_id="p2", region="r2", flexible_share=0.3)])
    return t


def test_reordering_regions_changes_nothing(tiny):
    """regions [r1, r2] and [r2, r1]: same optimum, same results per region."""
    profiles = hourly_profiles(regions=("r1", "r2"), wind=0.35,
                               pv_day=[0] * 8 + [0.6] * 8 + [0] * 8,
                               price_day=[0.7] * 12 + [1.3] * 12)
    outs = []
    for order in (["r1", "r2"], ["r2", "r1"]):
        d, m, res = tiny(tables=two_region_tables(), profiles=profiles, regions=order,
                         exchange={"mode": "limited", "limit_mw": 1.0})
        outs.append((res.objective, results.to_dataset(m, d)))
    assert outs[0][0] == pytest.approx(outs[1][0], rel=1e-9)
    # which region imports, and gross import against export, are degenerate (same price
    # everywhere, exports at capture rate 1): compare the net import and capacity per region
    imp = [float((o[1]["import_mwh"] - o[1]["export_mwh"]).sum()) for o in outs]
    assert imp[0] == pytest.approx(imp[1], rel=1e-6, abs=1e-6)
    cap = [o[1]["capacity_mw"].sel(region=["r1", "r2"]).values for o in outs]
    assert cap[0] == pytest.approx(cap[1], rel=1e-6, abs=1e-6)


def test_system_balance_closes_from_result_files(tiny):
    """Yearly energy over both regions: generation + import + discharge = all uses."""
    profiles = hourly_profiles(regions=("r1", "r2"), wind=0.35,
                               pv_day=[0] * 8 + [0.6] * 8 + [0] * 8,
                               price_day=[0.7] * 12 + [1.3] * 12)
    t = two_region_tables()
    costs = t["technology_costs"]
    costs.loc[costs["technology"] == "battery_power", "efficiency"] = 0.9
    d, m, res = tiny(tables=t, profiles=profiles, regions=["r1", "r2"],
                     demand={"other_demand": True})
    ds = results.to_dataset(m, d)
    supply = (ds["generation_mwh"].sum("generator") + ds["import_mwh"]
              + ds["battery_discharge_mwh"]).sum("region")
    uses = (ds["export_mwh"] + ds["battery_charge_mwh"] + ds["plant_electricity_mwh"]
            + ds["other_demand_mwh"]).sum("region")
    assert float(ds["other_demand_mwh"].sum()) == pytest.approx(2 * 8760)
    assert supply.values == pytest.approx(uses.values, rel=1e-9)
