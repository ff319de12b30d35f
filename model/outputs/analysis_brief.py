r"""The analyses in the comparison brief: delay curve, attribution waterfall, sensitivity tornado.

A :class:`~model.outputs.compare.Comparison` may carry the tables the analyses write
(``delay_curve`` = ``delay.csv``, ``waterfall`` = ``attribution.csv``, ``tornado`` =
``sensitivity.csv``; columns as documented in :mod:`model.analysis.delay`,
:mod:`model.analysis.attribution` and :mod:`model.analysis.sensitivity`). For each present
table :func:`slots` gives a figure (inline SVG), a table with the units written out and a
caption, in the brief's language. The same figure functions write the analyses' SVG files.

Units: NPV changes in M EUR (one decimal), emission changes in kt CO2 (one decimal); the
marginal figures of the delay curve are the slopes

.. math:: s_i = \frac{\Delta NPV_i - \Delta NPV_{i-1}}{x_i - x_{i-1}}

in **M EUR of NPV per year of delay** (and kt CO2 per year of delay) with :math:`x` the lever
in years for levers in months (else per unit of the lever). Legend: :math:`\Delta NPV_i`
change of the NPV of member :math:`i` against the base run, members sorted by :math:`x`.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from model.outputs import figures
from model.outputs.i18n import label, number, signed, t, term

SLOTS = ("delay_curve", "waterfall", "tornado")
_STEPS = [1, 2, 5, 10]


def _exact_ticks(lang: str) -> FuncFormatter:
    """Tick labels with as many decimals as the tick needs (0.05 -> '0.05', at most 3)."""
    def fmt(v: float, _pos: int) -> str:
        text = f"{round(v, 3):.3f}".rstrip("0")
        return number(v, len(text.split(".")[1]), lang)
    return FuncFormatter(fmt)


def _fig(width: float, height: float) -> Figure:
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig


def lever_name(key: str, lang: str) -> str:
    """Human name of a lever: ``permitting.wind.approval_months`` -> 'Wind: permitting
    duration' (region added when the key names one); other keys stay as written."""
    parts = key.split(".")
    if parts[0] == "permitting" and len(parts) in (3, 5):
        tech, param = parts[1], parts[-1]
        where = f", {term(parts[3] + '_short', lang)}" if len(parts) == 5 else ""
        return f"{label(tech, lang)}{where}: {term('param_' + param, lang)}"
    if parts[0] == "factors" and len(parts) == 2:
        return label("input_" + parts[1], lang)
    return key


def _basis(table: pd.DataFrame, lang: str) -> str:
    basis = str(table["basis"].iloc[0]) if "basis" in table and len(table) else "planning"
    return t(f"a_basis_{basis}", lang)


def _months(table: pd.DataFrame) -> bool:
    return str(table["lever"].iloc[0]).endswith("_months")


def delay_svg(table: pd.DataFrame, lang: str, salt: str = "delay") -> str:
    """Delay curve: change of NPV (left, M EUR) and of cumulative CO2 (right, kt) per value."""
    key = str(table["lever"].iloc[0])
    fig = _fig(7.6, 3.4)
    ax = fig.add_axes((0.1, 0.16, 0.74, 0.74))
    ax.plot(table["x"], table["delta_npv_meur"], marker="o", color="tab:blue")
    ax.set_ylabel(figures._plain(t("a_d_npv", lang)), color="tab:blue", fontsize=8)
    ax.axhline(0.0, color="black", lw=0.6)
    ax2 = ax.twinx()
    ax2.plot(table["x"], table["delta_cumulative_emissions_kt"], marker="s", color="tab:red")
    ax2.set_ylabel(figures._plain(t("a_d_co2", lang)), color="tab:red", fontsize=8)
    for x in table.loc[table["is_base"].astype(bool), "x"]:
        ax.axvline(float(x), color="grey", ls=":", lw=1)
    name = lever_name(key, lang)
    ax.set_xlabel(figures._plain(t("a_x_years" if _months(table) else "a_value", lang,
                                   lever=name)), fontsize=8)
    for a in (ax, ax2):  # steps of 1, 2 or 5 (x 10^k): ticks the formatter shows exactly
        a.tick_params(labelsize=8)
        a.yaxis.set_major_locator(MaxNLocator(steps=_STEPS))
        a.yaxis.set_major_formatter(_exact_ticks(lang))
    ax.xaxis.set_major_locator(MaxNLocator(steps=_STEPS))
    ax.xaxis.set_major_formatter(_exact_ticks(lang))
    return figures.svg(fig, salt)


def waterfall_svg(table: pd.DataFrame, lang: str, salt: str = "waterfall") -> str:
    """One panel per case: the Shapley share of each lever group, then the total (M EUR)."""
    cases = list(dict.fromkeys(table["case"]))
    fig = _fig(7.6, 1.2 + 2.0 * len(cases))
    for i, case in enumerate(cases):
        rows = table[(table["case"] == case) & (table["kind"] == "lever_group")]
        total = table[(table["case"] == case) & (table["kind"] == "total")]["delta_npv_meur"]
        ax = fig.add_subplot(len(cases), 1, i + 1)
        start, names = 0.0, []
        for j, (_, r) in enumerate(rows.iterrows()):
            v = float(r["delta_npv_meur"])
            ax.bar(j, v, bottom=start, color="tab:red" if v > 0 else "tab:green")
            start += v
            # wrapped: five groups' names side by side overlap at 7 pt otherwise
            names.append(textwrap.fill(figures._plain(label("group_" + str(r["group"]), lang)),
                                       16))
        ax.bar(len(names), float(total.iloc[0]) if len(total) else start, color="tab:blue")
        ax.set_xticks(range(len(names) + 1), [*names, label("group_total", lang)], fontsize=7)
        ax.axhline(0.0, color="black", lw=0.6)
        ax.set_ylabel(t("u_m_eur", lang), fontsize=8)
        ax.yaxis.set_major_locator(MaxNLocator(steps=_STEPS))
        ax.yaxis.set_major_formatter(_exact_ticks(lang))
        ax.tick_params(labelsize=7)
        ax.set_title(figures._plain(str(case)), fontsize=8)
    fig.subplots_adjust(hspace=0.9, bottom=0.1, top=0.93)
    return figures.svg(fig, salt)


def tornado_svg(table: pd.DataFrame, lang: str, salt: str = "tornado") -> str:
    """Per input, bars from 0 to the change of NPV at its low and high value, widest on top."""
    w = table.assign(width=(table["delta_npv_meur_high"] - table["delta_npv_meur_low"]).abs())
    w = w.sort_values("width", kind="stable")
    fig = _fig(7.6, 1.4 + 0.32 * len(w))
    ax = fig.add_axes((0.38, 0.1, 0.58, 0.84))
    y = list(range(len(w)))
    ax.barh(y, w["delta_npv_meur_low"], color="tab:green", label=t("a_low", lang))
    ax.barh(y, w["delta_npv_meur_high"], color="tab:red", label=t("a_high", lang))
    ax.set_yticks(y, [figures._plain(label("input_" + str(i), lang)) for i in w["input"]],
                  fontsize=7)
    ax.axvline(0.0, color="black", lw=0.6)
    ax.set_xlabel(t("a_d_npv", lang), fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(steps=_STEPS))
    ax.xaxis.set_major_formatter(_exact_ticks(lang))
    ax.tick_params(labelsize=7)
    ax.legend(fontsize=7)
    return figures.svg(fig, salt)


def _delay_slot(table: pd.DataFrame, lang: str) -> dict[str, Any]:
    months = _months(table)
    per = "per_year_of_delay" if months else "per_unit"
    u_npv = t("u_meur_per_year_delay" if months else "u_meur_per_unit", lang)
    u_co2 = t("u_kt_per_year_delay" if months else "u_kt_per_unit", lang)
    key = str(table["lever"].iloc[0])
    value_head = f"{t('a_value_col', lang)} ({t('a_months', lang)})" if months else t(
        "a_value_col", lang)
    rows = [[("* " if bool(r["is_base"]) else "") + number(
                 r["value"], 0 if float(r["value"]).is_integer() else 2, lang),
             signed(r["delta_npv_meur"], 1, lang),
             signed(r["delta_cumulative_emissions_kt"], 1, lang),
             signed(r[f"npv_meur_{per}_neighbour"], 1, lang),
             signed(r[f"emissions_kt_{per}_neighbour"], 1, lang)] for _, r in table.iterrows()]
    r0 = table.iloc[0]
    npv = f"{number(r0[f'npv_meur_{per}_range'], 1, lang)} {u_npv}"
    co2 = f"{number(r0[f'emissions_kt_{per}_range'], 1, lang)} {u_co2}"
    return {
        "figure": delay_svg(table, lang, "slot-delay"),
        "header": [value_head, t("a_d_npv", lang), t("a_d_co2", lang),
                   t("a_per_neighbour", lang, unit=u_npv), t("a_per_neighbour", lang, unit=u_co2)],
        "rows": rows, "text_cols": 0,
        "lead": t("a_delay_range" if months else "a_delay_range_unit", lang, npv=npv, co2=co2),
        "caption": t("a_delay_cap", lang, lever=lever_name(key, lang),
                     basis=_basis(table, lang)),
    }


def _waterfall_slot(table: pd.DataFrame, lang: str, base: str) -> dict[str, Any]:
    rows = [[str(r["case"]), label("group_" + str(r["group"]), lang),
             signed(r["delta_npv_meur"], 1, lang), signed(r["delta_npv_meur_alone"], 1, lang),
             signed(r["interaction_npv_meur"], 1, lang), signed(r["delta_emissions_kt"], 1, lang),
             signed(r["delta_emissions_kt_alone"], 1, lang)] for _, r in table.iterrows()]
    return {
        "figure": waterfall_svg(table, lang, "slot-waterfall"),
        "header": [t("a_case", lang), t("a_group", lang), t("a_share_npv", lang),
                   t("a_alone_npv", lang), t("a_interaction_npv", lang), t("a_share_co2", lang),
                   t("a_alone_co2", lang)],
        "rows": rows, "lead": _wind_delay_lead(table, lang), "text_cols": 2,
        "caption": t("a_waterfall_cap", lang, base=base, basis=_basis(table, lang)),
    }


def _wind_delay_lead(table: pd.DataFrame, lang: str) -> str:
    """Per case: the share of the wind lead time per year of its delay (the attributed cost
    of a year of wind delay), next to the largest share."""
    if "npv_meur_per_year_of_wind_delay" not in table:
        return ""
    out = []
    for case, rows in table[table["kind"] == "lever_group"].groupby("case", sort=False):
        wind = rows[rows["npv_meur_per_year_of_wind_delay"].notna()]
        if wind.empty:
            continue
        w, top = wind.iloc[0], rows.loc[rows["delta_npv_meur"].abs().idxmax()]
        out.append(t("a_wind_delay_lead", lang, case=case,
                     years=number(w["wind_delay_years"], 2, lang),
                     npv=f"{number(w['npv_meur_per_year_of_wind_delay'], 1, lang)} "
                         f"{t('u_meur_per_year_wind_delay', lang)}",
                     co2=f"{number(w['emissions_kt_per_year_of_wind_delay'], 1, lang)} "
                         f"{t('u_kt_per_year_wind_delay', lang)}",
                     group=label("group_" + str(top["group"]), lang),
                     share=signed(top["delta_npv_meur"], 1, lang)))
    return " ".join(out)


def _unit(unit: str, lang: str) -> str:
    """Unit of a ranges-file row as shown after its two ends ('x data' -> ' × data value')."""
    known = {"x data": "a_unit_factor", "%/yr": "a_unit_pct_yr", "case": None, "1": None}
    if unit in known:
        return "" if known[unit] is None else " " + t(known[unit], lang)
    return f" {unit}"


def _tornado_slot(table: pd.DataFrame, lang: str) -> dict[str, Any]:
    u_wind = t("u_meur_per_year_wind_delay", lang)

    def end(value: Any) -> str:
        try:
            return number(float(value), 2, lang)
        except (TypeError, ValueError):
            return term(f"case_{value}", lang)

    rows = [[f"{label('input_' + str(r['input']), lang)} ({end(r['low'])} / {end(r['high'])}"
             f"{_unit(str(r['unit']), lang)})", f"{r['value_type']}, {r['source_id']}",
             signed(r["delta_npv_meur_low"], 1, lang), signed(r["delta_npv_meur_high"], 1, lang),
             signed(r["delta_emissions_kt_low"], 1, lang),
             signed(r["delta_emissions_kt_high"], 1, lang),
             number(r["wind_delay_meur_per_year_low"], 1, lang),
             number(r["wind_delay_meur_per_year_high"], 1, lang)] for _, r in table.iterrows()]
    base = table["wind_delay_meur_per_year_base"].iloc[0]
    return {
        "figure": tornado_svg(table, lang, "slot-tornado"),
        "header": [t("a_input", lang), t("a_tag", lang), t("a_npv_low", lang),
                   t("a_npv_high", lang), t("a_co2_low", lang), t("a_co2_high", lang),
                   t("a_wind_low", lang, unit=u_wind), t("a_wind_high", lang, unit=u_wind)],
        "rows": rows, "lead": "", "text_cols": 2,
        "caption": t("a_tornado_cap", lang, base=f"{number(base, 1, lang)} {u_wind}",
                     basis=_basis(table, lang)),
    }


def slots(comp: Any, lang: str, base: str) -> list[dict[str, Any]]:
    """The analyses a comparison carries, each as key, title, figure, table and caption."""
    out = []
    for key, make in (("delay_curve", _delay_slot), ("waterfall", _waterfall_slot),
                      ("tornado", _tornado_slot)):
        table = getattr(comp, key, None)
        if not isinstance(table, pd.DataFrame) or table.empty:
            continue
        slot = make(table, lang, base) if key == "waterfall" else make(table, lang)
        out.append({"key": key, "title": t(f"slot_{key}", lang), **slot})
    return out
