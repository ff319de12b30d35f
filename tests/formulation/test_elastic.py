"""Elastic permitting limits (``ModelData.elastic``, used by ``diagnose``), hand-solved.

Tiny data set (tests/tiny.py), 2025 only, wind only: 2 MW turbines at capacity factor 0.5,
capex 100,000 EUR/MW/yr, a flat 1 MW plant, wholesale 100 EUR/MWh, zero lead time. The
excess over an elastic limit costs ELASTIC_PENALTY_EUR_PER_MW = 1e9 EUR per MW (category
``slack``), i.e. 1,000 M EUR per MW in the objective (discount rate 0).
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import pyomo.environ as pyo
import pytest
from tiny import default_tables, land, load_tiny, only, plant_row, solve_tiny

from model.formulation.build import build_model

pytestmark = pytest.mark.formulation


def _land_case(tmp_path):
    t = land(only(default_tables(), ["wind"]), [("wind", 2025, 8.0)])
    t["plants"] = pd.DataFrame([plant_row()])
    return load_tiny(tmp_path, t, policy={"capacity_target_mw": {"wind": {2025: 10.0}}})


@pytest.mark.covers("permitting.land", "targets.capacity_target")
def test_elastic_land_limit_gives_way_to_a_target(tmp_path):
    """Land 8 MW, target 10 MW: infeasible as written; elastic, 5 turbines are built and
    the land limit is exceeded by 2 MW.

    Objective: penalty 2 x 1,000 = 2,000 M EUR; capex 10 MW x 0.1 = 1.0 M EUR; export
    (5 MW average - 1 MW plant) x 8,760 h x 100 EUR = 3.504 M EUR: 1,997.496 M EUR.
    """
    data = _land_case(tmp_path)
    assert solve_tiny(data).outcome in ("infeasible", "infeasible_or_unbounded")
    m, res = solve_tiny(dataclasses.replace(data, elastic=True), model=True)
    assert res.objective == pytest.approx(2000 + 1.0 - 3.504, rel=1e-9)
    assert pyo.value(m.permitting.land_excess_mw["wind", "r1", 2025]) == pytest.approx(2.0)
    assert pyo.value(m.permitting.units["wind", "r1", 2025]) == pytest.approx(5)


@pytest.mark.covers("permitting.approval_cap")
def test_elastic_approval_cap_gives_way_to_a_target(tmp_path):
    """Approval cap 4 MW/yr, target 8 MW in 2025, land 12 MW: infeasible as written;
    elastic, 4 turbines (8 MW) are approved in 2025, 4 MW above the cap.

    Objective: penalty 4 x 1,000 = 4,000 M EUR; capex 8 MW x 0.1 = 0.8 M EUR; export
    (4 MW average - 1 MW plant) x 8,760 h x 100 EUR = 2.628 M EUR: 3,998.172 M EUR.
    """
    t = land(only(default_tables(), ["wind"]), [("wind", 2025, 12.0)])
    perm = t["permitting"]
    perm["approval_cap_mw_per_yr"] = [4.0 if k == "wind" else "" for k in perm["technology"]]
    t["plants"] = pd.DataFrame([plant_row()])
    data = load_tiny(tmp_path, t, policy={"capacity_target_mw": {"wind": {2025: 8.0}}})
    assert solve_tiny(data).outcome in ("infeasible", "infeasible_or_unbounded")
    m, res = solve_tiny(dataclasses.replace(data, elastic=True), model=True)
    assert res.objective == pytest.approx(4000 + 0.8 - 2.628, rel=1e-9)
    assert pyo.value(m.permitting.approval_excess_mw["wind", "r1", 2025]) == pytest.approx(4.0)
    assert pyo.value(m.permitting.land_excess_mw["wind", "r1", 2025]) == pytest.approx(0.0)


def test_excess_and_slack_variables_exist_only_when_enabled(tmp_path):
    """Without the switch and without policy.allow_slack no elastic or slack variable exists."""
    data = _land_case(tmp_path)
    plain = build_model(data)
    assert not any(hasattr(plain.permitting, v) for v in ("land_excess_mw",
                                                          "approval_excess_mw"))
    assert not hasattr(plain.grid, "shed_mw") and not hasattr(plain.targets, "short_mw")
    relaxed = build_model(dataclasses.replace(data, elastic=True))
    assert len(relaxed.permitting.land_excess_mw) == len(relaxed.permitting.land)
