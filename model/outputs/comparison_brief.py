"""The comparison brief (``comparison.html``): several runs side by side, same structure as a run
brief.

Sections: title with the cases, a three-sentence summary and the headline table (first
screen); the settings in which the cases differ; overlaid pathways of all cases; the yearly
table of differences to the baseline; the delay curve, attribution waterfall and sensitivity
tornado when a comparison carries them (attributes ``delay_curve``, ``waterfall``, ``tornado``
of the :class:`~model.outputs.compare.Comparison`: the tables ``delay.csv``,
``attribution.csv`` and ``sensitivity.csv``, drawn by :mod:`model.outputs.analysis_brief`);
how to read these numbers; data sources; provenance of every run.

Reads only the :class:`~model.outputs.compare.Comparison` and each run's ``manifest.json``
(its folder is in ``summary.run_dir``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from model.atomic import write_atomic
from model.outputs import analysis_brief, figures, inputs_view, narrative
from model.outputs.i18n import amount, check_lang, listing, number, signed, t
from model.outputs.report import ENV, brief_name


def _manifest(run_dir: Any) -> dict[str, Any]:
    try:
        return json.loads((Path(str(run_dir)) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _flat(tree: Any, prefix: str = "") -> dict[str, str]:
    if isinstance(tree, dict):
        out: dict[str, str] = {}
        for k, v in tree.items():
            out.update(_flat(v, f"{prefix}{k}."))
        return out
    return {prefix.rstrip("."): json.dumps(tree, ensure_ascii=False)}


def differing_settings(manifests: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """(scenario key, value per case) for every resolved setting that differs between cases."""
    skip = ("name", "description", "data", "solver.", "output.")
    flats = [_flat(m.get("resolved_scenario") or {}) for m in manifests]
    keys = sorted(set().union(*flats)) if flats else []
    return [(k, [f.get(k, "–") for f in flats]) for k in keys
            if not k.startswith(skip) and len({f.get(k) for f in flats}) > 1]


def _totals(comp, metric: str) -> pd.DataFrame:
    """Year by scenario table of a metric's ``total`` item (or the sum over items)."""
    y = comp.yearly[comp.yearly["metric"] == metric]
    if (y["item"] == "total").any():
        y = y[y["item"] == "total"]
    return y.pivot_table(index="year", columns="scenario", values="value", aggfunc="sum")


def _capacity(comp, techs: tuple[str, ...]) -> pd.DataFrame:
    y = comp.yearly[(comp.yearly["metric"] == "capacity") & comp.yearly["item"].isin(techs)]
    return y.pivot_table(index="year", columns="scenario", values="value", aggfunc="sum")


def _overlay(panels: list[tuple[str, pd.DataFrame, float, str]], order: list[str],
             labels: dict[str, str], lang: str, salt: str) -> str:
    """Line panels, one line per case (baseline solid and black), shared legend on the right."""
    fig = Figure(figsize=(7.6, 3.2))
    FigureCanvasAgg(fig)
    n = len(panels)
    width = (0.7 - 0.11 * (n - 1)) / n
    styles = ["-", "--", ":", "-."]
    for i, (title, table, scale, unit) in enumerate(panels):
        ax = fig.add_axes((0.08 + i * (width + 0.11), 0.14, width, 0.72))
        for j, case in enumerate(c for c in order if c in table.columns):
            ax.plot(table.index, table[case].to_numpy() * scale, lw=1.6,
                    ls=styles[j % 4], marker="o" if j else None, ms=3,
                    color="black" if j == 0 else figures.colormaps["tab10"](j),
                    label=labels[case])
        ax.set_title(title, fontsize=8)
        ax.set_ylabel(unit, fontsize=8)
        figures._years_axis(ax, lang)
        ax.tick_params(labelsize=8)
        ax.grid(axis="y", lw=0.4, alpha=0.5)
        if i == n - 1:
            ax.legend(**figures._LEGEND)
    return figures.svg(fig, salt)


def context(comp, lang: str) -> dict[str, Any]:
    """Everything the comparison template shows."""
    s = comp.summary.reset_index(drop=True)
    manifests = [_manifest(d) for d in s["run_dir"]]
    labels = {row["scenario"]: narrative.run_label(m or {"scenario": row["scenario"]})
              for (_, row), m in zip(s.iterrows(), manifests, strict=True)}
    order = list(s["scenario"])
    base = s.iloc[0]
    em, cost = _totals(comp, "emissions"), _totals(comp, "cost")
    years = [int(y) for y in em.index]
    npv = dict(zip(s["scenario"], s["npv_meur"] * 1e6, strict=True))
    cum = dict(zip(s["scenario"], s["cumulative_emissions_t"], strict=True))
    others = s.iloc[1:]
    diffs = differing_settings(manifests)
    summary = [t("c_cases", lang, base=labels[order[0]], n=len(order),
                 others=listing([labels[c] for c in order[1:]], lang) or t("none", lang),
                 what=listing([narrative.setting_name(k, lang) for k, _ in diffs], lang)
                 or t("c_nothing", lang))]
    ref_cost = max(abs(v) for v in npv.values())
    summary.append(t("c_costs", lang, base=amount(npv[order[0]], "eur", lang),
                     deltas=listing([t("c_delta", lang, case=labels[r["scenario"]], value=(
                         _signed_amount(r["delta_npv_meur"] * 1e6, "eur", lang, ref_cost)))
                         for _, r in others.iterrows()], lang) or t("none", lang)))
    ref_em = max(abs(v) for v in cum.values())
    summary.append(t("c_emissions", lang, base=amount(cum[order[0]], "t", lang),
                     start=years[0] if years else "", end=years[-1] if years else "",
                     deltas=listing([t("c_delta", lang, case=labels[r["scenario"]], value=(
                         _signed_amount(r["delta_emissions_t"], "t", lang, ref_em)))
                         for _, r in others.iterrows()], lang) or t("none", lang)))
    headline = [[labels[r["scenario"]], narrative.term_case(r.get("permitting_case"), lang),
                 amount(npv[r["scenario"]], "eur", lang),
                 "–" if i == 0 else _signed_amount(r["delta_npv_meur"] * 1e6, "eur", lang,
                                                   ref_cost),
                 amount(cum[r["scenario"]], "t", lang),
                 "–" if i == 0 else _signed_amount(r["delta_emissions_t"], "t", lang, ref_em),
                 "–" if i == 0 or _nan(r["delay_years"]) else number(r["delay_years"], 1, lang),
                 "–" if _nan(r["cost_of_delay_eur_per_year"]) else amount(
                     _denoise(r["cost_of_delay_eur_per_year"], ref_cost), "eur", lang),
                 "–" if _nan(r["emissions_of_delay_t_per_year"]) else amount(
                     _denoise(r["emissions_of_delay_t_per_year"], ref_em), "t", lang)]
                for i, (_, r) in enumerate(s.iterrows())]
    delta_rows = []
    for y in years:
        row = [str(y)]
        for c in order[1:]:
            row += [signed((em.at[y, c] - em.at[y, order[0]]) / 1e3, 1, lang),
                    signed((cost.at[y, c] - cost.at[y, order[0]]) / 1e6, 1, lang)]
        delta_rows.append(row)
    pathways = [
        _overlay([(t("c_emissions_title", lang), em, 1e-3, t("u_kt", lang)),
                  (t("c_cost_title", lang), cost, 1e-6, t("u_m_eur", lang))],
                 order, labels, lang, "cmp-em-cost"),
        _overlay([(t("wind", lang), _capacity(comp, ("wind",)), 1.0, t("u_mw", lang)),
                  (t("pv", lang), _capacity(comp, ("pv_ground", "pv_rooftop")), 1.0,
                   t("u_mw", lang))], order, labels, lang, "cmp-capacity"),
    ]
    folder = inputs_view.data_dir(manifests[0]) if manifests else None
    sources = inputs_view.sources(folder)
    gap_limited = [labels[r["scenario"]] for _, r in s.iterrows() if r["gap_limited"]]
    return {
        "lang": lang, "T": lambda key, **kw: t(key, lang, **kw),
        "title": listing([labels[c] for c in order], lang), "baseline": labels[order[0]],
        "warnings": [t("c_gap_banner", lang, cases=listing(gap_limited, lang))]
        if gap_limited else [],
        "summary": summary, "headline": headline,
        "settings": [(narrative.setting_name(k, lang), k, v) for k, v in diffs],
        "overrides": [(labels[c], [str(o) for o in m.get("overrides") or []])
                      for c, m in zip(order, manifests, strict=True)],
        "cases": [labels[c] for c in order],
        "pathways": pathways, "delta_cases": [labels[c] for c in order[1:]],
        "delta_rows": delta_rows,
        "slots": analysis_brief.slots(comp, lang, labels[order[0]]),
        "reading": [t("c_read_npv", lang), t(
            "c_read_delay", lang, basis=t(f"c_basis_{base['delay_basis']}", lang)),
            t("r_rounding", lang)],
        "sources": sources, "weather": inputs_view.weather_source(sources),
        "provenance": [(labels[c], m.get("run_id") or t("na", lang),
                        narrative.term_outcome(m.get("outcome"), lang),
                        (m.get("scenario_sha256") or "")[:12], m.get("git_commit") or "")
                       for c, m in zip(order, manifests, strict=True)],
    }


#: Differences below this share of the largest value are solver noise and shown as 0.
NOISE = 1e-9


def _denoise(value: float, ref: float) -> float:
    return 0.0 if abs(value) < NOISE * ref else float(value)


def _nan(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value)


def _signed_amount(value: float, kind: str, lang: str, ref: float) -> str:
    if abs(value) < NOISE * ref:  # below solver tolerance: 0, not "0.00000000000037 bn EUR"
        value = 0.0
    text = amount(abs(value), kind, lang, ref=ref)
    if text.split("\u00a0")[0].strip("0,.") == "":
        return text
    return ("+" if value > 0 else "−") + text


def render_comparison(comp, lang: str = "en") -> str:
    """The comparison brief as one self-contained HTML page (``lang``: ``en`` or ``de``)."""
    check_lang(lang)
    return ENV.get_template("comparison.html.j2").render(**context(comp, lang))


def write_comparison_brief(comp, out_dir: Path, lang: str = "en") -> Path:
    """Write ``comparison.html`` (English) or ``comparison.<lang>.html`` into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return write_atomic(out_dir / brief_name(lang, "comparison"), render_comparison(comp, lang))

