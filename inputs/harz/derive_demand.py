"""Derive each region's other electricity demand (``regions.csv``, ``other_demand_mwh_per_yr``).

Maintainers only; the tests import it to check the committed column. Build-up per region
:math:`r` in state :math:`s` (population :math:`P_r`, 31.12.2021, ``raw/districts.csv``):

.. math::
    D_r = P_r\\,(h + c + i_s) - E_r

* :math:`h` households, MWh per inhabitant = Sachsen-Anhalt utility deliveries to households
  2017 (3.2 TWh) / ST population (2,169,253) [D] (``st_deliveries_2017``);
* :math:`c` commerce, public services, agriculture and transport = ST deliveries to all end
  users (12.5 TWh) minus industry (5.6 TWh) minus households, per inhabitant [D];
* :math:`i_s` industry of the state per inhabitant: NI 2017 25.7 TWh (``lsn_industry_2017``),
  ST 2022 10.25 TWh (``stala_st_industry_2022``), TH 2022 64.2 PJ x 31.3 % = 5.58 TWh
  (``tls_industry_2022``), over the state population 2021 [D]; industry is placed in
  proportion to population (no district industry statistics in the references);
* :math:`E_r` the modelled plants' process electricity in the region (``plants.csv``), which
  is inside the industry figure and must not be counted twice.

Households and commerce use the ST per-capita figures for all three states (the only state
with a sourced split). Cross-check: TH at these rates would use 12.3 TWh against 10.7-11.6
TWh derived from ThEGA statements (Thüringer Energie- und GreenTech-Agentur), +6 to +15 %.

    python inputs/harz/derive_demand.py   # prints the values; regions.csv holds them
"""

from __future__ import annotations

import csv
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATE_POPULATION_2021 = {"NI": 8_027_031, "ST": 2_169_253, "TH": 2_108_863}  # register
ST_HOUSEHOLDS_MWH = 3.2e6  # 2017 utility deliveries (st_deliveries_2017)
ST_TOTAL_DELIVERIES_MWH = 12.5e6
ST_INDUSTRY_DELIVERIES_MWH = 5.6e6
STATE_INDUSTRY_MWH = {"NI": 25.7e6, "ST": 10.251e6, "TH": 64.2e6 * 0.313 / 3.6}


def per_capita_mwh() -> dict[str, float]:
    """Households, commerce and industry (per state) in MWh per inhabitant and year."""
    pop = STATE_POPULATION_2021["ST"]
    out = {"households": ST_HOUSEHOLDS_MWH / pop,
           "commerce": (ST_TOTAL_DELIVERIES_MWH - ST_INDUSTRY_DELIVERIES_MWH
                        - ST_HOUSEHOLDS_MWH) / pop}
    for state, mwh in STATE_INDUSTRY_MWH.items():
        out[f"industry_{state}"] = mwh / STATE_POPULATION_2021[state]
    return out


def region_population(here: Path = HERE) -> dict[str, tuple[str, int]]:
    """Region -> (state, population 31.12.2021) from ``raw/districts.csv``."""
    out: dict[str, tuple[str, int]] = {}
    with open(here / "raw" / "districts.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            state, pop = out.get(row["region_id"], (row["state"], 0))
            out[row["region_id"]] = (state, pop + int(row["population_2021"]))
    return out


def plant_electricity_mwh(here: Path = HERE) -> dict[str, float]:
    """Start-year process electricity of the modelled plants per region (MWh)."""
    out: dict[str, float] = {}
    with open(here / "plants.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            mwh = float(row["throughput_t_per_yr"]) * float(row["elec_mwh_per_t"])
            out[row["region"]] = out.get(row["region"], 0.0) + mwh
    return out


def other_demand_mwh(here: Path = HERE) -> dict[str, dict[str, float]]:
    """Per region: the parts of the build-up and the total ``other_demand_mwh_per_yr``."""
    rates = per_capita_mwh()
    plants = plant_electricity_mwh(here)
    out = {}
    for region, (state, pop) in sorted(region_population(here).items()):
        parts = {"households": pop * rates["households"], "commerce": pop * rates["commerce"],
                 "industry": pop * rates[f"industry_{state}"],
                 "modelled_plants": -plants.get(region, 0.0)}
        parts["total"] = round(sum(parts.values()), -3)
        out[region] = parts
    return out


if __name__ == "__main__":
    for region, parts in other_demand_mwh().items():
        print(region, {k: round(v) for k, v in parts.items()})
