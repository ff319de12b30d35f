"""The assumption register: every data value's type and source, and a scenario's [A] inputs.

A data set row carries one ``value_type`` (M measured, P published projection, D derived,
A assumption) under the *weakest-tag rule*: a row that uses any assumed value is ``A``. A
row that mixes values of different quality also lists its stronger values in
``value_tags.csv`` (long format: ``file, row, column, value_type, source_id, note``; ``row``
is the row's key values joined by ``|`` in the order of :data:`KEYS`), so each value carries
its own tag and source; a value without such a line takes its row's tag and source.

This module reads every tagged file of a data set folder into a row register and a value
register, measures the share of ``A`` rows and of ``A`` values, finds rows whose note or
per-value tags name a weaker value than the row's tag, and lists the ``A`` rows (with their
``A`` values) that a resolved scenario uses, grouped by topic, for sensitivity work
(``python run.py validate SCENARIO --assumptions``).

Legend: row share :math:`s_A = n_A / n` over the tagged rows :math:`n`; value share
:math:`v_A = m_A / m` over the non-empty values :math:`m` of the columns in
:data:`VALUE_COLUMNS`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from model.inputs.config import Scenario
from model.inputs.resolved import ANY_CASE, case_rows
from model.inputs.tables import TABLES, VALUE_TYPES

#: Topic of each tagged file, in the order they are printed.
GROUPS = {
    "regions.csv": "resource and demand", "must_run.csv": "existing fleet",
    "existing_capacity.csv": "existing fleet", "pipeline.csv": "existing fleet",
    "land.csv": "land potentials", "permitting.csv": "permitting",
    "prices.csv": "prices", "grid_emission_factor.csv": "prices",
    "technologies.csv": "technologies and costs", "technology_costs.csv": "technologies and costs",
    "plants.csv": "plants", "electrification_options.csv": "plants",
    "new_loads.csv": "resource and demand", "market.csv": "market values and grid",
    "capture_rates.csv": "market values and grid", "transmission.csv": "market values and grid",
    "approval_uncertainty.csv": "permitting",
}
KEYS = {
    "regions.csv": ["region"], "must_run.csv": ["region", "technology"],
    "existing_capacity.csv": ["region", "technology", "vintage_year"],
    "pipeline.csv": ["region", "technology", "stage"],
    "land.csv": ["region", "technology", "year"],
    "permitting.csv": ["case", "technology", "region"], "prices.csv": ["case", "year"],
    "grid_emission_factor.csv": ["case", "year"], "technologies.csv": ["technology"],
    "technology_costs.csv": ["technology", "year"], "plants.csv": ["plant_id"],
    "electrification_options.csv": ["option"], "new_loads.csv": ["load_id"],
    "market.csv": ["case", "year"], "capture_rates.csv": ["case", "technology", "re_share"],
    "transmission.csv": ["region"],
    "approval_uncertainty.csv": ["case", "technology", "region", "parameter", "value"],
}
_STRENGTH = {"M": 3, "P": 3, "D": 2, "A": 1}
TAGS_FILE = "value_tags.csv"
_SPECS = {spec.file: spec for spec in TABLES.values()}
_EXTRA = {  # value columns of files the table specs do not declare as numeric
    "must_run.csv": ("capacity_mw", "full_load_hours_h"),
    "new_loads.csv": ("start_year", "annual_mwh"),
    "existing_capacity.csv": ("first_vintage_year",),
    "regions.csv": ("wind_existing_flh_target_h",),
    "pipeline.csv": ("online_year", "online_month"),
    "electrification_options.csv": ("lead_time_months",),
    "approval_uncertainty.csv": ("value", "probability"),
}
#: The values a tag describes, per tagged file (keys and descriptive text excluded).
VALUE_COLUMNS = {
    file: tuple(_SPECS[file].numeric if file in _SPECS else ()) + _EXTRA.get(file, ())
    for file in KEYS
}


def _read(folder: Path, file: str) -> pd.DataFrame | None:
    path = Path(folder) / file
    if not path.is_file():
        return None
    return pd.read_csv(path, dtype=str, keep_default_na=False, skipinitialspace=True)


def row_key(row: pd.Series, file: str) -> str:
    """The ``row`` of ``value_tags.csv`` that names this row: key values joined by ``|``."""
    return "|".join(str(row.get(k, "")).strip() for k in KEYS[file])


def _tags(folder: Path) -> dict[tuple[str, str, str], tuple[str, str]]:
    df = _read(folder, TAGS_FILE)
    if df is None:
        return {}
    return {(r["file"].strip(), r["row"].strip(), r["column"].strip()):
            (r["value_type"].strip(), r["source_id"].strip()) for _, r in df.iterrows()}


def value_register(folder: Path) -> pd.DataFrame:
    """Every non-empty value of every tagged row: file, group, key, column, tag, source.

    A value named in ``value_tags.csv`` takes that tag and source, any other its row's.
    """
    tags = _tags(folder)
    records = []
    for file in KEYS:
        df = _read(folder, file)
        if df is None:
            continue
        cols = [c for c in VALUE_COLUMNS[file] if c in df.columns]
        for _, row in df.iterrows():
            key = row_key(row, file)
            for col in cols:
                if not str(row[col]).strip():
                    continue
                own = tags.get((file, key, col))
                vt, src = own or (row["value_type"].strip(), row["source_id"].strip())
                records.append({"file": file, "group": GROUPS[file], "row": key, "column": col,
                                "value_type": vt, "source_id": src, "own_tag": own is not None})
    return pd.DataFrame.from_records(records)


def value_a_share(values: pd.DataFrame) -> float:
    """Share of ``A`` values among all tagged values (:func:`value_register`)."""
    return float((values["value_type"] == "A").mean()) if len(values) else 0.0


def value_tag_problems(folder: Path, tags: pd.DataFrame) -> list[str]:
    """Lines of ``value_tags.csv`` that name no value, or break the weakest-tag rule.

    The row's ``value_type`` may not be stronger than any of its values' tags, and a row
    whose values are all tagged here carries exactly the weakest of them.
    """
    problems: list[str] = []
    frames: dict[str, pd.DataFrame | None] = {}
    seen: dict[tuple[str, str], list[str]] = {}
    for i, t in tags.iterrows():
        where = f"{TAGS_FILE}: row {i + 2}"
        file, key, col, vt = t["file"], t["row"], t["column"], t["value_type"]
        if file not in KEYS:
            problems.append(f"{where}: file '{file}' is not a tagged file ({', '.join(KEYS)}).")
            continue
        if file not in frames:
            frames[file] = _read(folder, file)
        df = frames[file]
        rows = [] if df is None else [r for _, r in df.iterrows() if row_key(r, file) == key]
        if not rows:
            problems.append(f"{where}: {file} has no row '{key}' (key columns "
                            f"{'|'.join(KEYS[file])}, joined by '|').")
            continue
        if col not in VALUE_COLUMNS[file] or not str(rows[0].get(col, "")).strip():
            problems.append(f"{where}: '{col}' is not a non-empty value column of {file} "
                            f"({', '.join(VALUE_COLUMNS[file])}).")
            continue
        row_vt = rows[0]["value_type"].strip()
        if vt in VALUE_TYPES and _STRENGTH[vt] < _STRENGTH.get(row_vt, 0):
            problems.append(f"{where}: {file} row '{key}' is tagged {row_vt} but its value "
                            f"'{col}' is {vt}; tag the row {vt} (weakest-tag rule).")
        seen.setdefault((file, key), []).append(vt)
    for (file, key), vts in seen.items():
        df = frames[file]
        row = next(r for _, r in df.iterrows() if row_key(r, file) == key)
        cols = [c for c in VALUE_COLUMNS[file] if c in df.columns and str(row[c]).strip()]
        if len(vts) == len(cols) and all(v in _STRENGTH for v in vts):
            weakest = min(vts, key=_STRENGTH.get)
            if _STRENGTH[weakest] != _STRENGTH.get(row["value_type"].strip(), 0):
                problems.append(f"{TAGS_FILE}: every value of {file} row '{key}' is tagged "
                                f"here; the row's value_type must be their weakest, {weakest}.")
    return problems


def register(folder: Path) -> pd.DataFrame:
    """Every tagged row of the data set: file, group, key, value_type, source_id, note."""
    records = []
    for file, keys in KEYS.items():
        path = Path(folder) / file
        if not path.is_file():
            continue
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
        for _, row in df.iterrows():
            records.append({
                "file": file, "group": GROUPS[file],
                "key": ", ".join(f"{k}={row.get(k, '')}" for k in keys),
                "value_type": row["value_type"].strip(), "source_id": row["source_id"].strip(),
                "note": row.get("note", ""), **{k: row.get(k, "") for k in keys},
            })
    return pd.DataFrame.from_records(records)


def a_share(reg: pd.DataFrame) -> float:
    """Share of ``A`` rows among all tagged rows."""
    return float((reg["value_type"] == "A").mean()) if len(reg) else 0.0


def weakest_tag_violations(reg: pd.DataFrame) -> list[str]:
    """Rows whose note tags one of their values weaker than the row's ``value_type``."""
    out = []
    for _, row in reg.iterrows():
        found = set(re.findall(r"\[([MPDA])\b", str(row["note"])))
        if not found:
            continue
        weakest = min(found, key=_STRENGTH.get)
        if _STRENGTH[weakest] < _STRENGTH.get(row["value_type"], 0):
            out.append(f"{row['file']}: {row['key']}: tagged {row['value_type']} but its note "
                       f"has [{weakest}]")
    return out


def home_page_urls(folder: Path) -> list[str]:
    """``SOURCES.csv`` rows whose URL is a bare home page (no path to the cited document)."""
    path = Path(folder) / "SOURCES.csv"
    if not path.is_file():
        return []
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    bare = df["url"].str.fullmatch(r"https?://[^/]+/?")
    return [f"{sid}: {url}" for sid, url in zip(df.loc[bare, "source_id"], df.loc[bare, "url"],
                                                 strict=True)]


def scenario_assumptions(folder: Path, scenario: Scenario) -> pd.DataFrame:
    """The ``A`` rows a resolved scenario uses: its cases, regions, plants and new loads."""
    reg = register(folder)
    a = reg[reg["value_type"] == "A"].copy()
    values = value_register(folder)
    a_values = (values[values["value_type"] == "A"].groupby(["file", "row"])["column"]
                .agg(", ".join))
    a["a_values"] = [a_values.get((f, row_key(r, f)), "") for f, (_, r) in
                     zip(a["file"], a.iterrows(), strict=True)]
    regions = set(scenario.regions)
    keep = pd.Series(True, index=a.index)
    if "region" in a:
        keep &= a["region"].isin(regions | {"*", ""}) | a["region"].isna()
    cases = {"prices.csv": scenario.prices.case,
             "grid_emission_factor.csv": scenario.prices.grid_emission_case,
             "permitting.csv": scenario.permitting.case}
    for file, case in cases.items():
        keep &= (a["file"] != file) | (a["case"] == case)
    perm = _read(folder, "permitting.csv")
    if perm is not None:  # rows of every case ('*') that the scenario's case does not override
        used = {row_key(r, "permitting.csv")
                for _, r in case_rows(perm, scenario.permitting.case).iterrows()}
        keep |= pd.Series([f == "permitting.csv" and r["case"] == ANY_CASE
                           and row_key(r, f) in used for f, (_, r) in
                           zip(a["file"], a.iterrows(), strict=True)], index=a.index, dtype=bool)
    plants = scenario.plants
    if plants.include is not None:
        keep &= (a["file"] != "plants.csv") | a["plant_id"].isin(plants.include)
    keep &= (a["file"] != "plants.csv") | ~a["plant_id"].isin(plants.exclude)
    keep &= (a["file"] != "new_loads.csv") | a["load_id"].isin(scenario.demand.new_loads)
    unc = scenario.uncertainty  # distributions only for a stochastic scenario: its case
    keep &= (a["file"] != "approval_uncertainty.csv") | (
        a["case"].eq(unc.case) if unc is not None else False)
    if not scenario.demand.other_demand:
        keep &= a["file"] != "new_loads.csv"
    order = {g: i for i, g in enumerate(dict.fromkeys(GROUPS.values()))}
    out = a[keep].assign(_o=a["group"].map(order)).sort_values(["_o", "file", "key"])
    return out[["group", "file", "key", "a_values", "source_id", "note"]].reset_index(drop=True)
