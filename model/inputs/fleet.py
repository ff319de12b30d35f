"""The existing fleet and the demand side of a data set, resolved per region and year.

Cohorts of existing capacity retire in yearly steps (:func:`alive_share`); the existing
biomass and run-of-river fleet is a flat must-run injection (``must_run.csv``); announced
large loads (``new_loads.csv``) are added to the regional demand when a scenario names them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from model.errors import InputError
from model.inputs import tables


def alive_share(first_vintage: int, last_vintage: int, lifetime_yr: float, year: int) -> float:
    r"""Share of a cohort in operation in ``year``.

    A cohort is commissioned in equal parts in the years :math:`a..b`
    (``first_vintage..last_vintage``); each part runs :math:`L` years (``lifetime_yr``):

    .. math:: s(y) = \frac{1}{b - a + 1} \left|\{v \in a..b : v \le y \le v + L - 1\}\right|

    so the cohort is built up and retired in equal yearly steps, without cliffs.
    """
    vintages = np.arange(int(first_vintage), int(last_vintage) + 1)
    alive = (vintages <= year) & (year <= vintages + lifetime_yr - 1)
    return float(alive.mean())


def existing(raw: tables.RawTables, regions: list[str], years: list[int]) -> pd.DataFrame:
    """Existing capacity per region, technology and year (cohorts retire in yearly steps).

    The optional column ``first_vintage_year`` spreads a row over its build years
    (:func:`alive_share`); without it a row is one vintage retiring at once.
    """
    ex = raw["existing_capacity"]
    ex = ex[ex["region"].isin(regions)]
    last = ex["vintage_year"].astype(int)
    first = last if "first_vintage_year" not in ex else pd.to_numeric(
        ex["first_vintage_year"].replace("", np.nan), errors="coerce").fillna(last)
    bad = ex.index[first.isna() | (first > last) | (first < 1900)]
    if len(bad):
        raise InputError([
            f"existing_capacity.csv: row {i + 2}, column 'first_vintage_year': "
            f"'{ex.at[i, 'first_vintage_year']}' must be a year <= vintage_year "
            f"({ex.at[i, 'vintage_year']}) or empty" for i in bad])
    rows = list(zip(ex["region"], ex["technology"], first.astype(int), last,
                    ex["lifetime_yr"].astype(float), ex["capacity_mw"].astype(float),
                    strict=True))
    totals: dict[tuple[str, str, int], float] = {}
    for region, tech, a, b, life, mw in rows:
        for y in years:
            key = (region, tech, y)
            totals[key] = totals.get(key, 0.0) + mw * alive_share(a, b, life, y)
    cols = ["region", "technology", "year", "capacity_mw"]
    records = [(*k, v) for k, v in sorted(totals.items())]
    return pd.DataFrame(records, columns=cols).set_index(cols[:3]).sort_index()


MUST_RUN_FILE = "must_run.csv"


def must_run(folder: Path, regions: list[str]) -> pd.Series:
    r"""Average MW of the must-run fleet per region from the optional ``must_run.csv``.

    .. math:: \bar g_r = \sum_k C_{r,k}\, h_{r,k} / 8760

    with capacity :math:`C` (MW) and full-load hours :math:`h`. Missing file: zero.
    """
    path = Path(folder) / MUST_RUN_FILE
    out = pd.Series(0.0, index=regions, name="must_run_mw")
    if not path.is_file():
        return out
    try:
        df = pd.read_csv(path, encoding="utf-8")
        mw = pd.to_numeric(df["capacity_mw"], errors="raise").astype(float)
        flh = pd.to_numeric(df["full_load_hours_h"], errors="raise").astype(float)
    except (KeyError, ValueError, UnicodeDecodeError, pd.errors.ParserError) as err:
        raise InputError(f"{path}: cannot be read ({err!r}); it needs the columns region, "
                         "technology, capacity_mw, full_load_hours_h (numbers)") from None
    bad = df.index[(mw < 0) | (flh < 0) | (flh > 8760)]
    if len(bad):
        raise InputError([f"{path}: row {i + 2}: capacity_mw must be >= 0 and "
                          "full_load_hours_h within 0-8760" for i in bad])
    avg = (mw * flh / 8760.0).groupby(df["region"]).sum()
    return out.add(avg.reindex(regions).fillna(0.0))


NEW_LOADS_FILE = "new_loads.csv"


def new_loads(folder: Path, load_ids: list[str], regions: list[str],
               years: list[int]) -> np.ndarray:
    """Annual MWh of the announced large loads chosen by ``demand.new_loads``.

    A load adds ``annual_mwh`` to its region from ``start_year`` on (array regions × years).
    """
    out = np.zeros((len(regions), len(years)))
    if not load_ids:
        return out
    path = Path(folder) / NEW_LOADS_FILE
    if not path.is_file():
        raise InputError(f"demand.new_loads: {', '.join(load_ids)} chosen but {path} is "
                         "missing; remove them from the scenario or add the file")
    df = pd.read_csv(path, encoding="utf-8").set_index("load_id")
    unknown = [i for i in load_ids if i not in df.index]
    if unknown:
        raise InputError(f"demand.new_loads: unknown {', '.join(map(repr, unknown))}; "
                         f"{path} has {', '.join(df.index)}")
    for load_id in load_ids:
        row = df.loc[load_id]
        if row["region"] in regions:
            active = np.array(years) >= int(row["start_year"])
            out[regions.index(row["region"])] += float(row["annual_mwh"]) * active
    return out
