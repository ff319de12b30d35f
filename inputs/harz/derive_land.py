"""Derive the wind rows of ``land.csv`` from the area targets and the district areas.

Maintainers only; nothing in the package imports it (the tests do, to check that the
committed wind rows are exactly what this script makes; the PV rows of ``land.csv`` stay the
assumptions they are and are copied unchanged)::

    python inputs/harz/derive_land.py

Method (every number is in a constant below, with its source id):

* **Area** of each district from the register (``raw/districts.csv``, Regionalstatistik
  33111, 31.12.2021, [M]).
* **Designated or targeted share** of each district's area per anchor year, from the
  planning level that covers the district (``SHARES``; regional figures where the references
  have them, else the state's WindBG value applied to the district area):

  - 2025, current designation: Großraum Braunschweig 1.3 % (plan in force 2024, [M]);
    Göttingen 2,300 ha and Northeim 1,600 ha (district plans, [P]); Sachsen-Anhalt's
    regional shares of about 2021 (Magdeburg 1.27 %, Halle 1.22 %, Harz 0.5 %, [M]
    secondary); Thüringen's area with turbines 0.33 % ([M] secondary);
  - 2027: the WindBG state values (NI 1.7 %, TH 1.8 %) [P]; in Sachsen-Anhalt the
    Planungsregion Harz 34 km² [P] and the rest of the state's 1.8 % spread over the other
    four planning regions in equal shares, as the law does for 2032 [D];
  - 2032: Großraum Braunschweig 3.18 % (NWindG) [P]; Göttingen and Northeim their district
    plans (above the ministry's proposed sub-targets, 0.98 % and 0.82 %) [P]; Planungsregion
    Harz 45 km² and Magdeburg / Halle 2.3 % [P]; Nordthüringen 3 % (LEP 2024) [P];
  - 2045: the 2032 area (the WindBG has no later step; see the density).
* **Planungsregion Harz** (LK Harz and the western, former Sangerhausen, part of
  Mansfeld-Südharz) has 45 km² / 1.6 % = 2,812.5 km² [D]; the western part of
  Mansfeld-Südharz is that minus LK Harz, the eastern part (Planungsregion Halle) the rest.
* **MW per km²** :math:`\\rho = P_{2040} / (s_{DE} A_{DE})` = 160 GW onshore wind from 2040
  (EEG 2023 § 4) on the 2 % of the federal area the WindBG requires by 2032, with the
  federal area 357,591.89 km² (Regionalstatistik 33111) [D]: 22.37 MW/km², the density the
  two federal targets imply together. The EEG path ends at 160 GW (2040) and the WindBG has
  no step after 2032, so the 2032 area is held for 2045.

Legend: :math:`A_d` area of district :math:`d` (km²), :math:`s_{d,y}` its share in anchor
year :math:`y`, potential :math:`L_{r,y} = \\rho \\sum_{d \\in r} s_{d,y} A_d` (MW, rounded
to 5 MW). The density is the ratio of two legal targets for the same build-out, not a
measured one; the press figure of about 2,800 MW for the Großraum Braunschweig plan
(rv_braunschweig_wind_2019) on its 6,567 ha would imply 43 MW/km².
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = HERE / "raw"
YEARS = (2025, 2027, 2032, 2045)
EEG_WIND_2040_MW = 160_000.0  # EEG 2023 § 4 Nr. 1: 160 GW onshore wind from 2040 (eeg_2023)
WINDBG_FEDERAL_SHARE = 0.02  # WindBG: 2 % of the federal area by 31.12.2032 (windbg)
GERMANY_AREA_KM2 = 357_591.89  # Regionalstatistik 33111, DE row 35,759,189 ha (destatis_...)
MW_PER_KM2 = EEG_WIND_2040_MW / (WINDBG_FEDERAL_SHARE * GERMANY_AREA_KM2)
ST_AREA_KM2 = 20_459.12  # WindBG Anlage, Sachsen-Anhalt (windbg)
WINDBG_STATE = {"NI": {2027: 0.017, 2032: 0.022}, "ST": {2027: 0.018, 2032: 0.022},
                "TH": {2027: 0.018, 2032: 0.022}}  # WindBG Anlage (windbg) [P]
PR_HARZ_KM2 = {2027: 34.0, 2032: 45.0}  # Planungsregion Harz targets (st_regional_targets_2023)
PR_HARZ_SHARE_2032 = 0.016  # the same target as a share: 1.6 % (st_regional_targets_2023)
PR_HARZ_AREA_KM2 = PR_HARZ_KM2[2032] / PR_HARZ_SHARE_2032  # 2,812.5 km2 [D]
ST_OTHER_2032 = 0.023  # Altmark, Anhalt-Bitterfeld-Wittenberg, Halle, Magdeburg (same source)
ST_2021 = {"magdeburg": 0.0127, "halle": 0.0122, "harz": 0.005}  # st_regional_wind_shares
RV_BRAUNSCHWEIG = {2025: 0.013, 2032: 0.0318}  # plan in force 2024; NWindG 2032
DISTRICT_PLAN_HA = {"03159": 2300.0, "03155": 1600.0}  # Göttingen, Northeim district plans
TH_TURBINE_AREA_2021 = 0.0033  # area with turbines, TH (th_wind_area)
NORDTHUERINGEN_2032 = 0.03  # LEP 2024 (th_lep_2024)
RV_MEMBERS = {"03153", "03158", "03154", "03102"}  # Goslar, Wolfenbüttel, Helmstedt, Salzgitter
LK_HARZ, MSH = "15085", "15087"
COLUMNS = ["region", "technology", "year", "potential_mw", "value_type", "source_id", "note"]
SOURCE = {"harz_ni": "rv_braunschweig_nwindg", "harz_st": "st_regional_targets_2023",
          "harz_th": "th_lep_2024"}


def read_districts(raw: Path = RAW) -> list[dict]:
    """District rows of the register: ags5, state, region_id, area_km2 (float)."""
    with open(raw / "districts.csv", encoding="utf-8") as fh:
        return [{**row, "area_km2": float(row["area_km2"])} for row in csv.DictReader(fh)]


def st_rest_share(year: int) -> float:
    """Share of the ST planning regions other than Harz: 2.3 % in 2032 (law), 2027 derived.

    2027: the state's 1.8 % minus the Planungsregion Harz's 34 km², spread over the rest of
    the state; the same rule gives 2.30 % for 2032, the law's figure.
    """
    if year == 2032:
        return ST_OTHER_2032
    return ((WINDBG_STATE["ST"][year] * ST_AREA_KM2 - PR_HARZ_KM2[year])
            / (ST_AREA_KM2 - PR_HARZ_AREA_KM2))


def designated_km2(districts: list[dict], region: str, year: int) -> float:
    """Designated or targeted wind area of one region in one anchor year, km²."""
    y = min(year, 2032)  # 2045 keeps the 2032 area
    total = 0.0
    rows = [d for d in districts if d["region_id"] == region]
    for d in rows:
        ags, area = d["ags5"], d["area_km2"]
        if region == "harz_ni":
            if y == 2027:
                total += WINDBG_STATE["NI"][2027] * area
            elif ags in RV_MEMBERS:
                total += RV_BRAUNSCHWEIG[y] * area
            else:
                total += DISTRICT_PLAN_HA[ags] / 100.0
        elif region == "harz_th":
            share = {2025: TH_TURBINE_AREA_2021, 2027: WINDBG_STATE["TH"][2027],
                     2032: NORDTHUERINGEN_2032}[y]
            total += share * area
        elif ags not in (LK_HARZ, MSH):  # Salzlandkreis, Börde: Planungsregion Magdeburg
            total += (ST_2021["magdeburg"] if y == 2025 else st_rest_share(y)) * area
    if region == "harz_st":
        lk_harz = next(d["area_km2"] for d in rows if d["ags5"] == LK_HARZ)
        msh = next(d["area_km2"] for d in rows if d["ags5"] == MSH)
        msh_east = msh - (PR_HARZ_AREA_KM2 - lk_harz)  # Planungsregion Halle part
        if y == 2025:
            total += ST_2021["harz"] * PR_HARZ_AREA_KM2 + ST_2021["halle"] * msh_east
        else:
            total += PR_HARZ_KM2[y] + st_rest_share(y) * msh_east
    return total


def _note(region: str, year: int, km2: float, area: float) -> str:
    basis = {
        ("harz_ni", 2025): "designated now: Großraum Braunschweig 1.3 % (plan in force 2024, "
        "rv_braunschweig_teilplan_wind) on Goslar, Wolfenbüttel, Helmstedt, Salzgitter; "
        "Göttingen 2,300 ha (goettingen_teilplan_wind) and Northeim 1,600 ha "
        "(northeim_wind_areas) district plans",
        ("harz_ni", 2027): "WindBG Niedersachsen 1.7 % by end 2027 (windbg) on every district "
        "(the NWindG 2027 sub-targets were not obtained)",
        ("harz_ni", 2032): "NWindG Großraum Braunschweig 3.18 % by end 2032 "
        "(rv_braunschweig_nwindg) on its four members; Göttingen and Northeim their district "
        "plans 2,300 / 1,600 ha (above the ministry's proposed 0.98 % / 0.82 %)",
        ("harz_st", 2025): "designated about 2021 (st_regional_wind_shares): Planungsregion Harz "
        "0.5 % of 2,812.5 km2, Halle 1.22 % on eastern Mansfeld-Südharz, Magdeburg 1.27 % on "
        "Salzlandkreis and Börde",
        ("harz_st", 2027): "Planungsregion Harz 34 km2 by 2027 (st_regional_targets_2023) plus "
        f"{st_rest_share(2027) * 100:.3f} % on the rest = (1.8 % x 20,459.12 - 34) / "
        "(20,459.12 - 2,812.5) km2, the state's WindBG value less the Harz target spread "
        "equally over the other four planning regions as the law does for 2032",
        ("harz_st", 2032): "Planungsregion Harz 45 km2 by 2032 plus Magdeburg / Halle 2.3 % on "
        "Salzlandkreis, Börde and eastern Mansfeld-Südharz (st_regional_targets_2023)",
        ("harz_th", 2025): "area with turbines 0.33 % of Thüringen (th_wind_area; Nordthüringen's "
        "designation not found)",
        ("harz_th", 2027): "WindBG Thüringen 1.8 % by end 2027 (windbg) on every district",
        ("harz_th", 2032): "Nordthüringen 3 % of the region (LEP 2024, th_lep_2024)",
    }
    if year == 2045:
        head = ("2032 area held: the WindBG has no step after 2032 and the EEG § 4 path ends "
                "at 160 GW in 2040, the capacity the density is derived from (eeg_2023); 2032: "
                + basis[region, 2032])
    else:
        head = basis[region, year]
    return (f"{head}; = {km2:.2f} km2 ({km2 / area * 100:.2f} % of {area:,.0f} km2, "
            f"destatis_population_2021) x {MW_PER_KM2:.2f} MW/km2 [D] = {km2 * MW_PER_KM2:,.0f}"
            " MW; MW/km2 = 160 GW (EEG § 4, 2040) / (2 % WindBG x 357,591.89 km2 federal area); "
            "the land limit never forces committed capacity off, so a current area below the "
            "existing fleet only stops new builds; derived by derive_land.py")


def wind_rows(raw: Path = RAW) -> list[list]:
    """The wind rows of ``land.csv`` (region x anchor year), tag D."""
    districts = read_districts(raw)
    rows = []
    for region in ("harz_ni", "harz_st", "harz_th"):
        area = sum(d["area_km2"] for d in districts if d["region_id"] == region)
        for year in YEARS:
            km2 = designated_km2(districts, region, year)
            mw = 5 * round(km2 * MW_PER_KM2 / 5)
            src = "windbg" if year == 2027 and region != "harz_st" else (
                "eeg_2023" if year == 2045 else SOURCE[region])
            if year == 2025:
                src = {"harz_ni": "rv_braunschweig_teilplan_wind",
                       "harz_st": "st_regional_wind_shares", "harz_th": "th_wind_area"}[region]
            rows.append([region, "wind", year, mw, "D", src, _note(region, year, km2, area)])
    return rows


def land_rows(raw: Path = RAW, current: Path = HERE / "land.csv") -> list[list]:
    """All rows of ``land.csv``: the derived wind rows, then the PV rows as committed."""
    with open(current, encoding="utf-8") as fh:
        pv = [[r[c] for c in COLUMNS] for r in csv.DictReader(fh) if r["technology"] != "wind"]
    wind = wind_rows(raw)
    out = []
    for region in ("harz_ni", "harz_st", "harz_th"):
        out += [r for r in wind if r[0] == region] + [r for r in pv if r[0] == region]
    return out


def to_csv(rows: list[list]) -> str:
    """CSV text with ``\\n`` line ends (byte-reproducible)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return buf.getvalue()


def main() -> None:
    (HERE / "land.csv").write_text(to_csv(land_rows()), encoding="utf-8")


if __name__ == "__main__":
    main()
