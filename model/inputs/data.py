"""Load a data set and a scenario into one frozen :class:`ModelData` (no Pyomo here).

Everything the formulation needs is resolved here, once: anchor years interpolated to every
model year, the permitting case picked and the scenario's overrides applied, plants filtered
and scaled, the representative days aggregated. The blocks in
:mod:`model.formulation.blocks` only read plain numbers from this object.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from model.errors import InputError
from model.inputs import checks, factors, market, tables
from model.inputs.config import Scenario
from model.inputs.fleet import MUST_RUN_FILE, existing, must_run, new_loads
from model.inputs.operating_years import op_capacity_weights, operation_weights  # noqa: F401
from model.inputs.resolved import ResolvedInputs, resolve
from model.inputs.timeseries import RepresentativeTime, TooFewDaysError, aggregate

log = logging.getLogger(__name__)

GAS_CO2_T_PER_MWH = 0.198  # technology-data `gas` CO2 intensity (stoichiometric, LHV) [P]


@dataclass(frozen=True)
class ModelData:
    """Every number the model needs, resolved for one scenario.

    Attributes
    ----------
    scenario : Scenario
        The resolved scenario.
    years : list of int
        Pathway years (investment, pipeline, emissions and costs are yearly).
    op_years : list of int
        Years whose dispatch is modelled (every ``years.operation_step``-th year from the
        start, and the last year); ``op_year_of[y]`` maps every year to the operating year
        at or before it, and :attr:`op_weights` gives the interpolation weights with which a
        year books the dispatch of the operating years around it.
    regions : list of str
    technologies : DataFrame
        ``technologies.csv`` indexed by technology.
    costs : DataFrame
        Index (technology, year); capex_eur_per_unit, fom_pct_per_yr, vom_eur_per_mwh,
        efficiency, lifetime_yr for every model year.
    prices : DataFrame
        Index year; the chosen price case.
    grid_ef_t_per_mwh : Series
        Index year; grid emission factor of the chosen case.
    permitting : DataFrame
        Index (technology, region); durations in months, attrition, approval cap (NaN = none),
        development cost share, and ``lead_months`` = the sum of the three stages: the
        scenario's regions of ``resolved``.
    resolved : ResolvedInputs
        The permitting values in force with their sources (file and row, or scenario key),
        resolved once (:mod:`model.inputs.resolved`); written with the run.
    land_mw : DataFrame
        Index (region, technology, year); maximum operating capacity.
    existing_mw : DataFrame
        Index (region, technology, year); remaining existing capacity in operation.
    pipeline_mw : DataFrame
        Index (region, technology, year); average available capacity from projects already in
        the pipeline at the start (partial-year in the commissioning year).
    pipeline_approvals_mw : DataFrame
        Index (region, technology, year); capacity of the ``applied`` pipeline stage decided
        in that year (commissioning date minus the realisation months): it uses up the
        authority's approval throughput.
    plants : DataFrame
        Selected plants (index plant_id) with the scenario's scaling applied.
    plant_options : list of (plant_id, option)
        Electrification options allowed for each plant.
    options : DataFrame
        ``electrification_options.csv`` indexed by option.
    throughput_t : DataFrame
        Index plant_id, columns years: yearly throughput with the growth rate.
    other_demand_mwh : DataFrame
        Index region, columns years: regional demand other than the plants (0 if switched off).
    discount : Series
        Index year; discount factor to the base year.
    time : RepresentativeTime
        Representative days with weights, step durations and the profile values.
    hourly : DataFrame
        The 8,760-hour profiles the representative days were aggregated from.
    sha256 : dict
        SHA-256 of every input file read.
    elastic : bool
        Diagnosis only (``python run.py diagnose``): the permitting limits (land, approval
        throughput) get priced excess variables instead of being hard
        (:mod:`model.formulation.blocks.permitting`). False for every published run.
    withdrawal : bool
        Stochastic program only (``uncertainty.withdrawal``): approved MW may be withdrawn
        at the approval decision (:mod:`model.formulation.blocks.permitting`).
    must_run_mw : Series
        Index region: average output of the existing biomass and run-of-river fleet
        (``must_run.csv``: capacity × full-load hours / 8,760 h), a flat injection.
    market : MarketInputs
        Capture rates, national RE share, carbon pass-through and transmission
        (:mod:`model.inputs.market`).
    """

    scenario: Scenario
    years: list[int]
    op_years: list[int]
    op_year_of: dict[int, int]
    regions: list[str]
    region_table: pd.DataFrame
    technologies: pd.DataFrame
    costs: pd.DataFrame
    prices: pd.DataFrame
    grid_ef_t_per_mwh: pd.Series
    permitting: pd.DataFrame
    resolved: ResolvedInputs
    land_mw: pd.DataFrame
    existing_mw: pd.DataFrame
    pipeline_mw: pd.DataFrame
    pipeline_approvals_mw: pd.DataFrame
    plants: pd.DataFrame
    plant_options: list[tuple[str, str]]
    options: pd.DataFrame
    throughput_t: pd.DataFrame
    other_demand_mwh: pd.DataFrame
    discount: pd.Series
    time: RepresentativeTime
    hourly: pd.DataFrame
    sha256: dict[str, str]
    elastic: bool = False
    withdrawal: bool = False
    must_run_mw: pd.Series = field(default_factory=lambda: pd.Series(dtype=float))
    market: market.MarketInputs | None = None
    #: capacity weights of the operating years, ``{o: {year: weight}}``, when set from outside
    #: (the hourly validation dispatches one year on the plan's mean capacity); None: from
    #: ``op_weights`` (:func:`op_capacity_weights`)
    op_capacity: dict[int, dict[int, float]] | None = None

    @property
    def dataset_dir(self) -> Path:
        return Path(self.scenario.data)

    @functools.cached_property
    def op_weights(self) -> dict[int, dict[int, float]]:
        """``{year: {operating year: weight}}``, see :func:`operation_weights`."""
        return operation_weights(self.years, self.op_years)


def with_role(technologies: pd.DataFrame, *roles: str) -> list[str]:
    """Technologies (``technologies`` index) whose ``role`` is one of ``roles``, file order."""
    return [k for k, role in technologies["role"].items() if role in roles]


def profile_column(technologies: pd.DataFrame, tech: str, region: str) -> str:
    """Column of the hourly profiles with a generator's capacity factor in a region."""
    return f"{region}__{technologies.at[tech, 'profile']}_cf"


def interpolate_years(df: pd.DataFrame, keys: list[str], columns: list[str],
                      years: list[int]) -> pd.DataFrame:
    """Interpolate anchor-year rows linearly to every year in ``years``.

    Before the first anchor the first value holds; after the last anchor the last value.

    Returns
    -------
    DataFrame indexed by ``keys + ['year']`` with ``columns``.
    """
    if df.empty:  # e.g. a data set without land limits
        index = pd.MultiIndex.from_tuples([], names=[*keys, "year"])
        return pd.DataFrame(columns=columns, index=index, dtype=float)
    out = []
    groups = df.groupby(keys, sort=True) if keys else [((), df)]
    for key, grp in groups:
        grp = grp.sort_values("year")
        anchors = grp["year"].astype(float).to_numpy()
        block = {"year": years}
        for col in columns:
            block[col] = np.interp(years, anchors, grp[col].astype(float).to_numpy())
        frame = pd.DataFrame(block)
        for name, value in zip(keys, key if isinstance(key, tuple) else (key,), strict=True):
            frame[name] = value
        out.append(frame)
    return pd.concat(out, ignore_index=True).set_index([*keys, "year"]).sort_index()


def online_fraction(start_time_yr: float, year: int, lifetime_yr: float = np.inf) -> float:
    r"""Share of calendar year ``year`` during which an asset is in operation.

    .. math:: f(y) = \mathrm{clip}(y + 1 - c, 0, 1) - \mathrm{clip}(y + 1 - c - L, 0, 1)

    with :math:`c` the commissioning time in fractional years (1 July 2030 = 2030.5) and
    :math:`L` the lifetime. A project commissioned mid-year operates for that fraction of the
    year (no rounding to whole years).
    """
    on = min(max(year + 1 - start_time_yr, 0.0), 1.0)
    off = min(max(year + 1 - start_time_yr - lifetime_yr, 0.0), 1.0)
    return on - off


def _years(scenario: Scenario) -> tuple[list[int], list[int], dict[int, int]]:
    years = list(range(scenario.years.start, scenario.years.end + 1))
    op_years = years[:: scenario.years.operation_step]
    if op_years[-1] != years[-1]:  # the last year is always an operating year
        op_years.append(years[-1])
    op_year_of = {y: max(o for o in op_years if o <= y) for y in years}
    return years, op_years, op_year_of


def _pipeline(raw: tables.RawTables, regions: list[str], years: list[int]) -> pd.DataFrame:
    pipe = raw["pipeline"]
    pipe = pipe[pipe["region"].isin(regions)]
    records = []
    for (region, tech), grp in pipe.groupby(["region", "technology"]):
        start = grp["online_year"].astype(int) + (grp["online_month"].astype(int) - 1) / 12
        for y in years:
            frac = np.array([online_fraction(s, y) for s in start])
            records.append((region, tech, y, float((frac * grp["capacity_mw"]).sum())))
    cols = ["region", "technology", "year", "capacity_mw"]
    return pd.DataFrame(records, columns=cols).set_index(cols[:3]).sort_index()


def _pipeline_approvals(raw: tables.RawTables, permitting: pd.DataFrame,
                        regions: list[str]) -> pd.DataFrame:
    pipe = raw["pipeline"]
    pipe = pipe[(pipe["stage"] == "applied") & pipe["region"].isin(regions)]
    records = []
    for _, row in pipe.iterrows():
        key = (row["technology"], row["region"])
        if key not in permitting.index:
            continue
        online = int(row["online_year"]) + (int(row["online_month"]) - 1) / 12
        decided = int(np.floor(online - permitting.at[key, "realisation_months"] / 12 + 1e-9))
        records.append((row["region"], row["technology"], decided, float(row["capacity_mw"])))
    cols = ["region", "technology", "year", "capacity_mw"]
    df = pd.DataFrame(records, columns=cols)
    return df.groupby(cols[:3]).sum() if len(df) else df.set_index(cols[:3])


def _plants(raw: tables.RawTables, scenario: Scenario, regions: list[str]) -> pd.DataFrame:
    cfg = scenario.plants
    plants = raw["plants"].set_index("plant_id")
    if cfg.include is not None:
        plants = plants.loc[[p for p in plants.index if p in set(cfg.include)]]
    plants = plants.drop(index=[p for p in cfg.exclude if p in plants.index])
    plants = plants[plants["region"].isin(regions)].copy()
    for plant_id, factor in cfg.scale.items():
        if plant_id in plants.index:
            plants.loc[plant_id, "throughput_t_per_yr"] *= factor
    return plants


def _plant_options(
    plants: pd.DataFrame, options: pd.DataFrame, scenario: Scenario
) -> list[tuple[str, str]]:
    allowed = scenario.plants.options
    pairs = []
    for plant_id, row in plants.iterrows():
        for option in filter(None, (o.strip() for o in str(row["options"]).split(";"))):
            if allowed is not None and option not in allowed:
                continue
            if row["heat_mwh_per_t"] <= 0 or row["heat_temp_c"] > options.at[option, "max_temp_c"]:
                continue
            pairs.append((plant_id, option))
    return pairs


def _profiles(raw: tables.RawTables, scenario: Scenario, regions: list[str]) -> pd.DataFrame:
    if scenario.time.weather == "regional":
        return tables.read_profiles(raw.folder)
    from model.inputs.profiles import build_hourly_profiles  # pvlib only when really needed

    region_table = raw["regions"].set_index("region").loc[regions].copy()
    region_table["weather_station"] = scenario.time.weather
    return build_hourly_profiles(region_table)


def _check_profiles(raw: tables.RawTables, techs: pd.DataFrame, permitting: pd.DataFrame,
                    hourly: pd.DataFrame) -> None:
    """Every generator the regions build has its capacity-factor column in the profiles."""
    problems = []
    built = set(permitting.index)
    rows = {k: i for i, k in raw["technologies"]["technology"].items()}
    for k in with_role(techs, "generator"):
        for r in sorted({r for (kk, r) in built if kk == k}):
            col = profile_column(techs, k, r)
            if col not in hourly.columns:
                problems.append(
                    f"{Path(raw.folder) / 'technologies.csv'}: row {rows[k] + 2} ({k}), column "
                    f"'profile': no column '{col}' in {tables.PROFILES_FILE}; name a profile "
                    "that exists there (wind, pv_ground, pv_rooftop) or add the column.")
    if problems:
        raise InputError(problems)


def _representative_time(profiles: pd.DataFrame, scenario: Scenario, regions: list[str]):
    columns = [c for c in profiles.columns if c.split("__")[0] in regions or "__" not in c]
    hourly = profiles[columns]
    extremes = None
    if scenario.time.extreme_days and scenario.time.representative_days < 365:
        extremes = {
            "min": [f"{r}__wind_cf" for r in regions],
            "max": ["other_demand_factor"],
        }
    try:
        return aggregate(hourly, scenario.time.representative_days, scenario.time.segments,
                         extremes, representation=scenario.time.representation,
                         feature_weights=dict(scenario.time.feature_weights))
    except TooFewDaysError as err:
        raise InputError(
            f"time.representative_days={err.n_days}: the extreme days (lowest wind, peak "
            f"demand) take {err.n_extreme} representative days of their own, which leaves no "
            f"typical day; set time.representative_days to at least {err.n_extreme + 1} "
            "(8 is the default), or time.extreme_days: false") from None
    except ValueError as err:
        if "feature weights" not in str(err):
            raise
        raise InputError(f"time.feature_weights: {err}") from None


def load(scenario: Scenario) -> ModelData:
    """Read the scenario's data set, check it, and resolve everything for the model.

    Raises
    ------
    InputError
        Listing every problem found in the files and in the scenario-versus-data checks.
    """
    raw = tables.read_tables(Path(scenario.data))
    resolved = resolve(raw, scenario)
    checks.check_all(raw, scenario, resolved)
    years, op_years, op_year_of = _years(scenario)
    regions = list(scenario.regions)
    techs = raw["technologies"].set_index("technology")
    costs = interpolate_years(
        raw["technology_costs"].astype({"year": int}), ["technology"],
        ["capex_eur_per_unit", "fom_pct_per_yr", "vom_eur_per_mwh", "efficiency", "lifetime_yr"],
        years,
    )
    costs = factors.scale_capex(costs, techs, scenario.factors)
    prices_case = raw["prices"][raw["prices"]["case"] == scenario.prices.case].astype({"year": int})
    prices = interpolate_years(prices_case, [], list(tables.TABLES["prices"].numeric), years)
    prices = factors.scale_prices(
        prices, raw["market"][raw["market"]["case"] == scenario.market.case], scenario.factors)
    ef = raw["grid_emission_factor"]
    ef = ef[ef["case"] == scenario.prices.grid_emission_case].astype({"year": int})
    grid_ef = interpolate_years(ef, [], ["t_co2_per_mwh"], years)["t_co2_per_mwh"]
    land = raw["land"][raw["land"]["region"].isin(regions)].astype({"year": int})
    land_mw = interpolate_years(land, ["region", "technology"], ["potential_mw"], years)
    land_mw = factors.scale_land(land_mw, techs, scenario.factors)
    options = raw["electrification_options"].set_index("option")
    plants = factors.scale_plants(_plants(raw, scenario, regions), scenario.factors)
    growth = (1 + scenario.plants.growth_pct_per_year / 100) ** (np.array(years) - years[0])
    throughput = pd.DataFrame(
        np.outer(plants["throughput_t_per_yr"].to_numpy(), growth), index=plants.index,
        columns=years,
    )
    region_table = raw["regions"].set_index("region").loc[regions]
    demand_growth = (1 + scenario.demand.other_demand_growth_pct_per_year / 100) ** (
        np.array(years) - years[0])
    other = np.outer(region_table["other_demand_mwh_per_yr"].to_numpy(), demand_growth)
    other = other * scenario.factors.other_demand
    if not scenario.demand.other_demand:
        other = other * 0.0
    other = other + new_loads(raw.folder, scenario.demand.new_loads, regions, years)
    base_year = scenario.finance.base_year or years[0]
    discount = pd.Series([(1 + scenario.finance.discount_rate) ** -(y - base_year)
                          for y in years], index=years)
    permitting = resolved.permitting(regions)
    hourly = _profiles(raw, scenario, regions)
    _check_profiles(raw, techs, permitting, hourly)
    if (Path(raw.folder) / MUST_RUN_FILE).is_file():
        raw.sha256[MUST_RUN_FILE] = tables.sha256_of(Path(raw.folder) / MUST_RUN_FILE)
    time = _representative_time(hourly, scenario, regions)
    log.info(
        "loaded %s: %d years, %d regions, %d plants, %d representative days",
        raw.folder, len(years), len(regions), len(plants), len(time.weights),
    )
    return ModelData(
        scenario=scenario, years=years, op_years=op_years, op_year_of=op_year_of,
        regions=regions, region_table=region_table, technologies=techs, costs=costs,
        prices=prices, grid_ef_t_per_mwh=grid_ef,
        permitting=permitting, resolved=resolved, land_mw=land_mw,
        existing_mw=existing(raw, regions, years), pipeline_mw=_pipeline(raw, regions, years),
        pipeline_approvals_mw=_pipeline_approvals(raw, permitting, regions),
        plants=plants, plant_options=_plant_options(plants, options, scenario), options=options,
        throughput_t=throughput,
        other_demand_mwh=pd.DataFrame(other, index=regions, columns=years),
        discount=discount, time=time, hourly=hourly, sha256=raw.sha256,
        must_run_mw=must_run(raw.folder, regions),
        market=factors.scale_capture(market.resolve(raw, scenario, years,
                                                    prices["eua_eur_per_t"]),
                                     techs, scenario.factors),
    )
