"""Hourly profiles for ``derived/hourly_profiles.csv``, offline from installed wheels.

Weather: DWD TRY2010 in ``demandlib`` (:mod:`model.inputs.weather`: parser, the regions'
time shift of the wind, altitude correction of the temperature). Calendar shapes (weekdays,
holidays) are laid onto the same 365 day positions as the TRY. Capacity factors are per
unit of installed DC (PV, kWp) or nominal (wind) capacity, in [0, 1]; their annual sum is
the yield in kWh/kWp or the full-load hours. Note: B and D fit the sun best when shifted by
about (15 - lon) x 4 min, i.e. they look like true solar time; the effect on the yield is
< 0.2 %, so they are used on the CET hours as they are.

Wind comes in two profiles per region: new turbines (``wind_cf``: E-141/4200 at 159 m) and
the existing fleet (``wind_existing_cf``: an older 2-3 MW class E-82/2300 at 98 m hub height,
calibrated to the region's ``wind_existing_flh_target_h``) when ``regions.csv`` has that
column.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import numpy as np
import pandas as pd
import pvlib
from dateutil.easter import easter
from scipy.optimize import brentq

from model.atomic import write_atomic
from model.errors import InputError
from model.inputs.stamp import write_stamp
from model.inputs.weather import (  # noqa: F401  (hour_index, read_try re-exported)
    HOURS_PER_YEAR,
    advection_lag_h,
    hour_index,
    read_try,
    shift_hours,
    temperature_at,
)
from model.inputs.wind import (  # noqa: F401  (re-exported)
    EXISTING_TURBINE,
    NEW_TURBINE,
    wind_capacity_factor,
    wind_speed_output,
)

logger = logging.getLogger(__name__)

GROUND_TILT_DEG = 30.0  # [A] fixed south-facing ground PV
ROOFTOP_TILT_DEG = 15.0  # [A] flatter rooftop PV, same 14 % losses
PRICE_SHAPE_SOURCE_ID = "price_shape_proxy"
TARGET_COLUMNS = ("wind_flh_target_h", "pv_ground_yield_target_kwh_per_kwp")
REGION_COLUMNS = ("weather_station", "latitude", "longitude", "altitude_m", *TARGET_COLUMNS)
EXISTING_WIND_COLUMN = "wind_existing_flh_target_h"


def pv_capacity_factor(
    weather: pd.DataFrame,
    latitude: float,
    longitude: float,
    altitude_m: float,
    tilt_deg: float,
    azimuth_deg: float = 180.0,
    dc_losses: float = 0.14,
    dc_ac_ratio: float = 1.1,
) -> pd.Series:
    """Hourly AC output of a fixed PV array per kWp of installed DC capacity (unscaled).

    Solar position at hour midpoints -> DNI from GHI/DHI (``pvlib.irradiance.dni``, zero
    below 2 deg elevation, capped at extraterrestrial) -> Perez (albedo 0.2) -> SAPM cell
    temperature (open rack) -> PVWatts DC (-0.4 %/K) -> ``dc_losses`` -> PVWatts inverter
    (96 %) rated ``1 / dc_ac_ratio`` kW AC per kWp DC, which clips the peaks.

    Parameters
    ----------
    weather, latitude, longitude, altitude_m : pandas.DataFrame, float
        Output of :func:`read_try`; site in degrees north/east, metres above sea level.
    tilt_deg, azimuth_deg : float
        Module tilt from horizontal; azimuth (180 = south).
    dc_losses, dc_ac_ratio : float
        Lumped DC losses (fraction); installed DC over inverter AC rating.

    Returns
    -------
    pandas.Series
        Capacity factor in [0, 1] per kWp DC; its sum is the annual yield in kWh/kWp.
    """
    times, pressure_pa = weather.index, weather["pressure_hpa"] * 100.0
    solpos = pvlib.solarposition.get_solarposition(
        times, latitude, longitude, altitude_m, pressure_pa, temperature=weather["temp_air_c"]
    )
    dni_extra = pvlib.irradiance.get_extra_radiation(times)
    dni = pvlib.irradiance.dni(weather["ghi_wm2"], weather["dhi_wm2"], solpos["zenith"])
    dni = dni.fillna(0.0).clip(lower=0.0, upper=dni_extra)
    airmass = pvlib.atmosphere.get_relative_airmass(solpos["apparent_zenith"])
    poa = pvlib.irradiance.get_total_irradiance(
        tilt_deg, azimuth_deg, solpos["apparent_zenith"], solpos["azimuth"], dni,
        weather["ghi_wm2"], weather["dhi_wm2"], dni_extra, airmass, 0.2, model="perez",
    )  # fmt: skip
    poa_global = poa["poa_global"].fillna(0.0).clip(lower=0.0)
    params = pvlib.temperature.TEMPERATURE_MODEL_PARAMETERS["sapm"]["open_rack_glass_polymer"]
    temp_cell = pvlib.temperature.sapm_cell(
        poa_global, weather["temp_air_c"], weather["wind_speed_10m_ms"], **params
    )
    pdc = pvlib.pvsystem.pvwatts_dc(poa_global, temp_cell, pdc0=1.0, gamma_pdc=-0.004)
    pac = pvlib.inverter.pvwatts(pdc * (1.0 - dc_losses), 1.0 / dc_ac_ratio / 0.96, 0.96)
    values = np.clip(np.nan_to_num(np.asarray(pac, dtype=float)), 0.0, 1.0)
    return pd.Series(values, index=times, name="pv_cf")


def scale_to_annual_sum(cf: pd.Series, target: float) -> tuple[pd.Series, float]:
    """Scale a capacity factor to an annual sum: ``min(k * cf, 1)`` with ``k`` solved.

    ``k`` is found by root search so that the *clipped* series sums exactly to ``target``
    (hours at 1 cannot grow, so ``k >= target / sum(cf)``; equal if nothing clips).

    Parameters
    ----------
    cf, target : pandas.Series, float
        Raw capacity factor in [0, 1]; wanted annual sum (kWh/kWp or full-load hours).

    Returns
    -------
    tuple of (pandas.Series, float)
        Scaled series and factor ``k``; ValueError if ``target`` is out of reach.
    """
    values = cf.to_numpy(dtype=float)
    reachable = float((values > 0).sum())
    if not 0 < target < reachable:
        raise ValueError(f"annual target {target} outside (0, {reachable:.0f}) for this profile")

    def gap(k: float) -> float:
        return float(np.minimum(k * values, 1.0).sum()) - target

    k_hi = target / values.sum()
    while gap(k_hi) < 0:
        k_hi *= 2.0
    k = float(brentq(gap, 0.0, k_hi, xtol=1e-12))
    return cf.mul(k).clip(upper=1.0), k


def german_holidays(year: int) -> list[dt.date]:
    """Nine nationwide German holidays plus Reformation Day (kept in NI, ST and TH)."""
    e = easter(year)
    fixed = [dt.date(year, m, d) for m, d in [(1, 1), (5, 1), (10, 3), (10, 31), (12, 25)]]
    moving = [e + dt.timedelta(days=k) for k in (-2, 1, 39, 50)]  # Good Fri .. Whit Mon
    return sorted([*fixed, dt.date(year, 12, 26), *moving])


def other_demand_factor(year: int = 2025, g25_share: float = 0.6) -> pd.Series:
    """Hourly shape of the regions' other electricity demand, mean 1.

    ``g25_share`` of the energy follows BDEW 2025 G25 (commerce), the rest H25 (households,
    dynamised); both at 15 min for the weekdays and :func:`german_holidays` of ``year``
    (legacy ``ElecSlp`` fails under pandas 3), averaged to hours, clock time as CET without
    DST. For a leap ``year`` 29 February is dropped so that 365 days line up with the TRY.

    Parameters
    ----------
    year, g25_share : int, float
        Calendar year whose weekdays and holidays shape the profile; G25 energy share.

    Returns
    -------
    pandas.Series
        8,760 values on the index ``hour`` 0..8759, mean 1.
    """
    from demandlib import bdew

    idx = pd.date_range(f"{year}-01-01 00:00", f"{year}-12-31 23:45", freq="15min")
    holidays = german_holidays(year)
    g25 = np.asarray(bdew.G25(idx, holidays=holidays), dtype=float)
    h25 = np.asarray(bdew.H25(idx, holidays=holidays), dtype=float)
    quarter = g25_share * g25 / g25.mean() + (1.0 - g25_share) * h25 / h25.mean()
    hourly = quarter.reshape(-1, 4).mean(axis=1)
    if hourly.size == HOURS_PER_YEAR + 24:  # leap year
        feb29 = (dt.date(year, 2, 29) - dt.date(year, 1, 1)).days * 24
        hourly = np.delete(hourly, np.arange(feb29, feb29 + 24))
    if hourly.size != HOURS_PER_YEAR or not np.isfinite(hourly).all():
        raise ValueError(f"BDEW profile {year}: {hourly.size} hours, expected 8760 finite")
    index = pd.RangeIndex(HOURS_PER_YEAR, name="hour")
    return pd.Series(hourly / hourly.mean(), index=index, name="other_demand_factor")


def price_factor(
    demand_factor: pd.Series,
    wind_cf_mean: pd.Series | np.ndarray,
    pv_cf_mean: pd.Series | np.ndarray,
    a: float = 0.3,
    b: float = 0.5,
    floor: float = 0.05,
) -> pd.Series:
    """Own-assumption proxy [A] of the hourly wholesale price shape, mean 1.

    ``raw = 1 + a (demand - 1) - b (re - mean(re)) / mean(re)`` with
    ``re = 0.5 wind + 0.5 pv`` (capacity factors averaged over regions), floored at
    ``floor``, then divided by its mean. High demand raises and high wind/PV output lowers
    the price; negative prices are not represented. source_id ``price_shape_proxy``:
    replace by a measured day-ahead shape when available.

    Parameters
    ----------
    demand_factor, wind_cf_mean, pv_cf_mean : pandas.Series or numpy.ndarray
        Demand shape (mean 1); region-averaged wind and PV capacity factors.
    a, b, floor : float
        Sensitivity to demand, to the renewable deviation, and the lower bound.

    Returns
    -------
    pandas.Series
        Price factor with mean 1 on the index of ``demand_factor``.
    """
    d = np.asarray(demand_factor, dtype=float)
    re_ = 0.5 * np.asarray(wind_cf_mean, dtype=float) + 0.5 * np.asarray(pv_cf_mean, dtype=float)
    if d.shape != re_.shape:
        raise ValueError(f"length mismatch: demand {d.shape}, renewables {re_.shape}")
    raw = np.maximum(1.0 + a * (d - 1.0) - b * (re_ - re_.mean()) / re_.mean(), floor)
    return pd.Series(raw / raw.mean(), index=demand_factor.index, name="price_factor")


def _station_lags(frame: pd.DataFrame) -> dict[str, float]:
    """Wind time shift per region: regions sharing a station are spread by advection."""
    lags = dict.fromkeys(frame.index, 0.0)
    stations = frame["weather_station"].astype(str).str.strip().str.upper()
    for _, group in frame.groupby(stations):
        if len(group) > 1:
            lag = advection_lag_h(group["longitude"].astype(float), group["latitude"].astype(float))
            lags.update(zip(group.index, lag.tolist(), strict=True))
    return lags


def region_correlations(hourly: pd.DataFrame, kind: str = "wind") -> pd.DataFrame:
    """Pearson correlation of the hourly ``<region>__<kind>_cf`` columns between regions."""
    suffix = f"__{kind}_cf"
    cols = [c for c in hourly.columns if str(c).endswith(suffix)]
    corr = hourly[cols].corr()
    names = [c.removesuffix(suffix) for c in cols]
    return pd.DataFrame(corr.to_numpy(), index=names, columns=names)


def build_hourly_profiles(regions: pd.DataFrame, demand_year: int = 2025) -> pd.DataFrame:
    """Build the ``derived/hourly_profiles.csv`` table for a set of regions.

    Per region (index or column ``region``): ``<region>__wind_cf`` calibrated to
    ``wind_flh_target_h``; ``<region>__pv_ground_cf`` (30 deg) scaled with
    :func:`scale_to_annual_sum` to ``pv_ground_yield_target_kwh_per_kwp``;
    ``<region>__pv_rooftop_cf`` (15 deg) scaled to that target times the raw
    rooftop/ground yield ratio; ``<region>__temp_air_c`` (station temperature at the
    region's altitude); ``<region>__wind_existing_cf`` if ``regions`` has the column
    ``wind_existing_flh_target_h``. Regions that share a station get its wind shifted by
    :func:`weather.advection_lag_h` (one synchronous year). Then ``price_factor`` (from
    region-averaged wind and ground PV) and ``other_demand_factor``. TRY files are read
    once per station.

    Parameters
    ----------
    regions, demand_year : pandas.DataFrame, int
        Rows of ``regions.csv``; calendar year of the demand shape's weekdays.

    Returns
    -------
    pandas.DataFrame
        8,760 rows on the integer index ``hour`` (0..8759), rounded to 5 decimals.
    """
    frame = regions.set_index("region") if "region" in regions.columns else regions
    missing = [f"regions.csv: missing column {c!r}" for c in REGION_COLUMNS if c not in frame]
    if missing:
        raise InputError(missing)
    cache: dict[str, pd.DataFrame] = {}
    cols: dict[str, np.ndarray] = {}
    lags = _station_lags(frame)
    for name, row in frame.iterrows():
        try:
            station = str(row["weather_station"]).strip().upper()
            weather = cache[station] if station in cache else read_try(station)
            cache[station] = weather
            site = (float(row["latitude"]), float(row["longitude"]), float(row["altitude_m"]))
            new_type, new_hub = NEW_TURBINE
            wind = wind_capacity_factor(weather, float(row["wind_flh_target_h"]), new_hub,
                                        turbine_type=new_type, lag_h=lags[name])
            ground_raw = pv_capacity_factor(weather, *site, tilt_deg=GROUND_TILT_DEG)
            roof_raw = pv_capacity_factor(weather, *site, tilt_deg=ROOFTOP_TILT_DEG)
            target = float(row["pv_ground_yield_target_kwh_per_kwp"])
            ground, _ = scale_to_annual_sum(ground_raw, target)
            roof, _ = scale_to_annual_sum(roof_raw, target * roof_raw.sum() / ground_raw.sum())
            old = None
            if EXISTING_WIND_COLUMN in frame.columns:
                old_type, old_hub = EXISTING_TURBINE
                old = wind_capacity_factor(weather, float(row[EXISTING_WIND_COLUMN]), old_hub,
                                           turbine_type=old_type, lag_h=lags[name])
        except ValueError as exc:
            raise InputError(f"regions.csv: region {name!r}: {exc}") from exc
        logger.info(
            "%s (%s, lag %+.2f h): wind speed x%.3f (%.0f -> %.0f h); PV ground %.0f -> %.0f, "
            "rooftop %.0f -> %.0f kWh/kWp", name, station, lags[name],
            wind.attrs["speed_factor"], wind.attrs["raw_flh_h"], wind.sum(), ground_raw.sum(),
            ground.sum(), roof_raw.sum(), roof.sum(),
        )  # fmt: skip
        cols[f"{name}__wind_cf"] = wind.to_numpy()
        cols[f"{name}__pv_ground_cf"] = ground.to_numpy()
        cols[f"{name}__pv_rooftop_cf"] = roof.to_numpy()
        cols[f"{name}__temp_air_c"] = temperature_at(
            weather["temp_air_c"], weather.attrs.get("altitude_m", site[2]), site[2])
        if old is not None:
            cols[f"{name}__wind_existing_cf"] = old.to_numpy()
    out = pd.DataFrame(cols, index=pd.RangeIndex(HOURS_PER_YEAR, name="hour"))
    demand = other_demand_factor(demand_year)
    wind_mean, pv_mean = (out.filter(like=k).mean(axis=1) for k in ("__wind_cf", "__pv_ground"))
    out["price_factor"] = price_factor(demand, wind_mean, pv_mean).to_numpy()
    out["other_demand_factor"] = demand.to_numpy()
    return out.round(5) + 0.0  # "+ 0.0" turns -0.0 into 0.0 for a clean CSV


def write_derived(dataset_dir: Path) -> Path:
    """Rebuild ``<dataset_dir>/derived/hourly_profiles.csv`` from ``regions.csv``.

    Byte-for-byte reproducible: fixed column order, ``%.5f`` floats, ``\\n`` line ends.

    Parameters
    ----------
    dataset_dir : pathlib.Path
        Data-set folder holding ``regions.csv``.

    Returns
    -------
    pathlib.Path
        The written CSV.
    """
    dataset_dir = Path(dataset_dir)
    profiles = build_hourly_profiles(pd.read_csv(dataset_dir / "regions.csv"))
    target = dataset_dir / "derived" / "hourly_profiles.csv"
    write_atomic(target, lambda fh: profiles.to_csv(fh, float_format="%.5f",
                                                    lineterminator="\n"))
    write_stamp(target, pd.read_csv(dataset_dir / "regions.csv"))  # what it was built from
    logger.info("wrote %s (%d rows, %d columns)", target, *profiles.shape)
    return target
