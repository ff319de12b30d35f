"""Every constraint family of a full build has a hand-solved test that names it.

A hand-solved test in ``tests/formulation`` declares the families it proves with the
marker ``@pytest.mark.covers("block.constraint", ...)`` (the Pyomo component name, e.g.
``grid.balance``). This test builds a tiny model with every feature switched on (two
regions with limited exchange, wind, PV and battery with land and an approval cap, a plant
with electric boiler, heat pump and thermal store under unit commitment, a CO2 cap, a CO2
budget and a capacity target) and fails if

* one of its Constraint components is named by no test (write the hand-solved test and
  mark it), or
* a marker names a family that no build has (a typo, or a family that was removed), or
* the reference scenario's build has a family that the full tiny build lacks (then the
  tiny build below must switch that feature on).
"""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import pandas as pd
import pyomo.environ as pyo
import pytest
from tiny import default_tables, hourly_profiles, land, load_tiny, plant_row

from model.formulation.build import build_model

pytestmark = pytest.mark.formulation

HERE = Path(__file__).parent
REPO = HERE.parent.parent


def families(m: pyo.ConcreteModel) -> set[str]:
    """Names of every Constraint component of a model (``block.constraint``)."""
    return {c.name for c in m.component_objects(pyo.Constraint, descend_into=True)}


def covered() -> dict[str, list[str]]:
    """Family -> the tests in tests/formulation whose ``covers`` marker names it."""
    out: dict[str, list[str]] = {}
    for path in sorted(HERE.glob("test_*.py")):
        module = importlib.import_module(path.stem)
        for name, func in vars(module).items():
            if not name.startswith("test_") or not callable(func):
                continue
            for mark in getattr(func, "pytestmark", []):
                if mark.name == "covers":
                    for family in mark.args:
                        out.setdefault(family, []).append(f"{path.name}::{name}")
    return out


def full_feature_model(folder: Path) -> pyo.ConcreteModel:
    """A tiny build with every feature that adds a constraint family switched on."""
    t = default_tables(regions=("r1", "r2"))
    for region in ("r1", "r2"):  # every modelled region needs land rows (coverage check)
        land(t, [("wind", 2025, 8.0), ("pv_ground", 2025, 4.0), ("battery_power", 2025, 2.0),
                 ("battery_energy", 2025, 8.0)], region=region)
    perm = t["permitting"]
    perm["approval_cap_mw_per_yr"] = [4.0 if k == "wind" else "" for k in perm["technology"]]
    t["plants"] = pd.DataFrame([plant_row(
        heat_mwh_per_t=1.0, heat_temp_c=90.0, min_load_share=0.5, operating_hours_per_day=16.0,
        options="electric_boiler;ht_heat_pump;thermal_store", flexible_share=0.3)])
    data = load_tiny(
        folder, t, hourly_profiles(regions=("r1", "r2")), regions=["r1", "r2"],
        years={"start": 2025, "end": 2026}, exchange={"mode": "limited", "limit_mw": 1.0},
        plants={"unit_commitment": True},
        policy={"co2_cap_t": {2026: 1e6}, "co2_budget_t": 1e7,
                "capacity_target_mw": {"wind": {2026: 2.0}}})
    # withdrawal at the approval decision: a recourse only the stochastic program switches on
    return build_model(dataclasses.replace(data, withdrawal=True))


def test_every_constraint_family_has_a_hand_solved_test(tmp_path):
    built = families(full_feature_model(tmp_path))
    named = covered()
    missing = sorted(built - set(named))
    assert not missing, (f"constraint families without a hand-solved test: {missing}; write "
                         "one in tests/formulation and mark it @pytest.mark.covers(...)")
    unknown = {f: named[f] for f in sorted(set(named) - built)}
    assert not unknown, f"covers markers naming families the full build does not have: {unknown}"


def test_full_tiny_build_has_every_family_of_the_reference(tmp_path):
    from model.inputs import config, data

    reference = data.load(config.load_scenario(REPO / "scenarios" / "reference.yaml"))
    lacking = families(build_model(reference)) - families(full_feature_model(tmp_path))
    assert not lacking, f"switch these families on in full_feature_model: {sorted(lacking)}"
