"""Fault suite, part 2 (issue 17 classes 3, 4 and 7): implausible values, CSV reading and
coverage gaps, each through ``python run.py validate`` (in-process): exit 2, the message
names the file or key, the row as an editor counts it and the remedy, and a valid variant of
the same case passes (so no test here can pass by accident).
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from cases import wind_case, wind_tables
from tiny import PROV, hourly_profiles, write_dataset, write_scenario

from model.inputs import stamp
from model.inputs.tables import PROFILES_FILE
from model.solve import numerics

pytestmark = pytest.mark.cli


def _bad(cli, scenario: Path, *fragments: str, args: tuple[str, ...] = ()) -> str:
    res = cli("validate", scenario, *args)
    assert res.exit_code == 2, res.output
    for fragment in fragments:
        assert fragment in res.text, f"{fragment!r} not in {res.text}"
    return res.text


def _ok(cli, scenario: Path, *args: str) -> None:
    res = cli("validate", scenario, *args)
    assert res.exit_code == 0, res.output


def _csv(scenario: Path, name: str) -> Path:
    return scenario.parent / "data" / name


# ------------------------------------------------------------ class 3: implausible values


@pytest.mark.parametrize(("override", "band"), [
    ("finance.base_year=25", "finance.base_year"),
    ("plants.scale={p1: 1000}", "plants.scale"),
    ("solver.mip_rel_gap=5", "solver.mip_rel_gap"),
    ("plants.growth_pct_per_year=40", "growth_rates"),
    ("finance.discount_rate=0.5", "finance.discount_rate"),
])
def test_implausible_scenario_values_stop_unless_accepted(tmp_path, cli, override, band):
    scenario = wind_case(tmp_path)
    _bad(cli, scenario, f"band '{band}'", f"checks.accept_implausible: [{band}]",
         args=("--set", override))
    accept = f"checks.accept_implausible=[{band}, plants.size]"  # scale 1000 is both
    _ok(cli, scenario, "--set", override, "--set", accept)


@pytest.mark.parametrize(("table", "column", "factor", "band"), [
    ("regions", "other_demand_mwh_per_yr", 1000.0, "regions.demand_per_capita"),  # kWh as MWh
    ("technology_costs", "capex_eur_per_unit", 1000.0, "technology_costs.capex"),
    ("prices", "gas_eur_per_mwh_th", 1000.0, "prices.level"),
    ("plants", "throughput_t_per_yr", 1000.0, "plants.size"),
    ("land", "potential_mw", 1000.0, "capacity.density"),  # 8,000 MW on 100 km2
])
def test_implausible_data_values_name_row_and_band(tmp_path, cli, table, column, factor, band):
    def edit(t):
        t[table][column] = t[table][column].astype(float) * factor

    scenario = wind_case(tmp_path, edit=edit)
    _bad(cli, scenario, f"{table}.csv: row 2", f"'{column}'", f"band '{band}'")
    _ok(cli, scenario, "--set", f"checks.accept_implausible=[{band}]")


def test_impossible_values_are_errors_not_bands(tmp_path, cli):
    def edit(t):
        t["regions"]["other_demand_mwh_per_yr"] = -8760.0

    _bad(cli, wind_case(tmp_path, edit=edit), "regions.csv: row 2",
         "'other_demand_mwh_per_yr': -8760 is out of range", "negative demand")


def test_capacity_factor_of_3_is_refused(tmp_path, cli):
    scenario = wind_case(tmp_path)
    profiles = hourly_profiles()
    profiles.loc[5, "r1__wind_cf"] = 3.0
    profiles.to_csv(_csv(scenario, PROFILES_FILE))
    _bad(cli, scenario, "row 7 (hour 5), column 'r1__wind_cf'", "outside [0, 1]",
         "python run.py inputs")


def test_unknown_band_is_named(tmp_path, cli):
    _bad(cli, wind_case(tmp_path), "unknown band 'plant.scale'", "known bands:",
         args=("--set", "checks.accept_implausible=[plant.scale]"))


def test_numerics_checks_costs_before_scaling():
    """A capex of 1e12 EUR/kW is 1e9 M EUR per MW: under 1e10 as solved, far above unscaled."""
    A = np.array([[1.0, 1.0]])
    cost = np.array([1e9, 1.0])  # million EUR per unit, as HiGHS sees it
    inf = np.array([np.inf, np.inf])
    scaled = numerics.coefficient_report(A, cost, np.zeros(2), inf, np.ones(1))
    assert not any("before scaling" in w for w in scaled.warnings)
    rep = numerics.coefficient_report(A, cost, np.zeros(2), inf, np.ones(1),
                                      objective_scale=1e-6)
    assert any("1.0e+15 EUR per unit before scaling" in w for w in rep.warnings)
    assert any("objective costs span" in w for w in rep.warnings)  # ratio 1e9 > 1e8
    assert rep.to_dict()["objective_unscaled"]["max_abs"] == pytest.approx(1e15)


# -------------------------------------------------------------------- class 4: CSV reading


def test_nul_byte_in_a_number_is_refused(tmp_path, cli):
    scenario = wind_case(tmp_path)
    path = _csv(scenario, "plants.csv")
    path.write_bytes(path.read_bytes().replace(b"8760.0", b"87\x0060.0", 1))
    _bad(cli, scenario, "plants.csv: row 2", "control character 0x00")


def test_semicolon_separated_file_is_named(tmp_path, cli):
    scenario = wind_case(tmp_path)
    path = _csv(scenario, "prices.csv")
    path.write_text(path.read_text().replace(",", ";"))
    text = _bad(cli, scenario, "prices.csv: row 1", "separated by semicolon ';'")
    assert "extra comma" not in text


def test_header_only_file_says_it_has_no_rows(tmp_path, cli):
    scenario = wind_case(tmp_path)
    path = _csv(scenario, "technology_costs.csv")
    path.write_text(path.read_text().splitlines()[0] + "\n")
    res = cli("validate", scenario)
    assert res.exit_code == 2
    assert "technology_costs.csv: has no rows, only the header" in res.text
    assert "problems in the input" not in res.text  # one problem, not derived ones


def test_row_numbers_count_blank_lines(tmp_path, cli):
    scenario = wind_case(tmp_path)
    path = _csv(scenario, "land.csv")
    lines = path.read_text().splitlines()
    lines[2] = lines[2].replace("0.0", "lots", 1)  # data row 2, file line 3
    path.write_text("\n".join([lines[0], "", lines[1], "", *lines[2:]]) + "\n")
    _bad(cli, scenario, "land.csv: row 5, column 'potential_mw': 'lots' is not a number")


def test_200000_bad_rows_are_reported_at_once(tmp_path, cli):
    scenario = wind_case(tmp_path)
    path = _csv(scenario, "pipeline.csv")
    header = path.read_text().splitlines()[0]
    n_cols = len(header.split(","))
    path.write_text(header + "\n" + ("x," * (n_cols - 1) + "x\n") * 200_000)
    t = time.perf_counter()
    res = cli("validate", scenario)
    elapsed = time.perf_counter() - t
    assert res.exit_code == 2
    assert "more rows like these (200,000 in all)" in res.text
    assert len(res.output.splitlines()) < 200
    assert elapsed < 60, elapsed  # generous for a loaded machine; it was minutes before


# ------------------------------------------------------------------ class 7: coverage gaps


def test_prices_starting_after_the_first_year(tmp_path, cli):
    def edit(t):
        t["prices"]["year"] = 2027

    _bad(cli, wind_case(tmp_path, edit=edit), "prices.csv: case 'reference': the first row "
         "is for 2027 (row 2), after the first modelled year 2025", "not carried back")


def test_plant_outside_the_modelled_regions(tmp_path, cli):
    def edit(t):
        t["regions"] = pd.concat([t["regions"], t["regions"].assign(region="r2")])
        t["plants"] = t["plants"].assign(region="r2")

    scenario = wind_case(tmp_path, edit=edit, plants={"include": ["p1"]})
    _bad(cli, scenario, "plant 'p1' is in region 'r2', which is not modelled")


def test_header_only_plants_csv_needs_an_explicit_empty_selection(tmp_path, cli):
    scenario = wind_case(tmp_path)
    path = _csv(scenario, "plants.csv")
    path.write_text(path.read_text().splitlines()[0] + "\n")
    _bad(cli, scenario, "no plant would be modelled: plants.csv has no rows",
         "plants.include: []")
    _ok(cli, scenario, "--set", "plants.include=[]")


def test_region_without_land_rows(tmp_path, cli):
    tables = wind_tables()
    tables["regions"] = pd.concat([tables["regions"], tables["regions"].assign(region="r2")])
    folder = write_dataset(tmp_path / "data", tables, hourly_profiles(("r1", "r2")))
    scenario = write_scenario(tmp_path, folder, regions=["r1", "r2"])
    _bad(cli, scenario, "land.csv: no rows for region 'r2' and technology "
         "battery_energy, battery_power, pv_ground, wind")


def test_stale_profile_stamp_names_the_rebuild_command(tmp_path, cli):
    scenario = wind_case(tmp_path)
    folder = scenario.parent / "data"
    stamp.write_stamp(folder / PROFILES_FILE, pd.read_csv(folder / "regions.csv"))
    _ok(cli, scenario)
    regions = pd.read_csv(folder / "regions.csv")
    regions["wind_flh_target_h"] = 2500
    regions.to_csv(folder / "regions.csv", index=False)
    _bad(cli, scenario, "hourly_profiles.csv: is stale", "python run.py inputs")
    regions["wind_flh_target_h"] = 2000.0  # back to the value it was built from (as 2000.0)
    regions.to_csv(folder / "regions.csv", index=False)
    _ok(cli, scenario)


def test_harz_profiles_are_stamped_and_current():
    """The committed data set carries the stamp 'python run.py inputs' writes, and it
    matches regions.csv and the profiles (else: rebuild with that command)."""
    folder = Path(__file__).resolve().parents[2] / "inputs" / "harz"
    profiles = folder / PROFILES_FILE
    assert stamp.stamp_path(profiles).is_file(), "run 'python run.py inputs' and commit"
    assert stamp.stale_reasons(profiles, pd.read_csv(folder / "regions.csv")) == []


def test_growth_rate_of_minus_100_or_less_is_refused(tmp_path, cli):
    _bad(cli, wind_case(tmp_path), "plants.growth_pct_per_year", "greater than -100",
         args=("--set", "plants.growth_pct_per_year=-150"))


def test_co2_cap_below_unabatable_emissions_before_solving(tmp_path, cli):
    """876 t/yr of process CO2 (0.1 t/t x 8,760 t) cannot be abated: a 100 t cap is known
    to be infeasible before any solve; validate and run say so (exit 2)."""
    def edit(t):
        t["plants"] = t["plants"].assign(process_co2_t_per_t=0.1)

    scenario = wind_case(tmp_path, edit=edit, policy={"co2_cap_t": {2027: 100.0}})
    _bad(cli, scenario, "'policy.co2_cap_t.2027': the cap of 100 t is below the 876 t")
    res = cli("run", scenario, "--out", tmp_path / "out")
    assert res.exit_code == 2 and "below the 876 t" in res.text, res.output
    assert not (tmp_path / "out" / "tiny").exists() or not any(
        p.name != "logs" for p in (tmp_path / "out" / "tiny").iterdir())
    _ok(cli, scenario, "--set", "policy.co2_cap_t.2027=876")
    _ok(cli, scenario, "--set", "policy.allow_slack=true")


def test_target_unreachable_by_lead_time_before_solving(tmp_path, cli):
    def slow(t):
        t["permitting"].loc[t["permitting"]["technology"] == "wind", "approval_months"] = 72

    scenario = wind_case(tmp_path, edit=slow, policy={"capacity_target_mw": {"wind": {2030: 4}}})
    _bad(cli, scenario, "'policy.capacity_target_mw.wind.2030': 4 MW cannot be met",
         "operates from January 2031 at the earliest", "lead time 72 months")
    _ok(cli, scenario, "--set", "policy.capacity_target_mw.wind={2031: 4}")


def test_fixtures_are_valid(tmp_path, cli):
    """Guards every case above against a broken base case."""
    _ok(cli, wind_case(tmp_path))
    assert PROV["value_type"] == "A"
