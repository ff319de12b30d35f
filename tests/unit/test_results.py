"""Results as a mechanical mapping: every component in the file, energies from the file alone.

Fixture: the tiny data set (tests/tiny.py) with a flat 1 MW plant (8,760 MWh a year), a PV
day shape so that tsam's segments have unequal durations, years 2025-2027 with dispatch
every second year (2026 reuses 2025's operation year).
"""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pyomo.environ as pyo
import pytest
import xarray as xr
from tiny import PROV, default_tables, hourly_profiles, plant_row, write_dataset, write_scenario

from model.outputs import results

REPO = Path(__file__).resolve().parents[2]
PV_DAY = np.array([0] * 7 + [0.2, 0.4, 0.6, 0.8, 0.9, 0.9, 0.8, 0.6, 0.4, 0.2] + [0] * 7)


def _scenario(tmp_path: Path) -> Path:
    t = default_tables()
    t["plants"] = pd.DataFrame([plant_row()])
    t["land"] = pd.DataFrame(  # at most 1 MW PV, nothing else (export pays: no unbounded case)
        [{"region": "r1", "technology": k, "year": 2025, "potential_mw": float(k == "pv_ground"),
          **PROV} for k in ("wind", "pv_ground", "battery_power", "battery_energy")])
    folder = write_dataset(tmp_path / "data", t, hourly_profiles(pv_day=PV_DAY))
    return write_scenario(tmp_path, folder, years={"start": 2025, "end": 2027,
                                                   "operation_step": 2},
                          time={"representative_days": 1, "segments": 4},
                          output={"brief": False})


@pytest.mark.unit
def test_dispatch_times_duration_times_weight_is_the_yearly_energy(tmp_path: Path) -> None:
    """From results.nc alone: E[y] = sum_o lambda[y, o] sum_{d,t} w_d dur_{d,t} P[o, d, t],
    with lambda = op_year_weight: 1 in an operation year, 1/2 and 1/2 for 2026 between the
    operation years 2025 and 2027 (operation_step 2)."""
    from model.runner import run_scenario

    run = run_scenario(_scenario(tmp_path), out_root=tmp_path / "out")
    with xr.open_dataset(run.run_dir / "results.nc", engine="h5netcdf") as f:
        ds = f.load()
    dur, weight, lam = ds["duration_h"], ds["day_weight"], ds["op_year_weight"]
    assert len(np.unique(dur.values)) > 1  # segments of unequal length
    assert float((dur * weight).sum()) == pytest.approx(8760.0)
    assert ds["op_year_of"].sel(year=2026).item() == 2025
    assert lam.sel(year=2026).values.tolist() == [0.5, 0.5]
    assert lam.sel(year=2027).values.tolist() == [0.0, 1.0]
    for power, energy in (("plants.load_mw", "plant_process_elec_mwh"),
                          ("grid.import_mw", "import_mwh"),
                          ("supply.gen_mw", "generation_mwh")):
        per_op = (ds[power] * dur * weight).sum(["day", "step"])
        for y in ds["year"].values:
            got = sum(float(lam.sel(year=y, op_year=o)) * per_op.sel(op_year=o).values
                      for o in ds["op_year"].values)
            want = ds[energy].sel(year=y).values
            np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-6, err_msg=energy)
    assert ds["plant_process_elec_mwh"].values == pytest.approx(8760.0)  # 1 MW flat
    assert float(ds["generation_mwh"].sum()) > 0
    assert (run.run_dir / "resolved_inputs.csv").is_file()


@pytest.mark.unit
def test_every_component_is_extracted_with_set_named_dims(tiny) -> None:
    """A variable added after the blocks appears in the Dataset without touching results."""
    t = default_tables()
    t["plants"] = pd.DataFrame([plant_row()])
    t["land"] = pd.DataFrame([{"region": "r1", "technology": k, "year": 2025, "potential_mw": 0.0,
                               **PROV} for k in ("wind", "pv_ground", "battery_power",
                                                 "battery_energy")])
    d, m, _ = tiny(tables=t)
    m.extra_mw = pyo.Var(m.region, m.snapshot, initialize=2.0, doc="an added variable (MW)")
    ds = results.to_dataset(m, d)
    names = {c.name for c in m.component_objects((pyo.Var, pyo.Expression),
                                                 descend_into=True) if len(c)}
    assert names <= set(ds.data_vars)
    for name in names:
        dims = ds[name].dims
        assert not any(str(dim)[-2:-1] == "_" and str(dim)[-1].isdigit() for dim in dims), (
            f"{name}: a set without dim names: {dims}")
        assert ds[name].attrs["units"], f"{name}: no unit in its doc"
    extra = ds["extra_mw"]
    assert extra.dims == ("region", "op_year", "day", "step")
    assert extra.attrs == {"description": "an added variable", "units": "MW"}
    assert float(extra.sum()) == pytest.approx(2.0 * extra.size)


@pytest.mark.unit
def test_results_does_not_import_the_formulation() -> None:
    for module in ("results.py", "derived.py"):
        tree = ast.parse((REPO / "model" / "outputs" / module).read_text(encoding="utf-8"))
        imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import)
                     for a in n.names]
        assert not [i for i in imported if i and i.startswith("model.formulation")], module
