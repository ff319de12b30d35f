"""The block contract (model.formulation.accumulators): late blocks are refused, order is free.

Tiny wind case (tests/cases.py): one region, 8 MW of wind land, 2 MW turbines at capacity
factor 0.5, a flat 1 MW plant, 2025 only, wholesale 100 EUR/MWh, capex 100,000 EUR/MW/yr.
Optimum: 4 turbines (8 MW, 4 MW average output): capex 0.8 M EUR; the plant's 1 MW is
covered and 3 MW are exported all year: 3 x 8,760 x 100 = 2.628 M EUR revenue;
objective 0.8 - 2.628 = -1.828 M EUR. Before the contract, a supply block built after the
balance was closed was silently dropped and the model solved to a different "optimum".
"""

from __future__ import annotations

import pytest
from cases import wind_case

from model.formulation import build
from model.formulation.accumulators import Accumulators, ModelBuildError
from model.formulation.blocks import grid, permitting, plants, storage, supply, targets
from model.inputs import config, data
from model.solve.highs import highs_options, solve

pytestmark = pytest.mark.formulation

COVERS = ["grid.balance"]


@pytest.fixture
def wind(tmp_path):
    path = wind_case(tmp_path, years={"start": 2025, "end": 2025})
    return data.load(config.load_scenario(path))


def test_block_added_after_closing_is_refused_naming_it(wind):
    """A supply block built after the closing module raises instead of being dropped."""
    m = build.build_model(wind, blocks=(permitting.add_permitting, grid.add_grid,
                                        plants.add_plants))
    with pytest.raises(ModelBuildError, match="block 'supply' added to the electricity "
                                              "balance after it was closed by 'closing'"):
        supply.add_supply(m, wind)


def test_every_accumulator_refuses_after_closing(wind):
    """Costs, emissions and the plant report are closed too, each naming the late block."""
    m = build.build_model(wind)
    writer = m.acc.writer("late")
    for add, label in ((lambda: writer.cost("capex", 2025, 1.0), "yearly costs"),
                       (lambda: writer.emission("plant_gas", 2025, 1.0), "yearly emissions"),
                       (lambda: writer.demand(("r1", 2025, 0, 0), 1.0), "electricity balance"),
                       (lambda: writer.plant("p1", 2025, 0.0, 0.0), "plant report")):
        with pytest.raises(ModelBuildError, match=f"block 'late' added to the {label}"):
            add()


def test_unknown_cost_category_is_refused():
    with pytest.raises(ModelBuildError, match="block 'x' added cost category 'fuel'"):
        Accumulators().writer("x").cost("fuel", 2025, 1.0)


def test_closing_needs_the_grid_block(wind):
    with pytest.raises(ModelBuildError, match="needs the 'grid' block"):
        build.build_model(wind, blocks=(permitting.add_permitting,))


@pytest.mark.covers("grid.balance")
def test_block_order_does_not_change_the_optimum(wind):
    """Supply after grid (the order that used to drop it) gives the hand-solved optimum."""
    objectives = []
    for blocks in (build.BLOCKS, (permitting.add_permitting, grid.add_grid, targets.add_targets,
                                  plants.add_plants, storage.add_storage, supply.add_supply)):
        res = solve(build.build_model(wind, blocks=blocks), highs_options(wind.scenario.solver))
        objectives.append(res.objective)
    assert objectives == pytest.approx([0.8 - 2.628] * 2, rel=1e-9)
