"""Shared fixtures: the tiny data set and a solve helper for formulation tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from tiny import default_tables, hourly_profiles, write_dataset, write_scenario  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def tiny(tmp_path):
    """Factory: ``tiny(tables=..., profiles=..., **scenario_sections) -> (ModelData, model)``.

    Builds and solves the tiny case; returns the data, the solved model and the SolveResult.
    """
    from model.formulation.build import build_model
    from model.inputs import config, data
    from model.solve.highs import highs_options, solve

    def make(tables=None, profiles=None, **sections):
        folder = write_dataset(tmp_path / "data", tables or default_tables(),
                               profiles if profiles is not None else hourly_profiles())
        path = write_scenario(tmp_path, folder, **sections)
        sc = config.load_scenario(path)
        d = data.load(sc)
        m = build_model(d)
        result = solve(m, highs_options(sc.solver))
        return d, m, result

    return make
