"""Distributions and sampling rules, checked by hand (no solver)."""

from __future__ import annotations

import pytest
from stoch_cases import distribution_rows, hedge_data, hedge_tables

from model.stochastic import sampling, tree
from model.stochastic.distributions import Distribution

pytestmark = pytest.mark.unit


def test_discrete_inverse_cdf() -> None:
    d = Distribution("discrete", (13.0, 17.0, 24.0), (0.25, 0.75, 1.0), True, (2, 3, 4))
    assert [d.inverse(u) for u in (0.1, 0.25, 0.26, 0.75, 0.8)] == [13, 13, 17, 17, 24]
    assert d.mean == pytest.approx(0.25 * 13 + 0.5 * 17 + 0.25 * 24)


def test_quantile_inverse_is_linear_and_rounded_to_months() -> None:
    d = Distribution("quantile", (9.0, 17.0, 45.0), (0.0, 0.5, 1.0), True, (2, 3, 4))
    assert d.inverse(0.25) == 13  # 9 + 8 * 0.5
    assert d.inverse(0.6) == 23  # 17 + 28 * 0.2 = 22.6 -> 23
    assert d.mean == pytest.approx(0.5 * (9 + 17) / 2 + 0.5 * (17 + 45) / 2)


def _params(tmp_path, rows, regions=("r1",), **unc):
    tables = hedge_tables()
    tables["approval_uncertainty"] = distribution_rows(rows)
    data = hedge_data(tmp_path, tables, uncertainty=unc)
    from model.stochastic.distributions import read_distributions

    table = read_distributions(tmp_path / "data" / "approval_uncertainty.csv", "reference")
    return data, sampling.uncertain_parameters(data, table, data.scenario.uncertainty)


def test_quantile_sampling_levels_and_merging(tmp_path) -> None:
    rows = [("wind", "*", "approval_months", "discrete", 6, 0.5),
            ("wind", "*", "approval_months", "discrete", 18, 0.5),
            ("wind", "*", "attrition_share", "discrete", 0.1, 0.25),
            ("wind", "*", "attrition_share", "discrete", 0.3, 0.75)]
    data, params = _params(tmp_path, rows, sampling="quantile", scenarios=4)
    out = sampling.sample(params, data.scenario.uncertainty)
    # levels 1/8, 3/8, 5/8, 7/8 -> (6, 0.1), (6, 0.3), (18, 0.3), (18, 0.3): last two merge
    assert [(o.values["wind", "r1"]["approval_months"], o.values["wind", "r1"]["attrition_share"],
             o.probability) for o in out] == [(6, 0.1, 0.25), (6, 0.3, 0.25), (18, 0.3, 0.5)]
    avg = sampling.average_case(out).values["wind", "r1"]
    assert avg == pytest.approx({"approval_months": 12.0, "attrition_share": 0.25})
    applied = sampling.apply(data, out[2])
    assert applied.permitting.at[("wind", "r1"), "lead_months"] == 18
    assert data.permitting.at[("wind", "r1"), "lead_months"] == 12  # the base is untouched


def test_enumerate_is_exact_and_random_is_seeded(tmp_path) -> None:
    rows = [("wind", "*", "approval_months", "discrete", 6, 0.2),
            ("wind", "*", "approval_months", "discrete", 18, 0.8)]
    data, params = _params(tmp_path, rows, sampling="enumerate", scenarios=5)
    out = sampling.sample(params, data.scenario.uncertainty)
    assert [o.probability for o in out] == pytest.approx([0.2, 0.8])
    cfg = data.scenario.uncertainty.model_copy(update={"sampling": "random", "scenarios": 50,
                                                       "seed": 7})
    a, b = sampling.sample(params, cfg), sampling.sample(params, cfg)
    assert [o.probability for o in a] == [o.probability for o in b]
    assert sum(o.probability for o in a) == pytest.approx(1.0)
    share_fast = next(o.probability for o in a if o.values["wind", "r1"]["approval_months"] == 6)
    assert 0.05 < share_fast < 0.4  # 50 uniform draws around 0.2


def test_information_time_counts_pre_application(tmp_path) -> None:
    rows = [("wind", "*", "approval_months", "discrete", 6, 0.5),
            ("wind", "*", "approval_months", "discrete", 18, 0.5)]
    tables = hedge_tables()
    tables["approval_uncertainty"] = distribution_rows(rows)
    tables["permitting"].loc[tables["permitting"]["technology"] == "wind",
                             "pre_application_months"] = 12
    data = hedge_data(tmp_path, tables, years={"start": 2025, "end": 2029})
    assert tree.information_time(data, "wind", "r1", 6) == pytest.approx(2026.5)
    from model.stochastic import program

    prog = program.prepare(data.scenario, data)
    assert prog.first_years == (2025, 2026)  # the fast outcome is seen only in mid-2026
