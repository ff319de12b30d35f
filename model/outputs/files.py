"""Write a run's files: tidy CSVs, results.nc, and manifest.json (last), atomically.

A run folder ``<out>/<scenario>/<run-id>/`` exists only for a complete run: every file is
written into ``<out>/<scenario>/.<run-id>.tmp/``, flushed to disk, the manifest last, and the
folder is then renamed in one ``os.replace`` (atomic on POSIX within one file system).
Readers (``compare``, ``report``) accept only folders with a manifest and skip ``.tmp``
(:mod:`model.outputs.runs`); the manifest is a :class:`model.outputs.manifest.Manifest`.
"""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import pandas as pd
import xarray as xr

from model import testhook
from model.atomic import TMP_SUFFIX, fsync_path, fsync_write
from model.errors import FileSystemError
from model.outputs import pathways
from model.outputs.manifest import MANIFEST_FILE, Manifest

__all__ = ["TMP_SUFFIX", "is_complete_run", "write_run", "tidy_pathways", "new_run_id"]

#: Written first into every temporary run folder: cleanup removes only folders holding it
#: (:func:`model.outputs.integrity.clean_stale`); not listed in the manifest.
OWNER_MARKER = ".harz-run"


def new_run_id() -> str:
    """Sortable, unique-enough run id: UTC timestamp plus process id."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}"


def tidy_pathways(ds: xr.Dataset, scenario: str) -> pd.DataFrame:
    """The tidy ``pathways.csv`` table (see :mod:`model.outputs.pathways`)."""
    return pathways.tidy(ds, scenario)


def _fsync_write_bytes(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def git_commit(repo_dir: Path) -> str | None:
    """Commit hash of the code (None outside a git checkout); '+dirty' if modified."""
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo_dir, capture_output=True,
                             text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=repo_dir, capture_output=True, text=True, timeout=10).stdout
        return rev + ("+dirty" if dirty.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return None


def versions() -> dict[str, str]:
    """Versions of the project, Python and the solver stack."""
    out = {"python": platform.python_version()}
    for pkg in ("harz-planner", "pyomo", "highspy", "pandas", "xarray", "numpy", "tsam", "pvlib"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def yearly_table(ds: xr.Dataset, planning: str, hourly: str, item: str) -> pd.DataFrame:
    """Tidy yearly figures with a ``basis`` column: ``planning`` and, when the plan was
    validated at 8,760 hours, ``hourly`` (the basis the brief and compare publish)."""
    frames = []
    for name, basis in ((planning, "planning"), (hourly, "hourly")):
        if name in ds:
            df = ds[name].to_dataframe(name=planning).reset_index()[["year", item, planning]]
            df.insert(2, "basis", basis)
            frames.append(df)
    return pd.concat(frames, ignore_index=True)


def write_run(out_root: Path, scenario_name: str, run_id: str, ds: xr.Dataset,
              manifest: Manifest, extra_files: dict[str, str] | None = None,
              write_netcdf: bool = True) -> Path:
    """Write every file of a run into a temporary folder, then publish it atomically.

    Returns
    -------
    Path
        The published run folder ``out_root/scenario_name/run_id``.
    """
    parent = Path(out_root) / scenario_name
    tmp = parent / f".{run_id}{TMP_SUFFIX}"
    final = parent / run_id
    try:
        parent.mkdir(parents=True, exist_ok=True)
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir()
    except OSError as err:
        raise FileSystemError.from_os_error(err, "cannot create the run folder") from None
    try:
        fsync_write(tmp / OWNER_MARKER, f"harz-planner run {run_id}, process {os.getpid()}\n")
        fsync_write(tmp / "emissions.csv", yearly_table(
            ds, "emissions_t", "emissions_hourly_t", "source").to_csv(index=False))
        cost = yearly_table(ds, "cost_eur", "cost_hourly_eur", "category")
        cost["discounted_cost_eur"] = cost["cost_eur"] * cost["year"].map(
            ds["discount_factor"].to_series())
        fsync_write(tmp / "costs.csv", cost.to_csv(index=False))
        tidy = pathways.tidy(ds, scenario_name)  # the run's name: scenario + override label
        fsync_write(tmp / "pathways.csv", tidy.to_csv(index=False))
        fsync_write(tmp / "pathways_iamc.csv", pathways.to_iamc(tidy).to_csv(index=False))
        testhook.pause("write")  # fault-injection tests only (HARZ_TEST_PAUSE_AT=write)
        if write_netcdf:  # built in memory: HDF5 never writes to a disk that may be full
            _fsync_write_bytes(tmp / "results.nc", bytes(ds.to_netcdf(engine="h5netcdf")))
        for name, text in (extra_files or {}).items():
            fsync_write(tmp / name, text)
        files = sorted([*(p.name for p in tmp.iterdir() if p.name != OWNER_MARKER),
                        MANIFEST_FILE])
        fsync_write(tmp / MANIFEST_FILE, manifest.replace(files=files).to_json())
        os.replace(tmp, final)
        fsync_path(parent)  # make the rename itself durable
    except BaseException as err:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(err, OSError):  # e.g. disk full: the hidden folder is gone, say where
            raise FileSystemError.from_os_error(
                err, "writing the run failed, nothing was published") from None
        raise
    return final


def is_complete_run(path: Path) -> bool:
    """A published run folder: not a temporary folder and has a manifest."""
    path = Path(path)
    return (path.is_dir() and not path.name.endswith(TMP_SUFFIX)
            and (path / MANIFEST_FILE).is_file())
