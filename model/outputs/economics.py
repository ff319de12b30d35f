r"""After the solve: which limits bind, whether a big-M bound binds, what the gap means in EUR.

Read by the runner into the manifest (``binding_limits``, ``big_m_binding``, ``gap``,
``npv``) and the log. A limit *binds* in a year when its slack is within the tolerance

.. math:: \bar{u} - g(x^*) \le \tau \max(1, |\bar{u}|), \qquad \tau = 10^{-6}

with :math:`g(x^*)` the constraint body at the solution and :math:`\bar{u}` its upper
bound. Families: ``land`` (capacity at the end of the year within the land potential),
``approval_cap`` (MW approved per year within the authority's throughput),
``transmission`` (import or export at the transmission capacity in some step of the
operation year). Limits of zero (the technology is not allowed there) are not listed.
A big-M bound binds when a built option's size reaches
:math:`M_{p,j}` (``electrification_options.csv`` ``max_size_factor`` × the plant's peak
heat): the optimum may then be cut off by the bound, so it is a warning.

The MIP gap in EUR is :math:`(z - \underline{z}) \cdot 10^6` with :math:`z` the
optimised objective and :math:`\underline{z}` the bound (both million EUR); its share is
taken of the decision-dependent cost :math:`|z|`.
"""

from __future__ import annotations

import logging
import math
from collections import defaultdict

import pyomo.environ as pyo
import xarray as xr

from model.inputs.data import ModelData

log = logging.getLogger(__name__)

TOL = 1e-6


def _binds(con, skip_zero: bool = False) -> bool:
    """Slack within the tolerance; ``skip_zero``: a constant limit of zero never counts."""
    upper = con.upper
    if upper is None:
        return False
    upper = pyo.value(upper)
    if skip_zero and abs(upper) <= TOL:  # zero land or throughput forbids the technology
        return False
    body = pyo.value(con.body, exception=False)
    return body is not None and upper - body <= TOL * max(1.0, abs(upper))


def _group(hits: dict[tuple, list[int]]) -> list[dict]:
    return [{"technology": k, "region": r, "years": sorted(set(ys))}
            for (k, r), ys in sorted(hits.items())]


def binding_limits(m: pyo.ConcreteModel) -> dict[str, list[dict]]:
    """Limits that bind, by family, with the years they bind in.

    Returns
    -------
    dict
        ``land`` and ``approval_cap``: list of {technology, region, years};
        ``transmission``: list of {region, direction, years} (operation years).
    """
    out: dict[str, list[dict]] = {}
    perm = getattr(m, "permitting", None)
    for family in ("land", "approval_cap"):
        con = getattr(perm, family, None)
        hits: dict[tuple, list[int]] = defaultdict(list)
        if con is not None:
            for (k, r, y), c in con.items():
                if _binds(c, skip_zero=True):
                    hits[k, r].append(int(y))
        out[family] = _group(hits)
    grid = getattr(m, "grid", None)
    trans: dict[tuple, set[int]] = defaultdict(set)
    for direction in ("import", "export"):
        con = getattr(grid, f"{direction}_limit", None)
        if con is None:
            continue
        for (r, o, _d, _t), c in con.items():
            if _binds(c):
                trans[r, direction].add(int(o))
    out["transmission"] = [{"region": r, "direction": d, "years": sorted(ys)}
                           for (r, d), ys in sorted(trans.items())]
    return out


def big_m_binding(m: pyo.ConcreteModel) -> list[dict]:
    """Built plant options whose size reached its big-M bound (a warning each)."""
    b = getattr(m, "plants", None)
    if b is None or not hasattr(b, "size_link"):
        return []
    out = []
    for (p, j, s) in b.size_link:
        built = b.build[p, j, s].value
        if built is None or round(built) != 1:
            continue
        bound = pyo.value(b.big_m[p, j])
        size = b.size[p, j, s].value or 0.0
        if size >= bound * (1 - TOL):
            out.append({"plant": p, "option": j, "order_year": int(s), "size": size,
                        "bound": bound})
            log.warning("big-M bound binds: %s %s ordered %d at its bound %.4g (raise "
                        "max_size_factor of '%s' in electrification_options.csv; the optimum "
                        "may be cut off)", p, j, s, bound, j)
    return out


def gap_report(objective_meur: float | None, bound_meur: float | None) -> dict:
    """The MIP gap in EUR and as a share of the decision-dependent cost (the objective)."""
    if objective_meur is None or bound_meur is None or not math.isfinite(bound_meur):
        return {"gap_eur": None, "gap_share_of_decision_cost": None}
    gap_eur = max(objective_meur - bound_meur, 0.0) * 1e6
    share = gap_eur / (abs(objective_meur) * 1e6) if objective_meur else None
    return {"gap_eur": gap_eur, "gap_share_of_decision_cost": share}


def npv_report(m: pyo.ConcreteModel, discount: dict[int, float]) -> dict:
    """Optimised (decision-dependent) NPV, the constant terms kept out of it, and their sum.

    All in million EUR, discounted to the base year.
    """
    costs = m.costs
    constant = set(getattr(costs, "constant_categories", ()))
    by_cat: dict[str, float] = {}
    for c in costs.category:
        by_cat[c] = sum(discount[y] * pyo.value(costs.cost_eur[c, y]) for y in m.year) * 1e-6
    optimised = sum(v for c, v in by_cat.items() if c not in constant)
    fixed = sum(v for c, v in by_cat.items() if c in constant)
    return {"optimised_meur": optimised, "constant_terms_meur": fixed,
            "total_meur": optimised + fixed,
            "constant_terms_by_category_meur": {c: by_cat[c] for c in sorted(constant)
                                                if c in by_cat}}


def manifest_entries(m: pyo.ConcreteModel, discount: dict[int, float], perspective: str,
                     objective_meur: float | None, bound_meur: float | None) -> dict:
    """Everything this module reports, as manifest entries; logs the binding limits.

    Returns
    -------
    dict
        ``perspective``, ``npv`` (:func:`npv_report`), ``gap`` (:func:`gap_report`),
        ``binding_limits`` (:func:`binding_limits`), ``big_m_binding``
        (:func:`big_m_binding`) and ``economics_warnings`` (one line per binding big-M).
    """
    limits = binding_limits(m)
    for family, rows in limits.items():
        for row in rows:
            where = " ".join(str(row[k]) for k in ("technology", "region", "direction")
                             if k in row)
            log.info("limit binds: %s %s in %s", family, where, row["years"])
    big_m = big_m_binding(m)
    warnings = [f"big-M bound binds: {b['plant']} {b['option']} (ordered {b['order_year']}) "
                f"at its bound {b['bound']:.4g}; raise max_size_factor in "
                "electrification_options.csv" for b in big_m]
    return {"perspective": perspective, "npv": npv_report(m, discount),
            "gap": gap_report(objective_meur, bound_meur), "binding_limits": limits,
            "big_m_binding": big_m, "economics_warnings": warnings}


def market_inputs(data: ModelData) -> dict[str, xr.DataArray]:
    """Capture rates, national RE share and the carbon in the base price, for the results."""
    mk = data.market
    gens = sorted({k for k, _ in mk.capture_rate})
    capture = [[mk.capture_rate[k, y] for y in data.years] for k in gens]
    year = {"year": data.years}
    return {
        "capture_rate": xr.DataArray(
            capture, coords={"generator": gens, **year}, dims=["generator", "year"],
            attrs={"units": "1", "description": "market value of exports / base price "
                   f"(perspective {mk.perspective})"}),
        "national_re_share": xr.DataArray(
            mk.re_share.reindex(data.years).to_numpy(float), coords=year, dims=["year"],
            attrs={"units": "1", "description": "national renewable share of generation"}),
        "carbon_in_wholesale_eur_per_mwh": xr.DataArray(
            mk.carbon_in_price_eur_per_mwh.reindex(data.years).to_numpy(float), coords=year,
            dims=["year"], attrs={"units": "EUR/MWh", "description": "carbon cost contained "
                                  "in the base price (stated pass-through)"}),
    }
