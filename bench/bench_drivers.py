"""Which inputs move the NPV most: one-at-a-time perturbation of the default data set.

Measures
    The reference scenario's objective (NPV of system cost, MEUR) with one input changed at
    a time to its low and high value, everything else as shipped. Each data input is
    changed in a temporary copy of ``inputs/harz`` (the named CSV column, all rows that the
    selection picks, multiplied by the factor) and run with ``--set data=<copy>``; scenario
    inputs go through ``--set``. Low/high is the input x 0.8 and x 1.2 (capacity factors
    are clipped at 1) unless a row says otherwise. The swing is
    ``(NPV_high - NPV_low) / NPV_base``; rows are ranked by its absolute value.

    Reduced horizon and resolution so that 2 busy cores can do ~50 solves in minutes:
    years 2025-2045 with dispatch every 5th year (``years.operation_step=5``), 4
    representative days of 6 segments, ``solver.threads=1``, no results.nc or brief.
    The ranking, not the level, is the result: the full-resolution NPV differs.

Run
    python bench/bench_drivers.py            # ~10-20 min on a busy 2-core machine
    python bench/bench_drivers.py --only other_demand wholesale_price

Read
    The table's ``value tags`` column counts the tags of the perturbed values in the default
    data (``model.inputs.assumptions.value_register``: a value's own tag in
    ``value_tags.csv``, else its row's), weakest first; only the reference's price and
    permitting cases count; a scaled profile carries the tag of the ``regions.csv`` target
    it was built to; scenario keys say "scenario setting". The five largest swings are the
    inputs issue 12 requires to be sourced. JSON: ``bench/out/bench_drivers.json``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    REPO,
    fmt,
    load_check,
    print_table,
    scenario_path,
    scenario_run,
    write_json,
)

from model.inputs.assumptions import value_register  # noqa: E402
from model.inputs.stamp import stamp_path  # noqa: E402

DATA = REPO / "inputs" / "harz"
REDUCED = ["years.end=2045", "years.operation_step=5", "time.representative_days=4",
           "time.segments=6", "solver.threads=1", "output.netcdf=false", "output.brief=false"]
LOW, HIGH = 0.8, 1.2

Edit = Callable[[Path, float], None]


def scale_csv(file: str, columns: list[str], where: dict[str, list[str]] | None = None,
              clip: float | None = None) -> Edit:
    """An edit that multiplies ``columns`` of ``file`` (rows matching ``where``) by a factor."""
    def edit(folder: Path, factor: float) -> None:
        path = folder / file
        df = pd.read_csv(path, keep_default_na=False, dtype=str)
        mask = pd.Series(True, index=df.index)
        for col, values in (where or {}).items():
            mask &= df[col].isin(values)
        for col in columns:
            vals = pd.to_numeric(df.loc[mask, col], errors="coerce")
            new = vals * factor
            if clip is not None:
                new = new.clip(upper=clip)
            df.loc[mask, col] = [("" if np.isnan(v) else repr(float(v))) for v in new]
        df.to_csv(path, index=False)
    edit.tagged = (file, columns, where)  # type: ignore[attr-defined]
    return edit


def scale_profiles(suffixes: list[str]) -> Edit:
    """Multiply every ``<region>__<suffix>`` capacity-factor column by a factor (clip at 1)."""
    def edit(folder: Path, factor: float) -> None:
        path = folder / "derived" / "hourly_profiles.csv"
        df = pd.read_csv(path)
        cols = [c for c in df.columns if any(c.endswith(f"__{s}") for s in suffixes)]
        df[cols] = (df[cols] * factor).clip(upper=1.0).round(5)
        df.to_csv(path, index=False, float_format="%.5f")
        stamp_path(path).unlink(missing_ok=True)  # scaled on purpose: used as it is, unstamped
    edit.tagged = ("regions.csv", [TARGETS[s] for s in suffixes], None)  # type: ignore[attr-defined]
    return edit


#: the regions.csv target each profile is scaled to (its tag is the profile's tag)
TARGETS = {"wind_cf": "wind_flh_target_h", "wind_existing_cf": "wind_existing_flh_target_h",
           "pv_ground_cf": "pv_ground_yield_target_kwh_per_kwp",
           "pv_rooftop_cf": "pv_ground_yield_target_kwh_per_kwp"}
#: files with a case key: only the rows of the reference's cases count for the tag
REFERENCE_CASES = {"prices.csv": {"reference"}, "permitting.csv": {"reference", "*"}}


def value_tags(edit: Edit | tuple, values: pd.DataFrame) -> str:
    """Tag counts of the values an input perturbs (reference cases only), weakest first."""
    if not hasattr(edit, "tagged"):
        return "scenario setting"
    file, columns, where = edit.tagged
    sel = values[(values["file"] == file) & values["column"].isin(columns)]
    parts = sel["row"].str.split("|")
    keep = pd.Series(True, index=sel.index)
    for wanted in (where or {}).values():
        keep &= parts.map(lambda p, w=wanted: any(x in w for x in p))
    if file in REFERENCE_CASES:
        keep &= parts.map(lambda p: p[0] in REFERENCE_CASES[file])
    counts = sel[keep]["value_type"].value_counts()
    order = [t for t in ("A", "D", "P", "M") if t in counts]
    return " ".join(f"{t}:{counts[t]}" for t in order) or "untagged"


#: name -> (what, data file/column or scenario key, edit or (low, high) overrides)
DRIVERS: dict[str, tuple[str, str, Edit | tuple[list[str], list[str]]]] = {
    "other_demand": ("regional demand outside the plants", "regions.csv other_demand_mwh_per_yr",
                     scale_csv("regions.csv", ["other_demand_mwh_per_yr"])),
    "demand_growth": ("growth of that demand, %/yr", "demand.other_demand_growth_pct_per_year",
                      (["demand.other_demand_growth_pct_per_year=1.52"],
                       ["demand.other_demand_growth_pct_per_year=2.28"])),
    "wholesale_price": ("wholesale electricity price path", "prices.csv elec_wholesale_eur_per_mwh",
                        scale_csv("prices.csv", ["elec_wholesale_eur_per_mwh"])),
    "grid_markup": ("grid charges and levies on bought electricity",
                    "prices.csv grid_markup_eur_per_mwh",
                    scale_csv("prices.csv", ["grid_markup_eur_per_mwh"])),
    "gas_price": ("natural gas price path", "prices.csv gas_eur_per_mwh_th",
                  scale_csv("prices.csv", ["gas_eur_per_mwh_th"])),
    "eua_price": ("EU ETS 1 allowance price path", "prices.csv eua_eur_per_t",
                  scale_csv("prices.csv", ["eua_eur_per_t"])),
    "ets2_price": ("BEHG / EU ETS 2 price path", "prices.csv ets2_eur_per_t",
                   scale_csv("prices.csv", ["ets2_eur_per_t"])),
    "discount_rate": ("real discount rate (0.04 / 0.06)", "finance.discount_rate",
                      (["finance.discount_rate=0.04"], ["finance.discount_rate=0.06"])),
    "wind_capex": ("wind capex", "technology_costs.csv capex (wind)",
                   scale_csv("technology_costs.csv", ["capex_eur_per_unit"],
                             {"technology": ["wind"]})),
    "pv_capex": ("PV ground and rooftop capex", "technology_costs.csv capex (pv_*)",
                 scale_csv("technology_costs.csv", ["capex_eur_per_unit"],
                           {"technology": ["pv_ground", "pv_rooftop"]})),
    "battery_capex": ("battery capex (power and energy)", "technology_costs.csv capex (battery_*)",
                      scale_csv("technology_costs.csv", ["capex_eur_per_unit"],
                                {"technology": ["battery_power", "battery_energy"]})),
    "wacc": ("technology WACC", "technologies.csv wacc", scale_csv("technologies.csv", ["wacc"])),
    "wind_yield": ("wind full-load hours (new and existing)", "derived wind_cf, wind_existing_cf",
                   scale_profiles(["wind_cf", "wind_existing_cf"])),
    "wind_yield_existing": ("existing-fleet wind full-load hours", "derived wind_existing_cf",
                            scale_profiles(["wind_existing_cf"])),
    "wind_yield_new": ("new-turbine wind full-load hours", "derived wind_cf",
                       scale_profiles(["wind_cf"])),
    "pv_yield": ("PV yield", "derived pv_ground_cf, pv_rooftop_cf",
                 scale_profiles(["pv_ground_cf", "pv_rooftop_cf"])),
    "existing_fleet": ("existing wind and PV capacity", "existing_capacity.csv capacity_mw",
                       scale_csv("existing_capacity.csv", ["capacity_mw"])),
    "must_run": ("biomass and hydro must-run", "must_run.csv capacity_mw",
                 scale_csv("must_run.csv", ["capacity_mw"])),
    "land": ("land potentials", "land.csv potential_mw", scale_csv("land.csv", ["potential_mw"])),
    "wind_durations": ("wind permitting durations", "permitting.csv *_months (wind)",
                       scale_csv("permitting.csv", ["pre_application_months", "approval_months",
                                                    "realisation_months"],
                                 {"technology": ["wind"]})),
    "wind_attrition": ("wind attrition share", "permitting.csv attrition_share (wind)",
                       scale_csv("permitting.csv", ["attrition_share"], {"technology": ["wind"]})),
    "approval_caps": ("regional wind approval caps", "permitting.csv approval_cap_mw_per_yr",
                      scale_csv("permitting.csv", ["approval_cap_mw_per_yr"])),
    "pipeline": ("applied and permitted pipeline", "pipeline.csv capacity_mw",
                 scale_csv("pipeline.csv", ["capacity_mw"])),
    "plant_throughput": ("plant throughputs", "plants.csv throughput_t_per_yr",
                         scale_csv("plants.csv", ["throughput_t_per_yr"])),
    "exchange_limit": ("exchange limit between regions (400 / 600 MW)", "exchange.limit_mw",
                       (["exchange.limit_mw=400"], ["exchange.limit_mw=600"])),
}


def run_case(edit: Edit | tuple[list[str], list[str]], side: int, tmp: Path) -> dict:
    """Run the reduced reference with the low (side 0) or high (side 1) value of one input."""
    if isinstance(edit, tuple):
        return scenario_run(scenario_path("reference"), [*REDUCED, *edit[side]])
    folder = tmp / f"data{side}"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(DATA, folder)
    edit(folder, (LOW, HIGH)[side])
    return scenario_run(scenario_path("reference"), [*REDUCED, f"data={folder}"])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", default=None, help="driver names to run")
    args = ap.parse_args()
    load_check()
    names = args.only or list(DRIVERS)
    values = value_register(DATA)
    base = scenario_run(scenario_path("reference"), REDUCED)
    npv0 = base["objective_meur"]
    print(f"base (reduced): {base['outcome']}, NPV {npv0:,.1f} MEUR", flush=True)
    rows, records = [], {}
    with tempfile.TemporaryDirectory(prefix="drivers-") as tmpdir:
        for name in names:
            what, where, edit = DRIVERS[name]
            res = [run_case(edit, side, Path(tmpdir)) for side in (0, 1)]
            lo, hi = (r["objective_meur"] for r in res)
            swing = (hi - lo) / npv0
            records[name] = {"what": what, "input": where, "npv_low_meur": lo,
                             "npv_high_meur": hi, "swing": swing,
                             "tags": value_tags(edit, values),
                             "outcomes": [r["outcome"] for r in res]}
            print(f"{name}: low {lo:,.1f}  high {hi:,.1f}  swing {swing:+.2%}", flush=True)
    ranked = sorted(records.items(), key=lambda kv: -abs(kv[1]["swing"]))
    for rank, (name, r) in enumerate(ranked, 1):
        rows.append([f"{rank}. {name}", r["input"], fmt(r["npv_low_meur"], ",.0f"),
                     fmt(r["npv_high_meur"], ",.0f"), f"{r['swing']:+.1%}", r["tags"]])
    print()
    print_table(["input", "perturbed", "NPV low", "NPV high", "swing / base", "value tags"],
                rows)
    write_json("bench_drivers", {"reduced": REDUCED, "base_npv_meur": npv0,
                                 "low": LOW, "high": HIGH, "drivers": records})
    return 0


if __name__ == "__main__":
    sys.exit(main())
