"""Build the Pyomo model: sets, then one block per concern, then the closing module.

Reads like a table of contents: the formulation of each constraint family lives in
:mod:`model.formulation.blocks`. Blocks never edit each other's constraints; they add terms
(electricity injections, yearly costs, yearly emissions, per-plant reporting terms) to the
typed accumulators of :mod:`model.formulation.accumulators` (``m.acc``), and
:mod:`model.formulation.closing`, built last, turns them into the electricity balance, the
emission accounting and the objective. A block added after closing raises
:class:`~model.formulation.accumulators.ModelBuildError` naming it.

Units inside the model: power MW, energy MWh, emissions t CO2, costs EUR per year; the
objective is the net present value in million EUR (well scaled for HiGHS).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC

from model.formulation.accumulators import Accumulators
from model.formulation.blocks import (
    grid,
    permitting,
    plants,
    storage,
    supply,
    targets,
    transmission,
)
from model.formulation.closing import OBJECTIVE_SCALE, close_model
from model.inputs.data import ModelData

__all__ = ["BLOCKS", "OBJECTIVE_SCALE", "add_sets", "build_model"]

log = logging.getLogger(__name__)

Block = Callable[[pyo.ConcreteModel, ModelData], None]

#: The blocks in build order. ``permitting`` comes first because it defines the capacity
#: variables the others read (``m.capacity_mw``); ``grid`` reads ``m.supply`` (export by
#: generator) and ``transmission`` reads ``m.grid``; the rest may come in any order.
BLOCKS: tuple[Block, ...] = (
    permitting.add_permitting,
    supply.add_supply,
    storage.add_storage,
    plants.add_plants,
    grid.add_grid,
    transmission.add_transmission,
    targets.add_targets,
)


def add_sets(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Index sets named like the xarray dims of the results (year, region, day, step)."""
    m.year = pyo.Set(initialize=data.years, ordered=True, doc="pathway years")
    m.op_year = pyo.Set(initialize=data.op_years, ordered=True, doc="years with dispatch")
    m.region = pyo.Set(initialize=data.regions, ordered=True)
    t = data.time
    m.day = pyo.Set(initialize=sorted(t.weights.index), ordered=True, doc="representative days")
    m.step = pyo.Set(
        initialize=sorted(t.duration_h.index.get_level_values(1).unique()), ordered=True,
        doc="steps (hours or segments) of a representative day",
    )
    m.snapshot = pyo.Set(initialize=m.op_year * m.day * m.step, ordered=True,
                         doc="dispatch time steps (op_year, day, step)")
    m.snapshot.dims = ("op_year", "day", "step")  # dim names of the results (outputs.results)


def build_model(data: ModelData, blocks: Sequence[Block] = BLOCKS) -> pyo.ConcreteModel:
    """Build the complete pathway model for a resolved data set.

    Parameters
    ----------
    data : ModelData
        The resolved inputs of one scenario.
    blocks : sequence of callables
        ``add_<concern>(m, data)`` functions, built in this order before closing
        (default :data:`BLOCKS`).

    Returns
    -------
    ConcreteModel
        With one block per concern (``permitting``, ``supply``, ``storage``, ``plants``,
        ``grid``, ``targets``), the closed accounting (``emissions``, ``costs``) and the
        objective ``npv_meur``.
    """
    # The garbage collector is paused during construction: Pyomo creates many small objects
    # that the collector would otherwise rescan (bench/bench_build.py times the build).
    with PauseGC():
        m = pyo.ConcreteModel(name=data.scenario.name)
        m.acc = Accumulators()
        add_sets(m, data)
        for add_block in blocks:
            add_block(m, data)
        close_model(m, data)  # balance, emissions, costs and objective: always last
    log.info("built model: %d variables, %d constraints",
             m.nvariables(), m.nconstraints())
    return m
