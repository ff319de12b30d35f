"""With one scenario the stochastic program is the deterministic run."""

from __future__ import annotations

import pytest
from stoch_cases import distribution_rows, hedge_data, hedge_tables
from tiny import solve_tiny

from model.stochastic import program

pytestmark = pytest.mark.formulation


@pytest.mark.parametrize("months", [6, 12, 18])
def test_one_scenario_equals_deterministic(tmp_path, months) -> None:
    tables = hedge_tables()
    tables["approval_uncertainty"] = distribution_rows(
        [("wind", "*", "approval_months", "discrete", months, 1.0)])
    tables["permitting"].loc[tables["permitting"]["technology"] == "wind",
                             "approval_months"] = months
    data = hedge_data(tmp_path, tables, uncertainty={"scenarios": 1})
    prog = program.prepare(data.scenario, data)
    assert len(prog.outcomes) == 1
    rp = program.solve_program(prog)
    det = solve_tiny(data)
    assert rp.objective_meur == pytest.approx(det.objective, abs=1e-9)
    assert rp.figures[0].objective_meur == pytest.approx(det.objective, abs=1e-9)
