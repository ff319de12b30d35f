r"""Scenarios of permitting outcomes drawn from the distributions, and the data they put in force.

A *draw* :math:`g` is one uniform level :math:`u_{i,g} \in (0, 1)` per scenario :math:`i`.
With ``correlation: comonotone`` a technology has one draw for all regions (a slow year is
slow everywhere); with ``independent`` one draw per technology and region. Within a draw the
approval months and the attrition share move together (comonotone: a slower regime also
refuses more, as the data set's slow case has both), and different technologies are
independent draws. The value of parameter :math:`p` of (technology :math:`k`, region
:math:`r`) in scenario :math:`i` is :math:`F^{-1}_{k,r,p}(u_{i,g(k,r)})`.

Sampling rules for :math:`N` scenarios:

* ``quantile``: :math:`u_{i,g} = (\pi_g(i) - 1/2) / N` with :math:`\pi_g` the identity
  for the first draw and a permutation drawn with ``seed`` for every other (a Latin
  hypercube); probability :math:`1/N` each;
* ``random``: :math:`u_{i,g}` uniform, drawn with ``seed``; probability :math:`1/N` each;
* ``enumerate``: every combination of the cells between the breakpoints of the discrete
  distributions of each draw, with the product of the cell widths as probability (exact);
  more than :math:`N` combinations is an input error.

Scenarios with identical values are merged (probabilities added). The *average case*
puts in force the probability-weighted mean of each parameter over the scenarios.

Legend: :math:`i` scenario, :math:`g` draw, :math:`u` level, :math:`F^{-1}` inverse CDF
(:mod:`model.stochastic.distributions`), :math:`\pi` permutation, :math:`N` scenarios.
"""

from __future__ import annotations

import dataclasses
import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from model.errors import InputError
from model.inputs.data import ModelData
from model.inputs.uncertainty_schema import UncertaintyConfig
from model.stochastic.distributions import Distribution, Table

Key = tuple[str, str]  # (technology, region)


@dataclass(frozen=True)
class Outcome:
    """One scenario: its probability and the permitting values it puts in force.

    ``values[(k, r)]`` maps ``approval_months`` and/or ``attrition_share`` to the value.
    """

    name: str
    probability: float
    values: dict[Key, dict[str, float]]


def uncertain_parameters(data: ModelData, table: Table, cfg: UncertaintyConfig
                         ) -> dict[Key, dict[str, Distribution]]:
    """Distributions in force per (technology, region) of the scenario's regions.

    A region's own rows win over the ``'*'`` rows, parameter by parameter.

    Raises
    ------
    InputError
        If ``uncertainty.technologies`` names a technology the case has no rows for, or one
        the regions do not build.
    """
    in_file = sorted({k for (k, _, _) in table})
    techs = cfg.technologies if cfg.technologies is not None else in_file
    problems = [f"uncertainty.technologies: {k!r} has no rows in case {cfg.case!r} of "
                f"{cfg.file} (technologies there: {', '.join(in_file)})"
                for k in techs if k not in in_file]
    built = {k for (k, _) in data.permitting.index}
    problems += [f"uncertainty: technology {k!r} has no permitting rows in the scenario's "
                 "regions, so nothing it decides is uncertain; remove it" for k in techs
                 if k in in_file and k not in built]
    if problems:
        raise InputError(problems)
    out: dict[Key, dict[str, Distribution]] = {}
    for k in techs:
        for r in data.regions:
            if (k, r) not in data.permitting.index:
                continue
            found = {}
            for p in ("approval_months", "attrition_share"):
                dist = table.get((k, r, p), table.get((k, "*", p)))
                if dist is not None:
                    found[p] = dist
            if found:
                out[k, r] = found
    return out


def _draws(params: dict[Key, dict[str, Distribution]], correlation: str) -> dict[object, list]:
    """Draw id -> the (technology, region) keys sharing it."""
    draws: dict[object, list] = {}
    for (k, r) in params:
        draws.setdefault(k if correlation == "comonotone" else (k, r), []).append((k, r))
    return draws


def _levels(draws: dict, params: dict[Key, dict[str, Distribution]], cfg: UncertaintyConfig
            ) -> list[tuple[float, dict]]:
    """(probability, draw -> level) per scenario before merging."""
    n = cfg.scenarios
    rng = np.random.default_rng(cfg.seed)
    if cfg.sampling == "random":
        u = rng.random((n, len(draws)))
        return [(1.0 / n, dict(zip(draws, u[i], strict=True))) for i in range(n)]
    if cfg.sampling == "quantile":
        cols = []
        for j in range(len(draws)):
            order = np.arange(n) if j == 0 else rng.permutation(n)
            cols.append((order + 0.5) / n)
        return [(1.0 / n, {g: cols[j][i] for j, g in enumerate(draws)}) for i in range(n)]
    return _enumerate(draws, params, cfg)


def _enumerate(draws: dict, params: dict[Key, dict[str, Distribution]],
               cfg: UncertaintyConfig) -> list[tuple[float, dict]]:
    cells = {}
    for g, keys in draws.items():
        points = {0.0, 1.0}
        for key in keys:
            for dist in params[key].values():
                if dist.form != "discrete":
                    raise InputError(
                        f"uncertainty.sampling: 'enumerate' needs discrete distributions; "
                        f"{key[0]} in {key[1]} has a quantile form (rows "
                        f"{', '.join(map(str, dist.rows))} of {cfg.file}); use 'quantile' or "
                        "'random'")
                points.update(dist.breakpoints())
        edges = sorted(points)
        cells[g] = [(lo, hi) for lo, hi in itertools.pairwise(edges) if hi - lo > 1e-12]
    count = int(np.prod([len(c) for c in cells.values()]))
    if count > cfg.scenarios:
        raise InputError(f"uncertainty.scenarios: 'enumerate' gives {count} combinations, more "
                         f"than scenarios={cfg.scenarios}; raise scenarios (and "
                         "max_extensive_scenarios, or route: progressive_hedging) or use "
                         "sampling: quantile")
    out = []
    for combo in itertools.product(*cells.values()):
        prob = float(np.prod([hi - lo for lo, hi in combo]))
        out.append((prob, {g: (lo + hi) / 2 for g, (lo, hi) in zip(cells, combo, strict=True)}))
    return out


def sample(params: dict[Key, dict[str, Distribution]], cfg: UncertaintyConfig
           ) -> list[Outcome]:
    """Scenarios from the distributions (module doc); identical ones merged, in draw order."""
    draws = _draws(params, cfg.correlation)
    merged: dict[tuple, list] = {}
    for prob, levels in _levels(draws, params, cfg):
        values = {}
        for g, keys in draws.items():
            for key in keys:
                values[key] = {p: dist.inverse(levels[g]) for p, dist in params[key].items()}
        sig = tuple(sorted((key, tuple(sorted(v.items()))) for key, v in values.items()))
        if sig in merged:
            merged[sig][0] += prob
        else:
            merged[sig] = [prob, values]
    total = sum(p for p, _ in merged.values())
    return [Outcome(f"s{i + 1:02d}", p / total, v) for i, (p, v) in enumerate(merged.values())]


def average_case(outcomes: list[Outcome]) -> Outcome:
    """The probability-weighted mean of every uncertain parameter (months may be fractional)."""
    values: dict[Key, dict[str, float]] = {}
    for o in outcomes:
        for key, params in o.values.items():
            for p, v in params.items():
                values.setdefault(key, {}).setdefault(p, 0.0)
                values[key][p] += o.probability * v
    return Outcome("average", 1.0, values)


def apply(data: ModelData, outcome: Outcome) -> ModelData:
    """``data`` with the outcome's approval months and attrition in force (lead recomputed)."""
    perm = data.permitting.copy()
    for (k, r), params in outcome.values.items():
        for p, v in params.items():
            perm.loc[(k, r), p] = float(v)
    perm["lead_months"] = (perm["pre_application_months"] + perm["approval_months"]
                           + perm["realisation_months"])
    return dataclasses.replace(data, permitting=perm)


def outcomes_table(outcomes: list[Outcome]) -> pd.DataFrame:
    """Tidy table: scenario, probability, technology, region, parameter, value."""
    rows = [(o.name, o.probability, k, r, p, v) for o in outcomes
            for (k, r), params in sorted(o.values.items()) for p, v in sorted(params.items())]
    return pd.DataFrame(rows, columns=["scenario", "probability", "technology", "region",
                                       "parameter", "value"])
