"""Reuse of hourly-validated years between runs (model.solve.reuse): identical or a miss.

The tiny wind case (tests/tiny.py: 8 MW of wind land, 2 MW turbines at capacity factor 0.5,
a flat 1 MW plant, wind exports at half price so that gross flows are unique), 2025-2027,
every year validated. With 12 months of wind approval the plan starts 8 MW in 2025 that
operate from 2026; with 24 months the same 8 MW operate from 2027. So the validated LPs of
2025 (no wind in either) and 2027 (the same 8 MW, started in 2025 at the same capex) are
the same, and 2026 (8 MW against none) is not.
"""

from __future__ import annotations

import dataclasses
import json

import pandas as pd
import pytest
from cases import wind_capture_half, wind_case
from tiny import load_tiny, solve_tiny, wind_tables

from model.outputs.identity import code_sha256
from model.solve import hourly, reuse
from model.solve.highs import highs_options

pytestmark = pytest.mark.formulation

YEARS = {"start": 2025, "end": 2027}
OUTPUT = {"validate_hourly": "all", "validation_workers": 1}


def _member(folder, months: int, edit=None, profiles=None):
    tables = wind_tables()
    wind_capture_half(tables)
    if edit is not None:
        edit(tables)
    d = load_tiny(folder, tables, profiles, years=YEARS, output=OUTPUT,
                  permitting={"wind": {"approval_months": months}})
    m, result = solve_tiny(d, model=True)
    assert result.outcome.publishes
    return d, m


def _cache(tmp_path, run: str) -> reuse.YearCache:
    return reuse.YearCache(folder=tmp_path / "cache", run=run, code_sha256=code_sha256())


def _parts(d, values, year: int) -> tuple[str, str, str]:
    """(setting, time, probe) digests of a year, as validate_plan computes them."""
    time_full = hourly.full_year_time(d)
    options = {k: v for k, v in highs_options(d.scenario.solver).items()
               if not k.startswith("mip_")}
    probe = reuse.probe_time(list(time_full.values.columns))
    return (reuse.setting_digest(d, options, code_sha256()), reuse.time_digest(time_full),
            reuse.model_digest(hourly.year_model(values, d, year, probe), year))


def _wind_mw(m, year: int) -> float:
    return m.capacity_mw["wind", "r1", year].value


def test_reused_years_equal_a_fresh_validation_bit_for_bit(tmp_path):
    """12 months validated first and stored; 24 months then reuses 2025 and 2027 (same
    LP), solves 2026, and every figure equals its validation without the cache exactly."""
    d12, m12 = _member(tmp_path / "m12", 12)
    d24, m24 = _member(tmp_path / "m24", 24)
    assert [_wind_mw(m12, y) for y in (2025, 2026, 2027)] == [0.0, 8.0, 8.0]
    assert [_wind_mw(m24, y) for y in (2025, 2026, 2027)] == [0.0, 0.0, 8.0]
    options = highs_options(d12.scenario.solver)
    first = hourly.validate_plan(m12, d12, options, _cache(tmp_path, "tiny/first"))
    assert first.reused == {} and first.reuse
    reused = hourly.validate_plan(m24, d24, options, _cache(tmp_path, "tiny/second"))
    fresh = hourly.validate_plan(m24, d24, options)
    assert sorted(reused.reused) == [2025, 2027]
    assert {r["run"] for r in reused.reused.values()} == {"tiny/first"}
    assert fresh.reused == {} and not fresh.reuse
    for name in ("cost_eur", "emissions_t", "plan_cost_eur", "plan_emissions_t"):
        pd.testing.assert_frame_equal(getattr(reused, name), getattr(fresh, name),
                                      check_exact=True)
    pd.testing.assert_series_equal(reused.unmet_energy_mwh, fresh.unmet_energy_mwh,
                                   check_exact=True)
    pd.testing.assert_series_equal(reused.cap_violation_t, fresh.cap_violation_t,
                                   check_exact=True)
    assert reused.status == fresh.status and reused.ok
    # 2026 differs between the members, so its figures must too (the test is not vacuous)
    assert first.cost_eur.loc[2026].sum() != fresh.cost_eur.loc[2026].sum()
    summary = reused.summary(d24.discount)
    assert summary["reuse"] == "on" and sorted(summary["years_reused"]) == ["2025", "2027"]


def test_permitting_enters_the_key_through_the_probe(tmp_path):
    """The setting leaves the permitting section out; a permitting change with the same plan
    values still changes the key of a year whose figures it moves (the 8 MW started in 2025
    operate in 2026 with 12 months, not with 24: other capacity cost in 2026), and leaves
    2025 alone."""
    d12, m12 = _member(tmp_path / "m12", 12)
    d24, _ = _member(tmp_path / "m24", 24)
    values = hourly.plan_values(m12)  # the same plan values for both data sets
    for year, same in ((2025, True), (2026, False)):
        setting12, time12, probe12 = _parts(d12, values, year)
        setting24, time24, probe24 = _parts(d24, values, year)
        assert (setting12, time12) == (setting24, time24)
        assert (probe12 == probe24) is same, year


def _price(t):
    t["prices"]["elec_wholesale_eur_per_mwh"] = 101.0


def _demand(t):
    t["plants"]["throughput_t_per_yr"] = t["plants"]["throughput_t_per_yr"] * 1.5


def _gas(t):
    t["prices"]["gas_eur_per_mwh_th"] = 31.0


@pytest.mark.parametrize("edit", [_price, _demand, _gas], ids=["price", "demand", "gas"])
def test_a_dispatch_input_change_misses_the_cache(tmp_path, edit):
    """Metamorphic: the same plan on data with one dispatch input changed has another key in
    every year, and the probe alone (without the setting, which hashes the input files)
    sees the change."""
    base, m = _member(tmp_path / "base", 12)
    changed, _ = _member(tmp_path / "changed", 12, edit=edit)
    values = hourly.plan_values(m)
    for year in (2025, 2027):
        a, b = _parts(base, values, year), _parts(changed, values, year)
        assert a[0] != b[0] and a[2] != b[2]
        assert reuse.year_key(year, *a) != reuse.year_key(year, *b)


def test_a_capacity_of_the_plan_or_a_profile_change_misses_the_cache(tmp_path):
    """6 instead of 8 MW of wind in 2027 changes 2027's probe only; one hour of the wind
    profile changes the time series' digest."""
    d, m = _member(tmp_path / "base", 12)
    values = hourly.plan_values(m)
    less = {**values, "capacity_mw": {**values["capacity_mw"], ("wind", "r1", 2027): 6.0}}
    assert _parts(d, values, 2025) == _parts(d, less, 2025)
    assert _parts(d, values, 2027)[2] != _parts(d, less, 2027)[2]
    hourly_data = d.hourly.copy()
    hourly_data.iloc[100, hourly_data.columns.get_loc("r1__wind_cf")] += 0.01
    other = dataclasses.replace(d, hourly=hourly_data)
    assert _parts(d, values, 2025)[1] != _parts(other, values, 2025)[1]


def test_an_unreadable_entry_is_a_miss(tmp_path):
    cache = _cache(tmp_path, "tiny/x")
    key = "ab" + "0" * 62
    cache.store(key, 2025, {"status": "optimal", "cost": {"grid": 1.0}})
    assert cache.load(key, 2025)["reused_from"] == {"run": "tiny/x", "key": key}
    assert cache.load(key, 2026) is None  # another year under the same key: refused
    cache.path(key).write_text("{not json")
    assert cache.load(key, 2025) is None


@pytest.mark.cli
def test_manifest_names_reused_years_and_reuse_can_be_switched_off(tmp_path, cli):
    """Runs in one results root (2025-2026): the second names the first run for 2025; with
    ``output.reuse_validation=false`` nothing is reused and the hourly figures are equal."""
    path = wind_case(tmp_path, edit=wind_capture_half, years={"start": 2025, "end": 2026},
                     output={"brief": False, "validate_hourly": "all"})
    out = tmp_path / "out"
    runs, texts = [], []
    off = ["--set", "output.reuse_validation=false"]
    for months, extra in ((12, []), (24, []), (24, off)):
        res = cli("run", str(path), "--out", str(out), "--set",
                  f"permitting.wind.approval_months={months}", *extra)
        assert res.exit_code == 0, res.output
        texts.append(res.text)
        newest = max(out.glob("*/*/manifest.json"), key=lambda p: p.stat().st_mtime_ns)
        runs.append(json.loads(newest.read_text()))
    first, second, fresh = runs
    hv = second["hourly_validation"]
    source = f"{first['scenario']}/{first['run_id']}"
    assert hv["reuse"] == "on" and sorted(hv["years_reused"]) == ["2025"]
    assert {r["run"] for r in hv["years_reused"].values()} == {source}
    assert f"2025 reused from {source}" in texts[1] and "reused from" not in texts[2]
    assert fresh["hourly_validation"]["reuse"] == "off"
    assert fresh["hourly_validation"]["years_reused"] == {}
    for key in ("npv_hourly_meur", "cumulative_emissions_hourly_t"):
        assert hv[key] == fresh["hourly_validation"][key]
    assert fresh["run_identity"] == second["run_identity"]
    assert len(list(out.glob("*/*/manifest.json"))) == 3
    assert (out / ".cache" / "hourly").is_dir()
