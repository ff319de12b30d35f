"""Progressive hedging (mpi-sppy, one process) agrees with the extensive form on small cases."""

from __future__ import annotations

import pytest
from stoch_cases import hedge_data, hedge_tables

from model.stochastic import extensive, hedging, program

pytestmark = pytest.mark.formulation


@pytest.mark.parametrize(("months", "probs", "hedging"), [
    ((6, 18), (0.5, 0.5), {}),  # defaults: rho from costs, first stage fixed, rest as EF
    ((6, 18, 30), (0.4, 0.3, 0.3), {}),
    ((6, 18, 30), (0.4, 0.3, 0.3), {"rho_from": "fixed", "fix": "shared"})])
def test_ph_agrees_with_extensive_form(tmp_path, months, probs,
                                       hedging) -> None:
    data = hedge_data(tmp_path, hedge_tables(months, probs),
                      uncertainty={"route": "progressive_hedging", "hedging": hedging})
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


def test_rho_from_costs_by_hand(tmp_path) -> None:
    """SEP rho = |cost coefficient| / max(1 MW, spread of the iteration-0 starts).

    A start of wind in 2025 costs 0.1 M EUR per MW and year in operation (stoch_cases: 1,000
    EUR/kW over 10 years at 0 %). Approved after 6 months it runs 2.5 of the 3 years: 0.25
    M EUR/MW; after 18 months 1.5 years: 0.15. Planned alone the fast scenario starts 0 MW in
    2025 (it can start in 2026), the slow one 2 MW: spread 2 MW, so rho = 0.125 and 0.075.
    Ground PV started in 2025 (no lead time) runs 3 years, 0.3 M EUR/MW, spread 0: rho 0.3.
    The slow scenario's wind start of 2027 (commissioned after the horizon) is a stand-in
    without cost: the default rho (1).
    """
    import pyomo.environ as pyo

    data = hedge_data(tmp_path, hedge_tables(), uncertainty={
        "route": "progressive_hedging", "hedging": {"max_iterations": 1}})
    ph, *_ = hedging.run_ph(program.prepare(data.scenario, data))
    rho = {}
    for name, s in ph.local_scenarios.items():
        for ndn_i, var in s._mpisppy_data.nonant_indices.items():
            rho[name, var.name] = pyo.value(s._mpisppy_model.rho[ndn_i])
    assert rho["s01", "permitting.start_mw[wind,r1,2025]"] == pytest.approx(0.125)
    assert rho["s02", "permitting.start_mw[wind,r1,2025]"] == pytest.approx(0.075)
    assert rho["s01", "permitting.start_mw[pv_ground,r1,2025]"] == pytest.approx(0.3)
    assert rho["s02", "permitting.start_mw[wind,r1,2027]"] == pytest.approx(1.0)


def test_mpi_entry_point_in_one_process_matches_the_extensive_form(tmp_path, capsys) -> None:
    """``python -m model.cli.hedging SCENARIO --out F`` without mpiexec: one rank, the JSON
    summary on stdout and in F carries the extensive form's expected cost and first stage."""
    import json

    from stoch_cases import hedge_scenario

    from model.cli import hedging as entry

    path = hedge_scenario(tmp_path, hedge_tables((6, 18), (0.5, 0.5)))
    out = tmp_path / "ph.json"
    assert entry.main([str(path), "--out", str(out)]) == 0
    summary = json.loads(out.read_text(encoding="utf-8"))
    # mpi-sppy writes its own progress lines first; the summary is the last thing printed
    assert capsys.readouterr().out.rstrip().endswith(out.read_text(encoding="utf-8").rstrip())
    prog = program.prepare(*_scenario_and_data(path))
    ef = program.solve_program(prog)
    assert summary["processes"] == 1 and summary["scenarios"] == 2
    assert summary["expected_cost_meur"] == pytest.approx(ef.objective_meur, abs=1e-3)
    plan = {(r["technology"], r["region"], r["start_year"]): r["start_mw"]
            for r in summary["first_stage_plan"]}
    assert plan == pytest.approx(extensive.plan_of(ef.models[0], prog.first_years))


def _scenario_and_data(path):
    from model.inputs import config, data

    scenario = config.load_scenario(path)
    return scenario, data.load(scenario)
