"""Scenario schema and loader: composition, overrides, error messages, JSON Schema in sync."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from model.errors import InputError
from model.inputs.config import (
    SCHEMA_PATH,
    Scenario,
    load_scenario,
    resolved_dict,
    scenario_hash,
    write_json_schema,
)

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = REPO / "scenarios"


def write(path: Path, text: str) -> Path:
    """Write a dedented YAML file, creating its folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(path: Path, overrides: tuple[str, ...] = ()) -> str:
    """The message of the InputError that loading ``path`` raises."""
    with pytest.raises(InputError) as info:
        load_scenario(path, overrides)
    return str(info.value)


@pytest.mark.unit
def test_reference_loads() -> None:
    s = load_scenario(SCENARIOS / "reference.yaml")
    assert s.name == "reference"
    assert s.data == (REPO / "inputs" / "harz").resolve()
    assert s.data.is_absolute()
    assert (s.years.start, s.years.end, s.years.operation_step) == (2025, 2045, 1)
    assert (s.time.representative_days, s.time.segments, s.time.weather) == (8, 12, "regional")
    assert s.regions == ["harz_ni", "harz_st", "harz_th"]
    assert s.permitting.case == "reference" and s.permitting.wind is None
    assert s.policy.co2_cap_t == {} and s.policy.co2_budget_t is None
    assert s.discount_base_year == 2025
    assert s.operation_years == list(range(2025, 2046))
    # every section is written out in reference.yaml, with every key of it
    raw = yaml.safe_load((SCENARIOS / "reference.yaml").read_text(encoding="utf-8"))
    assert set(raw) == set(Scenario.model_fields)
    for section, model in Scenario.model_fields.items():
        fields = getattr(model.annotation, "model_fields", None)
        if fields and section != "permitting":  # permitting overrides are optional, commented
            assert set(raw[section]) == set(fields), section


@pytest.mark.unit
@pytest.mark.parametrize("case", ["fast", "slow"])
def test_fast_and_slow_differ_only_in_permitting_case(case: str) -> None:
    ref = resolved_dict(load_scenario(SCENARIOS / "reference.yaml"))
    other = resolved_dict(load_scenario(SCENARIOS / f"{case}.yaml"))
    assert other["name"] == case and other["permitting"]["case"] == case
    assert other["description"] and other["description"] != ref["description"]
    for d in (ref, other):
        del d["name"], d["description"], d["permitting"]["case"]
    assert other == ref


@pytest.mark.unit
def test_unknown_key_at_depth_names_path_and_suggests(tmp_path: Path) -> None:
    f = write(tmp_path / "s.yaml", """\
        name: s
        permitting:
          wind:
            regions:
              harz_ni: {aproval_months: 3}
        """)
    msg = error_of(f)
    assert str(f) in msg
    assert "permitting.wind.regions.harz_ni.aproval_months" in msg
    assert "did you mean 'approval_months'" in msg


@pytest.mark.unit
def test_wrong_type_names_path_type_and_value(tmp_path: Path) -> None:
    f = write(tmp_path / "s.yaml", "name: s\nyears: {start: twenty}\nplants: {flexibility: 3}\n")
    msg = error_of(f)
    assert "2 problems" in msg
    assert "years.start: Input should be a valid integer" in msg and "'twenty'" in msg
    assert "plants.flexibility: Input should be a valid boolean" in msg


@pytest.mark.unit
@pytest.mark.parametrize("value", ["-6", "abc", "true"])
def test_bad_approval_months_rejected_with_path(tmp_path: Path, value: str) -> None:
    f = write(tmp_path / "s.yaml", f"name: s\npermitting: {{wind: {{approval_months: {value}}}}}\n")
    msg = error_of(f)
    assert f"{f}: permitting.wind.approval_months:" in msg


@pytest.mark.unit
def test_attrition_share_of_one_rejected(tmp_path: Path) -> None:
    f = write(tmp_path / "s.yaml", "name: s\npermitting: {pv_ground: {attrition_share: 1.0}}\n")
    msg = error_of(f)
    assert "permitting.pv_ground.attrition_share" in msg and "less than 1" in msg
    ok = load_scenario(f, ["permitting.pv_ground.attrition_share=0.99"])
    assert ok.permitting.pv_ground is not None
    assert ok.permitting.pv_ground.attrition_share == pytest.approx(0.99)


@pytest.mark.unit
def test_composition_later_files_override_and_dicts_merge(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", """\
        name: a
        description: from a
        years: {start: 2026, end: 2045}
        regions: [harz_ni, harz_st]
        policy: {co2_cap_t: {2030: 100, 2035: 50}}
        plants: {exclude: [p1, p2]}
        """)
    write(tmp_path / "b.yaml", """\
        extends: a.yaml
        name: b
        years: {end: 2040}
        regions: [harz_th]
        policy: {co2_cap_t: {2030: 80}}
        """)
    write(tmp_path / "extra.yaml", "plants: {exclude: [p3]}\ndescription: from extra\n")
    c = write(tmp_path / "sub" / "c.yaml", "extends: [../b.yaml, ../extra.yaml]\nname: c\n"
                                            "years: {end: 2038}\n")
    s = load_scenario(c)
    assert s.name == "c"
    assert (s.years.start, s.years.end) == (2026, 2038)        # a's start, c's end
    assert s.regions == ["harz_th"]                            # lists replace
    assert s.policy.co2_cap_t == {2030: 80.0, 2035: 50.0}      # dicts merge key by key
    assert s.plants.exclude == ["p3"]                          # later list in extends wins
    assert s.description == "from extra"


@pytest.mark.unit
def test_extends_cycle_detected(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "extends: b.yaml\nname: a\n")
    write(tmp_path / "b.yaml", "extends: c.yaml\n")
    write(tmp_path / "c.yaml", "extends: a.yaml\n")
    msg = error_of(tmp_path / "a.yaml")
    assert "extends cycle: a.yaml -> b.yaml -> c.yaml -> a.yaml" in msg


@pytest.mark.unit
def test_set_with_integer_dict_key(tmp_path: Path) -> None:
    f = write(tmp_path / "s.yaml", "name: s\npolicy: {co2_cap_t: {2030: 1}}\n")
    s = load_scenario(f, ["policy.co2_cap_t.2030=50000", "policy.co2_cap_t.2040=0",
                          "regions=[harz_ni]", "plants.scale={p1: 2}", "plants.flexibility=false",
                          "permitting.wind.approval_months=12"])
    assert s.policy.co2_cap_t == {2030: 50000.0, 2040: 0.0}
    assert s.regions == ["harz_ni"] and s.plants.scale == {"p1": 2.0}
    assert s.plants.flexibility is False
    assert s.permitting.wind is not None and s.permitting.wind.approval_months == 12.0
    # applied in order: the last one wins
    s = load_scenario(f, ["policy.co2_cap_t.2030=5", "policy.co2_cap_t.2030=7"])
    assert s.policy.co2_cap_t == {2030: 7.0}



def test_set_validate_hourly_off_unquoted(tmp_path: Path) -> None:
    """YAML reads ``off`` as false; the documented value must still work from --set."""
    f = write(tmp_path / "s.yaml", "name: s\noutput: {validate_hourly: off}\n")
    assert load_scenario(f).output.validate_hourly == "off"
    s = load_scenario(SCENARIOS / "reference.yaml", ["output.validate_hourly=off"])
    assert s.output.validate_hourly == "off"
    with pytest.raises(InputError, match="validate_hourly"):
        load_scenario(SCENARIOS / "reference.yaml", ["output.validate_hourly=true"])


@pytest.mark.unit
def test_set_unknown_key_suggests() -> None:
    msg = error_of(SCENARIOS / "reference.yaml", ("plants.growht_pct_per_year=2",))
    assert msg.startswith("--set plants.growht_pct_per_year: plants.growht_pct_per_year:")
    assert "did you mean 'growth_pct_per_year'" in msg
    msg = error_of(SCENARIOS / "reference.yaml", ("permitting.wind.approval_months=-1",))
    assert msg.startswith("--set permitting.wind.approval_months:")


@pytest.mark.unit
@pytest.mark.parametrize("override", ["permitting.case", "=5", "a..b=1", "extends=x.yaml"])
def test_set_bad_form(override: str) -> None:
    msg = error_of(SCENARIOS / "reference.yaml", (override,))
    assert msg.startswith("--set")
    assert "key.path=value" in msg or "only be used in scenario files" in msg


@pytest.mark.unit
def test_data_resolved_relative_to_the_file_that_sets_it(tmp_path: Path) -> None:
    write(tmp_path / "base" / "base.yaml", "name: base\ndata: ../my_data\n")
    child = write(tmp_path / "x" / "y" / "child.yaml", "extends: ../../base/base.yaml\nname: c\n")
    assert load_scenario(child).data == (tmp_path / "my_data").resolve()
    own = write(tmp_path / "x" / "own.yaml", "extends: ../base/base.yaml\nname: o\ndata: d\n")
    assert load_scenario(own).data == (tmp_path / "x" / "d").resolve()
    plain = write(tmp_path / "x" / "plain.yaml", "name: p\n")  # default: relative to this file
    assert load_scenario(plain).data == (tmp_path / "inputs" / "harz").resolve()


@pytest.mark.unit
def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    f = write(tmp_path / "broken.yaml", "name: b\nyears:\n  start: 2025\n end: 2045\n")
    msg = error_of(f)
    assert str(f) in msg and "line 4" in msg and "invalid YAML" in msg
    parent = write(tmp_path / "child.yaml", "extends: broken.yaml\nname: c\n")
    assert str(f) in error_of(parent)


@pytest.mark.unit
def test_missing_file_suggests_existing(tmp_path: Path) -> None:
    write(tmp_path / "reference.yaml", "name: r\n")
    msg = error_of(tmp_path / "refrence.yaml")
    assert str(tmp_path / "refrence.yaml") in msg and "not found" in msg
    assert "did you mean 'reference.yaml'" in msg
    child = write(tmp_path / "child.yaml", "extends: nothere.yaml\nname: c\n")
    msg = error_of(child)
    assert str(child) in msg and "nothere.yaml" in msg and "reference.yaml" in msg


@pytest.mark.unit
def test_hash_is_canonical_and_sensitive() -> None:
    ref = load_scenario(SCENARIOS / "reference.yaml")
    again = load_scenario(SCENARIOS / "reference.yaml", ["solver.time_limit_s=600"])
    assert scenario_hash(ref) == scenario_hash(again)
    json.dumps(resolved_dict(ref))  # JSON-serialisable
    changed = load_scenario(SCENARIOS / "reference.yaml", ["policy.co2_cap_t.2030=1"])
    assert len(scenario_hash(ref)) == 64 and scenario_hash(changed) != scenario_hash(ref)
    with pytest.raises(ValidationError):
        ref.name = "other"  # type: ignore[misc]  # frozen


@pytest.mark.unit
def test_json_schema_file_in_sync(tmp_path: Path) -> None:
    fresh = tmp_path / "scenario.schema.json"
    write_json_schema(fresh)
    committed = SCHEMA_PATH.read_text(encoding="utf-8")
    assert fresh.read_text(encoding="utf-8") == committed, (
        "scenarios/scenario.schema.json is out of date: run `python -m model.inputs.config`")
    schema = json.loads(committed)
    assert "extends" in schema["properties"] and schema["additionalProperties"] is False


@pytest.mark.unit
def test_scenario_files_valid_against_exported_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for name in ("reference", "fast", "slow"):
        raw = yaml.safe_load((SCENARIOS / f"{name}.yaml").read_text(encoding="utf-8"))
        jsonschema.validate(raw, schema)
