"""Terminal tables of delay, attribution and sensitivity fit 100 columns; numbers never truncate.

Each table is printed by rich at 100 columns (as the CLI does) with long names (a per-region
lever key, a long input name with its source) and large numbers (five digits before the
decimal point, signs). Every line must be at most 100 characters, no cell may be cut to an
ellipsis, and every formatted number must appear whole on one line.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest
from rich.console import Console

from model.analysis.tables import (
    WIDTH,
    attribution_table,
    comparison_tables,
    delay_table,
    num,
    sensitivity_table,
)

pytestmark = pytest.mark.unit
BIG = [-12345.678, 23456.789, -0.04, 98765.432]
#: the delay table has short names, so its numbers get two more digits to fill the width
HUGE = [-1234567.8, 2345678.9, -0.04, 9876543.2]


def _render(table) -> list[str]:
    console = Console(width=WIDTH, record=True, color_system=None, force_terminal=False)
    console.print(table, width=WIDTH)
    return console.export_text().splitlines()


def _check(lines: list[str], numbers: list[str]) -> None:
    too_long = [line for line in lines if len(line) > WIDTH]
    assert not too_long, too_long
    assert not any("…" in line for line in lines), "\n".join(lines)
    text = "\n".join(lines)
    missing = [n for n in numbers if n not in text]
    assert not missing, (missing, text)


def test_delay_table_fits_100_columns() -> None:
    n = len(HUGE)
    t = pd.DataFrame({
        "value": [0.0, 12.0, 24.0, 36.0], "is_base": [True, False, False, False],
        "npv_meur": [27448.123 + v for v in HUGE], "delta_npv_meur": HUGE,
        "cumulative_emissions_kt": [18401.5] * n, "delta_cumulative_emissions_kt": HUGE,
        "npv_meur_per_year_of_delay_neighbour": [float("nan"), *HUGE[1:]],
        "emissions_kt_per_year_of_delay_neighbour": [float("nan"), *HUGE[1:]],
        "npv_meur_per_year_of_delay_range": HUGE[0], "emissions_kt_per_year_of_delay_range": 1.0})
    curve = SimpleNamespace(table=t, x_unit="years of delay", basis="hourly",
                            lever="permitting.wind.regions.harz_st.pre_application_months")
    numbers = [num(v, sign=True) for v in HUGE] + [num(27448.123 + v) for v in HUGE]
    _check(_render(delay_table(curve)), numbers)


def test_attribution_table_fits_100_columns() -> None:
    rows = [{"case": "slow_with_a_very_long_scenario_name__set-0123abcd", "group": g,
             "delta_npv_meur": v, "delta_npv_meur_alone": v / 2, "interaction_npv_meur": v / 2,
             "delta_emissions_kt": -v, "delta_emissions_kt_alone": -v / 3}
            for g, v in zip(["wind_lead_time", "pv_lead_time", "approval_caps", "total"], BIG,
                            strict=True)]
    result = SimpleNamespace(table=pd.DataFrame(rows), basis="planning")
    numbers = [num(v, sign=True) for v in BIG] + [num(-v / 3, sign=True) for v in BIG]
    _check(_render(attribution_table(result)), numbers)


def test_sensitivity_table_fits_100_columns() -> None:
    rows = [{"input": f"capture_rate_wind_{i}", "low": "0.70", "high": "1.15", "unit": "x data",
             "value_type": "A", "source_id": "eum_marktwerte_2024_and_a_long_source_id",
             "delta_npv_meur_low": v, "delta_npv_meur_high": -v, "delta_emissions_kt_low": v,
             "delta_emissions_kt_high": -v, "wind_delay_meur_per_year_low": abs(v),
             "wind_delay_meur_per_year_high": abs(v) * 2,
             "wind_delay_meur_per_year_base": 123.456} for i, v in enumerate(BIG)]
    result = SimpleNamespace(table=pd.DataFrame(rows), basis="hourly")
    numbers = [num(v, sign=True) for v in BIG] + [num(abs(v) * 2) for v in BIG]
    lines = _render(sensitivity_table(result))
    _check(lines, numbers)
    assert "EUR/yr" not in "\n".join(lines)  # the unit is written out (M EUR of NPV)


def test_comparison_tables_fit_100_columns() -> None:
    n = len(BIG)
    summary = pd.DataFrame({
        "scenario": ["reference", "slow_with_a_very_long_scenario_name__set-0123abcd",
                     "fast", "slow"],
        "is_baseline": [True, False, False, False], "gap_limited": [False, True, False, False],
        "outcome": ["optimal", "feasible_at_limit", "optimal", "optimal"],
        "permitting_case": ["reference", "slow", "fast", "slow"],
        "wind_lead_time_months": [92.0, 104.0, 77.0, 104.0], "delay_basis": "lead_time",
        "basis": "hourly", "delay_years": [0.0, 1.0, -1.25, 1.0],
        "npv_meur": [27448.123 + v for v in BIG], "delta_npv_meur": BIG,
        "cumulative_emissions_t": [18_401_500.0] * n,
        "delta_emissions_t": [v * 1e3 for v in BIG],
        "cost_of_delay_eur_per_year": [float("nan"), *(v * 1e6 for v in BIG[1:])],
        "emissions_of_delay_t_per_year": [float("nan"), *(v * 1e3 for v in BIG[1:])],
        **{f"first_year_reaching_potential_{k}": pd.array([2031, None, 2040, 2045],
                                                           dtype="Int64")
           for k in ("wind", "pv_ground", "pv_rooftop")}})
    comp = SimpleNamespace(summary=summary, baseline="reference", target_label="potential")
    lines = [line for t in comparison_tables(comp) for line in _render(t)]
    numbers = [num(v, sign=True) for v in BIG] + [num(27448.123 + v) for v in BIG] + ["2031"]
    _check(lines, numbers)
    assert any("GAP-LIMITED" in line for line in lines)
