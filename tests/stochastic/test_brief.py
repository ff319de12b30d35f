"""The brief of a stochastic run explains the hedge; its numbers are the run's CSVs.

The hand-solved hedge case (``stoch_cases``: first stage 2 MW of wind in 2025, VSS 0.3 and
EVPI 0.1 M EUR) is run once with ``output.brief: true``; the brief's visible text must show
every first-stage start, the P10/P50/P90 of NPV and emissions, EVPI and VSS exactly as the
CSV files hold them (formatted as the brief formats them), in English (written by the run)
and German (``report --lang de``). A changed CSV value changes the rewritten brief, so the
brief is read from the files, not from the solve.
"""

from __future__ import annotations

import pandas as pd
import pytest
from stoch_cases import hedge_scenario
from unit.test_i18n import english_leftovers, visible_text

from model.outputs.hedge_brief import plain
from model.outputs.i18n import number

pytestmark = pytest.mark.cli

UNIT = {"en": ("M EUR", "M EUR of expected NPV", "kt CO₂", "MW"),
        "de": ("Mio. EUR", "Mio. EUR erwarteter Kapitalwert", "Tsd. t CO₂", "MW")}


@pytest.fixture(scope="module")
def hedge_run(tmp_path_factory):
    from model.runner import run_scenario

    root = tmp_path_factory.mktemp("hedge_brief")
    result = run_scenario(hedge_scenario(root, output={"brief": True}), out_root=root / "out")
    assert result.run_dir is not None
    return result.run_dir



def expected_phrases(run, lang: str) -> list[str]:
    """Every number the brief must state, formatted from the CSV files."""
    meur, expected, kt, mw = UNIT[lang]
    plan = pd.read_csv(run / "first_stage_plan.csv")
    dist = pd.read_csv(run / "distribution.csv").set_index("metric")
    value = pd.read_csv(run / "value_of_information.csv").set_index("quantity")["value_meur"]
    scen = pd.read_csv(run / "scenarios.csv")
    out = [f"{number(r['start_mw'], 1, lang)} {mw}" for _, r in plan.iterrows()
           if r["start_mw"] > 1e-3]
    npv, em = dist.loc["npv_meur"], dist.loc["emissions_t"]
    out.append(" / ".join(plain(npv[q], lang) for q in ("p10", "p50", "p90")) + f" {meur}")
    out.append(" / ".join(plain(em[q] / 1e3, lang) for q in ("p10", "p50", "p90")) + f" {kt}")
    out.append(f"{plain(npv['expected'], lang)} {meur}")
    out += [f"{number(value[q], 2, lang)} {expected}" for q in ("EVPI", "VSS")]
    out += [plain(v, lang) for v in scen["npv_meur"]]
    return out


@pytest.mark.parametrize("lang", ["en", "de"])
def test_numbers_in_the_brief_equal_the_csvs(hedge_run, cli, lang) -> None:
    if lang == "de":
        res = cli("report", hedge_run, "--lang", "de")
        code, text = res.exit_code, res.text
        assert code == 0, text
    page = (hedge_run / ("brief.html" if lang == "en" else "brief.de.html")).read_text()
    text = visible_text(page)
    for phrase in expected_phrases(hedge_run, lang):
        assert phrase in text, (phrase, text)
    # the hand-solved values (on paper, stoch_cases): 2 MW in 2025, VSS 0.3, EVPI 0.1
    meur = UNIT[lang][1]
    assert f"{number(2.0, 1, lang)} MW" in text
    assert f"{number(0.3, 2, lang)} {meur}" in text and f"{number(0.1, 2, lang)} {meur}" in text
    assert 'id="fig-starts-wind"' in page and 'id="fig-npv"' in page


def test_german_brief_has_no_english_ui_string(hedge_run, cli) -> None:
    res = cli("report", hedge_run, "--lang", "de")
    code, text = res.exit_code, res.text
    assert code == 0, text
    text = visible_text((hedge_run / "brief.de.html").read_text())
    assert "Die Absicherung in einfachen Worten" in text and "Kapitalwert" in text
    assert english_leftovers(text) == []


def test_report_reads_the_csvs(hedge_run, cli, tmp_path) -> None:
    """A changed CSV value shows in the rewritten brief: the brief is built from the files."""
    import shutil

    run = tmp_path / hedge_run.name
    shutil.copytree(hedge_run, run)
    table = pd.read_csv(run / "value_of_information.csv")
    table.loc[table["quantity"] == "VSS", "value_meur"] = 0.47
    table.to_csv(run / "value_of_information.csv", index=False)
    res = cli("report", run)
    code, text = res.exit_code, res.text
    assert code == 0, text
    page = visible_text((run / "brief.html").read_text())
    assert "0.47 M EUR of expected NPV" in page and "0.30 M EUR of expected NPV" not in page
    (run / "scenarios.csv").unlink()
    res = cli("report", run)
    code, text = res.exit_code, res.text
    assert code == 2 and "scenarios.csv: missing" in text, text


def test_compare_refuses_a_stochastic_run_clearly(hedge_run, cli, tmp_path) -> None:
    res = cli("compare", hedge_run, "--out", tmp_path / "cmp")
    code, text = res.exit_code, res.text
    assert code == 2, text
    assert "is a stochastic run" in text and "--set uncertainty=null" in text
    assert not (tmp_path / "cmp" / "comparison.csv").exists()
    res = cli("compare", hedge_scenario(tmp_path / "file"), "--out", tmp_path / "cmp")
    code, text = res.exit_code, res.text
    assert code == 2 and "section 'uncertainty'" in text and "is a stochastic run" in text, text
    assert not (tmp_path / "cmp").exists()  # refused before running anything
