"""The comparison brief: sections, numbers that match comparison.csv, German, later slots."""

from __future__ import annotations

import pytest
from brief_run import comparison
from test_i18n import english_leftovers, visible_text

from model.outputs import comparison_brief as cb
from model.outputs.i18n import amount

pytestmark = pytest.mark.unit
SECTIONS = ("first-screen", "assumptions", "figures", "tables", "reading", "sources",
            "provenance")


@pytest.fixture
def comp(tiny_run, tmp_path):
    return comparison(tiny_run, tmp_path / "results")


def test_sections_numbers_and_settings(comp, tmp_path):
    html = cb.render_comparison(comp, "en")
    positions = [html.index(f'id="{s}"') for s in SECTIONS]
    assert positions == sorted(positions)
    assert html.count("<svg") == 2
    assert ("<title>Comparison brief: tiny (plants.flexibility=true) and tiny_slow "
            "(permitting.wind.approval_months=30)</title>") in html
    s = comp.summary.set_index("scenario")
    ctx = cb.context(comp, "en")
    text = " ".join(ctx["summary"])
    assert amount(s.at["tiny", "npv_meur"] * 1e6, "eur", "en") in text
    assert amount(s.at["tiny", "cumulative_emissions_t"], "t", "en") in text
    ref = max(abs(s["cumulative_emissions_t"]))
    assert "+" + amount(s.at["tiny_slow", "delta_emissions_t"], "t", "en", ref=ref) in text
    assert "<code>--set permitting.wind.approval_months=30</code>" in html
    assert not any(key == "slot" for key, *_ in ctx["slots"]) and "slot-" not in html
    years = ctx["delta_rows"]
    first = comp.yearly.query("metric == 'emissions' and item == 'total' and "
                              "scenario == 'tiny_slow'").sort_values("year")
    assert [r[1] for r in years] == [f"+{d / 1e3:,.1f}" if round(d / 1e3, 1) else "0.0"
                                     for d in first["delta_vs_baseline"]]
    path = cb.write_comparison_brief(comp, tmp_path / "out", "de")
    assert path.name == "comparison.de.html"


def test_german_comparison_has_no_english_ui_string(comp):
    text = visible_text(cb.render_comparison(comp, "de"))
    assert "Vergleichsbericht" in text and "Basisfall" in text
    assert english_leftovers(text) == []
