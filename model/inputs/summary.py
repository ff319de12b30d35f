"""Human-readable summaries of resolved inputs (for ``validate`` and the run header)."""

from __future__ import annotations

import numpy as np
from rich.table import Table

from model.inputs.data import ModelData

GENERATOR_PROFILES = ("wind", "wind_existing", "pv_ground", "pv_rooftop")


def annual_full_load_hours(data: ModelData) -> dict[tuple[str, str], float]:
    """Full-load hours per (region, technology) from the *hourly* profiles' capacity factors."""
    hourly = data.hourly
    out = {}
    for r in data.regions:
        for k in GENERATOR_PROFILES:
            col = f"{r}__{k}_cf"
            if col in hourly:
                out[r, k] = float(hourly[col].sum())
    return out


def representative_full_load_hours(data: ModelData) -> dict[tuple[str, str], float]:
    """The same full-load hours as the model sees them on the representative days."""
    w = data.time.weights
    out = {}
    for r in data.regions:
        for k in GENERATOR_PROFILES:
            col = f"{r}__{k}_cf"
            if col not in data.time.values:
                continue
            values = data.time.values[col] * data.time.duration_h
            out[r, k] = float(sum(w[d] * values.xs(d, level=0).sum() for d in w.index))
    return out


def correlation_text(hourly, kind: str) -> str:
    """Pairwise hourly correlations of the regions' ``<region>__<kind>_cf`` columns."""
    suffix = f"__{kind}_cf"
    cols = [c for c in hourly.columns if str(c).endswith(suffix)]
    corr = hourly[cols].corr().to_numpy()
    names = [c.removesuffix(suffix) for c in cols]
    pairs = [f"{names[i]}-{names[j]} {corr[i, j]:.2f}" for i in range(len(cols))
             for j in range(i + 1, len(cols))]
    return ", ".join(pairs) or "one region"


def validation_table(data: ModelData) -> Table:
    """Summary of a validated scenario: horizon, sets, permitting, time, resource."""
    sc = data.scenario
    t = Table(title=f"Scenario '{sc.name}' on {data.dataset_dir}", show_header=False)
    t.add_row("years", f"{data.years[0]}-{data.years[-1]} ({len(data.years)}), dispatch in "
                       f"{len(data.op_years)} operation years")
    t.add_row("regions", ", ".join(data.regions))
    t.add_row("technologies", ", ".join(data.technologies.index))
    plants = data.plants
    t.add_row("plant archetypes", ", ".join(f"{p} ({a}, {r})" for p, a, r in zip(
        plants.index, plants["archetype"], plants["region"], strict=True)) or "none")
    t.add_row("electrification options", f"{len(data.plant_options)} plant-option pairs")
    perm = data.permitting
    lead = "; ".join(
        f"{k}: {perm.loc[k]['lead_months'].min():g}-{perm.loc[k]['lead_months'].max():g} months"
        for k in perm.index.get_level_values(0).unique())
    t.add_row("permitting case", f"{sc.permitting.case} (lead times {lead})")
    t.add_row("prices", f"{sc.prices.case}; grid emission factor {sc.prices.grid_emission_case}")
    w = data.time.weights
    steps = len(data.time.duration_h) // max(len(w), 1)
    t.add_row("representative days", f"{len(w)} days x {steps} steps; weights "
              + ", ".join(f"{x:g}" for x in w.to_numpy()) + f" (sum {w.sum():g})")
    flh = annual_full_load_hours(data)
    rep = representative_full_load_hours(data)
    for r in data.regions:
        parts = []
        for k in GENERATOR_PROFILES:
            if (r, k) in flh:
                parts.append(f"{k} {flh[r, k]:,.0f} h (rep. days {rep[r, k]:,.0f} h)")
        t.add_row(f"full-load hours {r}", "; ".join(parts))
    for kind in ("wind", "pv_ground"):
        t.add_row(f"hourly correlation {kind}", correlation_text(data.hourly, kind))
    demand = data.other_demand_mwh.sum(axis=0)
    t.add_row("other regional demand", f"{demand.iloc[0] / 1e6:.2f} TWh in {data.years[0]}")
    tonnes = data.throughput_t[data.years[0]]
    elec_gwh = np.dot(tonnes, plants["elec_mwh_per_t"]) / 1e3
    heat_gwh = np.dot(tonnes, plants["heat_mwh_per_t"]) / 1e3
    t.add_row("plant energy", f"{elec_gwh:,.0f} GWh process electricity and {heat_gwh:,.0f} "
              f"GWh_th useful heat in {data.years[0]}")
    return t
