"""PH's published plan: first-stage candidates, the Lagrangian bound and the stated gap."""

from __future__ import annotations

import pytest
from stoch_cases import cap_tables, hedge_data, hedge_tables

from model.stochastic import bounds, extensive, program, xhat

pytestmark = pytest.mark.formulation

CAP_POLICY = {"capacity_target_mw": {"wind": {2027: 6.0}}}


def test_published_first_stage_is_feasible_where_the_average_is_not(tmp_path) -> None:
    """The cap case (stoch_cases.cap_tables): 3 MW of approvals a year, attrition 0 or 0.5,
    without withdrawal (the cap hard; with withdrawal the average is feasible:
    test_withdrawal.py).

    Planned alone, the scenario without attrition starts one 2 MW turbine in 2025 (two would
    put 4 MW of approvals above the cap), the one with attrition 0.5 three (6 MW started,
    3 MW approved). After one PH iteration the average is still above 2 MW and rounds to two
    turbines, infeasible without attrition; the published first stage must be the one
    turbine the extensive form starts, and the extensive form's optimum must lie between the
    stated bounds.
    """
    data = hedge_data(tmp_path, cap_tables(), policy=CAP_POLICY, uncertainty={
        "route": "progressive_hedging", "hedging": {"max_iterations": 1},
        "withdrawal": False})
    prog = program.prepare(data.scenario, data)
    ph = program.solve_program(prog)
    rows = {r["candidate"]: r for r in ph.extra["candidates"]}
    assert rows["average"]["outcome"] == "infeasible"
    assert ph.solve.outcome.publishes and ph.extra["candidate"] != "average"
    prog.route = "extensive_form"
    ef = program.solve_program(prog)
    first = extensive.plan_of(ph.models[0], prog.first_years)
    assert first[("wind", "r1", 2025)] == pytest.approx(2.0)
    assert first == extensive.plan_of(ef.models[0], prog.first_years)
    lower, upper = ph.extra["lower_meur"], ph.extra["upper_meur"]
    assert upper == ph.objective_meur
    assert lower - 1e-6 <= ef.objective_meur <= upper + 1e-6
    assert upper - ef.objective_meur <= ph.extra["gap_meur"] + 1e-6
    assert ph.solve.gap == pytest.approx((upper - lower) / upper)


def test_candidates_rounding_and_duplicates(tmp_path) -> None:
    """5.9 MW of 2 MW turbines: nearest 6 MW, down 4 MW; a continuous start stays as it is;
    the minimum over the scenarios is rounded down; equal plans are listed once."""
    data = hedge_data(tmp_path, hedge_tables())
    prog = program.prepare(data.scenario, data)
    wind, pv = ("wind", "r1", 2025), ("pv_ground", "r1", 2025)
    average = {wind: 5.9, pv: 1.25}
    iterates = {"s01": {wind: 5.9, pv: 1.25}, "s02": {wind: 3.9, pv: 0.5}}
    found = {c.label: c.plan for c in xhat.candidates(prog, average, iterates)}
    assert found["average"] == {wind: 6.0, pv: 1.25}
    assert found["average_down"] == {wind: 4.0, pv: 1.25}
    assert "scenario s01" not in found  # the same plan as "average"
    assert found["scenario s02"] == {wind: 4.0, pv: 0.5}
    assert found["minimum"] == {wind: 2.0, pv: 0.5}


def test_projected_prices_sum_to_zero_by_hand() -> None:
    """Prices -0.3, 0.12, 0.04 with probabilities 0.4, 0.3, 0.3 (PH's W with rho from costs
    on the three-outcome case) sum to -0.072; projected: -0.228, 0.192, 0.112. A start only
    two scenarios have is projected over those two."""
    key, late = ("wind", "r1", 2025), ("wind", "r1", 2026)
    prices = {"a": {key: -0.3, late: 1.0}, "b": {key: 0.12, late: 0.5}, "c": {key: 0.04}}
    probs = {"a": 0.4, "b": 0.3, "c": 0.3}
    out = bounds.project(prices, probs, lambda name, year: ())
    assert [out[s][key] for s in "abc"] == pytest.approx([-0.228, 0.192, 0.112])
    assert out["a"][late] == pytest.approx(1.0 - (0.4 + 0.15) / 0.7)
    assert sum(probs[s] * out[s][late] for s in "ab") == pytest.approx(0.0, abs=1e-12)


def test_lagrangian_bound_below_extensive_form(tmp_path) -> None:
    """Three outcomes (multi-stage): the bound from projected PH prices is at most the
    extensive form's optimum, and at least the wait-and-see bound with zero prices."""
    data = hedge_data(tmp_path, hedge_tables((6, 18, 30), (0.4, 0.3, 0.3)),
                      uncertainty={"route": "progressive_hedging"})
    prog = program.prepare(data.scenario, data)
    ph = program.solve_program(prog)
    prog.route = "extensive_form"
    ef = program.solve_program(prog)
    assert ph.extra["lagrangian_bound_meur"] <= ef.objective_meur + 1e-6
    zero = bounds.lagrangian_bound(prog, {})
    assert zero == pytest.approx(ph.extra["trivial_bound_meur"], abs=1e-6)
    assert ph.extra["lower_meur"] >= zero - 1e-9
    assert ph.objective_meur == pytest.approx(ef.objective_meur, abs=1e-3)
