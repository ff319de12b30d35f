"""The sweep's tables: ``sweep.csv`` (one row per member) and the ``compare`` files.

``sweep.csv`` columns, one row per member in sweep order:

============================  ==========================================================
``name``                      member name (= the scenario name of its runs)
one column per varied key     the member's value (dotted key as in the sweep file)
``outcome``, ``exit_code``    as ``python run.py run`` would end (``not_run``: no status,
                              the job was killed or Snakemake stopped before it)
``reason``                    why there are no (proven optimal) results; empty if optimal
``npv_meur``                  NPV of all costs, M EUR2025 (the objective)
``cumulative_emissions_t``    t CO2 over the horizon, planning basis (like ``npv_meur``)
``emissions_<y>_t``           t CO2 in year y = 2030, 2035, 2045 (empty outside the horizon)
``cumulative_emissions_``     t CO2 over the horizon, hourly-validated (empty when the run
``hourly_t``                  was not validated); ``compare`` publishes this basis
``reused``                    true if a finished run of the same identity was reused
``run_dir``                   the run folder (empty without results)
============================  ==========================================================

``comparison.csv`` and ``comparison_yearly.csv`` are :func:`model.outputs.compare.compare_runs`
over the members with results, against ``baseline`` (default: the first such member); their
columns are documented there. Members on different data sets or horizons are compared only
when the sweep varies ``data`` or a ``years`` key (then with compare's warning).
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pandas as pd

from model.atomic import write_atomic, write_csv_atomic
from model.errors import InputError
from model.outputs import compare
from model.outputs.comparison_brief import write_comparison_brief
from model.sweep.spec import Sweep

log = logging.getLogger(__name__)

YEARS = (2030, 2035, 2045)
SWEEP_CSV = "sweep.csv"
COMPARISON_FILES = ("comparison.csv", "comparison_yearly.csv", "comparison.html")
COMPARED = ".compared.json"  # baseline and run folders the comparison files were made from


def collect(sweep: Sweep, status_paths: dict[str, Path]) -> list[dict[str, Any]]:
    """Every member's status (a ``not_run`` stand-in where its job left none)."""
    out = []
    for member in sweep.members:
        path = status_paths[member.name]
        try:
            status = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            log_path = path.parent / "job.log"
            status = {"name": member.name, "values": member.values, "outcome": "not_run",
                      "exit_code": None, "reason": f"no status: the job did not finish (see "
                      f"{log_path if log_path.is_file() else 'snakemake.log'})"}
        out.append(status)
    return out


def table(sweep: Sweep, statuses: list[dict[str, Any]]) -> pd.DataFrame:
    """The ``sweep.csv`` table (see the module docstring)."""
    rows = []
    for member, st in zip(sweep.members, statuses, strict=True):
        yearly = st.get("emissions_t") or {}
        rows.append({
            "name": member.name, **{k: member.values.get(k) for k in sweep.keys},
            "outcome": st.get("outcome"), "exit_code": st.get("exit_code"),
            "reason": st.get("reason") or "", "npv_meur": st.get("npv_meur"),
            "cumulative_emissions_t": st.get("cumulative_emissions_t"),
            **{f"emissions_{y}_t": yearly.get(str(y)) for y in YEARS},
            "cumulative_emissions_hourly_t": st.get("cumulative_emissions_hourly_t"),
            "reused": bool(st.get("reused")), "run_dir": st.get("run_dir") or "",
        })
    df = pd.DataFrame(rows)
    df["exit_code"] = df["exit_code"].astype("Int64")
    return df


def _compared_key(base: str | None, with_results: list[dict[str, Any]]) -> str:
    return json.dumps({"baseline": base, "runs": [st["run_dir"] for st in with_results]})


def _comparison_current(folder: Path, base: str | None,
                        with_results: list[dict[str, Any]]) -> bool:
    """True if the comparison files were written for exactly these runs and this baseline.

    Run folders are never rewritten (a new run gets a new folder), so the same folders
    against the same baseline give the same comparison: a second call need not redo it.
    """
    marker = folder / COMPARED
    return (base is not None and marker.is_file()
            and all((folder / name).is_file() for name in COMPARISON_FILES)
            and marker.read_text(encoding="utf-8") == _compared_key(base, with_results))


def _varies_data(sweep: Sweep) -> bool:
    """True if the sweep varies the data set or the horizon on purpose (compare allows it)."""
    return any(k == "data" or k.startswith("years.") for k in sweep.keys)


def write(sweep: Sweep, folder: Path, statuses: list[dict[str, Any]],
          baseline: str | None = None) -> tuple[list[Path], list[str]]:
    """Write ``sweep.csv`` and (with results) the comparison files into ``folder``.

    Returns
    -------
    files, notes
        The files written; notes on what could not be compared and why.
    """
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / SWEEP_CSV
    write_csv_atomic(path, table(sweep, statuses))
    files, notes = [path], []
    with_results = [st for st in statuses if st.get("run_dir")]
    names = [st["name"] for st in with_results]
    base = baseline or (names[0] if names else None)
    if not _comparison_current(folder, base, with_results):
        for stale in (COMPARED, *COMPARISON_FILES):
            (folder / stale).unlink(missing_ok=True)  # never leave a comparison of other runs
    if base is None:
        notes.append("no member has results: nothing to compare")
    elif base not in names:
        notes.append(f"no comparison: the baseline member '{base}' has no results")
    elif _comparison_current(folder, base, with_results):
        files += [folder / name for name in COMPARISON_FILES]
        log.info("comparison of the same runs against %s is up to date", base)
    else:
        try:
            comp = compare.compare_folders(
                [Path(st["run_dir"]) for st in with_results], base, folder,
                delay_basis="lead_time", allow_different_data=_varies_data(sweep))
        except InputError as err:
            notes.append(f"no comparison: {err}")
        else:
            files += [folder / "comparison.csv", folder / "comparison_yearly.csv",
                      write_comparison_brief(comp, folder)]
            write_atomic(folder / COMPARED, _compared_key(base, with_results))
            log.info("compared %d members against %s", len(comp.summary), base)
    return files, notes
