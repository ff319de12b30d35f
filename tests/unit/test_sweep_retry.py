"""A sweep member stopped by a wall-clock limit before any result is run again on the next
call; deterministic outcomes are kept (``model.sweep.engine._forget_lost_runs``)."""

from __future__ import annotations

import json
from pathlib import Path

from model.sweep.engine import _forget_lost_runs


def _status(folder: Path, name: str, outcome: str, run_dir: str | None) -> Path:
    path = folder / name / "status.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"name": name, "outcome": outcome, "run_dir": run_dir}))
    return path


def test_limit_without_results_is_retried_and_deterministic_outcomes_are_kept(tmp_path):
    paths = {
        "limit": _status(tmp_path, "limit", "no_solution_at_limit", None),
        "interrupted": _status(tmp_path, "interrupted", "interrupted", None),
        "infeasible": _status(tmp_path, "infeasible", "infeasible", None),
        "error": _status(tmp_path, "error", "error", None),
        "gone": _status(tmp_path, "gone", "optimal", str(tmp_path / "no_such_run")),
    }
    _forget_lost_runs(paths)
    assert {k for k, p in paths.items() if p.is_file()} == {"infeasible", "error"}
