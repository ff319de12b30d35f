"""Solved Pyomo model -> one xarray Dataset with named dims, units and descriptions.

Yearly pathway quantities come out on ``year``; dispatch on the representative days comes
out on ``(op_year, day, step)``. Annual energies are rebuilt from the dispatch with the
same weights the model used (day weight × step duration), so the balances in the files
can be checked independently of the model (``tests`` do exactly that).
"""

from __future__ import annotations

import math

import numpy as np
import pyomo.environ as pyo
import xarray as xr

from model.formulation.blocks.common import snapshot_weight_h
from model.formulation.blocks.permitting import approval_year, commissioning_time
from model.formulation.blocks.plants import efficiency
from model.inputs.data import ModelData


def _val(x) -> float:
    v = x.value if hasattr(x, "is_variable_type") and x.is_variable_type() else pyo.value(
        x, exception=False)
    return 0.0 if v is None else float(v)


def _array(index_values: dict, dims: list[str], units: str, description: str,
           fill: float = 0.0) -> xr.DataArray:
    """Dense DataArray from a {key tuple: value} mapping (missing combinations: ``fill``)."""
    coords = [sorted({k[i] for k in index_values}) for i in range(len(dims))]
    arr = np.full([len(c) for c in coords], fill)
    pos = [{v: j for j, v in enumerate(c)} for c in coords]
    for key, value in index_values.items():
        arr[tuple(pos[i][key[i]] for i in range(len(dims)))] = value
    return xr.DataArray(arr, coords=dict(zip(dims, coords, strict=True)), dims=dims,
                        attrs={"units": units, "description": description})


def _annual(data: ModelData, var, keys: list[tuple], year: int) -> dict:
    hours = snapshot_weight_h(data)
    o = data.op_year_of[year]
    return {k: sum(h * _val(var[(*k, o, d, t)]) for (d, t), h in hours.items()) for k in keys}


def _supply(m, data: ModelData) -> dict[str, xr.DataArray]:
    out = {}
    caps = {(k, r, y): _val(m.capacity_mw[k, r, y]) for (k, r) in m.capacity_index for y in m.year}
    land = {(k, r, y): float(data.land_mw.at[(r, k, y), "potential_mw"])
            for (r, k, y) in data.land_mw.index if (k, r) in set(m.capacity_index)}
    if land:
        out["land_potential_mw"] = _array(land, ["technology", "region", "year"], "MW",
                                          "land or area potential (designated wind area, PV)")
    out["capacity_mw"] = _array(caps, ["technology", "region", "year"],
                                "MW (MWh for battery_energy)",
                                "capacity in operation, average over the year")
    gen, avail = {}, {}
    hours = snapshot_weight_h(data)
    keys = [(k, r) for k in m.supply.tech for r in m.region]
    for y in data.years:
        o = data.op_year_of[y]
        for (k, r), v in _annual(data, m.supply.gen_mw, keys, y).items():
            gen[k, r, y] = v
            cf = data.time.values[f"{r}__{k}_cf"]
            avail[k, r, y] = sum(h * float(cf[d, t]) for (d, t), h in hours.items()) * caps[
                k, r, o]
    # dim 'generator' (not 'technology'): storage has capacity but no generation row
    out["generation_mwh"] = _array(gen, ["generator", "region", "year"], "MWh",
                                   "annual generation (dispatch of the year's operation year)")
    out["curtailment_mwh"] = _array({k: max(avail[k] - gen[k], 0.0) for k in gen},
                                    ["generator", "region", "year"], "MWh",
                                    "available but not generated energy")
    return out


def _grid(m, data: ModelData) -> dict[str, xr.DataArray]:
    out = {}
    keys = [(r,) for r in m.region]
    for name, var, desc in (("import_mwh", m.grid.import_mw, "import from the national grid"),
                            ("export_mwh", m.grid.export_mw, "export to the national grid"),
                            ("shed_mwh", m.grid.shed_mw, "load shed (priced slack)")):
        vals = {(r, y): v for y in data.years for (r,), v in _annual(data, var, keys, y).items()}
        out[name] = _array(vals, ["region", "year"], "MWh", desc)
    if hasattr(m.storage, "discharge_mw"):
        for name, var in (("battery_discharge_mwh", m.storage.discharge_mw),
                          ("battery_charge_mwh", m.storage.charge_mw)):
            vals = {(r, y): v for y in data.years
                    for (r,), v in _annual(data, var, keys, y).items()}
            out[name] = _array(vals, ["region", "year"], "MWh", name.split("_")[1])
    hours = snapshot_weight_h(data)
    other, plants = {}, {}
    demand = m.acc.balance.demand_mw
    for y in data.years:
        o = data.op_year_of[y]
        withdrawal = _plant_withdrawal_mwh(m, data, o)
        for r in data.regions:
            other[r, y] = sum(h * demand.get((r, o, d, t), 0.0) for (d, t), h in hours.items())
            plants[r, y] = withdrawal.get(r, 0.0)
    out["other_demand_mwh"] = _array(other, ["region", "year"], "MWh",
                                     "regional demand other than the plants")
    out["plant_electricity_mwh"] = _array(plants, ["region", "year"], "MWh",
                                          "all plant electricity: process, heat, store charging")
    return out


def _plant_withdrawal_mwh(m, data: ModelData, o: int) -> dict[str, float]:
    """Annual plant electricity per region in an operation year: process, heat, store."""
    b = m.plants
    hours = snapshot_weight_h(data)
    total: dict[str, float] = {}
    for p in b.plant:
        region = data.plants.at[p, "region"]
        mwh = sum(h * _val(b.load_mw[p, o, d, t]) for (d, t), h in hours.items())
        for (pp, j) in b.converter:
            if pp == p:
                eff = efficiency(data, j, o)
                mwh += sum(h * _val(b.heat_el_mw[p, j, o, d, t]) for (d, t), h in hours.items()
                           ) / eff
        if p in b.store_plant:
            mwh += sum(h * _val(b.store_charge_mw[p, o, d, t]) for (d, t), h in hours.items())
        total[region] = total.get(region, 0.0) + mwh
    return total


def _plants(m, data: ModelData) -> dict[str, xr.DataArray]:
    b, out = m.plants, {}
    plants = list(b.plant)
    if not plants:
        return out
    keys = [(p,) for p in plants]
    load, gas, shifted = {}, {}, {}
    hours = snapshot_weight_h(data)
    for y in data.years:
        o = data.op_year_of[y]
        for (p,), v in _annual(data, b.load_mw, keys, y).items():
            load[p, y] = v
            shifted[p, y] = sum(h * _val(b.shift_up_mw[p, o, d, t])
                                for (d, t), h in hours.items())
        for (p,), v in _annual(data, b.heat_gas_mw, keys, y).items():
            gas[p, y] = v
    out["plant_production_t"] = _array(
        {(p, y): float(data.throughput_t.at[p, y]) for p in plants for y in data.years},
        ["plant", "year"], "t", "production (throughput) of the plant")
    out["plant_emissions_t"] = _array(
        {k: _val(v) for k, v in m.acc.plants.emissions_t.items()}, ["plant", "year"], "t CO2",
        "direct emissions of the plant: gas, other fuel, process")
    out["plant_fuel_and_co2_cost_eur"] = _array(
        {k: _val(v) for k, v in m.acc.plants.energy_cost_eur.items()}, ["plant", "year"],
        "EUR2025", "gas purchases and CO2 cost of the plant (electricity is in the regional "
        "balance)")
    out["plant_process_elec_mwh"] = _array(load, ["plant", "year"], "MWh",
                                           "process electricity")
    out["plant_flex_shifted_mwh"] = _array(shifted, ["plant", "year"], "MWh",
                                           "process load moved above its average (shifted)")
    mix = {(p, "gas", y): gas[p, y] for (p, y) in gas}
    conv = list(b.converter)
    for y in data.years:
        for (p, j), v in _annual(data, b.heat_el_mw, conv, y).items():
            mix[p, j, y] = v
        for (p,), v in _annual(data, b.store_discharge_mw, [(p,) for p in b.store_plant],
                               y).items():
            mix[p, "thermal_store", y] = v
    out["plant_heat_supply_mwh_th"] = _array(mix, ["plant", "heat_source", "year"], "MWh_th",
                                             "useful process heat by source")
    if len(b.option_index):
        inst = {(p, j, y): _val(b.installed[p, j, y]) for (p, j) in b.option_index
                for y in data.years}
        out["plant_equipment_installed"] = _array(
            inst, ["plant", "option", "year"], "MW_th (MWh_th for thermal_store)",
            "electrification equipment in operation, average over the year (NaN: not an "
            "option of the plant)", fill=math.nan)
        first: dict = {}
        for (p, j, s) in b.build_index:  # ordered: an order only counts with a real size
            if round(_val(b.build[p, j, s])) == 1 and _val(b.size[p, j, s]) > 1e-6:
                first.setdefault((p, j), float(s))
        out["plant_equipment_order_year"] = _array(
            {k: first.get(k, math.nan) for k in b.option_index}, ["plant", "option"], "year",
            "year the equipment is ordered (NaN: never ordered, or not an option)",
            fill=math.nan)
    return out


def pipeline_table(m, data: ModelData) -> dict[str, xr.DataArray]:
    """Stock-and-flow table of the permitting pipeline per technology, region and year.

    Stocks at the end of each year: ``in_development`` (started, not yet applied for),
    ``in_approval`` (applied, no decision yet), ``under_construction`` (approved, not yet
    commissioned). Flows during the year: ``started``, ``applied``, ``approved`` (after
    attrition), ``commissioned``. ``operating`` is the capacity in operation.
    """
    b = m.permitting
    stages = ("started", "applied", "approved", "commissioned", "in_development", "in_approval",
              "under_construction")
    vals = {}
    for (k, r, s) in b.start_index:
        x = _val(b.start_mw[k, r, s])
        row = data.permitting.loc[(k, r)]
        keep = 1 - row["attrition_share"]
        t_app = s + row["pre_application_months"] / 12
        t_dec = s + (row["pre_application_months"] + row["approval_months"]) / 12
        t_com = commissioning_time(data, k, r, s)
        decided = approval_year(data, k, r, s)
        for y in data.years:
            end = y + 1
            add = {
                "started": x * (s == y), "applied": x * (math.floor(t_app) == y),
                "approved": keep * x * (decided == y),
                "commissioned": keep * x * (math.floor(t_com) == y),
                "in_development": x * (s < end <= t_app), "in_approval": x * (t_app < end <= t_dec),
                "under_construction": keep * x * (t_dec < end <= t_com),
            }
            for stage, v in add.items():
                vals[k, r, stage, y] = vals.get((k, r, stage, y), 0.0) + v
    for (k, r) in m.capacity_index:
        for y in data.years:
            for stage in stages:
                vals.setdefault((k, r, stage, y), 0.0)
            vals[k, r, "operating", y] = _val(m.capacity_mw[k, r, y])
    return {"pipeline_mw": _array(vals, ["technology", "region", "stage", "year"], "MW",
                                  "permitting pipeline: stocks at year end, flows in the year")}


def to_dataset(m, data: ModelData) -> xr.Dataset:
    """Collect every result into one Dataset (values must be loaded into ``m``)."""
    arrays = {}
    arrays.update(_supply(m, data))
    arrays.update(_grid(m, data))
    arrays.update(_plants(m, data))
    arrays.update(pipeline_table(m, data))
    em = {(s, y): _val(m.emissions.emissions_t[s, y]) for s in m.emissions.source for y in m.year}
    arrays["emissions_t"] = _array(em, ["source", "year"], "t CO2", "emissions by source")
    cost = {(c, y): _val(m.costs.cost_eur[c, y]) for c in m.costs.category for y in m.year}
    arrays["cost_eur"] = _array(cost, ["category", "year"], "EUR2025",
                                "undiscounted cost by category")
    arrays["discount_factor"] = xr.DataArray(
        data.discount.to_numpy(), coords={"year": data.years}, dims=["year"],
        attrs={"units": "1", "description": "discount factor to the base year"})
    dispatch = {(k, r, o, d, t): _val(m.supply.gen_mw[k, r, o, d, t])
                for k in m.supply.tech for r in m.region for (o, d, t) in m.snapshot}
    arrays["dispatch_gen_mw"] = _array(dispatch, ["generator", "region", "op_year", "day", "step"],
                                       "MW", "generation on the representative days")
    if len(m.plants.plant):
        load = {(p, o, d, t): _val(m.plants.load_mw[p, o, d, t]) for p in m.plants.plant
                for (o, d, t) in m.snapshot}
        arrays["dispatch_plant_load_mw"] = _array(
            load, ["plant", "op_year", "day", "step"], "MW",
            "process electricity on the representative days")
    ds = xr.Dataset(arrays)
    ds["day_weight"] = xr.DataArray(data.time.weights.to_numpy(dtype=float),
                                    coords={"day": list(data.time.weights.index)}, dims=["day"],
                                    attrs={"units": "days", "description": "days per year"})
    return ds
