"""Hourly validation of a plan (model.solve.hourly): hand-checkable tiny cases.

The tiny data set (tests/tiny.py) has one region; profiles are built per test. Costs in EUR,
emissions in t CO2; the grid emission factor is 0.5 t/MWh and the wholesale price 100
EUR/MWh in every hour unless a test sets a price shape.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
from cases import wind_capture_half
from tiny import PROV, default_tables, hourly_profiles, plant_row

from model.errors import InputError, Outcome
from model.solve.highs import highs_options
from model.solve.hourly import interpolate_delta, validate_plan

pytestmark = pytest.mark.formulation

PV_DAY = np.array([0] * 6 + [0.2, 0.5, 0.8, 1.0, 1.0, 1.0, 1.0, 0.8, 0.5, 0.2] + [0] * 8)


def _tables(pv_mw_land: float = 20.0, battery: bool = True) -> dict[str, pd.DataFrame]:
    """A flat 1 MW plant, PV and a battery that may be built, no wind."""
    t = default_tables()
    rows = [("wind", 0.0), ("pv_ground", pv_mw_land),
            ("battery_power", 5.0 if battery else 0.0), ("battery_energy", 20.0 if battery
                                                          else 0.0)]
    t["land"] = pd.DataFrame([{"region": "r1", "technology": k, "year": 2025,
                               "potential_mw": v, **PROV} for k, v in rows])
    t["plants"] = pd.DataFrame([plant_row()])
    # PV exports earn half the import price: no import-export swap (gross flows unique)
    t["capture_rates"]["capture_rate"] = 0.5
    return t


def _varying_profiles() -> pd.DataFrame:
    """PV days of three kinds (bright, dull, dark) and an evening price peak."""
    p = hourly_profiles(pv_day=PV_DAY, price_day=np.r_[np.ones(17), 2.0 * np.ones(4), np.ones(3)])
    scale = np.tile(np.repeat([1.0, 0.4, 0.05], 24), 122)[:8760]
    p["r1__pv_ground_cf"] = p["r1__pv_ground_cf"] * scale
    p["r1__pv_rooftop_cf"] = p["r1__pv_rooftop_cf"] * scale
    return p


def _full_year(**extra):
    return {"time": {"representative_days": 365, "segments": None, "extreme_days": False},
            "output": {"validate_hourly": "all"}, **extra}


def test_plan_at_full_resolution_validates_to_its_own_figures(tiny):
    """Planned on all 365 days × 24 h, the hourly re-dispatch is the same LP: equal to 1e-6."""
    d, m, res = tiny(tables=_tables(), profiles=_varying_profiles(),
                     **_full_year())
    assert res.outcome == Outcome.OPTIMAL
    v = validate_plan(m, d, highs_options(d.scenario.solver))
    assert v.years == [2025] and v.ok
    np.testing.assert_allclose(v.cost_eur.sum(axis=1), v.plan_cost_eur.sum(axis=1), rtol=1e-6)
    np.testing.assert_allclose(v.emissions_t.to_numpy(), v.plan_emissions_t.to_numpy(),
                               rtol=1e-6, atol=1e-6)
    assert v.npv_meur(d.discount) == pytest.approx(res.objective, rel=1e-6)


def test_averaged_plan_costs_more_at_hourly_resolution(tiny):
    """Planned on one averaged day, PV looks steadier than it is: hourly costs are higher.

    The averaged day hides the dark days, so the validated year imports more (bought at
    100-200 EUR/MWh, while surplus on bright days earns only PV's market value, half of that;
    0.5 t/MWh): cost and emissions both rise, and the plan's figures are reported next to
    them, not replaced.
    """
    tables = _tables()
    tables["prices"]["grid_markup_eur_per_mwh"] = 50.0
    d, m, _ = tiny(tables=tables, profiles=_varying_profiles(),
                   output={"validate_hourly": "all"})
    v = validate_plan(m, d, highs_options(d.scenario.solver))
    assert v.ok
    assert v.cost_eur.loc[2025].sum() > v.plan_cost_eur.loc[2025].sum() + 1.0
    assert v.emissions_t.loc[2025].sum() > v.plan_emissions_t.loc[2025].sum() + 1.0


def test_yearly_cap_is_enforced_in_the_validation(tiny):
    """With a binding yearly cap the re-dispatch keeps to it or reports the excess exactly."""
    cap = 3000.0  # t; the flat plant alone on grid power would emit 4,380 t
    d, m, _ = tiny(tables=_tables(pv_mw_land=50.0), profiles=_varying_profiles(),
                   policy={"co2_cap_t": {2025: cap}}, output={"validate_hourly": "all"})
    v = validate_plan(m, d, highs_options(d.scenario.solver))
    total = float(v.emissions_t.loc[2025].sum())
    violation = float(v.cap_violation_t.get(2025, 0.0))
    assert total == pytest.approx(cap + violation, abs=1e-3) or total <= cap + 1e-3
    assert total - violation <= cap + 1e-3


def test_interpolation_between_validated_years_hand_solved():
    """Planning 100, 110, 120, 130 in 2025-2028; hourly 104 in 2025 and 136 in 2028.

    Differences +4 and +6, interpolated: 2026 +4.667, 2027 +5.333 -> 114.667 and 125.333.
    """
    plan = pd.DataFrame({"grid_import": [100.0, 110.0, 120.0, 130.0]},
                        index=[2025, 2026, 2027, 2028])
    out = interpolate_delta(plan, {2025: {"grid_import": 104.0}, 2028: {"grid_import": 136.0}})
    np.testing.assert_allclose(out["grid_import"], [104.0, 110 + 14 / 3, 120 + 16 / 3, 136.0])


def test_data_without_hourly_profiles_is_refused_before_solving(tiny):
    from model.solve.hourly import check_hourly_mapping

    d, _, _ = tiny(tables=_tables(), output={"validate_hourly": "all"})
    short = dataclasses.replace(d, hourly=d.hourly.iloc[:24])
    with pytest.raises(InputError, match="8,760-hour profiles"):
        check_hourly_mapping(short)


def test_operation_step_plan_validates_to_its_own_figures_in_every_year(tiny):
    """Operation step 2 on identical days (one representative day is exact): 2 MW of
    permitted wind at cf 0.5 online from 2028 beside a 1 MW plant, years 2025-2029.

    The operating years 2025, 2027, 2029 dispatch the plan's mean capacity of the years they
    stand for (0.5 MW of wind in 2027, tests/formulation/test_features.py); the validation
    keeps those weights, so every validated year equals its planning figures and so does
    every interpolated year: imports 8,760, 7,665, 6,570, 3,285, 0 MWh at 0.5 t/MWh.
    """
    t = default_tables()
    t["land"] = pd.DataFrame([{"region": "r1", "technology": k, "year": 2025,
                               "potential_mw": 0.0, **PROV}
                              for k in ("wind", "pv_ground", "battery_power", "battery_energy")])
    wind_capture_half(t)  # unique gross imports
    t["plants"] = pd.DataFrame([plant_row()])
    t["pipeline"] = pd.DataFrame([{"region": "r1", "technology": "wind", "stage": "permitted",
                                   "online_year": 2028, "online_month": 1, "capacity_mw": 2.0,
                                   **PROV}])
    d, m, _ = tiny(tables=t, years={"start": 2025, "end": 2029, "operation_step": 2},
                   output={"validate_hourly": "all"})
    v = validate_plan(m, d, highs_options(d.scenario.solver))
    assert v.years == [2025, 2027, 2029] and v.ok
    grid_t = v.emissions_t["grid_import"].to_numpy()
    np.testing.assert_allclose(grid_t, 0.5 * np.array([8760, 7665, 6570, 3285, 0]), atol=1e-6)
    np.testing.assert_allclose(v.plan_emissions_t["grid_import"].to_numpy(), grid_t, atol=1e-6)
    np.testing.assert_allclose(v.cost_eur.sum(axis=1), v.plan_cost_eur.sum(axis=1), rtol=1e-9)


def test_validation_books_the_dispatch_in_the_validated_year_alone(tiny, monkeypatch):
    """The validation model of year y books its 8,760-hour dispatch in y only
    (``only_year_weights``): the other years' costs and emissions carry no dispatch variable,
    and every validated figure equals that of the model that books the dispatch in every year
    (as a single operating year otherwise would), on a 1-day plan whose hourly figures differ
    from its planning ones in 2025-2027.
    """
    import functools

    from pyomo.core.expr.visitor import identify_variables

    from model.formulation.build import build_model
    from model.solve import hourly

    tables = _tables()
    tables["prices"]["grid_markup_eur_per_mwh"] = 50.0
    d, m, _ = tiny(tables=tables, profiles=_varying_profiles(),
                   years={"start": 2025, "end": 2027},
                   output={"validate_hourly": "all", "validation_workers": 1})  # in-process
    options = highs_options(d.scenario.solver)
    trimmed = validate_plan(m, d, options)
    time_full = hourly.full_year_time(d)
    m_val = build_model(hourly._validation_data(d, 2026, time_full))
    for (c, y), expr in m_val.costs.cost_eur.items():
        dispatch = [v for v in identify_variables(expr) if "snapshot" in
                    [s.local_name for s in v.parent_component().index_set().subsets()]]
        assert (y == 2026) or not dispatch, (c, y, [v.name for v in dispatch])
    monkeypatch.setattr(hourly, "_validation_data",
                        functools.partial(hourly._validation_data, only_year=False))
    every_year = validate_plan(m, d, options)
    assert trimmed.ok and every_year.ok and trimmed.years == [2025, 2026, 2027]
    assert trimmed.cost_eur.loc[2026].sum() > trimmed.plan_cost_eur.loc[2026].sum() + 1.0
    pd.testing.assert_frame_equal(trimmed.cost_eur, every_year.cost_eur, rtol=1e-9)
    pd.testing.assert_frame_equal(trimmed.emissions_t, every_year.emissions_t, rtol=1e-9)
    pd.testing.assert_series_equal(trimmed.unmet_energy_mwh, every_year.unmet_energy_mwh)
