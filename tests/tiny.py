"""The shared tiny builders: a hand-computable data set, its scenario, load and solve.

One region ``r1`` (unless told otherwise), every day identical (so one representative day
is exact), round numbers: wholesale 100 EUR/MWh, grid factor 0.5 t/MWh, capex
1,000 EUR/kW (or EUR/kWh) over 10 years at 0 % interest (100,000 EUR/MW/yr), efficiency 1,
no lead times. Tests edit single tables or rows (:func:`only`, :func:`land`,
:func:`wind_tables`) and compute the expected optimum by hand; :func:`load_tiny` and
:func:`solve_tiny` turn the tables into a ``ModelData`` and a solved model.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

PROV = {"value_type": "A", "source_id": "test"}


def _frame(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    for key, value in PROV.items():
        df[key] = value
    return df


def default_tables(regions: tuple[str, ...] = ("r1",)) -> dict[str, pd.DataFrame]:
    """Every table of the data dictionary with a minimal, round-number content."""
    t: dict[str, pd.DataFrame] = {}
    t["SOURCES"] = pd.DataFrame([{"source_id": "test", "title": "unit test", "publisher": "-",
                                  "year": 2025, "url": "-", "accessed": "-", "licence": "-",
                                  "note": "-"}])
    t["regions"] = _frame([{
        "region": r, "name": r, "state": "NI", "districts": "x", "area_km2": 100,
        "population": 1000, "weather_station": "TRY08", "latitude": 51.8, "longitude": 10.5,
        "altitude_m": 300, "wind_flh_target_h": 2000, "pv_ground_yield_target_kwh_per_kwp": 950,
        "other_demand_mwh_per_yr": 8760.0} for r in regions],
        ["region", "name", "state", "districts", "area_km2", "population", "weather_station",
         "latitude", "longitude", "altitude_m", "wind_flh_target_h",
         "pv_ground_yield_target_kwh_per_kwp", "other_demand_mwh_per_yr"])
    techs = [("wind", "electricity", 2.0, "EUR/kW"), ("pv_ground", "electricity", 0.0, "EUR/kW"),
             ("battery_power", "storage", 0.0, "EUR/kW"),
             ("battery_energy", "storage", 0.0, "EUR/kWh"),
             ("electric_boiler", "heat", 0.0, "EUR/kW"), ("ht_heat_pump", "heat", 0.0, "EUR/kW"),
             ("thermal_store", "heat", 0.0, "EUR/kWh")]
    roles = {"wind": "generator", "pv_ground": "generator", "battery_power": "storage_power",
             "battery_energy": "storage_energy", "thermal_store": "heat_store"}
    t["technologies"] = _frame(
        [{"technology": k, "carrier": c, "unit_size_mw": u, "wacc": 0.0,
          "permitted": str(k in ("wind", "pv_ground")).lower(), "capex_unit": cu,
          "role": roles.get(k, "heat_converter"),
          "profile": k if roles.get(k) == "generator" else "",
          "description": k} for k, c, u, cu in techs],
        ["technology", "carrier", "unit_size_mw", "wacc", "permitted", "capex_unit", "role",
         "profile", "description"])
    t["technology_costs"] = _frame(
        [{"technology": k, "year": 2025, "capex_eur_per_unit": 1000.0, "fom_pct_per_yr": 0.0,
          "vom_eur_per_mwh": 0.0, "efficiency": 1.0, "lifetime_yr": 10.0} for k, *_ in techs],
        ["technology", "year", "capex_eur_per_unit", "fom_pct_per_yr", "vom_eur_per_mwh",
         "efficiency", "lifetime_yr"])
    t["prices"] = _frame([{"case": "reference", "year": 2025, "elec_wholesale_eur_per_mwh": 100.0,
                           "grid_markup_eur_per_mwh": 0.0, "gas_eur_per_mwh_th": 30.0,
                           "eua_eur_per_t": 0.0, "ets2_eur_per_t": 0.0}],
                         ["case", "year", "elec_wholesale_eur_per_mwh", "grid_markup_eur_per_mwh",
                          "gas_eur_per_mwh_th", "eua_eur_per_t", "ets2_eur_per_t"])
    t["grid_emission_factor"] = _frame([{"case": "reference", "year": 2025, "t_co2_per_mwh": 0.5}],
                                       ["case", "year", "t_co2_per_mwh"])
    t["market"] = _frame([{"case": "reference", "year": 2025, "national_re_share": 0.5,
                           "carbon_pass_through": 0.0, "marginal_plant_efficiency": 0.5}],
                         ["case", "year", "national_re_share", "carbon_pass_through",
                          "marginal_plant_efficiency"])
    t["capture_rates"] = _frame(  # 1.0: exports earn the base price, as hand solutions assume
        [{"case": "declining", "technology": k, "re_share": 0.5, "capture_rate": 1.0}
         for k in ("wind", "pv_ground")],
        ["case", "technology", "re_share", "capture_rate"])
    t["transmission"] = _frame(  # large enough never to bind unless a test lowers it
        [{"region": r, "capacity_mw": 1000.0, "reinforcement_capex_eur_per_mw": 100000.0,
          "reinforcement_fom_pct_per_yr": 0.0, "reinforcement_lifetime_yr": 40.0,
          "reinforcement_wacc": 0.0, "reinforcement_lead_time_yr": 0.0} for r in regions],
        ["region", "capacity_mw", "reinforcement_capex_eur_per_mw",
         "reinforcement_fom_pct_per_yr", "reinforcement_lifetime_yr", "reinforcement_wacc",
         "reinforcement_lead_time_yr"])
    perm_cols = ["case", "technology", "region", "pre_application_months", "approval_months",
                 "realisation_months", "attrition_share", "approval_cap_mw_per_yr",
                 "development_cost_share"]
    t["permitting"] = _frame(
        [{"case": "reference", "technology": k, "region": "*", "pre_application_months": 0,
          "approval_months": 0, "realisation_months": 0, "attrition_share": 0.0,
          "approval_cap_mw_per_yr": "", "development_cost_share": 0.0} for k, *_ in techs],
        perm_cols)
    t["land"] = _frame([], ["region", "technology", "year", "potential_mw"])
    t["existing_capacity"] = _frame([], ["region", "technology", "vintage_year", "capacity_mw",
                                         "lifetime_yr"])
    t["pipeline"] = _frame([], ["region", "technology", "stage", "online_year", "online_month",
                                "capacity_mw"])
    t["plants"] = _frame([], PLANT_COLUMNS)
    t["electrification_options"] = _frame(
        [{"option": "electric_boiler", "technology": "electric_boiler", "max_temp_c": 350,
          "fixed_cost_eur": 0.0, "max_size_factor": 2.0},
         {"option": "ht_heat_pump", "technology": "ht_heat_pump", "max_temp_c": 150,
          "fixed_cost_eur": 0.0, "max_size_factor": 2.0},
         {"option": "thermal_store", "technology": "thermal_store", "max_temp_c": 350,
          "fixed_cost_eur": 0.0, "max_size_factor": 24.0, "charge_rate_per_h": 0.25,
          "discharge_rate_per_h": 0.25}],
        ["option", "technology", "max_temp_c", "fixed_cost_eur",
         "max_size_factor", "charge_rate_per_h", "discharge_rate_per_h"])
    return t


PLANT_COLUMNS = ["plant_id", "archetype", "region", "metal", "throughput_t_per_yr",
                 "elec_mwh_per_t", "heat_mwh_per_t", "heat_temp_c", "gas_efficiency",
                 "fuel_mwh_per_t", "fuel_co2_t_per_mwh", "process_co2_t_per_t", "flexible_share",
                 "min_load_share", "operating_hours_per_day", "co2_scheme", "options"]


def plant_row(**kw) -> dict:
    """A plant of 8,760 t/yr using 1 MWh/t electricity (1 MW average), no heat, no flexibility."""
    row = {"plant_id": "p1", "archetype": "test", "region": "r1", "metal": "cu",
           "throughput_t_per_yr": 8760.0, "elec_mwh_per_t": 1.0, "heat_mwh_per_t": 0.0,
           "heat_temp_c": 100.0, "gas_efficiency": 1.0, "fuel_mwh_per_t": 0.0,
           "fuel_co2_t_per_mwh": 0.0, "process_co2_t_per_t": 0.0, "flexible_share": 0.0,
           "min_load_share": 0.0, "operating_hours_per_day": 24.0, "co2_scheme": "ets2",
           "options": "", **PROV}
    row.update(kw)
    return row


def hourly_profiles(regions: tuple[str, ...] = ("r1",), wind: float = 0.5,
                    pv_day: np.ndarray | None = None, price_day: np.ndarray | None = None
                    ) -> pd.DataFrame:
    """8,760 hours, every day the same: constant wind, a PV day shape, a price day shape."""
    pv_day = np.zeros(24) if pv_day is None else np.asarray(pv_day, dtype=float)
    price_day = np.ones(24) if price_day is None else np.asarray(price_day, dtype=float)
    data = {}
    for r in regions:
        data[f"{r}__wind_cf"] = np.full(8760, wind)
        data[f"{r}__pv_ground_cf"] = np.tile(pv_day, 365)
        data[f"{r}__pv_rooftop_cf"] = np.tile(pv_day, 365)
        data[f"{r}__temp_air_c"] = np.full(8760, 10.0)
    data["price_factor"] = np.tile(price_day, 365)
    data["other_demand_factor"] = np.ones(8760)
    df = pd.DataFrame(data)
    df.index.name = "hour"
    return df


def write_dataset(folder: Path, tables: dict[str, pd.DataFrame] | None = None,
                  profiles: pd.DataFrame | None = None) -> Path:
    """Write the tables and the derived profiles into ``folder``; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, df in (tables or default_tables()).items():
        df.to_csv(folder / f"{name}.csv", index=False)
    (folder / "derived").mkdir(exist_ok=True)
    (profiles if profiles is not None else hourly_profiles()).to_csv(
        folder / "derived" / "hourly_profiles.csv")
    return folder


def write_scenario(folder: Path, dataset: Path, **sections) -> Path:
    """Scenario file for the tiny data set: 2025 only, 1 representative day, no extremes."""
    doc = {
        "name": "tiny", "data": str(dataset),
        "years": {"start": 2025, "end": 2025},
        "time": {"representative_days": 1, "extreme_days": False},
        "regions": ["r1"], "finance": {"discount_rate": 0.0},
        "plants": {"growth_pct_per_year": 0.0},
        "demand": {"other_demand": False},
        "solver": {"mip_rel_gap": 1e-6, "mip_abs_gap_meur": 1e-9, "time_limit_s": 60},
        # the hourly validation has its own tests (tests/formulation/test_hourly.py)
        "output": {"validate_hourly": "off"},
        # the hand-solved cases are worked out without the import/export tie-break fee;
        # its own tests (tests/formulation/test_economics.py) set it
        "market": {"export_fee_eur_per_mwh": 0.0},
    }
    plants_csv = Path(dataset) / "plants.csv"
    if plants_csv.is_file() and len(plants_csv.read_text().strip().splitlines()) <= 1:
        doc["plants"]["include"] = []  # no plants, on purpose (else an input error)
    for key, value in sections.items():
        if isinstance(value, dict) and isinstance(doc.get(key), dict):
            doc[key] = {**doc[key], **value}
        else:
            doc[key] = value
    path = folder / "tiny.yaml"
    path.write_text(yaml.safe_dump(doc))
    return path


REGION_TECHS = ("wind", "pv_ground", "battery_power", "battery_energy")


def land(tables: dict[str, pd.DataFrame], rows: list[tuple[str, int, float]],
         region: str = "r1") -> dict[str, pd.DataFrame]:
    """Add land potential rows (technology, year, MW) for ``region``."""
    new = pd.DataFrame([{"region": region, "technology": k, "year": y, "potential_mw": v, **PROV}
                        for k, y, v in rows], columns=tables["land"].columns)
    tables["land"] = pd.concat([tables["land"], new], ignore_index=True) if len(
        tables["land"]) else new
    return tables


def only(tables: dict[str, pd.DataFrame], techs, region: str = "r1"
         ) -> dict[str, pd.DataFrame]:
    """Region technologies other than ``techs`` get zero land potential (cannot be built)."""
    return land(tables, [(k, 2025, 0.0) for k in REGION_TECHS if k not in techs], region)


def heat_plant(**kw) -> dict:
    """A plant with 1 MW useful heat (gas efficiency 1) and no process electricity."""
    return plant_row(elec_mwh_per_t=0.0, heat_mwh_per_t=1.0, **kw)


def wind_tables(land_mw: float = 8.0, lumpy: bool = True) -> dict[str, pd.DataFrame]:
    """The "wind only" case: ``land_mw`` of wind land (2 MW turbines at capacity factor 0.5),
    no other region technology, a flat 1 MW plant."""
    t = only(land(default_tables(), [("wind", 2025, land_mw)]), ["wind"])  # wind: row 2
    t["plants"] = pd.DataFrame([plant_row()])
    if not lumpy:  # continuous wind: the model is an LP
        t["technologies"].loc[t["technologies"]["technology"] == "wind", "unit_size_mw"] = 0.0
    return t


def load_tiny(folder: Path, tables: dict[str, pd.DataFrame] | None = None,
              profiles: pd.DataFrame | None = None, **sections):
    """Write the data set and scenario under ``folder`` and load them into a ``ModelData``.

    The round, hand-computable numbers (capex 1 EUR/kW) are implausible on purpose, so every
    plausibility band is accepted unless ``checks`` is given.
    """
    from model.inputs import config, data
    from model.inputs.plausibility import BANDS

    sections.setdefault("checks", {"accept_implausible": sorted(BANDS)})

    dataset = write_dataset(folder / "data", tables or default_tables(),
                            profiles if profiles is not None else hourly_profiles())
    return data.load(config.load_scenario(write_scenario(folder, dataset, **sections)))


def solve_tiny(data, model: bool = False):
    """Build and solve a loaded tiny case: the SolveResult, or ``(model, result)``."""
    from model.formulation.build import build_model
    from model.solve.highs import highs_options, solve

    m = build_model(data)
    result = solve(m, highs_options(data.scenario.solver))
    return (m, result) if model else result
