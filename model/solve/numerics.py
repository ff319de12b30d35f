r"""Coefficient-range report of a compiled model, with warnings before the solve.

HiGHS's tolerances apply to the *unscaled* problem (HiGHS guide, "Numerical
considerations"), so badly scaled data costs accuracy and time, and can turn an optimal
problem into "unknown" or a wrong status. This module measures, on the standard form that
goes to HiGHS, the ranges of

* the constraint matrix :math:`A` (nonzeros), with the worst row and column ratio
  :math:`\max_j |a_{ij}| / \min_j |a_{ij}|` (over the nonzeros of row :math:`i`; columns
  likewise);
* the objective :math:`c` (nonzero costs);
* the finite, nonzero variable bounds and constraint right-hand sides.

Thresholds, each a module constant:

=====================  =========  ===========================================================
check                  threshold  origin
=====================  =========  ===========================================================
row or column ratio    > 1e6      MIPLIB 2017 "numerics" flag
matrix ratio           > 1e8      MIPLIB 2017 "numerics" flag (max / min over all of A)
large value            > 1e10     HiGHS ``kExcessivelyLarge{Cost,Bound}Value`` (costs,
                                  bounds, right-hand sides and matrix entries)
tiny matrix entry      < 1e-9     HiGHS ``small_matrix_value``: such entries are dropped
=====================  =========  ===========================================================

Costs are checked *unscaled*: the objective goes to HiGHS in million EUR (the model's
``OBJECTIVE_SCALE`` :math:`\sigma = 10^{-6}`), which would hide a capex of 1e12 EUR/kW below
the large-value threshold. The report therefore also holds
:math:`\tilde c = c / \sigma` (EUR per unit of each variable) and applies the large-value
threshold to it, and the objective's own range :math:`\max|\tilde c| / \min|\tilde c|`
(scale-free) to the matrix-ratio threshold. Legend: :math:`c` objective coefficients as
solved, :math:`\tilde c` the same in EUR, :math:`\sigma` the objective scale.

Each exceeded threshold becomes one warning (logged before the solve and stored in
``manifest.json`` under ``numerics``). Entries outside Pyomo ``report_scaling``'s
:math:`[10^{-6}, 5 \cdot 10^4]` are only counted (``outside_pyomo_range``): that range is
meant for nonlinear models and is informational here.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field

import numpy as np
import scipy.sparse as sp

log = logging.getLogger(__name__)

ROW_COL_RATIO = 1e6
MATRIX_RATIO = 1e8
LARGE_VALUE = 1e10
TINY_MATRIX = 1e-9
PYOMO_RANGE = (1e-6, 5e4)


@dataclass
class Range:
    """Smallest and largest absolute nonzero value of one part of the model (None: none)."""

    min_abs: float | None = None
    max_abs: float | None = None
    count: int = 0

    @classmethod
    def of(cls, values: np.ndarray) -> Range:
        v = np.abs(np.asarray(values, dtype=float))
        v = v[np.isfinite(v) & (v > 0)]
        if not v.size:
            return cls()
        return cls(float(v.min()), float(v.max()), int(v.size))

    @property
    def ratio(self) -> float | None:
        return None if self.min_abs is None else self.max_abs / self.min_abs

    def text(self) -> str:
        if self.min_abs is None:
            return "none"
        return f"[{self.min_abs:.1e}, {self.max_abs:.1e}] (ratio {self.ratio:.1e})"


@dataclass
class NumericsReport:
    """Ranges, worst rows and columns, and the warnings (empty: no threshold exceeded)."""

    matrix: Range
    objective: Range
    bounds: Range
    rhs: Range
    objective_unscaled: Range = field(default_factory=Range)
    worst_row: tuple[str, float] | None = None
    worst_column: tuple[str, float] | None = None
    rows_over_ratio: int = 0
    columns_over_ratio: int = 0
    outside_pyomo_range: int = 0
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """Plain JSON types for manifest.json."""
        out = asdict(self)
        for name in ("matrix", "objective", "bounds", "rhs", "objective_unscaled"):
            out[name]["ratio"] = getattr(self, name).ratio
        out["thresholds"] = {"row_col_ratio": ROW_COL_RATIO, "matrix_ratio": MATRIX_RATIO,
                             "large_value": LARGE_VALUE, "tiny_matrix": TINY_MATRIX}
        return out

    def lines(self) -> list[str]:
        """Human-readable summary, one line per part."""
        out = [f"matrix {self.matrix.text()}", f"objective {self.objective.text()}",
               f"objective unscaled (EUR) {self.objective_unscaled.text()}",
               f"bounds {self.bounds.text()}", f"rhs {self.rhs.text()}"]
        if self.worst_row:
            out.append(f"worst row ratio {self.worst_row[1]:.1e} ({self.worst_row[0]})")
        if self.worst_column:
            out.append(f"worst column ratio {self.worst_column[1]:.1e} "
                       f"({self.worst_column[0]})")
        return out


def _line_ratios(mat: sp.csr_matrix) -> np.ndarray:
    """max/min of |nonzeros| per row of a CSR matrix (0 for empty rows)."""
    data = np.abs(mat.data)
    ratios = np.zeros(mat.shape[0])
    nonempty = np.flatnonzero(np.diff(mat.indptr) > 0)
    if nonempty.size and data.size:
        starts = mat.indptr[nonempty]
        ratios[nonempty] = (np.maximum.reduceat(data, starts)
                            / np.minimum.reduceat(data, starts))
    return ratios


def _name(obj: object) -> str:
    return str(getattr(obj, "name", obj))


def coefficient_report(A: sp.spmatrix, cost: np.ndarray, col_lower: np.ndarray,
                       col_upper: np.ndarray, rhs: np.ndarray, row_names: list | None = None,
                       col_names: list | None = None,
                       objective_scale: float = 1.0,
                       weight_span: float = 1.0) -> NumericsReport:
    r"""Measure the coefficient ranges of a standard-form model and collect warnings.

    Parameters
    ----------
    A : sparse matrix
        Constraint matrix, rows × columns (explicit zeros are ignored).
    cost : array
        Objective coefficients per column.
    col_lower, col_upper : array
        Column bounds (infinite = none).
    rhs : array
        Row right-hand sides (finite ones count).
    row_names, col_names : list, optional
        Row and column objects or names (Pyomo components), used only to name the worst
        row and column.
    objective_scale : float
        :math:`\sigma`, the factor the objective was multiplied by (1e-6: EUR -> M EUR);
        the large-value check applies to ``cost / objective_scale``.
    weight_span : float
        :math:`\max_\omega p_\omega / \min_\omega p_\omega` when the objective is a
        probability-weighted sum of scenario costs (the stochastic program's extensive form):
        the weights alone widen the span of the cost coefficients by that factor, so the
        "cost input off by orders of magnitude" check allows for it (1 for one pathway).

    Returns
    -------
    NumericsReport
    """
    A = sp.csr_matrix(A)
    A.eliminate_zeros()
    rep = NumericsReport(matrix=Range.of(A.data), objective=Range.of(cost),
                         bounds=Range.of(np.concatenate([col_lower, col_upper])),
                         rhs=Range.of(rhs),
                         objective_unscaled=Range.of(np.asarray(cost) / objective_scale))
    lo, hi = PYOMO_RANGE
    absdata = np.abs(A.data)
    rep.outside_pyomo_range = int(((absdata < lo) | (absdata > hi)).sum())
    row_ratio, col_ratio = _line_ratios(A), _line_ratios(A.T.tocsr())
    rep.rows_over_ratio = int((row_ratio > ROW_COL_RATIO).sum())
    rep.columns_over_ratio = int((col_ratio > ROW_COL_RATIO).sum())
    if row_ratio.size:
        i = int(row_ratio.argmax())
        rep.worst_row = (_name(row_names[i]) if row_names else f"row {i}", float(row_ratio[i]))
    if col_ratio.size:
        j = int(col_ratio.argmax())
        rep.worst_column = (_name(col_names[j]) if col_names else f"column {j}",
                            float(col_ratio[j]))
    w = rep.warnings
    if rep.rows_over_ratio:
        w.append(f"{rep.rows_over_ratio} constraint row(s) have a coefficient ratio above "
                 f"{ROW_COL_RATIO:.0e} (worst {rep.worst_row[1]:.1e} in {rep.worst_row[0]})")
    if rep.columns_over_ratio:
        w.append(f"{rep.columns_over_ratio} column(s) have a coefficient ratio above "
                 f"{ROW_COL_RATIO:.0e} (worst {rep.worst_column[1]:.1e} in "
                 f"{rep.worst_column[0]})")
    if (rep.matrix.ratio or 0) > MATRIX_RATIO:
        w.append(f"matrix coefficients span {rep.matrix.text()}, above {MATRIX_RATIO:.0e}")
    for part in ("matrix", "objective", "bounds", "rhs"):
        rng: Range = getattr(rep, part)
        if (rng.max_abs or 0) > LARGE_VALUE:
            w.append(f"{part} has values up to {rng.max_abs:.1e}, above {LARGE_VALUE:.0e}: "
                     "rescale the units (e.g. MW -> GW, EUR -> M EUR)")
    unscaled = rep.objective_unscaled
    if objective_scale != 1.0 and (unscaled.max_abs or 0) > LARGE_VALUE:
        w.append(f"objective costs reach {unscaled.max_abs:.1e} EUR per unit before scaling, "
                 f"above {LARGE_VALUE:.0e}: a cost input is far too large (e.g. capex in EUR/MW "
                 "entered as EUR/kW)")
    if (unscaled.ratio or 0) > MATRIX_RATIO * weight_span:
        weights = (f" ({weight_span:.3g} of it from the scenario probabilities)"
                   if weight_span != 1.0 else "")
        w.append(f"objective costs span {unscaled.text()} EUR{weights}, above "
                 f"{MATRIX_RATIO:.0e}: one cost input is probably off by orders of magnitude")
    if rep.matrix.min_abs is not None and rep.matrix.min_abs < TINY_MATRIX:
        n = int((absdata < TINY_MATRIX).sum())
        w.append(f"{n} matrix entries below {TINY_MATRIX:.0e} (smallest "
                 f"{rep.matrix.min_abs:.1e}); HiGHS drops them")
    return rep


def report_for(repn, lp, objective_scale: float = 1.0,
               weight_span: float = 1.0) -> NumericsReport:
    """:func:`coefficient_report` of Pyomo's standard form ``repn`` and its ``HighsLp``."""
    finite_rows = np.concatenate([np.asarray(lp.row_lower_), np.asarray(lp.row_upper_)])
    return coefficient_report(repn.A, np.asarray(lp.col_cost_), np.asarray(lp.col_lower_),
                              np.asarray(lp.col_upper_), finite_rows,
                              [r[0] for r in repn.rows], list(repn.columns),
                              objective_scale=objective_scale, weight_span=weight_span)


def log_report(rep: NumericsReport) -> None:
    """Log the ranges (info) and every warning (warning level)."""
    for line in rep.lines():
        log.info("coefficient range: %s", line)
    for text in rep.warnings:
        log.warning("numerics: %s", text)
