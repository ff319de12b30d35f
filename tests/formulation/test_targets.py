"""Capacity targets (model.formulation.blocks.targets), hand-solved, and their input checks.

Tiny data set (tests/tiny.py), 2025 only: wind only with 8 MW of land, 2 MW turbines at
capacity factor 0.5, a flat 1 MW plant, wholesale 100 EUR/MWh. Wind capex is raised to
10,000 EUR/kW (10 years, 0 %: 1 M EUR/MW/yr), so without a target nothing is built and the
plant imports 8,760 MWh: 0.876 M EUR. A target of 4 MW in 2025 forces 2 turbines:
capex 4 M EUR; their 2 MW average output covers the plant and exports 1 MW (0.876 M EUR
revenue): 4 - 0.876 = 3.124 M EUR. With the shortfall allowed at 100,000 EUR/MW, missing
the target costs 0.876 + 4 x 0.1 = 1.276 M EUR, so the 4 MW are left short.
"""

from __future__ import annotations

import pyomo.environ as pyo
import pytest
from tiny import wind_tables

from model.errors import InputError
from model.inputs import config, tables
from model.inputs.checks import check_targets

TARGET = {"capacity_target_mw": {"wind": {2025: 4.0}}}


def _tables():
    t = wind_tables()
    costs = t["technology_costs"]
    costs.loc[costs["technology"] == "wind", "capex_eur_per_unit"] = 10_000.0
    return t


@pytest.mark.covers("targets.capacity_target")
@pytest.mark.formulation
@pytest.mark.parametrize(("policy", "objective", "turbines", "short"), [
    ({}, 0.876, 0, 0.0),
    (TARGET, 4.0 - 0.876, 2, 0.0),
    ({**TARGET, "allow_slack": True, "slack_penalty_eur_per_mw": 1e5}, 0.876 + 0.4, 0, 4.0),
])
def test_target_forces_capacity_or_is_priced(tiny, policy, objective, turbines, short):
    d, m, res = tiny(tables=_tables(), policy=policy)
    assert res.outcome == "optimal"
    assert res.objective == pytest.approx(objective, rel=1e-9)
    assert pyo.value(m.permitting.units["wind", "r1", 2025]) == pytest.approx(turbines)
    if policy.get("allow_slack"):
        assert pyo.value(m.targets.short_mw["wind", 2025]) == pytest.approx(short)
    else:  # slack variables exist only when enabled
        assert not hasattr(m.targets, "short_mw")


@pytest.mark.unit
def test_target_checks_name_the_key_with_a_hint(tmp_path):
    from tiny import write_dataset, write_scenario

    folder = write_dataset(tmp_path / "data", _tables())
    path = write_scenario(tmp_path, folder, policy={"capacity_target_mw": {
        "windd": {2025: 1.0}, "electric_boiler": {2025: 1.0}, "wind": {2040: 1.0}}})
    sc = config.load_scenario(path)
    problems: list[str] = []
    check_targets(tables.read_tables(folder), sc, problems)
    assert len(problems) == 3
    assert any("'policy.capacity_target_mw.windd'" in p and "Did you mean 'wind'?" in p
               for p in problems)
    assert any("'electric_boiler' is not a technology the regions build" in p for p in problems)
    assert any("'policy.capacity_target_mw.wind.2040': year 2040 is outside the horizon "
               "2025-2025" in p for p in problems)
    with pytest.raises(InputError, match="capacity_target_mw"):
        from model.inputs import data

        data.load(sc)
