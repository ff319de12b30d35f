"""The run-folder contract: the Manifest dataclass (validated reading) and the run identity."""

from __future__ import annotations

import json
import shutil

import pytest
from cases import wind_case

from model.errors import InputError
from model.inputs import config
from model.inputs import data as data_mod
from model.outputs import identity
from model.outputs import manifest as mf

pytestmark = pytest.mark.unit

GOOD = {"scenario": "tiny", "run_id": "20250101T000000-1", "outcome": "optimal",
        "objective_meur": -1.5, "resolved_scenario": {"name": "tiny"},
        "input_sha256": {"plants.csv": "ab" * 32}, "versions": {"python": "3.11"}}


def test_round_trip_keeps_every_key_and_unknown_ones(tmp_path):
    m = mf.from_dict({**GOOD, "overrides": ["x.y=1"], "future_key": {"a": 1}}, "m.json")
    assert m.schema_version == 1  # written before the field existed
    assert m.extra == {"future_key": {"a": 1}} and m.overrides == ["x.y=1"]
    path = tmp_path / "manifest.json"
    path.write_text(m.replace(schema_version=mf.SCHEMA_VERSION, mip_gap=float("nan")).to_json())
    again = mf.read(tmp_path)  # a run folder stands for its manifest
    assert again.mip_gap is None  # JSON has no NaN
    assert again.to_dict() == {**m.to_dict(), "schema_version": mf.SCHEMA_VERSION,
                               "mip_gap": None}


@pytest.mark.parametrize(("text", "message"), [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "a JSON list"),
    ("null", "a JSON NoneType"),
    (json.dumps({k: v for k, v in GOOD.items() if k != "run_id"}), "key 'run_id' is missing"),
    (json.dumps({**GOOD, "objective_meur": "12"}), "key 'objective_meur' must be a number"),
    (json.dumps({**GOOD, "objective_meur": True}), "key 'objective_meur' must be a number"),
    (json.dumps({**GOOD, "resolved_scenario": []}), "key 'resolved_scenario' must be an obj"),
    (json.dumps({**GOOD, "input_sha256": {"a.csv": 1}}), "key 'input_sha256' must map names"),
    (json.dumps({**GOOD, "overrides": "x=1"}), "key 'overrides' must be a list"),
    (json.dumps({**GOOD, "schema_version": 99}), "newer than this tool reads"),
    (json.dumps({**GOOD, "resolved_scenario": {"permitting": "slow"}}),
     "key 'resolved_scenario.permitting' must be an object"),
    (json.dumps({**GOOD, "resolved_scenario": {"years": {"start": "2025"}}}),
     "key 'resolved_scenario.years.start' must be a number"),
])
def test_damaged_manifest_is_an_input_error_naming_file_and_key(tmp_path, text, message):
    path = tmp_path / "manifest.json"
    path.write_text(text)
    with pytest.raises(InputError, match=message) as err:
        mf.read(path)
    assert str(path) in str(err.value)


def test_missing_manifest_names_the_file(tmp_path):
    with pytest.raises(InputError, match="no such manifest"):
        mf.read(tmp_path / "manifest.json")


# ------------------------------------------------------------------ identity

def test_input_hashes_are_those_the_loader_records(tmp_path):
    sc = config.load_scenario(wind_case(tmp_path))
    assert identity.input_sha256(sc.data) == data_mod.load(sc).sha256


def test_identity_ignores_execution_settings_and_the_data_path(tmp_path):
    path = wind_case(tmp_path)
    base = identity.scenario_identity(config.load_scenario(path))
    for same in (["solver.threads=1"], ["output.brief=true", "output.netcdf=false"],
                 ["description=another text"], ["solver.seed=3", "solver.presolve='off'"]):
        assert identity.scenario_identity(config.load_scenario(path, same)) == base, same
    moved = tmp_path / "elsewhere" / "data"
    shutil.copytree(tmp_path / "data", moved)  # another checkout: same bytes, other path
    assert identity.scenario_identity(config.load_scenario(path, [f"data={moved}"])) == base
    for other in (["solver.mip_rel_gap=0.5"], ["permitting.wind.approval_months=7"],
                  ["name=x"]):
        assert identity.scenario_identity(config.load_scenario(path, other)) != base, other
    prices = moved / "prices.csv"
    prices.write_text(prices.read_text().replace("100.0", "100.5"))  # one input byte
    assert identity.scenario_identity(config.load_scenario(path, [f"data={moved}"])) != base


def test_override_labels_and_names():
    assert identity.run_name("slow", []) == "slow"
    assert identity.run_name("slow", ["solver.threads=1", "output.brief=false",
                                      "solver.presolve='off'", "solver.seed=7"]) == "slow"
    assert (identity.run_name("slow", ["permitting.wind.approval_months=30"])
            == "slow__wind.approval_months-30")
    assert (identity.run_name("r", ["policy.co2_cap_t.2035=50000", "prices.case=high"])
            == "r__co2_cap_t.2035-50000_prices.case-high")
    assert identity.run_name("r", ["name=mine", "prices.case=high"]) == "r"  # named by --set
    assert identity.run_name("r", ["prices.case=high"], name="given") == "given"
    long = identity.run_name("r", [f"policy.co2_cap_t.{y}=1000000" for y in range(2030, 2040)])
    assert long.startswith("r__set-") and len(long) == len("r__set-") + 8
    odd = identity.override_label(["data=/some/where/../x y"])
    assert odd and ".." not in odd and "/" not in odd and " " not in odd
    # different keys with the same leaf stay apart
    assert (identity.override_label(["permitting.wind.approval_months=9"])
            != identity.override_label(["permitting.pv_ground.approval_months=9"]))
