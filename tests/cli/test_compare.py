"""``compare`` on three tiny runs that differ only in the wind approval duration.

Tiny data set (tests/tiny.py), 2025-2029, discount rate 0, one region, wind only with 8 MW of
land (4 turbines of 2 MW at cf 0.5), a flat 1 MW plant, wind capture rate 0.5 (exports earn
50 EUR/MWh against 100 for imports, so the region never imports and exports at once). A year
with the 8 MW online costs capex 0.8 M EUR minus export 3 MW x 8,760 h x 50 EUR = 1.314 M EUR,
i.e. -0.514 M EUR; a
year without wind imports 8,760 MWh: +0.876 M EUR and 4,380 t CO2. Wind started 2025 is
online from 2025 (0 months), 2026 (12) or 2027 (24):

=========  ========  ===================================  ===========
scenario   approval  NPV (M EUR)                          emissions
=========  ========  ===================================  ===========
fast       0         5 x -0.514 = -2.570                  0 t
reference  12        0.876 + 4 x -0.514 = -1.180          4,380 t
slow       24        2 x 0.876 + 3 x -0.514 = 0.210       8,760 t
=========  ========  ===================================  ===========

One year of delay costs 0.876 + 0.514 = 1.390 M EUR and emits 4,380 t CO2.
"""

from __future__ import annotations

import dataclasses
import logging
import shutil

import pandas as pd
import pytest
from cases import wind_capture_half, wind_tables
from rich.console import Console
from tiny import hourly_profiles, write_dataset, write_scenario

from model.analysis.tables import WIDTH, comparison_tables
from model.errors import InputError
from model.outputs import compare

pytestmark = pytest.mark.cli

APPROVAL_MONTHS = {"fast": 0, "reference": 12, "slow": 24}
TARGET = "first_year_reaching_potential"  # land potential is in the results (wind 8 MW)


def _tables() -> dict[str, pd.DataFrame]:
    """The tiny wind case's tables (``cases.wind_tables``) at wind capture rate 0.5."""
    t = wind_tables()
    wind_capture_half(t)
    return t


@pytest.fixture(scope="module")
def run_dirs(tmp_path_factory):
    """Solve the three cases once for the module; return {scenario: run folder}."""
    from model.inputs import config
    from model.runner import run_loaded

    root = tmp_path_factory.mktemp("compare")
    dataset = write_dataset(root / "data", _tables(), hourly_profiles())
    path = write_scenario(root, dataset, years={"start": 2025, "end": 2029})
    out = {}
    for name, months in APPROVAL_MONTHS.items():
        sc = config.load_scenario(path, [f"name={name}",
                                         f"permitting.wind.approval_months={months}"])
        result = run_loaded(sc, root / "results")
        assert result.outcome == "optimal"
        out[name] = result.run_dir
    return out


@pytest.fixture(scope="module")
def runs(run_dirs):
    return [compare.load_run(p) for p in run_dirs.values()]


@pytest.fixture(scope="module")
def comp(runs):
    return compare.compare_runs(runs, baseline="reference")


def _row(comp, name):
    return comp.summary.set_index("scenario").loc[name]


def test_summary_exact_deltas(comp, runs, run_dirs):
    s = comp.summary.set_index("scenario")
    assert list(s.index) == ["reference", "fast", "slow"]  # baseline first
    assert s["npv_meur"].to_dict() == pytest.approx(
        {"fast": -2.57, "reference": -1.18, "slow": 0.21}, rel=1e-9)
    npv = {r.name: r.manifest.objective_meur for r in runs}
    emis = {n: pd.read_csv(p / "emissions.csv", float_precision="round_trip")["emissions_t"].sum()
            for n, p in run_dirs.items()}
    for name in APPROVAL_MONTHS:
        assert s.at[name, "delta_npv_meur"] == npv[name] - npv["reference"]
        assert s.at[name, "delta_emissions_t"] == pytest.approx(
            emis[name] - emis["reference"], abs=1e-9)
    assert s["delta_npv_meur"].to_dict() == pytest.approx(
        {"fast": -1.39, "reference": 0.0, "slow": 1.39}, rel=1e-9)
    assert s["delta_emissions_t"].to_dict() == pytest.approx(
        {"fast": -4380.0, "reference": 0.0, "slow": 4380.0})
    assert s["permitting_case"].eq("reference").all()
    assert not s["gap_limited"].any()


def test_delay_and_cost_of_delay(comp):
    s = comp.summary.set_index("scenario")
    assert s["wind_lead_time_months"].to_dict() == {"fast": 0.0, "reference": 12.0, "slow": 24.0}
    assert s["wind_lag_years"].to_dict() == pytest.approx({"fast": 0, "reference": 1, "slow": 2})
    assert s["delay_years"].to_dict() == pytest.approx({"fast": -1, "reference": 0, "slow": 1})
    for name in ("fast", "slow"):
        assert s.at[name, "cost_of_delay_eur_per_year"] == pytest.approx(
            s.at[name, "delta_npv_meur"] * 1e6 / s.at[name, "delay_years"], rel=1e-12)
        assert s.at[name, "cost_of_delay_eur_per_year"] == pytest.approx(1.39e6, rel=1e-9)
        assert s.at[name, "emissions_of_delay_t_per_year"] == pytest.approx(4380.0)
    assert pd.isna(s.at["reference", "cost_of_delay_eur_per_year"])
    assert pd.isna(s.at["reference", "emissions_of_delay_t_per_year"])
    # slower approval is never cheaper and never emits less
    ordered = s.sort_values("delay_years")
    assert ordered["npv_meur"].is_monotonic_increasing
    assert ordered["cumulative_emissions_t"].is_monotonic_increasing


def test_delay_from_lead_time(runs):
    s = compare.compare_runs(runs, "reference", delay_basis="lead_time").summary
    s = s.set_index("scenario")
    assert s["delay_years"].to_dict() == pytest.approx({"fast": -1, "reference": 0, "slow": 1})
    assert s.at["slow", "cost_of_delay_eur_per_year"] == pytest.approx(1.39e6, rel=1e-9)


def test_first_year_at_baseline_capacity(comp):
    s = comp.summary.set_index("scenario")
    assert s[f"{TARGET}_wind"].to_dict() == {"fast": 2025, "reference": 2026, "slow": 2027}
    assert s["delta_first_year_wind"].to_dict() == {"fast": -1, "reference": 0, "slow": 1}
    assert s[f"{TARGET}_pv_ground"].isna().all()  # potential 0 MW: undefined
    assert s[f"{TARGET}_pv_rooftop"].isna().all()  # not modelled


def test_yearly_differences(comp):
    y = comp.yearly.set_index(["scenario", "metric", "item", "year"]).sort_index()
    em = y.loc[("slow", "emissions", "total"), "delta_vs_baseline"]
    assert em.to_dict() == pytest.approx({2025: 0, 2026: 4380, 2027: 0, 2028: 0, 2029: 0})
    cap = y.loc[("fast", "capacity", "wind"), "delta_vs_baseline"]
    assert cap.to_dict() == pytest.approx({2025: 8, 2026: 0, 2027: 0, 2028: 0, 2029: 0})
    assert (y.loc["reference", "delta_vs_baseline"] == 0).all()
    s = comp.summary.set_index("scenario")
    for name in ("fast", "slow"):
        disc = y.loc[(name, "discounted_cost", "total"), "delta_vs_baseline"].sum()
        assert disc == pytest.approx(s.at[name, "delta_npv_meur"] * 1e6, rel=1e-9)
        assert y.loc[(name, "emissions", "total"), "delta_vs_baseline"].sum() == pytest.approx(
            s.at[name, "delta_emissions_t"])


def test_write_and_table(comp, tmp_path):
    paths = compare.write_comparison(comp, tmp_path / "out")
    assert [p.name for p in paths] == ["comparison.csv", "comparison_yearly.csv"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "comparison.csv", "comparison_yearly.csv"]  # no temporary files left
    back = pd.read_csv(paths[0], float_precision="round_trip")  # exact floats
    assert list(back.columns) == list(comp.summary.columns)
    assert back["delta_npv_meur"].tolist() == comp.summary["delta_npv_meur"].tolist()
    assert len(pd.read_csv(paths[1])) == len(comp.yearly)
    console = Console(record=True, width=WIDTH)
    for table in comparison_tables(comp):
        console.print(table)
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    assert "reference (baseline)" in text and "GAP-LIMITED" not in text
    slow = _row(comp, "slow")  # M EUR of NPV per year of delay, one decimal
    assert f"{slow['cost_of_delay_eur_per_year'] / 1e6:,.1f}" in text


def test_gap_limited_flag_and_version_warning(runs, caplog):
    slow = next(r for r in runs if r.name == "slow")
    manifest = slow.manifest.replace(outcome="feasible_at_limit",
                                     versions={**slow.manifest.versions, "highs": "0.0.0"})
    changed = [r for r in runs if r is not slow] + [dataclasses.replace(slow, manifest=manifest)]
    with caplog.at_level(logging.WARNING, logger="model.outputs.compare"):
        comp = compare.compare_runs(changed, "reference")
    assert "differ in highs version" in caplog.text
    assert _row(comp, "slow")["gap_limited"] and not _row(comp, "fast")["gap_limited"]
    console = Console(record=True, width=WIDTH)
    for table in comparison_tables(comp):
        console.print(table)
    assert "GAP-LIMITED" in console.export_text()


def test_incomplete_and_bad_input_refused(run_dirs, runs, tmp_path):
    copy = tmp_path / "reference" / "copy"
    shutil.copytree(run_dirs["reference"], copy)
    (copy / "manifest.json").unlink()
    with pytest.raises(InputError, match="copy"):
        compare.load_run(copy)
    tmp = tmp_path / "reference" / ".20250101T000000-1.tmp"
    shutil.copytree(run_dirs["reference"], tmp)  # complete files, but not published
    with pytest.raises(InputError, match="unfinished"):
        compare.load_run(tmp)
    with pytest.raises(InputError, match="no run of that scenario"):
        compare.compare_runs(runs, "nonexistent")
    with pytest.raises(InputError, match="more than one run"):
        compare.compare_runs([*runs, runs[0]], "reference")


def test_scenario_folder_means_latest_run(run_dirs):
    run = compare.load_run(run_dirs["slow"].parent)
    assert run.path == run_dirs["slow"] and run.name == "slow"
    assert compare.find_run(run_dirs["slow"].parent.parent, "slow") == run_dirs["slow"]
    assert compare.find_run(run_dirs["slow"].parent.parent, "slow", "other-hash") is None


@pytest.mark.cli
def test_run_files_in_parallel_equals_sequential(tmp_path):
    """Two scenario files on a 2-process pool give the same runs as one after another."""
    import json

    from tiny import wind_tables, write_dataset, write_scenario

    from model.runner import run_files

    data = write_dataset(tmp_path / "data", wind_tables())
    paths = []
    for name, months in (("a", 0), ("b", 12)):
        folder = tmp_path / name
        folder.mkdir()
        paths.append(write_scenario(folder, data, name=name,
                                    years={"start": 2025, "end": 2027},
                                    permitting={"wind": {"approval_months": months}}))

    def objectives(out, workers):
        runs = run_files(paths, out, workers=workers)
        assert [outcome for outcome, _ in runs] == ["optimal", "optimal"]
        return [json.loads((folder / "manifest.json").read_text())["objective_meur"]
                for _, folder in runs]

    assert objectives(tmp_path / "par", 2) == pytest.approx(objectives(tmp_path / "seq", 1),
                                                             rel=1e-9)
