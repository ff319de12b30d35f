"""Hand-solved tiny cases, for the constraint families of the pathway core.

Every expected number is computed by hand in the test's docstring from the tiny data set
(tests/tiny.py): one region, every day identical, wholesale 100 EUR/MWh, grid factor
0.5 t/MWh, capex 1,000 EUR/kW over 10 years at 0 % interest (100,000 EUR/MW/yr).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyomo.environ as pyo
import pytest
from tiny import (
    PROV,
    default_tables,
    heat_plant,
    hourly_profiles,
    land,
    only,
    plant_row,
    wind_tables,
)

from model.outputs import results

pytestmark = pytest.mark.formulation


@pytest.mark.covers("grid.balance")
def test_balance_import_only(tiny):
    """1 MW flat plant, nothing to build: import 8,760 MWh at 100 EUR = 0.876 M EUR, 4,380 t."""
    t = only(default_tables(), [])
    t["plants"] = pd.DataFrame([plant_row()])
    d, m, res = tiny(tables=t)
    assert res.outcome == "optimal"
    assert res.objective == pytest.approx(0.876, rel=1e-9)
    ds = results.to_dataset(m, d)
    assert float(ds["import_mwh"].sum()) == pytest.approx(8760)
    assert float(ds["emissions_t"].sel(source="grid_import").sum()) == pytest.approx(4380)


@pytest.mark.covers("permitting.lumpy_units", "permitting.land", "supply.available")
def test_integer_turbines_and_land_cap(tiny):
    """Land 9 MW, 2 MW turbines at cf 0.5: 4 turbines (not 4.5), export 3 MW all year.

    capex 8 MW x 100,000 = 0.8 M EUR; export revenue 3 MW x 8,760 h x 100 = 2.628 M EUR.
    """
    t = wind_tables(land_mw=9.0)
    d, m, res = tiny(tables=t)
    assert pyo.value(m.permitting.units["wind", "r1", 2025]) == pytest.approx(4)
    assert res.objective == pytest.approx(0.8 - 2.628, rel=1e-9)
    ds = results.to_dataset(m, d)
    # net export: with import and export at the same price, gross flows are degenerate
    assert float((ds["export_mwh"] - ds["import_mwh"]).sum()) == pytest.approx(3 * 8760)


@pytest.mark.covers("permitting.capacity_definition")
def test_lead_time_partial_year(tiny):
    """18 months from start to operation: started 2025, online 1 July 2026 (half of 2026)."""
    t = land(only(default_tables(), ["wind"]), [("wind", 2025, 8.0)])
    perm = t["permitting"]
    perm.loc[perm["technology"] == "wind", "approval_months"] = 18
    d, m, res = tiny(tables=t, years={"start": 2025, "end": 2027})
    cap = [pyo.value(m.capacity_mw["wind", "r1", y]) for y in (2025, 2026, 2027)]
    assert cap == pytest.approx([0.0, 4.0, 8.0])
    ds = results.to_dataset(m, d)
    pipe = ds["pipeline_mw"].sel(technology="wind", region="r1")
    assert float(pipe.sel(stage="commissioned", year=2026)) == pytest.approx(8.0)
    assert float(pipe.sel(stage="in_approval", year=2025)) == pytest.approx(8.0)
    assert float(ds["cost_eur"].sel(category="capex", year=2026)) == pytest.approx(0.5 * 8e5)


@pytest.mark.covers("permitting.capacity_definition")
def test_retirement_of_existing_fleet(tiny):
    """6 MW built 2016 with 10-year life operate in 2025, are gone in 2026 (no rebuild in time)."""
    t = land(only(default_tables(), ["wind"]), [("wind", 2025, 6.0)])
    t["permitting"].loc[:, "approval_months"] = 24
    t["existing_capacity"] = pd.DataFrame([{"region": "r1", "technology": "wind",
                                            "vintage_year": 2016, "capacity_mw": 6.0,
                                            "lifetime_yr": 10, **PROV}])
    d, m, res = tiny(tables=t, years={"start": 2025, "end": 2026})
    assert pyo.value(m.capacity_mw["wind", "r1", 2025]) == pytest.approx(6.0)
    assert pyo.value(m.capacity_mw["wind", "r1", 2026]) == pytest.approx(0.0)


@pytest.mark.covers("storage.soc_balance",
                    "storage.charge_limit",
                    "storage.discharge_limit",
                    "storage.soc_limit")
def test_battery_arbitrage_and_soc(tiny):
    """Price 50 for 12 h, 150 for 12 h; 1 MW / 12 MWh battery at 1 EUR/kW and 1 EUR/kWh.

    Day: import 2 MW x 12 h x 50 = 1,200 EUR (battery covers the expensive half).
    Year: 365 x 1,200 + battery annuities 100 + 1,200 = 439,300 EUR.
    """
    t = land(only(default_tables(), ["battery_power", "battery_energy"]),
             [("battery_power", 2025, 1.0), ("battery_energy", 2025, 12.0)])
    costs = t["technology_costs"]
    costs.loc[costs["technology"].str.startswith("battery"), "capex_eur_per_unit"] = 1.0
    t["plants"] = pd.DataFrame([plant_row()])
    profiles = hourly_profiles(price_day=[0.5] * 12 + [1.5] * 12)
    d, m, res = tiny(tables=t, profiles=profiles)
    assert res.objective == pytest.approx(0.4393, rel=1e-9)
    soc = np.array([pyo.value(m.storage.soc_mwh["r1", 2025, 0, s]) for s in range(24)])
    ch = np.array([pyo.value(m.storage.charge_mw["r1", 2025, 0, s]) for s in range(24)])
    dis = np.array([pyo.value(m.storage.discharge_mw["r1", 2025, 0, s]) for s in range(24)])
    assert np.allclose(soc, np.roll(soc, 1) + ch - dis)  # rebuilt state of charge, cyclic
    assert soc.max() == pytest.approx(12.0)


@pytest.mark.covers("emissions.co2_cap", "plants.heat_balance", "plants.converter_limit")
@pytest.mark.parametrize(("cap_t", "expected_meur"), [
    (None, 8760 * 30 / 1e6),                 # gas only
    (0.0, 0.1 + 0.876),                      # electric boiler 1 MW: annuity + electricity
    (8760 * 0.198 / 2, 0.05 + 0.438 + 0.1314),  # half the heat electric
])
def test_co2_cap_forces_electrification(tiny, cap_t, expected_meur):
    """Grid factor 0 here, so the cap can only be met with the electric boiler."""
    t = only(default_tables(), ["electric_boiler"])
    t["grid_emission_factor"]["t_co2_per_mwh"] = 0.0
    t["plants"] = pd.DataFrame([heat_plant(options="electric_boiler")])
    policy = {"co2_cap_t": {2025: cap_t}} if cap_t is not None else {}
    d, m, res = tiny(tables=t, policy=policy)
    assert res.objective == pytest.approx(expected_meur, rel=1e-6)


def test_cost_categories_sum_to_objective_and_emissions_rebuild(tiny):
    """Discounted category costs add up to the objective; emissions = factor x import."""
    t = land(only(default_tables(), ["wind", "battery_power", "battery_energy"]),
             [("wind", 2025, 4.0), ("battery_power", 2025, 1.0), ("battery_energy", 2025, 4.0)])
    t["plants"] = pd.DataFrame([plant_row()])
    profiles = hourly_profiles(wind=0.3, price_day=[0.5] * 12 + [1.5] * 12)
    d, m, res = tiny(tables=t, profiles=profiles, years={"start": 2025, "end": 2027},
                     finance={"discount_rate": 0.05})
    ds = results.to_dataset(m, d)
    npv = float((ds["cost_eur"].sum("category") * ds["discount_factor"]).sum()) / 1e6
    assert npv == pytest.approx(res.objective, rel=1e-9)
    grid_t = ds["emissions_t"].sel(source="grid_import")
    assert np.allclose(grid_t, 0.5 * ds["import_mwh"].sum("region"))
    # yearly electricity balance rebuilt from the files: gen + import = load + export + losses
    gen = ds["generation_mwh"].sum(["generator", "region"])
    load = ds["plant_process_elec_mwh"].sum("plant")
    net = gen + ds["import_mwh"].sum("region") - ds["export_mwh"].sum("region") - load
    assert (net >= -1e-6).all()  # the rest is battery losses (efficiency 1 here: zero)
    assert np.allclose(net, 0.0, atol=1e-6)


def test_standard_form_route_matches_solverfactory(tiny):
    """Our compiler -> highspy route gives the objective of Pyomo's own HiGHS interface."""
    t = land(only(default_tables(), ["wind", "battery_power", "battery_energy"]),
             [("wind", 2025, 5.0), ("battery_power", 2025, 1.0), ("battery_energy", 2025, 4.0)])
    t["plants"] = pd.DataFrame([plant_row(flexible_share=0.5)])
    profiles = hourly_profiles(wind=0.3, price_day=[0.5] * 12 + [1.5] * 12)
    d, m, res = tiny(tables=t, profiles=profiles, years={"start": 2025, "end": 2026})
    ours = res.objective
    pyo.SolverFactory("highs").solve(m, options={"mip_rel_gap": 1e-9})
    assert pyo.value(m.npv_meur) == pytest.approx(ours, rel=1e-7)


def test_data_set_without_land_limits_loads_and_reports_unbounded(tiny):
    """An empty land.csv is legal; profitable wind without any limit is then unbounded
    (HiGHS reports the MIP as infeasible-or-unbounded), never a crash."""
    t = default_tables()
    assert t["land"].empty
    d, m, res = tiny(tables=t)
    assert d.land_mw.empty
    assert res.outcome in ("unbounded", "infeasible_or_unbounded")
