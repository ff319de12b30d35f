r"""Representative days: reduce the 8,760-hour profiles to a few typical days with tsam 4.

The optimisation model runs on ``(day, step)`` pairs. Each representative day stands for
``weights[day]`` calendar days and each step lasts ``duration_h[day, step]`` hours, so an
annual sum is ``sum(weights[d] * duration_h[d, s] * x[d, s])``.

Method (:func:`aggregate`):

* clustering: tsam's hierarchical (Ward) clustering of the min-max normalised daily
  profiles, which is deterministic (no random seed involved);
* values: by default the *medoid*, the real day closest to its cluster's centre, so
  intra-day shapes and peaks stay realistic. Medoids of skewed data (wind) are biased low
  (about -20 to -30 % in the annual wind mean with 8 days), so tsam's
  ``preserve_column_means`` rescales each column of the non-extreme medoids so that the
  weighted annual mean equals the hourly mean, keeping values inside the column's
  original range. Extreme days are not rescaled: they are real days, unchanged;
* extremes (``ExtremeConfig(method="append")``): the caller names them, usually
  :func:`default_extremes` (the day with the lowest mean of the summed ``*__wind_cf``
  columns and the day holding the peak hour of the ``*demand*`` columns); each is kept as a
  real day of its own with weight 1. They count *inside* ``n_days``: tsam clusters
  ``n_days - n_extreme`` typical days and appends the extremes, so the total is ``n_days``
  and the weights sum to 365;
* segmentation (``n_segments``): tsam merges adjacent hours of each representative day
  into ``n_segments`` steps of unequal duration; a step's value is the mean of its hours;
* feature weights (``feature_weights``): the clustering distance is
  :math:`\sum_c w_c \lVert \tilde x_{c,d} - \tilde x_{c,d'} \rVert^2` over the min-max
  normalised columns :math:`\tilde x_c` with weight :math:`w_c` (1 unless given), so a
  column that drives cost (price, demand) can count more than each of the 15 weather columns;
* representation ``"distribution"``: instead of a medoid, tsam's duration-curve-preserving
  representative (the sorted values of a cluster's members, averaged), which keeps each
  cluster's value distribution.
"""

from __future__ import annotations

import logging
import time
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import tsam

logger = logging.getLogger(__name__)

HOURS_PER_DAY = 24
DAYS_PER_YEAR = 365
HOURS_PER_YEAR = HOURS_PER_DAY * DAYS_PER_YEAR
EXTREME_KINDS = ("max_value", "min_value", "max_period", "min_period")
ALIASES = {"min": "min_period", "max": "max_value"}  # short kinds used by model.inputs.data
_HELPER = "__extreme__"  # prefix of the helper columns handed to tsam


@dataclass(frozen=True, eq=False)
class RepresentativeTime:
    """Representative days of one weather year and how they map back to the calendar.

    Attributes
    ----------
    values : pandas.DataFrame
        Index ``(day, step)`` (ints from 0), the input columns.
    duration_h : pandas.Series
        Same index; hours each step stands for (sums to 24 per day).
    weights : pandas.Series
        Index ``day``; calendar days each representative day stands for (sums to 365).
    assignment : pandas.Series
        Index ``0..364`` (calendar day), value: its representative day.
    accuracy : pandas.DataFrame or None
        tsam's per-column ``rmse``, ``mae``, ``rmse_duration`` on normalised data; None in
        pass-through mode.
    """

    values: pd.DataFrame
    duration_h: pd.Series
    weights: pd.Series
    assignment: pd.Series
    accuracy: pd.DataFrame | None = None

    @property
    def n_days(self) -> int:
        """Number of representative days."""
        return len(self.weights)

    def hour_map(self) -> pd.MultiIndex:
        """``(day, step)`` of the representative day segment that each of the 8,760 hours uses."""
        steps = {
            day: np.repeat(group.index.get_level_values("step"), group.to_numpy().astype(int))
            for day, group in self.duration_h.groupby(level="day")
        }
        days = self.assignment.to_numpy()
        step = np.concatenate([steps[d] for d in days])
        return pd.MultiIndex.from_arrays(
            [np.repeat(days, HOURS_PER_DAY), step], names=["day", "step"]
        )

    def expand(self, series_by_day_step: pd.Series | pd.DataFrame) -> np.ndarray:
        """Map a ``(day, step)`` indexed result back to the 8,760 calendar hours.

        Parameters
        ----------
        series_by_day_step : pandas.Series or pandas.DataFrame
            Values indexed like :attr:`values` (per step, not per hour: a power level, a
            price, a state of charge).

        Returns
        -------
        numpy.ndarray
            Shape ``(8760,)`` for a Series, ``(8760, n_columns)`` for a DataFrame; each hour
            takes the value of its representative day's step.

        Raises
        ------
        ValueError
            If a needed ``(day, step)`` is missing from the input.
        """
        positions = series_by_day_step.index.get_indexer(self.hour_map())
        if (positions < 0).any():
            raise ValueError("expand: input lacks some (day, step) pairs of this aggregation")
        return np.asarray(series_by_day_step)[positions]


def _pass_through(hourly: pd.DataFrame) -> RepresentativeTime:
    """The full year as 365 days of 24 one-hour steps, weight 1 each."""
    index = pd.MultiIndex.from_product(
        [range(DAYS_PER_YEAR), range(HOURS_PER_DAY)], names=["day", "step"]
    )
    values = pd.DataFrame(hourly.to_numpy(), index=index, columns=hourly.columns)
    days = pd.RangeIndex(DAYS_PER_YEAR, name="day")
    return RepresentativeTime(
        values=values,
        duration_h=pd.Series(1.0, index=index, name="duration_h"),
        weights=pd.Series(1.0, index=days, name="weight"),
        assignment=pd.Series(np.arange(DAYS_PER_YEAR), index=days, name="representative_day"),
    )


class TooFewDaysError(ValueError):
    """``n_days`` leaves no typical day beside the extreme days (a bad scenario setting)."""

    def __init__(self, n_days: int, n_extreme: int, extreme_days: dict[str, int]) -> None:
        self.n_days, self.n_extreme, self.extreme_days = n_days, n_extreme, extreme_days
        super().__init__(f"n_days={n_days} leaves no typical day beside the {n_extreme} "
                         f"extreme day(s) {extreme_days}")


def default_extremes(columns: pd.Index) -> dict[str, list[str]]:
    """``extreme_columns`` for the lowest-mean day of the summed ``*__wind_cf`` columns and
    the day holding the peak hour of the ``*demand*`` columns (the recommended setting)."""
    wind = [c for c in columns if str(c).endswith("__wind_cf")]
    demand = [c for c in columns if "demand" in str(c)]
    return {k: v for k, v in (("min_period", wind), ("max_value", demand)) if v}


def _extreme_day(series: pd.Series, kind: str) -> int:
    """Calendar day of an extreme, found the way tsam finds it."""
    days = series.to_numpy().reshape(DAYS_PER_YEAR, HOURS_PER_DAY)
    stat = {"max_value": days.max(1), "min_value": days.min(1)}.get(kind, days.mean(1))
    return int(stat.argmax() if kind.startswith("max") else stat.argmin())


def resolve_feature_weights(columns: pd.Index, weights: dict[str, float]) -> dict[str, float]:
    """Column -> clustering weight; a key ``*__<suffix>`` applies to every column ending so.

    Raises
    ------
    ValueError
        Naming the keys that match no column.
    """
    out: dict[str, float] = {}
    unknown = []
    for key, w in weights.items():
        hits = ([c for c in columns if str(c).endswith(key[1:])] if key.startswith("*")
                else [c for c in columns if c == key])
        if not hits:
            unknown.append(key)
        out.update({c: float(w) for c in hits})
    if unknown:
        raise ValueError(f"feature weights name no profile column: {unknown} (columns: "
                         f"{', '.join(map(str, columns))})")
    return out


def aggregate(
    hourly: pd.DataFrame,
    n_days: int,
    n_segments: int | None = None,
    extreme_columns: dict[str, list[str]] | None = None,
    representation: str = "medoid",
    feature_weights: dict[str, float] | None = None,
) -> RepresentativeTime:
    """Aggregate an 8,760-hour frame into ``n_days`` representative days.

    Parameters
    ----------
    hourly : pandas.DataFrame
        8,760 rows (positional hours of a 365-day year), numeric columns, no NaN.
    n_days : int
        Total number of representative days including extremes; 0 or 365 returns the
        full year unchanged (pass-through, no tsam, ``n_segments`` ignored).
    n_segments : int, optional
        Steps per day (1..24); None keeps 24 hourly steps.
    extreme_columns : dict, optional
        ``{kind: [columns]}`` with kind in ``max_value``, ``min_value``, ``max_period``,
        ``min_period`` (aliases ``min`` = ``min_period``, ``max`` = ``max_value``); the
        listed columns are *summed* and the day holding that extreme of the sum is kept as
        a day of its own. None or ``{}`` keeps no extremes; see :func:`default_extremes`.
    representation : str
        tsam representation of a cluster: ``"medoid"`` (default), ``"mean"`` or
        ``"distribution"``.
    feature_weights : dict, optional
        Column -> clustering weight (1 for columns not named); see
        :func:`resolve_feature_weights` for ``*__<suffix>`` keys.

    Returns
    -------
    RepresentativeTime
        ``n_days`` days whose weights sum to 365.

    Raises
    ------
    ValueError
        On a bad shape, NaN, unknown columns or kinds, or ``n_days`` out of range or not
        above the number of extreme days.
    """
    if hourly.shape[0] != HOURS_PER_YEAR or hourly.isna().any().any():
        raise ValueError(f"hourly data must have {HOURS_PER_YEAR} rows and no NaN")
    column_weights = resolve_feature_weights(hourly.columns, feature_weights or {})
    if n_days in (0, DAYS_PER_YEAR):
        if n_segments not in (None, HOURS_PER_DAY):
            logger.warning("pass-through (n_days=%d) ignores n_segments=%s", n_days, n_segments)
        return _pass_through(hourly)
    if not 0 < n_days < DAYS_PER_YEAR:
        raise ValueError(f"n_days must be 0, 365 or 1..364, got {n_days}")
    if n_segments is not None and not 0 < n_segments <= HOURS_PER_DAY:
        raise ValueError(f"n_segments must be in 1..24, got {n_segments}")
    extremes = {ALIASES.get(k, k): list(v) for k, v in (extreme_columns or {}).items()}
    unknown = [k for k in extremes if k not in EXTREME_KINDS]
    missing = [c for cols in extremes.values() for c in cols if c not in hourly.columns]
    if unknown or missing:
        raise ValueError(f"extreme_columns: unknown kinds {unknown} or columns {missing}")

    data = hourly.reset_index(drop=True).astype(float)
    data.index = pd.date_range("2010-01-01", periods=HOURS_PER_YEAR, freq="h")
    helper = {kind: f"{_HELPER}{kind}" for kind, cols in extremes.items() if cols}
    for kind, name in helper.items():
        data[name] = data[list(extremes[kind])].sum(axis=1)
    extreme_days = {kind: _extreme_day(data[name], kind) for kind, name in helper.items()}
    n_clusters = n_days - len(set(extreme_days.values()))
    if n_clusters < 1:
        raise TooFewDaysError(n_days, len(set(extreme_days.values())), extreme_days)
    ext_cfg = tsam.ExtremeConfig(method="append", **{k: [n] for k, n in helper.items()})
    kwargs = {
        "cluster": tsam.ClusterConfig(method="hierarchical", representation=representation),
        "segments": tsam.SegmentConfig(n_segments=n_segments) if n_segments else None,
        "extremes": ext_cfg if helper else None,
        # helper columns have no say in the clustering; named columns their own weight
        "weights": {**column_weights, **{name: 1e-6 for name in helper.values()}} or None,
    }
    start = time.perf_counter()
    for _ in range(3):  # an extreme that is already a medoid is not appended: add a cluster
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = tsam.aggregate(data, n_clusters, **kwargs)
        if result.n_clusters == n_days:
            break
        n_clusters += n_days - result.n_clusters
    else:
        raise RuntimeError(f"tsam returned {result.n_clusters} days instead of {n_days}")
    for w in caught:
        logger.warning("tsam: %s", w.message)
    rep = _from_tsam(result, list(hourly.columns))
    _log_accuracy(rep, hourly, extreme_days, n_clusters, time.perf_counter() - start)
    return rep


def _from_tsam(result: tsam.AggregationResult, columns: list[str]) -> RepresentativeTime:
    """Convert a tsam result, renumbering the representative days 0..n-1."""
    reps = result.cluster_representatives
    ids = sorted(reps.index.get_level_values(0).unique())
    renumber = {old: new for new, old in enumerate(ids)}
    day = reps.index.get_level_values(0).map(renumber).to_numpy()
    step = reps.index.get_level_values(1).to_numpy()
    index = pd.MultiIndex.from_arrays([day, step.astype(int)], names=["day", "step"])
    if result.segment_durations is None:
        duration = np.ones(len(index))
    else:
        duration = np.concatenate([result.segment_durations[i] for i in ids]).astype(float)
    counts = pd.Series({renumber[k]: float(v) for k, v in result.cluster_counts.items()})
    days = pd.RangeIndex(len(ids), name="day")
    calendar = pd.RangeIndex(DAYS_PER_YEAR, name="calendar_day")
    assignment = [renumber[int(c)] for c in result.cluster_assignments]
    accuracy = result.accuracy.summary.loc[columns]
    return RepresentativeTime(
        values=pd.DataFrame(reps[columns].to_numpy(), index=index, columns=columns),
        duration_h=pd.Series(duration, index=index, name="duration_h"),
        weights=counts.reindex(days, fill_value=0.0).rename("weight"),
        assignment=pd.Series(assignment, index=calendar, name="representative_day"),
        accuracy=accuracy,
    )


def _log_accuracy(
    rep: RepresentativeTime,
    hourly: pd.DataFrame,
    extreme_days: dict[str, int],
    n_clusters: int,
    seconds: float,
) -> None:
    """Log tsam's error metrics and the deviation of the annual means."""
    weight = rep.duration_h * rep.weights.reindex(rep.duration_h.index, level="day")
    means = rep.values.mul(weight, axis=0).sum() / HOURS_PER_YEAR
    scale = hourly.abs().mean().replace(0.0, 1.0)
    mean_dev = ((means - hourly.mean()) / scale).abs()
    acc = rep.accuracy
    logger.info(
        "tsam: %d days (%d typical + extremes %s), %d steps/day, %.2f s; normalised RMSE "
        "mean %.3f, max %.3f (%s); max annual-mean deviation %.2f %% (%s)",
        rep.n_days, n_clusters, extreme_days, rep.values.index.get_level_values("step").nunique(),
        seconds, acc["rmse"].mean(), acc["rmse"].max(), acc["rmse"].idxmax(),
        100 * mean_dev.max(), mean_dev.idxmax(),
    )  # fmt: skip
    for col, row in acc.iterrows():
        logger.debug("tsam %s: rmse %.3f, mae %.3f, duration-curve rmse %.3f", col, *row[:3])
