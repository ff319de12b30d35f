"""Figures of the briefs as inline SVG: human labels, units, the language's number format.

Drawn by matplotlib on an Agg canvas (no pyplot state) and saved as SVG with text kept as
text. Legends use :func:`model.outputs.i18n.term`, axis ticks :func:`model.outputs.i18n.number`.
Every function returns the ``<svg>`` element, or None when its data are absent.
"""

from __future__ import annotations

import io
import re
from typing import Any

import numpy as np
import xarray as xr
from matplotlib import colormaps, rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from model.outputs.catalogue import TERMS
from model.outputs.i18n import label, number, t

TOL = 1e-6
STOCKS = ("in_development", "in_approval", "under_construction", "operating")
FLOWS = ("started", "applied", "approved", "commissioned")
_LEGEND = {"fontsize": 8, "loc": "center left", "bbox_to_anchor": (1.0, 0.5), "frameon": False}
_COLORS = {"wind": "#1f77b4", "pv_ground": "#ff7f0e", "pv_rooftop": "#ffbb78",
           "battery_power": "#2ca02c", "battery_energy": "#98df8a", "gas": "#7f7f7f",
           "electric_boiler": "#d62728", "ht_heat_pump": "#9467bd",
           "induction_furnace": "#8c564b", "thermal_store": "#e377c2"}


def _plain(label: object) -> str:
    """A label safe from matplotlib's mathtext (``$`` would start a formula)."""
    return str(label).replace("$", r"\$")


def _ticks(lang: str):
    def fmt(v: float, _pos: int) -> str:
        return number(v, 0 if abs(v) >= 10 or float(v).is_integer() else 1, lang)
    return FuncFormatter(fmt)


def _figure(ncols: int = 1, height: float = 3.4, share: bool = False) -> tuple[Figure, list]:
    """A figure with ``ncols`` axes side by side and room on the right for one legend."""
    fig = Figure(figsize=(7.6, height))
    FigureCanvasAgg(fig)
    left, right = 0.1, 0.72
    width = (right - left - 0.03 * (ncols - 1)) / ncols
    axes = []
    for i in range(ncols):
        ax = fig.add_axes((left + i * (width + 0.03), 0.13, width, 0.75),
                          sharey=axes[0] if share and axes else None)
        ax.tick_params(labelsize=8)
        ax.grid(axis="y", lw=0.4, alpha=0.5)
        axes.append(ax)
    return fig, axes


def _legend(ax: Axes) -> None:
    """A legend right of the axes, if anything carries a label."""
    if ax.get_legend_handles_labels()[0]:
        ax.legend(**_LEGEND)


def _years_axis(ax: Axes, lang: str) -> None:
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 5, 10], nbins=5))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: str(int(v))))
    ax.yaxis.set_major_formatter(_ticks(lang))


def svg(fig: Figure, salt: str) -> str:
    """The figure as an ``<svg>`` element: no XML prologue or metadata, ids unique on a page."""
    buf = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        meta = dict.fromkeys(("Date", "Creator", "Format", "Type"))  # reproducible, no URLs
        fig.savefig(buf, format="svg", metadata=meta, bbox_inches="tight", pad_inches=0.05)
    text = "<svg" + buf.getvalue().split("<svg", 1)[1]
    text = re.sub(r'(id="|href="#|url\(#)', rf"\1{salt}-", text)
    return text.replace("<svg ", f'<svg role="img" aria-label="{salt}" ', 1)


def _color(key: str, i: int, n: int) -> Any:
    cmap = colormaps["tab20" if n > 10 else "tab10"]
    return _COLORS.get(key, cmap(i % cmap.N))


def stacked(ax: Axes, years: list[int], parts: dict[str, np.ndarray], lang: str) -> None:
    """Bars stacked upwards for positive and downwards for negative values, legend by term."""
    pos, neg = np.zeros(len(years)), np.zeros(len(years))
    for i, (key, vals) in enumerate(parts.items()):
        ax.bar(years, vals, bottom=np.where(vals >= 0, pos, neg), width=0.8,
               label=_plain(label(key, lang)), color=_color(key, i, len(parts)))
        pos, neg = pos + np.clip(vals, 0, None), neg + np.clip(vals, None, 0)
    ax.axhline(0.0, color="black", lw=0.6)


def _rows(da: xr.DataArray, dim: str, scale: float = 1.0) -> dict[str, np.ndarray]:
    """Rows of a (dim, year) array as {id: values}, all-zero rows dropped."""
    da = da.transpose(dim, "year").fillna(0.0) * scale
    return {str(k): da.sel({dim: k}).to_numpy() for k in da[dim].values
            if np.abs(da.sel({dim: k}).to_numpy()).max(initial=0.0) > TOL * max(scale, 1e-12)}


def emissions(ds: xr.Dataset, lang: str) -> str | None:
    """Yearly emissions by source, kt CO2, stacked."""
    if "emissions_t" not in ds:
        return None
    fig, (ax,) = _figure()
    da = ds["emissions_t"]
    stacked(ax, [int(y) for y in da["year"].values], _rows(da, "source", 1e-3), lang)
    ax.set_ylabel(t("u_kt", lang), fontsize=8)
    _years_axis(ax, lang)
    _legend(ax)
    return svg(fig, "emissions")


def costs(ds: xr.Dataset, lang: str, gross: list[str], revenue: list[str]) -> str | None:
    """Yearly undiscounted costs: gross cost categories up, revenues down, net as a line."""
    if "cost_eur" not in ds:
        return None
    fig, (ax,) = _figure()
    da, years = ds["cost_eur"], [int(y) for y in ds["year"].values]
    rows = _rows(da.sel(category=gross + revenue), "category", 1e-6)
    stacked(ax, years, rows, lang)
    net = da.sum("category").to_numpy() * 1e-6
    ax.plot(years, net, color="black", marker="o", ms=3, lw=1.2, label=t("net_cost", lang))
    ax.set_ylabel(t("u_m_eur", lang), fontsize=8)
    _years_axis(ax, lang)
    _legend(ax)
    return svg(fig, "costs")


def capacity(ds: xr.Dataset, lang: str) -> str | None:
    """Capacity in operation by technology, one panel per region, MW (battery energy left out)."""
    if "capacity_mw" not in ds:
        return None
    cap = ds["capacity_mw"].drop_sel(technology=[k for k in ("battery_energy",)
                                                 if k in ds["technology"].values])
    regions = [str(r) for r in cap["region"].values][:4]
    fig, axes = _figure(ncols=len(regions), share=True)
    years = [int(y) for y in cap["year"].values]
    techs = list(_rows(cap.sum("region"), "technology"))
    for ax, region in zip(axes, regions, strict=True):
        vals = [cap.sel(region=region, technology=k).fillna(0.0).to_numpy() for k in techs]
        if techs:
                ax.stackplot(years, vals, labels=[_plain(label(k, lang)) for k in techs],
                         colors=[_color(k, i, len(techs)) for i, k in enumerate(techs)])
        ax.set_title(label(f"{region}_short" if f"{region}_short" in TERMS else region, lang),
                     fontsize=8)
        _years_axis(ax, lang)
        ax.set_xticks(sorted({years[0], (years[0] + years[-1]) // 2, years[-1]}))
    axes[0].set_ylabel(t("u_mw", lang), fontsize=8)
    for ax in axes[1:]:
        ax.tick_params(labelleft=False)
    _legend(axes[-1])
    return svg(fig, "capacity")


def pipeline(ds: xr.Dataset, lang: str) -> str | None:
    """Wind permitting pipeline: stocks at year end (bars) and flows in the year (lines), MW."""
    if "pipeline_mw" not in ds or "wind" not in ds["pipeline_mw"]["technology"].values:
        return None
    wind = ds["pipeline_mw"].sel(technology="wind").sum("region")
    stages = [str(s) for s in wind["stage"].values]
    years = [int(y) for y in wind["year"].values]
    fig, (left, right) = _figure(ncols=2)
    stocks = {s: wind.sel(stage=s).fillna(0.0).to_numpy() for s in STOCKS if s in stages}
    stacked(left, years, {k: v for k, v in stocks.items() if np.abs(v).max() > TOL}, lang)
    left.set_title(t("stocks", lang), fontsize=8)
    left.set_ylabel(t("u_mw", lang), fontsize=8)
    cmap = colormaps["tab10"]
    for i, s in enumerate(s for s in FLOWS if s in stages):  # markers keep overlaps visible
        right.plot(years, wind.sel(stage=s).fillna(0.0).to_numpy(), marker="osD^"[i], ms=6 - i,
                   ls=("-", "--", ":", "-.")[i], label=label(s, lang), color=cmap(4 + i))
    right.set_title(t("flows", lang), fontsize=8)
    for ax in (left, right):
        _years_axis(ax, lang)
    handles = left.get_legend_handles_labels()
    more = right.get_legend_handles_labels()
    right.legend(handles[0] + more[0], handles[1] + more[1], **_LEGEND)
    return svg(fig, "pipeline")


def electrification(ds: xr.Dataset, lang: str, names: dict[str, str]) -> str | None:
    """Timeline: one row per plant, a bar per option from its first year in operation."""
    inst = ds.get("plant_equipment_installed")
    if inst is None or "plant" not in ds.coords:
        return None
    plants = [str(p) for p in ds["plant"].values]
    years = [int(y) for y in ds["year"].values]
    fig = Figure(figsize=(7.6, 0.45 * len(plants) + 1.0))
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.3, 0.8 / (0.45 * len(plants) + 1.0), 0.45,
                       1 - 1.2 / (0.45 * len(plants) + 1.0)))
    options = [str(j) for j in inst["option"].values]
    seen: set[str] = set()
    for row, plant in enumerate(plants):
        on = [(j, [y for y in years if float(inst.sel(plant=plant, option=j, year=y)
                                              .fillna(0.0)) > TOL]) for j in options]
        on = [(j, ys) for j, ys in on if ys]
        for k, (j, ys) in enumerate(on):
            h = 0.8 / len(on)
            ax.broken_barh([(ys[0] - 0.5, years[-1] - ys[0] + 1)], (row - 0.4 + k * h, h),
                           color=_COLORS.get(j, "#17becf"),
                           label=None if j in seen else _plain(label(j, lang)))
            seen.add(j)
        if not on:
            ax.text(years[0] - 0.3, row, t("stays_gas", lang), va="center", fontsize=7,
                    color="#50575e")
    ax.set_yticks(range(len(plants)), [_plain(names.get(p, p)) for p in plants], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(years[0] - 0.5, years[-1] + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 5, 10], nbins=5))
    ax.tick_params(labelsize=8)
    ax.grid(axis="x", lw=0.4, alpha=0.5)
    if seen:
        ax.legend(**_LEGEND)
    return svg(fig, "electrification")


def dispatch(ds: xr.Dataset, lang: str, year: int, days: tuple[int, int]) -> str | None:
    """Generation by technology (stacked), plant load and total demand (lines) on two days.

    The x axis is hours of the day when the results carry ``duration_h`` (hours per time
    step); otherwise the time steps are equally spaced and labelled as steps. Total demand is
    ``other_demand_mw`` of the regions plus the plants' process load, when stored.
    """
    gen = ds.get("dispatch_gen_mw")
    if gen is None:
        return None
    gen = gen.sel(op_year=year).sum("region")
    load = ds.get("dispatch_plant_load_mw")
    fig, axes = _figure(ncols=2, share=True)
    techs = list(_rows(gen.sum(("day", "step")).expand_dims(year=[year]).transpose(
        "generator", "year"), "generator"))
    for ax, d, key in zip(axes, days, ("winter_day", "summer_day"), strict=True):
        steps = gen["step"].to_numpy()
        dur = ds.get("duration_h", ds.get("step_duration_h"))
        if dur is not None:
            sel = {k: v for k, v in (("op_year", year), ("day", d)) if k in dur.dims}
            widths = dur.sel(sel).to_numpy().astype(float)
            x = np.concatenate([[0.0], np.cumsum(widths)])
        else:
            x = np.arange(len(steps) + 1, dtype=float)
        vals = [np.append(gen.sel(day=d, generator=k).to_numpy(), np.nan) for k in techs]
        if techs:
                ax.stackplot(x, [np.nan_to_num(v) for v in vals], step="post",
                         labels=[_plain(label(k, lang)) for k in techs],
                         colors=[_color(k, i, len(techs)) for i, k in enumerate(techs)])
        plants = (load.sel(op_year=year, day=d).sum("plant").to_numpy() if load is not None
                  else None)
        if plants is not None:
            ax.step(x, np.append(plants, plants[-1]), where="post", color="black", lw=1.2,
                    label=t("plant_load", lang))
        other = ds.get("other_demand_mw")
        if other is not None and year in other["op_year"].values:
            total = other.sel(op_year=year, day=d).sum("region").to_numpy() + (
                plants if plants is not None else 0.0)
            ax.step(x, np.append(total, total[-1]), where="post", color="#b32d2e", lw=1.2,
                    ls="--", label=t("total_demand", lang))
        ax.set_title(t(key, lang), fontsize=8)
        ax.set_xlim(x[0], x[-1])
        ax.set_xlabel(t("hour_of_day" if dur is not None else "step_of_day", lang), fontsize=8)
        ax.yaxis.set_major_formatter(_ticks(lang))
    axes[0].set_ylabel(t("u_mw", lang), fontsize=8)
    axes[1].tick_params(labelleft=False)
    _legend(axes[1])
    return svg(fig, "dispatch")
