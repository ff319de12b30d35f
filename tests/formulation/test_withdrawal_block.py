"""Withdrawal at the approval decision in one scenario model (the stochastic program's recourse).

Continuous wind on 20 MW of land yielding nothing, approval after 6 months and realisation
after 6 more (a 2025 start runs through 2026 only), years 2025-2026, capex 1,000 EUR/kW
over 10 years at 0 % (0.1 M EUR per MW and year in operation), no discounting, a flat 1 MW
plant importing 1 MW x 8,760 h x 100 EUR/MWh x 2 years = 1.752 M EUR. The 2025 start x is
fixed; the model chooses the withdrawal w (``ModelData.withdrawal``, which only the
stochastic program sets; tests/stochastic/test_withdrawal.py solves the program).
"""

from __future__ import annotations

import dataclasses

import pyomo.environ as pyo
import pytest
from tiny import hourly_profiles, load_tiny, wind_tables

from model.formulation.build import build_model
from model.solve.highs import highs_options, solve

pytestmark = pytest.mark.formulation

IMPORTS_MEUR = 1.752
WIND = ("wind", "r1", 2025)


def _solve(folder, start_mw: float, attrition: float, delta: float, cap: str, target: dict):
    t = wind_tables(land_mw=20.0, lumpy=False)
    perm = t["permitting"]
    wind = perm["technology"] == "wind"
    perm.loc[wind, ["approval_months", "realisation_months"]] = 6
    perm.loc[wind, ["attrition_share", "development_cost_share"]] = attrition, delta
    perm.loc[wind, "approval_cap_mw_per_yr"] = cap
    data = load_tiny(folder, t, hourly_profiles(wind=0.0), years={"start": 2025, "end": 2026},
                     policy={"allow_slack": True, "slack_penalty_eur_per_mw": 1.0e6,
                             "capacity_target_mw": target})
    m = build_model(dataclasses.replace(data, withdrawal=True))
    m.permitting.start_mw[WIND].fix(start_mw)
    res = solve(m, highs_options(data.scenario.solver))
    return m, res


@pytest.mark.covers("permitting.withdrawal_limit", "permitting.approval_cap")
def test_withdrawal_keeps_a_start_above_the_cap_feasible(tmp_path) -> None:
    """x = 4/3 MW, no attrition, cap 1 MW, target 1 MW in 2026, development cost share 0.2.

    Approved 4/3 > 1, so w = 1/3 must go (the cap); withdrawing more would leave the target
    short (1 M EUR per MW) to save 0.1: cost 0.1 x 1 + 0.2 x 1/3 = 1/6 M EUR.
    """
    m, res = _solve(tmp_path, 4 / 3, 0.0, 0.2, "1", {"wind": {2026: 1.0}})
    assert pyo.value(m.permitting.withdrawn_mw[WIND]) == pytest.approx(1 / 3)
    assert pyo.value(m.capacity_mw["wind", "r1", 2026]) == pytest.approx(1.0)
    assert res.objective == pytest.approx(IMPORTS_MEUR + 1 / 6, abs=1e-9)


@pytest.mark.covers("permitting.withdrawal_limit")
def test_withdrawal_at_most_the_approved_capacity(tmp_path) -> None:
    """x = 2 MW, attrition 0.5, no cap, no target, development cost share 0.05.

    The approved 1 MW would cost 0.1 M EUR in 2026; withdrawing it costs 0.05: all of it is
    withdrawn, w = (1 - a) x = 1 (the limit binds), nothing runs. Cost: 0.05 x 1 refused
    + 0.05 x 1 withdrawn = 0.1 M EUR.
    """
    m, res = _solve(tmp_path, 2.0, 0.5, 0.05, "", {})
    assert pyo.value(m.permitting.withdrawn_mw[WIND]) == pytest.approx(1.0)
    assert pyo.value(m.capacity_mw["wind", "r1", 2026]) == pytest.approx(0.0, abs=1e-9)
    assert res.objective == pytest.approx(IMPORTS_MEUR + 0.1, abs=1e-9)
