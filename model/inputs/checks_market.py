"""Checks of the market data (capture rates, pass-through, transmission) and thermal stores.

Same contract as :mod:`model.inputs.checks`: each function appends problems naming the
file, row and column (or the scenario key) and how to fix it; ``check_all`` raises them
together before anything is built (exit code 2).
"""

from __future__ import annotations

import pandas as pd

from model.inputs.config import Scenario
from model.inputs.market import generator_profiles
from model.inputs.tables import RawTables


def _row(i: int) -> str:
    return f"row {int(i) + 2}"


def _out_of(problems: list[str], file: str, df: pd.DataFrame, col: str, lo: float, hi: float,
            lo_open: bool, why: str) -> None:
    for i, v in df[col].items():
        try:
            v = float(v)
        except ValueError:
            problems.append(f"{file}: {_row(i)}, column '{col}': '{v}' is not a number; "
                            "write a plain number such as 0.6.")
            continue
        if v > hi or v < lo or (lo_open and v == lo):
            interval = f"{'(' if lo_open else '['}{lo:g}, {hi:g}]"
            problems.append(f"{file}: {_row(i)}, column '{col}': {v:g} is outside {interval} "
                            f"({why}).")


def check_market(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """Market and capture cases exist; shares, pass-through and capture rates in range.

    A generator without capture-rate rows (its own or its profile's) is reported by
    :func:`model.inputs.market.resolve`, after the profile checks.
    """
    cfg = scenario.market
    market, curves = raw["market"], raw["capture_rates"]
    for table, case, key in ((market, cfg.case, "market.case"),
                             (curves, cfg.capture_case, "market.capture_case")):
        name = "market.csv" if table is market else "capture_rates.csv"
        if case not in set(table["case"]):
            known = ", ".join(sorted(set(table["case"]))) or "none"
            problems.append(f"scenario key '{key}': case '{case}' is not in {name} (column "
                            f"'case'; known: {known}); pick one of those or add its rows.")
    _out_of(problems, "market.csv", market, "national_re_share", 0, 1, False,
            "a share of generation")
    _out_of(problems, "market.csv", market, "carbon_pass_through", 0, 1, False,
            "the share of hours in which a fossil plant sets the price")
    _out_of(problems, "market.csv", market, "marginal_plant_efficiency", 0, 1, True,
            "an efficiency")
    _out_of(problems, "capture_rates.csv", curves, "re_share", 0, 1, False,
            "a share of generation")
    _out_of(problems, "capture_rates.csv", curves, "capture_rate", 0, 1.5, True,
            "market value / base price: above 0 and at most 1.5")
    profiles = generator_profiles(raw)
    _unknown_tech(problems, curves, set(profiles) | set(profiles.values()))


def _unknown_tech(problems: list[str], curves: pd.DataFrame, known: set[str]) -> None:
    for i, tech in curves["technology"].items():
        if tech not in known:
            problems.append(f"capture_rates.csv: {_row(i)}, column 'technology': '{tech}' is "
                            f"neither a generator (role in technologies.csv) nor a generator "
                            f"profile; use one of {', '.join(sorted(known))}.")


def check_transmission(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """Capacity >= 0, reinforcement cost sane, a row for every region of the scenario."""
    file, df = "transmission.csv", raw["transmission"]
    rules = (("capacity_mw", 0.0, None, "MW of exchange with the national grid; 0 = none"),
             ("reinforcement_capex_eur_per_mw", 0.0, None, "a cost"),
             ("reinforcement_fom_pct_per_yr", 0.0, 100.0, "percent of capex per year"),
             ("reinforcement_wacc", 0.0, 0.5, "a real interest rate"),
             ("reinforcement_lead_time_yr", 0.0, 50.0, "years from decision to operation"))
    for col, lo, hi, why in rules:
        for i, v in df[col].items():
            if v < lo or (hi is not None and v > hi):
                limit = f">= {lo:g}" + (f" and <= {hi:g}" if hi is not None else "")
                problems.append(f"{file}: {_row(i)} ({df.at[i, 'region']}), column '{col}': "
                                f"{v:g} is out of range; it must be {limit} ({why}).")
    for i, v in df["reinforcement_lifetime_yr"].items():
        if not v > 0:
            problems.append(f"{file}: {_row(i)}, column 'reinforcement_lifetime_yr': {v:g} "
                            "must be > 0 (years).")
    if scenario.market.transmission_limit:
        known = set(raw["regions"]["region"])  # unknown regions are reported by checks.py
        missing = [r for r in scenario.regions if r in known and r not in set(df["region"])]
        if missing:
            problems.append(f"{file}: no row for region(s) {', '.join(missing)}; add one per "
                            "region, or set market.transmission_limit: false.")


def _store_roles(raw: RawTables) -> tuple[set[str], dict[str, set[str]]]:
    """Store options, and for each the converter options that can charge it.

    Roles come from technologies.csv (``heat_store``, ``heat_converter``); a converter can
    charge a store when its ``max_temp_c`` is within the store's (steam, hot water, thermal
    oil; an induction furnace cannot).
    """
    options = raw["electrification_options"].set_index("option")
    techs = raw["technologies"].set_index("technology")
    role = {j: techs.at[t, "role"] if t in techs.index and "role" in techs else ""
            for j, t in options["technology"].items()}
    stores = {j for j, r in role.items() if r == "heat_store"}
    temp = options["max_temp_c"].to_dict()
    heaters = {s: {j for j, r in role.items() if r == "heat_converter" and temp[j] <= temp[s]}
               for s in stores}
    return stores, heaters


def check_thermal_store(raw: RawTables, scenario: Scenario, problems: list[str]) -> None:
    """A thermal store is only allowed with a heater (electric boiler or heat pump) to charge it.

    Checked per plant in plants.csv, and for the scenario's ``plants.options`` filter.
    """
    stores, heaters = _store_roles(raw)
    allowed = scenario.plants.options
    if allowed is not None:
        for store in sorted(stores & set(allowed)):
            if not heaters[store] & set(allowed):
                problems.append(
                    f"scenario key 'plants.options': allows '{store}' but no heater that can "
                    f"charge it ({', '.join(sorted(heaters[store])) or 'none defined'}); allow "
                    "a heater too or drop the store.")
    for i, row in raw["plants"].iterrows():
        options = {o.strip() for o in str(row["options"]).split(";") if o.strip()}
        for store in sorted(stores & options):
            if not heaters[store] & options:
                problems.append(
                    f"plants.csv: {_row(i)} ({row['plant_id']}), column 'options': '{store}' "
                    f"without a heater to charge it; add "
                    f"{' or '.join(sorted(heaters[store])) or 'a heat converter'} to the options "
                    f"or remove '{store}'.")


def check_store_rates(raw: RawTables, problems: list[str]) -> None:
    """Every thermal store option gives charge and discharge power limits in (0, 1] per hour."""
    stores, _ = _store_roles(raw)
    options = raw["electrification_options"]
    for i, row in options.iterrows():
        if row["option"] not in stores:
            continue
        for col in ("charge_rate_per_h", "discharge_rate_per_h"):
            v = row[col]
            if v != v or not 0 < v <= 1:  # NaN (empty) or out of range
                problems.append(
                    f"electrification_options.csv: {_row(i)} ({row['option']}), column '{col}': "
                    f"{'empty' if v != v else f'{v:g}'}; a thermal store needs its power limit "
                    "as a share of its energy per hour, in (0, 1].")
