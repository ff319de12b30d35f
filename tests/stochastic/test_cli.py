"""``python run.py run`` routes a scenario with ``uncertainty`` to the stochastic program."""

from __future__ import annotations

import pandas as pd
import pytest
from stoch_cases import distribution_rows, hedge_scenario, hedge_tables

pytestmark = pytest.mark.cli


def _runs(out):
    folder = out / "tiny"
    return sorted(p for p in folder.iterdir() if p.is_dir() and p.name != "logs"
                  ) if folder.is_dir() else []


def test_run_publishes_the_stochastic_files(tmp_path, cli) -> None:
    path = hedge_scenario(tmp_path)
    res = cli("run", path, "--out", tmp_path / "out")
    code, text = res.exit_code, res.text
    assert code == 0, text
    (run,) = _runs(tmp_path / "out")
    plan = pd.read_csv(run / "first_stage_plan.csv")
    wind = plan[(plan["technology"] == "wind") & (plan["start_year"] == 2025)]
    assert wind["start_mw"].tolist() == pytest.approx([2.0])
    value = pd.read_csv(run / "value_of_information.csv").set_index("quantity")["value_meur"]
    assert value["VSS"] == pytest.approx(0.3, abs=1e-6)
    dist = pd.read_csv(run / "distribution.csv").set_index("metric")
    assert dist.at["objective_meur", "p10"] == pytest.approx(2.928, abs=1e-6)
    assert dist.at["objective_meur", "p90"] == pytest.approx(3.128, abs=1e-6)
    scen = pd.read_csv(run / "scenarios.csv")
    assert scen["wind.r1.approval_months"].tolist() == [6, 18]
    for name in ("starts.csv", "average_case_plan.csv", "manifest.json", "run.log"):
        assert (run / name).is_file(), name
    # the average-case plan can be carried out in every scenario (VSS finite): no empty
    # table of broken limits beside the results
    assert not (run / "average_plan_breaks.csv").exists()
    assert not (run / "brief.html").exists()  # output.brief: false, as for every run


def test_bad_distribution_exits_2_and_writes_nothing(tmp_path, cli) -> None:
    tables = hedge_tables()
    tables["approval_uncertainty"] = distribution_rows(
        [("wind", "*", "approval_months", "discrete", 6, 0.5),
         ("wind", "*", "approval_months", "discrete", 18, 0.6)])
    path = hedge_scenario(tmp_path, tables)
    res = cli("run", path, "--out", tmp_path / "out")
    code, text = res.exit_code, res.text
    assert code == 2, text
    assert "approval_uncertainty.csv" in text and "sum to 1.1" in text
    assert _runs(tmp_path / "out") == []


def test_validate_checks_the_distributions(tmp_path, cli) -> None:
    tables = hedge_tables()
    tables["approval_uncertainty"] = distribution_rows(
        [("wind", "*", "approval_months", "discrete", 6, 0.5),
         ("wind", "*", "approval_months", "discrete", 18, 0.6)])
    res = cli("validate", hedge_scenario(tmp_path / "bad", tables))
    code, text = res.exit_code, res.text
    assert code == 2 and "sum to 1.1" in text, text
    res = cli("validate", hedge_scenario(tmp_path / "good"))
    code, text = res.exit_code, res.text
    assert code == 0, text
    assert "uncertainty: 2 scenarios (enumerate), route extensive_form" in text
    assert "first-stage start years 2025" in text
