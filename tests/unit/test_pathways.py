"""pathways.csv is tidy (one meaning per column, one unit per row, no -0.0) and the IAMC table
written next to it round-trips to the same values."""

from __future__ import annotations

import pandas as pd
import pytest
import xarray as xr
from brief_run import publish

from model.outputs import pathways

pytestmark = pytest.mark.unit


def read(path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, na_values=[""])


def test_tidy_columns_units_and_no_negative_zero(tiny_run, tmp_path):
    ds, manifest = tiny_run
    ds["export_mwh"] = ds["export_mwh"] * 0.0 - 0.0  # a -0.0 that must not reach the file
    run_dir = publish(tmp_path, "tiny", ds, manifest)
    text = (run_dir / "pathways.csv").read_text()
    assert ",-0.0," not in text
    tidy = read(run_dir / "pathways.csv")
    assert list(tidy.columns) == pathways.COLUMNS
    assert (tidy.groupby(["variable", "item"], dropna=False)["unit"].nunique() == 1).all()
    cap = tidy[tidy["variable"] == "capacity"].set_index("item")["unit"]
    assert set(cap.loc[["battery_energy"]]) == {"MWh"} and set(cap.loc[["wind"]]) == {"MW"}
    assert set(tidy["item_kind"].dropna()) <= {"technology", "source", "category",
                                               "heat_source", "option", "plant"}
    heat = tidy[tidy["variable"] == "plant_heat_supply"]
    assert heat["plant"].notna().all() and set(heat["item_kind"]) == {"heat_source"}
    pipe = tidy[tidy["variable"] == "pipeline"]
    assert pipe["stage"].notna().all() and tidy.loc[tidy["variable"] != "pipeline",
                                                    "stage"].isna().all()
    assert set(tidy["scenario"]) == {"tiny"}  # the run name (with an override label if any)
    # values agree with the Dataset
    wind = tidy[(tidy["variable"] == "capacity") & (tidy["item"] == "wind")]
    assert wind.set_index("year")["value"].to_dict() == pytest.approx(
        ds["capacity_mw"].sel(technology="wind").sum("region").to_series().to_dict())


def test_iamc_table_round_trips_to_the_pathways(tiny_run, tmp_path):
    ds, manifest = tiny_run
    run_dir = publish(tmp_path, "tiny", ds, manifest)
    tidy, wide = read(run_dir / "pathways.csv"), pd.read_csv(run_dir / "pathways_iamc.csv")
    assert list(wide.columns[:5]) == ["model", "scenario", "region", "variable", "unit"]
    assert [int(c) for c in wide.columns[5:]] == [int(y) for y in ds["year"].values]
    assert "Capacity|Wind" in set(wide["variable"])
    assert any(v.startswith("Emissions|CO2|") for v in wide["variable"])
    assert pathways.iamc_check(tidy, wide) < 1e-6
    back = pathways.from_iamc(wide)
    total = back[(back["variable"] == "emissions") & (back["region"] == "Harz")]
    assert total.groupby("year")["value"].sum().to_numpy() == pytest.approx(
        ds["emissions_t"].sum("source").to_numpy(), rel=1e-9, abs=1e-6)
    broken = wide.copy()
    broken.loc[0, wide.columns[5]] += 1.0
    assert pathways.iamc_check(tidy, broken) == pytest.approx(1.0)


def test_unit_of_an_item_from_the_units_attribute():
    assert pathways._unit("MW (MWh for battery_energy)", "battery_energy") == "MWh"
    assert pathways._unit("MW (MWh for battery_energy)", "wind") == "MW"
    assert pathways._unit("t CO2", "x") == "t CO2"
    da = xr.DataArray([[-0.0, 1.0]], coords={"category": ["a"], "year": [2025, 2026]},
                      dims=["category", "year"], attrs={"units": "EUR"})
    frame = pathways.tidy(xr.Dataset({"cost_eur": da}), "s")
    assert frame["value"].map(str).tolist() == ["0.0", "1.0"]
