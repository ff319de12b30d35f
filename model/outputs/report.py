"""The HTML policy brief of one run: figures as inline SVG, tables and provenance.

The page is self-contained (no external CSS, scripts or fonts), so it can be mailed or archived
on its own. Figures are drawn by matplotlib on an Agg canvas and saved as SVG with text kept as
text; every other string goes through jinja2's autoescaping. Labels exist in English and German.
"""

from __future__ import annotations

import io
import logging
import math
import re
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import xarray as xr
from matplotlib import colormaps, rc_context
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from model.atomic import write_atomic
from model.errors import InputError
from model.outputs.manifest import MANIFEST_FILE, Manifest
from model.outputs.manifest import read as read_manifest
from model.outputs.runs import open_results

log = logging.getLogger(__name__)

#: Values smaller than this (MWh, EUR) count as zero for the slack warning and in figures.
TOL = 1e-6
STOCKS = ("in_development", "in_approval", "under_construction", "operating")
FLOWS = ("started", "applied", "approved", "commissioned")
_LEGEND = {"fontsize": 8, "loc": "center left", "bbox_to_anchor": (1.0, 0.5), "frameon": False}

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "brief": "Policy brief", "outcome": "Outcome", "headline": "Headline numbers",
        "npv": "Net present value of costs", "meur": "M EUR2025", "cum_em": "Cumulative emissions",
        "em_year": "Emissions in {year}", "t": "t CO2", "gap": "MIP gap", "na": "n/a",
        "year": "Year", "total": "Total", "discounted": "Total, discounted",
        "emissions": "Emissions", "emissions_cap": "Yearly emissions by source (t CO2)",
        "costs": "Costs",
        "costs_cap": "Undiscounted costs by category (M EUR2025); export revenue below zero",
        "capacity": "Capacity",
        "capacity_cap": "Capacity in operation, all regions (MW; storage energy in MWh)",
        "pipeline": "Permitting pipeline (wind)",
        "pipeline_cap": "Wind, all regions: stocks at year end (left) and flows in the year "
        "(right), MW", "stocks": "Stocks at year end", "flows": "Flows in the year",
        "heat": "Plant heat supply",
        "heat_cap": "Useful process heat of all plants by source (MWh_th)", "figures": "Pathways",
        "tables": "Tables", "em_table": "Emissions by source and year (t CO2)",
        "cost_table": "Undiscounted costs by category and year (M EUR2025)",
        "decisions": "Plant electrification decisions", "plant": "Plant", "option": "Option",
        "order_year": "Ordered in", "size": "Max. size (MW_th; store MWh_th)",
        "no_plants": "No electrification options in this scenario.", "not_built": "not built",
        "gap_banner": "Gap-limited result (outcome '{outcome}', MIP gap {gap}): the solver "
        "stopped at a limit; the pathway is feasible but not proven optimal.",
        "slack_banner": "Slack used: {shed} MWh load shed and {cost} M EUR2025 penalty cost; "
        "demand or emission limits are not met by real means.", "provenance": "Provenance",
        "run_id": "Run id", "scenario": "Scenario", "git": "Git commit",
        "scenario_hash": "Scenario SHA-256", "versions": "Versions",
        "overrides": "Overrides", "run_identity": "Run identity (SHA-256)",
        "inputs": "Input files (SHA-256)", "promise": "Promise", "bound": "Best bound",
        "seed": "Seed", "file": "File", "started": "started", "applied": "applied",
        "approved": "approved", "commissioned": "commissioned", "in_development": "in development",
        "in_approval": "in approval", "under_construction": "under construction",
        "operating": "operating (yearly average)",
    },
    "de": {
        "brief": "Politikpapier", "outcome": "Ergebnis", "headline": "Kennzahlen",
        "npv": "Kapitalwert der Kosten", "meur": "Mio. EUR2025", "cum_em": "Kumulierte Emissionen",
        "em_year": "Emissionen {year}", "t": "t CO2", "gap": "MIP-Lücke", "na": "k. A.",
        "year": "Jahr", "total": "Summe", "discounted": "Summe, abgezinst",
        "emissions": "Emissionen", "emissions_cap": "Jährliche Emissionen nach Quelle (t CO2)",
        "costs": "Kosten",
        "costs_cap": "Nicht abgezinste Kosten nach Kategorie (Mio. EUR2025); Exporterlöse unter "
        "null", "capacity": "Kapazität",
        "capacity_cap": "Leistung in Betrieb, alle Regionen (MW; Speicherenergie in MWh)",
        "pipeline": "Genehmigungspipeline (Wind)",
        "pipeline_cap": "Wind, alle Regionen: Bestand am Jahresende (links), Zugänge im Jahr "
        "(rechts), MW", "stocks": "Bestand am Jahresende", "flows": "Zugänge im Jahr",
        "heat": "Wärmeversorgung der Werke",
        "heat_cap": "Nutzwärme aller Werke nach Quelle (MWh_th)", "figures": "Pfade",
        "tables": "Tabellen", "em_table": "Emissionen nach Quelle und Jahr (t CO2)",
        "cost_table": "Nicht abgezinste Kosten nach Kategorie und Jahr (Mio. EUR2025)",
        "decisions": "Elektrifizierungsentscheidungen der Werke", "plant": "Werk",
        "option": "Option", "order_year": "Bestellt", "size": "Max. Größe (MW_th; Speicher MWh_th)",
        "not_built": "nicht gebaut",
        "no_plants": "Keine Elektrifizierungsoptionen in diesem Szenario.",
        "gap_banner": "Ergebnis mit Optimalitätslücke (Ergebnis '{outcome}', MIP-Lücke {gap}): "
        "Der Solver hat an einer Grenze angehalten; der Pfad ist zulässig, aber nicht als "
        "optimal nachgewiesen.",
        "slack_banner": "Schlupf genutzt: {shed} MWh nicht gedeckte Last und {cost} Mio. EUR2025 "
        "Strafkosten; Nachfrage oder Emissionsgrenzen werden nicht real eingehalten.",
        "provenance": "Herkunftsnachweis", "run_id": "Lauf-ID", "scenario": "Szenario",
        "git": "Git-Commit", "scenario_hash": "Szenario-SHA-256", "versions": "Versionen",
        "overrides": "Abweichungen (--set)", "run_identity": "Lauf-Identität (SHA-256)",
        "inputs": "Eingabedateien (SHA-256)", "promise": "Zusage", "bound": "Beste Schranke",
        "seed": "Startwert", "file": "Datei", "started": "begonnen", "applied": "beantragt",
        "approved": "genehmigt", "commissioned": "in Betrieb genommen",
        "in_development": "in Entwicklung", "in_approval": "im Genehmigungsverfahren",
        "under_construction": "im Bau", "operating": "in Betrieb (Jahresmittel)",
    },
}

_ENV = jinja2.Environment(loader=jinja2.PackageLoader("model.outputs", "templates"),
                          autoescape=True,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def fmt(value: Any, digits: int = 0, lang: str = "en") -> str:
    """Format a number with ``digits`` decimals and thousands separators, by language.

    ``1,234.5`` in English, ``1.234,5`` in German; None or NaN gives ``n/a``, -0 gives 0.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return LABELS[lang]["na"]
    text = f"{float(value) if round(float(value), digits) != 0 else 0.0:,.{digits}f}"
    return text.translate(str.maketrans(",.", ".,")) if lang == "de" else text


def _plain(label: object) -> str:
    """A data label safe from matplotlib's mathtext (``$`` would start a formula)."""
    return str(label).replace("$", r"\$")


def _years(da: xr.DataArray) -> list[int]:
    return [int(y) for y in da["year"].values]


def _parts(da: xr.DataArray, dim: str, scale: float = 1.0) -> dict[str, np.ndarray]:
    """Rows of a 2-D (dim, year) array as {label: values}, all-zero rows dropped."""
    da = da.transpose(dim, "year").fillna(0.0) * scale
    return {str(k): da.sel({dim: k}).to_numpy() for k in da[dim].values
            if np.abs(da.sel({dim: k}).to_numpy()).max(initial=0.0) > TOL * scale}


def _new_figure(ncols: int = 1) -> tuple[Figure, list[Axes]]:
    """A figure drawn by Agg (no pyplot state); fixed margins, legends right of each axes."""
    fig = Figure(figsize=(7.5 if ncols == 1 else 10.0, 3.6))
    FigureCanvasAgg(fig)
    width = 0.57 if ncols == 1 else 0.25  # constrained layout would double the drawing time
    axes = [fig.add_axes((0.16 - 0.04 * ncols + 0.5 * i, 0.1, width, 0.8)) for i in range(ncols)]
    for ax in axes:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 5, 10]))
        ax.yaxis.set_major_formatter(FuncFormatter(
            lambda v, _pos: f"{v:,.0f}" if abs(v) >= 100 else f"{v:.4g}"))
        ax.tick_params(labelsize=8)
        ax.grid(axis="y", lw=0.4, alpha=0.5)
    return fig, axes


def _svg(fig: Figure, salt: str) -> str:
    """The figure as an ``<svg>`` element: no XML prologue or metadata, ids unique on the page."""
    buf = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": salt}):
        meta = dict.fromkeys(("Date", "Creator", "Format", "Type"))  # reproducible, no URLs
        fig.savefig(buf, format="svg", metadata=meta)
    svg = "<svg" + buf.getvalue().split("<svg", 1)[1]  # matplotlib's ids repeat per figure
    return re.sub(r'(id="|href="#|url\(#)', rf"\1{salt}-", svg)


def _stacked_bars(ax: Axes, years: list[int], parts: dict[str, np.ndarray],
                  colors: list[Any] | None = None) -> None:
    """Bars stacked upwards for positive and downwards for negative values."""
    pos, neg = np.zeros(len(years)), np.zeros(len(years))
    cmap = colormaps["tab20" if len(parts) > 10 else "tab10"]
    for i, (name, vals) in enumerate(parts.items()):
        ax.bar(years, vals, bottom=np.where(vals >= 0, pos, neg), width=0.8, label=_plain(name),
               color=colors[i] if colors else cmap(i % cmap.N))
        pos, neg = pos + np.clip(vals, 0, None), neg + np.clip(vals, None, 0)
    ax.axhline(0.0, color="black", lw=0.6)
    if parts:
        ax.legend(**_LEGEND)


def _bar_figure(da: xr.DataArray, dim: str, ylabel: str, salt: str, scale: float = 1.0) -> str:
    fig, (ax,) = _new_figure()
    _stacked_bars(ax, _years(da), _parts(da, dim, scale))
    ax.set_ylabel(ylabel)
    return _svg(fig, salt)


def _capacity_figure(ds: xr.Dataset) -> str:
    cap = ds["capacity_mw"].sum("region")
    fig, (ax,) = _new_figure()
    for name, vals in _parts(cap, "technology").items():
        ax.plot(_years(cap), vals, marker="o", ms=3, label=_plain(name))
    ax.set(ylabel="MW", ylim=(0, None))
    if ax.lines:
        ax.legend(**_LEGEND)
    return _svg(fig, "capacity")


def _pipeline_figure(ds: xr.Dataset, L: dict[str, str]) -> str | None:
    if "wind" not in [str(k) for k in ds["pipeline_mw"]["technology"].values]:
        return None
    wind = ds["pipeline_mw"].sel(technology="wind").sum("region")
    stages = [str(s) for s in wind["stage"].values]
    fig, (left, right) = _new_figure(ncols=2)
    years, cmap = _years(wind), colormaps["tab10"]
    stocks = [(L[s], wind.sel(stage=s).fillna(0.0).to_numpy(), cmap(i))
              for i, s in enumerate(STOCKS) if s in stages]
    stocks = [x for x in stocks if np.abs(x[1]).max(initial=0.0) > TOL]
    _stacked_bars(left, years, {k: v for k, v, _ in stocks}, [c for *_, c in stocks])
    left.set(title=L["stocks"], ylabel="MW")
    flows = [s for s in FLOWS if s in stages]
    for i, s in enumerate(flows):  # markers and dashes keep coinciding flows visible
        right.plot(years, wind.sel(stage=s).fillna(0.0).to_numpy(), marker="osD^"[i], ms=7 - i,
                   ls=("-", "--", ":", "-.")[i], label=L[s], color=cmap(len(STOCKS) + i))
    right.set(title=L["flows"])
    if flows:
        right.legend(**_LEGEND)
    return _svg(fig, "pipeline")


def _figures(ds: xr.Dataset, L: dict[str, str]) -> list[dict[str, str]]:
    """Every figure whose variable is in the Dataset, as {title, caption, svg}."""
    draw = {
        "emissions_t": ("emissions", lambda: _bar_figure(ds["emissions_t"], "source", L["t"],
                                                         "emissions")),
        "cost_eur": ("costs", lambda: _bar_figure(ds["cost_eur"], "category", L["meur"], "costs",
                                                  1e-6)),
        "capacity_mw": ("capacity", lambda: _capacity_figure(ds)),
        "pipeline_mw": ("pipeline", lambda: _pipeline_figure(ds, L)),
        "plant_heat_supply_mwh_th": ("heat", lambda: _bar_figure(
            ds["plant_heat_supply_mwh_th"].sum("plant"), "heat_source", "MWh_th", "heat")),
    }
    out = []
    for var, (key, make) in draw.items():
        svg = make() if var in ds else None
        if svg is not None:
            out.append({"title": L[key], "caption": L[f"{key}_cap"], "svg": svg})
    return out


def _year_table(da: xr.DataArray, dim: str, title: str, L: dict[str, str], lang: str,
                digits: int, scale: float = 1.0,
                discount: xr.DataArray | None = None) -> dict[str, Any]:
    """A year-by-category table with a total column (and the discounted total for costs)."""
    da = da.transpose("year", dim).fillna(0.0) * scale
    header = [L["year"], *(str(k) for k in da[dim].values), L["total"]]
    header += [L["discounted"]] if discount is not None else []
    rows = []
    for y in _years(da):
        vals = da.sel(year=y).to_numpy()
        row = [str(y), *(fmt(v, digits, lang) for v in vals), fmt(vals.sum(), digits, lang)]
        if discount is not None:
            row.append(fmt(vals.sum() * float(discount.sel(year=y)), digits, lang))
        rows.append(row)
    return {"title": title, "header": header, "rows": rows}


def _decisions(ds: xr.Dataset, L: dict[str, str], lang: str) -> list[list[str]]:
    """Rows (plant, option, order year, largest size in operation) of the build decisions."""
    order, size = ds.get("plant_equipment_order_year"), ds.get("plant_equipment_installed")
    rows: list[list[str]] = []
    for (p, j), year in ([] if order is None else order.to_series().items()):
        mw = math.nan if size is None else float(size.sel(plant=p, option=j).max())
        built = not math.isnan(year)
        if (built and int(year) not in ds["year"].values) or (size is not None and math.isnan(mw)):
            continue  # no option of this plant: results fill 0 (order) or NaN (aligned size)
        rows.append([str(p), str(j), str(int(year)) if built else L["not_built"],
                     fmt(mw, 2, lang) if built else "–"])
    return rows


def _gap(manifest: Manifest, lang: str) -> str:
    gap = manifest.mip_gap
    return LABELS[lang]["na"] if gap is None else fmt(100 * gap, 2, lang) + " %"


def _warnings(ds: xr.Dataset, manifest: Manifest, L: dict[str, str], lang: str) -> list[str]:
    """Banner texts: a gap-limited (or otherwise not optimal) outcome, and any slack used."""
    out = []
    outcome = manifest.outcome
    if outcome != "optimal":
        out.append(L["gap_banner"].format(outcome=outcome, gap=_gap(manifest, lang)))
    shed = float(ds["shed_mwh"].sum()) if "shed_mwh" in ds else 0.0
    cost = ds.get("cost_eur", xr.DataArray([0.0], coords={"category": ["slack"]}))
    slack = float(np.abs(cost.where(cost["category"] == "slack", 0.0)).sum())
    if shed > TOL or slack > TOL:
        out.append(L["slack_banner"].format(shed=fmt(shed, 1, lang),
                                            cost=fmt(slack / 1e6, 3, lang)))
    return out


def _headline(ds: xr.Dataset, manifest: Manifest, L: dict[str, str],
              lang: str) -> list[list[str]]:
    rows = [[L["npv"], f"{fmt(manifest.objective_meur, 3, lang)} {L['meur']}"]]
    if "emissions_t" in ds:
        years = _years(total := ds["emissions_t"].sum("source"))
        rows.append([L["cum_em"], f"{fmt(float(total.sum()), 0, lang)} {L['t']}"])
        for y in dict.fromkeys((years[0], years[-1])):
            rows.append([L["em_year"].format(year=y),
                         f"{fmt(float(total.sel(year=y)), 0, lang)} {L['t']}"])
    rows.append([L["gap"], _gap(manifest, lang)])
    return rows


def render_brief(ds: xr.Dataset, manifest: Manifest, lang: str = "en") -> str:
    """Render the self-contained HTML policy brief of one run.

    Parameters
    ----------
    ds : xarray.Dataset
        The run's results (``model.outputs.results.to_dataset`` or ``results.nc``).
    manifest : Manifest
        The run's manifest (:mod:`model.outputs.manifest`); empty fields show ``n/a``. The
        title carries the run's name, which for a run with overrides includes their label,
        and the overrides themselves are listed under provenance.
    lang : {"en", "de"}
        Language of headings, labels and number separators.

    Returns
    -------
    str
        The HTML page: figures as inline SVG, no external resources.

    Raises
    ------
    InputError
        If ``lang`` is not supported.
    """
    if lang not in LABELS:
        raise InputError(f"brief language '{lang}' is not supported: use one of {list(LABELS)}")
    L = LABELS[lang]
    tables = []
    if "emissions_t" in ds:
        tables.append(_year_table(ds["emissions_t"], "source", L["em_table"], L, lang, 0))
    if "cost_eur" in ds:
        tables.append(_year_table(ds["cost_eur"], "category", L["cost_table"], L, lang, 3, 1e-6,
                                  ds.get("discount_factor")))
    m = manifest
    prov = [[L["run_id"], m.run_id], [L["scenario"], m.scenario],
            [L["overrides"], " ".join(f"--set {o}" for o in m.overrides) or None],
            [L["outcome"], m.outcome], [L["git"], m.git_commit],
            [L["scenario_hash"], m.scenario_sha256], [L["run_identity"], m.run_identity],
            [L["bound"], fmt(m.bound_meur, 3, lang) + " " + L["meur"]], [L["seed"], m.seed]]
    html = _ENV.get_template("brief.html.j2").render(
        L=L, lang=lang, scenario=m.scenario, outcome=m.outcome,
        warnings=_warnings(ds, manifest, L, lang),
        headline=_headline(ds, manifest, L, lang), figures=_figures(ds, L), tables=tables,
        decisions=_decisions(ds, L, lang),
        provenance=[[k, L["na"] if v is None else str(v)] for k, v in prov],
        versions=sorted(m.versions.items()), inputs=sorted(m.input_sha256.items()),
        promise=m.promise or L["na"])
    log.debug("rendered the %s brief of run %s", lang, m.run_id)
    return html


def write_brief(run_dir: Path, lang: str = "en") -> Path:
    """Render the brief of a published run folder and write it there atomically.

    Parameters
    ----------
    run_dir : Path
        A complete run folder with ``manifest.json`` and ``results.nc``.
    lang : {"en", "de"}
        Language; the file is ``brief.html`` (English) or ``brief.de.html``.

    Returns
    -------
    Path
        The written brief.

    Raises
    ------
    InputError
        If the folder has no manifest (not a complete run) or no ``results.nc``, or bad ``lang``.
    """
    run_dir = Path(run_dir)
    if not (run_dir / MANIFEST_FILE).is_file():
        raise InputError(f"{run_dir}: no manifest.json, so this is not a complete run folder "
                         "(unfinished or failed runs have none); use results/<scenario>/<run-id>/")
    if lang not in LABELS:
        raise InputError(f"brief language '{lang}' is not supported: use one of {list(LABELS)}")
    manifest = read_manifest(run_dir)
    ds = open_results(run_dir)
    html = render_brief(ds, manifest, lang)
    target = write_atomic(run_dir / ("brief.html" if lang == "en" else f"brief.{lang}.html"),
                          html)
    log.info("wrote %s", target)
    return target
