"""``diagnose`` and the infeasible delay case: the target and the delayed technology named.

Tiny wind case (tests/cases.py), 2025-2031: wind needs 72 months from start to operation
(permitting.csv, approval), so wind started in 2025 operates from 2031 and a target of
4 MW in 2030 cannot be met. ``run`` must report infeasible (exit 4, no crash, no results)
and name the target; ``diagnose`` must say it is 4 MW short, name the YAML key, the
technology, its lead time and the permitting.csv row behind it; ``--iis`` must find the
target row in HiGHS's IIS.
"""

from __future__ import annotations

import pandas as pd
import pytest
from cases import published, wind_case

from model.inputs import config
from model.solve.diagnose import diagnose_loaded

pytestmark = pytest.mark.cli

TARGET = {"capacity_target_mw": {"wind": {2030: 4.0}}}


def _slow_wind(t: dict[str, pd.DataFrame]) -> None:
    perm = t["permitting"]
    perm.loc[perm["technology"] == "wind", "approval_months"] = 72  # permitting.csv row 2


@pytest.fixture
def delayed(tmp_path):
    return wind_case(tmp_path, edit=_slow_wind, policy=TARGET)


def test_run_reports_unreachable_target_as_infeasible(tmp_path, cli):
    """10 MW of wind in 2031 with 8 MW of land: reachable by lead time (so not caught before
    solving), infeasible by land. A target out of reach by lead time alone ('delayed') is
    refused before solving (exit 2, test_hardening_data.py); 'diagnose' still measures it."""
    scenario = wind_case(tmp_path, policy={"capacity_target_mw": {"wind": {2031: 10.0}}})
    res = cli("run", scenario, "--out", tmp_path / "out")
    assert res.exit_code == 4, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)  # not a crash
    assert "capacity target (wind), 2031" in res.text
    assert "policy.capacity_target_mw.wind.2031" in res.text
    assert published(tmp_path / "out") == []


def test_diagnose_names_target_technology_and_lead_time(delayed, tmp_path, cli):
    csv = tmp_path / "diagnosis.csv"
    res = cli("diagnose", delayed, "--iis", "--csv", csv)
    assert res.exit_code == 4, res.output
    text = res.text
    assert "capacity target (wind), 2030, all: 4.0 MW short of 4 MW" in text
    assert "set by policy.capacity_target_mw.wind.2030" in text
    assert "wind lead time 72 months in every region" in text
    assert "approval 72" in text and "permitting.csv row 2 (case 'reference', wind, '*')" in text
    assert "operates from 2031 at the earliest and counts 0% in 2030" in text
    assert "targets.capacity_target[wind,2030]" in text  # HiGHS IIS of the LP relaxation
    assert "permitting.capacity_definition[wind,r1,2030]" in text
    table = pd.read_csv(csv)
    assert table[["family", "year", "amount"]].values.tolist() == [
        ["capacity target (wind)", 2030, 4.0]]


def test_diagnose_feasible_case_exits_0(tmp_path, cli):
    """A target exactly at the land limit is met; nothing had to give."""
    scenario = wind_case(tmp_path, policy={"capacity_target_mw": {"wind": {2026: 8.0}}})
    res = cli("diagnose", scenario)
    assert res.exit_code == 0, res.output
    assert "nothing had to be violated" in res.text


def test_overridden_delay_names_the_scenario_key_and_binding_land(tmp_path):
    """Target 10 MW in 2031 with 8 MW of land and a 30-month override: 2 MW short (land).

    Wind started in 2025 operates from July 2027; the 8 MW of land are reached, so the
    land limit is named as binding context.
    """
    scenario = wind_case(tmp_path, policy={"capacity_target_mw": {"wind": {2031: 10.0}}})
    sc = config.load_scenario(scenario, ["permitting.wind.approval_months=30"])
    diag = diagnose_loaded(sc)
    (v,) = diag.violations
    assert (v.family, v.year, v.amount) == ("capacity target (wind)", "2031", pytest.approx(2.0))
    assert "permitting.wind.approval_months" in v.detail
    assert "operates from July 2027" in v.detail
    assert "land limit reached in r1 (land.csv r1 wind (row 2))" in v.detail
