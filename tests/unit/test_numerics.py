"""Coefficient-range report (model.solve.numerics): each threshold on a hand-made matrix, and the
warning reaching the log and manifest.json of a real run before the solve."""

from __future__ import annotations

import json
import logging

import numpy as np
import pytest
import scipy.sparse as sp

from model.solve import numerics

pytestmark = pytest.mark.unit

INF = np.inf


def _report(A, cost=(1.0, 1.0), lower=(0.0, 0.0), upper=(INF, INF), rhs=(1.0, 1.0)):
    A = sp.csr_matrix(np.asarray(A, dtype=float))
    return numerics.coefficient_report(A, np.array(cost), np.array(lower), np.array(upper),
                                       np.array(rhs), ["r0", "r1"], ["x0", "x1"])


def test_clean_model_has_no_warnings_and_exact_ranges():
    rep = _report([[1.0, 2.0], [0.0, 4.0]], cost=(0.5, 3.0), upper=(10.0, INF))
    assert rep.warnings == []
    assert (rep.matrix.min_abs, rep.matrix.max_abs, rep.matrix.ratio) == (1.0, 4.0, 4.0)
    assert (rep.objective.min_abs, rep.objective.max_abs) == (0.5, 3.0)
    assert (rep.bounds.min_abs, rep.bounds.max_abs) == (10.0, 10.0)  # zeros and inf ignored
    assert rep.worst_row == ("r0", 2.0) and rep.worst_column == ("x1", 2.0)
    json.dumps(rep.to_dict())  # manifest-ready


def test_row_and_column_ratio_above_1e6():
    rep = _report([[1e-3, 2e4], [1.0, 1e-3]])  # row 0 and column 1: ratio 2e7
    assert rep.rows_over_ratio == 1 and rep.columns_over_ratio == 1
    assert any("constraint row(s)" in w and "r0" in w for w in rep.warnings)
    assert any("column(s)" in w and "x1" in w for w in rep.warnings)


def test_matrix_ratio_above_1e8_without_any_bad_row():
    rep = _report([[1e-5, 0.0], [0.0, 1e4]])  # each row and column alone is fine
    assert rep.rows_over_ratio == 0 and rep.columns_over_ratio == 0
    assert any("span" in w and "1e+08" in w for w in rep.warnings)


@pytest.mark.parametrize("part", ["objective", "bounds", "rhs"])
def test_values_above_1e10(part):
    kw = {"objective": {"cost": (1.0, 2e10)}, "bounds": {"upper": (3e10, INF)},
          "rhs": {"rhs": (1.0, 5e11)}}[part]
    rep = _report([[1.0, 1.0], [1.0, 1.0]], **kw)
    assert [w for w in rep.warnings if w.startswith(part)], rep.warnings


def test_tiny_matrix_entries_are_flagged():
    rep = _report([[1e-10, 1.0], [1.0, 1.0]])
    assert any("below 1e-09" in w for w in rep.warnings)


def test_warning_logged_before_solve_and_stored_in_manifest(tmp_path, caplog):
    """A land potential of 1e11 MW is a right-hand side past HiGHS's 'excessive' 1e10 (and
    implausible: the scenario accepts the band so that the numerics report is reached)."""
    from cases import wind_case

    from model.runner import run_scenario

    def edit(t):
        t["land"].loc[t["land"]["technology"] == "wind", "potential_mw"] = 1e11

    with caplog.at_level(logging.WARNING, logger="model.solve.numerics"):
        scenario = wind_case(tmp_path, edit=edit,
                             checks={"accept_implausible": ["capacity.density"]})
        run = run_scenario(scenario, out_root=tmp_path / "out")
    assert "numerics: rhs has values up to 1.0e+11" in caplog.text
    manifest = json.loads((run.run_dir / "manifest.json").read_text())
    assert any(w.startswith("rhs has values") for w in manifest["numerics"]["warnings"])
    assert any(w.startswith("numerics: rhs") for w in manifest["warnings"])


def test_scenario_probabilities_do_not_count_as_a_bad_cost_input():
    """The extensive form weights each scenario's costs by its probability: a clean pathway's
    span of 3.5e7 becomes 1.4e8 with probabilities 0.1 and 0.4, which is not a bad input."""
    A = sp.csr_matrix(np.array([[1.0, 1.0]]))
    cost = np.array([0.1 * 3.8e-2, 0.4 * 1.3e6]) * 1e-6  # M EUR, as the model carries them
    args = (A, cost, np.zeros(2), np.full(2, 10.0), np.array([1.0]))
    one = numerics.coefficient_report(*args, objective_scale=1e-6)
    assert any("probably off" in w for w in one.warnings)
    weighted = numerics.coefficient_report(*args, objective_scale=1e-6, weight_span=4.0)
    assert not any("probably off" in w for w in weighted.warnings)
    # a real bad input still shows through the weights
    bad = numerics.coefficient_report(A, cost * np.array([1.0, 1e3]), *args[2:],
                                      objective_scale=1e-6, weight_span=4.0)
    assert any("probably off" in w and "4 of it from the scenario probabilities" in w
               for w in bad.warnings)
