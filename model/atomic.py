"""The one atomic file writer of the package: every file a command writes goes through here.

A file is written to a hidden temporary file next to its target
(``.<name>.<random>.tmp``), flushed to disk (``fsync``), given the usual permissions, and
renamed over the target in one ``os.replace`` (atomic on POSIX within one file system); the
folder entry is then flushed too. A reader therefore sees the old file or the new one, never
a part. If anything fails (disk full, Ctrl-C), the temporary file is removed and the error
propagates unchanged.

A run folder is published the same way one level up (:func:`model.outputs.files.write_run`
writes into a hidden folder with :func:`fsync_write` and renames the folder).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pandas as pd

TMP_SUFFIX = ".tmp"
FILE_MODE = 0o644


def fsync_path(path: Path) -> None:
    """Flush a written file, or a folder's entries, to disk (best effort for folders)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:  # some file systems cannot fsync a folder
        pass
    finally:
        os.close(fd)


def fsync_write(path: Path, text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` and flush it to disk (not atomic by itself)."""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def write_atomic(path: Path, content: str | Callable[[IO[str]], None]) -> Path:
    """Write a text file atomically (temporary file, fsync, rename).

    Parameters
    ----------
    path : Path
        The target; its folder is created if missing.
    content : str or callable
        The text, or a function that writes it to the open text handle (e.g. a DataFrame's
        ``to_csv``).

    Returns
    -------
    Path
        ``path``.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            if callable(content):
                content(fh)
            else:
                fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, FILE_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_path(path.parent)
    return path


def write_csv_atomic(path: Path, frame: pd.DataFrame) -> Path:
    """Write a DataFrame as CSV (no index) atomically; see :func:`write_atomic`."""
    return write_atomic(path, lambda fh: frame.to_csv(fh, index=False))
