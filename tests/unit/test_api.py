"""The README's Python API example runs as written against a real (tiny) run folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from brief_run import publish

from model.errors import InputError
from model.outputs.api import load

pytestmark = pytest.mark.unit
README = Path(__file__).resolve().parents[2] / "README.md"


def example() -> str:
    text = README.read_text(encoding="utf-8")
    block = text.split("<!-- api-example", 1)[1]
    return re.search(r"```python\n(.*?)```", block, flags=re.S).group(1)


def test_readme_example_loads_a_run_and_plots_a_pathway(tiny_run, tmp_path, monkeypatch):
    ds, manifest = tiny_run
    publish(tmp_path / "results", "reference", ds, manifest)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MPLBACKEND", "Agg")
    scope: dict = {}
    exec(compile(example(), "README.md", "exec"), scope)  # noqa: S102 - the documented example
    assert (tmp_path / "wind.png").stat().st_size > 1000
    wind = scope["wind"]
    assert wind.attrs["unit"] == "MW"
    assert wind.to_dict() == pytest.approx(
        ds["capacity_mw"].sel(technology="wind").sum("region").to_series().to_dict())
    assert os.environ["MPLBACKEND"] == "Agg"


def test_pathway_refuses_an_unknown_variable_and_mixed_units(tiny_run, tmp_path):
    ds, manifest = tiny_run
    folder = publish(tmp_path, "tiny", ds, manifest)
    data = load(folder)
    with pytest.raises(InputError, match="no rows for variable 'capacityy'"):
        data.pathway("capacityy")
    with pytest.raises(InputError, match="mixes units"):
        data.pathway("capacity")  # MW and MWh (battery energy)
    assert list(data.iamc.columns[:5]) == ["model", "scenario", "region", "variable", "unit"]
