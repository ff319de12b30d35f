r"""Solved Pyomo model -> one xarray Dataset: a mechanical mapping, then derived figures.

Three steps, in this order:

1. **Extract** (:func:`extract`). Every ``Var`` and named ``Expression`` of the model becomes
   one DataArray, named by its Pyomo name (``supply.gen_mw``; top-level ``capacity_mw``),
   with one dim per index position. A dim is named after its index set: a one-dimensional
   set by its name (``region``, ``year``), a product of sets by its factors' names, and a
   multi-dimensional set by its ``dims`` attribute (``m.snapshot.dims = ("op_year", "day",
   "step")``; without one, ``<set>_<i>``). Units and description come from the component's
   ``doc`` written as ``"description (unit)"``. Index combinations the model does not have
   are NaN; a variable the solver never saw (in no constraint) is 0. Nothing here knows
   the blocks: a new variable or expression appears in the file without touching this
   module.
2. **Inputs** (:func:`time_inputs`). What the derived figures need besides the solution, from
   the resolved data: ``duration_h[day, step]`` (hours a step lasts), ``day_weight[day]``
   (days of a calendar year the representative day stands for) and ``op_year_of[year]``
   (the operation year whose dispatch year ``year`` uses). With them the file alone
   reconciles dispatch with yearly energy:

   .. math:: E_{\ldots,y} = \sum_{d,t} w_d\, \Delta_{d,t}\, P_{\ldots,o(y),d,t}

3. **Derive** (:mod:`model.outputs.derived`). Yearly energies, curtailment, the pipeline
   stock-and-flow table and plant withdrawals, computed from the Dataset and the inputs,
   never from the model.

Legend: :math:`E` yearly energy (MWh), :math:`P` power on a representative step (MW),
:math:`w_d` day weight (days), :math:`\Delta_{d,t}` step duration (h), :math:`o(y)` the
operation year of year :math:`y`.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyomo.environ as pyo
import xarray as xr
from pyomo.common.gc_manager import PauseGC
from pyomo.core.expr.numeric_expr import (
    DivisionExpression,
    LinearExpression,
    MonomialTermExpression,
    NegationExpression,
    ProductExpression,
    SumExpression,
)
from pyomo.core.expr.numvalue import native_numeric_types

from model.inputs.data import ModelData
from model.outputs import derived, economics

_DOC = re.compile(r"^(?P<text>.*?)\s*\((?P<unit>[^()]*)\)\s*$", re.S)


def _set_dims(s) -> list[str]:
    """Dim names of one index set (see the module docstring)."""
    dims = getattr(s, "dims", None)
    if dims is not None:
        return list(dims)
    factors = list(s.subsets(expand_all_set_operators=False))
    if len(factors) > 1:
        return [d for f in factors for d in _set_dims(f)]
    if s.dimen == 1:
        return [s.local_name]
    dimen = s.dimen if isinstance(s.dimen, int) else len(next(iter(s), ()))
    return [f"{s.local_name}_{i}" for i in range(dimen)]


def component_dims(comp) -> list[str]:
    """Dim names of an indexed component from its index set (``[]`` when scalar)."""
    if not comp.is_indexed():
        return []
    dims = _set_dims(comp.index_set())
    seen: dict[str, int] = {}
    out = []
    for d in dims:  # the same set twice (e.g. region x region): region, region_1
        out.append(d if d not in seen else f"{d}_{seen[d]}")
        seen[d] = seen.get(d, 0) + 1
    return out


def doc_attrs(comp) -> dict[str, str]:
    """``units`` and ``description`` from a doc written as ``"description (unit)"``."""
    doc = (comp.doc or "").strip()
    match = _DOC.match(doc)
    if match:
        return {"description": match["text"], "units": match["unit"]}
    return {"description": doc or comp.name, "units": ""}


def fast_value(e) -> float:
    """Value of a Pyomo expression from its variables' values (None counts as 0).

    Walks sums, monomials, products, quotients and negations directly, which is several
    times faster than Pyomo's generic evaluator on the long linear cost sums; any other node
    type falls back to ``pyo.value``.
    """
    cls = e.__class__
    if cls in native_numeric_types:
        return e
    if cls is MonomialTermExpression:
        coef, var = e.args
        value = var.value
        return (coef if coef.__class__ in native_numeric_types else fast_value(coef)) * (
            0.0 if value is None else value)
    if cls is SumExpression or cls is LinearExpression:
        return sum(map(fast_value, e.args))
    if e.is_variable_type():
        return 0.0 if e.value is None else e.value
    if e.is_named_expression_type():
        return fast_value(e.expr)
    if cls is ProductExpression:
        return fast_value(e.args[0]) * fast_value(e.args[1])
    if cls is DivisionExpression:
        return fast_value(e.args[0]) / fast_value(e.args[1])
    if cls is NegationExpression:
        return -fast_value(e.args[0])
    value = pyo.value(e, exception=False)
    return 0.0 if value is None else value


def _values(comp) -> dict:
    """``{index: value}`` of a Var (None: 0, never sent to the solver) or an Expression."""
    items = getattr(comp, "_data", None)  # the index -> data dict; skips re-flattening keys
    items = items.items() if isinstance(items, dict) else comp.items()
    if comp.ctype is pyo.Var:
        return {k: (0.0 if v.value is None else float(v.value)) for k, v in items}
    return {k: float(fast_value(e.expr)) for k, e in items}


def _codes(values: dict, dims: list[str]) -> tuple[list[np.ndarray], list[pd.Index]]:
    """Integer codes and sorted unique labels of every index position."""
    keys = list(values)
    codes, uniques = [], []
    for i in range(len(dims)):
        column = keys if len(dims) == 1 else [k[i] for k in keys]
        labels = sorted(set(column))
        where = {label: n for n, label in enumerate(labels)}
        codes.append(np.fromiter((where[v] for v in column), dtype=np.intp, count=len(column)))
        uniques.append(pd.Index(labels))
    return codes, uniques


def _dense(values: dict, dims: list[str], codes: list[np.ndarray], labels: list[pd.Index],
           coords: dict[str, pd.Index], attrs: dict) -> xr.DataArray:
    """Place the values into a NaN array over ``coords`` (labels: a subset of them)."""
    where = tuple(coords[d].get_indexer(lab)[code]
                  for d, code, lab in zip(dims, codes, labels, strict=True))
    arr = np.full([len(coords[d]) for d in dims], np.nan)
    arr[where] = np.fromiter(values.values(), dtype=float, count=len(values))
    return xr.DataArray(arr, coords={d: coords[d] for d in dims}, dims=dims, attrs=attrs)


def to_array(values: dict, dims: list[str], attrs: dict | None = None) -> xr.DataArray:
    """Dense DataArray from ``{index tuple: value}`` (combinations not given: NaN)."""
    attrs = attrs or {}
    if not dims:
        return xr.DataArray(float(next(iter(values.values()), 0.0)), attrs=attrs)
    codes, labels = _codes(values, dims)
    return _dense(values, dims, codes, labels, dict(zip(dims, labels, strict=True)), attrs)


def extract(m: pyo.ConcreteModel) -> dict[str, xr.DataArray]:
    """Every non-empty Var and Expression of ``m`` as a DataArray named by its Pyomo name.

    Arrays sharing a dim get the union of its coordinates (sorted), so a component indexed
    by a subset (e.g. the plants with a store) is NaN elsewhere and the Dataset needs no
    alignment.
    """
    found = []
    for comp in m.component_objects((pyo.Var, pyo.Expression), active=None,
                                    descend_into=True):
        values = _values(comp)
        if not values:  # an empty family (e.g. no targets) has nothing to store
            continue
        dims = component_dims(comp)
        codes, labels = _codes(values, dims) if dims else ([], [])
        found.append((comp.name, values, dims, codes, labels, doc_attrs(comp)))
    union: dict[str, pd.Index] = {}
    for _, _, dims, _, labels, _ in found:
        for d, lab in zip(dims, labels, strict=True):
            union[d] = lab if d not in union else union[d].union(lab)
    out = {}
    for name, values, dims, codes, labels, attrs in found:
        out[name] = (_dense(values, dims, codes, labels, union, attrs) if dims
                     else to_array(values, dims, attrs))
    return out


def time_inputs(data: ModelData) -> dict[str, xr.DataArray]:
    """Step durations, day weights and the operation year of every year (module doc)."""
    dur = data.time.duration_h
    duration = xr.DataArray.from_series(
        dur.astype(float).rename_axis(["day", "step"]))
    weights = data.time.weights
    return {
        "duration_h": duration.assign_attrs(units="h", description="hours a step lasts"),
        "day_weight": xr.DataArray(
            weights.to_numpy(dtype=float), coords={"day": list(weights.index)}, dims=["day"],
            attrs={"units": "days", "description": "days per year the representative day "
                   "stands for"}),
        "op_year_of": xr.DataArray(
            [data.op_year_of[y] for y in data.years], coords={"year": data.years},
            dims=["year"], attrs={"units": "year", "description": "operation year at or "
                                  "before the year (op_year_weight gives the interpolation)"}),
        "op_year_weight": xr.DataArray(
            [[data.op_weights[y].get(o, 0.0) for o in data.op_years] for y in data.years],
            coords={"year": data.years, "op_year": data.op_years}, dims=["year", "op_year"],
            attrs={"units": "1", "description": "share of an operation year's dispatch "
                   "booked in the year (1 in an operation year, linear interpolation between "
                   "them)"}),
        "discount_factor": xr.DataArray(
            data.discount.to_numpy(), coords={"year": data.years}, dims=["year"],
            attrs={"units": "1", "description": "discount factor to the base year"}),
    }


def to_dataset(m: pyo.ConcreteModel, data: ModelData) -> xr.Dataset:
    """The solved model (values loaded into ``m``) as one Dataset: raw, inputs, derived."""
    with PauseGC():  # the model's millions of objects make each GC pass slow
        raw = extract(m)
        ds = xr.Dataset({**raw, **time_inputs(data)})
        ds = ds.assign(derived.figures(ds, data))
        return ds.assign(economics.market_inputs(data))
