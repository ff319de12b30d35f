"""Market inputs: capture-rate curves, carbon pass-through consistency, bad market input.

Each bad input (capture rate outside (0, 1.5], transmission capacity below zero, a thermal
store without a heater, pass-through outside [0, 1]) must give one clear problem naming the
file, row and column (or the scenario key) before anything is built; from the command line
it exits 2 and publishes nothing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cases import published, wind_case
from tiny import default_tables, plant_row, write_dataset, write_scenario

from model.errors import InputError
from model.inputs import checks, config, tables
from model.inputs.market import GAS_CO2_T_PER_MWH, capture_curve

pytestmark = pytest.mark.unit
REPO = Path(__file__).resolve().parents[2]
HARZ = REPO / "inputs" / "harz"


def _problems(tmp_path: Path, edit, **sections) -> list[str]:
    t = default_tables()
    edit(t)
    folder = write_dataset(tmp_path / "data", t)
    scenario = config.load_scenario(write_scenario(tmp_path, folder, **sections))
    with pytest.raises(InputError) as info:
        checks.check_all(tables.read_tables(folder), scenario)
    return info.value.problems


def _set(table: str, row: int, **values):
    def edit(t):
        for col, v in values.items():
            t[table].loc[row, col] = v
    return edit


@pytest.mark.parametrize("value", [0.0, -0.2, 1.51])
def test_capture_rate_out_of_range(tmp_path: Path, value: float) -> None:
    problems = _problems(tmp_path, _set("capture_rates", 1, capture_rate=value))
    assert len(problems) == 1, problems
    assert "capture_rates.csv: row 3, column 'capture_rate'" in problems[0]
    assert "outside (0, 1.5]" in problems[0]


def test_capture_rate_at_upper_end_is_allowed(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "data", _edited(_set("capture_rates", 0,
                                                           capture_rate=1.5)))
    scenario = config.load_scenario(write_scenario(tmp_path, folder))
    checks.check_all(tables.read_tables(folder), scenario)  # no error


def _edited(edit) -> dict[str, pd.DataFrame]:
    t = default_tables()
    edit(t)
    return t


def test_transmission_capacity_below_zero(tmp_path: Path) -> None:
    problems = _problems(tmp_path, _set("transmission", 0, capacity_mw=-5.0))
    assert len(problems) == 1, problems
    assert "transmission.csv: row 2 (r1), column 'capacity_mw': -5 is out of range" in problems[0]


@pytest.mark.parametrize("value", [-0.1, 1.2])
def test_pass_through_outside_unit_interval(tmp_path: Path, value: float) -> None:
    problems = _problems(tmp_path, _set("market", 0, carbon_pass_through=value))
    assert len(problems) == 1, problems
    assert "market.csv: row 2, column 'carbon_pass_through'" in problems[0]
    assert "outside [0, 1]" in problems[0]


def test_thermal_store_without_heater_in_plants(tmp_path: Path) -> None:
    def edit(t):
        t["plants"] = pd.DataFrame([plant_row(heat_mwh_per_t=1.0, options="thermal_store")])
    problems = _problems(tmp_path, edit)
    assert len(problems) == 1, problems
    assert "plants.csv: row 2 (p1), column 'options': 'thermal_store' without a heater" in (
        problems[0])


def test_thermal_store_without_heater_in_scenario(tmp_path: Path) -> None:
    def edit(t):
        t["plants"] = pd.DataFrame([plant_row(heat_mwh_per_t=1.0,
                                              options="electric_boiler;thermal_store")])
    problems = _problems(tmp_path, edit, plants={"options": ["thermal_store"]})
    assert len(problems) == 1, problems
    assert "scenario key 'plants.options': allows 'thermal_store' but no heater" in problems[0]


def test_unknown_capture_case(tmp_path: Path) -> None:
    problems = _problems(tmp_path, lambda t: None, market={"capture_case": "steep"})
    assert len(problems) == 1 and "scenario key 'market.capture_case'" in problems[0], problems


def test_bad_capture_rate_exits_2_and_publishes_nothing(tmp_path: Path) -> None:
    def edit(t):
        t["capture_rates"].loc[0, "capture_rate"] = 2.0
    path = wind_case(tmp_path, edit)
    out = tmp_path / "results"
    proc = subprocess.run([sys.executable, "run.py", "run", str(path), "--out", str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stderr
    assert "capture_rates.csv: row 2, column 'capture_rate'" in proc.stderr + proc.stdout
    assert published(out) == []


def test_capture_curve_is_linear_in_the_share_and_flat_outside() -> None:
    rows = pd.DataFrame({"re_share": ["0.5", "1.0"], "capture_rate": [0.8, 0.6]})
    assert capture_curve(rows, 0.75) == pytest.approx(0.7)
    assert capture_curve(rows, 0.2) == pytest.approx(0.8)
    assert capture_curve(rows, 1.0) == pytest.approx(0.6)


def test_shipped_capture_rates_decline_with_the_re_share() -> None:
    curves = pd.read_csv(HARZ / "capture_rates.csv")
    for tech, rows in curves[curves["case"] == "declining"].groupby("technology"):
        rows = rows.sort_values("re_share")
        assert (np.diff(rows["capture_rate"]) < 0).all(), tech


def test_price_cases_follow_the_stated_carbon_pass_through() -> None:
    """low/high wholesale = reference + f (dGas / eta + 0.198 / eta x dEUA), within 0.1 EUR/MWh."""
    prices = pd.read_csv(HARZ / "prices.csv")
    market = pd.read_csv(HARZ / "market.csv")
    market = market[market["case"] == "reference"]
    ref = prices[prices["case"] == "reference"].set_index("year")
    for case in ("low", "high"):
        rows = prices[prices["case"] == case].set_index("year")
        for y, row in rows.iterrows():
            f = np.interp(y, market["year"], market["carbon_pass_through"])
            eta = np.interp(y, market["year"], market["marginal_plant_efficiency"])
            d_gas = row["gas_eur_per_mwh_th"] - ref.at[y, "gas_eur_per_mwh_th"]
            d_eua = row["eua_eur_per_t"] - ref.at[y, "eua_eur_per_t"]
            expected = ref.at[y, "elec_wholesale_eur_per_mwh"] + f * (
                d_gas / eta + GAS_CO2_T_PER_MWH / eta * d_eua)
            assert row["elec_wholesale_eur_per_mwh"] == pytest.approx(expected, abs=0.1), (case, y)


def test_thermal_store_without_power_limits(tmp_path: Path) -> None:
    def edit(t):
        options = t["electrification_options"] = t["electrification_options"].astype(object)
        options.loc[2, "discharge_rate_per_h"] = ""
    problems = _problems(tmp_path, edit)
    assert len(problems) == 1, problems
    assert ("electrification_options.csv: row 4 (thermal_store), column 'discharge_rate_per_h': "
            "empty") in problems[0]


def test_generator_without_capture_rows_is_named(tmp_path: Path) -> None:
    from model.inputs import data

    t = default_tables()
    t["capture_rates"] = t["capture_rates"][t["capture_rates"]["technology"] != "wind"]
    folder = write_dataset(tmp_path / "data", t)
    with pytest.raises(InputError) as info:
        data.load(config.load_scenario(write_scenario(tmp_path, folder)))
    assert "capture_rates.csv: case 'declining' has no row for 'wind'" in str(info.value)
