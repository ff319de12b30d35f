r"""Derive the new-turbine full-load hours of each region (``regions.csv``, ``wind_flh_target_h``).

Maintainers only; the tests import it to check the committed column. The new turbines see
the same wind as the region's existing fleet, so their yield follows from the fleet's
measured output instead of being assumed:

1. **Calibrate the region's wind on its fleet.** The synchronous TRY08 year (``dwd_try2010``;
   the region's advection lag, :mod:`model.inputs.weather`) is extrapolated from 10 m to the
   old turbines' hub height with the log law and multiplied by the speed factor :math:`s_r`
   that makes the older 2-3 MW class (windpowerlib E-82/2300 at 98 m) produce the fleet's
   full-load hours :math:`F^{old}_r` = ``wind_existing_flh_target_h`` [D] (``wind_fleet_flh``).
2. **The new turbine on the same wind.** The current 4.2 MW class of the profile builder
   (windpowerlib E-141/4200 at 159 m, data-sources §4.3) on the same 10 m series, log law to
   159 m, the same :math:`s_r` and lag:

.. math::
    F^{new}_r = \sum_t \frac{P_{new}\big(s_r\,v_{10,t-\ell_r}\,
        \ln(159/z_0)/\ln(10/z_0)\big)}{P^{nom}_{new}}, \qquad
    s_r : \sum_t \frac{P_{old}\big(s_r\,v_{10,t-\ell_r}\,\ln(98/z_0)/\ln(10/z_0)\big)}
        {P^{nom}_{old}} = F^{old}_r

rounded to 10 h. Legend: :math:`v_{10,t}` the TRY08 10 m speed in hour :math:`t`,
:math:`\ell_r` the region's lag (h), :math:`z_0` = 0.1 m the roughness of the profile
builder, :math:`P` the bundled power curves (W) and :math:`P^{nom}` the nominal powers.

The fleet's measured hours already contain availability, wake and curtailment losses; the
calibration carries them over to the new turbines through the speed factor. The derived
2,560-2,600 h lie inside the 1,800-2,800 h range of data-sources §8.6 and above the
2,000-2,500 h quoted for new turbines (WiWo 2022, secondary); the former 2,200 h [A] (2,100 h
for TH) is replaced. A Global Wind Atlas raster at 150 m or the register output of the
region's post-2018 turbines would check it.

    python inputs/harz/derive_wind_yield.py   # prints the values; regions.csv holds them
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from model.inputs import profiles
from model.inputs.weather import read_try

HERE = Path(__file__).resolve().parent
ROUND_H = 10.0


def new_turbine_flh(regions: pd.DataFrame | None = None) -> dict[str, dict[str, float]]:
    """Per region: the fleet's speed factor and the new turbine's full-load hours (raw, rounded).

    Parameters
    ----------
    regions : pandas.DataFrame, optional
        Rows of ``regions.csv`` (default: this data set's file).

    Returns
    -------
    dict
        region -> ``{"speed_factor", "existing_flh_h", "new_flh_raw_h", "new_flh_h"}``.
    """
    if regions is None:
        regions = pd.read_csv(HERE / "regions.csv")
    frame = regions.set_index("region")
    lags = profiles._station_lags(frame)
    cache: dict[str, pd.DataFrame] = {}
    out: dict[str, dict[str, float]] = {}
    old_type, old_hub = profiles.EXISTING_TURBINE
    new_type, new_hub = profiles.NEW_TURBINE
    for name, row in frame.iterrows():
        station = str(row["weather_station"]).strip().upper()
        weather = cache.setdefault(station, read_try(station))
        target = float(row[profiles.EXISTING_WIND_COLUMN])
        old = profiles.wind_capacity_factor(weather, target, old_hub, turbine_type=old_type,
                                            lag_h=lags[name])
        s = float(old.attrs["speed_factor"])
        raw = profiles.wind_speed_output(weather, s, new_hub, turbine_type=new_type,
                                         lag_h=lags[name])
        out[str(name)] = {"speed_factor": s, "existing_flh_h": float(old.sum()),
                          "new_flh_raw_h": float(raw.sum()),
                          "new_flh_h": round(float(raw.sum()) / ROUND_H) * ROUND_H}
    return out


if __name__ == "__main__":
    for region, v in new_turbine_flh().items():
        print(f"{region}: fleet {v['existing_flh_h']:.0f} h -> speed x{v['speed_factor']:.4f}; "
              f"E-141/4200 at 159 m {v['new_flh_raw_h']:.0f} h -> {v['new_flh_h']:.0f} h")
