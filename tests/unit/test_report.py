"""The run brief: sections in order, banners, escaping, the run-folder round trip, and every
number of the first screen checked against the run's CSV files.

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
from brief_run import PROMISE, publish

from model.errors import InputError
from model.outputs.i18n import amount
from model.outputs.report import context, fmt, render_brief, write_brief

pytestmark = pytest.mark.unit

def banner_count(html: str) -> int:
    return html.count('class="banner"')


SECTIONS = ("first-screen", "assumptions", "figures", "tables", "reading", "sources",
            "provenance")


def test_fmt_by_language():
    assert fmt(1234567.891, 2) == "1,234,567.89"
    assert fmt(1234567.891, 2, "de") == "1.234.567,89"
    assert fmt(-0.0001, 3) == "0.000"
    assert fmt(None) == "n/a"
    assert fmt(float("nan"), 1, "de") == "k. A."


def test_brief_sections_in_order_and_self_contained(tiny_run):
    ds, manifest = tiny_run
    html = render_brief(ds, manifest)
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert '<html lang="en">' in html
    assert "<title>Brief: tiny (plants.flexibility=true)</title>" in html
    positions = [html.index(f'id="{s}"') for s in SECTIONS]
    assert positions == sorted(positions)  # provenance last
    assert html.count("<svg") == 5  # emissions, costs, capacity, pipeline, electrification
    for external in ('src="http', "<link", "@import", "url(http", "<script"):
        assert external not in html, external
    assert re.findall(r'href="(http[^"]*)"', html) == []  # tiny sources carry no URLs
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert "<code>--set plants.flexibility=true</code>" in html
    assert "Permitting duration" in html and "Wind" in html
    assert banner_count(html) == 0
    for raw in ("pv_rooftop", "ht_heat_pump", "electric_boiler", "export_revenue"):
        visible = re.sub(r"<[^>]+>", " ", re.sub(r"<svg.*?</svg>", "", html, flags=re.S))
        assert raw not in visible, raw  # human labels, not model ids
    assert manifest["scenario_sha256"][:12] in html
    assert manifest["scenario_sha256"] not in html  # provenance is compact
    assert PROMISE in html


def test_gap_limited_and_slack_banners_and_escaping(tiny_run):
    ds, manifest = tiny_run
    ds["shed_mwh"] = ds["import_mwh"] * 0.0 + 2.5  # the run has no slack variables
    html = render_brief(ds, {**manifest, "outcome": "feasible_at_limit", "mip_gap": 0.0123,
                             "scenario": "<script>alert(1)</script>"})
    assert banner_count(html) == 2
    assert "Not proven optimal (solver outcome: feasible, stopped at a limit, gap 1.23 %)" in html
    assert "7.5 MWh of demand not met" in html  # 2.5 MWh in each of three years
    assert "<script" not in html
    assert "<h1>Brief: &lt;script&gt;alert(1)&lt;/script&gt; (plants.flexibility=true)</h1>" \
        in html


def test_missing_variables_skip_their_figures(tiny_run):
    ds, manifest = tiny_run
    slim = ds.drop_vars(["pipeline_mw", "plant_equipment_order_year",
                         "plant_equipment_installed"])
    html = render_brief(slim, {"scenario": "tiny", "outcome": "optimal"})
    assert html.count("<svg") == 3
    assert "No electrification options in this scenario." in html
    assert "data set folder is not available" in html


def test_decisions_leave_out_options_a_plant_does_not_have():
    """``results`` fills absent (plant, option) pairs with order year 0, alignment with NaN."""
    coords = {"plant": ["p1", "p2"], "option": ["electric_boiler", "ht_heat_pump", "store"]}
    order = xr.DataArray([[2026.0, np.nan, 0.0], [np.nan] * 3], coords=coords,
                         dims=["plant", "option"])
    size = xr.DataArray(np.stack([[[0.0, 2.0], [0.0, 0.0], [0.0, 0.0]], np.full((3, 2), np.nan)]),
                        coords={**coords, "year": [2025, 2026]}, dims=["plant", "option", "year"])
    ds = xr.Dataset({"plant_equipment_order_year": order, "plant_equipment_installed": size})
    html = render_brief(ds, {"scenario": "s", "outcome": "optimal"})
    rows = re.findall(r'<tr><td>(p\d)</td><td>([\w -]+)</td><td class="num">([^<]+)</td>', html)
    assert rows == [("p1", "Electric boiler", "2026"),
                    ("p1", "High-temperature heat pump", "not built")]


def test_write_brief_round_trip_in_english_and_german(tiny_run, tmp_path):
    ds, manifest = tiny_run
    run_dir = publish(tmp_path / "results", "tiny", ds, manifest)
    before = {p.name for p in run_dir.iterdir()}
    path = write_brief(run_dir)
    assert path == run_dir / "brief.html"
    assert path.read_text(encoding="utf-8").count("<svg") == 5
    de = write_brief(run_dir, lang="de")
    assert de == run_dir / "brief.de.html"
    html = de.read_text(encoding="utf-8")
    assert '<html lang="de">' in html
    for heading in ("Das Wichtigste in Kürze", "Kennzahlen", "Annahmen", "Datenherkunft",
                    "Nachvollziehbarkeit", "So sind die Zahlen zu lesen"):
        assert f">{heading}</h2>" in html, heading
    assert "<title>Kurzbericht: tiny" in html
    assert "Modelllauf vom 01.01.2025" in html  # Babel's German date format
    assert {p.name for p in run_dir.iterdir()} == before | {"brief.html", "brief.de.html"}


def _numbers(text: str) -> list[str]:
    """Numbers with their unit as written in the brief ('5.6 bn EUR', '470 kt CO₂')."""
    return re.findall(r"-?[\d.,]+\u00a0(?:bn EUR|M EUR|thousand EUR|EUR|Mt CO₂|kt CO₂|t CO₂|GW|"
                      r"MW)", text)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_every_number_on_the_first_screen_matches_the_csv_files(tiny_run, tmp_path, lang):
    """Summary and headline numbers, recomputed from costs.csv, emissions.csv, pathways.csv."""
    ds, manifest = tiny_run
    run_dir = publish(tmp_path / "results", "tiny", ds, manifest)
    costs = pd.read_csv(run_dir / "costs.csv")
    em = pd.read_csv(run_dir / "emissions.csv").groupby("year")["emissions_t"].sum()
    paths = pd.read_csv(run_dir / "pathways.csv")
    cap = paths[(paths["variable"] == "capacity")].groupby(["item", "year"])["value"].sum()
    disc = costs.groupby("category")["discounted_cost_eur"].sum()
    revenue = -disc[disc < 0].sum()
    years = sorted(em.index)
    added = {k: sum(cap[t, years[-1]] - cap[t, years[0]] for t in techs if t in cap.index)
             for k, techs in (("wind", ["wind"]), ("pv", ["pv_ground", "pv_rooftop"]))}
    expected = {
        amount(disc.sum(), "eur", lang), amount(disc[disc >= 0].sum(), "eur", lang),
        amount(revenue, "eur", lang), amount(em.sum(), "t", lang),
        *(amount(em[y], "t", lang) for y in years[::len(years) - 1]),
        *(amount(em[y], "t", lang, ref=em.max()) for y in years[::len(years) - 1]),
        *(amount(v, "mw", lang) for v in added.values()),
    }
    assert abs(disc.sum() / 1e6 - manifest["objective_meur"]) < 1e-6 * max(
        1.0, abs(manifest["objective_meur"]))
    ctx = context(xr.open_dataset(run_dir / "results.nc").load(), manifest, lang)
    summary = " ".join(ctx["summary"])
    headline = " ".join(value for _, value in ctx["headline"])
    assert len(ctx["summary"]) == 3
    for text in (summary, headline):
        found = _numbers(text)
        assert found, text
        unexplained = [n for n in found if n not in expected]
        assert unexplained == [], (unexplained, expected)
    for value in (amount(disc.sum(), "eur", lang), amount(em.sum(), "t", lang)):
        assert value in summary and value in headline


def test_write_brief_refuses_folder_without_manifest(tiny_run, tmp_path):
    ds, _ = tiny_run
    folder = tmp_path / "half"
    folder.mkdir()
    ds.to_netcdf(folder / "results.nc", engine="h5netcdf")
    with pytest.raises(InputError, match="no manifest.json"):
        write_brief(folder)
    with pytest.raises(InputError, match="'fr' is not supported"):
        render_brief(ds, {}, lang="fr")
    assert not any(folder.glob("brief*"))


@pytest.mark.parametrize("lang", ["en", "de"])
def test_how_to_read_says_the_constant_terms_are_outside_the_optimised_npv(tiny_run, lang):
    """One sentence names the constant terms and both NPVs, from the manifest's ``npv``
    (values set here: the tiny data has no grid mark-up, so its constant terms are 0)."""
    ds, manifest = tiny_run
    assert set(manifest["npv"]) >= {"optimised_meur", "constant_terms_meur"}
    npv = {"optimised_meur": 1.25, "constant_terms_meur": 3.5,
           "constant_terms_by_category_meur": {"grid_markup_fixed": 3.0,
                                               "fixed_om_existing": 0.5}}
    manifest["npv"] = npv
    reading = " ".join(context(ds, manifest, lang)["reading"])
    assert amount(1e6 * npv["constant_terms_meur"], "eur", lang) in reading
    assert amount(1e6 * npv["optimised_meur"], "eur", lang) in reading
    words = {"en": ("outside the optimised", "network charges and levies on the fixed demand"),
             "de": ("außerhalb des optimierten", "Netzentgelte und Umlagen auf die feste")}
    for w in words[lang]:
        assert w in reading, w
    sentence = next(p for p in context(ds, manifest, lang)["reading"] if words[lang][0] in p)
    assert "(constant)" not in sentence and "(konstant)" not in sentence
    del manifest["npv"]
    assert "outside the optimised" not in " ".join(context(ds, manifest, "en")["reading"])
