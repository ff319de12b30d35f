r"""Withdrawal at the approval decision, solved on paper (stoch_cases.withdrawal_tables).

One wind project started on 1 January 2025 (x MW, continuous), decided before the outcome is
known; approval after 6 months, so the refusals are known mid-2025, when the developer may
withdraw w MW of the approved (1 - a) x. Approved q = (1 - a) x - w MW run through 2026
(realisation 6 months), 0.1 M EUR per MW (1,000 EUR/kW over 10 years at 0 %). Approval cap
q <= 1 MW; target 1 MW of wind in 2026, 1 M EUR per MW short; development cost delta x 1 M
EUR per MW on the refused a x and the withdrawn w. Attrition a = 0 or 0.5 (probability 1/2);
average case a = 0.25. Plant imports (1 MW x 8,760 h x 100 EUR/MWh x 2 years = 1.752 M EUR)
are the same everywhere. Per scenario (delta = 0.2)::

    a = 0:    cost = 0.1 q + 0.2 w + (1 - q)+,             q = x - w <= 1
    a = 0.5:  cost = 0.1 q + 0.2 (0.5 x + w) + (1 - q)+,   q = 0.5 x - w <= 1

* WS: a = 0 starts 1 MW (0.1); a = 0.5 starts 2 MW (0.1 + 0.2 = 0.3). WS = 0.2.
* EV: a = 0.25 costs 0.1 + 0.2 x 0.25 / 0.75 = 1/6 per approved MW < 1: x = 4/3, EV = 1/6.
* EEV (x = 4/3): a = 0 approves 4/3 > 1, so without withdrawal it is infeasible; with it
  w = 1/3: 0.1 + 0.2/3 = 1/6. a = 0.5: q = 2/3, 0.1 x 2/3 + 0.2 x 2/3 + 1/3 = 8/15.
  EEV = (1/6 + 8/15) / 2 = 0.35; the cap binds only in a = 0.
* RP: expected cost 1 - 0.625 x on [0, 1], 0.45 - 0.075 x on [1, 2] (a = 0 withdraws
  x - 1), 0.2 x - 0.1 above 2: x = 2, RP = 0.3 (a = 0 withdraws 1 MW); VSS = 0.05, EVPI =
  0.1. Without withdrawal x <= 1: RP = 0.375, EEV and VSS unbounded.
* delta = 0.5: on [1, 2] the slope is (1.5 delta - 0.45) / 2 > 0, so x = 1 and nothing is
  withdrawn (RP = 0.45); WS = (0.1 + 0.6) / 2 = 0.35, EV = 0.1 + 0.5/3 = 4/15; EEV: a = 0
  still has to withdraw 1/3 (0.1 + 0.5/3 = 4/15), a = 0.5 withdraws nothing (0.2/3 + 1/3 +
  1/3 = 11/15): EEV = 0.5, VSS = 0.05.
"""

from __future__ import annotations

import pytest
from pyomo.core.expr.visitor import identify_variables
from stoch_cases import WITHDRAWAL_SECTIONS, hedge_data, withdrawal_tables

from model.formulation.build import build_model
from model.stochastic import extensive, program

pytestmark = pytest.mark.formulation

IMPORTS_MEUR = 1.752
WIND = ("wind", "r1", 2025)


def _solve(tmp_path, delta: float, withdrawal: bool = True, **uncertainty):
    data = hedge_data(tmp_path, withdrawal_tables(delta),
                      uncertainty={"withdrawal": withdrawal, **uncertainty},
                      **WITHDRAWAL_SECTIONS)
    prog = program.prepare(data.scenario, data)
    rp = program.solve_program(prog)
    return prog, rp, program.value_figures(prog, rp)


def _values(vf) -> dict[str, float | None]:
    return {r["quantity"]: r["value_meur"] for r in vf.table}


def test_without_withdrawal_the_average_plan_breaks_the_cap(tmp_path) -> None:
    prog, rp, vf = _solve(tmp_path, 0.2, withdrawal=False)
    assert prog.first_years == (2025,)
    assert vf.average_plan[WIND] == pytest.approx(4 / 3)
    assert vf.outcomes["eev"] == "infeasible"
    assert [(b["scenario"], b["limit"], b["year"]) for b in vf.breaks] == [
        ("s01", "approval_cap", 2025)]
    assert vf.breaks[0]["excess_mw"] == pytest.approx(1 / 3)
    assert _values(vf)["VSS"] is None
    assert rp.objective_meur == pytest.approx(IMPORTS_MEUR + 0.375, abs=1e-6)
    assert extensive.withdrawn_of(rp.models[0]) == {}


def test_with_withdrawal_eev_and_vss_as_on_paper(tmp_path) -> None:
    _, rp, vf = _solve(tmp_path, 0.2)
    value = _values(vf)
    assert value["RP"] == pytest.approx(IMPORTS_MEUR + 0.3, abs=1e-6)
    assert value["WS"] == pytest.approx(IMPORTS_MEUR + 0.2, abs=1e-6)
    assert value["EV"] == pytest.approx(IMPORTS_MEUR + 1 / 6, abs=1e-6)
    assert value["EEV"] == pytest.approx(IMPORTS_MEUR + 0.35, abs=1e-6)
    assert value["EVPI"] == pytest.approx(0.1, abs=1e-6)
    assert value["VSS"] == pytest.approx(0.05, abs=1e-6)
    assert vf.outcomes["eev"] == "optimal" and vf.breaks == []
    assert [extensive.plan_of(m, [2025])[WIND] for m in rp.models] == pytest.approx([2.0, 2.0])
    assert [f.withdrawn_mw["wind"] for f in rp.figures] == pytest.approx([1.0, 0.0], abs=1e-9)
    assert [f.withdrawn_mw["wind"] for f in vf.eev_figures] == pytest.approx([1 / 3, 0.0],
                                                                              abs=1e-9)


def test_withdrawal_is_zero_when_it_does_not_pay(tmp_path) -> None:
    _, rp, vf = _solve(tmp_path, 0.5)
    value = _values(vf)
    assert value["RP"] == pytest.approx(IMPORTS_MEUR + 0.45, abs=1e-6)
    assert value["WS"] == pytest.approx(IMPORTS_MEUR + 0.35, abs=1e-6)
    assert value["EV"] == pytest.approx(IMPORTS_MEUR + 4 / 15, abs=1e-6)
    assert value["EEV"] == pytest.approx(IMPORTS_MEUR + 0.5, abs=1e-6)
    assert value["VSS"] == pytest.approx(0.05, abs=1e-6)
    assert extensive.plan_of(rp.models[0], [2025])[WIND] == pytest.approx(1.0)
    assert all(mw == pytest.approx(0.0, abs=1e-9)
               for m in rp.models for mw in extensive.withdrawn_of(m).values())
    assert [f.withdrawn_mw["wind"] for f in vf.eev_figures] == pytest.approx([1 / 3, 0.0],
                                                                              abs=1e-9)


def test_deterministic_model_has_no_withdrawal_variables(tmp_path) -> None:
    data = hedge_data(tmp_path, withdrawal_tables(0.2), **WITHDRAWAL_SECTIONS)
    assert not data.withdrawal
    m = build_model(data)
    assert not hasattr(m.permitting, "withdrawn_mw")
    assert not hasattr(m.permitting, "withdrawal_limit")
    prog = program.prepare(data.scenario, data)
    assert all(d.withdrawal for d in prog.datas)
    assert len(build_model(prog.datas[0]).permitting.withdrawn_mw) == len(
        m.permitting.start_index)


def test_non_anticipativity_ties_starts_not_withdrawals(tmp_path) -> None:
    """The 2025 start is equal in both scenarios; its withdrawal is not (1 MW vs 0), and no
    non-anticipativity equality names a withdrawal."""
    prog, rp, _ = _solve(tmp_path, 0.2)
    starts = [extensive.plan_of(m, [2025]) for m in rp.models]
    assert starts[0] == starts[1]
    withdrawn = [extensive.withdrawn_of(m)[WIND] for m in rp.models]
    assert withdrawn == pytest.approx([1.0, 0.0], abs=1e-9)
    ef = extensive.build_extensive(prog.datas, prog.outcomes, prog.groups)
    names = {v.parent_component().local_name for c in ef.nonanticipativity.values()
             for v in identify_variables(c.body)}
    assert names == {"start_mw"}


def test_ph_average_candidate_is_feasible_with_withdrawal(tmp_path) -> None:
    """After one PH iteration the average first stage is 1.5 MW: above the cap without
    attrition, so infeasible without withdrawal; with it (0.5 MW withdrawn) it costs
    0.45 - 0.075 x 1.5 = 0.3375, and the published plan is the optimum x = 2 (0.3)."""
    kw = {"route": "progressive_hedging", "hedging": {"max_iterations": 1}}
    data = hedge_data(tmp_path, withdrawal_tables(0.2), uncertainty={"withdrawal": True, **kw},
                      **WITHDRAWAL_SECTIONS)
    ph = program.solve_program(program.prepare(data.scenario, data))
    rows = {r["candidate"]: r for r in ph.extra["candidates"]}
    assert rows["average"]["outcome"] == "optimal"
    assert rows["average"]["expected_cost_meur"] == pytest.approx(IMPORTS_MEUR + 0.3375,
                                                                  abs=1e-6)
    assert ph.objective_meur == pytest.approx(IMPORTS_MEUR + 0.3, abs=1e-6)
    data = hedge_data(tmp_path / "hard", withdrawal_tables(0.2),
                      uncertainty={"withdrawal": False, **kw}, **WITHDRAWAL_SECTIONS)
    ph = program.solve_program(program.prepare(data.scenario, data))
    assert {r["candidate"]: r for r in ph.extra["candidates"]}["average"]["outcome"] == \
        "infeasible"


@pytest.mark.cli
def test_withdrawn_mw_in_the_run_files_and_the_brief(tmp_path) -> None:
    """The run folder states the withdrawals of the hedge (1 MW in s01, none in s02) and of
    the average-case plan (1/3 MW in s01), and the brief says so in words."""
    import pandas as pd
    from stoch_cases import hedge_scenario
    from unit.test_i18n import visible_text

    from model.outputs import hedge_brief
    from model.runner import run_scenario

    path = hedge_scenario(tmp_path, withdrawal_tables(0.2), output={"brief": True},
                          **WITHDRAWAL_SECTIONS)
    run = run_scenario(path, out_root=tmp_path / "out").run_dir
    sc = pd.read_csv(run / "scenarios.csv")
    assert sc["withdrawn_wind_mw"].tolist() == pytest.approx([1.0, 0.0], abs=1e-9)
    assert sc["average_plan_withdrawn_wind_mw"].tolist() == pytest.approx([1 / 3, 0.0],
                                                                          abs=1e-9)
    starts = pd.read_csv(run / "starts.csv").set_index(["scenario", "technology",
                                                        "start_year"])
    assert starts.loc[("s01", "wind", 2025), "withdrawn_mw"] == pytest.approx(1.0)
    text = visible_text((run / "brief.html").read_text())
    assert "the hedge withdraws at most 1.0 MW (scenario s01)" in text
    assert "the average-case plan at most 0.3 MW (scenario s01)" in text
    value = pd.read_csv(run / "value_of_information.csv").set_index("quantity")["value_meur"]
    assert value["VSS"] == pytest.approx(0.05, abs=1e-6)
    german = visible_text(hedge_brief.render_folder(run, "de"))
    assert "die Absicherung zieht höchstens 1,0 MW zurück (Szenario s01)" in german
