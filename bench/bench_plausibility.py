"""Re-measure the plausibility table of the data issue on the resolved reference scenario.

Prints one line per row: what the data give now, the reference figure and whether it is
within its band. Reads the data only (no solve), so it runs in a few seconds::

    python bench/bench_plausibility.py [scenarios/reference.yaml]
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from model.inputs import assumptions, config, data  # noqa: E402
from model.inputs.data import GAS_CO2_T_PER_MWH  # noqa: E402

REGISTER_WIND_END_2023 = {"harz_ni": 676.053, "harz_st": 2117.777, "harz_th": 392.226}


def rows(scenario_path: Path) -> list[tuple[str, str, str, str]]:
    sc = config.load_scenario(scenario_path)
    d = data.load(sc)
    y0 = d.years[0]
    out = []
    wind = {r: d.existing_mw.at[(r, "wind", y0), "capacity_mw"] for r in d.regions}
    ratio = [wind[r] / REGISTER_WIND_END_2023[r] - 1 for r in d.regions]
    out.append((f"existing wind {y0} NI / ST / TH (MW)",
                " / ".join(f"{wind[r]:,.0f}" for r in d.regions),
                "register end-2023 676 / 2,118 / 392 + national 2024 growth (+6.4 % to mid-2025)",
                _ok(all(0 <= x <= 0.10 for x in ratio))))
    flh = {r: d.hourly[f"{r}__wind_existing_cf"].sum() for r in d.regions}
    out.append(("existing wind full-load hours (h)",
                " / ".join(f"{flh[r]:,.0f}" for r in d.regions), "1,700-1,900 h",
                _ok(all(1700 <= v <= 1900 for v in flh.values()))))
    new = {r: d.hourly[f"{r}__wind_cf"].sum() for r in d.regions}
    tags = assumptions.value_register(Path(sc.data))
    new_tags = set(tags[(tags["file"] == "regions.csv")
                        & (tags["column"] == "wind_flh_target_h")]["value_type"])
    out.append(("new-turbine wind full-load hours (h)",
                " / ".join(f"{new[r]:,.0f}" for r in d.regions)
                + f" [{'/'.join(sorted(new_tags))}]",
                "derived from the fleet (derive_wind_yield.py, tag D); 1,800-2,800 h",
                _ok(new_tags == {"D"} and all(1800 <= v <= 2800 for v in new.values()))))
    drops = []
    for r in d.regions:
        series = d.existing_mw.xs((r, "wind"), level=(0, 1))["capacity_mw"].to_numpy()
        drops.append(np.max(-np.diff(series)) / series[0])
    out.append(("largest one-year drop of existing wind", " / ".join(f"{x:.1%}" for x in drops),
                "smooth build history (no cliffs; < 6 %/yr)", _ok(max(drops) < 0.06)))
    cols = [f"{r}__wind_cf" for r in d.regions]
    corr = d.hourly[cols].corr().to_numpy()[np.triu_indices(len(cols), 1)]
    out.append(("hourly wind correlation between regions", " / ".join(f"{c:.2f}" for c in corr),
                "neighbouring regions 0.6-0.9 (test band 0.6-0.95)",
                _ok(bool(((corr >= 0.6) & (corr <= 0.95)).all()))))
    p = d.plants
    per_t = (p["heat_mwh_per_t"] / p["gas_efficiency"] * GAS_CO2_T_PER_MWH
             + p["fuel_mwh_per_t"] * p["fuel_co2_t_per_mwh"] + p["process_co2_t_per_t"])
    em = d.throughput_t[y0] * per_t
    ets = em[p["co2_scheme"] == "ets1"].groupby(p["region"]).sum()
    raw = pd.read_csv(d.dataset_dir / "raw" / "ets_nonferrous.csv", dtype={"ags8": str})
    dehst = raw[raw["year"] == 2021].groupby("region_id")["co2e_t"].sum()
    dev = [ets.get(r, 0.0) / dehst[r] - 1 for r in dehst.index]
    out.append(("plant ETS-scope CO2 NI / ST (kt/yr)",
                " / ".join(f"{ets.get(r, 0.0) / 1e3:.1f}" for r in dehst.index),
                "DEHSt non-ferrous 2021: " + " / ".join(f"{v / 1e3:.1f}" for v in dehst)
                + " (TH 0), +-15 %", _ok(all(abs(x) <= 0.15 for x in dev))))
    kiln = em[p["archetype"] == "zn_waelz_kiln"].sum()
    report = raw[(raw["year"] == 2021) & (raw["ags8"] == "03153017")]["co2e_t"].sum()
    out.append(("Waelz kiln CO2 (kt/yr)", f"{kiln / 1e3:.1f}",
                f"its installation's DEHSt report {report / 1e3:.1f}, +-15 %",
                _ok(abs(kiln / report - 1) <= 0.15)))
    heat = p.set_index("archetype")["heat_mwh_per_t"]
    out.append(("useful heat aluminium / lead (MWh/t)",
                f"{heat.get('al_secondary_remelting', np.nan):.3f} / "
                f"{heat.get('pb_battery_recycling', np.nan):.3f}",
                "physics (melting + losses): 0.33 / 0.10-0.28",
                _ok(0.28 <= heat.get("al_secondary_remelting", 0) <= 0.36
                    and 0.10 <= heat.get("pb_battery_recycling", 0) <= 0.28)))
    pop = d.region_table["population"].astype(float)
    demand = d.other_demand_mwh[y0]
    values = assumptions.value_register(Path(sc.data))
    dem = values[(values["file"] == "regions.csv")
                 & (values["column"] == "other_demand_mwh_per_yr")]["value_type"]
    out.append(("regional demand (MWh per inhabitant)",
                " / ".join(f"{demand[r] / pop[r]:.2f}" for r in d.regions),
                "sector statistics (households, commerce, industry), tag D",
                _ok(set(dem) <= {"M", "P", "D"})))
    land_tags = values[(values["file"] == "land.csv")]
    wind_land = sorted(set(land_tags[land_tags["row"].str.contains("|wind|", regex=False)][
        "value_type"]))
    out.append(("wind land potentials (MW/km2 and area targets)", "/".join(wind_land),
                "derived from the area targets (derive_land.py, tag D)", _ok(wind_land == ["D"])))
    case = sc.prices.case
    whole = values[(values["file"] == "prices.csv") & (values["column"]
                   == "elec_wholesale_eur_per_mwh") & values["row"].str.startswith(f"{case}|")]
    by_tag = whole.assign(year=whole["row"].str.split("|").str[1]).groupby("value_type")[
        "year"].agg(lambda ys: ", ".join(ys))
    out.append((f"wholesale price path ({case}), tag by year",
                "; ".join(f"{t}: {ys}" for t, ys in by_tag.items()),
                "no [A] (a top-5 NPV driver)", _ok("A" not in by_tag.index)))
    reg = assumptions.register(Path(sc.data))
    share = assumptions.a_share(reg)
    out.append(("value types: [A] share of rows", f"{share:.0%} of {len(reg)} rows",
                "<= 40 %", _ok(share <= 0.40)))
    v_share = assumptions.value_a_share(values)
    out.append(("value types: [A] share of values", f"{v_share:.0%} of {len(values)} values",
                "<= 40 % (value_tags.csv)", _ok(v_share <= 0.40)))
    out.append(("weakest-tag violations / home-page URLs",
                f"{len(assumptions.weakest_tag_violations(reg))} / "
                f"{len(assumptions.home_page_urls(Path(sc.data)))}", "0 / 0",
                _ok(not assumptions.weakest_tag_violations(reg)
                    and not assumptions.home_page_urls(Path(sc.data)))))
    return out


def _ok(flag: bool) -> str:
    return "within band" if flag else "OUT OF BAND"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "scenarios" / "reference.yaml"
    table = rows(path)
    widths = [max(len(r[i]) for r in table) for i in range(4)]
    for r in table:
        print(" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
    sc = config.load_scenario(path)
    reg = assumptions.register(Path(sc.data))
    per_file = reg.groupby("file")["value_type"].agg(lambda t: (t == "A").sum()).to_frame("A")
    per_file["rows"] = reg.groupby("file").size()
    print("\n[A] rows per file: " + "; ".join(
        f"{f} {r.A} of {r.rows}" for f, r in per_file.sort_values("A", ascending=False)
        .iterrows()))


if __name__ == "__main__":
    main()
