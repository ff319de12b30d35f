"""Readers on damaged runs, run identity and override names, end to end through the CLI.

One tiny wind case (tests/cases.py, 2025-2031, optimal: 4 turbines in 2025) is solved once
for the module; each test copies what it damages into its own folder.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
import xarray as xr
from cases import published, wind_case

import model.runner
from model.outputs import runs
from model.runner import run_scenario

pytestmark = pytest.mark.cli
REPO = Path(__file__).resolve().parents[2]

DAMAGE = {  # kind -> (manifest text, what the message must name)
    "not JSON": ('{"scenario": "tiny", ', "not valid JSON"),
    "a list": ("[]", "a JSON list"),
    "missing key": (None, "key 'objective_meur' is missing"),
    "wrong type": (None, "key 'input_sha256' must be an object"),
}


@pytest.fixture(scope="module")
def case(tmp_path_factory):
    """(scenario file, results root, published run folder) of the tiny wind case."""
    root = tmp_path_factory.mktemp("runs")
    path = wind_case(root, output={"brief": False, "netcdf": True})
    run = run_scenario(path, [], root / "results")
    assert run.outcome == "optimal"
    return path, root / "results", run.run_dir


def _damaged_copy(run_dir, dest, kind):
    shutil.copytree(run_dir, dest)
    manifest = json.loads((dest / "manifest.json").read_text())
    text, _ = DAMAGE[kind]
    if kind == "missing key":
        del manifest["objective_meur"]
    elif kind == "wrong type":
        manifest["input_sha256"] = ["plants.csv"]
    (dest / "manifest.json").write_text(text if text is not None else json.dumps(manifest))
    return dest


@pytest.mark.parametrize("kind", list(DAMAGE))
def test_damaged_manifest_is_exit_2_in_report_compare_and_rerun(case, tmp_path, cli, kind):
    _, _, run_dir = case
    bad = _damaged_copy(run_dir, tmp_path / "tiny" / "20250101T000000-1", kind)
    message = DAMAGE[kind][1]
    for args in (("report", bad), ("compare", bad, "--baseline", "tiny", "--out", tmp_path),
                 ("run", "--from-manifest", bad / "manifest.json", "--out", tmp_path)):
        res = cli(*args)
        assert res.exit_code == 2, (args, res.output)
        assert "manifest.json" in res.text and message in res.text, (args, res.text)
        assert "Traceback" not in res.output and "Internal error" not in res.text
    assert not (tmp_path / "comparison.csv").exists()
    assert not (bad / "brief.html").exists()


def test_rerun_refuses_type_tampered_scenario_fields(case, tmp_path, cli):
    _, _, run_dir = case
    for key, value in (("years", {"start": "soon", "end": 2031}), ("solver", [1]),
                       ("regions", "r1")):
        manifest = json.loads((run_dir / "manifest.json").read_text())
        manifest["resolved_scenario"][key] = value
        path = tmp_path / f"{key}.json"
        path.write_text(json.dumps(manifest))
        res = cli("run", "--from-manifest", path, "--out", tmp_path / "out")
        assert res.exit_code == 2, res.output
        assert str(path) in res.text and "resolved_scenario" in res.text and key in res.text
    assert not (tmp_path / "out").exists() or not published(tmp_path / "out")


def test_truncated_results_are_exit_2_naming_the_file(case, tmp_path, cli):
    _, _, run_dir = case
    bad = tmp_path / "tiny" / "20250101T000000-1"
    shutil.copytree(run_dir, bad)
    nc = bad / "results.nc"
    nc.write_bytes(nc.read_bytes()[: nc.stat().st_size // 3])
    for args in (("report", bad), ("compare", bad, "--baseline", "tiny", "--out", tmp_path)):
        res = cli(*args)
        assert res.exit_code == 2, (args, res.output)
        assert "results.nc" in res.text and "damaged or truncated" in res.text


def test_results_without_a_needed_variable_are_exit_2(case, tmp_path, cli):
    _, _, run_dir = case
    bad = tmp_path / "tiny" / "20250101T000000-1"
    shutil.copytree(run_dir, bad)
    with xr.open_dataset(bad / "results.nc", engine="h5netcdf") as ds:
        slim = ds.load().drop_vars("cost_eur")
    slim.to_netcdf(bad / "results.nc", engine="h5netcdf")
    res = cli("compare", bad, "--baseline", "tiny", "--out", tmp_path)
    assert res.exit_code == 2, res.output
    assert "results.nc: no variable 'cost_eur'" in res.text


def test_one_damaged_run_does_not_hide_its_scenario(case, tmp_path, cli, caplog):
    _, _, run_dir = case
    folder = tmp_path / "results" / "tiny"
    good = folder / run_dir.name
    shutil.copytree(run_dir, good)
    bad = _damaged_copy(run_dir, folder / "29990101T000000-1", "a list")  # the newest
    with caplog.at_level(logging.WARNING, logger="model.outputs.runs"):
        assert runs.resolve_run_dir(folder) == good
    assert f"skipping the damaged run {bad}" in caplog.text
    res = cli("compare", folder, "--baseline", "tiny", "--out", tmp_path / "results")
    assert res.exit_code == 0, res.output


def test_scenario_folder_with_distinct_runs_asks_which(case, tmp_path, cli):
    path, _, run_dir = case
    out = tmp_path / "results"
    shutil.copytree(run_dir, out / "tiny" / run_dir.name)
    data = tmp_path / "data"
    shutil.copytree(path.parent / "data", data)
    prices = data / "prices.csv"
    prices.write_text(prices.read_text().replace("100.0", "90.0"))
    other = run_scenario(path, [f"data={data}", "name=tiny"], out)  # same name, other data
    assert other.run_dir.parent == out / "tiny"
    res = cli("compare", out / "tiny", "--baseline", "tiny", "--out", out)
    assert res.exit_code == 2, res.output
    assert "2 different runs of this scenario" in res.text
    assert run_dir.name in res.text and other.run_dir.name in res.text
    # the two runs side by side: refused (different data) unless allowed, naming the hashes
    res = cli("compare", run_dir, other.run_dir, "--baseline", "tiny", "--out", out)
    assert res.exit_code == 2 and "more than one run of scenario tiny" in res.text
    renamed = tmp_path / "renamed"
    shutil.copytree(other.run_dir, renamed)
    manifest = json.loads((renamed / "manifest.json").read_text())
    manifest["scenario"] = "cheap"
    (renamed / "manifest.json").write_text(json.dumps(manifest))
    res = cli("compare", run_dir, renamed, "--baseline", "tiny", "--out", out)
    assert res.exit_code == 2, res.output
    assert "different data sets" in res.text and "prices.csv" in res.text
    assert manifest["input_sha256"]["prices.csv"] not in res.text  # short hashes only
    res = cli("compare", run_dir, renamed, "--baseline", "tiny", "--out", out,
              "--allow-different-data")
    assert res.exit_code == 0, res.output
    assert "different data sets" in res.text


def test_compare_reuses_a_finished_run_without_solving(case, tmp_path, cli, monkeypatch):
    path, results, run_dir = case

    def no_solve(*args, **kwargs):
        raise AssertionError("compare solved although a finished run exists")

    monkeypatch.setattr(model.runner, "solve", no_solve)
    res = cli("compare", path, "--baseline", "tiny", "--out", results, "--workers", "1")
    assert res.exit_code == 0, res.output
    summary = (results / "comparison.csv").read_text()
    assert str(run_dir) in summary and "running" not in res.text
    # from another checkout: the data set copied elsewhere, the run found via --search
    other = tmp_path / "checkout"
    shutil.copytree(path.parent / "data", other / "data")
    moved = wind_case(other, output={"brief": False, "netcdf": True})
    res = cli("compare", moved, "--baseline", "tiny", "--out", tmp_path / "new",
              "--search", results, "--workers", "1")
    assert res.exit_code == 0, res.output
    assert str(run_dir) in (tmp_path / "new" / "comparison.csv").read_text()
    assert not (tmp_path / "new" / "tiny").exists()  # nothing was run


def test_override_run_is_named_and_labelled_everywhere(case, tmp_path, cli):
    path, _, _ = case
    out = tmp_path / "results"
    res = cli("run", path, "--set", "permitting.wind.approval_months=12", "--set",
              "solver.threads=1", "--set", "output.brief=true", "--out", out)
    assert res.exit_code == 0, res.output
    name = "tiny__wind.approval_months-12"
    (run_dir,) = published(out, name)
    assert not (out / "tiny").exists()  # not among the plain scenario's runs
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["scenario"] == name and manifest["base_scenario"] == "tiny"
    assert manifest["schema_version"] == 2 and len(manifest["run_identity"]) == 64
    brief = (run_dir / "brief.html").read_text()
    assert "<h1>Brief: tiny (permitting.wind.approval_months=12)</h1>" in brief
    assert f"<code>{name}</code>" in brief  # the run's name, under provenance
    assert "--set permitting.wind.approval_months=12" in brief
    res = cli("run", path, "--name", "my_run", "--set", "permitting.wind.approval_months=12",
              "--out", out)
    assert res.exit_code == 0 and published(out, "my_run")
    res = cli("compare", path, run_dir, "--baseline", "tiny", "--out", out)
    assert res.exit_code == 0, res.output
    assert "--set permitting.wind.approval_months=12" in res.text
    assert "permitting.wind.approval_months=12" in (out / "comparison.csv").read_text()


def test_enumerated_options_list_their_choices(case, tmp_path, cli):
    _, _, run_dir = case
    res = cli("compare", run_dir, "--delay-basis", "leadtime", "--out", tmp_path)
    assert res.exit_code == 2
    assert "'lead_time'" in res.text and "'pipeline'" in res.text
    res = cli("report", run_dir, "--lang", "fr")
    assert res.exit_code == 2 and "'en'" in res.text and "'de'" in res.text


@pytest.mark.parametrize("days", [1, 2])
def test_too_few_representative_days_for_the_extreme_days(cli, days):
    res = cli("validate", REPO / "scenarios" / "reference.yaml", "--set",
              f"time.representative_days={days}")
    assert res.exit_code == 2, res.output
    assert (f"time.representative_days={days}: the extreme days (lowest wind, peak demand) "
            "take 2 representative days") in res.text
    assert "at least 3" in res.text and "time.extreme_days: false" in res.text


def test_no_manifest_tampering_crashes_the_readers(case, tmp_path, monkeypatch):
    """Every key of a real manifest, and every key of its scenario, set to a value of a
    wrong type: loading and comparing either work or raise InputError, nothing else."""
    from model.errors import InputError
    from model.outputs import compare
    from model.outputs import manifest as mf

    _, _, run_dir = case
    original = json.loads((run_dir / "manifest.json").read_text())
    paths = [(k,) for k in original] + [("resolved_scenario", k)
                                          for k in original["resolved_scenario"]]
    folder = tmp_path / "tiny" / "20250101T000000-1"
    shutil.copytree(run_dir, folder)
    results = runs.open_results(run_dir)  # the manifest is under test: read results once
    monkeypatch.setattr(runs, "open_results", lambda path: results.copy())
    refused = set()
    for path in paths:
        for value in ("x", [1]):
            manifest = json.loads(json.dumps(original))
            node = manifest
            for part in path[:-1]:
                node = node[part]
            node[path[-1]] = value
            (folder / "manifest.json").write_text(json.dumps(manifest))
            try:
                run = runs.load_run(folder)
                compare.compare_runs([run], run.name)
            except InputError as err:  # anything else fails the test
                assert str(folder / "manifest.json") in str(err), str(err)
                refused.add(path)
    assert {(k,) for k in mf.REQUIRED} <= refused  # wrong types in required keys: refused
    assert {("resolved_scenario", "permitting"), ("resolved_scenario", "years")} <= refused
