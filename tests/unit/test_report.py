"""The HTML policy brief: content, banners, languages, escaping and the run-folder round trip.

The Dataset comes from a real solve of the tiny data set (tests/tiny.py): one plant with
process heat that may electrify, and 8 MW of wind land with an 18-month approval, 2025-2027,
so emissions, costs (with export revenue below zero), capacity, the wind pipeline and the heat
mix are all non-trivial.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from tiny import PROV, default_tables, plant_row

from model.errors import InputError
from model.inputs import config
from model.outputs import files as output
from model.outputs import results
from model.outputs.manifest import Manifest
from model.outputs.report import fmt, render_brief, write_brief

pytestmark = pytest.mark.unit

PROMISE = ("optimal within the reported gap and tolerances, for these input hashes, versions "
           "and seed")


def tiny_tables() -> dict[str, pd.DataFrame]:
    """Wind (8 MW land, 18 months approval) and a heat plant with two electrification options."""
    t = default_tables()
    t["land"] = pd.DataFrame(
        [{"region": "r1", "technology": k, "year": 2025, "potential_mw": v, **PROV}
         for k, v in (("wind", 8.0), ("pv_ground", 0.0), ("battery_power", 0.0),
                      ("battery_energy", 0.0))], columns=t["land"].columns)
    perm = t["permitting"]
    perm.loc[perm["technology"] == "wind", "approval_months"] = 18
    costs = t["technology_costs"]
    costs.loc[costs["technology"] == "ht_heat_pump", "efficiency"] = 3.0
    t["prices"]["ets2_eur_per_t"] = 100.0
    t["plants"] = pd.DataFrame([plant_row(heat_mwh_per_t=1.0, heat_temp_c=90.0,
                                          options="electric_boiler;ht_heat_pump")])
    return t


_SOLVED: dict[str, tuple] = {}  # one solve per test session keeps the module under 15 s


@pytest.fixture
def run(tiny):
    """(Dataset, manifest) of the solved tiny case, the manifest shaped like the runner's."""
    if "run" not in _SOLVED:
        _SOLVED["run"] = solve_tiny(tiny)
    ds, manifest = _SOLVED["run"]
    return ds.copy(deep=True), manifest  # frozen: changes make copies


def solve_tiny(tiny) -> tuple:
    d, m, res = tiny(tables=tiny_tables(), years={"start": 2025, "end": 2027})
    assert res.outcome == "optimal"
    ds = results.to_dataset(m, d)
    manifest = Manifest(
        scenario="tiny", run_id="20250101T000000-1", outcome="optimal",
        gap_flag=False, objective_meur=res.objective, bound_meur=res.bound,
        mip_gap=res.gap, versions=output.versions(), git_commit="0123abc+dirty",
        scenario_sha256=config.scenario_hash(d.scenario), input_sha256=d.sha256,
        resolved_scenario=config.resolved_dict(d.scenario), seed=0, promise=PROMISE,
    )
    return ds, manifest


def bare(scenario: str = "s") -> Manifest:
    """A manifest with only what every manifest has, and no objective (shown as n/a)."""
    return Manifest(scenario=scenario, run_id="r", outcome="optimal", objective_meur=None,
                    resolved_scenario={}, input_sha256={}, versions={})


def banner_count(html: str) -> int:
    return html.count('class="banner"')


def test_fmt_by_language():
    assert fmt(1234567.891, 2) == "1,234,567.89"
    assert fmt(1234567.891, 2, "de") == "1.234.567,89"
    assert fmt(-0.0001, 3) == "0.000"
    assert fmt(None) == "n/a"
    assert fmt(float("nan"), 1, "de") == "k. A."


def test_brief_content_and_self_contained(run):
    ds, manifest = run
    html = render_brief(ds, manifest)
    assert html.startswith("<!DOCTYPE html>")
    assert html.rstrip().endswith("</html>")
    assert '<html lang="en">' in html
    assert "<title>Policy brief: tiny (optimal)</title>" in html
    assert f"{fmt(manifest.objective_meur, 3)} M EUR2025" in html
    assert html.count("<svg") >= 3
    assert html.count("<svg") == 5  # emissions, costs, capacity, wind pipeline, heat mix
    for external in ('src="http', "<link", 'href="http', "@import", "url(http", "<script"):
        assert external not in html, external
    cumulative = float(ds["emissions_t"].sum())
    assert f"{fmt(cumulative, 0)} t CO2" in html
    assert "Permitting pipeline (wind)" in html
    assert "Plant electrification decisions" in html
    assert banner_count(html) == 0
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # five inline SVGs share one id space
    # provenance footer: every input hash, the scenario hash, versions and the promise
    for name, digest in manifest.input_sha256.items():
        assert f"<td>{name}</td><td><code>{digest}</code></td>" in html
    assert manifest.scenario_sha256 in html
    assert "0123abc+dirty" in html
    assert f"<code>{manifest.versions['xarray']}</code>" in html
    assert PROMISE in html


def test_gap_limited_and_slack_banners_and_escaping(run):
    """One render for the warnings and the escaping (rendering is the slow part)."""
    ds, manifest = run
    ds["shed_mwh"] = ds["import_mwh"] * 0.0 + 2.5  # the run has no slack variables
    html = render_brief(ds, manifest.replace(outcome="feasible_at_limit", mip_gap=0.0123,
                                                scenario="<script>alert(1)</script>",
                                                promise='a & b "c"'))
    assert banner_count(html) == 2
    assert "Gap-limited result (outcome &#39;feasible_at_limit&#39;, MIP gap 1.23 %)" in html
    assert "Slack used: 7.5 MWh load shed" in html  # 2.5 MWh in each of three years
    assert "<script" not in html
    assert "<h1>Policy brief: &lt;script&gt;alert(1)&lt;/script&gt;</h1>" in html
    assert "a &amp; b &#34;c&#34;" in html


def test_missing_variables_skip_their_figures(run):
    ds, manifest = run
    slim = ds.drop_vars(["pipeline_mw", "plant_heat_supply_mwh_th", "plant_equipment_order_year",
                         "plant_equipment_installed"])
    html = render_brief(slim, bare("tiny"))
    assert html.count("<svg") == 3
    assert "No electrification options in this scenario." in html
    assert "n/a" in html  # no objective, gap or hashes in the manifest


def test_decisions_leave_out_options_a_plant_does_not_have():
    """``results`` fills absent (plant, option) pairs with order year 0, alignment with NaN."""
    coords = {"plant": ["p1", "p2"], "option": ["boiler", "pump", "store"]}
    order = xr.DataArray([[2026.0, np.nan, 0.0], [np.nan] * 3], coords=coords,
                         dims=["plant", "option"])
    size = xr.DataArray(np.stack([[[0.0, 2.0], [0.0, 0.0], [0.0, 0.0]], np.full((3, 2), np.nan)]),
                        coords={**coords, "year": [2025, 2026]}, dims=["plant", "option", "year"])
    ds = xr.Dataset({"plant_equipment_order_year": order, "plant_equipment_installed": size})
    html = render_brief(ds, bare())
    rows = re.findall(r'<tr><td>(p\d)</td><td>(\w+)</td><td class="num">([^<]+)</td>', html)
    assert rows == [("p1", "boiler", "2026"), ("p1", "pump", "not built")]
    assert "<svg" not in html


def test_write_brief_round_trip_in_english_and_german(run, tmp_path):
    ds, manifest = run
    run_dir = output.write_run(tmp_path / "results", "tiny", manifest.run_id, ds, manifest)
    before = {p.name for p in run_dir.iterdir()}
    path = write_brief(run_dir)
    assert path == run_dir / "brief.html"
    html = path.read_text(encoding="utf-8")
    assert html.count("<svg") == 5
    assert f"{fmt(manifest.objective_meur, 3)} M EUR2025" in html
    # decisions survive the netCDF round trip (NaN = not built)
    order = ds["plant_equipment_order_year"].to_series()
    for (plant, option), year in order.items():
        cell = "not built" if np.isnan(year) else str(int(year))
        assert re.search(rf"<td>{plant}</td><td>{option}</td><td class=\"num\">{cell}</td>",
                         html)
    de = write_brief(run_dir, lang="de")
    assert de == run_dir / "brief.de.html"
    html = de.read_text(encoding="utf-8")
    assert '<html lang="de">' in html
    for heading in ("Emissionen", "Kosten", "Kapazität", "Genehmigungspipeline",
                    "Elektrifizierungsentscheidungen der Werke", "Herkunftsnachweis"):
        assert f"<h3>{heading}" in html or f"<h2>{heading}" in html, heading
    assert f"{fmt(manifest.objective_meur, 3, 'de')} Mio. EUR2025" in html
    assert "Policy brief" not in html
    assert {p.name for p in run_dir.iterdir()} == before | {"brief.html", "brief.de.html"}


def test_write_brief_refuses_folder_without_manifest(run, tmp_path):
    ds, _ = run
    folder = tmp_path / "half"
    folder.mkdir()
    ds.to_netcdf(folder / "results.nc", engine="h5netcdf")
    with pytest.raises(InputError, match="no manifest.json"):
        write_brief(folder)
    with pytest.raises(InputError, match="'fr' is not supported"):
        render_brief(ds, bare(), lang="fr")
    assert not any(folder.glob("brief*"))
