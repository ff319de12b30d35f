r"""Operating years: how pathway years book the dispatch of the years whose dispatch is modelled.

With ``years.operation_step`` :math:`k > 1` the dispatch is modelled only in every
:math:`k`-th year and the last (the operating years :math:`o`); investment, the permitting
pipeline, costs and emissions stay yearly. :func:`operation_weights` gives the weights
:math:`\lambda_{y,o}` with which year :math:`y` books the operating years' dispatch
(linear interpolation), :func:`op_capacity_weights` the weights :math:`\hat\lambda_{o,y}`
of the mean capacity an operating year dispatches.

Legend: :math:`y` year, :math:`o` operating year, :math:`\lambda` weights (each set sums to 1),
:math:`CAP` capacity (MW).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from model.inputs.data import ModelData


def op_capacity_weights(data: ModelData) -> dict[int, dict[int, float]]:
    r"""Weights :math:`\hat\lambda_{o,y}` of the capacity an operating year dispatches.

    Operating year :math:`o` stands for the years that book its dispatch, year :math:`y` with
    weight :math:`\lambda_{y,o}` (:attr:`ModelData.op_weights`); its dispatch runs on their
    weighted mean capacity

    .. math:: \overline{CAP}_o = \sum_y \hat\lambda_{o,y} CAP_y, \qquad
              \hat\lambda_{o,y} = \lambda_{y,o} / \textstyle\sum_{y'} \lambda_{y',o},

    so a project commissioned between two operating years adds output to both in proportion
    to the years it actually operates: summed over the years, its energy is
    :math:`\sum_y \lambda_{y,o}\,\phi\,\overline{CAP}_o = \phi \sum_y CAP_y` (exact while
    it is not curtailed). Only years between the first and the last operating year count.
    Every operating year of a run with ``operation_step: 1`` gets
    :math:`\hat\lambda_{o,o} = 1`. ``ModelData.op_capacity``, when set, is returned as is
    (the hourly validation of an operating year uses the weights of the plan it checks).
    """
    if getattr(data, "op_capacity", None) is not None:
        return data.op_capacity
    ops = sorted(data.op_years)
    raw: dict[int, dict[int, float]] = {o: {} for o in ops}
    for y, shares in data.op_weights.items():
        if ops[0] <= y <= ops[-1]:
            for o, w in shares.items():
                raw[o][y] = w
    return {o: {y: w / sum(ys.values()) for y, w in ys.items()} for o, ys in raw.items()}


def operation_weights(years: list[int], op_years: list[int]) -> dict[int, dict[int, float]]:
    r"""Weights with which each year books the dispatch of the operating years.

    A year :math:`y` between consecutive operating years :math:`o_1 < y < o_2` takes

    .. math:: \lambda_{y,o_1} = \frac{o_2 - y}{o_2 - o_1}, \qquad
              \lambda_{y,o_2} = \frac{y - o_1}{o_2 - o_1},

    so every dispatch quantity (energy, fuel, imports, emissions, and the costs at year
    :math:`y`'s prices) of year :math:`y` is :math:`\sum_o \lambda_{y,o} q_o`: a project
    commissioned between two operating years shows its value from the next one on, in
    proportion to the time elapsed, instead of waiting for it (as when a year reuses the
    preceding operating year). An operating year takes its own dispatch
    (:math:`\lambda_{y,y} = 1`); a year before the first or after the last operating year
    takes the nearest one.

    Legend: :math:`y` year, :math:`o` operating year, :math:`\lambda` weight (sums to 1).
    """
    ops = sorted(op_years)
    out: dict[int, dict[int, float]] = {}
    for y in years:
        if y in ops or y < ops[0] or y > ops[-1]:
            out[y] = {y if y in ops else (ops[0] if y < ops[0] else ops[-1]): 1.0}
            continue
        hi = next(o for o in ops if o > y)
        lo = max(o for o in ops if o < y)
        out[y] = {lo: (hi - y) / (hi - lo), hi: (y - lo) / (hi - lo)}
    return out
