"""Reproduce a run: ``run --from-manifest`` re-runs the manifest's resolved scenario and warns
about every input hash, version or commit that differs (README "What the tool promises")."""

from __future__ import annotations

import json

import pytest
from cases import published, wind_case

from model.errors import InputError
from model.inputs import config
from model.outputs import integrity
from model.runner import run_scenario

pytestmark = pytest.mark.cli


@pytest.fixture
def first_run(tmp_path):
    scenario = wind_case(tmp_path)
    run = run_scenario(scenario, ["solver.seed=7"], tmp_path / "out")
    assert run.outcome == "optimal"
    return run


def test_manifest_records_what_a_rerun_needs(first_run):
    m = json.loads((first_run.run_dir / "manifest.json").read_text())
    assert {"input_sha256", "resolved_scenario", "versions", "git_commit", "solver_options",
            "seed", "scenario_sha256", "numerics", "promise", "reproduce"} <= set(m)
    assert m["seed"] == 7 and m["solver_options"]["random_seed"] == 7
    assert {"python", "pyomo", "highspy", "highs", "harz-planner"} <= set(m["versions"])
    assert "plants.csv" in m["input_sha256"] and len(m["input_sha256"]["plants.csv"]) == 64
    again = config.scenario_from_dict(m["resolved_scenario"])
    assert config.scenario_hash(again) == m["scenario_sha256"]


def test_rerun_from_manifest_is_identical_and_quiet(first_run, tmp_path, cli):
    manifest = first_run.run_dir / "manifest.json"
    res = cli("run", "--from-manifest", manifest, "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    assert "differs" not in res.text and "has changed" not in res.text
    new = [p for p in published(tmp_path / "out", first_run.run_dir.parent.name)
           if p != first_run.run_dir]
    m = json.loads((new[0] / "manifest.json").read_text())
    assert m["reproduces"]["run_id"] == first_run.run_dir.name
    assert m["reproduces"]["differences"] == []
    assert m["objective_meur"] == pytest.approx(first_run.solve.objective, rel=1e-12)


def test_rerun_warns_on_changed_input_and_version(first_run, tmp_path, cli):
    prices = tmp_path / "data" / "prices.csv"
    prices.write_text(prices.read_text().replace("100.0", "110.0"))
    manifest_path = first_run.run_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["versions"]["pyomo"] = "0.0.1"
    edited = tmp_path / "edited-manifest.json"
    edited.write_text(json.dumps(manifest))
    res = cli("run", "--from-manifest", edited, "--out", tmp_path / "out")
    assert res.exit_code == 0, res.output
    assert "input prices.csv has changed" in res.text
    assert "version of pyomo: 0.0.1 in the manifest" in res.text
    new = [p for p in published(tmp_path / "out", first_run.run_dir.parent.name)
           if p != first_run.run_dir]
    diffs = json.loads((new[0] / "manifest.json").read_text())["reproduces"]["differences"]
    assert any("prices.csv" in d for d in diffs) and any("pyomo" in d for d in diffs)


def test_bad_manifest_is_bad_input(tmp_path, cli):
    assert cli("run", "--from-manifest", tmp_path / "missing.json").exit_code == 2
    broken = tmp_path / "manifest.json"
    broken.write_text("{not json")
    res = cli("run", "--from-manifest", broken)
    assert res.exit_code == 2 and "cannot read the manifest" in res.text
    assert cli("run").exit_code == 2  # neither a scenario nor a manifest
    broken.write_text("{}")
    with pytest.raises(InputError, match="key 'scenario' is missing"):
        integrity.load_manifest(broken)
