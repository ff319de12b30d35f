"""Fault injection on the real command line: kill or interrupt ``python run.py run``.

Each test starts ``run.py run`` on the tiny wind case (tests/cases.py) as a subprocess with
the test hook of :mod:`model.testhook` (``HARZ_TEST_PAUSE_AT``), which holds the run at a
phase and touches a "ready" file, then sends a signal and checks what the promise says:

* SIGKILL during the solve or while writing: no ``<out>/tiny/<run-id>/`` (at most a
  ``.<run-id>.tmp/`` folder and ``logs/``), readers ignore or refuse the leftovers, and a
  re-run succeeds and removes the stale temporary folder;
* SIGINT or SIGTERM during the solve (HiGHS running in its thread): exit code 130, logs kept,
  no results;
* a time limit too short to prove optimality: with an incumbent, exit 3 and results flagged
  in every output; without one, exit 7 and no results (these two run in-process: the hook
  only needs the environment variable).

The re-runs go through the same command in-process (Typer's CliRunner) to save start-up
time; ``tests/cli/test_exit_codes.py`` covers the console-script entry point itself.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import xarray as xr
from cases import published, wind_case

from model.errors import InputError
from model.outputs import compare

pytestmark = pytest.mark.cli

REPO = Path(__file__).resolve().parents[2]
FAST = ["--set", "solver.presolve='off'"]  # HiGHS then enters simplex / MIP at once


def _start(scenario: Path, out: Path, pause: str | None = None, ready: Path | None = None,
           extra: tuple[str, ...] = (), pause_s: float = 60.0) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HARZ_TEST_")}
    if pause:
        env.update(HARZ_TEST_PAUSE_AT=pause, HARZ_TEST_PAUSE_S=str(pause_s),
                   HARZ_TEST_PAUSE_READY=str(ready))
    cmd = [sys.executable, str(REPO / "run.py"), "run", str(scenario), "--out", str(out),
           *FAST, *extra]
    return subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _wait_ready(proc: subprocess.Popen, ready: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not ready.exists():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"run ended ({proc.returncode}) before the pause:\n{out}\n{err}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the run never reached the pause")
        time.sleep(0.05)


def _leftovers(out: Path) -> list[str]:
    folder = out / "tiny"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _assert_nothing_published(out: Path) -> None:
    assert published(out) == []
    assert all(n == "logs" or n.startswith(".") for n in _leftovers(out)), _leftovers(out)
    assert compare.find_run(out, "tiny") is None
    with pytest.raises(InputError):
        compare.load_run(out / "tiny")  # the scenario folder has no complete run


@pytest.mark.parametrize("phase", ["solve", "write"])
def test_sigkill_leaves_no_results_and_rerun_succeeds(tmp_path, phase, cli):
    scenario, out, ready = wind_case(tmp_path), tmp_path / "results", tmp_path / "ready"
    proc = _start(scenario, out, phase, ready)
    _wait_ready(proc, ready)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    _assert_nothing_published(out)
    tmp = [out / "tiny" / n for n in _leftovers(out) if n.endswith(".tmp")]
    if phase == "write":  # killed inside the temporary folder: CSVs there, no manifest
        assert len(tmp) == 1 and (tmp[0] / "pathways.csv").is_file()
        assert not (tmp[0] / "manifest.json").exists()
        with pytest.raises(InputError, match="unfinished"):
            compare.load_run(tmp[0])
        assert cli("report", tmp[0]).exit_code == 2  # not a published run folder
    else:
        assert tmp == []
    rerun = cli("run", scenario, "--out", out, *FAST)  # in-process: same code, no start-up
    assert rerun.exit_code == 0, rerun.output
    (run_dir,) = published(out)
    assert compare.load_run(out / "tiny").path == run_dir  # the reader finds the new run
    assert not any(p.exists() for p in tmp)  # the stale temporary folder was removed
    assert not any(n.endswith((".tmp", ".lock")) for n in _leftovers(out))
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["outcome"] == "optimal"
    assert {"run.log", "solver.log"} <= {p.name for p in run_dir.iterdir()}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupt_during_solve_exits_130_keeps_logs(tmp_path, sig):
    scenario, out, ready = wind_case(tmp_path), tmp_path / "results", tmp_path / "ready"
    proc = _start(scenario, out, "solve", ready)
    _wait_ready(proc, ready)
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 130, stdout + stderr
    assert "interrupted" in (stdout + stderr).lower()
    _assert_nothing_published(out)
    logs = sorted((out / "tiny" / "logs").iterdir())
    names = [p.name.split("-")[-1] for p in logs]
    assert names == ["run.log", "solver.log"]
    run_log = logs[0].read_text()
    assert "asking HiGHS to stop" in run_log and "solve ended interrupted" in run_log
    assert "Running HiGHS" in logs[1].read_text()  # HiGHS had started


def test_time_limit_with_incumbent_is_flagged_everywhere(tmp_path, cli, monkeypatch):
    """Presolve off: HiGHS's trivial heuristic finds 'build nothing' before the root LP; the
    hook holds the MIP there past the 1 s limit, so it stops with that incumbent."""
    from model.outputs.report import write_brief

    scenario, out = wind_case(tmp_path), tmp_path / "results"
    monkeypatch.setenv("HARZ_TEST_PAUSE_AT", "incumbent")
    monkeypatch.setenv("HARZ_TEST_PAUSE_S", "1.5")
    res = cli("run", scenario, "--out", out, *FAST, "--set", "solver.time_limit_s=1")
    assert res.exit_code == 3, res.output
    assert "NOT PROVEN OPTIMAL" in res.text
    (run_dir,) = published(out, "tiny__solver.time_limit_s-1")  # named for its override
    manifest = json.loads((run_dir / "manifest.json").read_text())
    assert manifest["outcome"] == "feasible_at_limit" and manifest["gap_flag"] is True
    assert manifest["mip_gap"] is None and manifest["bound_meur"] is None  # no bound yet
    assert "NOT PROVEN OPTIMAL" in (run_dir / "GAP_LIMITED.txt").read_text()
    with xr.open_dataset(run_dir / "results.nc", engine="h5netcdf") as ds:
        assert ds.attrs["gap_limited"] == 1 and ds.attrs["outcome"] == "feasible_at_limit"
    assert "Not proven optimal" in write_brief(run_dir).read_text()
    assert compare.load_run(run_dir).gap_limited


def test_time_limit_without_incumbent_exits_7(tmp_path, cli, monkeypatch):
    """An LP (continuous wind) held in its first simplex iteration past the limit."""
    scenario, out = wind_case(tmp_path, lumpy=False), tmp_path / "out"
    monkeypatch.setenv("HARZ_TEST_PAUSE_AT", "solve")
    monkeypatch.setenv("HARZ_TEST_PAUSE_S", "1.5")
    res = cli("run", scenario, "--out", out, *FAST, "--set", "solver.time_limit_s=0.5")
    assert res.exit_code == 7, res.output
    assert "no_solution_at_limit" in res.text
    _assert_nothing_published(out)
