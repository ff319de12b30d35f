"""The analyst's tables of a run: tidy ``pathways.csv`` and the IAMC table ``pathways_iamc.csv``.

``pathways.csv`` has one value per row and one meaning per column:

``scenario, year, region, variable, item_kind, item, plant, stage, value, unit``

* ``variable``: what is measured (keys of :data:`VARIABLES`, e.g. ``capacity``, ``emissions``);
* ``item_kind`` / ``item``: the breakdown and its member (``technology`` / ``wind``,
  ``source`` / ``plant_gas``, ``category`` / ``capex``, ``plant`` / ``cu_refine_ni``; empty for
  totals such as ``grid_import`` of a region);
* ``plant``: the plant an item belongs to (heat sources and equipment options), else empty;
* ``stage``: the permitting stage of ``pipeline`` rows, else empty;
* ``region``: a region id, or ``all`` for quantities without a regional breakdown;
* ``unit``: the unit of that row alone (``MW`` for power, ``MWh`` for battery energy).

Values are rounded to 6 decimals with ``-0.0`` written as ``0.0``; rows without a value (an
option a plant does not have) are left out.

The IAMC table (the format of the IAMC/pyam scenario ecosystem) has ``model, scenario, region,
variable, unit`` and one column per year; region ``Harz`` holds the sum over the regions.
:func:`from_iamc` reads it back into tidy rows, so the two files can be checked against each
other.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import xarray as xr

from model.outputs.catalogue import TERMS

COLUMNS = ["scenario", "year", "region", "variable", "item_kind", "item", "plant", "stage",
           "value", "unit"]
#: Dataset variable -> tidy ``variable`` name (yearly results only).
VARIABLES = {
    "capacity_mw": "capacity", "land_potential_mw": "land_potential",
    "generation_mwh": "generation", "curtailment_mwh": "curtailment",
    "import_mwh": "grid_import", "export_mwh": "grid_export", "shed_mwh": "load_shed",
    "battery_charge_mwh": "battery_charge", "battery_discharge_mwh": "battery_discharge",
    "other_demand_mwh": "other_demand", "plant_electricity_mwh": "plant_electricity_all_uses",
    "plant_process_elec_mwh": "plant_process_electricity",
    "plant_flex_shifted_mwh": "plant_flexible_load_shifted",
    "plant_production_t": "plant_production", "plant_emissions_t": "plant_emissions",
    "plant_fuel_and_co2_cost_eur": "plant_fuel_and_co2_cost",
    "plant_heat_supply_mwh_th": "plant_heat_supply", "plant_equipment_installed":
    "plant_equipment", "pipeline_mw": "pipeline", "emissions_t": "emissions", "cost_eur": "cost",
}
#: Dimension name in the Dataset -> ``item_kind`` (``generator`` is a technology that generates).
ITEM_KINDS = {"technology": "technology", "generator": "technology", "source": "source",
              "category": "category", "heat_source": "heat_source", "option": "option",
              "plant": "plant"}
_SPECIAL_UNIT = re.compile(r"^(?P<main>.+?) \((?P<other>\S+) for (?P<items>[\w, ]+)\)$")
# e.g. "MW (MWh for battery_energy)" or "MW (MWh for storage energy)"

MODEL = "harz-planner"
TOTAL_REGION = "Harz"
#: tidy variable -> (IAMC variable prefix, unit per year or None to keep the row's unit).
IAMC = {"emissions": ("Emissions|CO2", "t CO2/yr"), "cost": ("Cost", "EUR_2025/yr"),
        "cost_discounted": ("Cost|Discounted", "EUR_2025/yr"),
        "capacity": ("Capacity", None), "generation": ("Secondary Energy|Electricity", "MWh/yr"),
        "curtailment": ("Curtailment|Electricity", "MWh/yr"),
        "grid_import": ("Trade|Electricity|Import", "MWh/yr"),
        "grid_export": ("Trade|Electricity|Export", "MWh/yr")}


#: Storage items sized in energy: their "capacity" rows are MWh, not MW.
ENERGY_ITEMS = {"battery_energy": {"MW": "MWh"}, "thermal_store": {"MW_th": "MWh_th",
                                                                   "MW": "MWh_th"}}


def _unit(units: str, item: str) -> str:
    """The unit of one item: ``MW (MWh for battery_energy)`` style attributes are split, and
    storage energy items (:data:`ENERGY_ITEMS`) get their energy unit."""
    m = _SPECIAL_UNIT.match(units)
    if m is None:
        return ENERGY_ITEMS.get(item, {}).get(units, units)
    items = {s.strip() for s in m["items"].split(",")}
    return m["other"] if item in items or item in ENERGY_ITEMS else m["main"]


def _clean(values: pd.Series) -> pd.Series:
    """Round to 6 decimals and turn ``-0.0`` into ``0.0``."""
    return values.astype(float).round(6) + 0.0


def _frame(da: xr.DataArray, variable: str) -> pd.DataFrame:
    df = da.to_dataframe(name="value").reset_index().dropna(subset=["value"])
    dims = [d for d in da.dims if d not in ("year", "region", "stage")]
    out = pd.DataFrame({"year": df["year"].astype(int),
                        "region": df["region"].astype(str) if "region" in df else "all",
                        "variable": variable, "item_kind": "", "item": "", "plant": "",
                        "stage": df["stage"].astype(str) if "stage" in df else ""})
    if "plant" in dims and len(dims) == 2:  # a part of a plant: heat source or option
        other = next(d for d in dims if d != "plant")
        out["plant"] = df["plant"].astype(str)
        out["item_kind"], out["item"] = ITEM_KINDS.get(other, other), df[other].astype(str)
    elif dims:
        out["item_kind"], out["item"] = ITEM_KINDS.get(dims[0], dims[0]), df[dims[0]].astype(str)
    units = str(da.attrs.get("units", ""))
    out["unit"] = [_unit(units, i) for i in out["item"]]
    out["value"] = _clean(df["value"]).to_numpy()
    return out


def tidy(ds: xr.Dataset, scenario: str) -> pd.DataFrame:
    """The tidy pathways table of a run (columns :data:`COLUMNS`; see the module docstring)."""
    frames = [_frame(ds[name], variable) for name, variable in VARIABLES.items() if name in ds]
    if "cost_eur" in ds and "discount_factor" in ds:
        disc = (ds["cost_eur"] * ds["discount_factor"]).assign_attrs(units="EUR2025 discounted")
        frames.append(_frame(disc, "cost_discounted"))
    out = pd.concat(frames, ignore_index=True)
    out.insert(0, "scenario", scenario)
    return out[COLUMNS]


def _item_name(item: str) -> str:
    """English name of an item for IAMC variables, capitalised (``Rooftop PV``)."""
    text = TERMS[item][0] if item in TERMS else item
    return text[:1].upper() + text[1:]


def _iamc_name(prefix: str, item: str) -> str:
    return f"{prefix}|{_item_name(item)}" if item else prefix


def to_iamc(paths: pd.DataFrame) -> pd.DataFrame:
    """IAMC wide table (model, scenario, region, variable, unit, <years>) of tidy pathways.

    Rows: the variables of :data:`IAMC` without plant or stage, per region and summed over
    the regions as ``Harz`` (system-wide rows, region ``all``, become ``Harz`` directly).
    """
    sel = paths[paths["variable"].isin(list(IAMC)) & (paths["plant"].fillna("") == "")
                & (paths["stage"].fillna("") == "")].copy()
    sel["item"] = sel["item"].fillna("")
    regional = sel[sel["region"] != "all"]
    total = regional.groupby(["scenario", "year", "variable", "item", "unit"], as_index=False)[
        "value"].sum().assign(region=TOTAL_REGION)
    sel = pd.concat([sel.assign(region=sel["region"].replace("all", TOTAL_REGION)), total],
                    ignore_index=True)
    sel["variable_iamc"] = [_iamc_name(IAMC[v][0], i) for v, i in zip(
        sel["variable"], sel["item"], strict=True)]
    sel["unit_iamc"] = [IAMC[v][1] or u for v, u in zip(sel["variable"], sel["unit"],
                                                        strict=True)]
    wide = sel.pivot_table(index=["scenario", "region", "variable_iamc", "unit_iamc"],
                           columns="year", values="value", aggfunc="sum").reset_index()
    wide = wide.rename(columns={"variable_iamc": "variable", "unit_iamc": "unit"})
    wide.columns = [str(c) for c in wide.columns]
    wide.insert(0, "model", MODEL)
    return wide.sort_values(["scenario", "variable", "region"], ignore_index=True)


def from_iamc(wide: pd.DataFrame) -> pd.DataFrame:
    """Tidy rows (scenario, year, region, variable, item, value) back from an IAMC table.

    Inverts the variable names of :func:`to_iamc` (``Capacity|Rooftop PV`` -> ``capacity``,
    ``pv_rooftop``); region ``Harz`` stays ``Harz`` (the sum over regions).
    """
    names = {v: k for k, v in {k: v[0] for k, v in IAMC.items()}.items()}
    items = {_item_name(key): key for key in TERMS}
    years = [c for c in wide.columns if c.isdigit()]
    long = wide.melt(id_vars=["model", "scenario", "region", "variable", "unit"],
                     value_vars=years, var_name="year", value_name="value").dropna(
        subset=["value"])
    parsed = []
    for name in long["variable"]:
        prefix, _, tail = name.rpartition("|")
        if name in names:  # a prefix alone (no item)
            parsed.append((names[name], ""))
        elif prefix in names:
            parsed.append((names[prefix], items.get(tail, tail)))
        else:
            raise ValueError(f"IAMC variable '{name}' is not one this tool writes")
    long["variable"], long["item"] = zip(*parsed, strict=True) if parsed else ([], [])
    long["year"] = long["year"].astype(int)
    return long[["scenario", "year", "region", "variable", "item", "value"]].reset_index(
        drop=True)


def iamc_check(paths: pd.DataFrame, wide: pd.DataFrame) -> float:
    """Largest absolute difference between the IAMC table and the tidy rows it came from."""
    back = from_iamc(wide)
    sel = paths[paths["variable"].isin(list(IAMC)) & (paths["plant"].fillna("") == "")
                & (paths["stage"].fillna("") == "")].copy()
    sel["item"] = sel["item"].fillna("")
    keys = ["scenario", "year", "variable", "item"]
    regional = sel[sel["region"] != "all"]
    total = regional.groupby(keys, as_index=False)["value"].sum().assign(region=TOTAL_REGION)
    expect = pd.concat([sel.assign(region=sel["region"].replace("all", TOTAL_REGION)), total])
    expect = expect.groupby([*keys, "region"])["value"].sum()
    got = back.groupby([*keys, "region"])["value"].sum()
    if set(expect.index) != set(got.index):
        return float("inf")
    return float(np.max(np.abs((expect - got.reindex(expect.index)).to_numpy()), initial=0.0))
