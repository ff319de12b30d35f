r"""The numbers every analysis reports per run, and the basis they are on.

Per run: ``npv_meur`` (M EUR2025), ``cumulative_emissions_kt`` (kt CO2 over the modelled
years), ``emissions_<y>_kt`` for y in :data:`YEARS` (NaN outside the horizon) and
``first_year_potential_<tech>`` (first year the technology's capacity reaches its land
potential, from :func:`model.outputs.compare.compare_runs`), and for each its ``delta_*``
against the base run.

Basis: :func:`model.outputs.compare.published_basis`: ``hourly`` when every run carries
the hourly-validated figures (investments fixed, dispatch re-solved at 8,760 hours), then the
NPV is the discounted sum of the hourly costs and emissions are the hourly emissions;
otherwise ``planning`` (the objective and ``emissions_t`` of the representative-day model).
One basis for all runs, never a mix.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import xarray as xr

from model.outputs.compare import (
    BASIS_VARS,
    TARGET_TECHS,
    Comparison,
    compare_runs,
    published_basis,
)
from model.outputs.compare import _npv_meur as npv_meur
from model.outputs.runs import Run

YEARS = (2030, 2035, 2045)
BASIS_NOTE = {
    "hourly": "NPV and emissions on the hourly-validated basis (every run was validated)",
    "planning": "NPV and emissions of the representative-day planning model (not every run "
                "carries the hourly validation)",
}
METRICS = ("npv_meur", "cumulative_emissions_kt", *(f"emissions_{y}_kt" for y in YEARS))


@dataclass
class Metrics:
    """One record per run (same order as given), the basis of all of them, and the
    comparison of the runs (for the comparison brief)."""

    records: list[dict[str, Any]]
    basis: str
    comparison: Comparison | None = None


def _emissions(ds: xr.Dataset, basis: str) -> xr.DataArray:
    da = ds[BASIS_VARS[basis][0]]
    extra = [d for d in da.dims if d != "year"]
    return da.sum(extra) if extra else da


def run_metrics(runs: Sequence[Run], base_name: str) -> Metrics:
    """Metrics of ``runs`` and their deltas against the run named ``base_name``.

    Raises
    ------
    InputError
        Via :func:`model.outputs.compare.compare_runs` when the runs differ in data set or
        horizon or lack a variable.
    """
    comp = compare_runs(list(runs), base_name)
    basis = published_basis(runs)
    firsts = {k: next(c for c in comp.summary.columns
                      if c.startswith("first_year_reaching_") and c.endswith(f"_{k}"))
              for k in TARGET_TECHS}
    by_name = comp.summary.set_index("scenario")
    recs = []
    for r in runs:
        em = _emissions(r.ds, basis)
        years = [int(y) for y in em["year"].values]
        rec: dict[str, Any] = {
            "npv_meur": npv_meur(r, basis),
            "cumulative_emissions_kt": float(em.sum()) / 1e3,
            **{f"emissions_{y}_kt": (float(em.sel(year=y)) / 1e3 if y in years else math.nan)
               for y in YEARS},
            **{f"first_year_potential_{k}": by_name.loc[r.name, c] for k, c in firsts.items()},
        }
        recs.append(rec)
    base = recs[[r.name for r in runs].index(base_name)]
    for rec in recs:
        for m in (*METRICS, *(f"first_year_potential_{k}" for k in TARGET_TECHS)):
            rec[f"delta_{m}"] = rec[m] - base[m]
    return Metrics(records=recs, basis=basis, comparison=comp)
