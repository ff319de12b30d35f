r"""Wind capacity factors from the TRY 10 m speed and windpowerlib's bundled power curves.

The 10 m speed is extrapolated to hub height with the log law
:math:`v_{hub} = v_{10}\,\ln(h/z_0)/\ln(10/z_0)`, delayed by the region's advection lag,
multiplied by a speed factor :math:`s` and passed through the turbine's power curve
:math:`P(v)` (offline, no density correction): :math:`cf_t = P(s\,v_{hub,t})/P^{nom}`.
:func:`wind_capacity_factor` solves :math:`s` for wanted full-load hours
:math:`\sum_t cf_t`; :func:`wind_speed_output` evaluates a given :math:`s` (the new turbine
on the wind calibrated to the existing fleet, ``inputs/harz/derive_wind_yield.py``).

Legend: hub height :math:`h` (m), roughness length :math:`z_0` (m), nominal power
:math:`P^{nom}` (W), hour :math:`t`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import brentq
from windpowerlib import WindTurbine
from windpowerlib.power_output import power_curve
from windpowerlib.wind_speed import logarithmic_profile

from model.inputs.weather import shift_hours

#: New turbines: 4.2 MW class at 159 m (windpowerlib library); the existing fleet: 2.3 MW
#: class at 98 m, typical of the 2000s-2010s turbines of the Harz foreland (mean 1.8-1.95 MW
#: per turbine in the ST districts).
NEW_TURBINE = ("E-141/4200", 159.0)
EXISTING_TURBINE = ("E-82/2300", 98.0)


def _turbine_output(weather: pd.DataFrame, hub_height_m: float, roughness_m: float,
                    turbine_type: str, lag_h: float):
    """``cf_of(s)``: hourly output per nominal power at speed factor ``s``; hub speeds."""
    turbine = WindTurbine(hub_height=hub_height_m, turbine_type=turbine_type)
    speeds, watts = turbine.power_curve["wind_speed"], turbine.power_curve["value"]
    v10 = weather["wind_speed_10m_ms"].to_numpy(dtype=float)
    v_hub = np.asarray(logarithmic_profile(v10, 10.0, hub_height_m, roughness_m), dtype=float)
    if lag_h:
        v_hub = shift_hours(v_hub, lag_h)

    def cf_of(s: float) -> np.ndarray:
        return np.asarray(power_curve(s * v_hub, speeds, watts), float) / turbine.nominal_power

    return cf_of, v_hub


def wind_speed_output(weather: pd.DataFrame, speed_factor: float, hub_height_m: float = 159.0,
                      roughness_m: float = 0.1, turbine_type: str = "E-141/4200",
                      lag_h: float = 0.0) -> pd.Series:
    """Hourly capacity factor of a turbine at a given speed factor (as :func:`wind_capacity_factor`
    but with ``s`` given, not solved): its sum is the full-load hours on that wind."""
    cf_of, _ = _turbine_output(weather, hub_height_m, roughness_m, turbine_type, lag_h)
    return pd.Series(np.clip(cf_of(speed_factor), 0.0, 1.0), index=weather.index, name="wind_cf")


def wind_capacity_factor(
    weather: pd.DataFrame,
    flh_target_h: float,
    hub_height_m: float = 159.0,
    roughness_m: float = 0.1,
    turbine_type: str = "E-141/4200",
    lag_h: float = 0.0,
) -> pd.Series:
    """Hourly wind capacity factor calibrated to annual full-load hours.

    The 10 m TRY speed is extrapolated to hub height with the log law, multiplied by a
    constant ``s`` and passed through the turbine's bundled power curve (offline, no
    density correction). ``s`` is solved (Brent) so that the annual sum equals
    ``flh_target_h``: scaling the *speed* keeps the power-curve shape instead of scaling
    output linearly. The root is taken below the factor of maximum output (cut-out).

    Parameters
    ----------
    weather, flh_target_h : pandas.DataFrame, float
        Output of :func:`read_try`; wanted full-load hours per year.
    hub_height_m, roughness_m : float
        Hub height and roughness length of the log law, metres.
    turbine_type : str
        Turbine in windpowerlib's bundled library.
    lag_h : float
        Delay of the hub-height speed series in hours (:func:`weather.shift_hours`).

    Returns
    -------
    pandas.Series
        Capacity factor in [0, 1] summing to ``flh_target_h`` (ValueError if unreachable);
        ``attrs``: ``speed_factor``, ``raw_flh_h`` (s = 1), raw mean ``hub_speed_ms``.
    """
    cf_of, v_hub = _turbine_output(weather, hub_height_m, roughness_m, turbine_type, lag_h)
    grid = np.linspace(0.05, 8.0, 320)
    flh_grid = np.array([cf_of(s).sum() for s in grid])
    best = int(flh_grid.argmax())
    if not 0 < flh_target_h <= flh_grid[best]:
        raise ValueError(
            f"wind full-load hours {flh_target_h} unreachable: at most {flh_grid[best]:.0f} h "
            f"with this weather and {turbine_type}"
        )
    below = grid[: best + 1][flh_grid[: best + 1] < flh_target_h]
    lo = float(below[-1]) if below.size else 0.0
    s = float(brentq(lambda x: cf_of(x).sum() - flh_target_h, lo, grid[best], xtol=1e-10))
    cf = pd.Series(np.clip(cf_of(s), 0.0, 1.0), index=weather.index, name="wind_cf")
    cf.attrs.update(speed_factor=s, raw_flh_h=float(cf_of(1.0).sum()), hub_speed_ms=v_hub.mean())
    return cf
