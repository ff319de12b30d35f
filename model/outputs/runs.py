"""Find and load published runs: the one reader of run folders (``compare``, ``report``, CLI).

A published run is a folder ``<root>/<scenario>/<run-id>/`` with a ``manifest.json``
(:func:`model.outputs.files.is_complete_run`); temporary ``.<run-id>.tmp`` folders and
``logs/`` are never runs. Every reader goes through this module, so damage is handled in one
place:

* a run folder named on the command line whose manifest or ``results.nc`` is damaged
  (not JSON, a JSON list, missing keys, wrong types, a truncated NetCDF file) is bad input:
  :class:`~model.errors.InputError` naming the file (exit 2);
* a damaged run met while *searching* (a scenario folder, a results root) is skipped with a
  warning naming it, so one damaged run never hides the good runs next to it.

Runs are matched by their identity (:mod:`model.outputs.identity`): :func:`find_by_identity`
looks in any number of results roots, so a run made once (also in another checkout) is found
again. A scenario folder stands for its run only when all its runs are the same run;
otherwise :func:`resolve_run_dir` lists them and asks which.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import xarray as xr

from model.errors import InputError
from model.outputs import identity as ident
from model.outputs import manifest as mf
from model.outputs.files import TMP_SUFFIX, is_complete_run
from model.outputs.manifest import Manifest

log = logging.getLogger(__name__)

RESULTS_FILE = "results.nc"


@dataclass
class Run:
    """One published run: its name, folder, manifest and (when loaded) results in memory."""

    name: str
    path: Path
    manifest: Manifest
    ds: xr.Dataset | None = None

    @property
    def gap_limited(self) -> bool:
        """True unless the solve was proven optimal (e.g. stopped at a time or gap limit)."""
        return self.manifest.gap_limited

    @property
    def identity(self) -> str:
        """The run identity (stored, or computed for manifests written before it was)."""
        return identity_of(self.manifest)

    @property
    def data_sha256(self) -> str:
        """One hash of the run's whole input data set."""
        return ident.data_sha256(self.manifest.input_sha256)


def identity_of(manifest: Manifest) -> str:
    """A manifest's run identity; computed from its scenario and input hashes if absent."""
    # a manifest without an identity predates it: its model code is unknown, so it never
    # matches a run of the current code
    return manifest.run_identity or ident.identity_of(manifest.resolved_scenario,
                                                     manifest.input_sha256, code="unknown")


def run_folders(folder: Path) -> list[Path]:
    """Published run folders of a scenario folder ``<root>/<scenario>/``, oldest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if is_complete_run(p))  # run ids sort by time


def _manifest_or_skip(path: Path) -> Manifest | None:
    """The manifest of a run folder met while searching; None (with a warning) if damaged."""
    try:
        return mf.read(path)
    except InputError as err:
        log.warning("skipping the damaged run %s: %s", path, err)
        return None


def scenario_runs(folder: Path) -> list[Run]:
    """Readable runs of a scenario folder (manifests only, no results), oldest first."""
    out = []
    for path in run_folders(folder):
        manifest = _manifest_or_skip(path)
        if manifest is not None:
            out.append(Run(name=manifest.scenario, path=path, manifest=manifest))
    return out


def _scenario_folders(roots: Iterable[Path]) -> Iterator[Path]:
    for root in dict.fromkeys(Path(r) for r in roots):
        if root.is_dir():
            yield from sorted(p for p in root.iterdir()
                              if p.is_dir() and not p.name.startswith("."))


def find_by_identity(roots: Sequence[Path], identity: str,
                     scenario: str | None = None) -> Path | None:
    """The newest published run with this identity in any of the results roots, or None.

    Parameters
    ----------
    roots : sequence of Path
        Results roots (``<root>/<scenario>/<run-id>/``), searched in order; the first root
        holding a match wins.
    identity : str
        :func:`model.outputs.identity.scenario_identity` of the wanted run.
    scenario : str, optional
        Look only in this scenario's folder of each root (faster; the name is part of the
        identity anyway).
    """
    for root in dict.fromkeys(Path(r) for r in roots):
        folders = [root / scenario] if scenario else list(_scenario_folders([root]))
        for folder in folders:
            for run in reversed(scenario_runs(folder)):
                if run.identity == identity:
                    return run.path
    return None


def find_run(out_root: Path, scenario: str, identity: str | None = None) -> Path | None:
    """The newest published run of ``scenario`` in ``out_root`` (with ``identity``, if given)."""
    runs = scenario_runs(Path(out_root) / scenario)
    for run in reversed(runs):
        if identity is None or run.identity == identity:
            return run.path
    return None


def describe(run: Run) -> str:
    """One line naming a run for a choice: folder, identity, data hash, overrides, outcome."""
    m = run.manifest
    sets = " ".join(f"--set {o}" for o in m.overrides) or "no overrides"
    return (f"{run.path} (identity {run.identity[:12]}, data {run.data_sha256[:12]}, "
            f"{sets}, {m.outcome})")


def resolve_run_dir(path: Path) -> Path:
    """A run folder as given, or the one run a scenario folder ``<root>/<scenario>/`` holds.

    A scenario folder stands for a run only if all its readable runs have one identity (then
    the newest, as they are the same run). Damaged runs in it are skipped with a warning.

    Raises
    ------
    InputError
        For a missing or temporary folder, a scenario folder without a readable run, or one
        with several distinct runs (listed, so the user can pick one).
    """
    path = Path(path)
    if not path.is_dir():
        raise InputError(f"{path}: no such results folder")
    if path.name.endswith(TMP_SUFFIX):
        raise InputError(f"{path}: an unfinished run (temporary '{TMP_SUFFIX}' folder); "
                         "use only published run folders")
    if (path / mf.MANIFEST_FILE).is_file():
        return path
    runs = scenario_runs(path)
    if not runs:
        raise InputError(f"{path}: not a complete run folder and holds no readable run (no "
                         "manifest.json: the run did not finish or was copied incompletely); "
                         "run the scenario again")
    distinct: dict[str, Run] = {}
    for run in runs:  # oldest first, so the newest of each identity stays
        distinct[run.identity] = run
    if len(distinct) > 1:
        lines = [f"{path}: {len(distinct)} different runs of this scenario; pass the run "
                 "folder you mean:"]
        lines += [describe(r) for r in sorted(distinct.values(), key=lambda r: r.path.name)]
        raise InputError("\n  ".join(lines))
    chosen = next(iter(distinct.values()))
    log.info("using %s for %s (its only distinct run)", chosen.path.name, path)
    return chosen.path


def open_results(path: Path) -> xr.Dataset:
    """Load a run's ``results.nc`` into memory (the file is closed again).

    Raises
    ------
    InputError
        If the file is missing, truncated or not a NetCDF file, naming it.
    """
    nc = Path(path) / RESULTS_FILE if Path(path).is_dir() else Path(path)
    if not nc.is_file():
        raise InputError(f"{nc.parent}: no {RESULTS_FILE} (written only with output.netcdf: "
                         "true); run the scenario again with --set output.netcdf=true")
    try:
        with xr.open_dataset(nc, engine="h5netcdf") as ds:
            return ds.load()
    except (OSError, ValueError, KeyError, RuntimeError) as err:
        raise InputError(f"{nc}: cannot read the results ({type(err).__name__}: {err}); the "
                         "file is damaged or truncated: run the scenario again") from None


def _kind(path: Path) -> str | None:
    """The ``kind`` a run's manifest states (``stochastic``), None for a pathway run."""
    import json

    try:
        data = json.loads((path / mf.MANIFEST_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # mf.read names the damage
    return data.get("kind") if isinstance(data, dict) else None


def stochastic_message(what: str) -> str:
    """Why a stochastic run (uncertain approvals) cannot be compared, and what to do instead."""
    return (f"{what} is a stochastic run (planning under uncertain approvals): it has no "
            "single pathway to compare, so compare cannot read it. Its results are "
            "first_stage_plan.csv, scenarios.csv, distribution.csv and "
            "value_of_information.csv, explained in its brief.html (python run.py report "
            "<run folder>). To compare pathways, compare deterministic runs, e.g. the same "
            "scenario with --set uncertainty=null")


def load_run(run_dir: Path) -> Run:
    """Load a published run (or the one run of a scenario folder) with its results.

    Raises
    ------
    InputError
        For a temporary, incomplete or ambiguous folder, a damaged manifest or results.nc,
        or a stochastic run (:func:`stochastic_message`).
    """
    path = resolve_run_dir(Path(run_dir))
    if _kind(path) == "stochastic":
        raise InputError(stochastic_message(str(path)))
    manifest = mf.read(path)
    return Run(name=manifest.scenario, path=path, manifest=manifest, ds=open_results(path))
