"""Fault suite, part 1 (issue 17 classes 1, 2 and 5): names, duplicate keys, YAML limits and
file-system faults, each through the command line, each checking the exit code, the message
and that no file appears where it does not belong.

Classes 3, 4 and 7 (implausible values, CSV reading, coverage gaps) are in
``test_hardening_data.py``; random damage in ``test_property.py``.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from cases import published, wind_case

from model.errors import EXIT_FILE_SYSTEM
from model.outputs import integrity
from model.outputs.files import OWNER_MARKER

pytestmark = pytest.mark.cli

REPO = Path(__file__).resolve().parents[2]
FAST = ["--set", "solver.presolve='off'"]


def _tree(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


# ------------------------------------------------------------------ class 1: safe names


@pytest.mark.parametrize("name", ["..", ".", ".hidden", "a/b", "../../x", "x.tmp", "a..b"])
def test_unsafe_scenario_name_is_refused_and_writes_nothing(tmp_path, cli, name):
    scenario = wind_case(tmp_path / "case")
    before = _tree(tmp_path)
    res = cli("run", scenario, "--out", tmp_path / "case" / "out", "--set", f"name={name!r}")
    assert res.exit_code == 2, res.output
    assert "name" in res.text and "safe folder name" in res.text or "ends in" in res.text
    assert _tree(tmp_path) == before


def test_tampered_manifest_name_is_refused(tmp_path, cli):
    """A published run's manifest edited to name its scenario '..': re-running it from the
    manifest is bad input and writes nothing outside the results folder."""
    scenario, out = wind_case(tmp_path / "case"), tmp_path / "case" / "out"
    assert cli("run", scenario, "--out", out, *FAST).exit_code == 0
    (run_dir,) = published(out)
    path = run_dir / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["resolved_scenario"]["name"] = ".."
    manifest["scenario"] = ".."
    path.write_text(json.dumps(manifest))
    before = _tree(tmp_path)
    res = cli("run", "--from-manifest", path, "--out", out)
    assert res.exit_code == 2, res.output
    assert "name" in res.text and "'..'" in res.text
    assert {p for p in _tree(tmp_path) - before if not p.startswith("case/out/tiny/")} == set()


def test_cleanup_removes_only_what_the_tool_made(tmp_path):
    """A user's hidden '.x.tmp' folders and a run-id-named folder without the owner marker
    stay; a dead run's folder (marker inside) and an empty one from a kill go."""
    mine = tmp_path / ".20250101T000000-1.tmp"
    mine.mkdir()
    (mine / OWNER_MARKER).write_text("harz-planner run\n")
    empty = tmp_path / ".20250101T000000-2.tmp"
    empty.mkdir()
    users = [tmp_path / ".backup.tmp", tmp_path / ".20250101T000000-3.tmp"]
    for folder in users:
        folder.mkdir()
        (folder / "precious.txt").write_text("keep me")
    stray_lock = tmp_path / ".20250101T000000-4.lock"
    stray_lock.mkdir()  # a directory where a lock file would be: named, left alone
    user_lock = tmp_path / ".notes.lock"
    user_lock.write_text("keep")
    removed = integrity.clean_stale(tmp_path)
    assert sorted(removed) == sorted([mine, empty])
    assert all((f / "precious.txt").read_text() == "keep me" for f in users)
    assert stray_lock.is_dir() and user_lock.read_text() == "keep"


# ------------------------------------------------------- class 2: duplicate keys, YAML limits


def test_duplicate_top_level_block_names_both_lines(tmp_path, cli):
    scenario = wind_case(tmp_path)
    text = scenario.read_text()
    scenario.write_text("policy:\n  co2_cap_t: {2025: 0}\n" + text
                        + "policy:\n  allow_slack: true\n")
    res = cli("validate", scenario)
    assert res.exit_code == 2, res.output
    n = len(text.splitlines()) + 3
    assert f"duplicate key 'policy' (first on line 1, again on line {n})" in res.text


def test_duplicate_key_in_override_value(tmp_path, cli):
    res = cli("validate", wind_case(tmp_path), "--set", "plants.scale={p1: 2, p1: 3}")
    assert res.exit_code == 2 and "duplicate key 'p1'" in res.text, res.output


def test_alias_bomb_is_refused_fast(tmp_path, cli):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, cur = chr(96 + i), chr(97 + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(["name: bomb", *lines]) + "\n")
    assert bomb.stat().st_size < 1500
    t = time.perf_counter()
    res = cli("validate", bomb)
    assert time.perf_counter() - t < 10
    assert res.exit_code == 2 and "aliases" in res.text, res.output


def test_oversized_and_deep_scenario_files(tmp_path, cli):
    big = tmp_path / "big.yaml"
    big.write_text("name: big\ndescription: '" + "x" * 1_100_000 + "'\n")
    res = cli("validate", big)
    assert res.exit_code == 2 and "more than" in res.text, res.output
    deep = tmp_path / "deep.yaml"
    deep.write_text("name: deep\ndescription: " + "[" * 5000 + "]" * 5000 + "\n")
    res = cli("validate", deep)
    assert res.exit_code == 2 and "nested deeper" in res.text, res.output


# ----------------------------------------------------------- class 5: file-system faults


def _fs_fail(res, path_part: str) -> None:
    assert res.exit_code == EXIT_FILE_SYSTEM, res.output
    assert "File-system error" in res.text and path_part in res.text, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_out_is_a_file(tmp_path, cli):
    scenario, out = wind_case(tmp_path), tmp_path / "out"
    out.write_text("not a folder")
    _fs_fail(cli("run", scenario, "--out", out, *FAST), str(out))
    assert out.read_text() == "not a folder"


def test_logs_is_a_file(tmp_path, cli):
    scenario, out = wind_case(tmp_path), tmp_path / "out"
    (out / "tiny").mkdir(parents=True)
    (out / "tiny" / "logs").write_text("in the way")
    _fs_fail(cli("run", scenario, "--out", out, *FAST), "logs")
    assert published(out) == []


def test_read_only_out(tmp_path, cli, monkeypatch):
    scenario, out = wind_case(tmp_path), tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    if os.geteuid() == 0:  # root ignores the mode bits: refuse as the kernel would
        real_mkdir = Path.mkdir

        def read_only(self, *args, **kwargs):
            if str(self).startswith(str(out)) and self != out:
                raise PermissionError(errno.EROFS, os.strerror(errno.EROFS), str(self))
            return real_mkdir(self, *args, **kwargs)

        monkeypatch.setattr(Path, "mkdir", read_only)
    try:
        _fs_fail(cli("run", scenario, "--out", out, *FAST), str(out))
    finally:
        out.chmod(0o755)
    assert list(out.iterdir()) == []


def test_disk_full_while_writing_results_cleans_up(tmp_path, cli, monkeypatch):
    from model.outputs import files

    def full(path, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(files, "_fsync_write_bytes", full)
    scenario, out = wind_case(tmp_path), tmp_path / "out"
    res = cli("run", scenario, "--out", out, *FAST)
    _fs_fail(res, "results.nc")
    assert "No space left" in res.text
    assert published(out) == []
    leftovers = [p.name for p in (out / "tiny").iterdir()]
    assert leftovers == ["logs"], leftovers  # no hidden folder, no lock
    monkeypatch.undo()
    assert cli("run", scenario, "--out", out, *FAST).exit_code == 0  # the next run is clean


def test_stray_lock_directory_does_not_break_later_runs(tmp_path, cli):
    scenario, out = wind_case(tmp_path), tmp_path / "out"
    stray = out / "tiny" / ".20240101T000000-7.lock"
    stray.mkdir(parents=True)
    res = cli("run", scenario, "--out", out, *FAST)
    assert res.exit_code == 0, res.output
    assert len(published(out)) == 1 and stray.is_dir()


def test_lock_path_taken_by_a_directory_is_named(tmp_path):
    (tmp_path / ".20250101T000000-5.lock").mkdir()
    with pytest.raises(Exception, match="directory is in the way") as err, \
            integrity.publish_lock(tmp_path, "20250101T000000-5"):
        pass
    assert ".20250101T000000-5.lock" in str(err.value)


def test_sigterm_to_compare_stops_workers_before_they_publish(tmp_path):
    """compare runs two missing scenarios in worker processes held in their solve; SIGTERM to
    compare exits 130 at once and no run is published afterwards."""
    first = wind_case(tmp_path / "a", solver={"presolve": "off"})  # so the hook pauses
    second = tmp_path / "a" / "other.yaml"
    doc = yaml.safe_load(first.read_text())
    second.write_text(yaml.safe_dump({**doc, "name": "other"}))
    out, ready = tmp_path / "out", tmp_path / "ready"
    env = {k: v for k, v in os.environ.items() if not k.startswith("HARZ_TEST_")}
    env.update(HARZ_TEST_PAUSE_AT="solve", HARZ_TEST_PAUSE_S="4",
               HARZ_TEST_PAUSE_READY=str(ready))
    proc = subprocess.Popen([sys.executable, str(REPO / "run.py"), "compare", str(first),
                             str(second), "--baseline", "tiny", "--out", str(out)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    deadline = time.monotonic() + 90
    while not ready.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "no worker reached the solve"
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stdout + stderr
    time.sleep(5)  # longer than the pause: a surviving worker would have published by now
    assert published(out, "tiny") == [] and published(out, "other") == []
    assert not (out / "comparison.csv").exists()
