"""Sensitivity factors (scenario section ``factors``): each moves the resolved data as stated.

Hand numbers on the tiny data set (every capex 1,000 EUR/kW, 8,760 MWh of other demand, one
plant with 1 MWh_th/t), with prices edited to wholesale 100 EUR/MWh, gas 30 EUR/MWh_th,
EUA 80 and ETS2 40 EUR/t, mark-up 20 EUR/MWh, and a carbon pass-through of 0.5 at a marginal
efficiency of 0.5 (so f / eta = 1):

* gas x 1.5 and CO2 x 0.5: gas 45, EUA 40, ETS2 20, wholesale
  100 + 1 x (15 + 0.198 x (-40)) = 107.08 EUR/MWh;
* mark-up x 1.1: 22 EUR/MWh; other demand x 0.9: 7,884 MWh;
* capex: wind x 1.2 = 1,200, PV x 0.8 = 800, both battery parts x 0.5 = 500, the electric
  boiler stays at 1,000;
* land: wind 8 MW x 1.5 = 12 MW, PV 4 MW x 0.5 = 2 MW;
* capture rates 1.0: wind x 0.8 = 0.8, PV x 1.2 = 1.2; x 1.6 is refused (above 1.5);
* useful heat 1 MWh_th/t x 1.3 = 1.3 MWh_th/t.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from tiny import default_tables, heat_plant, land, load_tiny

from model.analysis import levers
from model.analysis.sensitivity import RANGES_FILE, read_ranges
from model.errors import InputError
from model.inputs import config
from model.inputs.config import FactorsConfig
from model.outputs.identity import scenario_identity

pytestmark = pytest.mark.unit
REPO = Path(__file__).resolve().parents[2]

ALL = {"capex_wind": 1.2, "capex_pv": 0.8, "capex_battery": 0.5, "gas_price": 1.5,
       "co2_price": 0.5, "grid_markup": 1.1, "other_demand": 0.9, "land_wind": 1.5,
       "land_pv": 0.5, "capture_rate_wind": 0.8, "capture_rate_pv": 1.2, "plant_heat": 1.3}


def _tables() -> dict[str, pd.DataFrame]:
    t = land(default_tables(), [("wind", 2025, 8.0), ("pv_ground", 2025, 4.0)])
    t["prices"].loc[0, ["eua_eur_per_t", "ets2_eur_per_t", "grid_markup_eur_per_mwh"]] = (
        80.0, 40.0, 20.0)
    t["market"].loc[0, ["carbon_pass_through", "marginal_plant_efficiency"]] = (0.5, 0.5)
    t["plants"] = pd.DataFrame([heat_plant()])
    return t


def _load(tmp_path: Path, **factors: float):
    return load_tiny(tmp_path, _tables(), demand={"other_demand": True}, factors=factors)


def test_each_factor_moves_the_resolved_data_as_stated(tmp_path: Path) -> None:
    base = _load(tmp_path / "base")
    d = _load(tmp_path / "scaled", **ALL)
    p, p0 = d.prices.loc[2025], base.prices.loc[2025]
    assert (p0["elec_wholesale_eur_per_mwh"], p0["gas_eur_per_mwh_th"]) == (100.0, 30.0)
    assert p["gas_eur_per_mwh_th"] == pytest.approx(45.0)
    assert p["eua_eur_per_t"] == pytest.approx(40.0)
    assert p["ets2_eur_per_t"] == pytest.approx(20.0)
    assert p["elec_wholesale_eur_per_mwh"] == pytest.approx(107.08)
    assert p["grid_markup_eur_per_mwh"] == pytest.approx(22.0)
    assert d.other_demand_mwh.loc["r1", 2025] == pytest.approx(7884.0)
    capex = d.costs["capex_eur_per_unit"].xs(2025, level="year")
    assert capex.to_dict() == pytest.approx({
        "wind": 1200.0, "pv_ground": 800.0, "battery_power": 500.0, "battery_energy": 500.0,
        "electric_boiler": 1000.0, "ht_heat_pump": 1000.0, "thermal_store": 1000.0})
    potential = d.land_mw["potential_mw"]
    assert potential[("r1", "wind", 2025)] == pytest.approx(12.0)
    assert potential[("r1", "pv_ground", 2025)] == pytest.approx(2.0)
    assert d.market.capture_rate["wind", 2025] == pytest.approx(0.8)
    assert d.market.capture_rate["pv_ground", 2025] == pytest.approx(1.2)
    assert d.plants.at["p1", "heat_mwh_per_t"] == pytest.approx(1.3)
    # the carbon content of the base price follows the scaled EUA price: 1 x 0.198 x 40
    assert d.market.carbon_in_price_eur_per_mwh[2025] == pytest.approx(7.92)
    # everything else is untouched
    assert d.throughput_t.equals(base.throughput_t)
    assert d.grid_ef_t_per_mwh.equals(base.grid_ef_t_per_mwh)


def test_defaults_leave_the_data_as_they_are(tmp_path: Path) -> None:
    base = _load(tmp_path / "a")
    ones = _load(tmp_path / "b", **dict.fromkeys(ALL, 1.0))
    for name in ("costs", "prices", "land_mw", "plants", "other_demand_mwh"):
        pd.testing.assert_frame_equal(getattr(base, name), getattr(ones, name))
    assert base.market.capture_rate == ones.market.capture_rate


def test_capture_rate_above_bound_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"factors.capture_rate_pv=1.6: gives a capture rate "
                                         r"of 1.600, above 1.5"):
        _load(tmp_path, capture_rate_pv=1.6)


@pytest.mark.parametrize("value", ["0", "-1", "6", "true"])
def test_factor_out_of_range_is_refused(value: str) -> None:
    with pytest.raises(InputError, match="factors.capex_wind"):
        config.load_scenario(REPO / "scenarios" / "reference.yaml",
                             [f"factors.capex_wind={value}"])


def test_factors_are_part_of_the_run_identity_and_are_levers() -> None:
    ref = REPO / "scenarios" / "reference.yaml"
    base = config.load_scenario(ref)
    scaled = config.load_scenario(ref, ["factors.gas_price=1.4"])
    assert scenario_identity(base) != scenario_identity(scaled)
    assert levers.check_lever(base, "factors.gas_price") == "factors.gas_price"
    assert levers.default_values(base, "factors.gas_price") == (0.5, 0.75, 1.0, 1.25, 1.5)


def test_shipped_ranges_cover_every_factor_and_load() -> None:
    """Every factor has a tagged, sourced range in the Harz data, and both ends load."""
    ranges = read_ranges(REPO / "inputs" / "harz" / RANGES_FILE)
    keys = dict(zip(ranges["scenario_key"], ranges["input"], strict=True))
    missing = [f for f in FactorsConfig.model_fields if f"factors.{f}" not in keys]
    assert not missing, f"factors without a sensitivity range: {missing}"
    ref = REPO / "scenarios" / "reference.yaml"
    for _, row in ranges.iterrows():
        low, high = (config.load_scenario(ref, [f"{row['scenario_key']}={row[e]}"])
                     for e in ("low", "high"))
        assert low != high, row["input"]
    sources = set(pd.read_csv(REPO / "inputs" / "harz" / "SOURCES.csv")["source_id"])
    assert set(ranges["source_id"]) <= sources
    a_rows = ranges[ranges["value_type"] == "A"]
    assert a_rows["note"].str.contains("replace").all()  # an [A] range says what replaces it
