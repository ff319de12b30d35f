"""Trust in a run folder: published only when complete, and reproducible from its manifest.

*Complete runs only.* A run is written into ``<out>/<scenario>/.<run-id>.tmp/`` and renamed
to ``<out>/<scenario>/<run-id>/`` when complete (:func:`model.outputs.files.write_run`). While it
writes, the run holds an exclusive ``flock`` on ``<out>/<scenario>/.<run-id>.lock``. The
operating system releases that lock when the process ends in any way, SIGKILL included, so a
temporary folder whose lock can be taken belongs to a dead run and is removed by
:func:`clean_stale` (every ``run`` calls it for its scenario folder before solving). Readers
never need this: they accept only :func:`model.outputs.files.is_complete_run` folders, and the
leading dot and ``.tmp`` suffix keep temporary folders out of every listing they make.
Without ``fcntl`` (Windows) a temporary folder counts as stale when it is older than
:data:`STALE_AFTER_S`.

*Reproduction.* ``manifest.json`` (written by :mod:`model.runner`) holds the resolved
scenario, the SHA-256 of every input file, the versions of the tool, Python, Pyomo, highspy
and HiGHS, the git commit, the solver options and the seed. :func:`load_manifest` turns it
back into a scenario; :func:`differences` lists, in plain words, every input hash, version,
commit or scenario hash of a re-run that differs from the original (the re-run warns with
each). The promise is conditional on exactly these: results are optimal within the reported
gap and tolerances *for these input hashes, versions and seed*.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from model.inputs import config
from model.outputs import files as output
from model.outputs import manifest as mf
from model.outputs.files import TMP_SUFFIX
from model.outputs.manifest import Manifest

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
STALE_AFTER_S = 24 * 3600.0


def lock_path(parent: Path, run_id: str) -> Path:
    """The lock file of run ``run_id`` in a scenario folder."""
    return Path(parent) / f".{run_id}{LOCK_SUFFIX}"


def _try_lock(path: Path, wait_s: float = 0.0) -> int | None:
    """Open ``path`` (created if missing) and take its exclusive lock.

    Retries for ``wait_s`` seconds (a cleaner holds a lock only for a moment) and makes sure
    the locked file is still the one at ``path`` (a cleaner may have unlinked it meanwhile).
    Returns the open descriptor, or None if another process holds the lock.
    """
    deadline = time.monotonic() + wait_s
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is None:
            return fd
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            if time.monotonic() >= deadline:
                return None
            time.sleep(0.05)
            continue
        try:
            same = os.stat(path).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            return fd
        os.close(fd)  # locked a file that was unlinked meanwhile: try again


@contextlib.contextmanager
def publish_lock(parent: Path, run_id: str) -> Iterator[Path]:
    """Hold the lock of ``run_id`` while its temporary folder exists.

    Yields
    ------
    Path
        The lock file; it is removed when the block ends (the lock itself goes with the
        process, whatever ends it).
    """
    parent = Path(parent)
    parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(parent, run_id)
    fd = _try_lock(path, wait_s=5.0)
    if fd is None:
        raise RuntimeError(f"{path} is locked by another process: run ids must be unique")
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)


def run_id_of_tmp(path: Path) -> str | None:
    """``<run-id>`` of a temporary folder ``.<run-id>.tmp``; None for any other name."""
    name = Path(path).name
    if name.startswith(".") and name.endswith(TMP_SUFFIX) and len(name) > len(TMP_SUFFIX) + 1:
        return name[1:-len(TMP_SUFFIX)]
    return None


def is_temporary(path: Path) -> bool:
    """True for a run's temporary folder (or any other ``.tmp`` leftover)."""
    return Path(path).name.endswith(TMP_SUFFIX)


def clean_stale(parent: Path) -> list[Path]:
    """Remove temporary run folders of runs that no longer run, and their lock files.

    Parameters
    ----------
    parent : Path
        A scenario folder ``<out>/<scenario>/`` (nothing happens if it does not exist).

    Returns
    -------
    list of Path
        The removed temporary folders.
    """
    parent = Path(parent)
    if not parent.is_dir():
        return []
    removed = []
    for tmp in sorted(parent.iterdir()):
        run_id = run_id_of_tmp(tmp)
        if run_id is None or not tmp.is_dir():
            continue
        if fcntl is None and time.time() - tmp.stat().st_mtime < STALE_AFTER_S:
            continue
        lock = lock_path(parent, run_id)
        fd = _try_lock(lock)
        if fd is None:
            log.debug("%s belongs to a running process; left alone", tmp)
            continue
        try:
            shutil.rmtree(tmp, ignore_errors=True)
            lock.unlink(missing_ok=True)
        finally:
            os.close(fd)
        log.warning("removed %s, left by a run that was killed before it finished", tmp)
        removed.append(tmp)
    for lock in parent.glob(f".*{LOCK_SUFFIX}"):  # orphaned locks (a kill before mkdir)
        tmp = parent / (lock.name[: -len(LOCK_SUFFIX)] + TMP_SUFFIX)
        if tmp.exists():
            continue
        fd = _try_lock(lock)
        if fd is not None:
            lock.unlink(missing_ok=True)
            os.close(fd)
    return removed


# ------------------------------------------------------------ reproduction

def load_manifest(path: Path, overrides: Sequence[str] = ()) -> tuple[Manifest, config.Scenario]:
    """Read a run's ``manifest.json`` and rebuild its scenario.

    Parameters
    ----------
    path : Path
        The manifest (or a run folder containing one).
    overrides : sequence of str
        ``key.path=value`` applied on top of the resolved scenario (e.g. ``data=...`` when
        the data set moved); the re-run then differs from the original on purpose.

    Returns
    -------
    manifest, scenario

    Raises
    ------
    InputError
        If the file is missing, not JSON, not a valid manifest (naming the key: see
        :mod:`model.outputs.manifest`), or its scenario no longer validates (e.g. after a
        schema change or tampering).
    """
    path = mf.manifest_path(Path(path))
    manifest = mf.read(path)
    scenario = config.scenario_from_dict(manifest.resolved_scenario, overrides,
                                         source=f"{path}: resolved_scenario")
    return manifest, scenario


def _short(digest: object) -> str:
    return str(digest)[:12] if digest else "none"


def differences(manifest: Manifest, scenario: config.Scenario,
                input_sha256: dict[str, str], highs_version: str | None = None) -> list[str]:
    """Every way a re-run differs from the run its manifest describes.

    Parameters
    ----------
    manifest : Manifest
        The original run's manifest.
    scenario : Scenario
        The re-run's scenario.
    input_sha256 : dict
        SHA-256 of the re-run's input files (``ModelData.sha256``).
    highs_version : str, optional
        The re-run's HiGHS version (default: that of the installed highspy).

    Returns
    -------
    list of str
        One sentence per difference; empty when inputs, versions, commit and scenario agree.
    """
    out = []
    old_hash = manifest.scenario_sha256
    if old_hash and old_hash != config.scenario_hash(scenario):
        out.append(f"the resolved scenario differs (sha256 {_short(old_hash)} in the manifest, "
                   f"{_short(config.scenario_hash(scenario))} now)")
    old_inputs = manifest.input_sha256
    for name in sorted(set(old_inputs) | set(input_sha256)):
        old, new = old_inputs.get(name), input_sha256.get(name)
        if old != new:
            what = ("is new" if old is None else "is missing now" if new is None
                    else "has changed")
            out.append(f"input {name} {what} (sha256 {_short(old)} in the manifest, "
                       f"{_short(new)} now)")
    versions = {**output.versions(), "highs": highs_version or _highs_version()}
    old_versions = manifest.versions
    for name in sorted(set(old_versions) | set(versions)):
        old, new = old_versions.get(name), versions.get(name)
        if old != new and old is not None:
            out.append(f"version of {name}: {old} in the manifest, {new} now")
    old_commit = manifest.git_commit
    commit = output.git_commit(Path(__file__).resolve().parents[2])
    if old_commit and old_commit != commit:
        out.append(f"code: git commit {old_commit} in the manifest, {commit} now")
    return out


def _highs_version() -> str:
    import highspy

    return f"{highspy.Highs().version()}"
