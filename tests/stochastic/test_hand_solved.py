"""The hedge case solved on paper (tests/stochastic/stoch_cases.py).

One turbine slot (2 MW of land), a target of 2 MW of wind in operation in 2027 (average
over the year; 1 M EUR per MW short), 0.2 M EUR per turbine-year in operation, approval 6
or 18 months with probability 1/2 (no other stage, starts on 1 January). Starting in 2025
(x) or in 2026 (y), one turbine at most:

==========  =================================  ===================================
            fast (6 months)                    slow (18 months)
==========  =================================  ===================================
x = 1       online 2025.5: 2.5 yr x 0.2 = 0.5  online 2026.5: 1.5 yr x 0.2 = 0.3
x = 0, y=1  online 2026.5: 1.5 yr x 0.2 = 0.3  online 2027.5: 1 MW short: 1.0 + 0.1
==========  =================================  ===================================

The 2025 start is decided before any approval is seen (the fast approval arrives mid-2025,
the slow one mid-2026), so x is shared; y adapts. Stochastic: x = 1 costs 0.4 in
expectation, x = 0 costs 0.7: RP = 0.4. Wait and see: 0.3 in both: WS = 0.3, EVPI = 0.1.
Average case (12 months): x = 1 costs 2 yr x 0.2 = 0.4, x = 0, y = 1 costs 0.2, so the
average-case plan starts nothing in 2025, and fixed across the scenarios it costs 0.7:
EEV = 0.7, VSS = 0.3. Plant imports (1 MW x 8,760 h x 100 EUR/MWh x 3 years = 2.628 M EUR)
are the same in every plan and scenario.
"""

from __future__ import annotations

import pytest
from stoch_cases import hedge_data

from model.stochastic import extensive, program, tree

pytestmark = pytest.mark.formulation

IMPORTS_MEUR = 2.628


@pytest.fixture(scope="module")
def solved(tmp_path_factory):
    data = hedge_data(tmp_path_factory.mktemp("hedge"))
    prog = program.prepare(data.scenario, data)
    rp = program.solve_program(prog)
    return prog, rp, program.value_figures(prog, rp)


def test_tree_shares_only_the_2025_start(solved) -> None:
    prog, _, _ = solved
    assert [o.probability for o in prog.outcomes] == [0.5, 0.5]
    assert prog.first_years == (2025,)
    assert prog.groups[2025] == [(0, 1)]
    assert prog.groups[2026] == [(0,), (1,)]


def test_first_stage_starts_one_turbine(solved) -> None:
    prog, rp, _ = solved
    plan = {(r["technology"], r["start_year"]): r["start_mw"]
            for r in program.first_stage_plan(prog, rp.models)}
    assert plan[("wind", 2025)] == pytest.approx(2.0)
    assert rp.objective_meur == pytest.approx(IMPORTS_MEUR + 0.4, abs=1e-6)
    assert [f.objective_meur for f in rp.figures] == pytest.approx(
        [IMPORTS_MEUR + 0.5, IMPORTS_MEUR + 0.3], abs=1e-6)


def test_evpi_and_vss_as_on_paper(solved) -> None:
    _, _, vf = solved
    value = {r["quantity"]: r["value_meur"] for r in vf.table}
    assert value["WS"] == pytest.approx(IMPORTS_MEUR + 0.3, abs=1e-6)
    assert value["EV"] == pytest.approx(IMPORTS_MEUR + 0.2, abs=1e-6)
    assert value["EEV"] == pytest.approx(IMPORTS_MEUR + 0.7, abs=1e-6)
    assert value["EVPI"] == pytest.approx(0.1, abs=1e-6)
    assert value["VSS"] == pytest.approx(0.3, abs=1e-6)
    assert vf.average_plan[("wind", "r1", 2025)] == pytest.approx(0.0)


def test_non_anticipativity_binds(solved) -> None:
    """Shared starts are equal in the solution; planned alone, the scenarios disagree."""
    prog, rp, _ = solved
    starts = [extensive.plan_of(m, [2025]) for m in rp.models]
    assert starts[0] == starts[1]
    alone = []
    for d in prog.datas:
        _, m = program._solve_alone(d, prog)
        alone.append(extensive.plan_of(m, [2025])[("wind", "r1", 2025)])
    assert alone == pytest.approx([0.0, 2.0])  # fast: wait for 2026; slow: start now


def test_three_outcomes_share_2026_while_undecided(tmp_path) -> None:
    """6/18/30 months: on 1 Jan 2026 only the fast approval has arrived, so the two slower
    scenarios still share their 2026 starts; by 2027 the 18-month one is known."""
    from stoch_cases import hedge_tables

    tables = hedge_tables((6, 18, 30), (0.4, 0.3, 0.3))
    data = hedge_data(tmp_path, tables)
    prog = program.prepare(data.scenario, data)
    assert prog.groups[2026] == [(0,), (1, 2)]
    assert prog.groups[2027] == [(0,), (1,), (2,)]
    assert [s.years for s in tree.stages(data, prog.outcomes)] == [(2025,), (2026,), (2027,)]
    rp = program.solve_program(prog)
    s2026 = [extensive.plan_of(m, [2026]) for m in rp.models]
    shared = set(s2026[1]) & set(s2026[2])
    assert shared and all(s2026[1][k] == pytest.approx(s2026[2][k]) for k in shared)


def test_average_plan_that_breaks_the_land_is_reported(tmp_path) -> None:
    """Without withdrawal (``uncertainty.withdrawal: false``, the limits hard; with it the
    excess would be withdrawn: test_withdrawal.py). Continuous wind, 1.8 MW of land,
    approval 6 months, attrition 0 or 0.5 (average 0.25), target 1.5 MW in 2026 (only 2025
    starts can reach it). The average case starts
    1.5 / 0.75 = 2 MW in 2025; with no refusals all 2 MW get built, 0.2 MW more than the
    land in every year: EEV is unbounded and the break is named. The stochastic plan starts
    x = 1.5 MW: with refusals (0.5), 2026 starts y fill the land (y = 3.6 - x, half a year in
    2026 at half their size), so that scenario costs 0.87 - 0.2x; without refusals x >= 1.5
    costs 0.25x and x < 1.5 needs 2026 starts at 0.3 M EUR per MW of target: the expectation
    0.66 - 0.125x below 1.5 and 0.435 + 0.025x above is least at x = 1.5 (RP = 2.628 imports
    + 0.4725 M EUR)."""
    from stoch_cases import distribution_rows
    from tiny import wind_tables

    tables = wind_tables(land_mw=1.8, lumpy=False)
    tables["approval_uncertainty"] = distribution_rows(
        [("wind", "*", "approval_months", "discrete", 6, 1.0),
         ("wind", "*", "attrition_share", "discrete", 0.0, 0.5),
         ("wind", "*", "attrition_share", "discrete", 0.5, 0.5)])
    data = hedge_data(tmp_path, tables, uncertainty={"withdrawal": False},
                      policy={"capacity_target_mw": {"wind": {2026: 1.5}}})
    prog = program.prepare(data.scenario, data)
    rp = program.solve_program(prog)
    vf = program.value_figures(prog, rp)
    assert vf.average_plan[("wind", "r1", 2025)] == pytest.approx(2.0)
    assert vf.outcomes["eev"] == "infeasible"
    assert [(b["scenario"], b["limit"], b["year"]) for b in vf.breaks] == [
        ("s01", "land", 2025), ("s01", "land", 2026), ("s01", "land", 2027)]
    assert [b["excess_mw"] for b in vf.breaks] == pytest.approx([0.2, 0.2, 0.2])
    value = {r["quantity"]: r["value_meur"] for r in vf.table}
    assert value["VSS"] is None
    first = extensive.plan_of(rp.models[0], [2025])[("wind", "r1", 2025)]
    assert first == pytest.approx(1.5)  # the stochastic plan stays within the land
    assert rp.objective_meur == pytest.approx(IMPORTS_MEUR + 0.4725, abs=1e-6)
