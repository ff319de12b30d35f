"""``sensitivity`` on the tiny wind case (tests/cli/test_delay.py has the hand solution).

Wind capture rate 0.5 (``cases.wind_capture_half``): at the base values a year of wind delay
(12 more approval months) costs 1.390 M EUR of NPV; every year with wind nets
0.8 - 1.314 = -0.514 M EUR (capex minus exports at 50 EUR/MWh).
Both test ranges have their low end at the base value (that member is the base run, reused).
A discount rate of 5 % shrinks every later year's net export revenue, so the NPV rises;
plant growth of 10 %/yr uses more of the wind, so less is exported and the NPV rises. The
delayed year is 2025, the base year with discount factor 1 and no growth yet, so the cost
of one year of wind delay stays 1.390 M EUR at every end.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from cases import wind_capture_half, wind_case

from model.analysis.sensitivity import RANGES_FILE, sensitivity

pytestmark = pytest.mark.cli

RANGES = """input,scenario_key,low,high,unit,value_type,source_id,note
discount_rate,finance.discount_rate,0.0,0.05,1,A,test,"test range"
plant_growth,plants.growth_pct_per_year,0.0,10.0,%/yr,A,test,"test range"
"""


def _case(root: Path, ranges: str | None = RANGES) -> Path:
    scenario = wind_case(root, edit=wind_capture_half)
    if ranges is not None:
        (root / "data" / RANGES_FILE).write_text(ranges)
    return scenario


def test_sensitivity_by_hand_and_cli(tmp_path: Path, cli) -> None:
    scenario = _case(tmp_path)
    res = sensitivity(scenario, out=tmp_path / "out", engine="local")
    t = res.table.set_index("input")
    assert t["wind_delay_meur_per_year_base"].to_list() == pytest.approx([1.390, 1.390],
                                                                         abs=1e-6)
    # the low ends equal the base values: no change, the same cost of delay
    assert t.loc["discount_rate", "delta_npv_meur_low"] == pytest.approx(0.0, abs=1e-9)
    assert t.loc["discount_rate", "wind_delay_meur_per_year_low"] == pytest.approx(1.390)
    # discounting at 5 % shrinks the net revenue of 2026-2031 (7 x -0.514 = -3.598 M EUR at
    # 0 %): +0.514 x (6 - sum of 1.05^-k, k = 1..6) = +0.475 M EUR; the delayed year is 2025,
    # the base year (factor 1): the cost of delay stays
    assert t.loc["discount_rate", "delta_npv_meur_high"] == pytest.approx(
        0.514 * (6 - sum(1.05 ** -k for k in range(1, 7))), abs=1e-3)
    assert t.loc["discount_rate", "wind_delay_meur_per_year_high"] == pytest.approx(1.390)
    # growth compounds from 2025: the delayed year 2025 is unchanged, later years export
    # less (1.77 MW of plant by 2031 < 4 MW of wind: still no import, no emissions)
    assert t.loc["plant_growth", "wind_delay_meur_per_year_high"] == pytest.approx(1.390)
    assert t.loc["plant_growth", "delta_emissions_kt_high"] == pytest.approx(0.0, abs=1e-9)
    assert t.loc["plant_growth", "delta_npv_meur_high"] > 0
    cli_res = cli("sensitivity", scenario, "--out", tmp_path / "out")
    assert cli_res.exit_code == 0, cli_res.output
    written = pd.read_csv(res.files[0])
    pd.testing.assert_series_equal(written["delta_npv_meur_high"],
                                   res.table["delta_npv_meur_high"])
    assert res.files[1].name == "tornado.svg"
    brief = res.files[2].read_text()  # base vs one year of wind delay, with the tornado
    assert res.files[2].name == "comparison.html" and 'id="slot-tornado"' in brief
    assert "1.4 M EUR of NPV per year of wind delay" in brief


@pytest.mark.parametrize(("ranges", "args", "message"), [
    (RANGES, ["--inputs", "capex_wind"], "no sensitivity range for capex_wind"),
    (None, [], "no sensitivity ranges in this data set"),
    (RANGES.replace("0.0,0.05", ",0.05"), [], "row 2, column low: empty"),
    (RANGES.replace("0.0,0.05", "0.0,1.5"), [], "input discount_rate (high)"),
    # a factor range whose end the scenario key refuses (factors are in (0, 5])
    (RANGES + "capex_wind,factors.capex_wind,0,1.25,x data,A,test,t\n", [],
     "input capex_wind (low)"),
    # a factor asked for that the ranges file has no row for
    (RANGES + "capex_wind,factors.capex_wind,0.9,1.25,x data,A,test,t\n",
     ["--inputs", "capex_wind,plant_heat"], "no sensitivity range for plant_heat"),
])
def test_bad_input_exit_2_nothing_written(tmp_path: Path, cli, ranges, args, message) -> None:
    scenario = _case(tmp_path, ranges)
    out = tmp_path / "out"
    res = cli("sensitivity", scenario, *args, "--out", out)
    assert res.exit_code == 2, res.output
    assert message in res.text
    assert not out.exists()
