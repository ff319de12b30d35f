"""German done properly: a complete catalogue, Babel number formats, no English in German.

The German brief of the solved tiny run (fixture of ``test_report``) is searched for every
English catalogue string that differs from its German translation; a planted English string
proves the check can fail.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from model.errors import InputError
from model.outputs import catalogue
from model.outputs.i18n import GLOSSARY, amount, check_lang, in_text, label, number, signed, t
from model.outputs.report import render_brief

pytestmark = pytest.mark.unit


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f}


def test_every_catalogue_entry_has_both_languages_and_the_same_fields():
    for key, (en, de) in {**catalogue.TEXT, **catalogue.TERMS}.items():
        assert en.strip() and de.strip(), key
        assert _fields(en) == _fields(de), key


def test_glossary_terms_are_the_ones_the_catalogue_uses():
    german = " ".join(de for _, de in catalogue.TEXT.values())
    for english, (term, _why) in GLOSSARY.items():
        if english in ("curtailment", "lead time", "system boundary", "assumption",
                       "optimality gap", "representative day", "permitting duration"):
            continue  # used inside longer words or sentences checked below
        assert term in german, (english, term)
    assert "Genehmigungsdauer" in german and "Typtag" in german and "Systemgrenze" in german
    assert "Politikpapier" not in german and "Herkunftsnachweis" not in german


def test_every_shipped_sensitivity_input_has_a_name_in_both_languages():
    # the tornado and the brief's table label each input; an unnamed one showed as
    # "Input grid markup" (the id with spaces)
    import pandas as pd

    ranges = pd.read_csv(Path(__file__).resolve().parents[2] / "inputs/harz/sensitivity_ranges.csv")
    missing = [i for i in ranges["input"] if f"input_{i}" not in catalogue.TERMS]
    assert not missing, f"add input_<name> to catalogue_analyses.TERMS for {missing}"


def test_technology_names_inside_a_sentence_and_at_its_start():
    # "starts 300 MW of wind", not "of Wind"; an abbreviation keeps its capitals
    assert in_text("wind", "en") == "wind" and label("wind", "en") == "Wind"
    assert in_text("pv_ground", "en") == "ground-mounted PV"
    assert in_text("pv_rooftop", "en") == "rooftop PV"
    assert in_text("wind", "de") == "Windenergie"  # German nouns stay capitalised


def test_numbers_and_amounts_by_language():
    assert number(1234567.891, 2, "en") == "1,234,567.89"
    assert number(1234567.891, 2, "de") == "1.234.567,89"
    assert number(-0.0004, 2, "de") == "0,00"
    assert signed(-1.5, 1, "en") == "−1.5" and signed(2, 0, "de") == "+2"
    assert amount(5.614145e9, "eur", "en") == "5.6\u00a0bn EUR"
    assert amount(5.614145e9, "eur", "de") == "5,6\u00a0Mrd. EUR"
    assert amount(8131737.2, "t", "en") == "8.1\u00a0Mt CO₂"
    assert amount(8131737.2, "t", "de") == "8,1\u00a0Mio. t CO₂"
    assert amount(467518.1, "t", "en") == "470\u00a0kt CO₂"
    assert amount(467518.1, "t", "en", ref=1.15e6) == "0.47\u00a0Mt CO₂"
    assert amount(999_700, "t", "en") == "1.0\u00a0Mt CO₂"  # rounding moves up a unit
    assert amount(float("nan"), "mw", "de") == "k. A."
    with pytest.raises(InputError, match="'fr' is not supported"):
        check_lang("fr")


def visible_text(html: str) -> str:
    """Text a reader sees, without data that are not UI strings (source titles, code)."""
    html = re.sub(r'<section id="sources">.*?</section>', " ", html, flags=re.S)
    html = re.sub(r"<code>.*?</code>", " ", html, flags=re.S)
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    html = re.sub(r"<svg.*?</svg>", lambda m: " ".join(re.findall(r">([^<]+)<", m.group(0))),
                  html, flags=re.S)  # keep the figure texts (legends, axes)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&#39;", "'").split())


def english_leftovers(text: str) -> list[str]:
    """English catalogue fragments (3+ letters, not equal to German) found in ``text``."""
    found = []
    for en, de in [*catalogue.TEXT.values(), *catalogue.TERMS.values()]:
        if en == de:
            continue
        for fragment in re.split(r"\{[^}]*\}", en):
            frag = fragment.strip(" .,;:()")
            if len(frag) < 4 or frag in de or frag.lower() in de.lower():
                continue
            if re.search(rf"(?<![\w-]){re.escape(frag)}(?![\w-])", text):
                found.append(frag)
    return sorted(set(found))


def test_german_brief_has_no_english_ui_string(tiny_run):
    ds, manifest = tiny_run
    text = visible_text(render_brief(ds, manifest, "de"))
    assert "Kurzbericht" in text and "Kapitalwert" in text
    assert english_leftovers(text) == []
    for word in ("the", "and", "of", "per", "Year", "Total", "Emissions", "Costs"):
        assert not re.search(rf"\b{word}\b", text), word


def test_the_english_check_can_fail(tiny_run, monkeypatch):
    ds, manifest = tiny_run
    monkeypatch.setitem(catalogue.TEXT, "summary", ("In brief", "In brief"))
    monkeypatch.setitem(catalogue.TEXT, "how_to_read", ("How to read these numbers",
                                                        "How to read these numbers"))
    text = visible_text(render_brief(ds, manifest, "de"))
    assert "How to read these numbers" in text
    monkeypatch.undo()
    assert "How to read these numbers" in english_leftovers(text)


def test_german_numbers_in_figures_use_german_separators(tiny_run):
    ds, manifest = tiny_run
    html = render_brief(ds, manifest, "de")
    ticks = re.findall(r">(\d{1,3}(?:[.,]\d{3})+)<", html)
    assert all("," not in tick for tick in ticks), ticks
    assert t("brief", "de") == "Kurzbericht"
