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
:data:`STALE_AFTER_S`. Cleanup touches only what this tool made: a temporary folder is
removed only when its name carries a run id (:data:`RUN_ID_PATTERN`) and it holds the owner
marker :data:`model.outputs.files.OWNER_MARKER` (or is empty), and a lock only when it is a
regular file named after a run id. Anything else with a similar name (a user's ``.x.tmp``
folder, a stray directory ``.<run-id>.lock``) is left alone and named in a warning.

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
import re
import shutil
import stat
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from model.errors import FileSystemError
from model.inputs import config
from model.outputs import files as output
from model.outputs import manifest as mf
from model.outputs.files import OWNER_MARKER, TMP_SUFFIX
from model.outputs.manifest import Manifest

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
STALE_AFTER_S = 24 * 3600.0
#: Run ids made by :func:`model.outputs.files.new_run_id` (UTC time, process id) and
#: ``model.runner`` (a ``-NN`` suffix when taken in the same second).
RUN_ID_PATTERN = re.compile(r"\d{8}T\d{6}-\d+(?:-\d{2,})?")


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
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
        except (IsADirectoryError, NotADirectoryError):
            raise FileSystemError(path, "a directory is in the way of this run's lock file; "
                                  "it was not made by this tool: remove or rename it") from None
        except OSError as err:  # e.g. a symlink (O_NOFOLLOW), a read-only folder
            raise FileSystemError.from_os_error(err, "cannot create the lock file") from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise FileSystemError(path, "not a regular file (a device or pipe is in the way "
                                  "of this run's lock file): remove it")
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
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise FileSystemError.from_os_error(err, "cannot create the scenario folder") from None
    path = lock_path(parent, run_id)
    fd = _try_lock(path, wait_s=5.0)
    if fd is None:
        raise FileSystemError(path, "locked by another process, though run ids are unique; "
                              "is another copy of this run still writing?")
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)
        os.close(fd)


def _run_id_between(name: str, suffix: str) -> str | None:
    """``<run-id>`` of ``.<run-id><suffix>`` when it is a run id of this tool, else None."""
    if name.startswith(".") and name.endswith(suffix):
        run_id = name[1:-len(suffix)]
        if RUN_ID_PATTERN.fullmatch(run_id):
            return run_id
    return None


def run_id_of_tmp(path: Path) -> str | None:
    """``<run-id>`` of a temporary folder ``.<run-id>.tmp``; None for any other name."""
    return _run_id_between(Path(path).name, TMP_SUFFIX)


def _made_by_us(tmp: Path) -> bool:
    """A temporary run folder this tool created: it holds the owner marker, or nothing yet
    (killed between creating the folder and writing the marker)."""
    if tmp.is_symlink() or not tmp.is_dir():
        return False
    try:
        return (tmp / OWNER_MARKER).is_file() or not any(tmp.iterdir())
    except OSError:
        return False


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
        if not _made_by_us(tmp):
            log.warning("%s looks like a temporary run folder but was not made by this tool "
                        "(no %s inside); left alone", tmp, OWNER_MARKER)
            continue
        if fcntl is None and time.time() - tmp.stat().st_mtime < STALE_AFTER_S:
            continue
        lock = lock_path(parent, run_id)
        try:
            fd = _try_lock(lock)
        except FileSystemError as err:
            log.warning("%s left alone: %s", tmp, err)
            continue
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
    for lock in sorted(parent.glob(f".*{LOCK_SUFFIX}")):  # orphaned locks (a kill before mkdir)
        run_id = _run_id_between(lock.name, LOCK_SUFFIX)
        if run_id is None or (parent / f".{run_id}{TMP_SUFFIX}").exists():
            continue
        if lock.is_symlink() or not lock.is_file():
            log.warning("%s is not a lock file of this tool (a %s); left alone", lock,
                        "link" if lock.is_symlink() else "directory or other entry")
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
