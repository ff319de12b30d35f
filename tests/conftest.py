"""Shared fixtures: the tiny data set, a solve helper for formulation tests, and ``cli``
(``run.py`` commands in-process, Typer's CliRunner, logging restored)."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def tiny(tmp_path):
    """Factory: ``tiny(tables=..., profiles=..., **scenario_sections) -> (data, model, result)``.

    Builds and solves the tiny case (tests/tiny.py); returns the ModelData, the solved model
    and the SolveResult.
    """
    from tiny import load_tiny, solve_tiny

    def make(tables=None, profiles=None, **sections):
        d = load_tiny(tmp_path, tables, profiles, **sections)
        m, result = solve_tiny(d, model=True)
        return d, m, result

    return make


@pytest.fixture
def tiny_run(tiny):
    """(Dataset, manifest) of a solved tiny run for the brief tests (one solve per session)."""
    from brief_run import solved

    return solved(tiny)


@dataclass
class Invocation:
    """Exit code and the combined stdout/stderr with whitespace normalised (rich wraps)."""

    exit_code: int
    output: str
    text: str
    exception: BaseException | None


@pytest.fixture
def cli():
    """Factory ``cli(*args) -> Invocation``, as ``python run.py *args`` in this process."""
    from typer.testing import CliRunner

    from model.cli.app import app

    root = logging.getLogger()
    saved = (root.handlers[:], root.level)

    def invoke(*args: str) -> Invocation:
        result = CliRunner().invoke(app, [str(a) for a in args])
        return Invocation(result.exit_code, result.output, " ".join(result.output.split()),
                          result.exception)

    yield invoke
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])
