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
