"""Progressive hedging (mpi-sppy, one process) agrees with the extensive form on small cases."""

from __future__ import annotations

import pytest
from stoch_cases import hedge_data, hedge_tables

from model.stochastic import extensive, hedging, program

pytestmark = pytest.mark.formulation


@pytest.mark.parametrize(("months", "probs"), [((6, 18), (0.5, 0.5)),
                                               ((6, 18, 30), (0.4, 0.3, 0.3))])
def test_ph_agrees_with_extensive_form(tmp_path, months, probs) -> None:
    data = hedge_data(tmp_path, hedge_tables(months, probs),
                      uncertainty={"route": "progressive_hedging"})
    prog = program.prepare(data.scenario, data)
    assert prog.route == "progressive_hedging"
    ph = program.solve_program(prog)
    prog.route = "extensive_form"
    ef = program.solve_program(prog)
    assert ph.solve.outcome.publishes and ph.iterations >= 1
    assert ph.objective_meur == pytest.approx(ef.objective_meur, abs=1e-3)
    first = [extensive.plan_of(m, prog.first_years) for m in ph.models]
    assert first == [extensive.plan_of(m, prog.first_years) for m in ef.models]


def test_tree_nodes_are_contiguous_and_named(tmp_path) -> None:
    data = hedge_data(tmp_path, hedge_tables((6, 18, 30), (0.4, 0.3, 0.3)))
    prog = program.prepare(data.scenario, data)
    order, paths, stage_years = hedging.node_paths(prog)
    assert stage_years == [(2025,), (2026,), (2027,)]
    assert paths == [(0, 0), (1, 0), (1, 1)]  # 2026: {fast}, {18, 30}; 2027: all apart
    names = hedging._all_nodenames([paths[i] for i in order], len(stage_years))
    assert names == ["ROOT", "ROOT_0", "ROOT_1", "ROOT_0_0", "ROOT_1_0", "ROOT_1_1",
                     "ROOT_0_0_0", "ROOT_1_0_0", "ROOT_1_1_0"]
