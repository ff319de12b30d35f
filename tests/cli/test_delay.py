"""``delay``: the delay curve on the tiny wind case, solved by hand; bad input.

Tiny wind case (tests/cases.py): one region, 2025-2031, discount rate 0, 8 MW of wind land
(4 turbines of 2 MW at capacity factor 0.5, so 4 MW average), a flat 1 MW plant, wholesale
100 EUR/MWh, grid 0.5 t CO2/MWh, wind capex 1,000 EUR/kW over 10 years (0.8 M EUR a year for
8 MW), wind capture rate 0.5 (exports earn 50 EUR/MWh; ``cases.wind_capture_half``). Wind
started in 2025 with 0 approval months is online from 2025; 12 more months move it to 2026.
The year without wind: no export of 3 MW x 8,760 h x 50 EUR = 1.314 M EUR, an import of
8,760 MWh x 100 EUR = 0.876 M EUR, no capex annuity (-0.8 M EUR), so

    one year of delay = 1.314 + 0.876 - 0.8 = 1.390 M EUR of NPV and 8,760 x 0.5 = 4.38 kt CO2.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cases import wind_capture_half, wind_case
from tiny import (
    default_tables,
    hourly_profiles,
    land,
    only,
    plant_row,
    write_dataset,
    write_scenario,
)

from model.analysis.delay import DELAY_CSV, delay_curve

pytestmark = pytest.mark.cli

LEVER = "permitting.wind.approval_months"


def test_twelve_months_cost_one_year_of_wind_by_hand(tmp_path: Path) -> None:
    scenario = wind_case(tmp_path, edit=wind_capture_half)
    curve = delay_curve(scenario, LEVER, "0,12,24", tmp_path / "out", engine="local")
    t = curve.table.set_index("value")
    assert list(t.index) == [0.0, 12.0, 24.0]
    assert t.loc[0.0, "is_base"]  # the tiny data set's approval is 0 months
    assert t["delta_npv_meur"].to_list() == pytest.approx([0.0, 1.390, 2.780], abs=1e-6)
    assert t["delta_cumulative_emissions_kt"].to_list() == pytest.approx([0, 4.38, 8.76])
    assert t["first_year_potential_wind"].to_list() == [2025, 2026, 2027]
    assert t["npv_meur_per_year_of_delay_neighbour"].iloc[1:].to_list() == pytest.approx(
        [1.390, 1.390], abs=1e-6)
    assert t["npv_meur_per_year_of_delay_range"].iloc[0] == pytest.approx(1.390, abs=1e-6)
    assert t["emissions_kt_per_year_of_delay_range"].iloc[0] == pytest.approx(4.38)
    assert curve.basis == "planning"  # validate_hourly: off in the tiny cases
    written = pd.read_csv(curve.files[0])
    assert curve.files[0].name == DELAY_CSV and len(written) == 3
    assert curve.files[1].read_text().lstrip().startswith("<")
    brief = curve.files[2].read_text()  # the members' comparison brief with the delay curve
    assert curve.files[2].name == "comparison.html" and 'id="slot-delay_curve"' in brief
    assert "1.4 M EUR of NPV per year of delay" in brief


@pytest.mark.parametrize("seed", [1, 2])
def test_delay_curve_is_monotone_in_approval_months(tmp_path: Path, seed: int) -> None:
    """Metamorphic: on random tiny systems, longer approval never lowers the NPV or CO2."""
    rng = np.random.default_rng(seed)
    tables = only(land(default_tables(), [("wind", 2025, float(rng.integers(2, 6) * 2))]),
                  ["wind"])
    tables["plants"] = pd.DataFrame([plant_row(throughput_t_per_yr=float(rng.uniform(4e3,
                                                                                     2e4)))])
    tables["prices"]["elec_wholesale_eur_per_mwh"] = float(rng.uniform(40, 150))
    dataset = write_dataset(tmp_path / "data", tables,
                            hourly_profiles(wind=float(rng.uniform(0.2, 0.6))))
    scenario = write_scenario(tmp_path, dataset, years={"start": 2025, "end": 2029},
                              output={"brief": False})
    t = delay_curve(scenario, LEVER, "0,12,24", tmp_path / "out", engine="local").table
    assert (t["delta_npv_meur"].diff().iloc[1:] >= -1e-6).all(), t["delta_npv_meur"]
    assert (t["delta_cumulative_emissions_kt"].diff().iloc[1:] >= -1e-9).all()


def test_cli_and_api_give_identical_numbers(tmp_path: Path, cli) -> None:
    scenario = wind_case(tmp_path)
    api = delay_curve(scenario, LEVER, "0,12", tmp_path / "out", engine="local")
    res = cli("delay", scenario, "--lever", LEVER, "--values", "0,12", "--out",
              tmp_path / "out", "--lang", "de")
    assert res.exit_code == 0, res.output
    german = (api.files[0].parent / "comparison.de.html").read_text()
    assert "Tsd. t CO₂ je Jahr Verzögerung" in german
    from_cli = pd.read_csv(api.files[0])
    cols = ["value", "npv_meur", "delta_npv_meur", "cumulative_emissions_kt"]
    pd.testing.assert_frame_equal(from_cli[cols], api.table[cols].reset_index(drop=True))
    assert "2.7" in res.text and "M EUR of NPV" in res.text  # the unit, written out


@pytest.mark.parametrize(("args", "message"), [
    (["--lever", "permitting.wind.aproval_months"], "did you mean permitting.wind.approval"),
    (["--lever", "prices.case"], "not a numeric scenario key"),
    (["--values", "0,twelve"], "'twelve' is not a number"),
    (["--lever", "permitting.wind.attrition_share", "--values", "0.1,1.5"], "--values 1.5"),
    (["--lever", "finance.discount_rate", "--values", "-0.1,0.05"], "--values -0.1"),
    (["--lang", "fr"], "brief language 'fr' is not supported"),
])
def test_bad_input_exit_2_nothing_written(tmp_path: Path, cli, args, message) -> None:
    scenario = wind_case(tmp_path)
    out = tmp_path / "out"
    res = cli("delay", scenario, *args, "--out", out)
    assert res.exit_code == 2, res.output
    assert message in res.text
    assert not out.exists()


def test_identity_hashes_the_files_the_loader_hashes() -> None:
    """A run is found again only if its manifest's input hashes (the loader's) are the ones
    the identity computes from disk: on the shipped data set too (must_run.csv)."""
    from model.inputs import config, data
    from model.outputs.identity import input_sha256

    sc = config.load_scenario(Path(__file__).resolve().parents[2] / "scenarios"
                              / "reference.yaml", ["years.end=2026"])
    assert input_sha256(sc.data) == data.load(sc).sha256


def test_members_name_their_scenario_file_absolutely(tmp_path: Path, monkeypatch) -> None:
    """``delay scenarios/reference.yaml`` gives a relative path; the sweep engine runs each
    job from the sweep's own folder, where that path named no file (every member then ended
    'scenario file not found'). A member carries the absolute path of its file."""
    from model.analysis.members import member

    scenario = wind_case(tmp_path)
    monkeypatch.chdir(scenario.parent)
    spec = member(Path(scenario.name), [f"{LEVER}=12"])
    assert spec.path.is_absolute() and spec.path == scenario.resolve()
