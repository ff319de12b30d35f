"""The solved tiny run shared by the brief tests: one solve per test session.

One plant with process heat that may electrify, and 8 MW of wind land with an 18-month
approval, 2025-2027, so emissions, costs (with export revenue below zero), capacity, the wind
pipeline and the heat mix are all non-trivial.
"""

from __future__ import annotations

import pandas as pd
from tiny import PROV, default_tables, plant_row

from model.inputs import config
from model.outputs import economics, results
from model.outputs import files as output
from model.outputs.manifest import from_dict

PROMISE = ("optimal within the reported gap and tolerances, for these input hashes, versions "
           "and seed")


def tiny_tables() -> dict[str, pd.DataFrame]:
    """Wind (8 MW land, 18 months approval) and a heat plant with two electrification options."""
    t = default_tables()
    t["land"] = pd.DataFrame(
        [{"region": "r1", "technology": k, "year": 2025, "potential_mw": v, **PROV}
         for k, v in (("wind", 8.0), ("pv_ground", 0.0), ("battery_power", 0.0),
                      ("battery_energy", 0.0))], columns=t["land"].columns)
    perm = t["permitting"]
    perm.loc[perm["technology"] == "wind", "approval_months"] = 18
    costs = t["technology_costs"]
    costs.loc[costs["technology"] == "ht_heat_pump", "efficiency"] = 3.0
    t["prices"]["ets2_eur_per_t"] = 100.0
    t["plants"] = pd.DataFrame([plant_row(heat_mwh_per_t=1.0, heat_temp_c=90.0,
                                          options="electric_boiler;ht_heat_pump")])
    return t


_SOLVED: dict[str, tuple] = {}  # one solve per test session keeps the module under 15 s


def solved(tiny) -> tuple:
    """(Dataset, manifest) of the solved tiny case, the manifest shaped like the runner's;
    fixture ``tiny_run`` in ``tests/conftest.py``."""
    if "run" not in _SOLVED:
        _SOLVED["run"] = solve_tiny(tiny)
    ds, manifest = _SOLVED["run"]
    return ds.copy(deep=True), dict(manifest)


def solve_tiny(tiny) -> tuple:
    d, m, res = tiny(tables=tiny_tables(), years={"start": 2025, "end": 2027})
    assert res.outcome == "optimal"
    ds = results.to_dataset(m, d)
    manifest = {
        "scenario": "tiny", "run_id": "20250101T000000-1", "outcome": "optimal",
        "gap_flag": False, "objective_meur": res.objective, "bound_meur": res.bound,
        "mip_gap": res.gap, "versions": output.versions(), "git_commit": "0123abc+dirty",
        "scenario_sha256": config.scenario_hash(d.scenario), "input_sha256": d.sha256,
        "seed": 0, "promise": PROMISE, "overrides": ["plants.flexibility=true"],
        "resolved_scenario": config.resolved_dict(d.scenario),
        "reproduce": "python run.py run --from-manifest results/tiny/x/manifest.json",
        "npv": economics.npv_report(m, d.discount.to_dict()),
    }
    return ds, manifest


def publish(root, name: str, ds, manifest: dict) -> object:
    """Write a run folder ``root/name/<run-id>/`` from a Dataset and a dict of manifest fields."""
    return output.write_run(root, name, manifest["run_id"], ds, from_dict(manifest))


def comparison(tiny_run: tuple, root) -> object:
    """A Comparison of the tiny run (baseline ``tiny``) with a copy that emits 10 % more and
    costs 0.5 M EUR more (``tiny_slow``, one ``--set`` override)."""
    from model.outputs.compare import compare_runs
    from model.outputs.runs import load_run

    ds, manifest = tiny_run
    base = publish(root, "tiny", ds, manifest)
    slow = ds.copy(deep=True)
    slow["emissions_t"] = slow["emissions_t"] * 1.1
    other = publish(root, "tiny_slow", slow, {
        **manifest, "scenario": "tiny_slow", "overrides": ["permitting.wind.approval_months=30"],
        "objective_meur": manifest["objective_meur"] + 0.5})
    return compare_runs([load_run(base), load_run(other)], "tiny")
