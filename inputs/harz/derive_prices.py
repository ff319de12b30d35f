r"""Derive the wholesale price paths of ``prices.csv`` and the pass-through of ``market.csv``.

Maintainers only; nothing in the package imports it (the tests do, to check that the
committed files are exactly what this script makes)::

    python inputs/harz/derive_prices.py

Method. The price-setting plant is a gas-fired combined-cycle plant (CCGT). Its marginal
cost in year :math:`y` of price case :math:`c` is

.. math:: MC_{c,y} = \frac{p^{gas}_{c,y}}{\eta_y} + \frac{e^{gas}}{\eta_y} P^{EUA}_{c,y} + o_y

and the annual average day-ahead price keeps the ratio it had to that cost in 2025:

.. math:: \pi_{c,y} = k\, MC_{c,y}, \qquad k = \pi_{2025} / MC_{2025}

Legend: :math:`p^{gas}` gas price (EUR/MWh_th), :math:`\eta` CCGT electric efficiency,
:math:`e^{gas}` = 0.198 t CO2/MWh_th, :math:`P^{EUA}` EU ETS 1 price (EUR/t), :math:`o`
CCGT variable O&M (EUR/MWh), :math:`\pi` annual average wholesale price (EUR/MWh), :math:`k`
effective pass-through (-).

Sources: :math:`\pi_{2025}` = 89.32 (SMARD, [M]); 2025 gas 39.5 (THE day-ahead mean
Jan-Sep, [D]) and EUA 75 ([M]); :math:`\eta`, :math:`o` and :math:`e^{gas}` from the
technology-data ``CCGT`` and ``gas`` rows ([P], DEA), linear between their 5-year tables and
held after 2045 as the model holds ``market.csv``; the gas path of the reference and low
cases from the technology-data ``gas`` fuel row (TYNDP 2024, [P]; 2026-2028 linear from
2025's 39.5); the reference EUA path linear from 2025's 75 to the analysts' 200 EUR/t in
2035 ([P], carbon_pulse_2024), held after 2035 ([A]: no published figure after 2035).
:math:`k` = 0.884; the same ratio was 0.892 in 2023 and 0.878 in 2024 (check in
:func:`historical_k`). ``market.csv`` states :math:`k` as the carbon pass-through and
:math:`\eta` as the marginal plant's efficiency, so the low and high cases differ from the
reference by :math:`k(\Delta p^{gas}/\eta + e^{gas}/\eta\,\Delta P^{EUA})`
(``tests/unit/test_market.py``).

What the path leaves out: a growing renewable share sets the price in more hours (more
hours at low or negative prices), which lowers :math:`k` over time; no published figure in
the reference material quantifies it, so the path is on the high side. A market model or a
published price projection replaces it.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

HERE = Path(__file__).resolve().parent
GAS_CO2 = 0.198  # t CO2/MWh_th, technology-data `gas` CO2 intensity [P]
CCGT = {2025: (0.57, 5.744), 2030: (0.58, 5.6104), 2035: (0.585, 5.5436),
        2040: (0.59, 5.4768), 2045: (0.595, 5.41)}  # technology-data CCGT efficiency, VOM [P]
TD_GAS = {2030: 28.4, 2035: 27.0, 2040: 25.6, 2045: 24.2,
          2050: 22.8}  # technology-data gas fuel (TYNDP 2024) [P]
W_2025, GAS_2025, EUA_2025, ETS2_2025, MARKUP = 89.32, 39.5, 75.0, 55.0, 87.0
EUA_2035 = 200.0  # analysts, May 2024 (carbon_pulse_2024) [P]
YEARS = (2025, 2026, 2027, 2028, 2030, 2035, 2040, 2045, 2050)
MARKET_YEARS = (2025, 2028, 2030, 2035, 2040, 2045)
#: measured (wholesale, gas, EUA) for the check of k: SMARD / BMWK, THE day-ahead, UBA
HISTORY = {2023: (95.18, 41.0, 83.66), 2024: (78.51, 34.8, 65.0)}
PRICE_COLUMNS = ["case", "year", "elec_wholesale_eur_per_mwh", "grid_markup_eur_per_mwh",
                 "gas_eur_per_mwh_th", "eua_eur_per_t", "ets2_eur_per_t", "value_type",
                 "source_id", "note"]
REPLACE = ("replace: a published price path (TSO scenario framework or the UBA "
           "Projektionsbericht assumptions) or a market model's prices")


def _lin(y: float, table: dict[int, float]) -> float:
    keys = sorted(table)
    if y <= keys[0]:
        return table[keys[0]]
    if y >= keys[-1]:
        return table[keys[-1]]
    lo = max(k for k in keys if k <= y)
    hi = min(k for k in keys if k >= y)
    return table[lo] if lo == hi else table[lo] + (table[hi] - table[lo]) * (y - lo) / (hi - lo)


def ccgt(y: int) -> tuple[float, float]:
    """CCGT (efficiency, VOM EUR/MWh) in year ``y``: linear between tables, held after 2045."""
    return (_lin(y, {k: v[0] for k, v in CCGT.items()}),
            _lin(y, {k: v[1] for k, v in CCGT.items()}))


def marginal_cost(y: int, gas: float, eua: float) -> float:
    """CCGT marginal cost (EUR/MWh_el) at the given gas and EUA prices."""
    eta, vom = ccgt(min(y, 2045))
    return gas / eta + GAS_CO2 / eta * eua + vom


def pass_through() -> float:
    """k: the 2025 average day-ahead price over the CCGT's 2025 marginal cost."""
    return W_2025 / marginal_cost(2025, GAS_2025, EUA_2025)


def historical_k() -> dict[int, float]:
    """The same ratio in 2023 and 2024 (measured prices, 2025 CCGT data): a check on k."""
    return {y: w / marginal_cost(2025, g, e) for y, (w, g, e) in HISTORY.items()}


def gas_reference(y: int) -> float:
    """Reference gas: 2025 level, then the technology-data path."""
    return round(_lin(y, {2025: GAS_2025, **TD_GAS}), 1)


def eua_reference(y: int) -> float:
    """Reference EUA: linear from 75 (2025) to 200 (2035), held after."""
    return round(_lin(y, {2025: EUA_2025, 2035: EUA_2035}), 1)


def case_inputs(case: str, y: int) -> tuple[float, float, float]:
    """(gas, EUA, ETS2) of a price case in year ``y`` (the stated case definitions)."""
    ets2_ref = {2026: 60, 2027: 65, 2028: 65, 2030: 80, 2035: 100, 2040: 120, 2045: 130,
                2050: 130}
    if case == "reference":
        return gas_reference(y), eua_reference(y), ets2_ref[y]
    if case == "low":
        return gas_reference(y), EUA_2025, 55.0
    eua_high = _lin(y, {2025: EUA_2025, 2035: EUA_2035, 2045: 250.0})
    ets2_high = {2026: 65, 2027: 65, 2028: 99, 2030: 122, 2035: 150, 2040: 175, 2045: 200,
                 2050: 200}
    return 40.0, round(eua_high, 1), ets2_high[y]


def wholesale(case: str, y: int) -> float:
    """The case's wholesale price in year ``y``, EUR/MWh (2025: the measured level)."""
    if y == 2025:
        return round(W_2025, 1)
    gas, eua, _ = case_inputs(case, y)
    return round(pass_through() * marginal_cost(y, gas, eua), 1)


_CASE_NOTE = {
    "reference": "reference path: gas = technology-data `gas` fuel row (TYNDP 2024) [P], "
    "2026-2028 linear from 2025's 39.5 [D]; EUA linear from 75 (2025) to the "
    "analysts' 200 in 2035 (carbon_pulse_2024) [D], held after 2035 [A]; ETS2/BEHG 2026 "
    "corridor 55-65 midpoint [P] (behg), later [A] between Commission 48-80 "
    "(ec_swd_2021_453) and BNEF 122 (bnef_2025) for 2030, ETS2 from 2028 (ets2_delay_2025)",
    "low": "low case: EUA 75 flat (today's level) [A]; gas = reference TYNDP path "
    "(technology_data); ETS2/BEHG 55 flat [A] (2026 corridor floor)",
    "high": "high case: EUA following the analysts, 200 by 2035 (carbon_pulse_2024) and 250 "
    "by 2045 [A]; gas 40 flat (today's market level, data-sources §2.4) [A]; ETS2 at BNEF "
    "levels (99 avg 2027-30, 122 in 2030, bnef_2025), extrapolated to 200 by 2045 [A]",
}


def price_rows() -> list[list]:
    """Every row of ``prices.csv`` (cases reference, low, high; 2025-2050 anchors)."""
    k = pass_through()
    rows = []
    for case in ("reference", "low", "high"):
        for y in YEARS:
            if y == 2025:
                rows.append([case, y, round(W_2025, 1), MARKUP, GAS_2025, EUA_2025, ETS2_2025,
                             "D", "smard_2025",
                             "2025 measured, same in every case: wholesale SMARD day-ahead mean "
                             "89.32 [M] (smard_2025); grid markup 87 [D] = VEA H1 2025 east "
                             "176.4 - 89.3 EUR/MWh (vea_2025); gas 39.5 [D] = mean of THE "
                             "day-ahead Jan-Sep 2025 (gas_dayahead_2025), used instead of the "
                             "technology-data 2025 catalogue value 42.9; EUA ~75 [M] "
                             "(veyt_2025); BEHG fixed price 55 [M] (behg)"])
                continue
            gas, eua, ets2 = case_inputs(case, y)
            eta, vom = ccgt(min(y, 2045))
            note = (f"{_CASE_NOTE[case]}; wholesale [D] (derive_prices.py) = k x CCGT marginal "
                    f"cost = {k:.4f} x ({gas} / {eta:.3f} + 0.198 / {eta:.3f} x {eua} + "
                    f"{vom:.2f}) = {wholesale(case, y)}, k = 89.32 / 101.10 = the 2025 ratio "
                    "of the day-ahead mean to the CCGT's marginal cost (2023: 0.892, 2024: "
                    "0.878), CCGT efficiency and VOM technology-data [P]; it leaves out the "
                    "falling share of gas-set hours as renewables grow (high side); grid "
                    f"markup 87 [D] held constant [A]; {REPLACE}")
            rows.append([case, y, wholesale(case, y), MARKUP, gas, eua, ets2, "A",
                         "own_assumption", note])
    return rows


def market_pass_through_rows(current: Path = HERE / "market.csv") -> list[list]:
    """``market.csv`` with pass-through k and the technology-data CCGT efficiency."""
    k = round(pass_through(), 4)
    with open(current, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    re_note = {
        2025: "RE share of German net generation 2025 58.8 % [M] (smard_2025)",
        2028: "RE share [D] linear between 2025 and 2030",
        2030: "RE share 80 % [P] = EEG 2023 § 1 target for 2030 (share of gross consumption, "
        "used here for the generation share) (eeg_2023)",
    }
    for y in (2035, 2040, 2045):
        re_note[y] = (f"RE share {RE_SHARE[y] * 100:.1f} % [D] (derive_prices.py re_share) linear "
                      "from the EEG 80 % (2030, eeg_2023) to 100 % in 2045 (KSG § 3 (2) "
                      "greenhouse-gas neutrality, ksg_2021, read as no unabated fossil "
                      "generation); a published scenario (grid development plan) would "
                      "replace the straight line")
    out = []
    for r in rows:
        y = int(r["year"])
        eta = round(ccgt(y)[0], 4)
        tag = "D"
        source = {2025: "smard_2025", 2030: "eeg_2023"}.get(
            y, "ksg_2021" if y > 2030 else "technology_data")
        note = (f"{re_note[y]}; carbon_pass_through {k} [D] = k of prices.csv (derive_prices.py:"
                " 2025 day-ahead mean 89.32 / CCGT marginal cost 101.10 EUR/MWh), the effective "
                "share of the CCGT's fuel and carbon cost in the average price; marginal plant "
                f"= CCGT, efficiency {eta} [P] (technology_data CCGT, DEA; linear between its "
                "5-year tables), so the marginal emission factor is 0.198 / efficiency t "
                "CO2/MWh_el")
        share = r["national_re_share"] if y <= 2030 else RE_SHARE[y]
        out.append([r["case"], y, share, k, eta, tag, source, note])
    return out


def _num(x: object) -> object:
    """Integral floats without a decimal point (87.0 -> 87), other values unchanged."""
    return int(x) if isinstance(x, float) and x.is_integer() else x


def to_csv(header: list[str], rows: list[list]) -> str:
    """CSV text with ``\\n`` line ends (byte-reproducible)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[_num(v) for v in row] for row in rows])
    return buf.getvalue()


#: UBA direct CO2 of the electricity mix 2024 (uba_strommix) and SMARD renewable share of
#: generation 2024 / 2025 (smard_2025) [M]; EEG 2023 § 1: 80 % renewables by 2030 [P];
#: KSG § 3 (2): greenhouse-gas neutrality by 2045 [P], read as a power system without
#: unabated fossil generation (100 %); the years between linear (:func:`re_share`)
EF_2024, RE_2024 = 0.363, 0.590
RE_ANCHORS = {2025: 0.588, 2030: 0.80, 2045: 1.0}


def re_share(y: int) -> float:
    """National renewable share of generation: measured 2025, EEG 2030, KSG 2045, linear."""
    return round(_lin(y, RE_ANCHORS), 4)


RE_SHARE = {y: re_share(y) for y in MARKET_YEARS}


def grid_emission_factor(y: int) -> float:
    """t CO2/MWh: the 2024 factor scaled by the non-renewable share, ``(1 - s_y) / (1 - s_2024)``.

    The CO2 per MWh of the non-renewable remainder stays at its 2024 level (the coal exit
    lowers it, so this is the high side).
    """
    return round(EF_2024 * (1.0 - RE_SHARE[y]) / (1.0 - RE_2024), 3)


def grid_emission_rows(current: Path = HERE / "grid_emission_factor.csv") -> list[list]:
    """``grid_emission_factor.csv`` with the derived 2025 (both cases) and 2030 reference rows."""
    with open(current, encoding="utf-8") as fh:
        rows = [[r[c] for c in GEF_COLUMNS] for r in csv.DictReader(fh)]
    for r in rows:
        case, y = r[0], int(r[1])
        if case == "reference" or (case, y) == ("slow_expansion", 2025):
            ef = grid_emission_factor(y)
            share = ("58.8 % renewables in 2025 [M] (smard_2025)" if y == 2025 else
                     "80 % renewables by 2030 [P] (EEG 2023 § 1, eeg_2023; a share of gross "
                     "consumption, used for the generation share)" if y == 2030 else
                     f"{RE_SHARE[y] * 100:.1f} % renewables in {y} [D], linear from the EEG 80 % "
                     "(2030, eeg_2023) to 100 % in 2045 (KSG § 3 (2) greenhouse-gas "
                     "neutrality, ksg_2021, read as no unabated fossil generation)")
            r[2:6] = [ef, "D", {2025: "uba_strommix", 2030: "eeg_2023"}.get(y, "ksg_2021"),
                      f"{ef * 1000:.0f} g/kWh [D] (derive_prices.py) = UBA 2024 363 g/kWh "
                      f"(uba_strommix) x (1 - s) / (1 - 0.590), 59.0 % renewables in 2024 "
                      f"[M] (smard_2025), {share}: the CO2 per MWh of the non-renewable "
                      "remainder held at its 2024 level (the coal exit lowers it: high side)"
                      + ("; same in every case (a measured year)" if y == 2025 else "")]
    return rows


GEF_COLUMNS = ["case", "year", "t_co2_per_mwh", "value_type", "source_id", "note"]
MARKET_COLUMNS = ["case", "year", "national_re_share", "carbon_pass_through",
                  "marginal_plant_efficiency", "value_type", "source_id", "note"]


def main() -> None:
    market = market_pass_through_rows()
    (HERE / "prices.csv").write_text(to_csv(PRICE_COLUMNS, price_rows()), encoding="utf-8")
    (HERE / "market.csv").write_text(to_csv(MARKET_COLUMNS, market), encoding="utf-8")
    gef = grid_emission_rows()
    (HERE / "grid_emission_factor.csv").write_text(to_csv(GEF_COLUMNS, gef), encoding="utf-8")


if __name__ == "__main__":
    main()
