r"""Figures derived from the results Dataset and the resolved inputs, never from the model.

Input: the Dataset of :func:`model.outputs.results.to_dataset` after extraction (every
variable and expression under its Pyomo name, plus ``duration_h``, ``day_weight``,
``op_year_of``) and the :class:`~model.inputs.data.ModelData` of the run (inputs only).

Yearly energy of a power :math:`P` on the representative steps (:func:`annual`):

.. math:: E_{\ldots,y} = \sum_{d,t} w_d\, \Delta_{d,t}\, P_{\ldots,o(y),d,t}

Curtailment: :math:`\max(0,\ \mathrm{CAP}_{k,r,o(y)} \sum_{d,t} w_d \Delta_{d,t}
\phi_{k,r,d,t} - E^{gen}_{k,r,y})`. Plant withdrawals per region: process load plus
electric heat :math:`q_j / \eta_{j,o}` plus thermal-store charging, summed over the
region's plants. Pipeline stocks and flows (:func:`pipeline_table`): capacity started in
:math:`s` is applied for at :math:`s + m^{pre}/12`, decided at
:math:`s + (m^{pre} + m^{app})/12` (a share :math:`1-a` approved) and commissioned at
:math:`s + (m^{pre} + m^{app} + m^{real})/12`; a stock counts the capacity between two of
these times at the end of a year.

Legend: :math:`w_d` day weight (days), :math:`\Delta_{d,t}` step duration (h), :math:`o(y)`
operation year of year :math:`y`, :math:`\phi` capacity factor, :math:`\eta` efficiency
(COP), :math:`m` permitting durations (months), :math:`a` attrition share.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import xarray as xr

from model.inputs.data import ModelData, op_capacity_weights, profile_column

STAGES = ("started", "applied", "approved", "commissioned", "in_development", "in_approval",
          "under_construction")


def raw(ds: xr.Dataset, local: str) -> xr.DataArray | None:
    """The extracted component whose Pyomo name is ``local`` or ends in ``.local``."""
    if local in ds:
        return ds[local]
    hits = [n for n in ds.data_vars if str(n).endswith("." + local)]
    return ds[hits[0]] if len(hits) == 1 else None


def annual(ds: xr.Dataset, da: xr.DataArray) -> xr.DataArray:
    """Yearly energy (dims ``..., year``) of a power indexed ``(..., op_year, day, step)``."""
    return _to_years(ds, _per_op_year(ds, da))


def _attrs(da: xr.DataArray, units: str, description: str) -> xr.DataArray:
    da = da.copy(deep=False)
    da.attrs = {"units": units, "description": description}
    return da


def _inputs(ds: xr.Dataset, data: ModelData, gens: list[str]) -> dict[str, xr.DataArray]:
    """Capacity factors and other demand on the representative steps (inputs of the run)."""
    values = data.time.values
    days, steps = ds["duration_h"]["day"].values, ds["duration_h"]["step"].values
    cf = np.zeros((len(gens), len(data.regions), len(days), len(steps)))
    for i, k in enumerate(gens):
        for j, r in enumerate(data.regions):
            cf[i, j] = values[profile_column(data.technologies, k, r)].unstack().reindex(
                index=days, columns=steps).to_numpy(dtype=float)
    shape = values["other_demand_factor"].unstack().reindex(index=days, columns=steps)
    annual_mwh = np.array([[float(data.other_demand_mwh.at[r, o]) for o in data.op_years]
                           for r in data.regions])
    demand = annual_mwh[:, :, None, None] / 8760.0 * shape.to_numpy(dtype=float)[None, None]
    return {
        "capacity_factor": xr.DataArray(
            cf, dims=["generator", "region", "day", "step"],
            coords={"generator": gens, "region": data.regions, "day": days, "step": steps},
            attrs={"units": "1", "description": "capacity factor on the representative steps"}),
        "other_demand_mw": xr.DataArray(
            demand, dims=["region", "op_year", "day", "step"],
            coords={"region": data.regions, "op_year": data.op_years, "day": days,
                    "step": steps},
            attrs={"units": "MW", "description": "regional demand other than the plants"}),
    }


def _existing_profile_mwh(ds: xr.Dataset, data: ModelData, gens: list[str],
                          hours: xr.DataArray) -> xr.DataArray:
    r"""Availability change from the existing fleet's own profile:
    :math:`\sum_{d,t} w_d \Delta_{d,t} (\phi^E - \phi) \sum_o \lambda_{y,o} \bar E_{k,r,o}`
    (0 without one), :math:`\bar E_o` the fleet an operating year dispatches."""
    days, steps = ds["duration_h"]["day"].values, ds["duration_h"]["step"].values
    years = ds["op_year_of"]["year"].values
    out = np.zeros((len(gens), len(data.regions), len(years)))
    h = hours.transpose("day", "step").to_numpy().astype(float)
    lam = op_capacity_weights(data)
    for i, k in enumerate(gens):
        for j, r in enumerate(data.regions):
            prof = data.technologies.at[k, "profile"] if "profile" in data.technologies else k
            col = f"{r}__{prof}_existing_cf"
            if col not in data.time.values.columns:
                continue
            grid = [data.time.values[c].unstack().reindex(index=days, columns=steps)
                    .to_numpy(dtype=float) for c in (col, f"{r}__{prof}_cf")]
            delta_h = float(((grid[0] - grid[1]) * h).sum())
            fleet = {int(y): float(data.existing_mw.at[(r, k, int(y)), "capacity_mw"])
                     for y in years if (r, k, int(y)) in data.existing_mw.index}
            at_op = {o: sum(w * fleet.get(y, 0.0) for y, w in shares.items())
                     for o, shares in lam.items()}
            for n, y in enumerate(years):
                mw = sum(w * at_op[o] for o, w in data.op_weights[int(y)].items())
                out[i, j, n] = delta_h * mw
    return xr.DataArray(out, dims=["generator", "region", "year"],
                        coords={"generator": gens, "region": data.regions, "year": years})


def _supply(ds: xr.Dataset, data: ModelData) -> dict[str, xr.DataArray]:
    out: dict[str, xr.DataArray] = {}
    cap = ds["capacity_mw"]
    out["capacity_mw"] = _attrs(cap, "MW (MWh for storage energy)",
                                "capacity in operation, average over the year")
    land = data.land_mw["potential_mw"].astype(float)
    land = land[land.index.get_level_values("technology").isin(cap["technology"].values)
                & land.index.get_level_values("region").isin(cap["region"].values)]
    if len(land):
        land = land.reorder_levels(["technology", "region", "year"]).sort_index()
        out["land_potential_mw"] = _attrs(
            xr.DataArray.from_series(land).fillna(0.0), "MW",
            "land or area potential (designated wind area, PV)")
    gen = raw(ds, "gen_mw")
    if gen is None:
        return out
    gen = gen.rename({gen.dims[0]: "generator"})
    gens = [str(k) for k in gen["generator"].values]
    inputs = _inputs(ds, data, gens)
    out["capacity_factor"] = inputs["capacity_factor"]
    energy = annual(ds, gen)
    out["generation_mwh"] = _attrs(energy.transpose("generator", "region", "year"), "MWh",
                                   "annual generation (dispatch of the year's operation year)")
    hours = ds["day_weight"] * ds["duration_h"]
    cf_hours = (inputs["capacity_factor"] * hours).sum(["day", "step"])
    lam = op_capacity_weights(data)  # the capacity each operating year dispatches
    weight = xr.DataArray([[lam[o].get(y, 0.0) for y in data.years] for o in data.op_years],
                          coords={"op_year": data.op_years, "year": data.years},
                          dims=["op_year", "year"])
    cap_o = _to_years(ds, (cap.rename(technology="generator").sel(generator=gens)
                           * weight).sum("year"))
    avail = cf_hours * cap_o + _existing_profile_mwh(ds, data, gens, hours)
    out["curtailment_mwh"] = _attrs(
        (avail - energy).clip(min=0.0).transpose("generator", "region", "year"), "MWh",
        "available but not generated energy")
    out["dispatch_gen_mw"] = _attrs(gen, "MW", "generation on the representative days")
    return out


def _grid(ds: xr.Dataset, data: ModelData, plant_mwh: xr.DataArray | None
          ) -> dict[str, xr.DataArray]:
    out = {}
    for name, local, desc in (("import_mwh", "import_mw", "import from the national grid"),
                              ("export_mwh", "export_mw", "export to the national grid"),
                              ("shed_mwh", "shed_mw", "load shed (priced slack)"),
                              ("battery_discharge_mwh", "discharge_mw", "discharge"),
                              ("battery_charge_mwh", "charge_mw", "charge")):
        da = raw(ds, local)
        if da is not None and "region" in da.dims:
            out[name] = _attrs(annual(ds, da).transpose("region", "year"), "MWh", desc)
    demand = _inputs(ds, data, [])["other_demand_mw"]
    out["other_demand_mw"] = demand
    out["other_demand_mwh"] = _attrs(annual(ds, demand).transpose("region", "year"), "MWh",
                                     "regional demand other than the plants")
    must_run = data.must_run_mw.reindex(data.regions).fillna(0.0).to_numpy(dtype=float) * 8760.0
    out["must_run_mwh"] = _attrs(
        xr.zeros_like(out["other_demand_mwh"]) + xr.DataArray(
            must_run, dims=["region"], coords={"region": data.regions}), "MWh",
        "flat output of the existing biomass and run-of-river fleet (must_run.csv)")
    zero = xr.zeros_like(out["other_demand_mwh"])
    plants = zero if plant_mwh is None else plant_mwh.reindex_like(zero).fillna(0.0)
    out["plant_electricity_mwh"] = _attrs(plants, "MWh",
                                          "all plant electricity: process, heat, store charging")
    return out


def _option_efficiency(data: ModelData, options: list[str]) -> xr.DataArray:
    eff = [[float(data.costs.at[(data.options.at[j, "technology"], o), "efficiency"])
            for o in data.op_years] for j in options]
    return xr.DataArray(np.array(eff).reshape(len(options), len(data.op_years)),
                        dims=["option", "op_year"],
                        coords={"option": options, "op_year": data.op_years})


def _per_op_year(ds: xr.Dataset, da: xr.DataArray) -> xr.DataArray:
    """Energy per operation year: sum over (day, step) of power × day weight × duration."""
    hours = (ds["day_weight"] * ds["duration_h"]).transpose("day", "step")
    da = da.transpose(..., "day", "step").reindex(day=hours["day"].values,
                                                  step=hours["step"].values)
    values = np.nan_to_num(da.values) * hours.values
    values = values.reshape(*values.shape[:-2], -1).sum(axis=-1)
    dims = da.dims[:-2]
    return xr.DataArray(values, dims=dims, coords={d: da[d].values for d in dims})


def _to_years(ds: xr.Dataset, per_op: xr.DataArray) -> xr.DataArray:
    r"""Map an array on ``op_year`` to every year: :math:`q_y = \sum_o \lambda_{y,o} q_o`
    with the interpolation weights ``op_year_weight`` (``op_year_of`` if absent)."""
    if "op_year_weight" in ds:
        lam = ds["op_year_weight"].sel(op_year=per_op["op_year"].values)
        return (per_op * lam).sum("op_year").transpose(..., "year")
    years = ds["op_year_of"]
    per_op = per_op.transpose(..., "op_year")
    pos = pd.Index(per_op["op_year"].values).get_indexer(years.values)
    dims = (*per_op.dims[:-1], "year")
    coords = {d: per_op[d].values for d in per_op.dims[:-1]}
    coords["year"] = years["year"].values
    return xr.DataArray(per_op.values[..., pos], dims=dims, coords=coords)


def _plants(ds: xr.Dataset, data: ModelData) -> tuple[dict[str, xr.DataArray],
                                                        xr.DataArray | None]:
    out: dict[str, xr.DataArray] = {}
    load = raw(ds, "load_mw")
    if load is None or not len(data.plants):
        return out, None
    load = load.rename({load.dims[0]: "plant"})
    plants = [str(p) for p in load["plant"].values]
    out["plant_production_t"] = xr.DataArray(
        data.throughput_t.loc[plants, data.years].to_numpy(dtype=float), dims=["plant", "year"],
        coords={"plant": plants, "year": data.years},
        attrs={"units": "t", "description": "production (throughput) of the plant"})
    for name, local in (("plant_emissions_t", "emissions_t"),
                        ("plant_fuel_and_co2_cost_eur", "energy_cost_eur")):
        da = raw(ds, f"plants.{local}")
        if da is not None:
            out[name] = da.rename({da.dims[0]: "plant"})
    out["plant_process_elec_mwh"] = _attrs(annual(ds, load), "MWh", "process electricity")
    shift = raw(ds, "shift_up_mw")
    out["plant_flex_shifted_mwh"] = _attrs(
        annual(ds, shift.rename({shift.dims[0]: "plant"})), "MWh",
        "process load moved above its average (shifted)")
    sources = [annual(ds, raw(ds, "heat_gas_mw").rename({load.dims[0]: "plant"}))
               .expand_dims(heat_source=["gas"])]
    load_op = _per_op_year(ds, load)
    el_op = load_op.copy()
    heat_el = raw(ds, "heat_el_mw")
    if heat_el is not None and heat_el.size:
        heat_el = heat_el.rename({heat_el.dims[0]: "plant", heat_el.dims[1]: "option"})
        heat_el = heat_el.dropna("option", how="all")  # options that are not converters
        sources.append(annual(ds, heat_el).rename(option="heat_source"))
        eff = _option_efficiency(data, [str(j) for j in heat_el["option"].values])
        el_op = el_op + (_per_op_year(ds, heat_el) / eff).sum("option").reindex_like(
            load_op).fillna(0.0)
    store_dis, to_store = raw(ds, "store_discharge_mw"), raw(ds, "heat_to_store_mw")
    if store_dis is not None and store_dis.size:
        store = store_option(data)
        sources.append(annual(ds, store_dis.rename({store_dis.dims[0]: "plant"}))
                       .expand_dims(heat_source=[store]))
    if to_store is not None and to_store.size:  # heater output charging the store
        to_store = to_store.rename({to_store.dims[0]: "plant", to_store.dims[1]: "option"})
        to_store = to_store.dropna("option", how="all")
        eff = _option_efficiency(data, [str(j) for j in to_store["option"].values])
        el_op = el_op + (_per_op_year(ds, to_store) / eff).sum("option").reindex_like(
            load_op).fillna(0.0)
    mix = xr.concat(sources, dim="heat_source", join="outer").fillna(0.0)
    out["plant_heat_supply_mwh_th"] = _attrs(
        mix.sortby("heat_source").transpose("plant", "heat_source", "year"), "MWh_th",
        "useful process heat by source")
    installed = raw(ds, "installed")
    if installed is not None and installed.size:
        out["plant_equipment_installed"] = _attrs(
            installed.rename(dict(zip(installed.dims, ("plant", "option", "year"),
                                      strict=True))),
            "MW_th (MWh_th for the thermal store)",
            "electrification equipment in operation, average over the year (NaN: not an "
            "option of the plant)")
        out["plant_equipment_order_year"] = _order_year(ds)
    region = xr.DataArray([str(data.plants.at[p, "region"]) for p in plants], dims=["plant"],
                          coords={"plant": plants}, name="region")
    by_region = _to_years(ds, el_op).groupby(region).sum()
    return out, by_region


def store_option(data: ModelData) -> str:
    """The electrification option that is a heat store (by its technology's role)."""
    techs = data.technologies
    stores = [j for j in data.options.index
              if techs.at[data.options.at[j, "technology"], "role"] == "heat_store"]
    return str(stores[0]) if stores else "heat_store"


def _order_year(ds: xr.Dataset) -> xr.DataArray:
    """Year an option is ordered: the first start year with a build and a real size."""
    build, size = raw(ds, "build"), raw(ds, "size")
    names = dict(zip(build.dims, ("plant", "option", "start_year"), strict=True))
    build, size = build.rename(names), size.rename(names)
    ordered = (build.round() == 1) & (size > 1e-6)
    years = xr.DataArray(build["start_year"].values.astype(float), dims=["start_year"],
                         coords={"start_year": build["start_year"].values})
    first = years.where(ordered).min("start_year")
    installed = raw(ds, "installed")
    inst = installed.rename(dict(zip(installed.dims, ("plant", "option", "year"), strict=True)))
    first = first.reindex_like(inst.isel(year=0, drop=True))
    return _attrs(first, "year", "year the equipment is ordered (NaN: never ordered, or not "
                  "an option)")


def pipeline_table(ds: xr.Dataset, data: ModelData) -> xr.DataArray:
    """Stock-and-flow table of the permitting pipeline per technology, region and year.

    Stocks at the end of each year: ``in_development`` (started, not yet applied for),
    ``in_approval`` (applied, no decision yet), ``under_construction`` (approved, not yet
    commissioned). Flows during the year: ``started``, ``applied``, ``approved`` (after
    attrition), ``commissioned``. ``operating`` is the capacity in operation.
    """
    start = raw(ds, "start_mw")
    cap = ds["capacity_mw"]
    techs, regions = list(cap["technology"].values), list(cap["region"].values)
    years = np.array(data.years)
    stages = (*STAGES, "operating")
    arr = np.zeros((len(techs), len(regions), len(stages), len(years)))
    start = start.rename(dict(zip(start.dims, ("technology", "region", "start_year"),
                                  strict=True)))
    s_years = start["start_year"].values.astype(float)
    end = years[None, :] + 1.0
    for i, k in enumerate(techs):
        for j, r in enumerate(regions):
            if (k, r) not in data.permitting.index or k not in start["technology"].values:
                continue
            x = start.sel(technology=k, region=r).fillna(0.0).values[:, None]
            row = data.permitting.loc[(k, r)]
            keep = 1.0 - row["attrition_share"]
            s = s_years[:, None]
            t_app = s + row["pre_application_months"] / 12
            t_dec = s + (row["pre_application_months"] + row["approval_months"]) / 12
            t_com = s + row["lead_months"] / 12.0
            decided = np.floor(t_dec + 1e-9)
            y = years[None, :]
            flows = {
                "started": x * (s == y), "applied": x * (np.floor(t_app) == y),
                "approved": keep * x * (decided == y),
                "commissioned": keep * x * (np.floor(t_com) == y),
                "in_development": x * ((s < end) & (end <= t_app)),
                "in_approval": x * ((t_app < end) & (end <= t_dec)),
                "under_construction": keep * x * ((t_dec < end) & (end <= t_com)),
            }
            for n, stage in enumerate(STAGES):
                arr[i, j, n] = flows[stage].sum(axis=0)
    arr[:, :, -1] = cap.transpose("technology", "region", "year").fillna(0.0).values
    return xr.DataArray(arr, dims=["technology", "region", "stage", "year"],
                        coords={"technology": techs, "region": regions,
                                "stage": list(stages), "year": data.years},
                        attrs={"units": "MW", "description": "permitting pipeline: stocks at "
                               "year end, flows in the year"}).sortby("stage")


def figures(ds: xr.Dataset, data: ModelData) -> dict[str, xr.DataArray]:
    """Every derived figure of the results files (names as in ``pathways.csv``)."""
    out = _supply(ds, data)
    plant_out, plant_mwh = _plants(ds, data)
    out.update(_grid(ds, data, plant_mwh))
    out.update(plant_out)
    if raw(ds, "start_mw") is not None:
        out["pipeline_mw"] = pipeline_table(ds, data)
    for name, local, units, desc in (
            ("emissions_t", "emissions_t", "t CO2", "emissions by source"),
            ("cost_eur", "cost_eur", "EUR2025", "undiscounted cost by category")):
        da = raw(ds, f"emissions.{local}") if name == "emissions_t" else raw(ds, local)
        if da is not None:
            out[name] = _attrs(da, units, desc)
    load = raw(ds, "load_mw")
    if load is not None and load.size:
        out["dispatch_plant_load_mw"] = _attrs(load.rename({load.dims[0]: "plant"}), "MW",
                                               "process electricity on the representative days")
    return out
