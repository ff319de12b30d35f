"""Compare finished runs (e.g. approval-speed cases) with a baseline: deltas, cost of delay.

Reads published run folders (``manifest.json``, ``results.nc``; see :mod:`model.outputs.files`) and
never imports Pyomo. :func:`compare_runs` returns the per-run ``summary`` (``comparison.csv``)
and the tidy ``yearly`` differences (``comparison_yearly.csv``); its docstring defines every
column.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd
import xarray as xr

from model.atomic import write_csv_atomic
from model.errors import InputError
from model.inputs.resolved import FILE_NAME as RESOLVED_FILE
from model.inputs.resolved import ResolvedInputs
from model.outputs.identity import result_overrides
from model.outputs.runs import Run, find_run, load_run

__all__ = ["Comparison", "Run", "compare_folders", "compare_runs", "find_run", "load_run",
           "write_comparison", "check_same_data"]

log = logging.getLogger(__name__)

TARGET_TECHS = ("wind", "pv_ground", "pv_rooftop")  # first year at the target reported
VERSION_KEYS = ("pyomo", "highspy", "highs")  # solver stack that should agree between runs
POTENTIAL_VAR = "land_potential_mw"  # optional result (technology, region, year), MW
DELAY_BASES = ("pipeline", "lead_time")
_EPS = 1e-9


@dataclass
class Comparison:
    """Result of :func:`compare_runs`: the per-run summary and the tidy yearly differences."""

    baseline: str
    summary: pd.DataFrame
    yearly: pd.DataFrame
    target_label: str = ""
    #: Tables of the analyses for the comparison brief (``delay.csv``, ``attribution.csv``,
    #: ``sensitivity.csv``; :mod:`model.outputs.analysis_brief`), None when absent.
    delay_curve: pd.DataFrame | None = None
    waterfall: pd.DataFrame | None = None
    tornado: pd.DataFrame | None = None


def _check_consistency(runs: Sequence[Run]) -> None:
    """Warn when the solver stack differs between runs."""
    checks = {f"{key} version": {r.name: r.manifest.versions.get(key) for r in runs}
              for key in VERSION_KEYS}
    for what, found in checks.items():
        if len(set(found.values())) > 1:
            log.warning("the runs differ in %s (%s): the differences between them are not due "
                        "to the scenarios alone", what,
                        ", ".join(f"{n}: {v}" for n, v in found.items()))


def check_same_data(runs: Sequence[Run], allow_different_data: bool = False) -> list[str]:
    """Refuse (or, if allowed, warn about) runs on different data sets or horizons.

    Two runs are comparable when their input files have the same content (one hash over
    every input file, :func:`model.outputs.identity.data_sha256`) and they model the same
    years; otherwise their differences are not due to the scenarios alone.

    Returns
    -------
    list of str
        The warnings given (empty when the runs agree).

    Raises
    ------
    InputError
        If they differ and ``allow_different_data`` is false, naming each run's hash, the
        input files that differ and the option that accepts it.
    """
    problems = []
    data = {r.name: r.data_sha256 for r in runs}
    if len(set(data.values())) > 1:
        files = sorted({k for r in runs for k in r.manifest.input_sha256
                        if len({q.manifest.input_sha256.get(k) for q in runs}) > 1})
        problems.append("the runs use different data sets (data hash "
                        + ", ".join(f"{n}: {h[:12]}" for n, h in data.items())
                        + f"; differing files: {', '.join(files)})")
    years = {r.name: "{}-{}".format(*r.manifest.years) for r in runs}
    if len(set(years.values())) > 1:
        problems.append("the runs model different horizons ("
                        + ", ".join(f"{n}: {y}" for n, y in years.items()) + ")")
    if problems and not allow_different_data:
        raise InputError([f"{p}: their differences are not due to the scenarios alone; "
                          "compare runs of one data set, or pass --allow-different-data"
                          for p in problems])
    for p in problems:
        log.warning("%s: the differences are not due to the scenarios alone", p)
    return problems


def wind_lead_time_months(run_dir: Path, regions: Sequence[str] | None = None) -> float:
    """Mean over regions of the wind lead time (months) a run used.

    Read from the run's ``resolved_inputs.csv`` (the permitting values in force, written
    with the run by :mod:`model.inputs.resolved`), not from the input files, which may have
    changed since. ``regions``: the run's regions (the file also lists the data set's
    other regions); default all. NaN for a run without that file or without wind.
    """
    path = Path(run_dir) / RESOLVED_FILE
    if not path.is_file():
        log.debug("%s: no %s; wind lead time unknown", run_dir, RESOLVED_FILE)
        return math.nan
    try:
        table = ResolvedInputs.read_csv(path).table
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        log.warning("%s: unreadable (%s); wind lead time unknown", path, exc)
        return math.nan
    lead = table[(table["technology"] == "wind") & (table["parameter"] == "lead_months")]
    if regions:
        lead = lead[lead["region"].isin(regions)]
    return float(lead["value"].astype(float).mean()) if len(lead) else math.nan


def wind_lag_years(ds: xr.Dataset) -> float:
    """Capacity-weighted mean wind commissioning year minus mean start year (NaN: none)."""
    if "pipeline_mw" not in ds or "wind" not in ds["technology"].values:
        return math.nan
    pipe = ds["pipeline_mw"].sel(technology="wind").sum("region")
    flows = [pipe.sel(stage=stage) for stage in ("started", "commissioned")]
    if min(float(f.sum()) for f in flows) <= _EPS:
        return math.nan
    started, commissioned = (float((f * f["year"]).sum() / f.sum()) for f in flows)
    return commissioned - started


TARGET_TOLERANCE = 0.01


def _first_year(capacity: pd.Series, target: float) -> float:
    """First year with capacity within 1 % of the target; NaN if never or no target.

    The 1 % tolerance: integer turbines and land limits leave the last MW unreachable.
    """
    if not target > _EPS:
        return math.nan
    reached = capacity[capacity >= target * (1 - TARGET_TOLERANCE) - 1e-6]
    return float(reached.index[0]) if len(reached) else math.nan


def _capacity(ds: xr.Dataset, tech: str, var: str = "capacity_mw") -> pd.Series:
    """Yearly ``var`` of one technology summed over regions (empty if not modelled)."""
    if var not in ds or tech not in ds[var]["technology"].values:
        return pd.Series(dtype=float)
    return ds[var].sel(technology=tech).sum("region").to_series().sort_index()


def _targets(runs: Sequence[Run], base: Run) -> tuple[str, dict[str, dict[str, float]]]:
    """Column label and per-run targets by technology (see :func:`compare_runs`)."""
    def final(ds: xr.Dataset, var: str, k: str) -> float:
        cap = _capacity(ds, k, var)
        return float(cap.iloc[-1]) if len(cap) else math.nan

    if all(POTENTIAL_VAR in r.ds for r in runs):
        return "potential", {r.name: {k: final(r.ds, POTENTIAL_VAR, k) for k in TARGET_TECHS}
                             for r in runs}
    targets = {k: final(base.ds, "capacity_mw", k) for k in TARGET_TECHS}
    return f"baseline_{int(base.ds['year'].max())}_capacity", {r.name: targets for r in runs}


#: Dataset variables of emissions and costs on each basis (see :func:`published_basis`).
BASIS_VARS = {"hourly": ("emissions_hourly_t", "cost_hourly_eur"),
              "planning": ("emissions_t", "cost_eur")}


def published_basis(runs: Sequence[Run]) -> str:
    """``hourly`` when every run carries hourly-validated figures, else ``planning``.

    Runs are never compared on mixed bases: one run without the hourly validation puts the
    whole comparison on the planning basis (with a warning).
    """
    if all(BASIS_VARS["hourly"][1] in r.ds for r in runs):
        return "hourly"
    if any(BASIS_VARS["hourly"][1] in r.ds for r in runs):
        log.warning("compare: not every run was validated at 8,760 hours; the comparison "
                    "uses the planning figures of all runs")
    return "planning"


def _npv_meur(run: Run, basis: str) -> float:
    if basis == "planning":
        return float(run.manifest.objective_meur)
    cost = run.ds[BASIS_VARS[basis][1]]
    return float((cost.sum("category") * run.ds["discount_factor"]).sum()) * 1e-6


def _yearly(run: Run, basis: str = "planning") -> pd.DataFrame:
    """Tidy yearly table of one run: emissions, costs and capacity, with totals."""
    ds, frames = run.ds, []
    em_var, cost_var = BASIS_VARS[basis]
    disc = ds[cost_var] * ds["discount_factor"]
    for metric, da, dim, unit in (
            ("emissions", ds[em_var], "source", "t CO2"),
            ("cost", ds[cost_var], "category", "EUR2025"),
            ("discounted_cost", disc, "category", "EUR2025 (discounted)"),
            ("capacity", ds["capacity_mw"].sum("region"), "technology", "MW")):
        df = da.to_series().rename("value").reset_index().rename(columns={dim: "item"})
        if metric != "capacity":
            total = df.groupby("year", as_index=False)["value"].sum().assign(item="total")
            df = pd.concat([df, total], ignore_index=True)
        frames.append(df.assign(metric=metric, unit=unit))
    return pd.concat(frames, ignore_index=True)[["year", "metric", "item", "unit", "value"]]


def _yearly_deltas(runs: Sequence[Run], basis: str = "planning") -> pd.DataFrame:
    """Stack the runs' yearly tables (missing items as 0 in a run's years); add the deltas."""
    frames = [_yearly(r, basis) for r in runs]
    keys = pd.concat(frames)[["metric", "item", "unit"]].drop_duplicates()
    ref = frames[0].rename(columns={"value": "baseline_value"})
    frames = [keys.merge(df[["year"]].drop_duplicates(), how="cross").merge(df, how="left")
              .fillna({"value": 0.0}).assign(scenario=r.name)
              for df, r in zip(frames, runs, strict=True)]
    out = pd.concat(frames, ignore_index=True).merge(ref, how="left")
    out["delta_vs_baseline"] = out["value"] - out.pop("baseline_value")
    out = out.sort_values(["metric", "item", "year"], kind="stable", ignore_index=True)
    return out[["scenario", "year", "metric", "item", "unit", "value", "delta_vs_baseline"]]


#: Variables of results.nc that a comparison reads.
NEEDED_VARS = ("emissions_t", "cost_eur", "discount_factor", "capacity_mw")


def _check_variables(runs: Sequence[Run]) -> None:
    """Every run's results hold the variables a comparison reads (else: a damaged file)."""
    problems = [f"{r.path / 'results.nc'}: no variable '{v}'; the file is damaged or from an "
                "incompatible version: run the scenario again"
                for r in runs for v in NEEDED_VARS if r.ds is None or v not in r.ds]
    if problems:
        raise InputError(problems)


def compare_runs(runs: list[Run], baseline: str,
                 delay_basis: Literal["pipeline", "lead_time"] = "lead_time",
                 allow_different_data: bool = False) -> Comparison:
    """Compare runs against the run of scenario ``baseline``.

    Parameters
    ----------
    runs : list of Run
        Runs of distinct scenarios (see :func:`load_run`).
    baseline : str
        Scenario name of the reference run.
    delay_basis : {"pipeline", "lead_time"}
        How ``delay_years`` is measured (see Notes).
    allow_different_data : bool
        Compare runs on different data sets or horizons (with a warning naming the hashes)
        instead of refusing (:func:`check_same_data`).

    Returns
    -------
    Comparison
        ``summary``: one row per run, baseline first. ``yearly``: tidy (scenario, year, metric,
        item, unit, value, delta_vs_baseline) for ``emissions`` by source, ``cost`` and
        ``discounted_cost`` by category (each with a ``total`` item) and ``capacity`` by
        technology; an item a run lacks is 0; the delta is NaN in years the baseline lacks.

    Raises
    ------
    InputError
        If no run has the baseline's name, two runs share a scenario name, the delay basis is
        unknown, or the runs differ in data set or horizon (unless allowed).

    Notes
    -----
    * ``overrides``: the run's ``--set`` overrides that change results (execution-only ones
      such as ``solver.threads`` left out); ``run_identity``, ``data_sha256``: see
      :mod:`model.outputs.identity`.
    * ``npv_meur``: manifest objective; ``cumulative_emissions_t``: sum of ``emissions_t``.
    * ``wind_lag_years``: capacity-weighted mean year of wind ``commissioned`` minus that of
      ``started`` in ``pipeline_mw`` (NaN without wind). Both flows are booked in calendar
      years, so this is the lead time rounded down to whole years (92 months gives 7).
    * ``wind_lead_time_months``: mean over regions of the wind pre-application + approval +
      realisation months, from the run's ``permitting.csv`` (if unchanged since the run, by
      its hash) and the scenario's overrides; NaN if unavailable.
    * ``delay_years``: difference to the baseline of ``wind_lead_time_months`` / 12
      (``"lead_time"``, default, the same default as ``compare --delay-basis``) or of
      ``wind_lag_years`` (``"pipeline"``). Both divide the whole difference between two cases
      by the wind delay, although cases may differ in more than wind lead times; ``python
      run.py delay`` (one lever) and ``compare --attribute`` (Shapley over lever groups)
      separate the levers.
    * ``cost_of_delay_eur_per_year`` = delta NPV in EUR / ``delay_years``;
      ``emissions_of_delay_t_per_year`` = delta cumulative t CO2 / ``delay_years``; NaN for
      the baseline and for zero or undefined delay.
    * ``first_year_reaching_<target>_<tech>`` (wind, pv_ground, pv_rooftop): first year in
      which capacity summed over regions reaches the target (relative tolerance 1e-6): the
      final-year land potential if all results carry ``land_potential_mw`` (``<target>`` =
      ``potential``), else the baseline's final-year capacity (``baseline_<year>_capacity``).
      Missing if never reached or the target is zero.
    """
    if delay_basis not in DELAY_BASES:
        raise InputError(f"delay basis {delay_basis!r} is not one of: {', '.join(DELAY_BASES)}")
    names = [r.name for r in runs]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(f"more than one run of scenario {', '.join(dupes)}: "
                         + "; ".join(str(r.path) for r in runs if r.name in dupes)
                         + "; pass one run folder per scenario")
    if baseline not in names:
        raise InputError(f"baseline '{baseline}': no run of that scenario among "
                         f"{', '.join(names) or 'none'}")
    base = next(r for r in runs if r.name == baseline)
    runs = [base] + [r for r in runs if r is not base]
    _check_variables(runs)
    _check_consistency(runs)
    check_same_data(runs, allow_different_data)
    label, targets = _targets(runs, base)
    basis = published_basis(runs)
    firsts = {k: f"first_year_reaching_{label}_{k}" for k in TARGET_TECHS}
    rows = []
    for r in runs:
        m, sc = r.manifest, r.manifest.resolved_scenario
        rows.append({
            "scenario": r.name, "is_baseline": r is base, "run_id": m.run_id,
            "run_dir": str(r.path), "outcome": m.outcome, "gap_limited": r.gap_limited,
            "mip_gap": m.mip_gap,
            "overrides": " ".join(f"{k}={v}" for k, v in result_overrides(m.overrides).items()),
            "run_identity": r.identity, "data_sha256": r.data_sha256,
            "permitting_case": (sc.get("permitting") or {}).get("case"),
            "wind_lead_time_months": wind_lead_time_months(r.path, sc.get("regions")),
            "wind_lag_years": wind_lag_years(r.ds), "delay_basis": delay_basis,
            "basis": basis, "npv_meur": _npv_meur(r, basis),
            "cumulative_emissions_t": float(r.ds[BASIS_VARS[basis][0]].sum()),
            "npv_planning_meur": float(m.objective_meur),
            "cumulative_emissions_planning_t": float(r.ds["emissions_t"].sum()),
            **{c: _first_year(_capacity(r.ds, k), targets[r.name][k]) for k, c in firsts.items()},
        })
    s = pd.DataFrame(rows)
    b = s.iloc[0]
    lag, scale = (("wind_lag_years", 1.0) if delay_basis == "pipeline"
                  else ("wind_lead_time_months", 12.0))
    s["delay_years"] = (s[lag] - b[lag]) / scale
    s["delta_npv_meur"] = s["npv_meur"] - b["npv_meur"]
    s["delta_emissions_t"] = s["cumulative_emissions_t"] - b["cumulative_emissions_t"]
    usable = s["delay_years"].abs() > _EPS
    s["cost_of_delay_eur_per_year"] = (s["delta_npv_meur"] * 1e6 / s["delay_years"]).where(usable)
    s["emissions_of_delay_t_per_year"] = (s["delta_emissions_t"] / s["delay_years"]).where(usable)
    for k, c in firsts.items():
        s[c] = s[c].round().astype("Int64")
        s[f"delta_first_year_{k}"] = s[c] - s[c].iloc[0]
    head = list(s.columns[: s.columns.get_loc("npv_meur")]) + [
        "delay_years", "npv_meur", "delta_npv_meur", "cumulative_emissions_t",
        "delta_emissions_t", "cost_of_delay_eur_per_year", "emissions_of_delay_t_per_year"]
    s = s[head + [c for c in s.columns if c not in head]]
    return Comparison(baseline=baseline, summary=s, yearly=_yearly_deltas(runs, basis),
                      target_label=label)


def write_comparison(comp: Comparison, out_dir: Path) -> list[Path]:
    """Write ``comparison.csv`` (summary) and ``comparison_yearly.csv``; return their paths.

    Each goes to a temporary file in ``out_dir`` first and is renamed over the target.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "comparison.csv", out_dir / "comparison_yearly.csv"]
    for path, df in zip(paths, (comp.summary, comp.yearly), strict=True):
        write_csv_atomic(path, df)
    log.info("wrote %s", ", ".join(map(str, paths)))
    return paths


def compare_folders(paths: Sequence[Path], baseline: str, out_dir: Path | None = None,
                    delay_basis: Literal["pipeline", "lead_time"] = "lead_time",
                    allow_different_data: bool = False) -> Comparison:
    """Load run folders, compare them and (if ``out_dir`` is given) write the CSVs."""
    comp = compare_runs([load_run(Path(p)) for p in paths], baseline, delay_basis,
                        allow_different_data)
    if out_dir is not None:
        write_comparison(comp, out_dir)
    return comp
