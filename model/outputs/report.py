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
from pathlib import Path
from typing import Any

import jinja2
import numpy as np
import xarray as xr

from model.atomic import write_atomic
from model.errors import InputError
from model.outputs import facts as facts_mod
from model.outputs import figures, inputs_view, narrative
from model.outputs.i18n import check_lang, label, number, t, term
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


def _emission_table(ds: xr.Dataset, lang: str) -> dict[str, Any] | None:
    if "emissions_t" not in ds:
        return None
    da = ds["emissions_t"].transpose("year", "source").fillna(0.0) / 1e3
    sources = [str(s) for s in da["source"].values]
    rows = [[str(int(y)), *(number(v, 1, lang) for v in vals), number(vals.sum(), 1, lang)]
            for y, vals in zip(da["year"].values, da.to_numpy(), strict=True)]
    return {"groups": [], "header": [t("year", lang), *(label(s, lang) for s in sources),
                                     t("total", lang)], "rows": rows}


def _cost_table(ds: xr.Dataset, lang: str, gross: list[str],
                revenue: list[str]) -> dict[str, Any] | None:
    """Years by category (M EUR): gross costs, their sum, revenues (positive), net, discounted."""
    if "cost_eur" not in ds:
        return None
    da = ds["cost_eur"].transpose("year", "category").fillna(0.0) / 1e6
    # categories below 0.5 M EUR in every year get no column (they stay in the sums)
    keep = lambda cats: [c for c in cats if np.abs(da.sel(category=c)).max() >= 0.5]  # noqa: E731
    shown_g, shown_r = keep(gross), keep(revenue)
    disc = ds["discount_factor"].to_numpy()
    rows = []
    for i, y in enumerate(da["year"].values):
        g_sum = float(da.sel(year=y, category=gross).sum()) if gross else 0.0
        net = float(da.sel(year=y).sum())
        rows.append([str(int(y)), *(number(float(da.sel(year=y, category=c)), 0, lang)
                                    for c in shown_g), number(g_sum, 0, lang),
                     *(number(-float(da.sel(year=y, category=c)), 0, lang) for c in shown_r),
                     number(net, 0, lang), number(net * disc[i], 0, lang)])
    gross, revenue = shown_g, shown_r
    groups = [("", 1), (t("gross_costs", lang), len(gross) + 1)]
    groups += [(t("revenues", lang), len(revenue))] if revenue else []
    groups += [(t("net", lang), 2)]
    header = [t("year", lang), *(label(c, lang) for c in gross), t("total", lang),
              *(label(c, lang) for c in revenue), t("net_cost", lang), t("discounted", lang)]
    return {"groups": groups, "header": header, "rows": rows}


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
        "rows": [(t("p_run", lang), manifest.get("run_id") or na),
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
    """
    check_lang(lang)
    run_dir = Path(run_dir)
    if not (run_dir / MANIFEST_FILE).is_file():
        raise InputError(f"{run_dir}: no manifest.json, so this is not a complete run folder "
                         "(unfinished or failed runs have none); use results/<scenario>/<run-id>/")
    manifest = read_manifest(run_dir)
    ds = open_results(run_dir)
    target = write_atomic(run_dir / brief_name(lang), render_brief(ds, manifest, lang, run_dir))
    log.info("wrote %s", target)
    return target
