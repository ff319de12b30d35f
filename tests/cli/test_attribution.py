"""``compare --attribute``: Shapley attribution on the tiny wind case; the Shapley algebra.

Tiny wind case at wind capture rate 0.5 (tests/cases.py, see tests/cli/test_delay.py for the
hand solution): 12 more approval months cost 1.390 M EUR and 4.38 kt CO2. A case that
differs from the baseline only in the wind approval months has one lever group whose share is
that whole difference.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pandas as pd
import pytest
from cases import wind_capture_half, wind_case
from tiny import write_scenario

from model.analysis.attribution import attribute, group_of
from model.analysis.shapley import shapley, subsets

pytestmark = pytest.mark.cli


def _case(root: Path, name: str, **permitting) -> Path:
    base = wind_case(root / "base", edit=wind_capture_half)
    (root / name).mkdir()
    sc = write_scenario(root / name, root / "base" / "data", name=name,
                        years={"start": 2025, "end": 2031}, output={"brief": False},
                        permitting={"wind": permitting})
    return base, sc


@pytest.mark.parametrize("seed", range(5))
def test_shapley_sums_to_total(seed: int) -> None:
    rng = random.Random(seed)
    groups = [f"g{i}" for i in range(rng.randint(1, 5))]
    v = {s: rng.uniform(-100, 100) for s in subsets(groups)}
    phi = shapley(groups, v)
    assert sum(phi.values()) == pytest.approx(v[frozenset(groups)] - v[frozenset()], abs=1e-9)


def test_shapley_of_additive_game_is_each_effect() -> None:
    effect = {"a": 1.5, "b": -2.0, "c": 4.0}
    phi = shapley(list(effect), lambda s: sum(effect[g] for g in s))
    assert phi == pytest.approx(effect, abs=1e-12)
    assert len(list(itertools.chain(subsets(list(effect))))) == 8


def test_groups() -> None:
    assert group_of("permitting.wind.regions.r1.approval_months") == "wind_lead_time"
    assert group_of("permitting.pv_ground.realisation_months") == "pv_lead_time"
    assert group_of("permitting.wind.attrition_share") == "attrition"
    assert group_of("permitting.wind.approval_cap_mw_per_yr") == "approval_caps"
    assert group_of("exchange.limit_mw") == "other"


def test_one_lever_equals_the_one_lever_difference(tmp_path: Path, cli) -> None:
    base, case = _case(tmp_path, "slowtiny", approval_months=12)
    res = attribute([base, case], "tiny", tmp_path / "out", engine="local")
    t = res.table.set_index(["case", "group"])
    assert list(t.index) == [("slowtiny", "wind_lead_time"), ("slowtiny", "total")]
    assert t.loc[("slowtiny", "wind_lead_time"), "delta_npv_meur"] == pytest.approx(
        1.390, abs=1e-6)
    assert t.loc[("slowtiny", "wind_lead_time"), "delta_npv_meur"] == t.loc[
        ("slowtiny", "wind_lead_time"), "delta_npv_meur_alone"]
    assert t.loc[("slowtiny", "total"), "delta_emissions_kt"] == pytest.approx(4.38)
    # 12 more approval months = one year of wind delay: the share per year is the share
    row = t.loc[("slowtiny", "wind_lead_time")]
    assert row["wind_delay_years"] == pytest.approx(1.0)
    assert row["npv_meur_per_year_of_wind_delay"] == pytest.approx(1.390, abs=1e-6)
    assert row["emissions_kt_per_year_of_wind_delay"] == pytest.approx(4.38)
    assert pd.isna(t.loc[("slowtiny", "total"), "npv_meur_per_year_of_wind_delay"])
    # the CLI gives the same numbers (all runs reused)
    cli_res = cli("compare", base, case, "--baseline", "tiny", "--attribute", "--out",
                  tmp_path / "out")
    assert cli_res.exit_code == 0, cli_res.output
    written = pd.read_csv(res.files[0])
    pd.testing.assert_series_equal(written["delta_npv_meur"], res.table["delta_npv_meur"])
    assert "+1.4" in cli_res.text
    assert "1.4 M EUR of NPV and 4.4 kt CO2 per year of wind delay" in " ".join(
        cli_res.text.split())
    brief = res.files[-1].read_text()  # baseline and case, with the waterfall
    assert res.files[-1].name == "comparison.html" and 'id="slot-waterfall"' in brief
    assert "Wind lead time" in brief
    assert "per year of that delay, is 1.4 M EUR of NPV per year of wind delay and 4.4 kt " \
           "CO₂ per year of wind delay" in brief


def test_two_levers_sum_exactly(tmp_path: Path) -> None:
    base, case = _case(tmp_path, "slowtiny", approval_months=12, attrition_share=0.5)
    t = attribute([base, case], "tiny", tmp_path / "out", engine="local").table
    groups = t[t["kind"] == "lever_group"]
    assert set(groups["group"]) == {"wind_lead_time", "attrition"}
    total = t[t["kind"] == "total"].iloc[0]
    for col in ("delta_npv_meur", "delta_emissions_kt"):
        assert groups[col].sum() == pytest.approx(total[col], abs=1e-9)
    assert total["interaction_npv_meur"] == pytest.approx(
        total["delta_npv_meur"] - groups["delta_npv_meur_alone"].sum(), abs=1e-12)


def test_other_horizon_refused_naming_it(tmp_path: Path, cli) -> None:
    base = wind_case(tmp_path / "base")
    (tmp_path / "o").mkdir()
    other = write_scenario(tmp_path / "o", tmp_path / "base" / "data", name="short",
                           years={"start": 2025, "end": 2029})
    out = tmp_path / "out"
    res = cli("compare", base, other, "--baseline", "tiny", "--attribute", "--out", out)
    assert res.exit_code == 2
    assert "another horizon than the baseline (2025-2029 vs 2025-2031)" in res.text
    assert not out.exists()
