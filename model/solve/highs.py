"""Solve a built model with HiGHS through the fastest measured Pyomo route.

Route: Pyomo's ``LinearStandardFormCompiler`` (mixed form) turns the
model into sparse arrays, which go to ``highspy`` with one ``passModel``; the solution is
written back with ``set_value``. At this model's size that translation costs about a tenth
of the persistent interfaces. The outcome is mapped from HiGHS's model status in our own
code (never ``load_solutions`` guessing), to an :class:`Outcome` with its own exit code.

Before the solve, :mod:`model.solve.numerics` reports the coefficient ranges and warns past the
thresholds. The solve runs in HiGHS's solver thread; Ctrl-C (or SIGTERM, which the CLI
turns into Ctrl-C) cancels it through HiGHS's user interrupt, giving ``INTERRUPTED``; a
second Ctrl-C stops waiting and raises ``KeyboardInterrupt``. "Infeasible or unbounded"
from presolve is settled by re-solving the LP relaxation without presolve.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import highspy
import numpy as np
import pyomo.environ as pyo
from pyomo.repn.plugins.standard_form import LinearStandardFormCompiler

from model import testhook
from model.errors import EXIT_BAD_INPUT, EXIT_CODES, Outcome  # noqa: F401 (re-exported)
from model.formulation.closing import OBJECTIVE_SCALE
from model.solve import numerics

log = logging.getLogger(__name__)



_MS = highspy.HighsModelStatus
_LIMITS = {_MS.kTimeLimit, _MS.kIterationLimit, _MS.kSolutionLimit, _MS.kObjectiveBound,
           _MS.kObjectiveTarget, _MS.kMemoryLimit}


@dataclass
class SolveResult:
    """Outcome and figures of one solve (all numbers in the objective's unit, million EUR)."""

    outcome: Outcome
    status: str
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    timings_s: dict[str, float] = field(default_factory=dict)
    size: dict[str, int] = field(default_factory=dict)
    options: dict[str, object] = field(default_factory=dict)
    highs_version: str = ""
    numerics: dict[str, object] = field(default_factory=dict)
    numerics_warnings: list[str] = field(default_factory=list)


def highs_options(solver_cfg: object) -> dict[str, object]:
    """HiGHS options from the scenario's ``solver`` section."""
    return {
        "mip_rel_gap": float(solver_cfg.mip_rel_gap),
        "mip_abs_gap": float(solver_cfg.mip_abs_gap_meur),  # objective in million EUR
        "time_limit": float(solver_cfg.time_limit_s),
        "threads": int(solver_cfg.threads),
        "random_seed": int(solver_cfg.seed),
        "presolve": solver_cfg.presolve,
        "solver": solver_cfg.method,
    }


def _to_highs(repn) -> tuple[highspy.HighsLp, int]:
    """Sparse standard form -> HighsLp (bounds and integrality from the Pyomo columns)."""
    lp = highspy.HighsLp()
    n_col, n_row = len(repn.columns), len(repn.rows)
    lp.num_col_, lp.num_row_ = n_col, n_row
    cost = repn.c.toarray()[0] if repn.c.shape[0] else np.zeros(n_col)
    lp.col_cost_ = cost
    lp.offset_ = float(repn.c_offset[0]) if len(repn.c_offset) else 0.0
    inf = highspy.kHighsInf
    lp.col_lower_ = np.array([-inf if v.lb is None else v.lb for v in repn.columns], dtype=float)
    lp.col_upper_ = np.array([inf if v.ub is None else v.ub for v in repn.columns], dtype=float)
    senses = np.array([r[1] for r in repn.rows], dtype=int)
    rhs = np.asarray(repn.rhs, dtype=float)
    lp.row_lower_ = np.where(senses >= 0, np.where(senses == 0, rhs, -inf), rhs)
    lp.row_upper_ = np.where(senses <= 0, np.where(senses == 0, rhs, inf), rhs)
    A = repn.A.tocsc()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = A.indptr
    lp.a_matrix_.index_ = A.indices
    lp.a_matrix_.value_ = A.data
    integer = [v.is_integer() or v.is_binary() for v in repn.columns]
    n_int = int(sum(integer))
    if n_int:
        lp.integrality_ = [highspy.HighsVarType.kInteger if i else highspy.HighsVarType.kContinuous
                           for i in integer]
    return lp, n_int


def _outcome(h: highspy.Highs, has_solution: bool, is_mip: bool) -> Outcome:
    status = h.getModelStatus()
    if status == _MS.kOptimal:
        return Outcome.OPTIMAL
    if status == _MS.kInfeasible:
        return Outcome.INFEASIBLE
    if status == _MS.kUnbounded:
        return Outcome.UNBOUNDED
    if status == _MS.kUnboundedOrInfeasible:
        return Outcome.INF_OR_UNBD
    if status == _MS.kInterrupt:
        return Outcome.INTERRUPTED
    if status in _LIMITS:
        return Outcome.FEASIBLE_LIMIT if has_solution and is_mip else Outcome.NO_SOLUTION_LIMIT
    return Outcome.ERROR


def compile_model(m: pyo.ConcreteModel) -> tuple[object, highspy.HighsLp, int]:
    """Compile ``m`` to Pyomo's standard form and a ``HighsLp``.

    Returns
    -------
    repn, lp, n_int
        The standard form (``rows``, ``columns`` name the Pyomo components), the HiGHS model
        and its number of integer columns.

    Raises
    ------
    ValueError
        If a constraint is trivially infeasible (a constant row violating its bounds).
    """
    repn = LinearStandardFormCompiler().write(m, mixed_form=True, set_sense=None)
    lp, n_int = _to_highs(repn)
    return repn, lp, n_int


def _run(h: highspy.Highs) -> bool:
    """Solve in HiGHS's thread; True if cancelled by Ctrl-C (HiGHS then reports kInterrupt)."""
    cancelled = threading.Event()
    h.HandleUserInterrupt = True  # HiGHS polls our cancel flag in its interrupt callbacks
    hook = testhook.solver_callback("solve", cancelled.is_set)
    if hook is not None:
        for cb in (h.cbSimplexInterrupt, h.cbIpmInterrupt, h.cbMipInterrupt):
            cb.subscribe(hook)
    hook = testhook.solver_callback("incumbent", cancelled.is_set)
    if hook is not None:
        h.cbMipImprovingSolution.subscribe(hook)
    h.startSolve()
    try:
        while not h.wait(0.1)[0]:
            pass
    except KeyboardInterrupt:
        log.warning("interrupted: asking HiGHS to stop (press Ctrl-C again to abandon it)")
        cancelled.set()
        h.cancelSolve()
        while not h.wait(0.1)[0]:  # a second Ctrl-C propagates: the thread is a daemon
            pass
    return cancelled.is_set()


def _settle_inf_or_unbd(lp: highspy.HighsLp, n_int: int, options: dict[str, object]) -> Outcome:
    """Resolve HiGHS's "infeasible or unbounded" by solving the LP relaxation without presolve.

    An infeasible relaxation means an infeasible model; a relaxation with an optimum means
    the MIP is infeasible too (a MIP with bounded relaxation cannot be unbounded).
    """
    relaxed = lp  # already passed to HiGHS (a copy), so free to change
    relaxed.integrality_ = []
    h2 = highspy.Highs()
    h2.setOptionValue("output_flag", False)
    for key in ("time_limit", "threads", "random_seed"):
        if key in options:
            h2.setOptionValue(key, options[key])
    h2.setOptionValue("presolve", "off")
    h2.passModel(relaxed)
    h2.run()
    status = h2.getModelStatus()
    if status == _MS.kInfeasible or (n_int and status == _MS.kOptimal):
        log.info("infeasible or unbounded settled without presolve: infeasible")
        return Outcome.INFEASIBLE
    if status == _MS.kUnbounded and not n_int:
        return Outcome.UNBOUNDED
    return Outcome.INF_OR_UNBD


def solve(m: pyo.ConcreteModel, options: dict[str, object], log_file: Path | None = None,
          objective_scale: float = OBJECTIVE_SCALE, relax_integrality: bool = False,
          weight_span: float = 1.0
          ) -> SolveResult:
    """Compile ``m``, report its numerics, solve with HiGHS, write the values back, map the outcome.

    Parameters
    ----------
    m : ConcreteModel
        A linear (mixed-integer) model with one active objective.
    options : dict
        HiGHS options (see :func:`highs_options`).
    log_file : Path, optional
        Where HiGHS writes its log; the console stays quiet.
    objective_scale : float
        The factor the model's objective carries (EUR -> M EUR); the numerics report checks
        the cost coefficients unscaled.
    relax_integrality : bool
        Solve the LP relaxation (integer and binary columns made continuous).
    weight_span : float
        Largest over smallest scenario probability of a probability-weighted objective
        (:func:`model.solve.numerics.coefficient_report`); 1 for one pathway.

    Returns
    -------
    SolveResult
        Values are loaded into ``m`` only when the outcome publishes. ``numerics`` holds the
        coefficient-range report (:mod:`model.solve.numerics`).
    """
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    try:
        repn, lp, n_int = compile_model(m)
    except Exception as err:  # noqa: BLE001 - a trivially infeasible row is the common case
        if "infeasible" in str(err).lower():
            return SolveResult(Outcome.INFEASIBLE, f"trivially infeasible: {err}")
        raise
    if relax_integrality:
        lp.integrality_ = []
        n_int = 0
    report = numerics.report_for(repn, lp, objective_scale, weight_span)
    numerics.log_report(report)
    h = highspy.Highs()
    h.setOptionValue("output_flag", log_file is not None)
    h.setOptionValue("log_to_console", False)
    if log_file is not None:
        h.setOptionValue("log_file", str(log_file))
    for key, value in options.items():
        h.setOptionValue(key, value)
    h.passModel(lp)
    timings["translate"] = time.perf_counter() - t0
    t1 = time.perf_counter()
    cancelled = _run(h)
    timings["solve"] = time.perf_counter() - t1
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    outcome = Outcome.INTERRUPTED if cancelled else _outcome(h, has_solution, n_int > 0)
    if outcome == Outcome.INF_OR_UNBD:
        outcome = _settle_inf_or_unbd(lp, n_int, options)
    result = SolveResult(
        outcome=outcome, status=h.modelStatusToString(h.getModelStatus()), options=dict(options),
        size={"columns": lp.num_col_, "rows": lp.num_row_, "nonzeros": int(repn.A.nnz),
              "integer_columns": n_int},
        highs_version=f"{h.version()}", numerics=report.to_dict(),
        numerics_warnings=list(report.warnings),
    )
    if has_solution and n_int:  # the incumbent and bound, also when nothing is published
        result.objective = info.objective_function_value
        result.bound = info.mip_dual_bound
        result.gap = info.mip_gap
    if outcome.publishes:
        t2 = time.perf_counter()
        x = h.getSolution().col_value
        for var, value in zip(repn.columns, x, strict=True):
            var.set_value(value, skip_validation=True)
        for var, expr in repn.eliminated_vars:
            var.set_value(pyo.value(expr), skip_validation=True)
        timings["extract"] = time.perf_counter() - t2
        result.objective = info.objective_function_value
        result.bound = info.mip_dual_bound if n_int else info.objective_function_value
        result.gap = info.mip_gap if n_int else 0.0
    result.timings_s = timings
    log.info("HiGHS %s: %s, objective %s, gap %s (%.1f s)", result.highs_version, result.status,
             result.objective, result.gap, timings["solve"])
    return result
