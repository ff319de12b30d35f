"""Figures of the analyses as standalone SVG files (matplotlib Agg, text kept as text).

* Delay curve (``delay_curve.svg``): x = lever value (years of delay for ``*_months``
  levers), left axis change of NPV against the base in M EUR, right axis change of
  cumulative emissions in kt CO2; the base value is marked. The slope of each line between
  two points is the marginal figure of ``delay.csv``.
* Waterfall (``attribution_waterfall.svg``): per case, the baseline's NPV change 0, then one
  bar per lever group (its Shapley share, M EUR), ending at the case's total change.
* Tornado (``tornado.svg``): per input, a bar from the low to the high value's change of
  NPV (M EUR), widest on top.

The figures are also data: the CSV next to each holds every plotted number, so the briefs
may redraw them (README, "Delay, attribution and sensitivity").
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

if TYPE_CHECKING:
    import pandas as pd

    from model.analysis.delay import DelayCurve

_META = dict.fromkeys(("Date", "Creator", "Format", "Type"))


def _save(fig: Figure, path: Path) -> Path:
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": path.stem}):
        fig.savefig(path, format="svg", metadata=_META)
    return path


def _figure(width: float = 7.5, height: float = 3.8) -> Figure:
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


def delay_figure(curve: DelayCurve, folder: Path) -> Path:
    """Write ``delay_curve.svg`` (see the module docstring)."""
    t = curve.table
    fig = _figure()
    ax = fig.add_axes((0.12, 0.15, 0.72, 0.72))
    ax.plot(t["x"], t["delta_npv_meur"], marker="o", color="tab:blue",
            label="Δ NPV (M EUR)")
    ax.set_xlabel(curve.x_unit if curve.x_unit == "years of delay"
                  else curve.lever.replace("$", ""))
    ax.set_ylabel("Δ NPV vs base (M EUR)", color="tab:blue")
    ax.axhline(0.0, color="black", lw=0.6)
    ax2 = ax.twinx()
    ax2.plot(t["x"], t["delta_cumulative_emissions_kt"], marker="s", color="tab:red",
             label="Δ cumulative emissions (kt CO2)")
    ax2.set_ylabel("Δ cumulative emissions (kt CO2)", color="tab:red")
    base = t[t["is_base"]]
    for x in base["x"]:
        ax.axvline(x, color="grey", ls=":", lw=1)
    ax.set_title(f"Delay curve: {curve.lever} ({curve.basis} basis)", fontsize=9)
    return _save(fig, folder / "delay_curve.svg")


def waterfall_figure(table: pd.DataFrame, folder: Path) -> Path:
    """Write ``attribution_waterfall.svg`` from attribution.csv rows (one panel per case)."""
    cases = list(dict.fromkeys(table["case"]))
    fig = _figure(7.5, 2.2 + 1.8 * len(cases))
    for i, case in enumerate(cases):
        rows = table[(table["case"] == case) & (table["kind"] == "lever_group")]
        total = float(table[(table["case"] == case) & (table["kind"] == "total")]
                      ["delta_npv_meur"].iloc[0])
        ax = fig.add_subplot(len(cases), 1, i + 1)
        start, labels = 0.0, []
        for j, (_, r) in enumerate(rows.iterrows()):
            v = float(r["delta_npv_meur"])
            ax.bar(j, v, bottom=start, color="tab:red" if v > 0 else "tab:green")
            start += v
            labels.append(str(r["group"]).replace("_", " "))
        ax.bar(len(labels), total, color="tab:blue")
        ax.set_xticks(range(len(labels) + 1), [*labels, "total"], fontsize=7)
        ax.axhline(0.0, color="black", lw=0.6)
        ax.set_ylabel("M EUR", fontsize=8)
        ax.set_title(f"{case} vs baseline: Δ NPV by lever group (Shapley)", fontsize=9)
    fig.subplots_adjust(hspace=0.8, bottom=0.12, top=0.9)
    return _save(fig, folder / "attribution_waterfall.svg")


def tornado_figure(table: pd.DataFrame, folder: Path) -> Path:
    """Write ``tornado.svg`` from sensitivity.csv (Δ NPV at low and high, M EUR)."""
    t = table.assign(width=(table["delta_npv_meur_high"] - table["delta_npv_meur_low"]).abs())
    t = t.sort_values("width")
    fig = _figure(7.5, 1.5 + 0.35 * len(t))
    ax = fig.add_axes((0.35, 0.12, 0.6, 0.8))
    y = range(len(t))
    ax.barh(y, t["delta_npv_meur_low"], color="tab:green", label="low value")
    ax.barh(y, t["delta_npv_meur_high"], color="tab:red", label="high value")
    ax.set_yticks(list(y), list(t["input"]), fontsize=7)
    ax.axvline(0.0, color="black", lw=0.6)
    ax.set_xlabel("Δ NPV vs base (M EUR)")
    ax.legend(fontsize=7)
    return _save(fig, folder / "tornado.svg")
