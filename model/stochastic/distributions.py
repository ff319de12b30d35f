r"""The distributions of approval months and attrition: read, check, invert.

The file (default ``<data set>/approval_uncertainty.csv``) has one row per support point:
``case, technology, region, parameter, form, value, probability, value_type, source_id,
note``. ``parameter`` is ``approval_months`` or ``attrition_share``; ``region`` a region id
or ``'*'`` (every region without its own rows). Two forms:

* ``discrete``: values :math:`v_j` with probabilities :math:`p_j`, :math:`\sum_j p_j = 1`;
* ``quantile``: values :math:`v_j` at cumulative levels :math:`q_j` (the ``probability``
  column) of a stated distribution, :math:`q` strictly increasing from 0 to 1 and :math:`v`
  non-decreasing; in between, the inverse CDF is linear.

The inverse CDF at a level :math:`u \in (0, 1)`:

.. math::
    F^{-1}(u) = \min\{v_j : P_j \ge u\}, \quad P_j = \sum_{i \le j} p_i
    \qquad \text{(discrete, values sorted)}

    F^{-1}(u) = v_j + (v_{j+1} - v_j) \frac{u - q_j}{q_{j+1} - q_j}, \quad
    q_j \le u \le q_{j+1} \qquad \text{(quantile; months rounded to whole months)}

Legend: :math:`v` value (months or share), :math:`p` probability, :math:`P` cumulative
probability, :math:`q` stated quantile level, :math:`u` sampling level.

Every problem (missing file or column, unknown form or parameter, negative or non-integer
months, attrition outside [0, 1), probabilities not summing to 1, levels not spanning
0..1) is one line of an :class:`~model.errors.InputError` naming the file, the spreadsheet
row (header = row 1) and the column.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from model.errors import InputError

COLUMNS = ("case", "technology", "region", "parameter", "form", "value", "probability",
           "value_type", "source_id", "note")
PARAMETERS = ("approval_months", "attrition_share")
FORMS = ("discrete", "quantile")
VALUE_TYPES = ("M", "P", "D", "A")
PROBABILITY_TOL = 1e-6


@dataclass(frozen=True)
class Distribution:
    """One parameter's distribution for a technology in a region (or ``'*'``).

    Attributes
    ----------
    form : str
        ``'discrete'`` or ``'quantile'``.
    values : tuple of float
        Sorted ascending.
    levels : tuple of float
        Discrete: the cumulative probabilities :math:`P_j` (last = 1). Quantile: the stated
        levels :math:`q_j` (first 0, last 1).
    integer : bool
        Round the inverse CDF to whole numbers (months).
    rows : tuple of int
        Spreadsheet rows of the file this comes from.
    """

    form: str
    values: tuple[float, ...]
    levels: tuple[float, ...]
    integer: bool
    rows: tuple[int, ...]

    def inverse(self, u: float) -> float:
        """The value at level ``u`` (inverse CDF, see the module doc)."""
        if self.form == "discrete":
            j = int(np.searchsorted(np.asarray(self.levels), u - 1e-12, side="left"))
            return float(self.values[min(j, len(self.values) - 1)])
        value = float(np.interp(u, self.levels, self.values))
        return float(math.floor(value + 0.5)) if self.integer else value

    def breakpoints(self) -> tuple[float, ...]:
        """Cumulative probabilities at which the value changes (discrete form only)."""
        return self.levels if self.form == "discrete" else ()

    @property
    def mean(self) -> float:
        """Expected value (discrete: :math:`\\sum p v`; quantile: of the linear inverse CDF)."""
        if self.form == "discrete":
            probs = np.diff(np.concatenate([[0.0], self.levels]))
            return float(np.dot(probs, self.values))
        q, v = np.asarray(self.levels), np.asarray(self.values)
        return float(np.sum(np.diff(q) * (v[1:] + v[:-1]) / 2))


#: (technology, region or '*', parameter) -> distribution
Table = dict[tuple[str, str, str], Distribution]


def _number(raw: object) -> float | None:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def _check_rows(df: pd.DataFrame, path: Path, sources: set[str] | None) -> list[str]:
    """Row-level problems: forms, parameters, numbers, value types, sources."""
    problems = []
    for i, row in df.iterrows():
        where = f"{path}: row {int(i) + 2}"
        if row["parameter"] not in PARAMETERS:
            problems.append(f"{where}, column 'parameter': {row['parameter']!r} is not one of "
                            f"{', '.join(PARAMETERS)}")
        if row["form"] not in FORMS:
            problems.append(f"{where}, column 'form': {row['form']!r} is not one of "
                            f"{', '.join(FORMS)}")
        value, prob = _number(row["value"]), _number(row["probability"])
        if value is None:
            problems.append(f"{where}, column 'value': {row['value']!r} is not a number")
        elif row["parameter"] == "approval_months" and (value < 0 or value != int(value)):
            problems.append(f"{where}, column 'value': approval months must be a whole "
                            f"number >= 0, got {row['value']}")
        elif row["parameter"] == "attrition_share" and not 0 <= value < 1:
            problems.append(f"{where}, column 'value': attrition must be in [0, 1), got "
                            f"{row['value']}")
        if prob is None or not 0 <= prob <= 1:
            problems.append(f"{where}, column 'probability': expected a number in [0, 1], "
                            f"got {row['probability']!r}")
        if row["value_type"] not in VALUE_TYPES:
            problems.append(f"{where}, column 'value_type': {row['value_type']!r} is not one "
                            f"of {', '.join(VALUE_TYPES)}")
        if sources is not None and row["source_id"] not in sources:
            problems.append(f"{where}, column 'source_id': {row['source_id']!r} is not in "
                            "SOURCES.csv")
    return problems


def _group(key: tuple, grp: pd.DataFrame, path: Path) -> tuple[Distribution | None, list[str]]:
    """One distribution from its rows, or the problems found."""
    rows = tuple(int(i) + 2 for i in grp.index)
    where = f"{path}: rows {', '.join(map(str, rows))} ({', '.join(map(str, key))})"
    forms = sorted(set(grp["form"]))
    if len(forms) > 1:
        return None, [f"{where}, column 'form': one distribution mixes the forms {forms}"]
    values = grp["value"].astype(float).to_numpy()
    probs = grp["probability"].astype(float).to_numpy()
    order = np.argsort(values, kind="stable")
    integer = key[-1] == "approval_months"
    if forms[0] == "discrete":
        total = float(probs.sum())
        if abs(total - 1.0) > PROBABILITY_TOL:
            return None, [f"{where}, column 'probability': the probabilities sum to "
                          f"{total:.6g}, not 1"]
        if len(set(values)) != len(values):
            return None, [f"{where}, column 'value': a value is listed twice; give each value "
                          "once with its total probability"]
        levels = np.cumsum(probs[order])
        levels[-1] = 1.0
        return Distribution("discrete", tuple(values[order]), tuple(levels), integer, rows), []
    q = probs
    qo = np.argsort(q, kind="stable")
    if q[qo[0]] != 0.0 or q[qo[-1]] != 1.0 or len(set(q)) != len(q):
        return None, [f"{where}, column 'probability': quantile levels must be distinct and "
                      f"run from 0 to 1 (the range of the stated distribution), got "
                      f"{sorted(q.tolist())}"]
    if np.any(np.diff(values[qo]) < 0):
        return None, [f"{where}, column 'value': values must not decrease as the quantile "
                      "level rises"]
    return Distribution("quantile", tuple(values[qo]), tuple(q[qo]), integer, rows), []


def read_distributions(path: Path, case: str, sources: set[str] | None = None,
                       key: str = "uncertainty") -> Table:
    """Read and check the distributions of ``case`` (every problem at once).

    Parameters
    ----------
    path : Path
        The distributions file.
    case : str
        The scenario's ``uncertainty.case``.
    sources : set of str, optional
        Known ``source_id`` values (SOURCES.csv); None skips the check.
    key : str
        Scenario section named in the errors.

    Raises
    ------
    InputError
        Naming the file, row and column of every problem.
    """
    if not path.is_file():
        raise InputError(f"{key}.file: {path} not found; put the distributions file in the "
                         "data set folder (columns in inputs/harz/README.md)")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)} (expected "
                         f"{', '.join(COLUMNS)})")
    problems = _check_rows(df, path, sources)
    if problems:
        raise InputError(problems)
    cases = sorted(set(df["case"]))
    rows = df[df["case"] == case]
    if rows.empty:
        raise InputError(f"{key}.case: {case!r} is not a case of {path} (cases: "
                         f"{', '.join(cases) or 'none'})")
    table: Table = {}
    for group_key, grp in rows.groupby(["technology", "region", "parameter"], sort=True):
        dist, found = _group(group_key, grp, path)
        problems += found
        if dist is not None:
            table[group_key] = dist
    if problems:
        raise InputError(problems)
    return table


def source_ids(folder: Path) -> set[str] | None:
    """The ``source_id`` column of ``<folder>/SOURCES.csv`` (None when there is none)."""
    path = folder / "SOURCES.csv"
    if not path.is_file():
        return None
    return set(pd.read_csv(path, dtype=str, keep_default_na=False)["source_id"])
