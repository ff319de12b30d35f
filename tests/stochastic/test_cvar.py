"""The CVaR term, by hand on the hedge case (tests/stochastic/test_hand_solved.py)."""

from __future__ import annotations

import pytest
from stoch_cases import hedge_data

from model.stochastic import program, values

pytestmark = pytest.mark.formulation

IMPORTS_MEUR = 2.628


def test_cvar_of_a_discrete_distribution() -> None:
    # worst 25 % of (1: 0.5, 2: 0.3, 10: 0.2): 0.2 at 10 and 0.05 at 2 -> (2 + 0.1) / 0.25
    assert values.cvar([1.0, 2.0, 10.0], [0.5, 0.3, 0.2], 0.75) == pytest.approx(8.4)
    assert values.risk_objective([1.0, 3.0], [0.5, 0.5], None) == pytest.approx(2.0)


def test_cvar_weight_one_minimises_the_worst_half(tmp_path) -> None:
    """CVaR at level 1/2 of two equally likely scenarios is the worse one: starting the
    turbine in 2025 gives (0.5, 0.3), waiting gives (0.3, 1.1): the worse is 0.5 vs 1.1."""
    data = hedge_data(tmp_path, uncertainty={"cvar": {"level": 0.5, "weight": 1.0}})
    prog = program.prepare(data.scenario, data)
    rp = program.solve_program(prog)
    assert rp.objective_meur == pytest.approx(IMPORTS_MEUR + 0.5, abs=1e-6)
    vf = program.value_figures(prog, rp)
    value = {r["quantity"]: r["value_meur"] for r in vf.table}
    assert value["WS"] == pytest.approx(IMPORTS_MEUR + 0.3, abs=1e-6)  # CVaR of (0.3, 0.3)
    assert value["VSS"] == pytest.approx(0.6, abs=1e-6)  # the average-case plan: CVaR 1.1
