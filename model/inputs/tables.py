"""The CSV files of a data set: their columns, types and a reader that reports problems.

Each table is declared once in :data:`TABLES` (file name, key columns, numeric columns,
columns that may be empty). :func:`read_tables` reads every file of a data set folder and
collects *every* problem (missing, empty or header-only file, missing or repeated column,
non-UTF-8 bytes, control characters, a foreign separator, a row cut short or with extra
fields, a non-numeric, infinite or empty cell, a duplicate key, a bad ``value_type``;
text-level checks in :mod:`model.inputs.csvtext`) before raising one
:class:`~model.errors.InputError`, so a user fixes the data in one round. Row numbers are
the file's lines (the DataFrame index is the line minus 2). Semantic rules (ranges,
cross-references) live in :mod:`model.inputs.checks`.
"""

from __future__ import annotations

import difflib
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from model.errors import InputError
from model.inputs.csvtext import check_text, listed, records

PROVENANCE = ("value_type", "source_id")
VALUE_TYPES = ("M", "P", "D", "A")


@dataclass(frozen=True)
class TableSpec:
    """Shape of one CSV file.

    Attributes
    ----------
    file : str
        File name inside the data set folder.
    keys : tuple of str
        Columns that together identify a row (must be unique).
    numeric : tuple of str
        Columns parsed as floats; an empty cell is an error unless listed in ``optional``.
    text : tuple of str
        Other required columns, kept as strings.
    optional : tuple of str
        Numeric columns that may be empty (NaN means "not set").
    provenance : bool
        Whether the file must carry ``value_type`` and ``source_id``.
    may_be_empty : bool
        Whether a header-only file is valid (no land limits, no existing capacity, no
        pipeline, no plants: the checks then decide what that means for the scenario);
        any other header-only file is "has no rows".
    optional_file : bool
        Whether a data set may leave the file out (absent: no rows).
    """

    file: str
    keys: tuple[str, ...]
    numeric: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    provenance: bool = True
    may_be_empty: bool = False
    optional_file: bool = False

    @property
    def required(self) -> tuple[str, ...]:
        extra = PROVENANCE if self.provenance else ()
        return self.keys + self.numeric + self.text + extra


TABLES: dict[str, TableSpec] = {
    spec.file.removesuffix(".csv"): spec
    for spec in (
        TableSpec(
            "SOURCES.csv", ("source_id",), text=("title", "publisher", "url", "licence"),
            provenance=False,
        ),
        TableSpec(
            "regions.csv", ("region",),
            numeric=("area_km2", "population", "latitude", "longitude", "altitude_m",
                     "wind_flh_target_h", "pv_ground_yield_target_kwh_per_kwp",
                     "other_demand_mwh_per_yr"),
            text=("name", "state", "weather_station"),
        ),
        TableSpec(
            "technologies.csv", ("technology",), numeric=("unit_size_mw", "wacc"),
            text=("carrier", "permitted", "capex_unit", "role", "profile"),
        ),
        TableSpec(
            "technology_costs.csv", ("technology", "year"),
            numeric=("capex_eur_per_unit", "fom_pct_per_yr", "vom_eur_per_mwh", "efficiency",
                     "lifetime_yr"),
        ),
        TableSpec(
            "prices.csv", ("case", "year"),
            numeric=("elec_wholesale_eur_per_mwh", "grid_markup_eur_per_mwh",
                     "gas_eur_per_mwh_th", "eua_eur_per_t", "ets2_eur_per_t"),
        ),
        TableSpec("grid_emission_factor.csv", ("case", "year"), numeric=("t_co2_per_mwh",)),
        TableSpec(
            "market.csv", ("case", "year"),
            numeric=("national_re_share", "carbon_pass_through", "marginal_plant_efficiency"),
        ),
        TableSpec("capture_rates.csv", ("case", "technology", "re_share"),
                  numeric=("capture_rate",)),
        TableSpec(
            "transmission.csv", ("region",),
            numeric=("capacity_mw", "reinforcement_capex_eur_per_mw",
                     "reinforcement_fom_pct_per_yr", "reinforcement_lifetime_yr",
                     "reinforcement_wacc", "reinforcement_lead_time_yr"),
        ),
        TableSpec(
            "permitting.csv", ("case", "technology", "region"),
            numeric=("pre_application_months", "approval_months", "realisation_months",
                     "attrition_share", "approval_cap_mw_per_yr", "development_cost_share"),
            optional=("approval_cap_mw_per_yr",),
        ),
        TableSpec("land.csv", ("region", "technology", "year"), numeric=("potential_mw",),
                  may_be_empty=True),
        TableSpec(
            "existing_capacity.csv", ("region", "technology", "vintage_year"),
            numeric=("capacity_mw", "lifetime_yr"), may_be_empty=True,
        ),
        TableSpec(
            "pipeline.csv", ("region", "technology", "stage", "online_year", "online_month"),
            numeric=("capacity_mw",), may_be_empty=True,
        ),
        TableSpec(
            "plants.csv", ("plant_id",),
            numeric=("throughput_t_per_yr", "elec_mwh_per_t", "heat_mwh_per_t", "heat_temp_c",
                     "gas_efficiency", "fuel_mwh_per_t", "fuel_co2_t_per_mwh",
                     "process_co2_t_per_t", "flexible_share", "min_load_share",
                     "operating_hours_per_day"),
            text=("archetype", "region", "co2_scheme", "options"), may_be_empty=True,
        ),
        TableSpec(
            "electrification_options.csv", ("option",),
            numeric=("max_temp_c", "fixed_cost_eur", "max_size_factor", "charge_rate_per_h",
                     "discharge_rate_per_h"), text=("technology",),
            optional=("charge_rate_per_h", "discharge_rate_per_h"),
        ),
        # Per-value tags of rows that mix values of different quality (long format: one row
        # per value); checked against the tagged files by model.inputs.assumptions.
        TableSpec("value_tags.csv", ("file", "row", "column"), optional_file=True),
    )
}

PROFILES_FILE = "derived/hourly_profiles.csv"

#: Roles of technologies.csv (column ``role``): what the formulation does with a technology.
#: ``generator``: built by the regions, dispatched up to capacity × its ``profile``'s capacity
#: factor; ``storage_power`` / ``storage_energy``: the regions' battery (power and energy
#: sized separately); ``heat_converter``: plant equipment making useful heat from
#: electricity; ``heat_store``: plant thermal store charged electrically; ``heat_reference``:
#: the plants' existing gas equipment (costs only).
ROLES = ("generator", "storage_power", "storage_energy", "heat_converter", "heat_store",
         "heat_reference")
#: Roles the regions build through the permitting pipeline (the model's ``capacity_mw``).
REGION_ROLES = ("generator", "storage_power", "storage_energy")


@dataclass(frozen=True)
class RawTables:
    """Every CSV of a data set as read, plus the SHA-256 of each file (for the manifest)."""

    folder: Path
    frames: dict[str, pd.DataFrame]
    sha256: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> pd.DataFrame:
        return self.frames[name]


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


UNITS = {"eur", "keur", "meur", "kw", "mw", "gw", "kwh", "mwh", "gwh", "kwp", "t", "kt", "mt",
         "h", "month", "yr", "pct", "share", "c", "k", "km2", "ha"}
SAME_UNIT = {"months": "month", "year": "yr", "years": "yr", "hours": "h"}


def _unit_tokens(name: str) -> set[str]:
    return {SAME_UNIT.get(t, t) for t in name.lower().split("_")}


def _near(name: str, candidates: list[str]) -> str:
    """A hint naming the closest candidate: a unit mix-up, or else a probable rename."""
    near = difflib.get_close_matches(name, candidates, n=1)
    if not near:
        return ""
    wanted, found = _unit_tokens(name), _unit_tokens(near[0])
    ours, theirs = wanted - found, found - wanted
    if ours and theirs and ours <= UNITS and theirs <= UNITS:  # e.g. capacity_mw vs _kw
        return (f" (found '{near[0]}', a different unit: convert the values to the unit of "
                f"'{name}' and rename the column)")
    return f" (found '{near[0]}': rename it?)"


def _read_csv(path: Path, problems: list[str], needs_rows: bool = True) -> pd.DataFrame | None:
    """Read one CSV into strings; the index is the file's line number minus 2, so ``i + 2``
    (as every message prints it) is the line as an editor counts it, blank lines included."""
    if not path.is_file():
        known = {spec.file for spec in TABLES.values()}  # present tables are not typos
        hint = _near(path.name, [p.name for p in path.parent.glob("*.csv") if p.name not in known])
        problems.append(f"{path}: file is missing{hint}; the data set needs it (see README.md).")
        return None
    try:
        data = path.read_bytes()
    except OSError as err:
        problems.append(f"{path}: cannot be read ({err.strerror or err}); check the file's "
                        "permissions.")
        return None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        row = data[: err.start].count(b"\n") + 1
        problems.append(
            f"{path}: row {row}: not valid UTF-8 (byte {err.start}, 0x{data[err.start]:02x}); "
            "re-save the file with UTF-8 encoding (e.g. 'CSV UTF-8' in a spreadsheet)."
        )
        return None
    if not text.strip():
        problems.append(f"{path}: file is empty; it needs at least the header row "
                        "(see README.md).")
        return None
    if not check_text(path, text.replace("\r\n", "\n"), problems):
        return None
    parsed = records(path, text, problems)
    if parsed is None:
        return None
    header, rows, lines, n_records = parsed
    if not n_records and needs_rows:
        problems.append(f"{path}: has no rows, only the header; the data set needs its rows "
                        "(see README.md).")
        return None
    df = pd.DataFrame(rows, columns=header, dtype=str,
                      index=pd.Index([ln - 2 for ln in lines], dtype=int))
    return df.fillna("")


def _check_columns(path: Path, df: pd.DataFrame, spec: TableSpec, problems: list[str]) -> bool:
    missing = [c for c in spec.required if c not in df.columns]
    for col in missing:
        hint = _near(col, list(df.columns)) or "; add it (see README.md)"
        problems.append(f"{path}: column '{col}' is missing{hint}.")
    return not missing


def _parse_numeric(path: Path, df: pd.DataFrame, spec: TableSpec, problems: list[str]) -> None:
    may_be_empty = f" (only {', '.join(spec.optional)} may be empty)" if spec.optional else ""
    for col in spec.numeric:
        raw = df[col].astype(str).str.strip()
        empty = raw.isin(["", "nan", "NaN", "NA"])
        values = pd.to_numeric(raw.where(~empty), errors="coerce")
        bad = (values.isna() | ~np.isfinite(values)) & ~empty
        listed(problems, list(df.index[bad]), lambda i, col=col, raw=raw: (
            f"{path}: row {i + 2}, column '{col}': '{raw[i]}' is not a number; write a "
            "finite plain number such as 12.5 (no unit, '.' as the decimal point)."),
            f"{path}: column '{col}'")
        if col not in spec.optional:
            listed(problems, list(df.index[empty]), lambda i, col=col: (
                f"{path}: row {i + 2}, column '{col}': empty or NaN; give a number"
                f"{may_be_empty}."), f"{path}: column '{col}'")
        df[col] = values.where(~empty & ~bad)


def _check_rows(path: Path, df: pd.DataFrame, spec: TableSpec, problems: list[str]) -> None:
    first: dict[tuple, int] = {}
    dupes: dict[int, tuple] = {}
    for i, key in zip(df.index, df[list(spec.keys)].itertuples(index=False, name=None),
                      strict=True):
        if key not in first:
            first[key] = i
        else:
            dupes[i] = key
    listed(problems, list(dupes), lambda i: (
        f"{path}: row {i + 2}: duplicate key ("
        + ", ".join(f"{k}={v}" for k, v in zip(spec.keys, dupes[i], strict=True))
        + f"), already on row {first[dupes[i]] + 2}; keep one row per key."),
        f"{path}: duplicate keys")
    if spec.provenance:
        bad = ~df["value_type"].str.strip().isin(VALUE_TYPES)
        listed(problems, list(df.index[bad]), lambda i: (
            f"{path}: row {i + 2}, column 'value_type': '{df.at[i, 'value_type']}' must be "
            f"one of {', '.join(VALUE_TYPES)} (measured, projection, derived, assumption)."),
            f"{path}: column 'value_type'")


def read_tables(folder: Path) -> RawTables:
    """Read and parse every table of a data set folder.

    Parameters
    ----------
    folder : Path
        The data set folder (e.g. ``inputs/harz``).

    Returns
    -------
    RawTables
        One DataFrame per table, keyed by the file name without ``.csv``; numeric columns
        parsed as floats, key and text columns stripped strings.

    Raises
    ------
    InputError
        With every problem found in every file.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder}: data set folder does not exist; check 'data:' in the "
                         "scenario.")
    problems: list[str] = []
    frames: dict[str, pd.DataFrame] = {}
    hashes: dict[str, str] = {}
    for name, spec in TABLES.items():
        path = folder / spec.file
        if spec.optional_file and not path.is_file():
            continue
        df = _read_csv(path, problems, needs_rows=not spec.may_be_empty)
        if df is None:
            continue
        hashes[spec.file] = sha256_of(path)
        df.columns = [c.strip() for c in df.columns]
        if not _check_columns(path, df, spec, problems):
            continue
        for col in spec.keys + spec.text + (PROVENANCE if spec.provenance else ()):
            df[col] = df[col].str.strip()
        _parse_numeric(path, df, spec, problems)
        _check_rows(path, df, spec, problems)
        frames[name] = df
    profiles = folder / PROFILES_FILE
    if profiles.is_file():
        hashes[PROFILES_FILE] = sha256_of(profiles)
    if problems:
        raise InputError(problems)
    return RawTables(folder=folder, frames=frames, sha256=hashes)


def read_profiles(folder: Path) -> pd.DataFrame:
    """Read ``derived/hourly_profiles.csv`` (8,760 rows, no NaN, capacity factors in [0, 1]).

    Raises
    ------
    InputError
        If the file is missing (run ``python run.py inputs``), damaged (control characters,
        not a CSV), has the wrong hours, NaN, a capacity factor outside [0, 1] or a negative
        price or demand factor.
    """
    path = Path(folder) / PROFILES_FILE
    rebuild = f"rebuild it with 'python run.py inputs --dataset {folder}'"
    if not path.is_file():
        raise InputError(
            f"{path}: missing; rebuild the derived inputs with 'python run.py inputs "
            f"--dataset {folder}'."
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{path}: cannot be read ({err}); {rebuild}.") from None
    problems: list[str] = []
    if not check_text(path, text, problems):
        raise InputError([f"{p[:-1]}; or {rebuild}." for p in problems])
    try:
        df = pd.read_csv(io.StringIO(text), index_col="hour")
    except (ValueError, pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        # ValueError: no 'hour' column; the parser errors: truncated or malformed file
        raise InputError(f"{path}: cannot be read ({err}); {rebuild}.") from None
    if len(df) != 8760:
        problems.append(f"{path}: has {len(df)} rows; a profile year needs 8,760 hours; "
                        f"{rebuild}.")
    elif not np.array_equal(pd.to_numeric(df.index, errors="coerce"), np.arange(8760)):
        problems.append(f"{path}: column 'hour' must count 0, 1, ..., 8759 in order; {rebuild}.")
    for col in df.columns:
        values = pd.to_numeric(df[col], errors="coerce")
        bad = values.isna() | ~np.isfinite(values)
        if col.endswith("_cf"):
            bad |= (values < 0) | (values > 1)
            what = "a capacity factor outside [0, 1], empty or not a number"
        elif col in ("price_factor", "other_demand_factor"):
            bad |= values < 0
            what = "a negative factor, empty or not a number"
        else:
            what = "empty, NaN or not a number"
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            problems.append(f"{path}: row {pos + 2} (hour {df.index[pos]}), column '{col}': "
                            f"{df[col].iloc[pos]!r} is {what} ({int(bad.sum())} such rows); "
                            f"{rebuild}.")
        df[col] = values
    if problems:
        raise InputError(problems)
    return df
