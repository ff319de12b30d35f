"""Resolved inputs: the permitting value in force and its source, computed once.

Fixture: the valid tiny data set of ``test_checks`` (``'*'`` rows 2-8 for every technology,
row 9 = wind in r1 with its own durations and a 50 MW/yr cap). Expected values are read off
those rows by hand.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from test_checks import build

from model.inputs import config, resolved, tables


def _resolve(tmp_path: Path, **sections) -> resolved.ResolvedInputs:
    folder, path = build(tmp_path, **sections)
    return resolved.resolve(tables.read_tables(folder), config.load_scenario(path))


@pytest.mark.unit
def test_region_row_wins_over_star_row(tmp_path: Path) -> None:
    res = _resolve(tmp_path)
    assert res.value("wind", "r1", "approval_months") == 12  # row 9, not the '*' row (0)
    assert res.value("wind", "r1", "lead_months") == 6 + 12 + 6
    assert res.source("wind", "r1", "approval_cap_mw_per_yr") == (
        "permitting.csv row 9 (case 'reference', wind, 'r1'), column 'approval_cap_mw_per_yr'")
    assert res.row_text("pv_ground", "r1") == "permitting.csv row 3 (case 'reference', " \
                                              "pv_ground, '*')"
    assert math.isnan(res.value("pv_ground", "r1", "approval_cap_mw_per_yr"))  # empty: no cap
    assert res.value("wind", "nowhere", "approval_months") is None


@pytest.mark.unit
def test_scenario_overrides_win_with_their_key(tmp_path: Path) -> None:
    res = _resolve(tmp_path, permitting={
        "case": "reference",
        "wind": {"approval_months": 30, "regions": {"r1": {"approval_cap_mw_per_yr": 70}}}})
    assert res.value("wind", "r1", "approval_months") == 30
    assert res.source("wind", "r1", "approval_months") == "permitting.wind.approval_months"
    assert res.value("wind", "r1", "approval_cap_mw_per_yr") == 70
    assert res.source("wind", "r1", "approval_cap_mw_per_yr") == (
        "permitting.wind.regions.r1.approval_cap_mw_per_yr")
    assert res.value("wind", "r1", "lead_months") == 6 + 30 + 6
    assert res.scenario_key("wind", "r1", "realisation_months") is None  # still row 9
    wide = res.permitting(["r1"])
    assert wide.at[("wind", "r1"), "approval_months"] == 30
    assert wide.at[("pv_ground", "r1"), "approval_months"] == 0


@pytest.mark.unit
def test_csv_round_trip_keeps_values_and_sources(tmp_path: Path) -> None:
    res = _resolve(tmp_path, permitting={"case": "reference", "wind": {"attrition_share": 0.3}})
    path = tmp_path / resolved.FILE_NAME
    path.write_text(res.to_csv(), encoding="utf-8")
    back = resolved.ResolvedInputs.read_csv(path)
    for tech, name in (("wind", "attrition_share"), ("wind", "approval_cap_mw_per_yr"),
                       ("pv_ground", "approval_months")):
        assert back.source(tech, "r1", name) == res.source(tech, "r1", name)
        assert back.value(tech, "r1", name) == pytest.approx(res.value(tech, "r1", name),
                                                             nan_ok=True)


def _with_case_rows(folder: Path, frame) -> None:
    frame.to_csv(folder / "permitting.csv", index=False)


@pytest.mark.unit
def test_every_case_rows_apply_unless_the_case_lists_the_technology(tmp_path: Path) -> None:
    """A case-'*' row holds for every case without its own row for that technology."""
    import pandas as pd

    folder, path = build(tmp_path)
    perm = pd.read_csv(folder / "permitting.csv", keep_default_na=False, na_values=[""])
    battery = perm[perm["technology"] == "battery_power"].index
    perm.loc[battery, ["case", "approval_months"]] = ["*", 7]  # every case: 7 months
    slow_battery = perm.loc[battery].assign(case="slow", approval_months=20)
    slow_rest = perm[perm["case"] == "reference"].assign(case="slow")
    _with_case_rows(folder, pd.concat([perm, slow_rest, slow_battery], ignore_index=True))
    raw = tables.read_tables(folder)
    ref = resolved.resolve(raw, config.load_scenario(path))
    assert ref.value("battery_power", "r1", "approval_months") == 7  # the '*' case row
    row = int(battery[0]) + 2
    assert ref.row_text("battery_power", "r1") == (
        f"permitting.csv row {row} (case '*', battery_power, '*')")
    slow = resolved.resolve(raw, config.load_scenario(path, overrides=["permitting.case=slow"]))
    assert slow.value("battery_power", "r1", "approval_months") == 20  # the case overrides
    assert slow.value("wind", "r1", "approval_months") == 12


@pytest.mark.unit
def test_harz_permitting_of_every_case_unchanged_by_the_every_case_rows() -> None:
    """The Harz every-case rows resolve exactly as one copy per case did before the merge."""
    import pandas as pd

    repo = Path(__file__).resolve().parents[2]
    raw = tables.read_tables(repo / "inputs" / "harz")
    perm = raw["permitting"]
    shared = perm[perm["case"] == resolved.ANY_CASE]
    assert len(shared) == 7  # battery and plant-equipment rows, once for every case
    cases = sorted(set(perm["case"]) - {resolved.ANY_CASE})
    assert cases == ["fast", "reference", "slow"]
    expanded = pd.concat([perm[perm["case"] != resolved.ANY_CASE],
                          *[shared.assign(case=c) for c in cases]], ignore_index=True)
    old = tables.RawTables(raw.folder, {**raw.frames, "permitting": expanded}, raw.sha256)
    value_cols = ["technology", "region", "parameter", "value"]
    for case in cases:
        scenario = config.load_scenario(repo / "scenarios" / "reference.yaml",
                                        overrides=[f"permitting.case={case}"])
        new_t = resolved.resolve(raw, scenario).table[value_cols]
        old_t = resolved.resolve(old, scenario).table[value_cols]
        key = ["technology", "region", "parameter"]
        pd.testing.assert_frame_equal(new_t.sort_values(key).reset_index(drop=True),
                                      old_t.sort_values(key).reset_index(drop=True))
        assert set(new_t["technology"]) >= set(shared["technology"])
