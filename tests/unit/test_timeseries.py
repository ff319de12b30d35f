"""Representative days with tsam: weights, durations, means, extremes, pass-through."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from model.inputs.timeseries import RepresentativeTime, aggregate, default_extremes

CALM_DAY = 200  # calendar day whose wind is zero in both regions
PEAK_DAY = 20  # calendar day holding the demand peak hour
MEAN_TOLERANCE = 0.01  # duration-weighted annual mean vs hourly mean, relative


@pytest.fixture(scope="module")
def hourly() -> pd.DataFrame:
    """A synthetic but plausible year: seasonal PV and temperature, gusty wind, demand."""
    rng = np.random.default_rng(7)
    day = np.repeat(np.arange(365), 24)
    hour = np.tile(np.arange(24), 365)
    season = np.cos(2 * np.pi * (day - 172) / 365)  # +1 in June
    sun = np.clip(np.sin(np.pi * (hour - 4) / 16), 0, None) * (0.45 + 0.25 * season)
    wind_level = np.repeat(rng.beta(1.2, 3.0, 365), 24)
    frame = pd.DataFrame(
        {
            "a__wind_cf": np.clip(wind_level + rng.normal(0, 0.05, 8760), 0, 1),
            "b__wind_cf": np.clip(0.8 * wind_level + rng.normal(0, 0.08, 8760), 0, 1),
            "a__pv_ground_cf": sun * np.repeat(rng.uniform(0.2, 1.0, 365), 24),
            "a__temp_air_c": 8 + 9 * season + 4 * np.sin(np.pi * (hour - 9) / 12),
            "other_demand_factor": 1 + 0.2 * np.sin(np.pi * (hour - 6) / 12) - 0.1 * season,
        },
        index=pd.RangeIndex(8760, name="hour"),
    )
    frame.loc[day == CALM_DAY, ["a__wind_cf", "b__wind_cf"]] = 0.0
    frame.loc[PEAK_DAY * 24 + 18, "other_demand_factor"] = 2.5
    frame["price_factor"] = frame["other_demand_factor"] - 0.5 * frame["a__wind_cf"]
    return frame


@pytest.fixture(scope="module")
def eight(hourly) -> RepresentativeTime:
    return aggregate(hourly, 8, extreme_columns=default_extremes(hourly.columns))


@pytest.fixture(scope="module")
def segmented(hourly) -> RepresentativeTime:
    return aggregate(hourly, 8, n_segments=6, extreme_columns=default_extremes(hourly.columns))


def annual_means(rep: RepresentativeTime) -> pd.Series:
    hours = rep.duration_h * rep.weights.reindex(rep.duration_h.index, level="day")
    return rep.values.mul(hours, axis=0).sum() / 8760


@pytest.mark.unit
def test_weights_and_assignment(eight):
    assert eight.n_days == 8
    assert eight.weights.sum() == 365 and (eight.weights >= 1).all()
    assert eight.assignment.index.tolist() == list(range(365))
    counts = eight.assignment.value_counts().sort_index()
    assert counts.index.tolist() == list(range(8))
    assert counts.astype(float).tolist() == eight.weights.tolist()


@pytest.mark.unit
def test_durations_sum_to_24_per_day(eight, segmented):
    for rep, steps in ((eight, 24), (segmented, 6)):
        assert rep.duration_h.groupby(level="day").sum().eq(24).all()
        assert rep.values.index.names == ["day", "step"]
        assert rep.values.groupby(level="day").size().eq(steps).all()
        assert (rep.duration_h >= 1).all()


@pytest.mark.unit
def test_annual_means_preserved(eight, segmented, hourly):
    scale = hourly.abs().mean()
    for rep in (eight, segmented):
        assert ((annual_means(rep) - hourly.mean()).abs() / scale).max() < MEAN_TOLERANCE
        cf = rep.values.filter(like="_cf")
        assert ((cf >= 0) & (cf <= 1)).all().all()


@pytest.mark.unit
def test_extreme_days_kept_unchanged(eight, hourly):
    for calendar_day in (CALM_DAY, PEAK_DAY):
        rep_day = eight.assignment[calendar_day]
        assert eight.weights[rep_day] == 1
        original = hourly.iloc[calendar_day * 24 : (calendar_day + 1) * 24].to_numpy()
        np.testing.assert_allclose(eight.values.loc[rep_day].to_numpy(), original, atol=1e-12)


@pytest.mark.unit
def test_segment_values_are_hour_means_of_the_extreme_day(segmented, hourly):
    rep_day = segmented.assignment[CALM_DAY]
    lengths = segmented.duration_h.loc[rep_day].astype(int).to_numpy()
    day = hourly.iloc[CALM_DAY * 24 : (CALM_DAY + 1) * 24].to_numpy()
    starts = np.r_[0, np.cumsum(lengths)[:-1]]
    expected = np.add.reduceat(day, starts, axis=0) / lengths[:, None]
    np.testing.assert_allclose(segmented.values.loc[rep_day].to_numpy(), expected, atol=1e-9)


@pytest.mark.unit
def test_expand_maps_steps_back_to_hours(eight, segmented, hourly):
    full = eight.expand(eight.values)
    assert full.shape == (8760, hourly.shape[1])
    d, h = 123, 17
    np.testing.assert_array_equal(full[d * 24 + h], eight.values.loc[(eight.assignment[d], h)])
    one = segmented.expand(segmented.values["a__wind_cf"])
    assert one.shape == (8760,)
    assert one.mean() == pytest.approx(hourly["a__wind_cf"].mean(), rel=MEAN_TOLERANCE)
    with pytest.raises(ValueError):
        eight.expand(eight.values.drop(index=0, level="day"))


@pytest.mark.unit
def test_pass_through_reproduces_input(hourly):
    for n_days in (365, 0):
        rep = aggregate(hourly, n_days)
        assert rep.n_days == 365 and rep.accuracy is None
        assert (rep.weights == 1).all() and (rep.duration_h == 1).all()
        assert rep.assignment.tolist() == list(range(365))
        np.testing.assert_array_equal(rep.values.to_numpy(), hourly.to_numpy())
        np.testing.assert_array_equal(rep.expand(rep.values), hourly.to_numpy())


@pytest.mark.unit
def test_deterministic_and_options(hourly, eight):
    assert default_extremes(hourly.columns) == {
        "min_period": ["a__wind_cf", "b__wind_cf"], "max_value": ["other_demand_factor"],
    }  # fmt: skip
    short = {"min": ["a__wind_cf", "b__wind_cf"], "max": ["other_demand_factor"]}
    again = aggregate(hourly, 8, extreme_columns=short)  # aliases used by model.inputs.data
    pd.testing.assert_frame_equal(again.values, eight.values)
    pd.testing.assert_series_equal(again.assignment, eight.assignment)
    plain = aggregate(hourly, 1)  # no extremes unless asked for
    assert plain.n_days == 1 and plain.weights.sum() == 365
    assert list(eight.accuracy.columns[:3]) == ["rmse", "mae", "rmse_duration"]


@pytest.mark.unit
def test_bad_arguments_raise(hourly):
    with pytest.raises(ValueError, match="n_days"):
        aggregate(hourly, 400)
    with pytest.raises(ValueError, match="typical day"):
        aggregate(hourly, 2, extreme_columns=default_extremes(hourly.columns))
    with pytest.raises(ValueError, match="n_segments"):
        aggregate(hourly, 8, n_segments=30)
    with pytest.raises(ValueError, match="extreme_columns"):
        aggregate(hourly, 8, extreme_columns={"min_period": ["nope"]})
    with pytest.raises(ValueError, match="8760"):
        aggregate(hourly.iloc[:100], 8)


def _price_error(rep: RepresentativeTime, hourly: pd.DataFrame) -> float:
    """Mean absolute error of the price column hour by hour (the aggregation's own hours)."""
    return float(np.abs(rep.expand(rep.values["price_factor"]) - hourly["price_factor"]).mean())


def test_feature_weights_make_a_column_count_more(hourly):
    """Weighting the price column 10x fits it better, hour by hour, than equal weights; a
    ``*__suffix`` key names every region's column; an unknown key is an error."""
    equal = aggregate(hourly, 6)
    priced = aggregate(hourly, 6, feature_weights={"price_factor": 10.0})
    assert _price_error(priced, hourly) < _price_error(equal, hourly)
    from model.inputs.timeseries import resolve_feature_weights
    assert resolve_feature_weights(hourly.columns, {"*__wind_cf": 2.0}) == {
        "a__wind_cf": 2.0, "b__wind_cf": 2.0}
    with pytest.raises(ValueError, match="name no profile column.*'nope'"):
        aggregate(hourly, 6, feature_weights={"nope": 2.0})


def test_distribution_representation_keeps_weights_and_means(hourly):
    """The duration-curve representation: weights sum to 365, durations to 24 per day, the
    annual means hold (tsam rescales), and values stay within each column's range."""
    rep = aggregate(hourly, 8, 6, default_extremes(hourly.columns),
                    representation="distribution")
    assert rep.weights.sum() == pytest.approx(365.0)
    assert rep.duration_h.groupby(level="day").sum().to_numpy() == pytest.approx(24.0)
    w = rep.duration_h * rep.weights.reindex(rep.duration_h.index, level="day")
    means = rep.values.mul(w, axis=0).sum() / 8760
    np.testing.assert_allclose(means, hourly.mean(), rtol=MEAN_TOLERANCE)
    assert (rep.values.min() >= hourly.min() - 1e-9).all()
    assert (rep.values.max() <= hourly.max() + 1e-9).all()
