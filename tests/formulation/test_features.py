"""Hand-solved tests of the features that had none: exchange modes, the CO2 budget,
``years.operation_step > 1``, start-up cost, and one order per option (the thermal store's
are in test_economics.py: it charges only from a heater).

Tiny data set (tests/tiny.py): every day identical, one representative day, wholesale
100 EUR/MWh (times the hourly price factor), capex 1,000 EUR/kW over 10 years at 0 %
(100,000 EUR/MW/yr), efficiency 1, no lead time, gas 30 EUR/MWh_th at 0.198 t/MWh, no CO2
price. Every expected number is derived in the test's docstring.
"""

from __future__ import annotations

import pandas as pd
import pyomo.environ as pyo
import pytest
from cases import wind_capture_half
from tiny import PROV, default_tables, heat_plant, hourly_profiles, land, only, plant_row

from model.outputs import results

pytestmark = pytest.mark.formulation

GAS_T = 8760 * 0.198  # t CO2 of one year of 1 MW gas heat


def _two_regions():
    """r1: 2 MW of existing wind at cf 0.5 (1 MW average), no plant; r2: a flat 1 MW plant.
    Nothing can be built (land 0); import costs 100, wind exports earn 50 (capture rate 0.5);
    the 100 EUR/MWh mark-up on the plant's fixed demand is a constant, not optimised."""
    t = default_tables(regions=("r1", "r2"))
    for r in ("r1", "r2"):
        only(t, [], region=r)
    t["existing_capacity"] = pd.DataFrame([{"region": "r1", "technology": "wind",
                                            "vintage_year": 2020, "capacity_mw": 2.0,
                                            "lifetime_yr": 30, **PROV}])
    t["plants"] = pd.DataFrame([plant_row(region="r2")])
    t["prices"]["grid_markup_eur_per_mwh"] = 100.0
    t["capture_rates"].loc[t["capture_rates"]["technology"] == "wind", "capture_rate"] = 0.5
    return t


@pytest.mark.covers("grid.balance")
@pytest.mark.parametrize(("mode", "expected_meur", "import_mwh"), [
    ("none", 0.876 - 0.438, 8760.0),
    ("limited", 0.438 - 0.219, 4380.0),
    ("copper_plate", 0.0, 0.0),
])
def test_exchange_modes(tiny, mode, expected_meur, import_mwh):
    """none: r1 exports its 1 MW (8,760 MWh x 50 = 0.438 M EUR), r2 imports 1 MW at 100
    (0.876 M EUR). limited (0.5 MW per link): 0.5 MW flows r1 -> r2, the rest is exported
    and imported: 0.438 - 0.219 M EUR. copper_plate: the regions balance together, the
    wind covers the plant: 0 EUR, no import (and no import emissions)."""
    d, m, res = tiny(tables=_two_regions(), profiles=hourly_profiles(regions=("r1", "r2")),
                     regions=["r1", "r2"], exchange={"mode": mode, "limit_mw": 0.5})
    assert res.objective == pytest.approx(expected_meur, abs=1e-9)
    ds = results.to_dataset(m, d)
    assert float(ds["import_mwh"].sum()) == pytest.approx(import_mwh, abs=1e-6)
    assert float(ds["emissions_t"].sum()) == pytest.approx(0.5 * import_mwh, abs=1e-6)
    if mode == "limited":
        flows = [pyo.value(m.grid.flow_mw["r1", "r2", 2025, 0, s]) for s in range(24)]
        assert flows == pytest.approx([0.5] * 24)
    assert len(m.grid.balance) == 24 * (1 if mode == "copper_plate" else 2)


def _budget_tables():
    t = only(default_tables(), ["electric_boiler"])
    t["grid_emission_factor"]["t_co2_per_mwh"] = 0.0
    t["plants"] = pd.DataFrame([heat_plant(options="electric_boiler")])
    return t


@pytest.mark.covers("emissions.co2_budget")
@pytest.mark.parametrize(("policy", "expected_meur", "emitted_t"), [
    ({}, 2 * 8760 * 30 / 1e6, 2 * GAS_T),
    ({"co2_budget_t": GAS_T}, (8760 * 30 + 8760 * 100 + 100_000) / 1e6, GAS_T),
    ({"co2_budget_t": GAS_T, "allow_slack": True, "slack_penalty_eur_per_t": 10.0},
     (2 * 8760 * 30 + GAS_T * 10) / 1e6, 2 * GAS_T),
])
def test_co2_budget(tiny, policy, expected_meur, emitted_t):
    """1 MW heat in 2025-2026; grid factor 0. Without a budget: gas both years, 0.5256 M EUR.
    A budget of one year of gas (1,734.48 t): gas for 8,760 MWh (0.2628 M EUR), the other
    8,760 MWh electric (0.876 M EUR) with 1 MW-year of boiler (0.1 M EUR): 1.2388 M EUR.
    With the slack priced at 10 EUR/t, exceeding is cheaper: 0.5256 + 0.0173448 M EUR."""
    d, m, res = tiny(tables=_budget_tables(), years={"start": 2025, "end": 2026}, policy=policy)
    assert res.objective == pytest.approx(expected_meur, rel=1e-9)
    ds = results.to_dataset(m, d)
    assert float(ds["emissions_t"].sum()) == pytest.approx(emitted_t, rel=1e-9)
    if policy.get("allow_slack"):
        assert pyo.value(m.emissions.budget_slack_t) == pytest.approx(GAS_T, rel=1e-9)


@pytest.mark.covers("plants.daily_production")
@pytest.mark.parametrize(("step", "expected_eur"), [
    (1, 8760 * (1.0 * 100 + 1.1 * 200 + 1.21 * 300)),
    (2, 8760 * (1.0 * 100 + 1.105 * 200 + 1.21 * 300)),
])
def test_operation_step_interpolates_between_operating_years(tiny, step, expected_eur):
    """Plant of 1 MW in 2025 growing 10 %/yr (1.1 MW, 1.21 MW); wholesale 100, 200, 300
    EUR/MWh in 2025-2027 (anchors 2025 and 2027). With ``operation_step: 2`` only 2025 and
    2027 have dispatch: 2026 books half of each, 0.5 x 1 + 0.5 x 1.21 = 1.105 MW, at the 2026
    price, and its import emissions are 0.5 t/MWh x 8,760 h x 1.105 MW = 4,839.9 t."""
    t = only(default_tables(), [])
    t["plants"] = pd.DataFrame([plant_row()])
    later = t["prices"].copy()
    later["year"], later["elec_wholesale_eur_per_mwh"] = 2027, 300.0
    t["prices"] = pd.concat([t["prices"], later], ignore_index=True)
    d, m, res = tiny(tables=t, years={"start": 2025, "end": 2027, "operation_step": step},
                     plants={"growth_pct_per_year": 10.0})
    assert list(m.op_year) == ([2025, 2026, 2027] if step == 1 else [2025, 2027])
    assert res.objective == pytest.approx(expected_eur / 1e6, rel=1e-9)
    ds = results.to_dataset(m, d)
    grid_t = ds["emissions_t"].sel(source="grid_import", year=2026)
    assert float(grid_t) == pytest.approx(0.5 * 8760 * (1.105 if step == 2 else 1.1), rel=1e-9)
    energy = ds["import_mwh"].sum("region").sel(year=2026)  # outputs interpolate alike
    assert float(energy) == pytest.approx(8760 * (1.105 if step == 2 else 1.1), rel=1e-9)


def test_operation_weights_interpolate_and_keep_the_last_year():
    """2025-2030 with step 2: operating years 2025, 2027, 2029 and the last year 2030;
    2026 = 1/2 2025 + 1/2 2027; the operating years stand for themselves."""
    from model.formulation.blocks.common import op_capacity_weights
    from model.inputs.data import operation_weights

    years = list(range(2025, 2031))
    w = operation_weights(years, [2025, 2027, 2029, 2030])
    assert w[2026] == {2025: 0.5, 2027: 0.5}
    assert w[2028] == {2027: 0.5, 2029: 0.5}
    assert w[2030] == {2030: 1.0} and w[2025] == {2025: 1.0}
    assert operation_weights(years, [2027]) == {y: {2027: 1.0} for y in years}
    data = type("D", (), {"op_years": [2025, 2027, 2029, 2030], "op_weights": w})()
    lam = op_capacity_weights(data)
    assert lam[2027] == pytest.approx({2026: 0.25, 2027: 0.5, 2028: 0.25})
    assert lam[2025] == pytest.approx({2025: 2 / 3, 2026: 1 / 3})
    one = type("D", (), {"op_years": [2027], "op_weights": operation_weights(years, [2027])})()
    assert op_capacity_weights(one) == {2027: {2027: 1.0}}  # the validation's single year


@pytest.mark.covers("permitting.capacity_definition")
@pytest.mark.parametrize(("step", "online_year", "imports_mwh"), [
    (1, 2027, [8760, 8760, 0, 0, 0]),
    (1, 2028, [8760, 8760, 8760, 0, 0]),
    (2, 2027, [8760, 5475, 2190, 1095, 0]),
    (2, 2028, [8760, 7665, 6570, 3285, 0]),
])
def test_operation_step_books_a_delayed_project_in_its_true_years(tiny, step, online_year,
                                                                 imports_mwh):
    """A 1 MW flat plant; 2 MW of permitted wind at cf 0.5 (1 MW) online from January of
    ``online_year``; nothing else can be built; years 2025-2029; wind exports would earn
    half the import price (so the gross import is unique).

    Every year (step 1): the wind replaces all imports from its first year, so the delay from
    2027 to 2028 costs exactly one year of imports, 8,760 MWh.

    Step 2 (operating years 2025, 2027, 2029): 2026 books 1/2 2025 + 1/2 2027, 2028 books
    1/2 2027 + 1/2 2029. Operating year 2027 stands for 1/2 2026 + 2027 + 1/2 2028, so it
    dispatches the mean capacity 0.25 CAP_2026 + 0.5 CAP_2027 + 0.25 CAP_2028; 2029 stands
    for 1/2 2028 + 2029: (0.5 CAP_2028 + CAP_2029) / 1.5.

    * online 2027: 2027 sees 1.5 MW (0.75 MW of wind, 0.25 MW imported = 2,190 MWh), 2029
      sees 2 MW (no imports); 2026 = (8,760 + 2,190) / 2 = 5,475, 2028 = 2,190 / 2 = 1,095;
      sum 17,520 MWh = two years of imports, as with step 1.
    * online 2028: 2027 sees 0.5 MW (0.75 MW imported = 6,570 MWh), 2029 sees 2 MW;
      2026 = (8,760 + 6,570) / 2 = 7,665, 2028 = 3,285; sum 26,280 MWh = three years.

    The one-year delay costs 26,280 - 17,520 = 8,760 MWh at step 2 as at step 1; reusing the
    preceding operating year instead would have booked nothing of the 2028 wind in 2028 and
    charged the delay two years (35,040 - 17,520 MWh).
    """
    t = land(only(default_tables(), []), [])
    wind_capture_half(t)
    t["plants"] = pd.DataFrame([plant_row()])
    t["pipeline"] = pd.DataFrame([{"region": "r1", "technology": "wind", "stage": "permitted",
                                   "online_year": online_year, "online_month": 1,
                                   "capacity_mw": 2.0, **PROV}])
    d, m, res = tiny(tables=t, years={"start": 2025, "end": 2029, "operation_step": step})
    ds = results.to_dataset(m, d)
    grid_t = ds["emissions_t"].sel(source="grid_import").to_numpy()
    assert grid_t == pytest.approx([0.5 * v for v in imports_mwh], abs=1e-6)
    cost = ds["cost_eur"].sel(category="grid_import").to_numpy()
    assert cost == pytest.approx([100.0 * v for v in imports_mwh], abs=1e-4)
    energy = ds["import_mwh"].sum("region").to_numpy()
    assert energy == pytest.approx(imports_mwh, abs=1e-6)
    # all the wind is used (1 MW at most against 1 MW of load): none curtailed in any year,
    # also between operating years (availability from the same mean capacity as the dispatch)
    curtailed = ds["curtailment_mwh"].sel(generator="wind").sum("region").to_numpy()
    assert curtailed == pytest.approx([0.0] * 5, abs=1e-6)
    assert sum(imports_mwh) == 8760 * (online_year - 2025)


@pytest.mark.covers("plants.startups", "plants.load_min", "plants.load_max",
                    "plants.shift_definition")
@pytest.mark.parametrize("startup_eur_per_mw", [0.0, 100.0])
def test_startup_cost(tiny, startup_eur_per_mw):
    """1 MW average plant running 16 h/day at its running load 1.5 MW (minimum load share 1:
    on means at least 1.5 MW; flexible share 1, so the base floor is 0 and it may stop);
    price 200 EUR/MWh in hours 0-5, 100 otherwise.

    It runs 16 cheap hours in one block: energy 24 MWh x 100 x 365 = 876,000 EUR; load
    above its 1 MW average: 0.5 MW x 16 h x 365 = 2,920 MWh at 1 EUR/MWh; one start a day
    of 1.5 MW at ``startup_eur_per_mw``: 1.5 x 365 x 100 = 54,750 EUR with 100 EUR/MW.
    """
    t = only(default_tables(), [])
    t["plants"] = pd.DataFrame([plant_row(flexible_share=1.0, min_load_share=1.0,
                                          operating_hours_per_day=16.0)])
    price = [2.0] * 6 + [1.0] * 18
    d, m, res = tiny(tables=t, profiles=hourly_profiles(price_day=price),
                     plants={"unit_commitment": True, "startup_cost_eur_per_mw":
                             startup_eur_per_mw})
    startup = 1.5 * 365 * startup_eur_per_mw
    assert res.objective == pytest.approx((876_000 + 2_920 + startup) / 1e6, rel=1e-9)
    load = [pyo.value(m.plants.load_mw["p1", 2025, 0, s]) for s in range(24)]
    assert sorted(load) == pytest.approx([0.0] * 8 + [1.5] * 16)
    assert sum(load[:6]) == pytest.approx(0.0)
    if startup_eur_per_mw > 0:  # exactly one start: the 16 running hours are contiguous
        starts = [pyo.value(m.plants.startup["p1", 2025, 0, s]) for s in range(24)]
        assert sum(starts) == pytest.approx(1.0)
        ds = results.to_dataset(m, d)
        assert float(ds["cost_eur"].sel(category="startup", year=2025)) == pytest.approx(
            startup)


@pytest.mark.covers("plants.build_once", "plants.size_link", "plants.installed_definition",
                    "plants.converter_limit", "emissions.co2_cap")
def test_one_order_per_option_sized_for_the_last_year(tiny):
    """1 MW heat in 2025 growing 10 % (1.1 MW in 2026), CO2 cap 0 both years (grid factor 0):
    all heat electric. Two orders (1 MW in 2025, 0.1 MW in 2026) would cost 0.21 M EUR of
    annuities; one order is allowed, so 1.1 MW in 2025: 2 x 0.11 = 0.22 M EUR. Electricity
    8,760 + 9,636 MWh at 100 EUR: 1.8396 M EUR. Objective 2.0596 M EUR."""
    t = _budget_tables()
    d, m, res = tiny(tables=t, years={"start": 2025, "end": 2026},
                     plants={"growth_pct_per_year": 10.0},
                     policy={"co2_cap_t": {2025: 0.0, 2026: 0.0}})
    assert res.objective == pytest.approx(0.22 + 0.876 + 0.9636, rel=1e-9)
    sizes = {s: pyo.value(m.plants.size["p1", "electric_boiler", s]) for s in (2025, 2026)}
    assert sizes == pytest.approx({2025: 1.1, 2026: 0.0})
    assert pyo.value(m.plants.installed["p1", "electric_boiler", 2026]) == pytest.approx(1.1)
