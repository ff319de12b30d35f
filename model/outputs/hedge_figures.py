r"""Figures of the brief of a stochastic run: starts per year, and the NPV across the scenarios.

Both drawn from the run's CSV tables (:mod:`model.outputs.hedge_brief`) with matplotlib on an
Agg canvas and returned as inline ``<svg>`` (:func:`model.outputs.figures.svg`), every label
from the catalogue, ticks in the language's number format.

*Starts per year* (``starts.csv``, ``scenarios.csv``): for one technology, the MW started in
year :math:`s` in region :math:`r`, stacked by region, as the expected value

.. math:: \bar{x}_{r,s} = \sum_\omega p_\omega\, x_{\omega,r,s}

(equal to every scenario's value in the first-stage years, which are shaded); a vertical line
spans :math:`\min_\omega \sum_r x_{\omega,r,s}` to :math:`\max_\omega \sum_r x_{\omega,r,s}`
where the scenarios differ. *NPV across the scenarios* (``scenarios.csv``,
``distribution.csv``): the step function :math:`F(v) = \sum_{\omega: NPV_\omega \le v}
p_\omega` with P10, P50, P90 (dashed) and the expected value (dotted).

Legend: :math:`p_\omega` probability of scenario :math:`\omega`, :math:`x_{\omega,r,s}`
start (MW), :math:`NPV_\omega` net present value of all costs (M EUR).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator

from model.outputs import figures
from model.outputs.i18n import number, t

TOL_MW = 1e-3


def start_matrix(starts: pd.DataFrame, probs: dict[str, float], tech: str
                 ) -> tuple[list[int], dict[str, np.ndarray], np.ndarray, np.ndarray]:
    """Years, expected MW per region (by year), and the smallest and largest scenario total."""
    rows = starts[starts["technology"] == tech]
    years = sorted(int(y) for y in rows["start_year"].unique())
    if not years:
        return [], {}, np.zeros(0), np.zeros(0)
    cube = rows.pivot_table(index=["scenario", "region"], columns="start_year",
                            values="start_mw", aggfunc="sum").reindex(columns=years).fillna(0.0)
    cube = cube.clip(lower=0.0)  # -0.0 and solver noise
    expected = {}
    for region in sorted(cube.index.get_level_values("region").unique()):
        part = cube.xs(region, level="region")
        w = np.array([probs.get(str(s), 0.0) for s in part.index])
        expected[region] = (part.to_numpy() * w[:, None]).sum(axis=0)
    totals = cube.groupby(level="scenario").sum().to_numpy()
    return years, expected, totals.min(axis=0), totals.max(axis=0)


def starts_svg(starts: pd.DataFrame, probs: dict[str, float], tech: str,
               first_years: list[int], lang: str) -> str | None:
    """Stacked bars of the expected starts per year by region; first stage shaded."""
    years, expected, low, high = start_matrix(starts, probs, tech)
    if not years or max((v.max() for v in expected.values()), default=0.0) <= TOL_MW:
        return None
    fig, (ax,) = figures._figure()
    if first_years:
        ax.axvspan(min(first_years) - 0.5, max(first_years) + 0.5, color="#dcdcde", alpha=0.6,
                   lw=0, label=figures._plain(t("hg_first_stage", lang)))
    figures.stacked(ax, years, {r: v for r, v in expected.items() if v.max() > TOL_MW}, lang)
    spread = [i for i, y in enumerate(years) if high[i] - low[i] > TOL_MW]
    if spread:
        ax.vlines([years[i] for i in spread], [low[i] for i in spread],
                  [high[i] for i in spread], color="black", lw=1.2)
    ax.set_ylabel(t("u_mw", lang), fontsize=8)
    figures._years_axis(ax, lang)
    ax.yaxis.set_major_locator(MaxNLocator(steps=[1, 2, 5, 10]))  # ticks shown exactly
    figures._legend(ax)
    return figures.svg(fig, f"hedge-starts-{tech}")


def npv_svg(scenarios: pd.DataFrame, dist: pd.DataFrame, lang: str) -> str | None:
    """Cumulative probability of the NPV of all costs with P10/P50/P90 and the mean."""
    if scenarios.empty:
        return None
    order = scenarios.sort_values("npv_meur", kind="stable")
    v = order["npv_meur"].to_numpy(dtype=float)
    cum = np.cumsum(order["probability"].to_numpy(dtype=float))
    fig, (ax,) = figures._figure()
    ax.step(np.r_[v[0], v], np.r_[0.0, cum], where="post", color="tab:blue", lw=1.6)
    ax.plot(v, cum, "o", color="tab:blue", ms=4)
    row = dist.set_index("metric").loc["npv_meur"]
    for i, q in enumerate(("p10", "p50", "p90")):
        ax.axvline(float(row[q]), color="grey", ls="--", lw=1,
                   label="P10 / P50 / P90" if i == 0 else None)
    ax.axvline(float(row["expected"]), color="black", ls=":", lw=1.2,
               label=figures._plain(t("hg_expected", lang)))
    ax.set_ylim(0.0, 1.0)
    ax.set_ylabel(figures._plain(t("hg_axis_prob", lang)), fontsize=8)
    ax.set_xlabel(figures._plain(t("hg_axis_npv", lang)), fontsize=8)
    span = float(v.max() - v.min())
    digits = 0 if span >= 20 else (1 if span >= 2 else 2)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 5, 10]))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _p: number(x, digits, lang)))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _p: number(y, 1, lang)))
    figures._legend(ax)
    return figures.svg(fig, "hedge-npv")
