"""Hand-solved tiny cases for the economics of issue 11: one per constraint family.

Tiny data (tests/tiny.py): one region, every day identical, wholesale 100 EUR/MWh, capex
1,000 EUR/kW over 10 years at 0 % interest (100,000 EUR/MW/yr) unless a test changes it,
discount rate 0, one year (2025) unless told otherwise. Expected numbers are worked out in
each docstring.
"""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo
import pytest
from test_core import land, only
from tiny import default_tables, hourly_profiles, plant_row

from model.formulation.build import build_model
from model.outputs import economics, results
from model.solve.highs import highs_options, solve

pytestmark = pytest.mark.formulation


def wind_only(potential_mw: float = 8.0) -> dict:
    """Wind land ``potential_mw``, a flat 1 MW plant; wind 2 MW turbines at cf 0.5."""
    t = land(only(default_tables(), ["wind"]), [("wind", 2025, potential_mw)])
    t["plants"] = pd.DataFrame([plant_row()])
    return t


@pytest.mark.covers("grid.export_split", "grid.export_within_generation")
def test_exports_earn_the_capture_rate(tiny):
    """Capture rate 0.2: an extra turbine (1 MW average output, all exported) earns
    8,760 x 100 x 0.2 = 175,200 EUR/yr < its 200,000 EUR annuity, so only the first
    turbine is built (it covers the 1 MW plant, saving 876,000 EUR of import).
    Objective: 200,000 EUR annuity = 0.2 M EUR. At capture rate 1, four turbines."""
    t = wind_only()
    t["capture_rates"].loc[t["capture_rates"]["technology"] == "wind", "capture_rate"] = 0.2
    d, m, res = tiny(tables=t)
    assert pyo.value(m.permitting.units["wind", "r1", 2025]) == pytest.approx(1)
    assert res.objective == pytest.approx(0.2, rel=1e-9)
    _, m1, _ = tiny(tables=wind_only())
    assert pyo.value(m1.permitting.units["wind", "r1", 2025]) == pytest.approx(4)


@pytest.mark.covers("grid.import_limit", "grid.export_limit", "transmission.capacity_definition")
def test_transmission_limits_export_and_is_reinforced_at_its_cost(tiny):
    """Transmission 1 MW. Reinforcement at 1e12 EUR/MW: export stays at 1 MW, so 2 turbines
    (2 MW output: 1 for the plant, 1 exported); the limit binds in 2025.
    Objective 0.4 - 0.876 = -0.476 M EUR. At 100,000 EUR/MW over 40 years (2,500 EUR/MW/yr)
    2 MW are added and 4 turbines export 3 MW: 0.8 + 0.005 - 2.628 = -1.823 M EUR."""
    t = wind_only()
    t["transmission"]["capacity_mw"] = 1.0
    t["transmission"]["reinforcement_capex_eur_per_mw"] = 1e12
    d, m, res = tiny(tables=t)
    assert pyo.value(m.permitting.units["wind", "r1", 2025]) == pytest.approx(2)
    assert res.objective == pytest.approx(0.4 - 0.876, rel=1e-9)
    limits = economics.binding_limits(m)
    assert {"region": "r1", "direction": "export", "years": [2025]} in limits["transmission"]
    t = wind_only()
    t["transmission"]["capacity_mw"] = 1.0
    d, m, res = tiny(tables=t)
    assert pyo.value(m.transmission.reinforce_mw["r1", 2025]) == pytest.approx(2.0)
    assert res.objective == pytest.approx(0.8 + 0.005 - 2.628, rel=1e-9)


@pytest.mark.covers("permitting.land")
def test_land_limits_capacity_at_the_end_of_the_year(tiny):
    """6 months to commission (online 1 July 2025), 8 MW of land, 2025 only: at most 4
    turbines (8 MW at the year end, 4 MW on average), not 8 (8 MW on average).
    Objective: 8 MW x 100,000 x 0.5 year = 0.4 M EUR annuity; the 4 MW average gives 2 MW,
    1 for the plant and 1 exported all year (0.876 M EUR): -0.476 M EUR; the land row binds."""
    t = wind_only()
    perm = t["permitting"]
    perm.loc[perm["technology"] == "wind", "approval_months"] = 6
    d, m, res = tiny(tables=t)
    assert pyo.value(m.permitting.units["wind", "r1", 2025]) == pytest.approx(4)
    assert pyo.value(m.capacity_mw["wind", "r1", 2025]) == pytest.approx(4.0)
    assert res.objective == pytest.approx(0.4 - 1.314 + 0.438, rel=1e-9)
    limits = economics.binding_limits(m)
    assert limits["land"] == [{"technology": "wind", "region": "r1", "years": [2025]}]


def heat_tables(options: str, gas_eur: float = 100.0) -> dict:
    """1 MW_th flat heat at 100 C, no process electricity; heater and store capex 10 EUR/kW
    or kWh over 10 years at 0 % (1,000 EUR per MW or MWh and year); gas at ``gas_eur``."""
    t = only(default_tables(), [])
    t["plants"] = pd.DataFrame([plant_row(elec_mwh_per_t=0.0, heat_mwh_per_t=1.0,
                                          options=options)])
    t["prices"]["gas_eur_per_mwh_th"] = gas_eur
    costs = t["technology_costs"]
    costs.loc[costs["technology"].isin(["electric_boiler", "thermal_store"]),
              "capex_eur_per_unit"] = 10.0
    t["electrification_options"].loc[0, "max_size_factor"] = 3.0
    return t


CHEAP_DEAR = [0.5] * 12 + [1.5] * 12  # electricity 50 EUR/MWh for 12 h, 150 for 12 h


@pytest.mark.covers("plants.store_balance", "plants.store_limit", "plants.store_charge_limit",
                    "plants.heat_balance", "plants.converter_limit")
def test_thermal_store_charges_only_from_the_heater(tiny):
    """Gas 100, electricity 50 / 150. The boiler (2 MW) heats directly in the cheap 12 h and
    sends 1 MW into the 12 MWh store, which covers the dear 12 h (discharge <= 0.25 x 12 =
    3 MW). Electricity 2 MW x 12 h x 50 x 365 = 438,000; boiler 2,000; store 12,000:
    0.452 M EUR. The store's charging is heat from the boiler: no charge without it."""
    t = heat_tables("electric_boiler;thermal_store")
    d, m, res = tiny(tables=t, profiles=hourly_profiles(price_day=CHEAP_DEAR))
    b = m.plants
    assert pyo.value(b.installed["p1", "electric_boiler", 2025]) == pytest.approx(2.0)
    assert pyo.value(b.installed["p1", "thermal_store", 2025]) == pytest.approx(12.0)
    assert res.objective == pytest.approx(0.452, rel=1e-9)
    for s in range(24):
        direct = pyo.value(b.heat_el_mw["p1", "electric_boiler", 2025, 0, s])
        charge = pyo.value(b.heat_to_store_mw["p1", "electric_boiler", 2025, 0, s])
        assert direct + charge <= 2.0 + 1e-6
    assert economics.big_m_binding(m) == []


@pytest.mark.covers("plants.store_discharge_limit")
def test_store_discharge_power_limit_from_data(tiny):
    """Discharge rate 1/24 per hour: 1 MW out needs a 24 MWh store (24,000 EUR instead of
    12,000): 438,000 + 2,000 + 24,000 = 0.464 M EUR."""
    t = heat_tables("electric_boiler;thermal_store")
    t["electrification_options"].loc[2, "discharge_rate_per_h"] = 1 / 24
    d, m, res = tiny(tables=t, profiles=hourly_profiles(price_day=CHEAP_DEAR))
    assert pyo.value(m.plants.installed["p1", "thermal_store", 2025]) == pytest.approx(24.0)
    assert res.objective == pytest.approx(0.464, rel=1e-9)


@pytest.mark.covers("plants.size_link")
def test_binding_big_m_is_reported(tiny, tmp_path):
    """Boiler limited to 1 x peak heat (1 MW): nothing is left to charge the store, so no
    store; cheap hours electric, dear hours gas: 219,000 + 438,000 + 1,000 = 0.658 M EUR.
    The boiler sits at its big-M: reported, and a warning in the run's manifest."""
    t = heat_tables("electric_boiler;thermal_store")
    t["electrification_options"].loc[0, "max_size_factor"] = 1.0
    d, m, res = tiny(tables=t, profiles=hourly_profiles(price_day=CHEAP_DEAR))
    assert res.objective == pytest.approx(0.658, rel=1e-9)
    assert pyo.value(m.plants.installed["p1", "thermal_store", 2025]) == pytest.approx(0.0)
    hits = economics.big_m_binding(m)
    assert [(h["plant"], h["option"], h["bound"]) for h in hits] == [
        ("p1", "electric_boiler", pytest.approx(1.0))]


@pytest.mark.covers("plants.installed_definition")
def test_equipment_keeps_the_lifetime_of_its_vintage(tiny):
    """Boiler lifetime 2 years for 2025 vintages, 10 for 2030 (5.2 interpolated in 2027).
    Gas 100 in 2025-26 and 0 in 2027, electricity 50: the boiler is ordered in 2025 and
    retires after 2026 (its own 2 years), so it operates 1, 1, 0 MW. Objective:
    2 x 8,760 x 50 = 876,000 electricity + 2 x 5,000 annuity = 0.886 M EUR."""
    t = heat_tables("electric_boiler")
    costs = t["technology_costs"]
    boiler = costs[costs["technology"] == "electric_boiler"].iloc[0].to_dict()
    costs.loc[costs["technology"] == "electric_boiler", "lifetime_yr"] = 2.0
    t["technology_costs"] = pd.concat([costs, pd.DataFrame([{**boiler, "year": 2030,
                                                             "lifetime_yr": 10.0}])],
                                      ignore_index=True)
    prices = t["prices"]
    row = prices.iloc[0].to_dict()
    t["prices"] = pd.concat([prices, pd.DataFrame([{**row, "year": 2026},
                                                   {**row, "year": 2027,
                                                    "gas_eur_per_mwh_th": 0.0}])],
                            ignore_index=True)
    d, m, res = tiny(tables=t, years={"start": 2025, "end": 2027},
                     profiles=hourly_profiles(price_day=[0.5] * 24))
    inst = [pyo.value(m.plants.installed["p1", "electric_boiler", y]) for y in (2025, 2026, 2027)]
    assert inst == pytest.approx([1.0, 1.0, 0.0], abs=1e-9)
    assert res.objective == pytest.approx(0.886, rel=1e-9)


@pytest.mark.covers("plants.min_load", "plants.load_min", "plants.load_max")
def test_unit_commitment_restricts_the_base_model(tiny):
    """Plant 1 MW average, flexible 0.5, 16 h/day, minimum load 0.6 x 1.5 MW running load;
    price 200 EUR/MWh in the first 6 h, 100 after. Base: 0.5 MW in the dear hours, 21 MWh in
    18 cheap hours, 3 MWh above average at 1 EUR: 2,703 EUR/day = 0.986595 M EUR/yr. With
    commitment the floor 0.9 MW adds to the base floor (the plant stays on): 5.4 MWh dear,
    18.6 cheap, 0.6 shifted: 2,940.6 EUR/day = 1.073319 M EUR >= the base bound."""
    t = only(default_tables(), [])
    t["plants"] = pd.DataFrame([plant_row(flexible_share=0.5, min_load_share=0.6,
                                          operating_hours_per_day=16.0)])
    profiles = hourly_profiles(price_day=[2.0] * 6 + [1.0] * 18)
    _, _, base = tiny(tables=t, profiles=profiles)
    _, m, uc = tiny(tables=t, profiles=profiles, plants={"unit_commitment": True})
    assert base.objective == pytest.approx(0.986595, rel=1e-9)
    assert uc.objective == pytest.approx(1.073319, rel=1e-9)
    assert uc.objective >= base.bound - 1e-9
    assert all(round(pyo.value(m.plants.on["p1", 2025, 0, s])) == 1 for s in range(24))


def test_constant_terms_are_reported_but_not_optimised(tiny):
    """The grid mark-up on the fixed 1 MW process load (100 EUR/MWh: 0.876 M EUR) is a
    constant: the objective stays at the import cost 0.876 M EUR, the reported total is
    1.752 M EUR, and doubling the mark-up moves only the constant."""
    t = only(default_tables(), [])
    t["plants"] = pd.DataFrame([plant_row()])
    t["prices"]["grid_markup_eur_per_mwh"] = 100.0
    d, m, res = tiny(tables=t)
    assert res.objective == pytest.approx(0.876, rel=1e-9)
    npv = economics.npv_report(m, d.discount.to_dict())
    assert npv["constant_terms_meur"] == pytest.approx(0.876, rel=1e-9)
    assert npv["total_meur"] == pytest.approx(1.752, rel=1e-9)
    t["prices"]["grid_markup_eur_per_mwh"] = 200.0
    _, _, res2 = tiny(tables=t)
    assert res2.objective == pytest.approx(res.objective, rel=1e-12)


def two_plant_tables(gas_eur: float) -> dict:
    t = heat_tables("electric_boiler", gas_eur)
    t["plants"] = pd.DataFrame([
        plant_row(plant_id="p1", elec_mwh_per_t=0.0, heat_mwh_per_t=1.0,
                  options="electric_boiler"),
        plant_row(plant_id="p2", elec_mwh_per_t=0.0, heat_mwh_per_t=0.5,
                  options="electric_boiler;ht_heat_pump")])
    costs = t["technology_costs"]
    costs.loc[costs["technology"] == "ht_heat_pump", ["capex_eur_per_unit", "efficiency"]] = [
        400.0, 3.0]
    t["electrification_options"]["fixed_cost_eur"] = 20000.0
    return t


def test_forcing_one_cases_plant_decisions_never_beats_the_gap(tmp_path):
    """Two plants, two cases (gas 60 and 90 EUR/MWh_th), an absolute gap of 0.01 M EUR:
    case B with case A's orders fixed costs at least B's optimum minus B's gap."""
    from tiny import write_dataset, write_scenario

    from model.inputs import config, data

    def solved(gas_eur: float, fix: dict | None = None):
        folder = write_dataset(tmp_path / f"d{gas_eur}", two_plant_tables(gas_eur),
                               hourly_profiles(price_day=CHEAP_DEAR))
        sc = config.load_scenario(write_scenario(
            tmp_path, folder, years={"start": 2025, "end": 2027},
            solver={"mip_rel_gap": 0.0, "mip_abs_gap_meur": 0.01, "time_limit_s": 60}))
        m = build_model(data.load(sc))
        for key, value in (fix or {}).items():
            m.plants.build[key].fix(value)
        return m, solve(m, highs_options(sc.solver))

    m_a, res_a = solved(60.0)
    orders_a = {k: round(v.value) for k, v in m_a.plants.build.items()}
    m_b, res_b = solved(90.0)
    _, forced = solved(90.0, fix=orders_a)
    gap_b = res_b.objective - res_b.bound
    assert gap_b <= 0.01 + 1e-9
    assert forced.objective >= res_b.objective - gap_b - 1e-9
    orders_b = {k: round(v.value) for k, v in m_b.plants.build.items()}
    assert sum(orders_b.values()) >= 1  # case B electrifies something: a real decision


def test_results_carry_capture_rates_and_transmission(tiny):
    d, m, res = tiny(tables=wind_only())
    ds = results.to_dataset(m, d)
    assert float(ds["capture_rate"].sel(generator="wind", year=2025)) == pytest.approx(1.0)
    assert float(ds["transmission.transmission_mw"].sel(region="r1", year=2025)) == (
        pytest.approx(1000.0))
    by_gen = ds["grid.export_by_gen_mw"]
    assert float(by_gen.sum()) == pytest.approx(float(ds["grid.export_mw"].sum()))


def test_export_fee_makes_gross_import_and_export_unique(tiny):
    """Four turbines (1 MW average output each, constant wind), a flat 1 MW plant, capture
    rate 1: 3 MW are exported every hour. Without a fee, importing i MW more and exporting
    i MW more costs i x 100 - i x 100 = 0, so the imports (and their emissions) are not
    unique. With a fee of 0.5 EUR/MWh that costs 0.5 i, so i = 0: no import, no import
    emissions, export 3 MW. Objective: annuities 4 x 200,000 = 0.8 M EUR, revenue
    3 x 8,760 x 100 = 2.628 M EUR, fee 3 x 8,760 x 0.5 = 13,140 EUR:
    0.8 - 2.628 + 0.01314 = -1.81486 M EUR."""
    d, m, res = tiny(tables=wind_only(), market={"export_fee_eur_per_mwh": 0.5})
    assert pyo.value(m.permitting.units["wind", "r1", 2025]) == pytest.approx(4)
    assert res.objective == pytest.approx(0.8 - 2.628 + 0.01314, rel=1e-9)
    assert max(pyo.value(v) for v in m.grid.import_mw.values()) == pytest.approx(0, abs=1e-9)
    assert min(pyo.value(v) for v in m.grid.export_mw.values()) == pytest.approx(3, rel=1e-9)
    ds = results.to_dataset(m, d)
    fee = ds["cost_eur"].sel(category="export_fee", year=2025).item()
    assert fee == pytest.approx(13_140, rel=1e-9)
    assert float(ds["emissions_t"].sum()) == pytest.approx(0, abs=1e-6)


def test_export_fee_curtails_at_a_zero_price(tiny):
    """As above, but the price factor is 0 in hour 0 and 24/23 in the other 23 hours (mean 1):
    in hour 0 an export would earn 0 and pay the 0.5 EUR/MWh fee, so the surplus of 3 MW is
    curtailed there. Revenue is unchanged (3 x 100 x 24/23 x 23 x 365 = 2.628 M EUR), the
    fee falls to 3 x 23 x 365 x 0.5 = 12,592.5 EUR:
    0.8 - 2.628 + 0.0125925 = -1.8154075 M EUR."""
    price_day = [0.0] + [24 / 23] * 23
    d, m, res = tiny(tables=wind_only(), profiles=hourly_profiles(price_day=price_day),
                     market={"export_fee_eur_per_mwh": 0.5})
    assert res.objective == pytest.approx(0.8 - 2.628 + 0.0125925, rel=1e-9)
    exports = {t: pyo.value(v) for (r, o, dd, t), v in m.grid.export_mw.items()}
    assert exports[0] == pytest.approx(0, abs=1e-9)
    assert all(x == pytest.approx(3, rel=1e-9) for t, x in exports.items() if t != 0)
