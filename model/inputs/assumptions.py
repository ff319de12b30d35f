"""The assumption register: every data row's value type, and the [A] inputs of a scenario.

A data set row carries one ``value_type`` (M measured, P published projection, D derived,
A assumption) under the *weakest-tag rule*: a row that uses any assumed value is ``A``. This
module reads every tagged file of a data set folder into one register, measures the share
of ``A`` rows, finds rows whose own note names an assumed ([A]) or derived ([D]) value but
carry a stronger tag, and lists the ``A`` rows that a resolved scenario actually uses,
grouped by topic, for sensitivity work (``python run.py validate SCENARIO --assumptions``).

Legend: share :math:`s_A = n_A / n` over all tagged rows :math:`n` of the data set.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from model.inputs.config import Scenario

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
}
_KEYS = {
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
}
_STRENGTH = {"M": 3, "P": 3, "D": 2, "A": 1}


def register(folder: Path) -> pd.DataFrame:
    """Every tagged row of the data set: file, group, key, value_type, source_id, note."""
    records = []
    for file, keys in _KEYS.items():
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
    regions = set(scenario.regions)
    keep = pd.Series(True, index=a.index)
    if "region" in a:
        keep &= a["region"].isin(regions | {"*", ""}) | a["region"].isna()
    cases = {"prices.csv": scenario.prices.case,
             "grid_emission_factor.csv": scenario.prices.grid_emission_case,
             "permitting.csv": scenario.permitting.case}
    for file, case in cases.items():
        keep &= (a["file"] != file) | (a["case"] == case)
    plants = scenario.plants
    if plants.include is not None:
        keep &= (a["file"] != "plants.csv") | a["plant_id"].isin(plants.include)
    keep &= (a["file"] != "plants.csv") | ~a["plant_id"].isin(plants.exclude)
    keep &= (a["file"] != "new_loads.csv") | a["load_id"].isin(scenario.demand.new_loads)
    if not scenario.demand.other_demand:
        keep &= a["file"] != "new_loads.csv"
    order = {g: i for i, g in enumerate(dict.fromkeys(GROUPS.values()))}
    out = a[keep].assign(_o=a["group"].map(order)).sort_values(["_o", "file", "key"])
    return out[["group", "file", "key", "source_id", "note"]].reset_index(drop=True)
