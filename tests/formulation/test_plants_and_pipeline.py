"""Hand-solved cases for the permitting pipeline and the recycling plants."""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo
import pytest
from tiny import PROV, default_tables, heat_plant, hourly_profiles, land, only, plant_row

from model.outputs import results

pytestmark = pytest.mark.formulation


@pytest.mark.covers("permitting.capacity_definition", "permitting.lumpy_units")
def test_attrition_and_failed_development_cost(tiny):
    """Attrition 0.2, land 8 MW: start 10 MW (5 turbines) to get 8 MW online.

    capex on the 8 MW that operate: 0.8 M EUR; failed development 0.2 x 0.05 x 1e6 x 10 MW
    = 0.1 M EUR; export 8 MW x 0.5 x 8,760 h x 100 EUR = 3.504 M EUR.
    """
    t = land(only(default_tables(), ["wind"]), [("wind", 2025, 8.0)])
    perm = t["permitting"]
    wind = perm["technology"] == "wind"
    perm.loc[wind, "attrition_share"] = 0.2
    perm.loc[wind, "development_cost_share"] = 0.05
    d, m, res = tiny(tables=t)
    assert pyo.value(m.permitting.units["wind", "r1", 2025]) == pytest.approx(5)
    assert pyo.value(m.capacity_mw["wind", "r1", 2025]) == pytest.approx(8.0)
    assert res.objective == pytest.approx(0.8 + 0.1 - 3.504, rel=1e-9)


@pytest.mark.covers("permitting.approval_cap")
def test_approval_throughput_cap_binds(tiny):
    """Cap 4 MW approved per year, land 12 MW, 12 months approval, horizon 2025-2027.

    Starts of 2025 and 2026 are approved in 2026 and 2027: 4 MW each; 2025 has nothing.
    """
    t = land(only(default_tables(), ["wind"]), [("wind", 2025, 12.0)])
    perm = t["permitting"]
    wind = perm["technology"] == "wind"
    perm.loc[wind, "approval_months"] = 12
    perm["approval_cap_mw_per_yr"] = [4.0 if w else "" for w in wind]
    d, m, res = tiny(tables=t, years={"start": 2025, "end": 2027})
    caps = [pyo.value(m.capacity_mw["wind", "r1", y]) for y in (2025, 2026, 2027)]
    assert caps == pytest.approx([0.0, 4.0, 8.0])
    ds = results.to_dataset(m, d)
    approved = ds["pipeline_mw"].sel(technology="wind", region="r1", stage="approved")
    assert approved.values.tolist() == pytest.approx([0.0, 4.0, 4.0])


@pytest.mark.covers("permitting.capacity_definition")
def test_existing_pipeline_comes_online_with_partial_year(tiny):
    """6 MW permitted, online from April 2026: 0.75 x 6 MW in 2026, 6 MW in 2027."""
    t = land(only(default_tables(), []), [])
    t["pipeline"] = pd.DataFrame([{"region": "r1", "technology": "wind", "stage": "permitted",
                                   "online_year": 2026, "online_month": 4, "capacity_mw": 6.0,
                                   **PROV}])
    d, m, res = tiny(tables=t, years={"start": 2025, "end": 2027})
    caps = [pyo.value(m.capacity_mw["wind", "r1", y]) for y in (2025, 2026, 2027)]
    assert caps == pytest.approx([0.0, 4.5, 6.0])


@pytest.mark.covers("plants.daily_production",
                    "plants.load_max",
                    "plants.load_min",
                    "plants.shift_definition")
def test_flexible_load_shifts_into_cheap_hours(tiny):
    """Flexible share 0.5 of a 1 MW plant, price 0.5 in hours 10-13, 1.0 otherwise.

    The flexible part may run at twice its rate: load 1.5 MW in the 4 cheap hours, so
    2 MWh/day are shifted into them: 730 MWh/yr, saving 730 MWh x 50 EUR = 36,500 EUR, less
    the shifting cost of 1 EUR/MWh (which also makes the shifted amount unique).
    """
    t = only(default_tables(), [])
    t["plants"] = pd.DataFrame([plant_row(flexible_share=0.5)])
    price = [1.0] * 24
    price[10:14] = [0.5] * 4
    d, m, res = tiny(tables=t, profiles=hourly_profiles(price_day=price))
    window = sum(pyo.value(m.plants.load_mw["p1", 2025, 0, s]) for s in range(10, 14))
    assert window == pytest.approx(4 * 1.5)  # 2 MWh/day moved into the cheap window
    inflexible = (8760 - 365 * 4) * 100 + 365 * 4 * 50  # energy cost without shifting
    shifting = 730 * 1.0  # SHIFT_COST_EUR_PER_MWH on the 730 MWh moved
    assert res.objective == pytest.approx((inflexible - 36500 + shifting) / 1e6, rel=1e-9)
    ds = results.to_dataset(m, d)
    assert float(ds["plant_flex_shifted_mwh"].sum()) == pytest.approx(730.0)


@pytest.mark.covers("plants.heat_balance", "plants.converter_limit")
@pytest.mark.parametrize(("co2_price", "winner"), [(50.0, "gas"), (100.0, "ht_heat_pump")])
def test_co2_price_switches_gas_to_heat_pump(tiny, co2_price, winner):
    """Heat pump COP 3 at 100 EUR/MWh: 33.3 EUR/MWh_th + annuity 100,000/8,760 = 44.75.

    Gas: 30 + 0.198 x p EUR/MWh_th, so the switching price is 74.5 EUR/t.
    """
    t = only(default_tables(), ["ht_heat_pump"])
    costs = t["technology_costs"]
    costs.loc[costs["technology"] == "ht_heat_pump", "efficiency"] = 3.0
    t["prices"]["ets2_eur_per_t"] = co2_price
    t["plants"] = pd.DataFrame([heat_plant(options="ht_heat_pump", heat_temp_c=90.0)])
    d, m, res = tiny(tables=t)
    ds = results.to_dataset(m, d)
    mix = ds["plant_heat_supply_mwh_th"].sel(plant="p1", year=2025)
    assert float(mix.sel(heat_source=winner)) == pytest.approx(8760.0, rel=1e-6)


@pytest.mark.covers("plants.size_link")
def test_big_m_does_not_bind_and_energy_is_conserved(tiny):
    """The boiler's size stays below its big-M; heat supplied equals heat demanded."""
    t = only(default_tables(), ["electric_boiler"])
    t["grid_emission_factor"]["t_co2_per_mwh"] = 0.0
    t["plants"] = pd.DataFrame([heat_plant(options="electric_boiler")])
    d, m, res = tiny(tables=t, policy={"co2_cap_t": {2025: 0.0}})
    from model.formulation.blocks.plants import big_m
    size = pyo.value(m.plants.size["p1", "electric_boiler", 2025])
    assert size == pytest.approx(1.0)
    assert size < big_m(d, "p1", "electric_boiler") - 1e-6
    ds = results.to_dataset(m, d)
    assert float(ds["plant_heat_supply_mwh_th"].sum()) == pytest.approx(8760.0)


@pytest.mark.covers("plants.load_min", "plants.startups")
def test_unit_commitment_respects_minimum_load(tiny):
    """With commitment, a running plant never goes below min load x running load."""
    t = only(default_tables(), [])
    t["plants"] = pd.DataFrame([plant_row(flexible_share=1.0, min_load_share=0.6,
                                          operating_hours_per_day=16.0)])
    price = [2.0] * 6 + [1.0] * 18
    d, m, res = tiny(tables=t, profiles=hourly_profiles(price_day=price),
                     plants={"unit_commitment": True})
    running = 24 * 1.0 / 16.0
    for s in range(24):
        load = pyo.value(m.plants.load_mw["p1", 2025, 0, s])
        on = round(pyo.value(m.plants.on["p1", 2025, 0, s]))
        assert load >= 0.6 * running * on - 1e-6
        assert load <= 1e-6 or on == 1
    # the expensive first 6 hours are avoided entirely
    assert sum(pyo.value(m.plants.load_mw["p1", 2025, 0, s]) for s in range(6)) == pytest.approx(0)


@pytest.mark.covers("permitting.approval_cap")
def test_applied_pipeline_uses_up_approval_throughput(tiny):
    """Cap 4 MW/yr; 2 MW applied before the start are decided in 2027 (online Jan 2027,
    realisation 0): new approvals in 2027 can only be 2 MW. Capacity: 0, 4, 4 + 2 + 2 = 8."""
    t = land(only(default_tables(), ["wind"]), [("wind", 2025, 12.0)])
    perm = t["permitting"]
    wind = perm["technology"] == "wind"
    perm.loc[wind, "approval_months"] = 12
    perm["approval_cap_mw_per_yr"] = [4.0 if w else "" for w in wind]
    t["pipeline"] = pd.DataFrame([{"region": "r1", "technology": "wind", "stage": "applied",
                                   "online_year": 2027, "online_month": 1, "capacity_mw": 2.0,
                                   **PROV}])
    d, m, res = tiny(tables=t, years={"start": 2025, "end": 2027})
    caps = [pyo.value(m.capacity_mw["wind", "r1", y]) for y in (2025, 2026, 2027)]
    assert caps == pytest.approx([0.0, 4.0, 8.0])
    assert pyo.value(m.permitting.start_mw["wind", "r1", 2026]) == pytest.approx(2.0)


def test_batch_load_moves_into_midday_pv_surplus(tiny):
    """2 MW of existing PV at cf 1 in hours 10-13 (0 otherwise); PV capture rate 0.5.

    Exported PV earns 0.5 x 100 = 50 EUR/MWh against 100 for imports (the grid mark-up is
    paid on consumption whatever its source, so it does not favour local use), so the plant
    (1 MW, flexible share 0.5, up to 1.5 MW) runs at 1.5 MW in those 4 hours: 2 MWh/day
    moved in, 730 MWh/yr; the plant's per-plant emissions are zero (no heat, no fuel).
    """
    t = only(default_tables(), [])
    t["capture_rates"].loc[t["capture_rates"]["technology"] == "pv_ground", "capture_rate"] = 0.5
    t["existing_capacity"] = pd.DataFrame([{"region": "r1", "technology": "pv_ground",
                                            "vintage_year": 2020, "capacity_mw": 2.0,
                                            "lifetime_yr": 30, **PROV}])
    t["plants"] = pd.DataFrame([plant_row(flexible_share=0.5)])
    pv = [0.0] * 24
    pv[10:14] = [1.0] * 4
    d, m, res = tiny(tables=t, profiles=hourly_profiles(pv_day=pv))
    window = sum(pyo.value(m.plants.load_mw["p1", 2025, 0, s]) for s in range(10, 14))
    assert window == pytest.approx(6.0)
    ds = results.to_dataset(m, d)
    assert float(ds["plant_flex_shifted_mwh"].sum()) == pytest.approx(730.0)
    assert float(ds["plant_emissions_t"].sum()) == pytest.approx(0.0)
    assert float(ds["plant_production_t"].sum()) == pytest.approx(8760.0)


def test_unit_commitment_never_loosens_a_continuous_plant(tiny):
    """A plant running 24 h stays on under commitment: the optimum can only get dearer."""
    price = [2.0] * 6 + [1.0] * 18
    costs = []
    for uc in (False, True):
        t = only(default_tables(), [])
        t["plants"] = pd.DataFrame([plant_row(flexible_share=0.3, min_load_share=0.5)])
        _, m, res = tiny(tables=t, profiles=hourly_profiles(price_day=price),
                         plants={"unit_commitment": uc})
        costs.append(res.objective)
        if uc:
            assert all(pyo.value(m.plants.on["p1", 2025, 0, s]) == 1 for s in range(24))
    assert costs[1] >= costs[0] - 1e-9
