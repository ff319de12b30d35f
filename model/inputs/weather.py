"""One synchronous weather year for every region: the DWD TRY2010 reader and regional shifts.

A TRY ("Testreferenzjahr", DWD, 1988-2007 base) is a composite "average year" per climate
region: the months of two TRY files come from *different* calendar years, so their hourly
weather is not synchronous (measured: hourly 10 m wind correlation 0.07-0.15 between TRY04,
TRY07 and TRY08). The default data set therefore drives every region from **one** station's
year and derives the regions from it:

* wind: the hub-height speed of region :math:`r` is the station's, shifted in time by the
  travel time of the weather from the regions' mean meridian to the region's meridian
  (:func:`advection_lag_h`), then scaled (in :mod:`model.inputs.profiles`) to the region's
  full-load hours. A shift of :math:`\\tau` hours gives the correlation of the station's
  series with itself at lag :math:`\\tau` (TRY08: 0.84 at 1 h, 0.78 at 2 h), so neighbouring
  regions correlate like neighbouring sites rather than like one point (0.99+) or like
  independent years (0.1);
* PV: the station's irradiance as it is (clouds are *not* shifted, because shifting
  irradiance would move the sun), scaled per region to its yield target;
* air temperature: the station's, moved to the region's altitude with the standard
  atmosphere lapse rate :data:`LAPSE_RATE_K_PER_M`.

A TRY row with ``HH = h`` (1..24, CET, hour-ending) covers ``[h - 1, h)`` and is labelled by
its *midpoint* in the fixed non-leap year 2010, zone ``Etc/GMT-1`` (CET, no DST). A TRY has
365 days and no 29 February; profile hour ``i`` (0..8759) is the i-th TRY row.

Legend: :math:`\\tau_r` lag of region :math:`r` (h, positive = later than the mean meridian),
:math:`x_r` eastward distance (km), :math:`u` advection speed (km/h).
"""

from __future__ import annotations

import io
import logging
import re
from importlib import resources

import numpy as np
import pandas as pd

logger = logging.getLogger(__name__)

HOURS_PER_YEAR = 8760
WEATHER_YEAR = 2010
WEATHER_TZ = "Etc/GMT-1"
VALID_STATIONS = tuple(f"TRY{i:02d}" for i in range(1, 16))
#: Eastward travel speed of weather systems over central Germany [A]: mid-latitude fronts and
#: lows move at roughly 30-50 km/h; 40 km/h is the middle. Vary it: a faster speed raises the
#: correlation between regions.
ADVECTION_SPEED_KM_PER_H = 40.0
KM_PER_DEG_LAT = 111.32
#: ICAO standard atmosphere temperature gradient in the troposphere (6.5 K per km).
LAPSE_RATE_K_PER_M = 0.0065
# output column <- TRY column (GHI is B + D)
_TRY_MAP = {"dhi_wm2": "D", "temp_air_c": "t", "wind_speed_10m_ms": "WG", "pressure_hpa": "p"}
_TRY_MAP |= {"rel_humidity_pct": "RF", "cloud_okta": "N"}


def hour_index() -> pd.DatetimeIndex:
    """Return the 8,760 hour midpoints of the weather year (2010, CET without DST)."""
    start = f"{WEATHER_YEAR}-01-01 00:30"
    return pd.date_range(start, periods=HOURS_PER_YEAR, freq="h", tz=WEATHER_TZ, name="time")


def read_try(station: str) -> pd.DataFrame:
    """Read one DWD TRY2010 file from the installed ``demandlib`` wheel.

    Parameters
    ----------
    station : str
        TRY region code ``"TRY01"`` .. ``"TRY15"`` (``"TRY08"`` is Braunlage, Oberharz).

    Returns
    -------
    pandas.DataFrame
        8,760 rows on :func:`hour_index`: ``ghi_wm2`` (B + D), ``dhi_wm2`` (D),
        ``temp_air_c``, ``wind_speed_10m_ms``, ``pressure_hpa``, ``rel_humidity_pct``,
        ``cloud_okta`` (code 9, "sky not recognisable", mapped to 8); ``attrs["altitude_m"]``
        is the station altitude from the file header. ValueError if the
        code is unknown or the file is not one complete 365-day year without gaps.
    """
    code = station.strip().upper()
    if code not in VALID_STATIONS:
        raise ValueError(f"unknown TRY station {station!r}; valid: {', '.join(VALID_STATIONS)}")
    path = resources.files("demandlib") / f"vdi/resources_weather/TRY2010_{code[3:]}_Jahr.dat"
    try:  # the 0.2.2 wheel ships UTF-8; older copies are Latin-1
        lines = path.read_bytes().decode("utf-8").splitlines()
    except UnicodeDecodeError:
        lines = path.read_bytes().decode("latin-1").splitlines()
    star = next((i for i, line in enumerate(lines) if line.strip() == "***"), None)
    if star is None:
        raise ValueError(f"{code}: no '***' line before the data block")
    body = "\n".join(line for line in lines[star + 1 :] if line.strip())
    df = pd.read_csv(io.StringIO(body), sep=r"\s+", header=None, names=lines[star - 1].split())
    if len(df) != HOURS_PER_YEAR:
        raise ValueError(f"{code}: expected {HOURS_PER_YEAR} hourly rows, found {len(df)}")
    days = pd.to_datetime(pd.DataFrame({"year": WEATHER_YEAR, "month": df.MM, "day": df.DD}))
    stamps = days + pd.to_timedelta(df["HH"] - 0.5, unit="h")
    index = hour_index()
    if not np.array_equal(stamps.to_numpy(), index.tz_localize(None).to_numpy()):
        raise ValueError(f"{code}: rows are not the consecutive hours of one 365-day year")
    out = pd.DataFrame({"ghi_wm2": df["B"] + df["D"]} | {k: df[v] for k, v in _TRY_MAP.items()})
    out = out.astype(float).set_axis(index)
    out["cloud_okta"] = out["cloud_okta"].clip(upper=8.0)
    altitude = re.search(r"(\d+)\s+Meter", "\n".join(lines[:star]))
    out.attrs["altitude_m"] = float(altitude.group(1)) if altitude else float("nan")
    if out.isna().any().any():
        raise ValueError(f"{code}: missing values in {list(out.columns[out.isna().any()])}")
    n_bad = int((out["wind_speed_10m_ms"] > 40.0).sum())
    if n_bad:  # TRY07 Kassel has 3 such hours (63, 66, 47 m/s); kept as in the file
        logger.warning("%s: %d hours with implausible 10 m wind > 40 m/s kept", code, n_bad)
    return out


def advection_lag_h(
    longitude: np.ndarray, latitude: np.ndarray,
    speed_km_per_h: float = ADVECTION_SPEED_KM_PER_H,
) -> np.ndarray:
    r"""Travel time of west-to-east moving weather from the regions' mean meridian.

    .. math:: \tau_r = x_r / u, \qquad
        x_r = (\lambda_r - \bar\lambda)\; 111.32\ \mathrm{km} \cos\bar\varphi

    Parameters
    ----------
    longitude, latitude : numpy.ndarray
        Representative points of the regions, degrees east and north.
    speed_km_per_h : float
        Advection speed :math:`u`.

    Returns
    -------
    numpy.ndarray
        Lag per region in hours (mean 0; east of the mean meridian is later).
    """
    lon = np.asarray(longitude, dtype=float)
    lat = np.asarray(latitude, dtype=float)
    km = (lon - lon.mean()) * KM_PER_DEG_LAT * np.cos(np.radians(lat.mean()))
    return km / speed_km_per_h


def shift_hours(values: np.ndarray, lag_h: float) -> np.ndarray:
    """Delay an hourly series by ``lag_h`` hours (fractional: linear interpolation, cyclic).

    ``out[i] = values(i - lag_h)``; the year wraps around (a shift of 1-2 hours moves the
    last hours of 31 December to 1 January).
    """
    x = np.asarray(values, dtype=float)
    n = x.size
    t = (np.arange(n) - lag_h) % n
    return np.interp(t, np.arange(n + 1), np.r_[x, x[0]])


def temperature_at(temp_c: np.ndarray, station_alt_m: float, site_alt_m: float) -> np.ndarray:
    """Air temperature moved from the station's to the site's altitude (standard lapse rate)."""
    return np.asarray(temp_c, dtype=float) + LAPSE_RATE_K_PER_M * (station_alt_m - site_alt_m)

