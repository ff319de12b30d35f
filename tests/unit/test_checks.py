"""Bad input: every check of the CSV reader and of the semantic checks, failing and passing.

The passing fixture is a small valid data set (the tiny one of ``tests/tiny.py`` plus a
plant with heat options, a pipeline, an approval cap, existing capacity and land). Each failing
fixture breaks exactly one thing and asserts that the single :class:`InputError` problem
names the file (or the YAML key path), the row where there is one (spreadsheet numbering:
header = row 1, first data row = row 2), what is wrong and how to fix it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from tiny import PROV, default_tables, hourly_profiles, plant_row, write_dataset, write_scenario

from model.errors import InputError
from model.inputs import checks, config, tables

REPO = Path(__file__).resolve().parents[2]

Edit = Callable[[dict[str, pd.DataFrame]], None]
Corrupt = Callable[[Path], None]


# ---------------------------------------------------------------------------- fixtures


def _append(df: pd.DataFrame, *rows: dict) -> pd.DataFrame:
    new = pd.DataFrame([{**PROV, **r} for r in rows], columns=df.columns)
    return (new if df.empty else pd.concat([df, new], ignore_index=True)).astype(object)


def valid_tables() -> dict[str, pd.DataFrame]:
    """The tiny data set with one row in every table the checks cross-reference."""
    t = {name: df.astype(object) for name, df in default_tables().items()}
    # permitting rows 2-8 are the '*' rows of the tiny set; row 9 is wind in r1 with a cap
    t["permitting"] = _append(t["permitting"], {
        "case": "reference", "technology": "wind", "region": "r1", "pre_application_months": 6,
        "approval_months": 12, "realisation_months": 6, "attrition_share": 0.1,
        "approval_cap_mw_per_yr": 50, "development_cost_share": 0.05})
    t["pipeline"] = _append(
        t["pipeline"],
        {"region": "r1", "technology": "wind", "stage": "applied", "online_year": 2027,
         "online_month": 3, "capacity_mw": 20},
        {"region": "r1", "technology": "pv_ground", "stage": "permitted", "online_year": 2026,
         "online_month": 7, "capacity_mw": 5})
    t["existing_capacity"] = _append(t["existing_capacity"], {
        "region": "r1", "technology": "wind", "vintage_year": 2015, "capacity_mw": 10,
        "lifetime_yr": 20})
    t["land"] = _append(t["land"], {"region": "r1", "technology": "wind", "year": 2025,
                                    "potential_mw": 100})
    t["plants"] = pd.DataFrame([
        plant_row(),
        plant_row(plant_id="p2", archetype="melting", heat_mwh_per_t=0.5, heat_temp_c=120,
                  options="electric_boiler;ht_heat_pump;thermal_store"),
    ]).astype(object)
    return t


def cell(table: str, row: int, **values) -> Edit:
    """Set cells of spreadsheet row ``row`` (header = 1) of ``table``."""
    def edit(t: dict[str, pd.DataFrame]) -> None:
        for col, value in values.items():
            t[table].loc[row - 2, col] = value
    return edit


def rename(table: str, old: str, new: str) -> Edit:
    def edit(t: dict[str, pd.DataFrame]) -> None:
        t[table] = t[table].rename(columns={old: new})
    return edit


def drop_column(table: str, col: str) -> Edit:
    def edit(t: dict[str, pd.DataFrame]) -> None:
        t[table] = t[table].drop(columns=[col])
    return edit


def duplicate_row(table: str, row: int) -> Edit:
    def edit(t: dict[str, pd.DataFrame]) -> None:
        t[table] = pd.concat([t[table], t[table].iloc[[row - 2]]], ignore_index=True)
    return edit


def edit_lines(file: str, change: Callable[[list[str]], list[str]]) -> Corrupt:
    """Rewrite the lines of a written CSV (line 1 = header = spreadsheet row 1)."""
    def corrupt(folder: Path) -> None:
        path = folder / file
        lines = path.read_text(encoding="utf-8").splitlines()
        path.write_text("\n".join(change(lines)) + "\n", encoding="utf-8")
    return corrupt


def _cut(lines: list[str], row: int, keep: int) -> list[str]:
    lines[row - 1] = lines[row - 1][:keep]
    return lines


def build(tmp_path: Path, edit: Edit | None = None, corrupt: Corrupt | None = None,
          **sections) -> tuple[Path, Path]:
    """Write the valid data set with one change; return (data folder, scenario file)."""
    t = valid_tables()
    if edit is not None:
        edit(t)
    folder = write_dataset(tmp_path / "data", t)
    if corrupt is not None:
        corrupt(folder)
    return folder, write_scenario(tmp_path, folder, **sections)


def input_error(tmp_path: Path, edit: Edit | None = None, corrupt: Corrupt | None = None,
                **sections) -> InputError:
    """The InputError raised by loading the scenario, reading the tables and checking them."""
    folder, path = build(tmp_path, edit, corrupt, **sections)
    with pytest.raises(InputError) as info:
        scenario = config.load_scenario(path)
        checks.check_all(tables.read_tables(folder), scenario)
    return info.value


def assert_names(err: InputError, *fragments: str, count: int = 1) -> None:
    """``count`` problems; the message contains every fragment."""
    message = str(err)
    assert len(err.problems) == count, message
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in:\n{message}"


# ---------------------------------------------------------------------------- passing


@pytest.mark.unit
def test_valid_tiny_data_passes_read_and_checks(tmp_path: Path) -> None:
    folder, path = build(tmp_path)
    raw = tables.read_tables(folder)
    checks.check_all(raw, config.load_scenario(path))
    # every table but the optional value_tags.csv, which the tiny data set leaves out
    assert set(raw.frames) == {n for n, s in tables.TABLES.items() if not s.optional_file}
    assert "value_tags" not in raw.frames
    assert raw["permitting"]["approval_cap_mw_per_yr"].isna().sum() == 7  # empty = no cap
    assert raw["pipeline"]["capacity_mw"].tolist() == [20.0, 5.0]


@pytest.mark.unit
def test_valid_tiny_data_loads(tmp_path: Path) -> None:
    pytest.importorskip("model.inputs.timeseries", reason="model/timeseries.py is not written yet")
    from model.inputs import data

    # 365 days = the hourly profiles passed through: this test is about the tables, not about
    # the aggregation into representative days
    _, path = build(tmp_path, time={"representative_days": 365})
    d = data.load(config.load_scenario(path))
    assert d.regions == ["r1"]
    assert len(d.time.weights) == 365
    assert list(d.plants.index) == ["p1", "p2"]
    assert ("p2", "ht_heat_pump") in d.plant_options
    assert d.permitting.at[("wind", "r1"), "approval_cap_mw_per_yr"] == 50


@pytest.mark.unit
@pytest.mark.parametrize("scenario", sorted((REPO / "scenarios").glob("*.yaml")),
                         ids=lambda p: p.stem)
def test_harz_data_passes_every_scenario(scenario: Path) -> None:
    sc = config.load_scenario(scenario)
    checks.check_all(tables.read_tables(sc.data), sc)


@pytest.mark.unit
@pytest.mark.parametrize("edit, sections", [
    pytest.param(cell("permitting", 9, attrition_share=0.99), {}, id="attrition-just-below-1"),
    pytest.param(cell("permitting", 9, approval_cap_mw_per_yr=20), {}, id="cap-equals-pipeline"),
    pytest.param(cell("permitting", 9, approval_cap_mw_per_yr=""), {}, id="cap-empty-is-none"),
    pytest.param(cell("permitting", 9, approval_months=0), {}, id="zero-duration"),
    pytest.param(cell("pipeline", 2, online_month=12), {}, id="month-12"),
    pytest.param(cell("plants", 3, flexible_share=1.0, min_load_share=1.0), {},
                 id="shares-equal-1"),
    pytest.param(cell("plants", 3, heat_temp_c=150), {}, id="heat-temp-equals-option-max"),
    pytest.param(cell("plants", 3, options=" electric_boiler ; ht_heat_pump "), {},
                 id="options-with-spaces"),
    pytest.param(None, {"permitting": {"wind": {"approval_cap_mw_per_yr": 20,
                                                "regions": {"r1": {"approval_months": 3}}}}},
                 id="override-known-region-cap-fits"),
    pytest.param(None, {"plants": {"include": ["p1"], "scale": {"p2": 2.0},
                                   "options": ["ht_heat_pump"]}}, id="plants-known-ids"),
    pytest.param(None, {"years": {"start": 2025, "end": 2030}, "policy": {"co2_cap_t": {2030: 0}}},
                 id="co2-cap-in-horizon"),
])
def test_boundary_values_pass(tmp_path: Path, edit: Edit | None, sections: dict) -> None:
    folder, path = build(tmp_path, edit, **sections)
    checks.check_all(tables.read_tables(folder), config.load_scenario(path))


# ---------------------------------------------------------------------------- the CSV reader


def _unlink(file: str) -> Corrupt:
    return lambda folder: (folder / file).unlink()


def _move(file: str, to: str) -> Corrupt:
    return lambda folder: (folder / file).rename(folder / to)


def _latin1(folder: Path) -> None:
    path = folder / "regions.csv"
    path.write_bytes(path.read_bytes().replace(b"r1,r1,", "r1,Göttingen,".encode("latin-1")))


def _empty(folder: Path) -> None:
    (folder / "prices.csv").write_bytes(b"")


READER_CASES = [
    pytest.param(None, _unlink("plants.csv"),
                 ("plants.csv: file is missing; the data set needs it (see README.md).",),
                 id="missing-file"),
    pytest.param(None, _move("plants.csv", "plant.csv"),
                 ("plants.csv: file is missing (found 'plant.csv': rename it?); the data set "
                  "needs it",),
                 id="missing-file-near-name"),
    pytest.param(None, _empty, ("prices.csv: file is empty", "header row"), id="empty-file"),
    pytest.param(rename("permitting", "approval_months", "approval_month"), None,
                 ("permitting.csv: column 'approval_months' is missing",
                  "found 'approval_month': rename it?"), id="missing-column-near-name"),
    pytest.param(drop_column("technologies", "wacc"), None,
                 ("technologies.csv: column 'wacc' is missing; add it (see README.md)",),
                 id="missing-column"),
    pytest.param(rename("existing_capacity", "capacity_mw", "capacity_kw"), None,
                 ("existing_capacity.csv: column 'capacity_mw' is missing",
                  "found 'capacity_kw', a different unit: convert the values"),
                 id="wrong-unit-column"),
    pytest.param(None, _latin1,
                 ("regions.csv: row 2: not valid UTF-8", "0xf6", "re-save the file with UTF-8"),
                 id="non-utf8"),
    pytest.param(None, edit_lines("technologies.csv", lambda ls: _cut(ls, 3, 14)),
                 ("technologies.csv: row 3: only 2 of 11 fields", "no unit_size_mw, wacc",
                  "cut short: complete it or delete it"), id="row-cut-in-half"),
    pytest.param(None, edit_lines("prices.csv", lambda ls: _cut(ls, 2, 20)),
                 ("prices.csv: row 2: only 3 of 9 fields", "complete it or delete it"),
                 id="file-truncated-mid-row"),
    pytest.param(None, edit_lines("land.csv", lambda ls: [*ls[:1], ls[1] + ",extra"]),
                 ("land.csv: row 2: 7 fields but the header has 6",
                  "remove the extra comma or put the value that contains it in double quotes"),
                 id="extra-field"),
    pytest.param(cell("technology_costs", 3, capex_eur_per_unit="NaN"), None,
                 ("technology_costs.csv: row 3, column 'capex_eur_per_unit': empty or NaN; "
                  "give a number.",), id="nan"),
    pytest.param(cell("permitting", 3, pre_application_months=""), None,
                 ("permitting.csv: row 3, column 'pre_application_months': empty or NaN; give "
                  "a number (only approval_cap_mw_per_yr may be empty)",), id="empty-cell"),
    pytest.param(cell("permitting", 9, approval_months="12 months"), None,
                 ("permitting.csv: row 9, column 'approval_months': '12 months' is not a number",
                  "no unit"), id="non-numeric-duration"),
    pytest.param(cell("regions", 2, area_km2="inf"), None,
                 ("regions.csv: row 2, column 'area_km2': 'inf' is not a number",
                  "finite plain number"), id="infinite"),
    pytest.param(duplicate_row("technologies", 3), None,
                 ("technologies.csv: row 9: duplicate key (technology=pv_ground), already on "
                  "row 3; keep one row per key.",), id="duplicate-key"),
    pytest.param(cell("land", 2, value_type="assumed"), None,
                 ("land.csv: row 2, column 'value_type': 'assumed' must be one of M, P, D, A",),
                 id="bad-value-type"),
]


@pytest.mark.unit
@pytest.mark.parametrize("edit, corrupt, fragments", READER_CASES)
def test_reader_reports_bad_file(tmp_path: Path, edit: Edit | None, corrupt: Corrupt | None,
                                 fragments: tuple[str, ...]) -> None:
    err = input_error(tmp_path, edit, corrupt)
    assert_names(err, str(tmp_path / "data"), *fragments)


@pytest.mark.unit
def test_reader_keeps_reading_after_a_short_row(tmp_path: Path) -> None:
    """A cut-short row is reported once; the other rows of the file are still checked."""
    def corrupt(folder: Path) -> None:
        edit_lines("technology_costs.csv", lambda ls: _cut(ls, 3, 10))(folder)

    err = input_error(tmp_path, cell("technology_costs", 5, lifetime_yr="ten"), corrupt)
    assert_names(err, "technology_costs.csv: row 3: only 2 of 9 fields",
                 "technology_costs.csv: row 5, column 'lifetime_yr': 'ten' is not a number",
                 count=2)


@pytest.mark.unit
def test_bad_input_loses_nothing(tmp_path: Path) -> None:
    """A failed read leaves every input file byte for byte as it was."""
    folder, _ = build(tmp_path, cell("prices", 2, gas_eur_per_mwh_th="NaN"), _latin1)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*.csv")}
    with pytest.raises(InputError):
        tables.read_tables(folder)
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*.csv")}
    assert after == before


@pytest.mark.unit
def test_missing_dataset_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nowhere: data set folder does not exist; check 'data:'"):
        tables.read_tables(tmp_path / "nowhere")


@pytest.mark.unit
@pytest.mark.parametrize("change, fragment", [
    pytest.param(lambda p: p.unlink(), "missing; rebuild the derived inputs", id="missing"),
    pytest.param(lambda p: p.write_text("hour,x\n0,1\n"), "has 1 rows; a profile year needs 8,760",
                 id="short"),
    pytest.param(lambda p: p.write_text(p.read_text().replace("\n5,", "\n5,x", 1)),
                 "row 7 (hour 5), column 'r1__wind_cf': 'x0.5' is a capacity factor outside "
                 "[0, 1], empty or not a number",
                 id="not-a-number"),
    pytest.param(lambda p: p.write_bytes(b"hour,x\n0,\xff\n"), "cannot be read", id="non-utf8"),
])
def test_read_profiles_reports_bad_file(tmp_path: Path, change, fragment: str) -> None:
    folder, _ = build(tmp_path)
    tables.read_profiles(folder)  # the valid profiles pass
    change(folder / tables.PROFILES_FILE)
    with pytest.raises(InputError) as info:
        tables.read_profiles(folder)
    assert "hourly_profiles.csv" in str(info.value)
    assert fragment in str(info.value)


# ---------------------------------------------------------------------------- semantic checks


DATA_CASES = [
    pytest.param(cell("land", 2, source_id="tset"),
                 ("land.csv: row 2, column 'source_id': unknown 'tset' (not in SOURCES.csv). "
                  "Did you mean 'test'?",), id="unknown-source-id"),
    pytest.param(cell("land", 2, technology="wnd"),
                 ("land.csv: row 2, column 'technology': unknown 'wnd' (not in "
                  "technologies.csv). Did you mean 'wind'?",), id="unknown-technology"),
    pytest.param(cell("permitting", 4, technology="battery_pwr"),
                 ("permitting.csv: row 4, column 'technology': unknown 'battery_pwr'",
                  "Did you mean 'battery_power'?"), id="unknown-technology-permitting"),
    pytest.param(cell("existing_capacity", 2, region="r_1"),
                 ("existing_capacity.csv: row 2, column 'region': unknown 'r_1' (not in "
                  "regions.csv). Did you mean 'r1'?",), id="unknown-region"),
    pytest.param(cell("plants", 3, region="harz"),
                 ("plants.csv: row 3, column 'region': unknown 'harz' (not in regions.csv). "
                  "Known: r1.",), id="unknown-region-no-near-match"),
    pytest.param(cell("technologies", 4, capex_unit="EUR/MW"),
                 ("technologies.csv: row 4, column 'capex_unit': unit 'EUR/MW' is not supported; "
                  "use EUR/kW or EUR/kWh",), id="bad-capex-unit"),
    pytest.param(cell("technology_costs", 2, year="20300"),
                 ("technology_costs.csv: row 2, column 'year': 20300 is not a plausible year",
                  "give a calendar year 1900-2100"), id="year-typo"),
    pytest.param(cell("existing_capacity", 2, capacity_mw=-5),
                 ("existing_capacity.csv: row 2, column 'capacity_mw': -5 is out of range; it "
                  "must be >= 0.",), id="negative-capacity"),
    pytest.param(cell("existing_capacity", 2, lifetime_yr=0),
                 ("existing_capacity.csv: row 2, column 'lifetime_yr': 0 is out of range; it "
                  "must be > 0.",), id="zero-lifetime"),
    pytest.param(cell("land", 2, potential_mw=-1),
                 ("land.csv: row 2, column 'potential_mw': -1 is out of range; it must be >= 0",),
                 id="negative-potential"),
    pytest.param(cell("permitting", 9, realisation_months=-6),
                 ("permitting.csv: row 9, column 'realisation_months': -6 is out of range; it "
                  "must be >= 0 (a duration in months).",), id="negative-duration"),
    pytest.param(cell("permitting", 9, attrition_share=1.0),
                 ("permitting.csv: row 9, column 'attrition_share': 1 is out of range; it must "
                  "be >= 0 and < 1", "nothing is ever built"), id="attrition-1"),
    pytest.param(cell("permitting", 9, approval_cap_mw_per_yr=10),
                 ("permitting.csv: row 9, column 'approval_cap_mw_per_yr': approval cap 10 MW/yr "
                  "for wind in r1 is below the 20 MW already applied for (pipeline.csv row(s) 2, "
                  "online 2027); raise the cap or correct the pipeline.",),
                 id="cap-below-pipeline"),
    pytest.param(cell("pipeline", 2, online_month=13),
                 ("pipeline.csv: row 2, column 'online_month': '13' is not a month; give the "
                  "first month of operation as 1-12.",), id="month-13"),
    pytest.param(cell("pipeline", 3, stage="built"),
                 ("pipeline.csv: row 3, column 'stage': unknown 'built'",
                  "Known: applied, permitted."), id="unknown-stage"),
    pytest.param(cell("plants", 3, flexible_share=1.5),
                 ("plants.csv: row 3, column 'flexible_share': 1.5 is out of range; it must be "
                  ">= 0 and <= 1",), id="flexible-share-1.5"),
    pytest.param(cell("plants", 2, min_load_share=1.2),
                 ("plants.csv: row 2, column 'min_load_share': 1.2 is out of range; it must be "
                  ">= 0 and <= 1", "the minimum load cannot exceed the capacity"),
                 id="min-load-above-capacity"),
    pytest.param(cell("plants", 3, heat_temp_c=200),
                 ("plants.csv: row 3 (p2), column 'options': option 'ht_heat_pump' supplies heat "
                  "up to 150 °C but the plant needs 200 °C; remove the option or correct "
                  "heat_temp_c.",), id="option-too-cold"),
    pytest.param(cell("plants", 3, options="electric_boiler;e_store"),
                 ("plants.csv: row 3 (p2), column 'options': unknown option 'e_store' (not in "
                  "electrification_options.csv).",), id="unknown-plant-option"),
    pytest.param(cell("electrification_options", 3, technology="heatpump"),
                 ("electrification_options.csv: row 3, column 'technology': unknown 'heatpump'",
                  "Did you mean 'ht_heat_pump'?"), id="option-unknown-technology"),
]


@pytest.mark.unit
@pytest.mark.parametrize("edit, fragments", DATA_CASES)
def test_check_reports_bad_data(tmp_path: Path, edit: Edit, fragments: tuple[str, ...]) -> None:
    err = input_error(tmp_path, edit)
    assert_names(err, str(tmp_path / "data"), *fragments)


@pytest.mark.unit
def test_technology_without_costs(tmp_path: Path) -> None:
    def edit(t: dict[str, pd.DataFrame]) -> None:
        t["technology_costs"] = t["technology_costs"].iloc[1:].reset_index(drop=True)

    assert_names(input_error(tmp_path, edit),
                 "technology_costs.csv: no rows for technology 'wind'; add its costs.")


@pytest.mark.unit
def test_permitting_rows_missing_for_a_region(tmp_path: Path) -> None:
    """pv_ground's only row is for r1 (no '*' row), so the scenario's r2 has none."""
    def edit(t: dict[str, pd.DataFrame]) -> None:
        t["regions"] = _append(t["regions"], {**t["regions"].iloc[0].to_dict(), "region": "r2"})
        t["land"] = _append(t["land"], *[{**r, "region": "r2"} for r in
                                         t["land"].to_dict("records")])
        t["transmission"] = _append(t["transmission"],
                                    {**t["transmission"].iloc[0].to_dict(), "region": "r2"})
        cell("permitting", 3, region="r1")(t)

    def profiles(folder: Path) -> None:  # r2 needs its own profile columns
        hourly_profiles(("r1", "r2")).to_csv(folder / "derived" / "hourly_profiles.csv")

    err = input_error(tmp_path, edit, profiles, regions=["r1", "r2"])
    assert_names(err, "permitting.csv: case 'reference', technology 'pv_ground': no row for "
                 "region(s) r2; add a row for each or one with region '*'.")


SCENARIO_CASES = [
    pytest.param({"plants": {"include": ["p_1"]}},
                 ("scenario key 'plants.include': unknown plant 'p_1' (not a plant_id in "
                  "plants.csv). Did you mean 'p1'?",), id="include-unknown-plant"),
    pytest.param({"plants": {"scale": {"p_2": 2.0}}},
                 ("scenario key 'plants.scale.p_2': unknown plant 'p_2'", "Did you mean 'p2'?"),
                 id="scale-unknown-plant"),
    pytest.param({"plants": {"exclude": ["p9x"]}},
                 ("scenario key 'plants.exclude': unknown plant 'p9x'", "Known: p1, p2."),
                 id="exclude-unknown-plant"),
    pytest.param({"plants": {"include": ["melting"]}},
                 ("scenario key 'plants.include': unknown plant 'melting'",
                  "'melting' is an archetype; name its plants instead: p2."),
                 id="include-archetype"),
    pytest.param({"plants": {"options": ["heat_pump"]}},
                 ("scenario key 'plants.options': unknown option 'heat_pump' (not in "
                  "electrification_options.csv). Did you mean 'ht_heat_pump'?",),
                 id="unknown-option"),
    pytest.param({"regions": ["r1", "r11"]},
                 ("scenario key 'regions': unknown region 'r11' (not in regions.csv). Did you "
                  "mean 'r1'?",), id="unknown-region"),
    pytest.param({"permitting": {"wind": {"regions": {"harz_xx": {"approval_months": 3}}}}},
                 ("scenario key 'permitting.wind.regions.harz_xx': unknown region 'harz_xx'; "
                  "override only regions listed under 'regions'.",), id="override-unknown-region"),
    pytest.param({"permitting": {"pv_rooftop": {"approval_months": 3}}},
                 ("scenario key 'permitting.pv_rooftop': 'pv_rooftop' has no rows in "
                  "permitting.csv; add its rows there or remove the override.",),
                 id="override-technology-without-rows"),
    pytest.param({"permitting": {"wind": {"approval_cap_mw_per_yr": 5}}},
                 ("scenario key 'permitting.wind.approval_cap_mw_per_yr': approval cap 5 MW/yr "
                  "for wind in r1 is below the 20 MW already applied for (pipeline.csv row(s) 2",
                  "raise the cap"), id="override-cap-below-pipeline"),
    pytest.param({"permitting": {"wind": {"regions": {"r1": {"approval_cap_mw_per_yr": 15}}}}},
                 ("scenario key 'permitting.wind.regions.r1.approval_cap_mw_per_yr': approval "
                  "cap 15 MW/yr",), id="regional-override-cap-below-pipeline"),
    pytest.param({"permitting": {"case": "referenc"}},
                 ("scenario key 'permitting.case': case 'referenc' is not in permitting.csv",
                  "Did you mean 'reference'?"), id="unknown-permitting-case"),
    pytest.param({"prices": {"case": "referense"}},
                 ("scenario key 'prices.case': case 'referense' is not in prices.csv",
                  "Did you mean 'reference'?"), id="unknown-price-case"),
    pytest.param({"prices": {"grid_emission_case": "high"}},
                 ("scenario key 'prices.grid_emission_case': case 'high' is not in "
                  "grid_emission_factor.csv", "Known: reference."), id="unknown-emission-case"),
]


@pytest.mark.unit
@pytest.mark.parametrize("sections, fragments", SCENARIO_CASES)
def test_check_reports_bad_scenario(tmp_path: Path, sections: dict,
                                    fragments: tuple[str, ...]) -> None:
    assert_names(input_error(tmp_path, **sections), *fragments)


@pytest.mark.unit
def test_co2_cap_year_outside_horizon_at_load(tmp_path: Path) -> None:
    err = input_error(tmp_path, policy={"co2_cap_t": {2050: 1000}})
    assert_names(err, "tiny.yaml", "policy.co2_cap_t", "[2050]", "outside years.start..years.end",
                 "2025-2025")


@pytest.mark.unit
def test_co2_cap_year_outside_horizon_in_checks(tmp_path: Path) -> None:
    """The data-side check also catches a scenario built without the schema's validation."""
    folder, path = build(tmp_path)
    scenario = config.load_scenario(path)
    bad = scenario.model_copy(update={"policy": config.PolicyConfig(co2_cap_t={2050: 1000})})
    with pytest.raises(InputError) as info:
        checks.check_all(tables.read_tables(folder), bad)
    assert_names(info.value, "scenario key 'policy.co2_cap_t.2050': year 2050 is outside the "
                 "horizon 2025-2025; move the cap into it or change years.start / years.end.")


# ---------------------------------------------------------------------------- all together


@pytest.mark.unit
def test_reader_reports_problems_in_two_files_together(tmp_path: Path) -> None:
    def edit(t: dict[str, pd.DataFrame]) -> None:
        cell("prices", 2, gas_eur_per_mwh_th="NaN")(t)
        rename("plants", "heat_temp_c", "heat_temp")(t)

    err = input_error(tmp_path, edit)
    assert_names(err, "2 problems in the input:",
                 "prices.csv: row 2, column 'gas_eur_per_mwh_th': empty or NaN",
                 "plants.csv: column 'heat_temp_c' is missing (found 'heat_temp': rename it?)",
                 count=2)


@pytest.mark.unit
def test_checks_report_problems_in_two_files_and_the_scenario_together(tmp_path: Path) -> None:
    def edit(t: dict[str, pd.DataFrame]) -> None:
        cell("land", 2, source_id="nowhere")(t)
        cell("existing_capacity", 2, capacity_mw=-5)(t)

    err = input_error(tmp_path, edit, plants={"include": ["p3"]})
    assert_names(err, "3 problems in the input:",
                 "land.csv: row 2, column 'source_id': unknown 'nowhere'",
                 "existing_capacity.csv: row 2, column 'capacity_mw': -5 is out of range",
                 "scenario key 'plants.include': unknown plant 'p3'", count=3)
    assert all(line.startswith("  - ") for line in str(err).splitlines()[1:])
