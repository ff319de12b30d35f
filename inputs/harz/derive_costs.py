"""Derive ``technology_costs.csv`` from the PyPSA ``technology-data`` cost tables.

Maintainers only. This script reads the compiled cost tables
``costs_{2025,2030,...,2050}.csv`` of PyPSA ``technology-data`` (commit 634cdc1, EUR2025; a copy
lives in ``../shared/data/technology-data`` next to the repository checkout) and writes
``technology_costs.csv`` next to this file. Nothing in the package imports it and a model run
never calls it: the committed CSV is the input. Re-run it only when the cost tables change::

    python inputs/harz/derive_costs.py [--src PATH_TO_TECHNOLOGY_DATA]

Conversions: per-MW and per-MWh values are divided by 1000 (EUR/kW, EUR/kWh); parameters
that a row lacks upstream (no VOM for PV, battery and sand store; no FOM for ``battery
storage``) are written as 0, and ``efficiency`` as 1.0 where it is not meaningful (wind, PV,
battery energy, thermal store). ``induction_furnace`` has no technology-data row: its values
are the project's assumptions (value_type A).
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SRC = HERE.parents[2] / "shared" / "data" / "technology-data"
YEARS = (2025, 2030, 2035, 2040, 2045, 2050)

# model id -> (technology-data key, divisor for investment, efficiency taken from the file?)
MAP = {
    "wind": ("onwind", 1.0, False),
    "pv_ground": ("solar-utility", 1.0, False),
    "pv_rooftop": ("solar-rooftop", 1.0, False),
    "battery_power": ("battery inverter", 1.0, True),
    "battery_energy": ("battery storage", 1.0, False),
    "gas_boiler": ("gas boiler steam", 1.0, True),
    "electric_boiler": ("electric boiler steam", 1.0, True),
    "ht_heat_pump": ("industrial heat pump high temperature", 1.0, True),
    "thermal_store": ("Sand-store", 1000.0, False),
}

EXPECTED_UNITS = {
    "onwind": "EUR/kW",
    "solar-utility": "EUR/kW_e",
    "solar-rooftop": "EUR/kW_e",
    "battery inverter": "EUR/kW",
    "battery storage": "EUR/kWh",
    "gas boiler steam": "EUR/kW",
    "electric boiler steam": "EUR/kW",
    "industrial heat pump high temperature": "EUR/kW",
    "Sand-store": "EUR/MWh",
}

NOTES = {
    "wind": "technology-data `onwind` (DEA 20 Onshore turbines); capex per kW_el",
    "pv_ground": "technology-data `solar-utility` (DEA 22 Utility-scale PV); no VOM row -> 0",
    "pv_rooftop": "technology-data `solar-rooftop` (50/50 residential/commercial); no VOM row -> 0",
    "battery_power": (
        "technology-data `battery inverter`; efficiency = one-way (file: 'round trip efficiency "
        "DC'), round trip = efficiency^2; no VOM row -> 0"
    ),
    "battery_energy": (
        "technology-data `battery storage` (EUR/kWh); no FOM and VOM rows -> 0; efficiency 1.0 "
        "(losses in battery_power)"
    ),
    "gas_boiler": (
        "technology-data `gas boiler steam` (DEA industrial process heat); per kW_th output"
    ),
    "electric_boiler": (
        "technology-data `electric boiler steam` (DEA 310.1); per kW_th output; also the heater "
        "that charges thermal_store"
    ),
    "ht_heat_pump": (
        "technology-data `industrial heat pump high temperature` (DEA 302.b, <=150 C); "
        "efficiency = COP; per kW_th output"
    ),
    "thermal_store": (
        "technology-data `Sand-store` EUR/MWh / 1000 -> EUR/kWh_th; no VOM row -> 0; no loss row "
        "-> efficiency 1.0; charger (`Sand-charger` {charger:.0f} EUR/kW, eff. 0.99) not added: "
        "the store is charged by the electric_boiler option"
    ),
}

INDUCTION = {
    # capex 400 EUR/kW_el [A] / efficiency 0.70 [P] -> per kW of useful heat to the melt
    "capex": round(400.0 / 0.70, 1),
    "fom": 2.0,
    "vom": 0.0,
    "efficiency": 0.70,
    "lifetime": 25.0,
    "note": (
        "no technology-data row; [A] capex 400 EUR/kW_el / efficiency 0.70 = 571 EUR per kW_th "
        "of melt heat (same per-output convention as the other heat technologies); efficiency "
        "0.70 = coreless induction furnace on Cu/Al (induction_furnace_efficiency); "
        "FOM 2 %/yr [A]; lifetime 25 yr [A]; held constant"
    ),
}


Table = dict[tuple[str, str], tuple[float, str]]


def read_year(src: Path, year: int) -> Table:
    out: Table = {}
    with open(src / f"costs_{year}.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            out[(row["technology"], row["parameter"])] = (float(row["value"]), row["unit"])
    return out


def get(data: Table, year: int, key: str, par: str, default: float | None = None) -> float:
    """Value of (key, parameter); ``default`` when the row is absent upstream (else an error)."""
    if (key, par) in data:
        return data[(key, par)][0]
    if default is None:
        raise KeyError(f"costs_{year}.csv has no row {key!r} / {par!r}")
    return default


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--src", type=Path, default=DEFAULT_SRC, help="technology-data folder")
    ap.add_argument("--out", type=Path, default=HERE / "technology_costs.csv")
    args = ap.parse_args()

    header = [
        "technology",
        "year",
        "capex_eur_per_unit",
        "fom_pct_per_yr",
        "vom_eur_per_mwh",
        "efficiency",
        "lifetime_yr",
        "value_type",
        "source_id",
        "note",
    ]
    rows: list[list[object]] = []
    for year in YEARS:
        data = read_year(args.src, year)

        for tech, (key, div, use_eff) in MAP.items():
            unit = data[(key, "investment")][1]
            if unit != EXPECTED_UNITS[key]:
                raise ValueError(
                    f"{key}: investment unit {unit!r}, expected {EXPECTED_UNITS[key]!r}"
                )
            capex = get(data, year, key, "investment") / div
            note = NOTES[tech]
            if tech == "thermal_store":
                note = note.format(charger=get(data, year, "Sand-charger", "investment") / 1000.0)
            rows.append(
                [
                    tech,
                    year,
                    round(capex, 2 if capex < 100 else 1),
                    round(get(data, year, key, "FOM", 0.0), 3),
                    round(get(data, year, key, "VOM", 0.0), 2),
                    round(get(data, year, key, "efficiency"), 3) if use_eff else 1.0,
                    get(data, year, key, "lifetime"),
                    "P",
                    "technology_data",
                    note,
                ]
            )
        rows.append(
            [
                "induction_furnace",
                year,
                INDUCTION["capex"],
                INDUCTION["fom"],
                INDUCTION["vom"],
                INDUCTION["efficiency"],
                INDUCTION["lifetime"],
                "A",
                "own_assumption",
                INDUCTION["note"],
            ]
        )

    order = list(MAP) + ["induction_furnace"]
    rows.sort(key=lambda r: (order.index(str(r[0])), int(r[1])))  # type: ignore[arg-type]
    with open(args.out, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {args.out}")


if __name__ == "__main__":
    main()
