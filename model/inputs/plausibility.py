r"""Plausibility bands: values that pass the schema and the range checks but are absurd.

A value outside its band is almost always a unit slip (kWh entered as MWh, EUR as k EUR) or
a typo (``finance.base_year: 25``), and the model would solve it and publish a confident
wrong answer. Each band below stops the run with an input error naming the value, the band
and why, unless the scenario accepts that band explicitly::

    checks:
      accept_implausible: [plants.scale, regions.demand_per_capita]

The bands are documented in the data dictionary (``inputs/harz/README.md``, "Plausibility
bands"). Symbols: :math:`D_r` other demand of region :math:`r` [MWh/yr], :math:`P_r` its
population, :math:`c_k` capex of technology :math:`k` [EUR/kW or EUR/kWh], :math:`\hat c_k`
its reference value (technology-data 2025, ``SOURCES.csv`` id ``technology_data``),
:math:`y_0, y_1` the first and last modelled year.

==============================  ===========================================================
band id                         rule
==============================  ===========================================================
regions.demand_per_capita       :math:`1 \le D_r / P_r \le 30` MWh per person and year
regions.full_load_hours         wind 1,000-4,500 h; PV ground 600-1,400 kWh/kWp
technology_costs.capex          :math:`\hat c_k / 10 \le c_k \le 10\,\hat c_k` for the
                                technologies the regions build (a decade either side);
                                10-20,000 EUR/kW and 0.5-5,000 EUR/kWh for plant equipment
capacity.density                land potential, existing and pipeline capacity <= 50 MW per
                                km2 of the region's area
prices.level                    wholesale, gas, EUA, ETS2 0-1,000 EUR; grid mark-up 0-500
grid_emission_factor.level      0-1.2 t CO2/MWh
plants.size                     throughput <= 3 Mt/yr after ``plants.scale``; electricity,
                                heat and fuel <= 20 MWh/t; process CO2 <= 5 t/t; fuel CO2
                                <= 0.5 t/MWh
plants.scale                    each factor 0.1-10
growth_rates                    ``plants.growth_pct_per_year`` and
                                ``demand.other_demand_growth_pct_per_year`` -10..10 %/yr
finance.base_year               :math:`y_0 - 10 \le` base year :math:`\le y_1`
finance.discount_rate           0-0.15 per year
solver.mip_rel_gap              0-0.10 (10 %)
==============================  ===========================================================
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from model.inputs.config import Scenario
from model.inputs.tables import RawTables

#: Reference capex (technology-data 2025, as in technology_costs.csv of the Harz data set):
#: the technologies the regions build, EUR/kW (battery_energy EUR/kWh).
REFERENCE_CAPEX = {"wind": 1438.9, "pv_ground": 594.9, "pv_rooftop": 1106.5,
                   "battery_power": 287.5, "battery_energy": 250.0}
GENERIC_CAPEX = {"EUR/kW": (10.0, 20_000.0), "EUR/kWh": (0.5, 5_000.0)}
ACCEPT = "checks.accept_implausible"
MAX_MW_PER_KM2 = 50.0

Check = Callable[[RawTables, Scenario, Callable[..., None]], None]
BANDS: dict[str, Check] = {}


def _band(band_id: str) -> Callable[[Check], Check]:
    def register(fn: Check) -> Check:
        BANDS[band_id] = fn
        return fn
    return register


def _fmt(value: float) -> str:
    return f"{value:,.6g}"


def _rows(df: pd.DataFrame, col: str, lo: float, hi: float, report: Callable[..., None],
          file: str, unit: str, why: str, label: Callable[[int], str] | None = None) -> None:
    for i, v in df[col].dropna().items():
        if not lo <= v <= hi:
            extra = f" ({label(i)})" if label else ""
            report(f"{file}: row {int(i) + 2}{extra}, column '{col}': {_fmt(v)} {unit}",
                   f"{_fmt(lo)}..{_fmt(hi)} {unit}", why)


@_band("regions.demand_per_capita")
def _demand(raw: RawTables, sc: Scenario, report: Callable[..., None]) -> None:
    reg = raw["regions"]
    for i, row in reg.iterrows():
        demand, people = row["other_demand_mwh_per_yr"], row["population"]
        if pd.isna(demand) or pd.isna(people) or people <= 0 or demand <= 0:
            continue
        per_capita = demand / people
        if not 1.0 <= per_capita <= 30.0:
            report(f"regions.csv: row {int(i) + 2} ({row['region']}), column "
                   f"'other_demand_mwh_per_yr': {_fmt(demand)} MWh/yr for {_fmt(people)} "
                   f"people is {_fmt(per_capita)} MWh per person", "1..30 MWh per person",
                   "German electricity use is about 6 MWh per person and year; 1,000 times "
                   "that is usually kWh entered as MWh")


@_band("regions.full_load_hours")
def _flh(raw: RawTables, sc: Scenario, report: Callable[..., None]) -> None:
    reg = raw["regions"]
    _rows(reg, "wind_flh_target_h", 1000, 4500, report, "regions.csv", "h",
          "onshore wind in Germany runs 1,500-3,500 full-load hours")
    _rows(reg, "pv_ground_yield_target_kwh_per_kwp", 600, 1400, report, "regions.csv",
          "kWh/kWp", "ground PV in Germany yields 850-1,150 kWh/kWp")


@_band("technology_costs.capex")
def _capex(raw: RawTables, sc: Scenario, report: Callable[..., None]) -> None:
    units = raw["technologies"].set_index("technology")["capex_unit"]
    costs = raw["technology_costs"]
    for i, row in costs.iterrows():
        tech, value = row["technology"], row["capex_eur_per_unit"]
        unit = units.get(tech, "")
        if pd.isna(value) or unit not in GENERIC_CAPEX:
            continue
        if tech in REFERENCE_CAPEX:
            ref = REFERENCE_CAPEX[tech]
            lo, hi = ref / 10, ref * 10
            why = (f"technology-data gives {_fmt(ref)} {unit} for 2025; a factor of 1,000 is "
                   "usually EUR/MW entered as EUR/kW")
        else:
            lo, hi = GENERIC_CAPEX[unit]
            why = "no plant equipment costs less or a hundred times more"
        if not lo <= value <= hi:
            report(f"technology_costs.csv: row {int(i) + 2} ({tech}, {row['year']}), column "
                   f"'capex_eur_per_unit': {_fmt(value)} {unit}", f"{_fmt(lo)}..{_fmt(hi)} "
                   f"{unit}", why)


@_band("capacity.density")
def _density(raw: RawTables, sc: Scenario, report: Callable[..., None]) -> None:
    area = raw["regions"].set_index("region")["area_km2"]
    for table, col in (("land", "potential_mw"), ("existing_capacity", "capacity_mw"),
                       ("pipeline", "capacity_mw")):
        df = raw[table]
        for i, row in df.iterrows():
            km2 = area.get(row["region"])
            if km2 is None or pd.isna(km2) or km2 <= 0 or pd.isna(row[col]):
                continue
            if row[col] / km2 > MAX_MW_PER_KM2:
                report(f"{table}.csv: row {int(i) + 2} ({row['region']}, {row['technology']}), "
                       f"column '{col}': {_fmt(row[col])} MW on {_fmt(km2)} km2 is "
                       f"{_fmt(row[col] / km2)} MW/km2", f"0..{MAX_MW_PER_KM2:g} MW/km2",
                       "ground PV covering the whole region would be about 100 MW/km2; "
                       "a factor of 1,000 is usually kW entered as MW")


@_band("prices.level")
def _prices(raw: RawTables, sc: Scenario, report: Callable[..., None]) -> None:
    df = raw["prices"]
    for col in ("elec_wholesale_eur_per_mwh", "gas_eur_per_mwh_th", "eua_eur_per_t",
                "ets2_eur_per_t"):
        _rows(df, col, 0, 1000, report, "prices.csv", "EUR",
              "yearly averages beyond 1,000 EUR are a unit slip (e.g. EUR/kWh x 1000)")
    _rows(df, "grid_markup_eur_per_mwh", 0, 500, report, "prices.csv", "EUR/MWh",
          "grid fees and levies on industrial supply are below 200 EUR/MWh")


@_band("grid_emission_factor.level")
def _grid_ef(raw: RawTables, sc: Scenario, report: Callable[..., None]) -> None:
    _rows(raw["grid_emission_factor"], "t_co2_per_mwh", 0, 1.2, report,
          "grid_emission_factor.csv", "t CO2/MWh", "even lignite power emits about 1.1 t/MWh")


@_band("plants.size")
def _plants(raw: RawTables, sc: Scenario, report: Callable[..., None]) -> None:
    plants = raw["plants"]
    label = (lambda i: str(plants.at[i, "plant_id"])) if len(plants) else None
    scaled = plants.assign(throughput_t_per_yr=plants["throughput_t_per_yr"] * plants[
        "plant_id"].map(lambda p: sc.plants.scale.get(p, 1.0)))
    _rows(scaled, "throughput_t_per_yr", 0, 3e6, report, "plants.csv", "t/yr",
          "the largest metal recycling sites handle about 1 Mt a year (after plants.scale)",
          label)
    for col in ("elec_mwh_per_t", "heat_mwh_per_t", "fuel_mwh_per_t"):
        _rows(plants, col, 0, 20, report, "plants.csv", "MWh/t",
              "energy-intensive recycling needs a few MWh per tonne", label)
    _rows(plants, "process_co2_t_per_t", 0, 5, report, "plants.csv", "t/t",
          "process CO2 of metal recycling is below about 2 t per tonne", label)
    _rows(plants, "fuel_co2_t_per_mwh", 0, 0.5, report, "plants.csv", "t CO2/MWh",
          "coke emits about 0.35 t CO2 per MWh", label)


@_band("plants.scale")
def _scale(raw: RawTables, sc: Scenario, report: Callable[..., None]) -> None:
    for plant, factor in sc.plants.scale.items():
        if not 0.1 <= factor <= 10:
            report(f"scenario key 'plants.scale.{plant}': {_fmt(factor)}", "0.1..10",
                   "a factor outside this turns the plant into a different one; change "
                   "plants.csv instead")


@_band("growth_rates")
def _growth(raw: RawTables, sc: Scenario, report: Callable[..., None]) -> None:
    for key, value in (("plants.growth_pct_per_year", sc.plants.growth_pct_per_year),
                       ("demand.other_demand_growth_pct_per_year",
                        sc.demand.other_demand_growth_pct_per_year)):
        if not -10 <= value <= 10:
            report(f"scenario key '{key}': {_fmt(value)} %/yr", "-10..10 %/yr",
                   "compounded over the horizon this changes the load many times over; the "
                   "value is a percentage, not a fraction")


@_band("finance.base_year")
def _base_year(raw: RawTables, sc: Scenario, report: Callable[..., None]) -> None:
    year, start, end = sc.finance.base_year, sc.years.start, sc.years.end
    if year is not None and not start - 10 <= year <= end:
        report(f"scenario key 'finance.base_year': {year}", f"{start - 10}..{end}",
               "costs are discounted to this calendar year; a year far from the horizon "
               "scales the NPV by orders of magnitude")


@_band("finance.discount_rate")
def _discount(raw: RawTables, sc: Scenario, report: Callable[..., None]) -> None:
    rate = sc.finance.discount_rate
    if rate > 0.15:
        report(f"scenario key 'finance.discount_rate': {_fmt(rate)}", "0..0.15 per year",
               "a rate per year as a fraction: 0.05 is 5 %")


@_band("solver.mip_rel_gap")
def _gap(raw: RawTables, sc: Scenario, report: Callable[..., None]) -> None:
    gap = sc.solver.mip_rel_gap
    if gap > 0.10:
        report(f"scenario key 'solver.mip_rel_gap': {_fmt(gap)}", "0..0.1",
               "a relative gap as a fraction: 0.01 is 1 %; above 10 % 'optimal' says little")


def check_plausible(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """Append one problem per value outside its band, unless the scenario accepts the band.

    Parameters
    ----------
    raw : RawTables
        The data set as read (numbers parsed).
    scenario : Scenario
        Its ``checks.accept_implausible`` lists the band ids to accept.
    problems : list of str
        Where the problems go.
    """
    accepted = set(scenario.checks.accept_implausible)
    for band_id in sorted(accepted - set(BANDS)):
        problems.append(f"scenario key '{ACCEPT}': unknown band '{band_id}'; known bands: "
                        f"{', '.join(sorted(BANDS))}.")
    for band_id, check in BANDS.items():
        if band_id in accepted:
            continue

        def report(what: str, band: str, why: str, band_id: str = band_id) -> None:
            problems.append(f"{what} is implausible (band '{band_id}': {band}; {why}); "
                            f"correct it, or accept it with {ACCEPT}: [{band_id}] in the "
                            "scenario.")

        check(raw, scenario, report)
