"""Hourly validation in a run's outputs: both bases in every file, a failed validation flagged."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from cases import published, wind_case

from model.errors import EXIT_CODES, Outcome

pytestmark = pytest.mark.cli


def test_run_files_carry_both_bases(tmp_path, cli):
    """emissions.csv and costs.csv have a planning and an hourly row for every item and year;
    the manifest holds the NPV on both bases and their difference."""
    path = wind_case(tmp_path, years={"start": 2025, "end": 2026},
                     output={"brief": False, "netcdf": True, "validate_hourly": "all"})
    res = cli("run", str(path), "--out", str(tmp_path / "out"))
    assert res.exit_code == 0, res.output
    run = published(tmp_path / "out")[0]
    em = pd.read_csv(run / "emissions.csv")
    assert set(em["basis"]) == {"planning", "hourly"}
    counts = em.groupby("basis").size()
    assert counts["planning"] == counts["hourly"]
    cost = pd.read_csv(run / "costs.csv")
    manifest = json.loads((run / "manifest.json").read_text())
    hv = manifest["hourly_validation"]
    assert hv["years_validated"] == [2025, 2026]
    hourly_npv = cost.loc[cost["basis"] == "hourly", "discounted_cost_eur"].sum() / 1e6
    assert hv["npv_hourly_meur"] == pytest.approx(hourly_npv, rel=1e-9)
    # every day is the same in the tiny data: the plan holds exactly at hourly resolution
    assert hv["npv_planning_meur"] == pytest.approx(hv["npv_hourly_meur"], rel=1e-6)

    # the brief states the hourly basis, and its numbers are the CSVs' hourly rows
    import xarray as xr

    from model.outputs import facts

    assert manifest["headline_basis"] == "hourly_validated"
    with xr.open_dataset(run / "results.nc") as ds:
        f = facts.compute(ds.load(), manifest)
    assert f.basis == "hourly_validated" and f.validated_years == [2025, 2026]
    assert f.npv_eur == pytest.approx(hourly_npv * 1e6, rel=1e-9)
    assert f.cumulative_t == pytest.approx(
        em.loc[em["basis"] == "hourly", "emissions_t"].sum(), rel=1e-9)


def test_failed_validation_is_published_flagged(tmp_path, cli, monkeypatch):
    """A validation LP that fails: results written, flag file, exit 3, never 'optimal' alone."""
    from model.solve import hourly

    monkeypatch.setattr(hourly, "solve_by_components", lambda m, options: Outcome.INFEASIBLE)
    path = wind_case(tmp_path, years={"start": 2025, "end": 2025},
                     output={"brief": False, "validate_hourly": "all"})
    res = cli("run", str(path), "--out", str(tmp_path / "out"))
    assert res.exit_code == EXIT_CODES[Outcome.FEASIBLE_LIMIT], res.output
    run = published(tmp_path / "out")[0]
    assert (run / "HOURLY_VALIDATION_FAILED.txt").is_file()
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["hourly_validation"]["status"] == {"2025": "infeasible"}
    assert any("hourly validation" in w for w in manifest["warnings"])
