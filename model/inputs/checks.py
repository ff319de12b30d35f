"""Semantic checks of a data set against itself and against the scenario, before building.

One function per rule family; each appends human-readable problems (file, row, what is
wrong, how to fix) to a list. :func:`check_all` runs them all and raises one
:class:`~model.errors.InputError`, so every problem is reported in one round.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from model.errors import InputError
from model.inputs import checks_market
from model.inputs.assumptions import value_tag_problems
from model.inputs.config import Scenario
from model.inputs.coverage import check_coverage
from model.inputs.plausibility import check_plausible
from model.inputs.resolved import ANY_CASE, ResolvedInputs, case_rows, resolve
from model.inputs.tables import REGION_ROLES, ROLES, TABLES, RawTables

CARRIERS = {"electricity", "storage", "heat"}
CO2_SCHEMES = {"ets1", "ets2"}
STAGES = {"applied", "permitted"}
CAPEX_UNITS = {"EUR/kW", "EUR/kWh"}
YEAR_RANGE = (1900, 2100)  # plausible calendar years in the data (catches typos like 20300)


def _hint(value: str, choices: Iterable[str]) -> str:
    names = sorted({str(c) for c in choices})
    near = difflib.get_close_matches(str(value), names, n=1)
    if near:
        return f" Did you mean '{near[0]}'?"
    if not names:
        return " None is defined."
    return f" Known: {', '.join(names[:12])}{', ...' if len(names) > 12 else ''}."


def _row(df: pd.DataFrame, i: int) -> str:
    return f"row {int(i) + 2}"


def _unknown(problems: list[str], file: str, df: pd.DataFrame, col: str, known: set[str],
             allow: Iterable[str] = (), source: str = "") -> None:
    """Report values of ``col`` outside ``known | allow``; ``source`` is where ids are defined."""
    allowed = known | set(allow)
    where = f" (not in {source})" if source else ""
    for i, value in df[col].items():
        if value not in allowed:
            problems.append(f"{file}: {_row(df, i)}, column '{col}': unknown '{value}'{where}."
                            f"{_hint(value, known)}")


def _range(problems: list[str], file: str, df: pd.DataFrame, col: str, lo: float,
           hi: float | None = None, lo_open: bool = False, hi_open: bool = False,
           why: str = "") -> None:
    """Report values of ``col`` outside [lo, hi] (open ends as told); ``why`` explains it."""
    for i, v in df[col].dropna().items():
        too_low = v < lo or (lo_open and v == lo)
        bad = too_low or (hi is not None and (v > hi or (hi_open and v == hi)))
        if bad:
            lo_s = f"{'>' if lo_open else '>='} {lo:g}"
            hi_s = f" and {'<' if hi_open else '<='} {hi:g}" if hi is not None else ""
            problems.append(
                f"{file}: {_row(df, i)}, column '{col}': {v:g} is out of range; "
                f"it must be {lo_s}{hi_s}{f' ({why})' if why else ''}."
            )


def _integers(problems: list[str], file: str, df: pd.DataFrame, col: str) -> None:
    """Report cells of ``col`` that are not a whole, plausible calendar year."""
    lo, hi = YEAR_RANGE
    for i, v in df[col].items():
        if not str(v).lstrip("-").isdigit():
            problems.append(f"{file}: {_row(df, i)}, column '{col}': '{v}' is not a whole year; "
                            "give a calendar year such as 2030.")
        elif not lo <= int(v) <= hi:
            problems.append(f"{file}: {_row(df, i)}, column '{col}': {v} is not a plausible "
                            f"year; give a calendar year {lo}-{hi}.")


def check_sources(raw: RawTables, problems: list[str]) -> None:
    """Every ``source_id`` resolves in SOURCES.csv."""
    known = set(raw["SOURCES"]["source_id"])
    for name, df in raw.frames.items():
        if "source_id" in df.columns and name != "SOURCES":
            _unknown(problems, f"{name}.csv", df, "source_id", known, source="SOURCES.csv")


def check_regions(raw: RawTables, problems: list[str]) -> None:
    """Physical ranges of the region rows (plausibility bands are checked separately)."""
    file, reg = "regions.csv", raw["regions"]
    for col in ("area_km2", "population", "other_demand_mwh_per_yr"):
        _range(problems, file, reg, col, 0, lo_open=col == "area_km2",
               why="negative demand or area has no meaning" if col != "population" else "")
    _range(problems, file, reg, "latitude", -90, 90)
    _range(problems, file, reg, "longitude", -180, 180)
    _range(problems, file, reg, "wind_flh_target_h", 0, 8760, lo_open=True,
           why="full-load hours in a year of 8,760 hours")
    _range(problems, file, reg, "pv_ground_yield_target_kwh_per_kwp", 0, 8760, lo_open=True,
           why="a yearly yield per kWp cannot exceed 8,760 kWh")


def check_value_tags(raw: RawTables, problems: list[str]) -> None:
    """Per-value tags (``value_tags.csv``) name real values and keep the weakest-tag rule."""
    if "value_tags" in raw.frames:
        problems.extend(value_tag_problems(raw.folder, raw["value_tags"]))


def check_technologies(raw: RawTables, problems: list[str]) -> None:
    """Carriers, costs and lifetimes of the technologies are sane and cross-referenced."""
    techs = raw["technologies"]
    known = set(techs["technology"])
    _unknown(problems, "technologies.csv", techs, "carrier", CARRIERS)
    _check_roles(techs, raw["electrification_options"], problems)
    _unknown(problems, "technologies.csv", techs, "permitted", {"true", "false"},
             allow={"True", "False"})
    for i, unit in techs["capex_unit"].items():
        if unit not in CAPEX_UNITS:
            problems.append(
                f"technologies.csv: {_row(techs, i)}, column 'capex_unit': unit '{unit}' is not "
                f"supported; use EUR/kW or EUR/kWh and give capex_eur_per_unit in "
                f"technology_costs.csv in that unit.{_hint(unit, CAPEX_UNITS)}"
            )
    _range(problems, "technologies.csv", techs, "unit_size_mw", 0)
    _range(problems, "technologies.csv", techs, "wacc", 0, 0.5)
    costs = raw["technology_costs"]
    _unknown(problems, "technology_costs.csv", costs, "technology", known,
             source="technologies.csv")
    _integers(problems, "technology_costs.csv", costs, "year")
    for col in ("capex_eur_per_unit", "fom_pct_per_yr", "vom_eur_per_mwh"):
        _range(problems, "technology_costs.csv", costs, col, 0)
    _range(problems, "technology_costs.csv", costs, "efficiency", 0, lo_open=True)
    _range(problems, "technology_costs.csv", costs, "lifetime_yr", 0, lo_open=True)
    for tech in known - set(costs["technology"]):
        problems.append(f"technology_costs.csv: no rows for technology '{tech}'; add its costs.")


def _check_roles(techs: pd.DataFrame, options: pd.DataFrame, problems: list[str]) -> None:
    """Roles are known, generators name a profile, one battery, options are plant equipment."""
    file = "technologies.csv"
    _unknown(problems, file, techs, "role", set(ROLES))
    for i, row in techs.iterrows():
        has = bool(str(row["profile"]).strip())
        if row["role"] == "generator" and not has:
            problems.append(f"{file}: {_row(techs, i)} ({row['technology']}), column 'profile': "
                            "empty; a generator needs the name of its capacity-factor profile "
                            "(e.g. wind for column '<region>__wind_cf').")
        elif row["role"] != "generator" and has:
            problems.append(f"{file}: {_row(techs, i)} ({row['technology']}), column 'profile': "
                            f"'{row['profile']}' is set but role '{row['role']}' has no "
                            "capacity factor; leave it empty.")
    for role in ("storage_power", "storage_energy"):
        found = techs.loc[techs["role"] == role, "technology"].tolist()
        if len(found) > 1:
            problems.append(f"{file}: column 'role': {len(found)} technologies have role "
                            f"'{role}' ({', '.join(found)}); the regions' battery has one power "
                            "and one energy part.")
    role_of = dict(zip(techs["technology"], techs["role"], strict=True))
    for i, row in options.iterrows():
        role = role_of.get(row["technology"])
        if role is not None and role not in ("heat_converter", "heat_store"):
            problems.append(
                f"electrification_options.csv: {_row(options, i)} ({row['option']}), column "
                f"'technology': '{row['technology']}' has role '{role}' in technologies.csv; an "
                "option needs a technology with role heat_converter or heat_store.")


def check_cases(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """The price, emission and permitting cases the scenario names exist."""
    wanted = (
        ("prices", scenario.prices.case, "prices.case"),
        ("grid_emission_factor", scenario.prices.grid_emission_case, "prices.grid_emission_case"),
        ("permitting", scenario.permitting.case, "permitting.case"),
    )
    for table, case, key in wanted:
        cases = set(raw[table]["case"]) - {ANY_CASE}  # '*' rows: every case, not a case
        if case not in cases:
            problems.append(f"scenario key '{key}': case '{case}' is not in {table}.csv "
                            f"(column 'case'); pick a case from there.{_hint(case, cases)}")
    for table in ("prices", "grid_emission_factor"):
        _integers(problems, f"{table}.csv", raw[table], "year")
    for col in TABLES["prices"].numeric:
        _range(problems, "prices.csv", raw["prices"], col, 0)
    _range(problems, "grid_emission_factor.csv", raw["grid_emission_factor"], "t_co2_per_mwh", 0)


def check_permitting(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """Durations >= 0, attrition in [0, 1), known ids, overrides naming known regions."""
    file = "permitting.csv"
    df = raw["permitting"]
    regions = set(raw["regions"]["region"])
    _unknown(problems, file, df, "technology", set(raw["technologies"]["technology"]),
             source="technologies.csv")
    _unknown(problems, file, df, "region", regions, allow={"*"}, source="regions.csv or '*'")
    for col in ("pre_application_months", "approval_months", "realisation_months"):
        _range(problems, file, df, col, 0, why="a duration in months")
    _range(problems, file, df, "approval_cap_mw_per_yr", 0,
           why="MW approved per year; leave it empty for no cap")
    _range(problems, file, df, "attrition_share", 0, 1, hi_open=True,
           why="the share of applied capacity that fails; 1 would mean nothing is ever built")
    _range(problems, file, df, "development_cost_share", 0, 1, why="a share of capex")
    for tech, grp in case_rows(df, scenario.permitting.case).groupby("technology"):
        missing = [r for r in scenario.regions if r not in set(grp["region"]) | {"*"}]
        if "*" not in set(grp["region"]) and missing:
            problems.append(
                f"{file}: case '{scenario.permitting.case}', technology '{tech}': no row for "
                f"region(s) {', '.join(missing)}; add a row for each or one with region '*'."
            )
    permitted = set(df["technology"])
    for tech in (f for f in type(scenario.permitting).model_fields if f != "case"):
        override = getattr(scenario.permitting, tech, None)
        if override is None:
            continue
        if tech not in permitted:
            problems.append(f"scenario key 'permitting.{tech}': '{tech}' has no rows in {file}; "
                            "add its rows there or remove the override.")
        for region in override.regions:
            if region not in scenario.regions:
                problems.append(
                    f"scenario key 'permitting.{tech}.regions.{region}': unknown region "
                    f"'{region}'; override only regions listed under 'regions'."
                    f"{_hint(region, scenario.regions)}"
                )


def check_cap_vs_pipeline(raw: RawTables, resolved: ResolvedInputs,
                          problems: list[str]) -> None:
    """The approval cap in force (data or scenario override) admits what is already applied for.

    Reads the cap and its source from the resolved inputs (:mod:`model.inputs.resolved`).
    """
    pipe = raw["pipeline"]
    applied = pipe[pipe["stage"] == "applied"]
    for (region, tech, year), grp in applied.groupby(["region", "technology", "online_year"]):
        name = "approval_cap_mw_per_yr"
        cap = resolved.value(tech, region, name)
        key, row = resolved.scenario_key(tech, region, name), resolved.source_row(tech, region)
        where = (f"scenario key '{key}'" if key
                 else f"permitting.csv: row {row}, column '{name}'")
        total = grp["capacity_mw"].sum()
        if cap is not None and cap == cap and total > cap:
            rows = ", ".join(str(int(i) + 2) for i in grp.index)
            problems.append(
                f"{where}: approval cap {cap:g} MW/yr for {tech} in {region} is below the "
                f"{total:g} MW already applied for (pipeline.csv row(s) {rows}, online {year}); "
                "raise the cap or correct the pipeline."
            )


def check_capacity_tables(raw: RawTables, problems: list[str]) -> None:
    """Land, existing capacity and pipeline rows: known ids, non-negative, valid dates."""
    regions = set(raw["regions"]["region"])
    techs = set(raw["technologies"]["technology"])
    for name, cols in (("land", ("potential_mw",)),
                       ("existing_capacity", ("capacity_mw", "lifetime_yr")),
                       ("pipeline", ("capacity_mw",))):
        df, file = raw[name], f"{name}.csv"
        _unknown(problems, file, df, "region", regions, source="regions.csv")
        _unknown(problems, file, df, "technology", techs, source="technologies.csv")
        for col in cols:
            _range(problems, file, df, col, 0, lo_open=col == "lifetime_yr")
    _integers(problems, "land.csv", raw["land"], "year")
    _integers(problems, "existing_capacity.csv", raw["existing_capacity"], "vintage_year")
    pipe = raw["pipeline"]
    _unknown(problems, "pipeline.csv", pipe, "stage", STAGES)
    _integers(problems, "pipeline.csv", pipe, "online_year")
    for i, m in pipe["online_month"].items():
        if not (str(m).isdigit() and 1 <= int(m) <= 12):
            problems.append(f"pipeline.csv: {_row(pipe, i)}, column 'online_month': '{m}' is "
                            "not a month; give the first month of operation as 1-12.")


def check_plants(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """Plant parameters in range; options exist and can supply the heat temperature."""
    file, plants = "plants.csv", raw["plants"]
    options = raw["electrification_options"].set_index("option")
    _unknown(problems, file, plants, "region", set(raw["regions"]["region"]),
             source="regions.csv")
    _unknown(problems, file, plants, "co2_scheme", CO2_SCHEMES)
    for col in ("throughput_t_per_yr", "elec_mwh_per_t", "heat_mwh_per_t", "fuel_mwh_per_t",
                "fuel_co2_t_per_mwh", "process_co2_t_per_t"):
        _range(problems, file, plants, col, 0)
    _range(problems, file, plants, "flexible_share", 0, 1,
           why="the share of the load that can be shifted")
    _range(problems, file, plants, "min_load_share", 0, 1,
           why="a share of the capacity: the minimum load cannot exceed the capacity")
    _range(problems, file, plants, "gas_efficiency", 0, 1, lo_open=True)
    _range(problems, file, plants, "operating_hours_per_day", 0, 24, lo_open=True,
           why="hours in a day")
    for i, row in plants.iterrows():
        for option in filter(None, (o.strip() for o in row["options"].split(";"))):
            if option not in options.index:
                problems.append(f"{file}: {_row(plants, i)} ({row['plant_id']}), column "
                                f"'options': unknown option '{option}' (not in "
                                f"electrification_options.csv).{_hint(option, options.index)}")
            elif row["heat_temp_c"] > options.at[option, "max_temp_c"]:
                problems.append(
                    f"{file}: {_row(plants, i)} ({row['plant_id']}), column 'options': option "
                    f"'{option}' supplies heat up to {options.at[option, 'max_temp_c']:g} °C "
                    f"but the plant needs {row['heat_temp_c']:g} °C; remove the option or "
                    "correct heat_temp_c."
                )
    _unknown(problems, "electrification_options.csv", raw["electrification_options"],
             "technology", set(raw["technologies"]["technology"]), source="technologies.csv")
    ids = set(plants["plant_id"])
    archetypes = plants.groupby("archetype")["plant_id"].agg(", ".join)
    cfg = scenario.plants
    named = [("plants.include", cfg.include or []), ("plants.exclude", cfg.exclude),
             ("plants.scale.", list(cfg.scale))]
    for key, values in named:
        for plant_id in values:
            if plant_id not in ids:
                path = f"{key}{plant_id}" if key.endswith(".") else key
                hint = (f" '{plant_id}' is an archetype; name its plants instead: "
                        f"{archetypes[plant_id]}." if plant_id in archetypes.index
                        else _hint(plant_id, ids))
                problems.append(f"scenario key '{path}': unknown plant '{plant_id}' (not a "
                                f"plant_id in plants.csv).{hint}")
    for option in cfg.options or []:
        if option not in options.index:
            problems.append(f"scenario key 'plants.options': unknown option '{option}' (not in "
                            f"electrification_options.csv).{_hint(option, options.index)}")


def check_scenario_vs_data(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """Regions exist; policy years lie inside the horizon."""
    regions = set(raw["regions"]["region"])
    for region in scenario.regions:
        if region not in regions:
            problems.append(f"scenario key 'regions': unknown region '{region}' (not in "
                            f"regions.csv).{_hint(region, regions)}")
    for year in scenario.policy.co2_cap_t:
        if not scenario.years.start <= int(year) <= scenario.years.end:
            problems.append(
                f"scenario key 'policy.co2_cap_t.{year}': year {year} is outside the horizon "
                f"{scenario.years.start}-{scenario.years.end}; move the cap into it or change "
                "years.start / years.end."
            )


def region_technologies(raw: RawTables, scenario: Scenario) -> set[str]:
    """Technologies the regions build (the model's ``capacity_mw``), as in the permitting block.

    Those with permitting rows in the scenario's case whose ``role`` in technologies.csv is
    one the regions build (generator, storage power or energy).
    """
    techs = raw["technologies"].set_index("technology")
    perm = raw["permitting"]
    permitted = set(case_rows(perm, scenario.permitting.case)["technology"])
    return {k for k in permitted if k in techs.index and techs.at[k, "role"] in REGION_ROLES}


def check_targets(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """Capacity targets name technologies the regions build, in years inside the horizon."""
    known = region_technologies(raw, scenario)
    start, end = scenario.years.start, scenario.years.end
    for tech, years in scenario.policy.capacity_target_mw.items():
        key = f"policy.capacity_target_mw.{tech}"
        if tech not in known:
            problems.append(f"scenario key '{key}': '{tech}' is not a technology the regions "
                            "build (one with rows in permitting.csv, case "
                            f"'{scenario.permitting.case}', and role generator, storage_power "
                            f"or storage_energy in technologies.csv).{_hint(tech, known)}")
        for year in years:
            if not start <= int(year) <= end:
                problems.append(f"scenario key '{key}.{year}': year {year} is outside the "
                                f"horizon {start}-{end}; move the target into it or change "
                                "years.start / years.end.")


def check_all(raw: RawTables, scenario: Scenario,
              resolved: ResolvedInputs | None = None) -> None:
    """Run every check; raise one InputError listing all problems found.

    ``resolved`` are the resolved permitting values (resolved here when not given).
    """
    problems: list[str] = []
    check_cap_vs_pipeline(raw, resolved or resolve(raw, scenario), problems)
    for check in (check_sources, check_regions, check_value_tags, check_technologies,
                  check_capacity_tables):
        check(raw, problems)
    for check in (check_cases, check_permitting, check_plants, check_scenario_vs_data,
                  check_targets, check_coverage, check_plausible,
                  checks_market.check_transmission, checks_market.check_thermal_store):
        check(raw, scenario, problems)
    checks_market.check_market(raw, scenario, problems)
    checks_market.check_store_rates(raw, problems)
    if problems:
        raise InputError([_in_folder(raw.folder, p) for p in problems])


def _in_folder(folder: Path, problem: str) -> str:
    """Prefix a problem that starts with a data file name with the data set folder."""
    name, sep, rest = problem.partition(": ")
    return f"{Path(folder) / name}{sep}{rest}" if name.endswith(".csv") else problem
