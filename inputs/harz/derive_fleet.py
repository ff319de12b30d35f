"""Derive the existing fleet (``existing_capacity.csv``, ``must_run.csv``) from the register.

Maintainers only; nothing in the package imports it (the tests do, to check that the
committed CSVs are exactly what this script makes). Input: the small extracts in ``raw/``
of the Harz register (Marktstammdatenregister per district, gross MW, stock at 31.12.2021 and
31.12.2023; see ``raw/README`` in the data dictionary)::

    python inputs/harz/derive_fleet.py

Method (every number is in a constant below, with its source id):

* **Stock per region** = sum of the region's districts (register, [M]).
* **Extrapolation** from the end-2023 stock to the middle of the start year 2025 (the
  model's capacity is the average over a year): ``stock_2023 x ((1 + g)^1.5 - 1)`` added as
  the 2024-2025 cohort, with ``g`` the national net growth in 2024 = BNetzA stock end-2024 /
  register stock end-2023 - 1 (wind 63.5 / 60.928 GW, PV 99.3 / 81.925 GW) [D].
* **Age distribution** (no cliffs): three cohorts per technology, each commissioned
  uniformly over ``first_vintage_year .. vintage_year`` and retiring uniformly after its
  lifetime: the end-2021 stock over 2001-2021 (wind) or 2005-2021 (PV) [A: no build history
  per district in the references; a MaStR extract with commissioning dates replaces it];
  the net additions 2022-2023 (register difference) [D]; the extrapolated 2024-2025
  additions [D].
* **PV split**: two thirds rooftop, one third ground, the national share of the 2024
  additions on buildings (BNetzA): [D] for the 2024-2025 additions (the year it was
  measured for, regionalised like the national growth), [A] for the older stock; a MaStR
  extract by location type replaces it.
* **Biomass and run-of-river hydro** (``must_run.csv``): end-2023 register stock held
  constant; the Northeim pumped-storage plant (about 220 MW) is removed from hydro.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"
REGIONS = ("harz_ni", "harz_st", "harz_th")
NATIONAL_END_2023_GW = {"wind": 60.928, "pv": 81.925}  # register national row (mastr_2023)
NATIONAL_END_2024_GW = {"wind": 63.5, "pv": 99.3}  # BNetzA press release Jan 2025 (bnetza_2024)
YEARS_TO_MID_START = 1.5  # 31.12.2023 -> 1.7.2025
ROOFTOP_SHARE = 2.0 / 3.0  # [A] BNetzA: two thirds of the 2024 PV additions on buildings
LIFETIME_YR = {"wind": 25, "pv": 30}  # [A] EEG support 20 years plus continued operation
NEW_LIFETIME_YR = {"wind": 30, "pv": 40}  # [P] technology_data lifetimes from 2030 on
FIRST_VINTAGE = {"wind": 2001, "pv": 2005}  # [A] start of the uniform build period
PUMPED_STORAGE_MW = {"03155": 220.0}  # Northeim: Erzhausen pumped storage, ~220 MW (register C3)
MUST_RUN_FLH_H = {"biomass": 5000.0, "hydro_ror": 4000.0}  # [A], see must_run.csv notes
COLUMNS = ["region", "technology", "vintage_year", "capacity_mw", "lifetime_yr",
           "first_vintage_year", "value_type", "source_id", "note"]


def read_register(raw: Path = RAW) -> dict[tuple[str, int], dict[str, float]]:
    """Register stock per (region, stock year 2021 / 2023) and carrier, MW (district sums)."""
    out: dict[tuple[str, int], dict[str, float]] = {}
    with open(raw / "mastr_districts.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            year = 2021 if row["year"] == "2021" else 2023  # "2024" file = end-2023 (C1)
            acc = out.setdefault((row["region_id"], year), dict.fromkeys(
                ("pv", "wind", "biomass", "hydro"), 0.0))
            acc["pv"] += float(row["pv_mw"])
            acc["wind"] += float(row["wind_onshore_mw"])
            acc["biomass"] += float(row["biomass_mw"])
            acc["hydro"] += float(row["hydro_mw"]) - (
                PUMPED_STORAGE_MW.get(row["ags5"], 0.0))
    return out


def growth_factor(carrier: str) -> float:
    """Stock growth from end-2023 to mid start year: ``(end2024 / end2023)^1.5``."""
    g = NATIONAL_END_2024_GW[carrier] / NATIONAL_END_2023_GW[carrier]
    return g**YEARS_TO_MID_START


def cohorts(stock: dict, region: str, carrier: str) -> list[tuple[int, int, float, str, str]]:
    """The three cohorts (first vintage, last vintage, MW, tag, note) of one region."""
    s21, s23 = stock[region, 2021][carrier], stock[region, 2023][carrier]
    add_22_23 = max(s23 - s21, 0.0)
    extra = s23 * (growth_factor(carrier) - 1.0)
    rate = (NATIONAL_END_2024_GW[carrier] / NATIONAL_END_2023_GW[carrier] - 1) * 100
    return [
        (FIRST_VINTAGE[carrier], 2021, s23 - add_22_23, "A",
         f"register stock end-2021 {min(s21, s23):.1f} MW (mastr_2021), commissioned "
         f"uniformly {FIRST_VINTAGE[carrier]}-2021 [A: no build history per district; a MaStR "
         "extract with commissioning dates replaces it]"),
        (2022, 2023, add_22_23, "D",
         f"net additions 2022-2023 = register end-2023 {s23:.1f} - end-2021 {s21:.1f} MW [D]"),
        (2024, 2025, extra, "D",
         f"extrapolated to mid-2025: {s23:.1f} MW x ((1 + {rate:.2f} %)^1.5 - 1), national net "
         f"growth 2024 = BNetzA end-2024 {NATIONAL_END_2024_GW[carrier]} GW / register "
         f"end-2023 {NATIONAL_END_2023_GW[carrier]} GW [D] (bnetza_2024)"),
    ]


def existing_capacity(raw: Path = RAW) -> list[list]:
    """Rows of ``existing_capacity.csv`` (wind, pv_rooftop, pv_ground per region)."""
    stock = read_register(raw)
    rows = []
    for region in REGIONS:
        for tech, carrier, share in (("wind", "wind", 1.0), ("pv_rooftop", "pv", ROOFTOP_SHARE),
                                     ("pv_ground", "pv", 1.0 - ROOFTOP_SHARE)):
            for first, last, mw, tag, note in cohorts(stock, region, carrier):
                if share < 1.0 and first >= 2024:  # the 2024-2025 additions: their own split
                    note += (f"; x {share:.3f} {tech} share [D] (two thirds of the national "
                             "2024 additions on buildings, bnetza_2024, applied to the region's "
                             "2024-2025 additions like the national growth)")
                elif share < 1.0:
                    tag = "A"
                    note += (f"; x {share:.3f} {tech} share [A] (two thirds of the 2024 "
                             "additions on buildings, bnetza_2024; a MaStR split by location "
                             "type replaces it)")
                if first < 2022:
                    life = LIFETIME_YR[carrier]
                    note += (f"; lifetime {life} yr [A] (EEG support 20 yr plus continued "
                             "operation; measured decommissioning ages replace it), retires "
                             "uniformly")
                else:
                    life = NEW_LIFETIME_YR[carrier]
                    note += (f"; lifetime {life} yr [P] (technology_data onwind / "
                             "solar-utility), beyond the horizon")
                source = "mastr_2021" if first < 2022 else "mastr_2023"
                rows.append([region, tech, last, round(mw * share, 3), life, first, tag, source,
                             note])
    return rows


def must_run(raw: Path = RAW) -> list[list]:
    """Rows of ``must_run.csv``: biomass and run-of-river hydro at fixed full-load hours."""
    stock = read_register(raw)
    rows = []
    for region in REGIONS:
        bio = stock[region, 2023]["biomass"]
        hyd = stock[region, 2023]["hydro"]
        rows.append([region, "biomass", round(bio, 3), MUST_RUN_FLH_H["biomass"], "A",
                     "mastr_2023",
                     f"register end-2023 {bio:.1f} MW [M] held constant [A]; 5,000 full-load h "
                     "[A] (biogas CHP runs near base load; the state energy balances' biomass "
                     "generation replaces it)"])
        ps = " minus Northeim pumped storage ~220 MW (register caveat C3)" if (
            region == "harz_ni") else ""
        rows.append([region, "hydro_ror", round(hyd, 3), MUST_RUN_FLH_H["hydro_ror"], "A",
                     "mastr_2023",
                     f"register end-2023 hydro{ps} = {hyd:.1f} MW [D]; 4,000 full-load h [A] "
                     "(small run-of-river plants; measured generation replaces it)"])
    return rows


def to_csv(header: list[str], rows: list[list]) -> str:
    """CSV text with ``\\n`` line ends (byte-reproducible)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


MUST_RUN_COLUMNS = ["region", "technology", "capacity_mw", "full_load_hours_h", "value_type",
                    "source_id", "note"]


def main() -> None:
    (HERE / "existing_capacity.csv").write_text(to_csv(COLUMNS, existing_capacity()),
                                               encoding="utf-8")
    (HERE / "must_run.csv").write_text(to_csv(MUST_RUN_COLUMNS, must_run()), encoding="utf-8")


if __name__ == "__main__":
    main()
