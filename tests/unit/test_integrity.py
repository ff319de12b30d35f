"""Run-folder integrity (model.outputs.integrity): stale temporary folders go, live ones stay."""

from __future__ import annotations

import pytest

from model.outputs import integrity
from model.outputs.files import OWNER_MARKER, is_complete_run

pytestmark = pytest.mark.unit


def _tmp_run(parent, run_id, manifest=True):
    tmp = parent / f".{run_id}.tmp"
    tmp.mkdir(parents=True)
    (tmp / OWNER_MARKER).write_text("harz-planner run\n")
    (tmp / "pathways.csv").write_text("x\n")
    if manifest:  # killed between the manifest and the rename
        (tmp / "manifest.json").write_text("{}")
    return tmp


def test_clean_stale_removes_dead_runs_only(tmp_path):
    dead = _tmp_run(tmp_path, "20250101T000000-1")
    (tmp_path / ".20250101T000000-1.lock").write_text("")  # lock file of a killed run
    orphan_lock = tmp_path / ".20250101T000000-3.lock"
    orphan_lock.write_text("")
    published = tmp_path / "20250101T000000-9"
    published.mkdir()
    (published / "manifest.json").write_text("{}")
    with integrity.publish_lock(tmp_path, "20250101T000000-2") as lock:
        live = _tmp_run(tmp_path, "20250101T000000-2")
        assert integrity.clean_stale(tmp_path) == [dead]
        assert live.is_dir() and lock.is_file()  # a run still writing is left alone
    assert not lock.exists()  # the lock file goes with the block
    assert not dead.exists() and not orphan_lock.exists()
    assert published.is_dir()
    assert integrity.clean_stale(tmp_path / "missing") == []


def test_temporary_folders_are_never_complete_runs(tmp_path):
    tmp = _tmp_run(tmp_path, "20250101T000000-1", manifest=True)
    assert not is_complete_run(tmp) and integrity.is_temporary(tmp)
    assert integrity.run_id_of_tmp(tmp) == "20250101T000000-1"
    assert integrity.run_id_of_tmp(tmp_path / "logs") is None
