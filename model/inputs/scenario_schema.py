"""Scenario schema: the pydantic v2 models of a scenario file.

Every model forbids unknown keys and is frozen; every field documents its unit and default
(the exported JSON Schema ``scenarios/scenario.schema.json`` carries these descriptions).
Loading, ``extends:`` and ``--set`` live in :mod:`model.inputs.config`, which re-exports
these models; import them from there.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from model.inputs.uncertainty_schema import UncertaintyConfig

DEFAULT_DATA = Path("../inputs/harz")
#: A scenario name is one safe path component: no separator, never '.', '..' or hidden, and
#: never the '.tmp' / '.lock' suffix of the run machinery's own entries.
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*$"
RESERVED_SUFFIXES = (".tmp", ".lock")


def _no_bool(value: Any) -> Any:
    """Reject YAML booleans where a number is expected (pydantic would read ``true`` as 1)."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got the boolean {value}")
    return value


# Numbers: constraints first, then the bool check (this order keeps them in the JSON Schema).
_NB = BeforeValidator(_no_bool)
_Float = Annotated[float, Field(allow_inf_nan=False), _NB]
_NonNeg = Annotated[float, Field(ge=0, allow_inf_nan=False), _NB]
_Positive = Annotated[float, Field(gt=0, allow_inf_nan=False), _NB]
_Share = Annotated[float, Field(ge=0, lt=1, allow_inf_nan=False), _NB]
_Int = Annotated[int, _NB]
_NonNegInt = Annotated[int, Field(ge=0), _NB]
_PosInt = Annotated[int, Field(ge=1), _NB]
_Year = Annotated[int, Field(ge=2020, le=2060), _NB]
_Growth = Annotated[float, Field(gt=-100, allow_inf_nan=False), _NB]  # -100 %/yr: nothing left
_SECTION = "%s [section; units per key]. Default: every key at its default."


def _year_keys_below(schema: dict[str, Any]) -> None:
    """JSON Schema: the keys of the inner mappings are four-digit years."""
    schema["additionalProperties"]["propertyNames"] = {"pattern": "^[0-9]{4}$"}


class YearsConfig(BaseModel):
    """Modelled horizon; investment, permitting, emissions and costs are yearly."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    start: _Year = Field(2025, description="First modelled year, 2020..2060 "
                         "[calendar year]. Default 2025.")
    end: _Year = Field(2045, description="Last modelled year, start..2060 "
                       "[calendar year]. Default 2045.")
    operation_step: _PosInt = Field(
        1, description="Dispatch is modelled in every k-th year from `start` and in `end` (the "
        "operation years); a year in between books the dispatch of the two operation years "
        "around it, interpolated linearly, and each operation year dispatches the mean capacity "
        "of the years it stands for, while investment and the permitting pipeline stay yearly "
        "[years]. Default 1 (every year).")

    @model_validator(mode="after")
    def _ordered(self) -> YearsConfig:
        if self.start > self.end:
            raise ValueError(f"start ({self.start}) must not be after end ({self.end})")
        return self


class TimeConfig(BaseModel):
    """Hours within a year: representative days and weather."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    representative_days: Annotated[int, Field(ge=1, le=365), _NB] = Field(
        8, description="Number of representative (tsam typical) days, 1..365; 365 = full year "
        "[days]. Default 8.")
    segments: Annotated[int, Field(ge=1, le=24), _NB] | None = Field(
        None, description="Time steps per representative day (1..24) via tsam segmentation; "
        "null = 24 hourly steps [steps]. Default null.")
    weather: str = Field("regional", description="'regional' = each region's own DWD test "
                         "reference year station from regions.csv, or one station code "
                         "'TRY01'..'TRY15' for all regions [-]. Default 'regional'.")
    extreme_days: bool = Field(True, description="Keep the extreme (peak-load / lowest "
                               "renewable) days as extra representative days [-]. Default true.")
    storage_linking: Literal["cyclic_day"] = Field("cyclic_day", description="Storage state of "
                                                   "charge is cyclic within each representative "
                                                   "day [-]. Default 'cyclic_day'.")
    representation: Literal["medoid", "distribution"] = Field(
        "medoid", description="How a cluster of days is represented: 'medoid' = the real day "
        "closest to the cluster centre; 'distribution' = tsam's duration-curve-preserving "
        "representation (each cluster keeps its members' value distribution) [-]. Default "
        "'medoid'.")
    feature_weights: dict[str, _NonNeg] = Field(
        default_factory=dict, description="Clustering weight of profile columns (1 = equal "
        "weight after min-max normalisation); keys are column names of profiles.csv or "
        "'*__<suffix>' for every region's column, e.g. {price_factor: 3, "
        "other_demand_factor: 3} [-]. Default {} (all 1).")

    @field_validator("weather")
    @classmethod
    def _station(cls, value: str) -> str:
        if value != "regional" and not re.fullmatch(r"TRY(0[1-9]|1[0-5])", value):
            raise ValueError(f"expected 'regional' or a station code TRY01..TRY15, got {value!r}")
        return value


class ExchangeConfig(BaseModel):
    """Electricity exchange between the regions."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    mode: Literal["limited", "copper_plate", "none"] = Field("limited", description="'limited' = "
                                                             "per-link limit, 'copper_plate' = "
                                                             "unlimited, 'none' = no exchange "
                                                             "[-]. Default 'limited'.")
    limit_mw: _NonNeg = Field(500.0, description="Transfer limit per link between two regions, "
                              "in each direction, when mode is 'limited' [MW]. Default 500.")


class PermittingOverrideValues(BaseModel):
    """Overrides of one technology's permitting data; null keeps the value of the data."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    pre_application_months: _NonNeg | None = Field(None, description="Site development before "
                                                   "the application [months]. Default null.")
    approval_months: _NonNeg | None = Field(None, description="Application to permit "
                                            "[months]. Default null.")
    realisation_months: _NonNeg | None = Field(None, description="Permit to commissioning "
                                               "[months]. Default null.")
    attrition_share: _Share | None = Field(None, description="Share of applied capacity that "
                                           "is refused or withdrawn, in [0, 1) [-]. Default null.")
    approval_cap_mw_per_yr: _NonNeg | None = Field(None, description="Authority throughput: "
                                                   "at most this much approved per region and "
                                                   "year [MW/yr]. Default null.")


class PermittingOverride(PermittingOverrideValues):
    """Overrides for one technology in every region, refined per region under ``regions``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    regions: dict[str, PermittingOverrideValues] = Field(
        default_factory=dict, description="Per-region overrides (region id -> values), applied "
        "on top of the technology-wide ones [-]. Default {}.")


class PermittingConfig(BaseModel):
    """Permitting case (rows of permitting.csv) plus optional overrides."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    case: str = Field("reference", min_length=1, description="Permitting case, a `case` of "
                      "inputs/<dataset>/permitting.csv [-]. Default 'reference'.")
    wind: PermittingOverride | None = Field(None, description="Onshore wind overrides [-]. "
                                            "Default null.")
    pv_ground: PermittingOverride | None = Field(None, description="Ground PV overrides [-]. "
                                                 "Default null.")
    pv_rooftop: PermittingOverride | None = Field(None, description="Rooftop PV overrides [-]. "
                                                  "Default null.")
    battery_power: PermittingOverride | None = Field(None, description="Battery power "
                                                     "overrides [-]. Default null.")
    battery_energy: PermittingOverride | None = Field(None, description="Battery energy "
                                                      "overrides [-]. Default null.")


class PricesConfig(BaseModel):
    """Price cases: wholesale, gas, EU ETS, national CO2 price; grid emission factor."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    case: str = Field("reference", min_length=1, description="A `case` of prices.csv [-]. "
                      "Default 'reference'.")
    grid_emission_case: str = Field("reference", min_length=1, description="A `case` of "
                                    "grid_emission_factor.csv [-]. Default 'reference'.")


class MarketConfig(BaseModel):
    """Market value of exports, the link to the national grid, and the cost perspective."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    case: str = Field("reference", min_length=1, description="A `case` of market.csv: national "
                      "renewable share, carbon pass-through and marginal plant efficiency per "
                      "year [-]. Default 'reference'.")
    capture_case: str = Field("declining", min_length=1, description="A `case` of "
                              "capture_rates.csv: market value of wind and PV relative to the "
                              "base price as a function of the national renewable share "
                              "('declining' or 'flat' in the Harz data) [-]. Default "
                              "'declining'.")
    transmission_limit: bool = Field(True, description="Limit import and export of each region "
                                     "to its transmission capacity (transmission.csv), with "
                                     "reinforcement at a cost per MW; false = unlimited [-]. "
                                     "Default true.")
    perspective: Literal["regional_system", "merchant_spot"] = Field(
        "regional_system", description="'regional_system': meet the region's demand and the "
        "plants' production at least cost; exports earn the technology's market value (base "
        "price x capture rate). 'merchant_spot': exports earn the hourly wholesale price of "
        "the price shape with no capture-rate discount (the optimistic merchant view); every "
        "output names the perspective [-]. Default 'regional_system'.")
    export_fee_eur_per_mwh: _NonNeg = Field(
        0.1, description="Fee on every MWh exported to the national grid, booked as the cost "
        "category 'export_fee'. It breaks a tie: without it an exported MWh can earn exactly "
        "what an imported one costs in the same step (capture-rate factor 1, or a zero price), "
        "so gross import and export, and with them the emissions of imports, are not unique. "
        "0.1 EUR/MWh is about 0.1 % of the wholesale price and moves no decision; set the "
        "direct marketer's fee here to model marketing costs [EUR/MWh]. Default 0.1.")


class PolicyConfig(BaseModel):
    """Emission caps and budgets, and whether they may be violated at a penalty."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    co2_cap_t: dict[int, _NonNeg] = Field(
        default_factory=dict, json_schema_extra={"propertyNames": {"pattern": "^[0-9]{4}$"}},
        description="Yearly emission cap, year -> cap; empty = none [t CO2/yr]. Default {}.")
    co2_budget_t: _NonNeg | None = Field(None, description="Cumulative emissions over the "
                                         "horizon; null = none [t CO2]. Default null.")
    allow_slack: bool = Field(False, description="Allow unmet energy and cap violations at the "
                              "penalties below instead of infeasibility [-]. Default false.")
    slack_penalty_eur_per_mwh: _NonNeg = Field(3000.0, description="Penalty on unmet energy "
                                               "[EUR/MWh]. Default 3000.")
    slack_penalty_eur_per_t: _NonNeg = Field(500.0, description="Penalty on emissions above a "
                                             "cap or budget [EUR/t CO2]. Default 500.")
    capacity_target_mw: dict[str, dict[int, _NonNeg]] = Field(
        default_factory=dict, json_schema_extra=_year_keys_below,
        description="Minimum capacity in operation (average over the year, summed over the "
        "regions), technology -> year -> MW, e.g. {wind: {2030: 500}}; a technology built by "
        "the regions (wind, pv_ground, pv_rooftop, battery_power, battery_energy); empty = none "
        "[MW; MWh for battery_energy]. Default {}.")
    slack_penalty_eur_per_mw: _NonNeg = Field(1.0e6, description="Penalty per MW short of a "
                                              "capacity target, per target year [EUR/MW]. "
                                              "Default 1e6.")


class PlantsConfig(BaseModel):
    """Recycling plants: growth, operation rules and electrification options."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    growth_pct_per_year: _Growth = Field(1.0, description="Throughput growth, > -100 "
                                         "[%/yr]. Default 1.0.")
    unit_commitment: bool = Field(False, description="On/off binaries, minimum load and start-up "
                                  "cost on the representative days [-]. Default false.")
    flexibility: bool = Field(True, description="Allow shifting the flexible share of load "
                              "within a day [-]. Default true.")
    include: list[str] | None = Field(None, description="Plant ids to model; null = all in the "
                                      "data [-]. Default null.")
    exclude: list[str] = Field(default_factory=list, description="Plant ids to leave out [-]. "
                               "Default [].")
    scale: dict[str, _Positive] = Field(default_factory=dict, description="Throughput "
                                        "multiplier per plant id, > 0 [-]. Default {}.")
    options: list[str] | None = Field(None, description="Allowed electrification options "
                                      "(electrification_options.csv); null = all [-]. "
                                      "Default null.")
    startup_cost_eur_per_mw: _NonNeg = Field(50.0, description="Start-up cost with unit "
                                             "commitment [EUR/MW started]. Default 50.")


class DemandConfig(BaseModel):
    """Electricity demand besides the recycling plants."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    other_demand: bool = Field(True, description="Include the regions' other electricity "
                               "demand (regions.csv) [-]. Default true.")
    other_demand_growth_pct_per_year: _Growth = Field(0.5, description="Growth of the other "
                                                      "demand, > -100 [%/yr]. Default 0.5.")
    new_loads: list[str] = Field(default_factory=list, description="Large announced loads "
                                 "to add (load_id in the data set's new_loads.csv), e.g. "
                                 "[steel_dri_eaf_ni] [-]. Default [] (none).")


class FinanceConfig(BaseModel):
    """Discounting of costs."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    discount_rate: _Share = Field(0.05, description="Real social discount rate for "
                                  "discounting costs to base_year [1/yr]. Default 0.05.")
    base_year: _Int | None = Field(None, description="Year costs are discounted to; null = "
                                   "years.start [calendar year]. Default null.")


class SolverConfig(BaseModel):
    """HiGHS options."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    mip_rel_gap: _NonNeg = Field(0.01, description="Relative MIP gap to stop at [-]. Default 0.01.")
    mip_abs_gap_meur: _NonNeg = Field(1.0, description="Absolute MIP gap to stop at, on the "
                                      "optimised (decision-dependent) NPV; HiGHS stops at "
                                      "whichever of the two gaps is reached first [million "
                                      "EUR]. Default 1.0.")
    time_limit_s: _Positive = Field(600.0, description="Wall-time limit [s]. Default 600.")
    threads: _NonNegInt = Field(0, description="Threads; 0 = HiGHS chooses [-]. Default 0.")
    method: Literal["choose", "simplex", "ipm"] = Field("choose", description="LP method [-]. "
                                                        "Default 'choose'.")
    presolve: Literal["choose", "on", "off"] = Field("choose", description="Presolve [-]. "
                                                     "Default 'choose'.")
    seed: _NonNegInt = Field(0, description="Random seed [-]. Default 0.")


class OutputConfig(BaseModel):
    """Which result files a run writes (tidy CSVs and manifest.json always)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    netcdf: bool = Field(True, description="Write results.nc [-]. Default true.")
    brief: bool = Field(True, description="Write the HTML brief brief.html [-]. Default true.")
    validate_hourly: Literal["milestones", "all", "off"] = Field(
        "milestones", description="Re-run the dispatch of the solved plan for all 8,760 hours "
        "(investments fixed) and publish those figures next to the planning ones: 'all' "
        "operating years, 'milestones' (every validation_step_years-th operating year plus the "
        "last, the differences interpolated in between) or 'off' [-]. Default 'milestones'.")
    validation_step_years: _PosInt = Field(
        5, description="With validate_hourly: milestones, validate every n-th operating year "
        "(plus the last) [operating years]. Default 5.")
    validation_workers: _PosInt | None = Field(
        None, description="Processes that validate years in parallel (each needs about 2 GB "
        "for the reference); null = up to 2, as the machine's cores allow [-]. Default null.")
    reuse_validation: bool = Field(
        True, description="Take a validated year from an earlier run in the same results root "
        "when its 8,760-hour LP is provably the same (same key: the year's fixed plan and "
        "model, inputs, code and options; results/.cache/hourly), instead of solving it again; "
        "the figures are identical either way, the manifest names the run reused [-]. "
        "Default true.")

    @field_validator("validate_hourly", mode="before")
    @classmethod
    def _off_is_not_false(cls, value: Any) -> Any:
        """YAML reads an unquoted ``off`` as false (``--set output.validate_hourly=off``)."""
        return "off" if value is False else value


class ChecksConfig(BaseModel):
    """Input checks the scenario relaxes on purpose."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    accept_implausible: list[str] = Field(
        default_factory=list, description="Plausibility bands (model/inputs/plausibility.py, "
        "the data dictionary's 'Plausibility bands') whose violations are accepted, e.g. "
        "[plants.scale]; empty = every band is enforced [-]. Default [].")


_Factor = Annotated[float, Field(gt=0, le=5, allow_inf_nan=False), _NB]


def _factor(what: str) -> Any:
    return Field(1.0, description=f"Multiplier on {what}, in (0, 5] [-]. Default 1.0.")


class FactorsConfig(BaseModel):
    """Multipliers on data-set values for sensitivity runs, applied once when the data are
    resolved (:mod:`model.inputs.factors`); 1.0 leaves the data as they are."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    capex_wind: _Factor = _factor("the capex of generators with the wind profile")
    capex_pv: _Factor = _factor("the capex of generators with a PV profile (ground, rooftop)")
    capex_battery: _Factor = _factor("the capex of battery power and energy (storage roles)")
    gas_price: _Factor = _factor("the gas price; the wholesale price moves with it by the "
                                 "carbon pass-through of market.csv")
    co2_price: _Factor = _factor("the EU ETS 1 and ETS 2 prices; the wholesale price moves "
                                 "with the EUA price by the carbon pass-through")
    grid_markup: _Factor = _factor("the grid mark-up on consumption from the public grid")
    other_demand: _Factor = _factor("the regions' other electricity demand (its level)")
    land_wind: _Factor = _factor("the land potential of generators with the wind profile")
    land_pv: _Factor = _factor("the land potential of generators with a PV profile")
    capture_rate_wind: _Factor = _factor("the capture rate (market value) of wind generators")
    capture_rate_pv: _Factor = _factor("the capture rate (market value) of PV generators")
    plant_heat: _Factor = _factor("the plants' useful process heat per tonne")


class Scenario(BaseModel):
    """One scenario: everything a run needs besides the dataset."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=NAME_PATTERN, max_length=100, description="Scenario name, the "
                      "folder of its runs: letters, digits, '_' and '-', with single '.' "
                      "between them; it starts with a letter or digit and never ends in "
                      "'.tmp' or '.lock' (so never '.', '..', a hidden name or a path) [-]. "
                      "Required.")
    description: str = Field("", description="Free text [-]. Default ''.")
    data: Path = Field(DEFAULT_DATA, description="Dataset folder, relative to the scenario file "
                       "that sets it (absolute after loading) [path]. Default '../inputs/harz'.")
    years: YearsConfig = Field(default_factory=YearsConfig, description=_SECTION % "Horizon")
    time: TimeConfig = Field(default_factory=TimeConfig, description=_SECTION % "Hours")
    regions: list[str] = Field(["harz_ni", "harz_st", "harz_th"], min_length=1, description=
                               "Region ids, unique [-]. Default [harz_ni, harz_st, harz_th].")
    exchange: ExchangeConfig = Field(default_factory=ExchangeConfig,
                                     description=_SECTION % "Exchange between regions")
    permitting: PermittingConfig = Field(default_factory=PermittingConfig,
                                         description=_SECTION % "Permitting case, overrides")
    prices: PricesConfig = Field(default_factory=PricesConfig, description=_SECTION % "Prices")
    market: MarketConfig = Field(default_factory=MarketConfig,
                                 description=_SECTION % "Market value, transmission")
    policy: PolicyConfig = Field(default_factory=PolicyConfig, description=_SECTION % "CO2 caps")
    plants: PlantsConfig = Field(default_factory=PlantsConfig, description=_SECTION % "Plants")
    demand: DemandConfig = Field(default_factory=DemandConfig, description=_SECTION % "Demand")
    finance: FinanceConfig = Field(default_factory=FinanceConfig, description=_SECTION % "Costs")
    solver: SolverConfig = Field(default_factory=SolverConfig, description=_SECTION % "HiGHS")
    output: OutputConfig = Field(default_factory=OutputConfig, description=_SECTION % "Outputs")
    checks: ChecksConfig = Field(default_factory=ChecksConfig,
                                 description=_SECTION % "Input checks relaxed on purpose")
    uncertainty: UncertaintyConfig | None = Field(
        None, description="Uncertain approval months and attrition (model/inputs/"
        "uncertainty_schema.py): with this section `run` solves a stochastic program; null = "
        "the deterministic pathway [section]. Default null.")
    factors: FactorsConfig = Field(default_factory=FactorsConfig,
                                   description=_SECTION % "Multipliers on data for sensitivity")

    @field_validator("name")
    @classmethod
    def _not_reserved(cls, value: str) -> str:
        if value.lower().endswith(RESERVED_SUFFIXES):
            raise ValueError(f"{value!r} ends in one of {', '.join(RESERVED_SUFFIXES)}, which "
                             "the run folders use for their own entries; pick another name")
        return value

    @field_validator("regions")
    @classmethod
    def _unique_regions(cls, value: list[str]) -> list[str]:
        duplicates = sorted({r for r in value if value.count(r) > 1})
        if duplicates:
            raise ValueError(f"region ids must be unique; repeated: {', '.join(duplicates)}")
        return value

    @model_validator(mode="after")
    def _caps_in_horizon(self) -> Scenario:
        outside = [y for y in self.policy.co2_cap_t if not self.years.start <= y <= self.years.end]
        if outside:
            raise ValueError(f"policy.co2_cap_t: years {outside} are outside years.start.."
                             f"years.end ({self.years.start}-{self.years.end})")
        return self

    @property
    def discount_base_year(self) -> int:
        """Year costs are discounted to: ``finance.base_year`` or else ``years.start``."""
        return self.years.start if self.finance.base_year is None else self.finance.base_year

    @property
    def operation_years(self) -> list[int]:
        """Years with modelled dispatch: every ``operation_step``-th year from the start."""
        return list(range(self.years.start, self.years.end + 1, self.years.operation_step))
