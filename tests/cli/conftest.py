"""CLI helpers: invoke ``run.py`` commands in-process (Typer's CliRunner), logging restored."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest


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
