r"""Sensitivity multipliers (scenario section ``factors``) applied once to the resolved data.

:func:`model.inputs.data.load` calls these functions right after it has resolved each table
for the scenario, so every block, the hourly validation and every output see the scaled
numbers, and a run's identity (which hashes the resolved scenario) tells the variants apart.
Each multiplier defaults to 1.0, which leaves the data untouched (the functions then return
their input unchanged). For a factor :math:`\phi`:

* capex: :math:`I'_{k,y} = \phi^{capex}_g I_{k,y}` for every technology :math:`k` of group
  :math:`g` (wind: generators with the ``wind`` profile; PV: generators with a ``pv_*``
  profile; battery: roles ``storage_power`` and ``storage_energy``);
* land: :math:`L'_{r,k,y} = \phi^{land}_g L_{r,k,y}` (the land limit never falls below the
  fleet already installed, :mod:`model.formulation.blocks.permitting`);
* gas and CO2 prices, with the wholesale price kept consistent with them through the carbon
  pass-through the price cases are built with (``market.csv``):

  .. math::
      P'^{gas}_y = \phi^{gas} P^{gas}_y, \qquad P'^{EUA}_y = \phi^{CO_2} P^{EUA}_y, \qquad
      P'^{ETS2}_y = \phi^{CO_2} P^{ETS2}_y,

      \pi'_y = \pi_y + \frac{f_y}{\eta_y}\big((\phi^{gas} - 1) P^{gas}_y
      + e^{gas} (\phi^{CO_2} - 1) P^{EUA}_y\big);

* grid mark-up :math:`m'_y = \phi^{m} m_y`; other demand :math:`D'_{r,y} = \phi^{D} D_{r,y}`
  (announced new loads are not scaled);
* capture rates :math:`\kappa'_{k,y} = \phi^{\kappa}_g \kappa_{k,y}` (``regional_system``
  perspective only; ``merchant_spot`` exports at the hourly price, without a capture rate),
  refused above 1.5 like ``capture_rates.csv``;
* useful process heat per tonne of every plant: :math:`h'_p = \phi^{h} h_p`.

Legend: :math:`I` capex (EUR per kW or kWh), :math:`L` land potential (MW), :math:`P^{gas}`
gas price (EUR/MWh_th), :math:`P^{EUA}`, :math:`P^{ETS2}` CO2 prices (EUR/t), :math:`\pi`
wholesale (base) price (EUR/MWh), :math:`f` carbon pass-through and :math:`\eta` marginal plant
efficiency of ``market.csv``, :math:`e^{gas}` = 0.198 t CO2/MWh_th, :math:`m` grid mark-up
(EUR/MWh), :math:`D` other demand (MWh/yr), :math:`\kappa` capture rate (-), :math:`h` useful
heat (MWh_th/t).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from model.errors import InputError
from model.inputs.config import FactorsConfig

if TYPE_CHECKING:  # the market module imports nothing from here; avoid a load-time cycle
    from model.inputs.market import MarketInputs

GAS_CO2_T_PER_MWH = 0.198  # technology-data `gas` CO2 intensity (as model.inputs.market)
CAPTURE_MAX = 1.5  # the largest capture rate checks.py accepts in capture_rates.csv


def group(technologies: pd.DataFrame, name: str) -> list[str]:
    """Technologies of a factor group: ``wind``, ``pv`` (by profile) or ``battery`` (role)."""
    roles, profiles = technologies["role"].astype(str), technologies["profile"].astype(str)
    if name == "battery":
        mask = roles.isin(["storage_power", "storage_energy"])
    elif name == "wind":
        mask = (roles == "generator") & (profiles == "wind")
    elif name == "pv":
        mask = (roles == "generator") & profiles.str.startswith("pv")
    else:
        raise ValueError(f"unknown factor group {name!r}")
    return list(technologies.index[mask])


def scale_capex(costs: pd.DataFrame, technologies: pd.DataFrame,
                f: FactorsConfig) -> pd.DataFrame:
    """``costs`` (index technology, year) with ``capex_eur_per_unit`` scaled per group."""
    pairs = [("wind", f.capex_wind), ("pv", f.capex_pv), ("battery", f.capex_battery)]
    if all(phi == 1.0 for _, phi in pairs):
        return costs
    costs = costs.copy()
    techs = costs.index.get_level_values("technology")
    for name, phi in pairs:
        costs.loc[techs.isin(group(technologies, name)), "capex_eur_per_unit"] *= phi
    return costs


def scale_land(land_mw: pd.DataFrame, technologies: pd.DataFrame,
               f: FactorsConfig) -> pd.DataFrame:
    """``land_mw`` (index region, technology, year) with ``potential_mw`` scaled per group."""
    if f.land_wind == 1.0 and f.land_pv == 1.0:
        return land_mw
    land_mw = land_mw.copy()
    techs = land_mw.index.get_level_values("technology")
    for name, phi in (("wind", f.land_wind), ("pv", f.land_pv)):
        land_mw.loc[techs.isin(group(technologies, name)), "potential_mw"] *= phi
    return land_mw


def scale_prices(prices: pd.DataFrame, market_rows: pd.DataFrame,
                 f: FactorsConfig) -> pd.DataFrame:
    """``prices`` (index year) with gas, CO2 and mark-up scaled, the wholesale price moved.

    Parameters
    ----------
    market_rows : DataFrame
        The scenario's case of ``market.csv`` (``year``, ``carbon_pass_through``,
        ``marginal_plant_efficiency``), interpolated linearly to the price years.
    """
    if f.gas_price == 1.0 and f.co2_price == 1.0 and f.grid_markup == 1.0:
        return prices
    prices = prices.copy()
    years = prices.index.to_numpy(dtype=float)
    rows = market_rows.sort_values("year")
    anchors = rows["year"].astype(float).to_numpy()
    pass_through = np.interp(years, anchors, rows["carbon_pass_through"].astype(float))
    eta = np.interp(years, anchors, rows["marginal_plant_efficiency"].astype(float))
    d_gas = (f.gas_price - 1.0) * prices["gas_eur_per_mwh_th"].to_numpy(dtype=float)
    d_eua = (f.co2_price - 1.0) * prices["eua_eur_per_t"].to_numpy(dtype=float)
    prices["elec_wholesale_eur_per_mwh"] += pass_through / eta * (
        d_gas + GAS_CO2_T_PER_MWH * d_eua)
    prices["gas_eur_per_mwh_th"] *= f.gas_price
    prices["eua_eur_per_t"] *= f.co2_price
    prices["ets2_eur_per_t"] *= f.co2_price
    prices["grid_markup_eur_per_mwh"] *= f.grid_markup
    return prices


def scale_capture(market: MarketInputs, technologies: pd.DataFrame,
                  f: FactorsConfig) -> MarketInputs:
    """``market`` with the capture rates of wind and PV generators scaled.

    Raises
    ------
    InputError
        If a scaled capture rate exceeds 1.5 (the bound of ``capture_rates.csv``).
    """
    if (f.capture_rate_wind == 1.0 and f.capture_rate_pv == 1.0) or (
            market.perspective != "regional_system"):
        return market
    capture = dict(market.capture_rate)
    problems = []
    for name, phi in (("wind", f.capture_rate_wind), ("pv", f.capture_rate_pv)):
        members = set(group(technologies, name))
        for (k, y), rate in market.capture_rate.items():
            if k in members:
                capture[k, y] = rate * phi
        top = max((capture[k, y] for (k, y) in capture if k in members), default=0.0)
        if top > CAPTURE_MAX:
            problems.append(f"factors.capture_rate_{name}={phi:g}: gives a capture rate of "
                            f"{top:.3f}, above {CAPTURE_MAX} (the bound of capture_rates.csv); "
                            f"use at most {CAPTURE_MAX / (top / phi):.3f}")
    if problems:
        raise InputError(problems)
    return dataclasses.replace(market, capture_rate=capture)


def scale_plants(plants: pd.DataFrame, f: FactorsConfig) -> pd.DataFrame:
    """``plants`` (index plant_id) with ``heat_mwh_per_t`` scaled."""
    if f.plant_heat == 1.0:
        return plants
    plants = plants.copy()
    plants["heat_mwh_per_t"] = plants["heat_mwh_per_t"].astype(float) * f.plant_heat
    return plants
