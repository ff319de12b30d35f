"""Bad sweep files: a clear error before anything runs, exit 2, nothing written.

Each case writes a sweep file over ``scenarios/reference.yaml`` and calls ``python run.py
sweep`` with a results root that must not come into existence. One passing file shows that
the same checks let a good file through (expansion, names, overrides).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from model.errors import InputError
from model.sweep import spec

pytestmark = pytest.mark.cli

REFERENCE = Path(__file__).resolve().parents[2] / "scenarios" / "reference.yaml"
WIND = "permitting.wind.approval_months"
W_NAME = "w{" + WIND + "}"


def _write(tmp_path: Path, doc: dict | str) -> Path:
    path = tmp_path / "sw.yaml"
    text = doc if isinstance(doc, str) else yaml.safe_dump({"base": str(REFERENCE), **doc})
    path.write_text(text)
    return path


CASES = {
    "not a scenario key": (
        {"name": "w{permitting.wind.aproval_months}",
         "grid": {"permitting.wind.aproval_months": [6, 12]}},
        ["aproval_months", "did you mean 'approval_months'"]),
    "not a sweep key": (
        {"name": W_NAME, "gird": {WIND: [6]}}, ["gird", "did you mean 'grid'"]),
    "empty grid": ({"name": "x", "grid": {}}, ["grid: is empty"]),
    "key without values": ({"name": W_NAME, "grid": {WIND: []}}, ["no values"]),
    "duplicate names": (
        {"name": W_NAME, "grid": {WIND: [6, 12], "prices.case": ["low", "high"]}},
        ["'w6' is produced 2 times", "put every varied key into the name pattern"]),
    "dot-dot name": ({"members": [{"name": "..", "set": {WIND: 6}}]},
                     ["'..'", "not a safe folder name"]),
    "slash in name": ({"name": "a/" + W_NAME[1:], "grid": {WIND: [6]}},
                      ["'a/6'", "not a safe folder name"]),
    "empty name": ({"members": [{"name": "", "set": {WIND: 6}}]}, ["''", "is empty"]),
    "pattern field not varied": ({"name": "w{prices.case}", "grid": {WIND: [6]}},
                                 ["'{prices.case}' is not a varied key"]),
    "too many members": (
        {"name": W_NAME + "_{plants.growth_pct_per_year}",
         "grid": {WIND: list(range(101)), "plants.growth_pct_per_year": list(range(100))}},
        ["10,100 members", "--yes"]),
    "grid and members": ({"name": "x", "grid": {WIND: [6]}, "members": [{"name": "y"}]},
                         ["either 'grid'", "not both"]),
    "bad value type": ({"name": W_NAME, "grid": {WIND: ["soon"]}},
                       ["member 'wsoon'", WIND]),
    "name cannot be varied": ({"members": [{"name": "a", "set": {"name": "b"}}]},
                              ["name: cannot be varied"]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_sweep_file_exit_2_nothing_written(cli, tmp_path, case):
    doc, expected = CASES[case]
    out = tmp_path / "results"
    result = cli("sweep", _write(tmp_path, doc), "--out", out)
    assert result.exit_code == 2, result.text
    for text in expected:
        assert text in result.text, result.text
    assert not out.exists()


def test_a_bad_key_is_reported_once_for_the_whole_grid(tmp_path):
    path = _write(tmp_path, {"name": "w{permitting.wind.aproval_months}",
                             "grid": {"permitting.wind.aproval_months": [1, 2, 3]}})
    with pytest.raises(InputError) as err:
        spec.load_sweep(path)
    assert len(err.value.problems) == 1 and "(and 2 more)" in str(err.value)


def test_without_snakemake_names_the_extra(cli, tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "snakemake" else real(name, *a))
    out = tmp_path / "results"
    result = cli("sweep", _write(tmp_path, {"name": W_NAME, "grid": {WIND: [6]}}),
                 "--out", out)
    assert result.exit_code == 2
    assert 'pip install -e ".[sweep]"' in result.text
    assert not out.exists()


def test_good_file_expands_grid_in_order_with_names_and_overrides(tmp_path):
    path = _write(tmp_path, {"name": "w{" + WIND + ":02d}_{prices.case}",
                             "grid": {WIND: [6, 12], "prices.case": ["low", "high"]}})
    sweep = spec.load_sweep(path)
    assert [m.name for m in sweep.members] == ["w06_low", "w06_high", "w12_low", "w12_high"]
    member = sweep.members[1]
    assert member.overrides == (f"{WIND}=6", "prices.case=high", "name=w06_high")
    assert member.scenario.permitting.wind.approval_months == 6
    assert member.scenario.prices.case == "high" and member.scenario.name == "w06_high"
    assert sweep.keys == (WIND, "prices.case")


def test_shipped_approval_speed_sweep_is_valid():
    path = REFERENCE.parent / "sweeps" / "approval_speed.yaml"
    sweep = spec.load_sweep(path)
    months = [m.scenario.permitting.wind.approval_months for m in sweep.members]
    assert months[0] == 0 and months[-1] == 36 and months == sorted(months)
