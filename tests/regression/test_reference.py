"""The reference scenario end to end against stored values (regression).

Tolerance tied to the MIP gap: two solves that are each optimal within their gap (objective
minus bound, M EUR; the reference stops at ``solver.mip_abs_gap_meur``) may differ in
objective by up to the sum of their gaps. Emissions are not the objective:
alternative optima within the gap can move them by a few per cent, so they get a looser,
stated tolerance (:data:`EMISSIONS_REL_TOL` for the horizon total,
:data:`YEARLY_EMISSIONS_REL_TOL` for every year).
Regenerate the expected file deliberately after a model change:
``python tests/regression/test_reference.py --update``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd
import pytest

HERE = Path(__file__).parent
REPO = HERE.parent.parent
EXPECTED = HERE / "reference_expected.json"
#: Alternative optima within the gap (other plant decisions) move emissions: 0.3 % between
#: three solver seeds of a reduced reference (2025-2034, 4 days). Before the export fee broke
#: the import/export tie, gross imports alone moved them by up to 6.6 % at equal cost.
EMISSIONS_REL_TOL = 0.02
#: A single year moves more than the total: 1.2 % in 2034 between those seeds, growing as the
#: grid factor falls and the plants' own emissions dominate.
YEARLY_EMISSIONS_REL_TOL = 0.05
#: The hourly-validated NPV re-dispatches the plan: alternative plans within the MIP gap can
#: move it by more than the gap itself (stated, not measured across many seeds).
HOURLY_NPV_REL_TOL = 0.01


def _summary(result) -> dict:
    ds = result.dataset
    return {
        "objective_meur": result.solve.objective, "bound_meur": result.solve.bound,
        "mip_gap": result.solve.gap,
        "emissions_t_by_year": {int(y): float(v) for y, v in
                                ds["emissions_t"].sum("source").to_series().items()},
        "cumulative_emissions_t": float(ds["emissions_t"].sum()),
        "wind_capacity_mw_2045": float(ds["capacity_mw"].sel(technology="wind", year=2045).sum()),
        "npv_hourly_meur": float((ds["cost_hourly_eur"].sum("category")
                                  * ds["discount_factor"]).sum()) * 1e-6,
        "cumulative_emissions_hourly_t": float(ds["emissions_hourly_t"].sum()),
    }


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory):
    from model.runner import run_scenario

    out = tmp_path_factory.mktemp("results")
    return run_scenario(REPO / "scenarios" / "reference.yaml", out_root=out)


@pytest.mark.regression
def test_reference_objective_within_gap(reference_run):
    expected = json.loads(EXPECTED.read_text())
    got = _summary(reference_run)
    assert reference_run.outcome == "optimal"
    tol = (got["objective_meur"] - got["bound_meur"]) + (
        expected["objective_meur"] - expected["bound_meur"])
    assert abs(got["objective_meur"] - expected["objective_meur"]) <= tol + 1e-6
    assert got["cumulative_emissions_t"] == pytest.approx(expected["cumulative_emissions_t"],
                                                          rel=EMISSIONS_REL_TOL)


@pytest.mark.regression
def test_reference_hourly_validation(reference_run):
    """The published (hourly-validated) NPV and emissions against the stored values."""
    expected = json.loads(EXPECTED.read_text())
    got = _summary(reference_run)
    assert got["npv_hourly_meur"] == pytest.approx(expected["npv_hourly_meur"],
                                                   rel=HOURLY_NPV_REL_TOL)
    assert got["cumulative_emissions_hourly_t"] == pytest.approx(
        expected["cumulative_emissions_hourly_t"], rel=EMISSIONS_REL_TOL)
    hv = json.loads((reference_run.run_dir / "manifest.json").read_text())["hourly_validation"]
    assert all(s == "optimal" for s in hv["status"].values())
    assert hv["npv_hourly_meur"] == pytest.approx(got["npv_hourly_meur"], rel=1e-9)
    # a fresh results root holds no validated year to reuse: every year was solved here
    assert hv["years_reused"] == {}


@pytest.mark.regression
def test_reference_yearly_emissions_within_tolerance(reference_run):
    """Every stored yearly emission value, within :data:`YEARLY_EMISSIONS_REL_TOL`."""
    expected = {int(y): v for y, v in
                json.loads(EXPECTED.read_text())["emissions_t_by_year"].items()}
    got = _summary(reference_run)["emissions_t_by_year"]
    assert sorted(got) == sorted(expected)
    off = {y: got[y] / expected[y] - 1 for y in expected if got[y] != pytest.approx(
        expected[y], rel=YEARLY_EMISSIONS_REL_TOL)}
    assert not off, f"yearly emissions off by more than {YEARLY_EMISSIONS_REL_TOL:.0%}: {off}"


@pytest.mark.regression
def test_reference_files_and_accounting(reference_run):
    run_dir = reference_run.run_dir
    names = {p.name for p in run_dir.iterdir()}
    assert {"emissions.csv", "costs.csv", "pathways.csv", "results.nc", "manifest.json",
            "brief.html", "solver.log"} <= names
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["outcome"] == "optimal" and len(manifest["input_sha256"]) >= 13
    costs = pd.read_csv(run_dir / "costs.csv")
    planning = costs[costs["basis"] == "planning"]
    # discounted planning costs add up to the reported NPV: the optimised objective (the
    # decision-dependent cost) plus the constant terms kept out of it (M EUR)
    npv = manifest["npv"]
    assert planning["discounted_cost_eur"].sum() / 1e6 == pytest.approx(npv["total_meur"],
                                                                        rel=1e-7)
    assert npv["optimised_meur"] == pytest.approx(manifest["objective_meur"], rel=1e-7)
    assert npv["total_meur"] == pytest.approx(
        npv["optimised_meur"] + npv["constant_terms_meur"], rel=1e-9)
    hourly = costs[costs["basis"] == "hourly"]
    assert hourly["discounted_cost_eur"].sum() / 1e6 == pytest.approx(
        manifest["hourly_validation"]["npv_hourly_meur"], rel=1e-7)
    assert manifest["perspective"] == "regional_system"
    assert set(manifest["binding_limits"]) == {"land", "approval_cap", "transmission"}
    gap_stop_eur = reference_run.solve.options["mip_abs_gap"] * 1e6  # the absolute gap stop
    assert manifest["gap"]["gap_eur"] <= gap_stop_eur + 1.0
    emissions = pd.read_csv(run_dir / "emissions.csv")
    assert emissions.loc[emissions["basis"] == "planning", "emissions_t"].sum() == \
        pytest.approx(manifest["cumulative_emissions_t"])
    ds = reference_run.dataset  # the yearly system balance closes in every year
    supply = (ds["generation_mwh"].sum("generator") + ds["import_mwh"] + ds["must_run_mwh"]
              + ds["battery_discharge_mwh"]).sum("region")
    uses = (ds["export_mwh"] + ds["battery_charge_mwh"] + ds["plant_electricity_mwh"]
            + ds["other_demand_mwh"]).sum("region")
    assert supply.values == pytest.approx(uses.values, rel=1e-6)
    tidy = pd.read_csv(run_dir / "pathways.csv", keep_default_na=False, na_values=[""])
    assert list(tidy.columns) == ["scenario", "year", "region", "variable", "item_kind", "item",
                                  "plant", "stage", "value", "unit"]
    assert not tidy["value"].map(lambda v: str(v) == "-0.0").any()
    assert (tidy.groupby(["variable", "item"], dropna=False)["unit"].nunique() == 1).all()


def test_sweep_status_reads_each_basis_once(reference_run):
    """A sweep member's status (``sweep.csv``) reads the validated run's ``emissions.csv``
    (every year twice, one row set per basis) one basis at a time: the planning total equals
    the manifest's, the hourly total the validation's, never their sum (which it was)."""
    from model.sweep.job import _from_run_dir

    status: dict = {}
    _from_run_dir(status, reference_run.run_dir)
    manifest = json.loads((reference_run.run_dir / "manifest.json").read_text())
    assert status["cumulative_emissions_t"] == pytest.approx(manifest["cumulative_emissions_t"])
    assert status["cumulative_emissions_hourly_t"] == pytest.approx(
        float(reference_run.dataset["emissions_hourly_t"].sum()))
    assert sum(status["emissions_t"].values()) == pytest.approx(status["cumulative_emissions_t"])


if __name__ == "__main__" and "--update" in sys.argv:
    import tempfile

    from model.runner import run_scenario

    result = run_scenario(REPO / "scenarios" / "reference.yaml", out_root=tempfile.mkdtemp())
    EXPECTED.write_text(json.dumps(_summary(result), indent=1))
    print(f"updated {EXPECTED}")
