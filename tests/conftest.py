"""Shared fixtures: the tiny data set and a solve helper for formulation tests."""

from __future__ import annotations

import sys
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
