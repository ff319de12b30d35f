"""The run brief (``brief.html``): a self-contained page a planner can forward to a council.

Sections, in order: title with the scenario and its overrides, warnings, a three-sentence
summary and the headline numbers with their basis (the first screen); assumptions with the
permitting lead times; figures; tables; how to read these numbers; data sources with the
weather-data attribution; provenance. Words come from :mod:`model.outputs.catalogue`, numbers
from :mod:`model.outputs.i18n`, figures from :mod:`model.outputs.figures`, the stated numbers
from :mod:`model.outputs.facts`. No external CSS, scripts, fonts or images.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import xarray as xr

from model.atomic import write_atomic
from model.errors import InputError
from model.outputs import facts as facts_mod
from model.outputs import figures, hedge_brief, inputs_view, narrative
from model.outputs.i18n import check_lang, day, label, number, t, term
from model.outputs.manifest import MANIFEST_FILE, Manifest
from model.outputs.manifest import read as read_manifest
from model.outputs.runs import open_results

log = logging.getLogger(__name__)

#: Values smaller than this (MWh, EUR) count as zero for the slack warning.
TOL = 1e-6

ENV = jinja2.Environment(loader=jinja2.PackageLoader("model.outputs", "templates"),
                         autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True,
                         lstrip_blocks=True)


def fmt(value: Any, digits: int = 0, lang: str = "en") -> str:
    """A number with ``digits`` decimals in the language's format (see ``i18n.number``)."""
    return number(value, digits, lang)


def _warnings(ds: xr.Dataset, manifest: dict, lang: str) -> list[str]:
    """Banner texts: a gap-limited (or otherwise not optimal) outcome, and any slack used."""
    out = []
    outcome = str(manifest.get("outcome", "unknown"))
    gap = manifest.get("mip_gap")
    if outcome != "optimal":
        out.append(t("gap_banner", lang, outcome=term(f"outcome_{outcome}", lang),
                     gap=t("na", lang) if gap is None else number(100 * gap, 2, lang) + " %"))
    shed = float(ds["shed_mwh"].sum()) if "shed_mwh" in ds else 0.0
    slack = 0.0
    if "cost_eur" in ds and "slack" in ds["category"].values:
        slack = float(np.abs(ds["cost_eur"].sel(category="slack")).sum())
    if shed > TOL or slack > TOL:
        out.append(t("slack_banner", lang, shed=number(shed, 1, lang),
                     cost=number(slack / 1e6, 3, lang)))
    return out


def shown_years(years: list[int], step: int = 5) -> list[int]:
    """Every ``step``-th year from the first, and the last: the columns of the brief's tables."""
    out = [y for y in years if (y - years[0]) % step == 0]
    return out + ([years[-1]] if years and out[-1] != years[-1] else [])


def _row_table(first: str, rows: list[tuple[str, list[float], float, bool]], years: list[int],
               total: str, lang: str, digits: int) -> dict[str, Any]:
    """Rows (label, values per shown year, total, is a sum row) as a table dict."""
    return {"header": [first, *(str(y) for y in years), total],
            "rows": [{"cells": [name, *(number(v, digits, lang) for v in vals),
                                number(tot, digits, lang)], "sum": is_sum}
                     for name, vals, tot, is_sum in rows]}


def _emission_table(ds: xr.Dataset, lang: str) -> dict[str, Any] | None:
    """Sources by year (thousand t CO2, every fifth year) with the total over all years."""
    if "emissions_t" not in ds:
        return None
    da = ds["emissions_t"].transpose("source", "year").fillna(0.0) / 1e3
    all_years = [int(y) for y in da["year"].values]
    years = shown_years(all_years)
    rows = [(label(str(k), lang), [float(da.sel(source=k, year=y)) for y in years],
             float(da.sel(source=k).sum()), False)
            for k in da["source"].values if float(np.abs(da.sel(source=k)).max()) >= 0.05]
    tot = da.sum("source")
    rows.append((t("total", lang), [float(tot.sel(year=y)) for y in years], float(tot.sum()),
                 True))
    return _row_table(t("source", lang), rows, years, t("total_years", lang, start=all_years[0],
                                                         end=all_years[-1]), lang, 0)


def _cost_table(ds: xr.Dataset, lang: str, gross: list[str],
                revenue: list[str]) -> dict[str, Any] | None:
    """Categories by year (M EUR, every fifth year): gross costs, revenues (positive), net,
    net discounted; the last column sums the discounted values over all years (the NPV)."""
    if "cost_eur" not in ds:
        return None
    da = ds["cost_eur"].transpose("category", "year").fillna(0.0) / 1e6
    disc = ds["discount_factor"]
    all_years = [int(y) for y in da["year"].values]
    years = shown_years(all_years)

    def row(name: str, values: xr.DataArray, is_sum: bool = False, sign: float = 1.0) -> tuple:
        return (name, [sign * float(values.sel(year=y)) for y in years],
                sign * float((values * disc).sum()), is_sum)

    def group(cats: list[str]) -> xr.DataArray:
        return da.sel(category=cats).sum("category") if cats else da.isel(category=0) * 0.0

    rows = [row(label(c, lang), da.sel(category=c)) for c in gross
            if float(np.abs(da.sel(category=c)).max()) >= 0.5]  # smaller ones stay in the sums
    rows.append(row(t("gross_costs", lang), group(gross), True))
    rows += [row(label(c, lang), da.sel(category=c), sign=-1.0) for c in revenue
             if float(np.abs(da.sel(category=c)).max()) >= 0.5]
    if revenue:
        rows.append(row(t("revenues", lang), group(revenue), True, -1.0))
    rows.append(row(t("net_cost", lang), da.sum("category"), True))
    rows.append((t("discounted", lang), [float((da.sum("category") * disc).sel(year=y))
                                          for y in years],
                 float((da.sum("category") * disc).sum()), True))
    return _row_table(t("category", lang), rows, years, t("npv_column", lang), lang, 0)


def _decisions(ds: xr.Dataset, lang: str, names: dict[str, str]) -> list[list[str]]:
    """Rows (plant, option, order year, largest size in operation) of the build decisions."""
    order, size = ds.get("plant_equipment_order_year"), ds.get("plant_equipment_installed")
    rows: list[list[str]] = []
    for (p, j), year in ([] if order is None else order.to_series().items()):
        mw = math.nan if size is None else float(size.sel(plant=p, option=j).max())
        built = not math.isnan(year)
        if (built and int(year) not in ds["year"].values) or (size is not None and math.isnan(mw)):
            continue  # no option of this plant: results fill 0 (order) or NaN (aligned size)
        rows.append([names.get(str(p), str(p)), label(str(j), lang),
                     str(int(year)) if built else t("not_built", lang),
                     number(mw, 1, lang) if built else "–"])
    return rows


def _figures(ds: xr.Dataset, f: facts_mod.Facts, lang: str,
             names: dict[str, str]) -> list[dict[str, str]]:
    """Every figure whose data exist, as {key, title, caption, svg}."""
    year = 2030 if 2030 in f.years else (f.years[-1] if f.years else 0)
    days = facts_mod.dispatch_days(ds, year)
    draw = [
        ("emissions", lambda: figures.emissions(ds, lang), {}),
        ("costs", lambda: figures.costs(ds, lang, f.gross_categories, f.revenue_categories), {}),
        ("capacity", lambda: figures.capacity(ds, lang), {}),
        ("pipeline", lambda: figures.pipeline(ds, lang), {}),
        ("electrification", lambda: figures.electrification(ds, lang, names), {}),
        ("dispatch", lambda: figures.dispatch(ds, lang, year, days) if days else None,
         {"year": year, "basis": narrative.basis_text(f, lang)}),
    ]
    out = []
    for key, make, fields in draw:
        svg = make()
        if svg is not None:
            out.append({"key": key, "title": t(f"fig_{key}", lang),
                        "caption": t(f"fig_{key}_cap", lang, **fields), "svg": svg})
    return out


def _provenance(manifest: dict, lang: str) -> dict[str, Any]:
    na = t("na", lang)
    short = lambda v: na if not v else str(v)[:12]  # noqa: E731
    versions = manifest.get("versions") or {}
    return {
        "rows": [(t("p_name", lang), manifest.get("scenario") or na),
                 (t("p_run", lang), manifest.get("run_id") or na),
                 (t("p_outcome", lang), term(f"outcome_{manifest.get('outcome')}", lang)),
                 (t("p_git", lang), manifest.get("git_commit") or na),
                 (t("p_scenario_hash", lang), short(manifest.get("scenario_sha256"))),
                 (t("p_seed", lang), str(manifest.get("seed", na))),
                 (t("p_versions", lang), " · ".join(f"{k} {v}" for k, v in
                                                     sorted(versions.items())) or na)],
        "inputs": [(k, short(v)) for k, v in sorted((manifest.get("input_sha256") or {}).items())],
        "reproduce": manifest.get("reproduce") or na,
        "promise": manifest.get("promise") or na,
    }


def as_dict(manifest: Manifest | dict[str, Any]) -> dict[str, Any]:
    """The manifest's fields as a plain dict (a :class:`Manifest` or a dict of its fields)."""
    return manifest.to_dict() if isinstance(manifest, Manifest) else dict(manifest)


def run_date(run_id: object, lang: str) -> str | None:
    """The date of a run from its id (``20261201T161452-1871``), in the language's format."""
    try:
        return day(datetime.strptime(str(run_id)[:8], "%Y%m%d").date(), lang)
    except ValueError:
        return None


def context(ds: xr.Dataset, manifest: Manifest | dict[str, Any], lang: str,
            run_dir: Path | None = None) -> dict[str, Any]:
    """Everything the run brief template shows (also used by the tests)."""
    manifest = as_dict(manifest)
    lead_times = (inputs_view.permitting_stored(manifest, run_dir)
                  or inputs_view.permitting(manifest, inputs_view.data_dir(manifest)))
    folder = inputs_view.data_dir(manifest)
    f = facts_mod.compute(ds, manifest)
    names = narrative.plant_names(f.plants, inputs_view.plant_info(folder), lang)
    sources = inputs_view.sources(folder)
    em_sources = [str(s) for s in ds["source"].values] if "source" in ds.coords else []
    sc = manifest.get("resolved_scenario") or {}
    return {
        "lang": lang, "T": lambda key, **kw: t(key, lang, **kw), "label": narrative.run_label(
            manifest), "description": sc.get("description"), "facts": f,
        "date": run_date(manifest.get("run_id"), lang),
        "warnings": _warnings(ds, manifest, lang),
        "summary": narrative.summary(f, lang, names),
        "headline": narrative.headline(f, lang), "basis": narrative.basis_text(f, lang),
        "assumptions": narrative.assumptions(manifest, lang),
        "permitting": narrative.permitting_table(lead_times, lang),
        "overrides": [str(o) for o in manifest.get("overrides") or []],
        "figures": _figures(ds, f, lang, names),
        "tables": [x for x in ((t("tab_emissions", lang), _emission_table(ds, lang)),
                               (t("tab_costs", lang), _cost_table(
                                   ds, lang, f.gross_categories, f.revenue_categories)))
                   if x[1] is not None],
        "decisions": _decisions(ds, lang, names),
        "reading": narrative.how_to_read(f, manifest, lang, em_sources),
        "sources": sources, "weather": inputs_view.weather_source(sources),
        "provenance": _provenance(manifest, lang),
    }


def render_brief(ds: xr.Dataset, manifest: Manifest | dict[str, Any], lang: str = "en",
                 run_dir: Path | None = None) -> str:
    """Render the self-contained HTML brief of one run.

    Parameters
    ----------
    ds : xarray.Dataset
        The run's results (``model.outputs.results.to_dataset`` or ``results.nc``).
    manifest : Manifest or dict
        The run's manifest (:mod:`model.outputs.manifest`, or a dict of its fields); empty
        fields show n/a. The title carries the scenario and its result-changing overrides.
    lang : {"en", "de"}
        Language of every word and number format.
    run_dir : Path, optional
        The run folder, for the permitting values stored with the run (``resolved_inputs.csv``).

    Returns
    -------
    str
        The HTML page: figures as inline SVG, no external resources.

    Raises
    ------
    InputError
        If ``lang`` is not supported.
    """
    check_lang(lang)
    html = ENV.get_template("brief.html.j2").render(**context(ds, manifest, lang, run_dir))
    log.debug("rendered the %s brief of run %s", lang, as_dict(manifest).get("run_id"))
    return html


def brief_name(lang: str, stem: str = "brief") -> str:
    """``brief.html`` in English, ``brief.<lang>.html`` otherwise."""
    return f"{stem}.html" if lang == "en" else f"{stem}.{lang}.html"


def write_brief(run_dir: Path, lang: str = "en") -> Path:
    """Render the brief of a published run folder and write it there atomically.

    Raises
    ------
    InputError
        If the folder has no manifest (not a complete run) or no ``results.nc``, or bad ``lang``.

    A stochastic run's folder (``kind: stochastic``) gets the brief of
    :mod:`model.outputs.hedge_brief`, built from its CSV files.
    """
    check_lang(lang)
    run_dir = Path(run_dir)
    if not (run_dir / MANIFEST_FILE).is_file():
        raise InputError(f"{run_dir}: no manifest.json, so this is not a complete run folder "
                         "(unfinished or failed runs have none); use results/<scenario>/<run-id>/")
    if hedge_brief.is_stochastic(hedge_brief.raw_manifest(run_dir)):  # uncertain approvals
        target = write_atomic(run_dir / brief_name(lang), hedge_brief.render_folder(run_dir, lang))
        log.info("wrote %s", target)
        return target
    manifest = read_manifest(run_dir)
    ds = open_results(run_dir)
    target = write_atomic(run_dir / brief_name(lang), render_brief(ds, manifest, lang, run_dir))
    log.info("wrote %s", target)
    return target
