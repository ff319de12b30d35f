"""Small helpers shared by the blocks: time-step weights and cyclic predecessors."""

from __future__ import annotations

from model.inputs.data import ModelData

_CACHE: dict[object, object] = {}
_CACHE_OWNER: list[object] = [None]  # the ModelData the cache belongs to


def memo(data: ModelData, key: tuple, compute):
    """Memoise a value derived from ``data`` for the hourly rules.

    Pandas look-ups cost ~100 µs each; the rules read plain values. The cache serves one
    ModelData at a time and is emptied when another arrives, so it never hands out values
    of a different data set.
    """
    if _CACHE_OWNER[0] is not data:
        _CACHE.clear()
        _CACHE_OWNER[0] = data
    if key not in _CACHE:
        _CACHE[key] = compute()
    return _CACHE[key]


def snapshot_weight_h(data: ModelData) -> dict[tuple[int, int], float]:
    """Hours of a calendar year each (day, step) stands for: day weight × step duration."""
    def compute():
        w = data.time.weights
        return {(int(d), int(s)): float(w[d] * h) for (d, s), h in data.time.duration_h.items()}
    return memo(data, ("hours",), compute)


def prev_step(data: ModelData) -> dict[int, int]:
    """Cyclic predecessor of each step within a representative day."""
    steps = sorted(data.time.duration_h.index.get_level_values(1).unique())
    return {s: steps[i - 1] for i, s in enumerate(steps)}


def profile(data: ModelData, column: str) -> dict[tuple[int, int], float]:
    """A representative-time profile column as a plain dict {(day, step): value}."""
    def compute():
        series = data.time.values[column]
        return {(int(d), int(t)): float(v) for (d, t), v in series.items()}
    return memo(data, ("profile", column), compute)


def day_steps(data: ModelData) -> list[tuple[int, int]]:
    """All (day, step) pairs of the representative time, in order."""
    return [tuple(i) for i in data.time.duration_h.index]


def annual_mwh(data: ModelData, var, *prefix) -> object:
    """Annual energy (MWh) of a MW variable indexed ``(*prefix, o, d, t)`` for one op year.

    .. math:: \\sum_{d,t} w_d \\Delta_{d,t}\\, v_{\\ldots,o,d,t}

    ``prefix`` ends with the operation year ``o``.
    """
    hours = snapshot_weight_h(data)
    return sum(h * var[(*prefix, d, t)] for (d, t), h in hours.items())
