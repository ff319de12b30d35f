"""Technology roles are data: a new technology of an existing role needs no code change.

Fixture: the tiny data set (tests/tiny.py, one region, wind capacity factor 0.5 every hour,
wholesale 100 EUR/MWh, a flat 1 MW plant) plus a second onshore wind type ``wind_2`` added
only as rows of technologies.csv (role ``generator``, profile ``wind``, 1 MW units),
technology_costs.csv (500 EUR/kW over 10 years at 0 %: 50,000 EUR/MW/yr), permitting.csv
(no lead time) and land.csv (3 MW). Every other region technology has zero land.

By hand: each MW of wind_2 yields 0.5 × 8,760 = 4,380 MWh worth 438,000 EUR (avoided import
or export at 100 EUR/MWh) against 50,000 EUR/yr, so the land limit binds: 3 turbines,
13,140 MWh, of which 8,760 MWh replace import and 4,380 MWh are exported. NPV =
0.15 - 0.438 = -0.288 M EUR.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tiny import PROV, default_tables, plant_row, write_dataset, write_scenario

from model.errors import InputError
from model.inputs import config, data

REGION_TECHS = ("wind", "pv_ground", "battery_power", "battery_energy")


def _with_wind_2(profile: str = "wind", role: str = "generator") -> dict[str, pd.DataFrame]:
    t = default_tables()
    t["plants"] = pd.DataFrame([plant_row()])
    tech = t["technologies"].iloc[0].to_dict()  # the wind row as a template
    tech.update(technology="wind_2", unit_size_mw=1.0, role=role, profile=profile,
                description="second onshore wind type")
    t["technologies"] = pd.concat([t["technologies"], pd.DataFrame([tech])], ignore_index=True)
    cost = t["technology_costs"].iloc[0].to_dict()
    cost.update(technology="wind_2", capex_eur_per_unit=500.0)
    t["technology_costs"] = pd.concat([t["technology_costs"], pd.DataFrame([cost])],
                                      ignore_index=True)
    perm = t["permitting"].iloc[0].to_dict()
    perm.update(technology="wind_2")
    t["permitting"] = pd.concat([t["permitting"], pd.DataFrame([perm])], ignore_index=True)
    t["land"] = pd.DataFrame([{"region": "r1", "technology": k, "year": 2025,
                               "potential_mw": 3.0 if k == "wind_2" else 0.0, **PROV}
                              for k in (*REGION_TECHS, "wind_2")])
    return t


@pytest.mark.unit
def test_a_second_wind_type_added_by_data_only_is_built_and_reported(tmp_path: Path) -> None:
    from model.runner import run_scenario

    folder = write_dataset(tmp_path / "data", _with_wind_2())
    path = write_scenario(tmp_path, folder, output={"brief": False})
    run = run_scenario(path, out_root=tmp_path / "out")
    assert run.outcome == "optimal"
    assert run.solve.objective == pytest.approx(-0.288, rel=1e-6)
    ds = run.dataset
    assert float(ds["capacity_mw"].sel(technology="wind_2", region="r1", year=2025)) == \
        pytest.approx(3.0)
    assert float(ds["permitting.units"].sel(technology="wind_2").sum()) == pytest.approx(3.0)
    assert float(ds["generation_mwh"].sel(generator="wind_2").sum()) == pytest.approx(13140.0)
    # net export: import and export at the same price (capture rate 1) are degenerate gross
    assert float((ds["export_mwh"] - ds["import_mwh"]).sum()) == pytest.approx(4380.0)
    pathways = pd.read_csv(run.run_dir / "pathways.csv")
    rows = pathways[pathways["item"] == "wind_2"]
    assert {"capacity", "generation", "curtailment"} <= set(rows["variable"])


@pytest.mark.unit
def test_a_generator_without_its_profile_column_is_named(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "data", _with_wind_2(profile="wind_offshore"))
    path = write_scenario(tmp_path, folder)
    with pytest.raises(InputError) as info:
        data.load(config.load_scenario(path))
    message = str(info.value)
    assert "technologies.csv: row 9 (wind_2), column 'profile'" in message
    assert "r1__wind_offshore_cf" in message


@pytest.mark.unit
@pytest.mark.parametrize(("role", "profile", "fragment"), [
    ("windmill", "wind", "column 'role': unknown 'windmill'"),
    ("generator", "", "a generator needs the name of its capacity-factor profile"),
    ("storage_power", "", "2 technologies have role 'storage_power'"),
    ("heat_store", "wind", "'wind' is set but role 'heat_store' has no capacity factor"),
])
def test_bad_roles_are_named(tmp_path: Path, role: str, profile: str, fragment: str) -> None:
    folder = write_dataset(tmp_path / "data", _with_wind_2(profile=profile, role=role))
    path = write_scenario(tmp_path, folder)
    with pytest.raises(InputError) as info:
        data.load(config.load_scenario(path))
    assert fragment in str(info.value)
