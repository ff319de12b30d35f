"""Coverage checks: data that is valid row by row but does not cover what the scenario models.

Each gap here used to pass silently and change the answer:

* a price, grid-emission, cost or land series whose first anchor year lies after the first
  modelled year (the loader would hold the first value flat back to the start);
* ``plants.include`` naming plants outside the modelled regions, or a plant selection that
  leaves no plant at all (e.g. a header-only ``plants.csv``) without saying so with
  ``plants.include: []``;
* a modelled region with no ``land.csv`` rows while other regions have them (its capacity
  would be unlimited, and the run "unbounded" with the cause never named);
* derived hourly profiles built from other ``regions.csv`` values than the current ones
  (:mod:`model.inputs.stamp`), or lacking a column a modelled region needs.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from model.inputs import stamp
from model.inputs.config import Scenario
from model.inputs.tables import PROFILES_FILE, RawTables

YEAR_RANGE = (1900, 2100)  # as model.inputs.checks.YEAR_RANGE
PROFILE_SUFFIXES = ("wind_cf", "pv_ground_cf", "pv_rooftop_cf", "temp_air_c")


def _first_years(df: pd.DataFrame, keys: list[str]) -> list[tuple[tuple, int, list[int]]]:
    """(key, first anchor year, row labels) per group of ``keys``; rows with bad years skipped."""
    years = pd.to_numeric(df["year"], errors="coerce")
    lo, hi = YEAR_RANGE  # other years are reported by the range checks
    frame = df.assign(_year=years.where((years >= lo) & (years <= hi))).dropna(subset=["_year"])
    out = []
    groups = frame.groupby(keys, sort=True) if keys else [((), frame)]
    for key, grp in groups:
        key = key if isinstance(key, tuple) else (key,)
        first = int(grp["_year"].min())
        out.append((key, first, [int(i) for i in grp.index[grp["_year"] == first]]))
    return out


def check_series_start(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """Every series the scenario uses starts at or before ``years.start`` (no flat back-fill)."""
    start = scenario.years.start
    series = [
        ("prices", raw["prices"][raw["prices"]["case"] == scenario.prices.case], [],
         f"case '{scenario.prices.case}'"),
        ("grid_emission_factor", raw["grid_emission_factor"][
            raw["grid_emission_factor"]["case"] == scenario.prices.grid_emission_case], [],
         f"case '{scenario.prices.grid_emission_case}'"),
        ("technology_costs", raw["technology_costs"], ["technology"], "technology"),
        ("land", raw["land"][raw["land"]["region"].isin(scenario.regions)],
         ["region", "technology"], "region, technology"),
    ]
    for table, df, keys, what in series:
        if df.empty:
            continue
        for key, first, rows in _first_years(df, keys):
            if first > start:
                label = f"{what} {', '.join(map(str, key))}" if keys else what
                problems.append(
                    f"{table}.csv: {label}: the first row is for {first} (row "
                    f"{rows[0] + 2}), after the first modelled year {start}; add a row for "
                    f"{start} or earlier (values are not carried back), or start the "
                    "scenario later (years.start).")


def check_plant_selection(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """Included plants lie in modelled regions; an empty selection must be asked for."""
    plants, cfg = raw["plants"], scenario.plants
    region_of = dict(zip(plants["plant_id"], plants["region"], strict=True))
    for plant in cfg.include or []:
        region = region_of.get(plant)
        if region is not None and region not in scenario.regions:
            problems.append(f"scenario key 'plants.include': plant '{plant}' is in region "
                            f"'{region}', which is not modelled (regions: "
                            f"{', '.join(scenario.regions)}); add the region or drop the plant.")
    if cfg.include is not None and (not cfg.include or set(cfg.include) - set(region_of)):
        return  # plants.include: [] -- no plants, on purpose; or unknown ids (reported)
    chosen = [p for p in plants["plant_id"] if (cfg.include is None or p in cfg.include)
              and p not in cfg.exclude and region_of[p] in scenario.regions]
    if not chosen:
        why = ("plants.csv has no rows" if plants.empty else
               "no plant of plants.csv is left after plants.include / plants.exclude in the "
               f"modelled regions ({', '.join(scenario.regions)})")
        problems.append(f"scenario key 'plants': no plant would be modelled: {why}; set "
                        "plants.include: [] to run without plants on purpose.")


def check_land_coverage(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """When land.csv limits a technology anywhere, every modelled region has its rows."""
    land = raw["land"]
    if land.empty:
        return  # a data set without land limits at all
    limited = sorted(set(land["technology"]))
    known = set(raw["regions"]["region"])  # unknown regions are reported elsewhere
    for region in [r for r in scenario.regions if r in known]:
        have = set(land.loc[land["region"] == region, "technology"])
        missing = [k for k in limited if k not in have]
        if missing:
            problems.append(
                f"land.csv: no rows for region '{region}' and technology "
                f"{', '.join(missing)} (other regions have them); without them its capacity "
                "would be unlimited. Add the rows (0 for none).")


def check_profiles(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """The derived profiles are current (stamp) and have the columns of every region."""
    if scenario.time.weather != "regional":
        return  # built at load time from regions.csv
    path = Path(raw.folder) / PROFILES_FILE
    if not path.is_file():
        return  # reported when the profiles are read
    problems.extend(stamp.stale_reasons(path, raw["regions"]))
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            header = [c.strip() for c in fh.readline().split(",")]
    except OSError:
        return
    known = set(raw["regions"]["region"])
    needed = [f"{r}__{s}" for r in scenario.regions if r in known for s in PROFILE_SUFFIXES]
    missing = [c for c in needed if c not in header]
    if missing:
        problems.append(f"{path}: no column {', '.join(missing[:6])}"
                        f"{' ...' if len(missing) > 6 else ''} for the modelled regions; "
                        f"rebuild it with 'python run.py inputs --dataset {raw.folder}'.")


def check_coverage(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """Run every coverage check."""
    for check in (check_series_start, check_plant_selection, check_land_coverage,
                  check_profiles):
        check(raw, scenario, problems)
