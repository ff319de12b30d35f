r"""The numbers every analysis reports per run, and the basis they are on.

Per run: ``npv_meur`` (M EUR2025), ``cumulative_emissions_kt`` (kt CO2 over the modelled
years), ``emissions_<y>_kt`` for y in :data:`YEARS` (NaN outside the horizon) and
``first_year_potential_<tech>`` (first year the technology's capacity reaches its land
potential, from :func:`model.outputs.compare.compare_runs`), and for each its ``delta_*``
against the base run.

Basis: ``hourly`` when every run carries the hourly-validated figures (``cost_hourly_eur``
and ``emissions_hourly_t`` in results.nc), then :math:`NPV = \sum_y \sum_c
\mathrm{cost\_hourly\_eur}_{y,c} \, d_y / 10^6` and emissions are
``emissions_hourly_t``; otherwise ``representative`` (the objective and ``emissions_t`` of
the representative-day model). One basis for all runs, never a mix. Legend: :math:`y`
year, :math:`c` cost category, :math:`d_y` discount factor.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import xarray as xr

from model.outputs.compare import TARGET_TECHS, compare_runs
from model.outputs.runs import Run

YEARS = (2030, 2035, 2045)
HOURLY_VARS = ("cost_hourly_eur", "emissions_hourly_t")
BASIS_NOTE = {
    "hourly": "NPV and emissions on the hourly-validated basis (every run was validated)",
    "representative": "NPV and emissions of the representative-day model (not every run "
                      "carries the hourly validation)",
}
METRICS = ("npv_meur", "cumulative_emissions_kt", *(f"emissions_{y}_kt" for y in YEARS))


@dataclass
class Metrics:
    """One record per run (same order as given) and the basis of all of them."""

    records: list[dict[str, Any]]
    basis: str


def basis_of(runs: Sequence[Run]) -> str:
    """``hourly`` if every run has the hourly-validated variables, else ``representative``."""
    ok = all(r.ds is not None and all(v in r.ds for v in HOURLY_VARS) for r in runs)
    return "hourly" if ok else "representative"


def _emissions(ds: xr.Dataset, basis: str) -> xr.DataArray:
    da = ds["emissions_hourly_t"] if basis == "hourly" else ds["emissions_t"]
    extra = [d for d in da.dims if d != "year"]
    return da.sum(extra) if extra else da


def _npv(run: Run, basis: str) -> float:
    if basis == "hourly":
        da = run.ds["cost_hourly_eur"] * run.ds["discount_factor"]
        return float(da.sum()) / 1e6
    return float(run.manifest.objective_meur)


def run_metrics(runs: Sequence[Run], base_name: str) -> Metrics:
    """Metrics of ``runs`` and their deltas against the run named ``base_name``.

    Raises
    ------
    InputError
        Via :func:`model.outputs.compare.compare_runs` when the runs differ in data set or
        horizon or lack a variable.
    """
    comp = compare_runs(list(runs), base_name)
    basis = basis_of(runs)
    firsts = {k: next(c for c in comp.summary.columns
                      if c.startswith("first_year_reaching_") and c.endswith(f"_{k}"))
              for k in TARGET_TECHS}
    by_name = comp.summary.set_index("scenario")
    recs = []
    for r in runs:
        em = _emissions(r.ds, basis)
        years = [int(y) for y in em["year"].values]
        rec: dict[str, Any] = {
            "npv_meur": _npv(r, basis),
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
    return Metrics(records=recs, basis=basis)
