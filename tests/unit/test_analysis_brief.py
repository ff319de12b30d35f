"""The comparison brief renders delay.csv, attribution.csv and sensitivity.csv when present.

The tables are the analyses' own columns with hand-picked numbers (the tiny delay case of
tests/cli/test_delay.py: 1.390 M EUR of NPV and 4.38 kt CO2 per year of delay), so every
number in the brief can be checked against them: M EUR and kt CO2 with one decimal in the
language's format, the units written out, a figure per analysis, and no English in German.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from brief_run import comparison
from test_i18n import english_leftovers, visible_text

from model.outputs import analysis_brief
from model.outputs import comparison_brief as cb

pytestmark = pytest.mark.unit


def delay_table() -> pd.DataFrame:
    d = [0.0, 1.390, 2.780]
    co2 = [0.0, 4.38, 8.76]
    return pd.DataFrame({
        "lever": "permitting.wind.approval_months", "value": [0.0, 12.0, 24.0],
        "is_base": [True, False, False], "x": [0.0, 1.0, 2.0], "npv_meur": [10, 11.39, 12.78],
        "delta_npv_meur": d, "cumulative_emissions_kt": [5, 9.38, 13.76],
        "delta_cumulative_emissions_kt": co2,
        "npv_meur_per_year_of_delay_neighbour": [float("nan"), 1.390, 1.390],
        "npv_meur_per_year_of_delay_range": 1.390,
        "emissions_kt_per_year_of_delay_neighbour": [float("nan"), 4.38, 4.38],
        "emissions_kt_per_year_of_delay_range": 4.38, "basis": "planning"})


def attribution_table() -> pd.DataFrame:
    rows = [("lever_group", "wind_lead_time", 1.25, 1.0, 0.25, 3.5, 3.0),
            ("lever_group", "approval_caps", 0.5, 0.75, -0.25, 0.5, 1.0),
            ("total", "total", 1.75, 1.75, 0.0, 4.0, 4.0)]
    t = pd.DataFrame(rows, columns=["kind", "group", "delta_npv_meur", "delta_npv_meur_alone",
                                    "interaction_npv_meur", "delta_emissions_kt",
                                    "delta_emissions_kt_alone"])
    # wind lead time 0.5 years longer: its share 1.25 M EUR / 0.5 = 2.5 M EUR per year
    return t.assign(case="tiny_slow", interaction_emissions_kt=0.0, levers="", runs=4,
                    basis="planning", wind_delay_years=0.5,
                    npv_meur_per_year_of_wind_delay=[2.5, None, None],
                    emissions_kt_per_year_of_wind_delay=[7.0, None, None])


def sensitivity_table() -> pd.DataFrame:
    return pd.DataFrame({
        "input": ["gas_price", "capex_wind"], "scenario_key": ["factors.gas_price",
                                                               "factors.capex_wind"],
        "low": ["0.7", "0.9"], "high": ["1.4", "1.25"], "unit": "x data",
        "value_type": ["D", "D"], "source_id": ["gas_dayahead_2025", "ise_lcoe_2024"],
        "note": "", "delta_npv_meur_low": [-2.25, -0.5], "delta_npv_meur_high": [4.5, 1.25],
        "delta_emissions_kt_low": [1.0, 0.0], "delta_emissions_kt_high": [-2.0, 0.0],
        "wind_delay_meur_per_year_low": [1.2, 1.5], "wind_delay_meur_per_year_high": [1.7, 1.3],
        "wind_delay_meur_per_year_base": 1.390, "basis": "planning"})


@pytest.fixture
def comp(tiny_run, tmp_path):
    c = comparison(tiny_run, tmp_path / "results")
    c.delay_curve, c.waterfall, c.tornado = delay_table(), attribution_table(), sensitivity_table()
    return c


def test_absent_tables_leave_no_slot(tiny_run, tmp_path):
    html = cb.render_comparison(comparison(tiny_run, tmp_path / "results"), "en")
    assert "slot-" not in html and html.count("<svg") == 2


def test_english_tables_with_units_written_out(comp):
    html = cb.render_comparison(comp, "en")
    assert html.count("<svg") == 5  # two pathway figures + delay curve, waterfall, tornado
    for key in ("delay_curve", "waterfall", "tornado"):
        assert f'id="slot-{key}"' in html
    text = visible_text(html)
    assert ("Over the whole range, one year of delay costs 1.4 M EUR of NPV per year of delay "
            "and 4.4 kt CO₂ per year of delay.") in text
    assert "M EUR of NPV per year of delay, from the previous value" in text
    assert "EUR/yr" not in text
    assert "Wind: permitting duration (years; dotted: base value)" in text  # delay axis
    assert re.search(r"<td class=\"num\">\+2\.8</td><td class=\"num\">\+8\.8</td>", html)
    # waterfall: shares, alone, interaction; the total row; the lever groups named
    assert "Wind lead time" in text and "Approval capacity of the authorities" in text
    assert re.search(r">\+1\.2</td><td class=\"num\">\+1\.0</td><td class=\"num\">\+0\.2<",
                     html)
    assert ("tiny_slow: the wind lead time is 0.50 years longer; its share of the change, per "
            "year of that delay, is 2.5 M EUR of NPV per year of wind delay and 7.0 kt CO₂ per "
            "year of wind delay (the other settings' effects taken out). The largest share: "
            "Wind lead time, +1.2 M EUR.") in text
    # tornado: the input by name with its ends, tag and source; cost of wind delay per end
    assert "Gas price (0.70 / 1.40 × the data value)" in text
    assert "D, gas_dayahead_2025" in text
    assert "one year of wind delay (12 more approval months in every region) costs 1.4 M EUR " \
           "of NPV per year of wind delay" in text


def test_german_tables_fully_german(comp):
    html = cb.render_comparison(comp, "de")
    text = visible_text(html)
    assert ("Über den ganzen Bereich kostet ein Jahr Verzögerung 1,4 Mio. EUR Kapitalwert je "
            "Jahr Verzögerung und 4,4 Tsd. t CO₂ je Jahr Verzögerung.") in text
    assert "Gaspreis (0,70 / 1,40 × Datenwert)" in text and "Vorlaufzeit Wind" in text
    assert re.search(r">\+2,8</td>", html)
    assert english_leftovers(text) == []


def test_lever_names() -> None:
    assert analysis_brief.lever_name("permitting.wind.regions.harz_st.approval_months",
                                     "de") == "Windenergie, Sachsen-Anhalt: Genehmigungsdauer"
    assert analysis_brief.lever_name("factors.co2_price", "en") == "CO₂ price"
    assert analysis_brief.lever_name("finance.discount_rate", "en") == "finance.discount_rate"
