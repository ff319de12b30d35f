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
from tiny import PROV, default_tables, heat_plant, hourly_profiles, only, plant_row

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
    (2, 8760 * (1.0 * 100 + 1.0 * 200 + 1.21 * 300)),
])
def test_operation_step_reuses_the_dispatch_of_the_preceding_year(tiny, step, expected_eur):
    """Plant of 1 MW in 2025 growing 10 %/yr (1.1 MW, 1.21 MW); wholesale 100, 200, 300
    EUR/MWh in 2025-2027 (anchors 2025 and 2027). With ``operation_step: 2`` only 2025 and
    2027 have dispatch: 2026 is costed with the 2025 dispatch (1 MW) at the 2026 price, and
    its import emissions are those of 2025: 8,760 x 0.5 = 4,380 t."""
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
    assert float(grid_t) == pytest.approx(0.5 * 8760 * (1.0 if step == 2 else 1.1), rel=1e-9)


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
