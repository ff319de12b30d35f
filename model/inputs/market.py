r"""Market inputs resolved for one scenario: capture rates, carbon pass-through, transmission.

Capture rate of generator :math:`k` in year :math:`y` (its market value relative to the
annual base price), interpolated linearly in the national renewable share :math:`s_y`
between the anchor points of ``capture_rates.csv`` (held flat outside them):

.. math:: \kappa_{k,y} = \kappa_k(s_y), \qquad v_{k,y} = \kappa_{k,y}\, \pi_y

with :math:`\pi_y` the base (wholesale) price of ``prices.csv`` and :math:`v` the market
value an exported MWh of :math:`k` earns (EUR/MWh). Carbon content of the base price, as
stated by ``market.csv`` (the pass-through the price cases were built with):

.. math:: c_y = f_y \cdot \frac{e^{gas}}{\eta_y} \cdot P^{EUA}_y

with :math:`f` the carbon pass-through (share of hours in which a gas plant sets the price),
:math:`e^{gas}` = 0.198 t CO2/MWh_th, :math:`\eta` the marginal plant's efficiency and
:math:`P^{EUA}` the EU ETS 1 price. The low and high price cases differ from the reference by
:math:`f_y(\Delta P^{gas}/\eta + e^{gas}/\eta\, \Delta P^{EUA})`; ``tests/unit/test_market.py``
checks that the shipped data keep to it.

Legend: ``capture_rate`` = :math:`\kappa`, ``re_share`` = :math:`s`, ``pass_through`` =
:math:`f`, ``carbon_in_price_eur_per_mwh`` = :math:`c`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from model.errors import InputError
from model.inputs.config import Scenario
from model.inputs.tables import RawTables

GAS_CO2_T_PER_MWH = 0.198  # technology-data `gas` CO2 intensity (stoichiometric, LHV) [P]


@dataclass(frozen=True)
class MarketInputs:
    """Resolved market data for one scenario.

    Attributes
    ----------
    perspective : str
        ``regional_system`` or ``merchant_spot`` (scenario ``market.perspective``).
    capture_rate : dict
        (technology, year) -> capture rate [-] of every technology with role ``generator``,
        from its own rows of ``capture_rates.csv`` or else those of its profile (a second
        wind type shares wind's); 1.0 in the ``merchant_spot`` perspective (exports then
        earn the hourly price shape).
    re_share : Series
        Index year; national renewable share of generation [-].
    pass_through : Series
        Index year; carbon pass-through [-].
    carbon_in_price_eur_per_mwh : Series
        Index year; carbon cost contained in the base price (EUR/MWh).
    transmission : DataFrame or None
        Index region; ``capacity_mw`` and the reinforcement cost columns of
        ``transmission.csv``; None when ``market.transmission_limit`` is false.
    export_fee_eur_per_mwh : float
        Fee on every exported MWh (scenario ``market.export_fee_eur_per_mwh``), the tie-break
        between simultaneous import and export.
    """

    perspective: str
    capture_rate: dict
    re_share: pd.Series
    pass_through: pd.Series
    carbon_in_price_eur_per_mwh: pd.Series
    transmission: pd.DataFrame | None
    export_fee_eur_per_mwh: float = 0.0


def _interp_years(df: pd.DataFrame, column: str, years: list[int]) -> pd.Series:
    df = df.sort_values("year")
    values = np.interp(years, df["year"].astype(float), df[column].astype(float))
    return pd.Series(values, index=years, name=column)


def generator_profiles(raw: RawTables) -> dict[str, str]:
    """Technologies with role ``generator`` (technologies.csv) and their profile."""
    techs = raw["technologies"]
    return {k: p for k, role, p in zip(techs["technology"], techs["role"], techs["profile"],
                                       strict=True) if role == "generator"}


def curve_rows(curves: pd.DataFrame, tech: str, profile: str) -> pd.DataFrame:
    """A generator's capture-rate anchor rows; else those of its profile (same output shape)."""
    rows = curves[curves["technology"] == tech]
    return rows if len(rows) else curves[curves["technology"] == profile]


def capture_curve(rows: pd.DataFrame, share: float) -> float:
    """Capture rate at a national RE share from anchor rows (``re_share``, ``capture_rate``)."""
    rows = rows.assign(s=rows["re_share"].astype(float)).sort_values("s")
    return float(np.interp(share, rows["s"], rows["capture_rate"].astype(float)))


def resolve(raw: RawTables, scenario: Scenario, years: list[int], eua: pd.Series) -> MarketInputs:
    """Resolve the scenario's market case, capture case and transmission rows.

    Parameters
    ----------
    eua : Series
        Index year; the EU ETS 1 price of the scenario's price case (EUR/t).
    """
    cfg = scenario.market
    market = raw["market"]
    market = market[market["case"] == cfg.case].astype({"year": int})
    share = _interp_years(market, "national_re_share", years)
    pass_through = _interp_years(market, "carbon_pass_through", years)
    eta = _interp_years(market, "marginal_plant_efficiency", years)
    carbon = pass_through * GAS_CO2_T_PER_MWH / eta * eua.reindex(years).astype(float)
    curves = raw["capture_rates"]
    curves = curves[curves["case"] == cfg.capture_case]
    capture = {}
    missing = []
    for tech, profile in generator_profiles(raw).items():
        rows = curve_rows(curves, tech, profile)
        if rows.empty and cfg.perspective == "regional_system":
            missing.append(f"{Path(raw.folder) / 'capture_rates.csv'}: case "
                           f"'{cfg.capture_case}' has no row for '{tech}' (nor its profile "
                           f"'{profile}'); add at least one row (re_share, capture_rate).")
            continue
        for y in years:
            if cfg.perspective == "merchant_spot":
                capture[tech, y] = 1.0
            else:
                capture[tech, y] = capture_curve(rows, float(share[y]))
    if missing:
        raise InputError(missing)
    transmission = None
    if cfg.transmission_limit:
        transmission = raw["transmission"].set_index("region").loc[list(scenario.regions)]
    return MarketInputs(perspective=cfg.perspective, capture_rate=capture, re_share=share,
                        pass_through=pass_through, carbon_in_price_eur_per_mwh=carbon,
                        transmission=transmission,
                        export_fee_eur_per_mwh=float(cfg.export_fee_eur_per_mwh))
