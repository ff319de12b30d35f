"""What a brief shows of a run's inputs: permitting lead times, data sources, plant names.

Permitting lead times come from the run's ``resolved_inputs.csv`` when it is stored with
the run, else from the data set folder (``resolved_scenario.data`` of the manifest) with the
scenario's overrides applied by the same rule (:mod:`model.inputs.resolved`). A folder that
no longer exists gives empty tables (the brief then says so) rather than an error, because a
brief of an archived run must still render.
"""

from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from model.inputs.resolved import FILE_NAME as RESOLVED_FILE
from model.inputs.resolved import ResolvedInputs, case_rows

log = logging.getLogger(__name__)

STAGES = ("pre_application_months", "approval_months", "realisation_months")
VALUE_TYPES = ("M", "P", "D", "A")  # measured, published projection, derived, assumption


def data_dir(manifest: dict[str, Any]) -> Path | None:
    """The run's data set folder if it still exists (absolute, or relative to the scenario)."""
    sc = manifest.get("resolved_scenario") or {}
    raw = sc.get("data")
    if not raw:
        return None
    candidates = [Path(str(raw))]
    if manifest.get("scenario_file"):
        candidates.append(Path(str(manifest["scenario_file"])).parent / str(raw))
    for path in candidates:
        if (path / "SOURCES.csv").is_file():
            return path
    log.info("data set folder %s not found: the brief leaves out lead times and sources", raw)
    return None


def _read(folder: Path, name: str) -> pd.DataFrame | None:
    path = folder / name
    if not path.is_file():
        return None
    return pd.read_csv(path, skipinitialspace=True, keep_default_na=False, na_values=[""])


def permitting(manifest: dict[str, Any], folder: Path | None) -> list[dict[str, Any]]:
    """Lead times per stage for each permitted technology, regions with equal values merged.

    Returns rows ``{technology, regions (list; empty = all), pre_application_months,
    approval_months, realisation_months, total_months, attrition_share,
    approval_cap_mw_per_yr}`` for the scenario's permitting case, with the scenario's
    per-technology and per-region overrides applied.
    """
    if folder is None or (table := _read(folder, "permitting.csv")) is None:
        return []
    sc = manifest.get("resolved_scenario") or {}
    perm = sc.get("permitting") or {}
    regions = list(sc.get("regions") or [])
    table = case_rows(table, perm.get("case"))  # the case's rows and the every-case ('*') rows
    techs = [k for k in dict.fromkeys(table["technology"]) if k in perm]  # permitted ones
    fields = [*STAGES, "attrition_share", "approval_cap_mw_per_yr"]
    resolved: dict[str, dict[str, tuple]] = {}
    for tech in techs:
        sub = table[table["technology"] == tech].set_index("region")
        override = perm.get(tech) or {}
        for region in regions:
            key = region if region in sub.index else "*"
            if key not in sub.index:
                continue
            row = {f: sub.at[key, f] for f in fields}
            for layer in (override, (override.get("regions") or {}).get(region) or {}):
                row.update({k: v for k, v in layer.items() if k in row and v is not None})
            resolved.setdefault(tech, {})[region] = tuple(
                None if pd.isna(row[f]) else float(row[f]) for f in fields)
    return _merge(sc, resolved)


def _merge(sc: dict[str, Any], resolved: dict[str, dict[str, tuple]]) -> list[dict[str, Any]]:
    """Rows per technology with regions of equal values merged (see :func:`permitting`)."""
    regions = list(sc.get("regions") or [])
    fields = [*STAGES, "attrition_share", "approval_cap_mw_per_yr"]
    rows: list[dict[str, Any]] = []
    for tech, per_region in resolved.items():
        for values in dict.fromkeys(per_region.values()):
            where = [r for r, v in per_region.items() if v == values]
            entry = dict(zip(fields, values, strict=True))
            entry.update(technology=tech, regions=[] if len(where) == len(regions) else where,
                         total_months=sum(entry[s] or 0.0 for s in STAGES))
            rows.append(entry)
    return rows


def permitting_stored(manifest: dict[str, Any], run_dir: Path | None) -> list[dict[str, Any]]:
    """:func:`permitting` from the run's ``resolved_inputs.csv`` (empty if not stored)."""
    path = None if run_dir is None else Path(run_dir) / RESOLVED_FILE
    if path is None or not path.is_file():
        return []
    sc = manifest.get("resolved_scenario") or {}
    techs = list((sc.get("permitting") or {}).keys())
    wide = ResolvedInputs.read_csv(path).permitting(sc.get("regions") or [])
    fields = [*STAGES, "attrition_share", "approval_cap_mw_per_yr"]
    resolved: dict[str, dict[str, tuple]] = {}
    for (tech, region), row in wide.iterrows():
        if tech in techs:
            resolved.setdefault(tech, {})[region] = tuple(
                None if pd.isna(row[f]) else float(row[f]) for f in fields)
    return _merge(sc, {k: resolved[k] for k in techs if k in resolved})


def sources(folder: Path | None) -> list[dict[str, Any]]:
    """Rows of ``SOURCES.csv`` that the data set uses, each with its value-type counts.

    ``value_types`` counts the data rows (all CSVs of the folder) citing the source in
    ``source_id``, by ``value_type`` (M, P, D, A); a source named only in notes counts 0.
    """
    if folder is None or (table := _read(folder, "SOURCES.csv")) is None:
        return []
    counts: dict[str, Counter] = {}
    for path in sorted(folder.glob("*.csv")):
        if path.name == "SOURCES.csv":
            continue
        df = _read(folder, path.name)
        if df is None or not {"source_id", "value_type"} <= set(df.columns):
            continue
        for sid, vt in zip(df["source_id"].astype(str), df["value_type"].astype(str),
                           strict=True):
            counts.setdefault(sid.strip(), Counter())[vt.strip()] += 1
    out = []
    for rec in table.fillna("").to_dict("records"):
        sid = str(rec["source_id"])
        c = counts.get(sid, Counter())
        out.append({**{k: str(v) for k, v in rec.items()}, "rows": sum(c.values()),
                    "value_types": {vt: c[vt] for vt in VALUE_TYPES if c[vt]}})
    out.sort(key=lambda r: (-r["rows"], r["source_id"]))
    return out


def weather_source(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The weather-data source (DWD) among ``sources`` rows, for the attribution line."""
    for row in rows:
        if "Deutscher Wetterdienst" in row.get("publisher", "") + row.get("title", ""):
            return row
    return None


def plant_info(folder: Path | None) -> dict[str, dict[str, str]]:
    """``plant_id -> {archetype, region}`` from ``plants.csv`` (empty if unavailable)."""
    if folder is None or (table := _read(folder, "plants.csv")) is None:
        return {}
    return {str(r["plant_id"]): {"archetype": str(r["archetype"]), "region": str(r["region"])}
            for r in table.to_dict("records")}
