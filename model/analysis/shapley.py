r"""Exact Shapley attribution of a difference over k lever groups.

For groups :math:`N = \{1..k\}` and a value :math:`v(S)` known for every subset :math:`S
\subseteq N` (the run with the groups in :math:`S` set to the case's values, the others to
the baseline's), the Shapley share of group :math:`i` is

.. math::
    \phi_i = \sum_{S \subseteq N \setminus \{i\}} \frac{|S|! \, (k - |S| - 1)!}{k!}
             \bigl(v(S \cup \{i\}) - v(S)\bigr),

and :math:`\sum_i \phi_i = v(N) - v(\emptyset)` exactly (efficiency). The one-at-a-time
effect is :math:`\delta_i = v(\{i\}) - v(\emptyset)`; the interaction of group :math:`i` is
:math:`\phi_i - \delta_i`, and the total interaction :math:`v(N) - v(\emptyset) - \sum_i
\delta_i`. Legend: :math:`k` number of groups, :math:`S` a subset of groups, :math:`v`
a metric of a run (NPV in M EUR, cumulative emissions in kt CO2).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from math import factorial

Subset = frozenset[str]


def subsets(groups: Sequence[str]) -> list[Subset]:
    """All :math:`2^k` subsets of ``groups`` (the empty one first, the full one last)."""
    return [frozenset(c) for n in range(len(groups) + 1)
            for c in itertools.combinations(groups, n)]


def shapley(groups: Sequence[str], value: Mapping[Subset, float] | Callable[[Subset], float]
            ) -> dict[str, float]:
    """Shapley share of every group (see the module docstring).

    Raises
    ------
    KeyError
        If ``value`` lacks a subset.
    """
    v = value if callable(value) else value.__getitem__
    k = len(groups)
    out = {}
    for g in groups:
        others = [h for h in groups if h != g]
        total = 0.0
        for s in subsets(others):
            weight = factorial(len(s)) * factorial(k - len(s) - 1) / factorial(k)
            total += weight * (v(s | {g}) - v(s))
        out[g] = total
    return out
