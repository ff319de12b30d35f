"""``python run.py sweep``: a real Snakemake sweep of four tiny members, end to end.

Tiny data set (tests/tiny.py) as in test_compare.py: 2025-2029, discount rate 0, one region,
wind only with 8 MW of land (4 turbines of 2 MW at cf 0.5), a flat 1 MW plant, wind capture
rate 0.5 (exports earn 50 EUR/MWh against 100 for imports). A year with the 8 MW online costs
0.8 M EUR of capex and earns 3 MW x 8,760 h x 50 EUR = 1.314 M EUR of exports, i.e.
-0.514 M EUR; a year without wind imports 8,760 MWh: +0.876 M EUR and
4,380 t CO2 (grid factor 0.5 t/MWh). Wind started in 2025 is online from 2025 (0 months of
approval), 2026 (12) or 2027 (24):

=========  ========  ============================  =====================  ==========
member     approval  NPV (M EUR)                   cumulative emissions   2025
=========  ========  ============================  =====================  ==========
fast       0         5 x -0.514 = -2.570           0 t                    0 t
reference  12        0.876 + 4 x -0.514 = -1.180   4,380 t                4,380 t
slow       24        2 x 0.876 + 3 x -0.514        8,760 t                4,380 t
                     = 0.210
capped     24, cap   infeasible: 2025 emits 4,380 t against a cap of 0 t (exit 4)
=========  ========  ============================  =====================  ==========

``slow`` reads its own copy of the data set (``data: data_b``), so changing a file there
must rerun ``slow`` only.
"""

from __future__ import annotations

import json
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml
from cases import wind_capture_half, wind_tables
from tiny import hourly_profiles, write_dataset, write_scenario

pytestmark = pytest.mark.cli

REPO = Path(__file__).resolve().parents[2]
PROFILE = REPO / "workflow" / "profiles" / "slurm"
NPV = {"fast": -2.570, "reference": -1.180, "slow": 0.210}
EMISSIONS = {"fast": 0.0, "reference": 4380.0, "slow": 8760.0}
SWEEP = {
    "base": "tiny.yaml",
    "name": "wind_{permitting.wind.approval_months}m",
    "members": [
        {"name": "fast", "set": {"permitting.wind.approval_months": 0}},
        {"name": "reference", "set": {"permitting.wind.approval_months": 12}},
        {"name": "slow", "set": {"permitting.wind.approval_months": 24, "data": "data_b"}},
        {"name": "capped", "set": {"permitting.wind.approval_months": 24,
                                   "policy.co2_cap_t.2025": 0}},
    ],
}


def _tables() -> dict[str, pd.DataFrame]:
    """The tiny wind case's tables (``cases.wind_tables``) at wind capture rate 0.5."""
    t = wind_tables()
    wind_capture_half(t)
    return t


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    root = tmp_path_factory.mktemp("sweep")
    data = write_dataset(root / "data", _tables(), hourly_profiles())
    shutil.copytree(data, root / "data_b")
    write_scenario(root, data, years={"start": 2025, "end": 2029},
                   output={"brief": False, "netcdf": True})
    sweep = root / "sw.yaml"
    sweep.write_text(yaml.safe_dump(SWEEP, sort_keys=False))
    return root, sweep


@pytest.fixture(scope="module")
def invoke():
    """Like the ``cli`` fixture, module-scoped (the sweep runs once for these tests)."""
    import logging

    from typer.testing import CliRunner

    from model.cli.app import app

    root = logging.getLogger()
    saved = (root.handlers[:], root.level)

    def run(*args):
        result = CliRunner().invoke(app, [str(a) for a in args])
        return result.exit_code, " ".join(result.output.split()), result
    yield run
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def _runs(out: Path, name: str) -> list[Path]:
    return sorted(p for p in (out / name).iterdir() if (p / "manifest.json").is_file())


def _status(out: Path, name: str) -> dict:
    path = out / "sweeps" / "sw" / "members" / name / "status.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def first(setup, invoke):
    root, sweep = setup
    out = root / "results"
    code, text, result = invoke("sweep", sweep, "--cores", "2", "--out", out,
                                "--baseline", "reference")
    assert code == 0, (text, result.exception)
    return out, text


def test_sweep_csv_has_one_row_per_member_with_hand_solved_numbers(first):
    out, text = first
    df = pd.read_csv(out / "sweeps" / "sw" / "sweep.csv").set_index("name")
    assert list(df.index) == ["fast", "reference", "slow", "capped"]
    assert list(df["permitting.wind.approval_months"]) == [0, 12, 24, 24]
    for name, npv in NPV.items():
        row = df.loc[name]
        assert (row["outcome"], row["exit_code"]) == ("optimal", 0)
        assert row["npv_meur"] == pytest.approx(npv, abs=1e-3)
        assert row["cumulative_emissions_t"] == pytest.approx(EMISSIONS[name], abs=1e-3)
        assert math.isnan(row["emissions_2030_t"])  # outside the 2025-2029 horizon
        assert Path(row["run_dir"]).parent == out / name
    assert list(df.columns[-11:]) == [
        "outcome", "exit_code", "reason", "npv_meur", "cumulative_emissions_t",
        "emissions_2030_t", "emissions_2035_t", "emissions_2045_t",
        "cumulative_emissions_hourly_t", "reused", "run_dir"]
    assert df["cumulative_emissions_hourly_t"].isna().all()  # validation off in these runs


def test_infeasible_member_is_reported_and_the_others_go_on(first):
    out, text = first
    df = pd.read_csv(out / "sweeps" / "sw" / "sweep.csv").set_index("name")
    row = df.loc["capped"]
    assert (row["outcome"], row["exit_code"]) == ("infeasible", 4)
    assert "policy.co2_cap_t.2025" in row["reason"]  # the diagnosis names the cap
    assert pd.isna(row["run_dir"]) and pd.isna(row["npv_meur"])
    assert "capped: infeasible (exit 4)" in text
    assert "3 of 4 members with results" in text


def test_progress_line_per_finished_member(first):
    _, text = first
    for i in range(1, 5):
        assert f"[{i}/4] " in text
    assert "about" in text and "left" in text and "done" in text


def test_comparison_files_as_compare_writes_them(first):
    out, _ = first
    comp = pd.read_csv(out / "sweeps" / "sw" / "comparison.csv").set_index("scenario")
    assert "Comparison brief" in (out / "sweeps" / "sw" / "comparison.html").read_text()
    assert list(comp.index) == ["reference", "fast", "slow"]  # baseline first
    assert comp.loc["slow", "delta_npv_meur"] == pytest.approx(1.39, abs=1e-3)
    assert comp.loc["fast", "delta_emissions_t"] == pytest.approx(-4380, abs=1e-3)
    yearly = pd.read_csv(out / "sweeps" / "sw" / "comparison_yearly.csv")
    assert set(yearly["scenario"]) == {"reference", "fast", "slow"}


def test_second_call_recomputes_nothing_and_input_change_reruns_affected(first, setup,
                                                                         invoke):
    out, _ = first
    root, sweep = setup
    before = {n: _runs(out, n) for n in NPV}
    comparison = out / "sweeps" / "sw" / "comparison.csv"
    stamp = comparison.stat().st_mtime_ns
    code, text, _ = invoke("sweep", sweep, "--cores", "2", "--out", out,
                           "--baseline", "reference")
    assert code == 0
    assert "all 4 members up to date; nothing to run" in text
    assert "ran 0 in this call" in text
    assert {n: _runs(out, n) for n in NPV} == before
    assert comparison.stat().st_mtime_ns == stamp  # same runs, same baseline: not redone
    # a real change of a file that only 'slow' reads: slow reruns and solves anew
    sources = root / "data_b" / "SOURCES.csv"
    sources.write_text(sources.read_text() + "extra,another source,-,2025,-,-,-,-\n")
    code, text, _ = invoke("sweep", sweep, "--cores", "2", "--out", out,
                           "--baseline", "reference")
    assert code == 0
    assert "3 of 4 members up to date; running 1" in text and "[1/1] slow" in text
    assert len(_runs(out, "slow")) == 2 and not _status(out, "slow")["reused"]
    assert {n: _runs(out, n) for n in ("fast", "reference")} == {
        n: before[n] for n in ("fast", "reference")}
    # only its time stamp changes: Snakemake compares checksums and runs nothing
    sources.touch()
    code, text, _ = invoke("sweep", sweep, "--cores", "2", "--out", out)
    assert code == 0 and "nothing to run" in text


def test_another_sweep_reuses_finished_runs_without_solving(first, setup, invoke):
    out, _ = first
    root, sweep = setup
    again = root / "again.yaml"
    again.write_text(yaml.safe_dump({**SWEEP, "members": SWEEP["members"][:2]}))
    before = {n: _runs(out, n) for n in ("fast", "reference")}
    code, text, _ = invoke("sweep", again, "--cores", "2", "--out", out)
    assert code == 0 and "[2/2]" in text
    assert {n: _runs(out, n) for n in ("fast", "reference")} == before
    df = pd.read_csv(out / "sweeps" / "again" / "sweep.csv").set_index("name")
    assert df["reused"].all()
    assert df.loc["fast", "npv_meur"] == pytest.approx(NPV["fast"], abs=1e-3)
    # a run folder deleted by hand: its member runs again, the other stays up to date
    shutil.rmtree(before["fast"][0])
    code, text, _ = invoke("sweep", again, "--cores", "2", "--out", out)
    assert code == 0 and "[1/1] fast" in text and "running 1" in text
    assert len(_runs(out, "fast")) == 1 and _runs(out, "fast") != before["fast"]


def test_slurm_profile_dry_run_lists_jobs_with_declared_resources(setup, invoke, tmp_path):
    from model.sweep.plan import resources
    from model.sweep.spec import load_sweep

    root, sweep = setup
    code, text, result = invoke("sweep", sweep, "--out", tmp_path / "dry", "--",
                                "--profile", PROFILE, "--dry-run")
    assert code == 0, (text, result.exception)
    assert text.count("rule member:") == 4
    expected = resources(load_sweep(sweep).members[0].scenario)
    assert f"mem_mb={expected['mem_mb']}" in text and f"runtime={expected['runtime']}" in text
    assert "This was a dry-run" in text
    assert (f"fast: threads 1, mem_mb {expected['mem_mb']}, runtime {expected['runtime']} min"
            in text)
    assert not list((tmp_path / "dry").glob("*/*/manifest.json"))  # nothing ran
