"""Weather-driven hourly profiles: TRY parser, PV, wind, demand and price shapes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.errors import InputError
from model.inputs import profiles

# Braunlage (TRY08 reference station), 51°44'N 10°36'E, 607 m
BRAUNLAGE = (51.733, 10.6, 607.0)


@pytest.fixture(scope="module")
def try08() -> pd.DataFrame:
    return profiles.read_try("TRY08")


@pytest.fixture(scope="module")
def two_regions() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region": ["harz_high", "harz_east"],
            "weather_station": ["TRY08", "TRY04"],
            "latitude": [51.8, 51.6],
            "longitude": [10.5, 11.5],
            "altitude_m": [450.0, 150.0],
            "wind_flh_target_h": [2200.0, 2400.0],
            "pv_ground_yield_target_kwh_per_kwp": [950.0, 980.0],
            "value_type": ["A", "A"],
        }
    )


@pytest.fixture(scope="module")
def built(two_regions) -> pd.DataFrame:
    return profiles.build_hourly_profiles(two_regions)


@pytest.mark.unit
def test_read_try_shape_columns_no_nan(try08):
    assert try08.shape == (8760, 7)
    assert list(try08.columns) == [
        "ghi_wm2", "dhi_wm2", "temp_air_c", "wind_speed_10m_ms",
        "pressure_hpa", "rel_humidity_pct", "cloud_okta",
    ]  # fmt: skip
    assert not try08.isna().any().any()
    assert try08["cloud_okta"].between(0, 8).all()
    assert (try08["ghi_wm2"] >= try08["dhi_wm2"]).all()


@pytest.mark.unit
def test_read_try_index_is_cet_hour_midpoints(try08):
    idx = try08.index
    assert str(idx.tz) == "Etc/GMT-1"
    assert idx[0] == pd.Timestamp("2010-01-01 00:30", tz="Etc/GMT-1")  # HH = 1
    assert idx[-1] == pd.Timestamp("2010-12-31 23:30", tz="Etc/GMT-1")  # HH = 24
    assert (idx.minute == 30).all() and idx.is_monotonic_increasing


@pytest.mark.unit
def test_try_year_has_365_days_and_no_feb29(try08):
    """A TRY is a 365-day year: the hour index has no 29 February, 24 hours every day."""
    idx = try08.index
    assert not ((idx.month == 2) & (idx.day == 29)).any()
    assert pd.Series(idx.date).value_counts().eq(24).all()
    assert idx.normalize().nunique() == 365


@pytest.mark.unit
def test_try08_annual_ghi_and_mean_wind(try08):
    ghi_kwh = try08["ghi_wm2"].sum() / 1000.0
    assert ghi_kwh == pytest.approx(994.0, rel=0.02)
    assert try08["wind_speed_10m_ms"].mean() == pytest.approx(2.93, abs=0.01)


@pytest.mark.unit
def test_unknown_station_raises_naming_valid_codes():
    with pytest.raises(ValueError, match="TRY01.*TRY15"):
        profiles.read_try("TRY16")
    with pytest.raises(ValueError, match="TRY08"):
        profiles.read_try("Braunlage")


@pytest.mark.unit
def test_pv_raw_yield_try08(try08):
    """The reference notes report 915 kWh/kWp at 35 deg, 14 % losses, DC/AC 1.1."""
    cf = profiles.pv_capacity_factor(try08, *BRAUNLAGE, tilt_deg=35.0)
    assert 850.0 < cf.sum() < 1000.0
    assert len(cf) == 8760 and not cf.isna().any()
    assert cf.between(0.0, 1.0).all() and cf.max() <= 1 / 1.1 + 1e-9  # inverter limit
    roof = profiles.pv_capacity_factor(try08, *BRAUNLAGE, tilt_deg=15.0)
    assert roof.sum() < cf.sum()
    night = try08["ghi_wm2"] == 0
    assert (cf[night] == 0).all()


@pytest.mark.unit
def test_scaling_hits_target_and_clips_at_one():
    cf = pd.Series(np.r_[np.full(1000, 0.9), np.full(3000, 0.2), np.zeros(4760)])
    scaled, k = profiles.scale_to_annual_sum(cf, 1700.0)  # needs clipping: 1.1 * 0.9 < 1
    assert scaled.sum() == pytest.approx(1700.0, rel=1e-9)
    assert scaled.max() == 1.0 and k > 1700.0 / cf.sum()
    with pytest.raises(ValueError):
        profiles.scale_to_annual_sum(cf, 5000.0)


@pytest.mark.unit
def test_wind_flh_hits_target(try08):
    cf = profiles.wind_capacity_factor(try08, 2200.0)
    assert cf.sum() == pytest.approx(2200.0, rel=0.01)
    assert len(cf) == 8760 and not cf.isna().any() and cf.between(0.0, 1.0).all()
    assert 0.5 < cf.attrs["speed_factor"] < 2.0


@pytest.mark.unit
def test_wind_raw_matches_reference_simulation(try08):
    """Notes: TRY08, E-141 at 159 m, z0 = 0.3, gives 5.25 m/s and 2,174 h unscaled."""
    cf = profiles.wind_capacity_factor(try08, 2000.0, roughness_m=0.3)
    assert cf.attrs["hub_speed_ms"] == pytest.approx(5.25, abs=0.02)
    assert cf.attrs["raw_flh_h"] == pytest.approx(2174.0, rel=0.01)


@pytest.mark.unit
def test_wind_unreachable_target_raises(try08):
    with pytest.raises(ValueError, match="unreachable"):
        profiles.wind_capacity_factor(try08, 8000.0)


@pytest.mark.unit
def test_other_demand_factor_shape_and_weekdays():
    d = profiles.other_demand_factor(2025)
    assert len(d) == 8760 and d.mean() == pytest.approx(1.0, abs=1e-12)
    assert (d > 0).all()
    days = d.to_numpy().reshape(365, 24).mean(axis=1)
    assert days[7] > days[4]  # Wed 8 Jan 2025 above Sun 5 Jan 2025
    assert days[0] < days[1]  # New Year's Day is a holiday
    assert len(profiles.other_demand_factor(2024)) == 8760  # leap year: 29 Feb dropped


@pytest.mark.unit
def test_price_factor_mean_one_floor_and_sign():
    rng = np.random.default_rng(1)
    demand = pd.Series(1.0 + 0.2 * np.sin(np.arange(8760) / 24 * 2 * np.pi))
    wind, pv = rng.uniform(0, 1, 8760), rng.uniform(0, 0.5, 8760)
    p = profiles.price_factor(demand, wind, pv)
    assert p.mean() == pytest.approx(1.0, abs=1e-12)
    assert np.corrcoef(p, wind + pv)[0, 1] < -0.5
    low = profiles.price_factor(demand, wind, pv, b=5.0)  # the 0.05 floor binds often
    assert low.mean() == pytest.approx(1.0, abs=1e-12) and low.min() > 0
    assert (low == low.min()).sum() > 100


@pytest.mark.unit
def test_build_hourly_profiles_columns_and_targets(built, two_regions):
    assert built.shape == (8760, 10)
    assert built.index.name == "hour" and built.index.tolist() == list(range(8760))
    assert list(built.columns[:4]) == [
        "harz_high__wind_cf", "harz_high__pv_ground_cf",
        "harz_high__pv_rooftop_cf", "harz_high__temp_air_c",
    ]  # fmt: skip
    assert list(built.columns[-2:]) == ["price_factor", "other_demand_factor"]
    assert not built.isna().any().any()
    cf = built.filter(regex="_cf$")
    assert ((cf >= 0) & (cf <= 1)).all().all()
    for _, row in two_regions.iterrows():
        r = row["region"]
        assert built[f"{r}__wind_cf"].sum() == pytest.approx(row["wind_flh_target_h"], rel=0.01)
        target = row["pv_ground_yield_target_kwh_per_kwp"]
        assert built[f"{r}__pv_ground_cf"].sum() == pytest.approx(target, rel=0.005)
        assert built[f"{r}__pv_rooftop_cf"].sum() < built[f"{r}__pv_ground_cf"].sum()
    assert built["price_factor"].mean() == pytest.approx(1.0, abs=1e-4)
    assert built["other_demand_factor"].mean() == pytest.approx(1.0, abs=1e-4)


@pytest.mark.unit
def test_build_rejects_bad_regions(two_regions):
    bad = two_regions.assign(weather_station=["TRY08", "TRY99"])
    with pytest.raises(InputError, match="harz_east.*TRY99"):
        profiles.build_hourly_profiles(bad)
    with pytest.raises(InputError, match="latitude"):
        profiles.build_hourly_profiles(two_regions.drop(columns="latitude"))


@pytest.mark.unit
def test_write_derived_is_byte_reproducible(tmp_path, two_regions):
    two_regions.iloc[:1].to_csv(tmp_path / "regions.csv", index=False)
    path = profiles.write_derived(tmp_path)
    first = path.read_bytes()
    assert path == tmp_path / "derived" / "hourly_profiles.csv"
    assert profiles.write_derived(tmp_path).read_bytes() == first
    assert first.startswith(b"hour,harz_high__wind_cf,") and b"\r" not in first
    back = pd.read_csv(path, index_col="hour")
    assert back.shape == (8760, 6)


@pytest.mark.unit
def test_committed_derived_profiles_match_a_rebuild(tmp_path):
    """inputs/harz/derived/hourly_profiles.csv is exactly what `run.py inputs` makes now.

    Fails when the data (regions.csv) or the profile code changed without rebuilding the
    committed file: run `python run.py inputs` and commit the result.
    """
    import shutil
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    dataset = tmp_path / "harz"
    dataset.mkdir()
    shutil.copy(repo / "inputs" / "harz" / "regions.csv", dataset / "regions.csv")
    rebuilt = profiles.write_derived(dataset)
    committed = repo / "inputs" / "harz" / "derived" / "hourly_profiles.csv"
    assert rebuilt.read_bytes() == committed.read_bytes()
