"""Small helpers shared by the blocks: time-step weights and cyclic predecessors."""

from __future__ import annotations

from model.data import ModelData

_HOURS_CACHE: dict[int, tuple[object, dict]] = {}


def snapshot_weight_h(data: ModelData) -> dict[tuple[int, int], float]:
    """Hours of a calendar year each (day, step) stands for: day weight × step duration."""
    cached = _HOURS_CACHE.get(id(data))
    if cached is not None and cached[0] is data:
        return cached[1]
    w = data.time.weights
    hours = {(int(d), int(s)): float(w[d] * h) for (d, s), h in data.time.duration_h.items()}
    _HOURS_CACHE.clear()  # one model at a time; keeps no stale data alive
    _HOURS_CACHE[id(data)] = (data, hours)
    return hours


def prev_step(data: ModelData) -> dict[int, int]:
    """Cyclic predecessor of each step within a representative day."""
    steps = sorted(data.time.duration_h.index.get_level_values(1).unique())
    return {s: steps[i - 1] for i, s in enumerate(steps)}


_PROFILE_CACHE: dict[int, tuple[object, dict]] = {}


def profile(data: ModelData, column: str) -> dict[tuple[int, int], float]:
    """A representative-time profile column as a plain dict {(day, step): value}.

    Pandas look-ups cost ~100 µs each; the hourly constraint rules read plain dicts.
    """
    cached = _PROFILE_CACHE.get(id(data))
    if cached is None or cached[0] is not data:
        _PROFILE_CACHE.clear()
        cached = (data, {})
        _PROFILE_CACHE[id(data)] = cached
    table = cached[1]
    if column not in table:
        series = data.time.values[column]
        table[column] = {(int(d), int(t)): float(v) for (d, t), v in series.items()}
    return table[column]


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
