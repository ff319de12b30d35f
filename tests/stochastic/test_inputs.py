"""Bad uncertainty input: a clear error naming the file, row and column, before building."""

from __future__ import annotations

import pytest
from stoch_cases import distribution_rows, hedge_data, hedge_scenario, hedge_tables

from model.errors import InputError
from model.inputs import config
from model.stochastic import program

pytestmark = pytest.mark.unit


def _error(tmp_path, rows, **sections) -> str:
    tables = hedge_tables()
    tables["approval_uncertainty"] = distribution_rows(rows)
    data = hedge_data(tmp_path, tables, **sections)
    with pytest.raises(InputError) as err:
        program.prepare(data.scenario, data)
    return str(err.value)


@pytest.mark.parametrize(("rows", "words"), [
    ([("wind", "*", "approval_months", "discrete", 6, 0.5),
      ("wind", "*", "approval_months", "discrete", 18, 0.4)],
     ["rows 2, 3", "column 'probability'", "sum to 0.9, not 1"]),
    ([("wind", "*", "approval_months", "discrete", -6, 1.0)],
     ["row 2", "column 'value'", "whole number >= 0"]),
    ([("wind", "*", "approval_months", "discrete", 6.5, 1.0)],
     ["row 2", "column 'value'", "whole number >= 0"]),
    ([("wind", "*", "attrition_share", "discrete", 1.0, 1.0)],
     ["row 2", "column 'value'", "attrition must be in [0, 1)"]),
    ([("wind", "*", "approval_months", "quantile", 6, 0.1),
      ("wind", "*", "approval_months", "quantile", 18, 1.0)],
     ["column 'probability'", "run from 0 to 1"]),
    ([("wind", "*", "approval_months", "lognormal", 6, 1.0)],
     ["row 2", "column 'form'", "'lognormal'"]),
])
def test_bad_distribution_rows(tmp_path, rows, words) -> None:
    text = _error(tmp_path, rows)
    assert "approval_uncertainty.csv" in text
    for word in words:
        assert word in text, text


def test_enumeration_larger_than_scenarios(tmp_path) -> None:
    rows = [("wind", "*", "approval_months", "discrete", m, 1 / 3) for m in (6, 12, 18)]
    text = _error(tmp_path, rows, uncertainty={"scenarios": 2})
    assert "uncertainty.scenarios" in text and "3 combinations" in text


def test_unknown_technology(tmp_path) -> None:
    text = _error(tmp_path, [("wind", "*", "approval_months", "discrete", 6, 1.0)],
                  uncertainty={"technologies": ["wnd"]})
    assert "uncertainty.technologies" in text and "'wnd'" in text


def test_too_many_scenarios_for_the_extensive_form(tmp_path) -> None:
    path = hedge_scenario(tmp_path, uncertainty={"route": "extensive_form", "scenarios": 50})
    with pytest.raises(InputError) as err:
        config.load_scenario(path)
    text = str(err.value)
    assert "uncertainty" in text and "max_extensive_scenarios=20" in text
    assert "progressive_hedging" in text


def test_sampling_rule_and_correlation_are_checked(tmp_path) -> None:
    path = hedge_scenario(tmp_path, uncertainty={"sampling": "latin", "correlation": 0.5})
    with pytest.raises(InputError) as err:
        config.load_scenario(path)
    assert "uncertainty.sampling" in str(err.value)
    assert "uncertainty.correlation" in str(err.value)
