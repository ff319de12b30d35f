r"""Stamps of derived inputs: which source values a derived file was built from.

``python run.py inputs`` builds ``derived/hourly_profiles.csv`` from the weather and the
region rows of ``regions.csv`` (station, site, full-load-hour and yield targets). Editing one
of those values without rebuilding would leave the model running on the old profiles with no
warning. So the build writes ``derived/hourly_profiles.stamp.json`` next to the file:

.. math:: s_{in} = \mathrm{SHA256}(\mathrm{JSON}(\{r: (v_{r,c})_{c \in C}\}_{r \in R})),
          \qquad s_{out} = \mathrm{SHA256}(\text{bytes of the derived file})

with :math:`R` the regions of ``regions.csv``, :math:`C` its columns except
:data:`UNSTAMPED_COLUMNS` (names, population, demand, provenance) and
:math:`v_{r,c}` the cell's value (numbers as floats, text stripped). Every load recomputes both;
a mismatch is an input error naming ``python run.py inputs``. A derived file without a stamp
(hand-made profiles, e.g. in tests) is used as it is.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd

from model.atomic import write_atomic

STAMP_VERSION = 1
#: Columns of regions.csv the profiles are *not* built from; every other column is stamped,
#: so a new profile input (e.g. a second full-load-hour target) is covered without an edit.
UNSTAMPED_COLUMNS = ("region", "name", "state", "districts", "area_km2", "population",
                     "other_demand_mwh_per_yr", "value_type", "source_id", "note")


def stamp_path(derived_file: Path) -> Path:
    """``derived/<name>.stamp.json`` for ``derived/<name>.csv``."""
    derived_file = Path(derived_file)
    return derived_file.with_name(derived_file.stem + ".stamp.json")


def _canonical(value: object) -> str:
    """A cell as text, numbers normalised (``51.80`` and ``51.8`` are the same value)."""
    text = "" if value is None else str(value).strip()
    if text.lower() in ("", "nan"):
        return ""  # an empty cell, as pandas (NaN) or the table reader ("") sees it
    try:
        return repr(float(text))
    except ValueError:
        return text


def stamped_columns(regions: pd.DataFrame) -> list[str]:
    """The columns of ``regions`` the stamp covers (all but :data:`UNSTAMPED_COLUMNS`)."""
    return sorted(str(c).strip() for c in regions.columns
                  if str(c).strip() not in UNSTAMPED_COLUMNS)


def source_digest(regions: pd.DataFrame) -> str:
    """:math:`s_{in}`: SHA-256 of the stamped columns of ``regions.csv``."""
    frame = regions.set_index("region") if "region" in regions.columns else regions
    columns = stamped_columns(frame)
    values = {str(r).strip(): [_canonical(frame.at[r, c]) for c in columns]
              for r in frame.index}
    text = json.dumps({"version": STAMP_VERSION, "columns": columns,
                       "regions": dict(sorted(values.items()))}, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_digest(path: Path) -> str:
    """:math:`s_{out}`: SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write_stamp(derived_file: Path, regions: pd.DataFrame) -> Path:
    """Write the stamp of ``derived_file`` built from ``regions`` (rows of regions.csv)."""
    path = stamp_path(derived_file)
    doc = {"built_by": "python run.py inputs", "version": STAMP_VERSION,
           "regions_csv_columns": stamped_columns(regions),
           "source_sha256": source_digest(regions),
           "file_sha256": file_digest(derived_file)}
    return write_atomic(path, json.dumps(doc, indent=2) + "\n")


def stale_reasons(derived_file: Path, regions: pd.DataFrame) -> list[str]:
    """Why the stamp of ``derived_file`` no longer matches (empty: current or no stamp).

    Parameters
    ----------
    derived_file : Path
        The derived CSV.
    regions : DataFrame
        ``regions.csv`` as read now (string cells).

    Returns
    -------
    list of str
        One sentence per mismatch, each ending with the command that rebuilds the file.
    """
    path = stamp_path(derived_file)
    if not path.is_file():
        return []
    rebuild = (f"rebuild it with 'python run.py inputs --dataset {Path(derived_file).parents[1]}'"
               " (or restore the edited values)")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
        source, built = doc["source_sha256"], doc["file_sha256"]
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return [f"{path}: the stamp cannot be read; {rebuild}."]
    out = []
    if source != source_digest(regions):
        out.append(f"{derived_file}: is stale: the region values it was built from "
                   f"(regions.csv columns {', '.join(doc.get('regions_csv_columns', []))}) "
                   f"have changed since; {rebuild}.")
    if built != file_digest(derived_file):
        out.append(f"{derived_file}: was edited after 'python run.py inputs' built it (its "
                   f"SHA-256 differs from {path.name}); {rebuild}.")
    return out
