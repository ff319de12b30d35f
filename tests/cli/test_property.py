"""Property: whatever the scenario document or the damage to a data file, ``validate`` ends
with exit 0 (valid) or 2 (bad input), never 1 (a crash), and writes no file.

Two generators (hypothesis, bounded and derandomised so CI sees the same examples every
time, no example database written):

* random scenario documents: the valid tiny scenario with keys replaced by random values
  (numbers including NaN and infinities, strings including path components, lists,
  mappings, null), deleted or added at any depth, and random YAML text;
* random byte-level damage of each CSV of the data set (including the derived profiles):
  bytes flipped, inserted (NUL, separators, quotes, newlines, non-UTF-8), deleted, lines
  duplicated or dropped, the file truncated or emptied.

Each example runs the real command in-process (Typer's CliRunner); a few fixed damages also
run through ``python run.py validate`` in a subprocess, the console-script path.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from cases import wind_case
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from model.cli.app import app
from model.inputs.tables import PROFILES_FILE, TABLES

pytestmark = pytest.mark.cli

REPO = Path(__file__).resolve().parents[2]
# every file of the tiny template (optional files such as value_tags.csv are not in it)
CSV_FILES = [spec.file for spec in TABLES.values() if not spec.optional_file] + [PROFILES_FILE]
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A valid tiny case (scenario + data set), copied for every example."""
    return wind_case(tmp_path_factory.mktemp("template")).parent


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in root.rglob("*")}


def _validate(case: Path, scenario: Path) -> None:
    """Run validate in-process; assert the exit code and that nothing was written."""
    before = _snapshot(case)
    result = CliRunner().invoke(app, ["validate", str(scenario)])
    assert result.exit_code in (0, 2), (result.exit_code, result.output, result.exception)
    if result.exit_code == 2:
        assert "Bad input" in result.output, result.output
    assert _snapshot(case) == before


def _fresh(template: Path, tmp_path: Path, n: list[int]) -> Path:
    n[0] += 1
    case = tmp_path / f"ex{n[0]}"
    shutil.copytree(template, case)
    doc = yaml.safe_load((case / "tiny.yaml").read_text())
    doc["data"] = str(case / "data")
    (case / "tiny.yaml").write_text(yaml.safe_dump(doc))
    return case


# ------------------------------------------------------------------- scenario documents

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**12, 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(["..", ".", "/", "../x", "a/b", "", " ", "reference", "r1", "wind",
                     "p1", "2030", "1e400", "nan", "-inf", "TRY08", "\x00", "\u00e4"]),
    st.text(max_size=12),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(
        st.one_of(st.text(max_size=8), st.integers(2000, 2100)), inner, max_size=4)),
    max_leaves=8)


def _paths(doc: object, prefix: tuple = ()) -> list[tuple]:
    out = [prefix] if prefix else []
    if isinstance(doc, dict):
        for k, v in doc.items():
            out += _paths(v, (*prefix, k))
    return out


@st.composite
def scenario_docs(draw, base: dict) -> dict:
    doc = copy.deepcopy(base)
    for _ in range(draw(st.integers(1, 4))):
        paths = _paths(doc)
        path = draw(st.sampled_from(paths)) if paths else ("name",)
        node = doc
        for key in path[:-1]:
            node = node[key]
        if not isinstance(node, dict):
            continue
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace":
            node[path[-1]] = draw(VALUES)
        elif action == "delete":
            node.pop(path[-1], None)
        else:
            node[draw(st.text(min_size=1, max_size=10))] = draw(VALUES)
    return doc


@SETTINGS
@given(data=st.data())
def test_random_scenario_documents_exit_0_or_2(template, tmp_path, data):
    n = getattr(test_random_scenario_documents_exit_0_or_2, "_n", [0])
    test_random_scenario_documents_exit_0_or_2._n = n
    case = _fresh(template, tmp_path, n)
    scenario = case / "tiny.yaml"
    base = yaml.safe_load(scenario.read_text())
    if data.draw(st.booleans()):
        doc = data.draw(scenario_docs(base))
        doc.setdefault("data", base["data"])
        scenario.write_text(yaml.safe_dump(doc, allow_unicode=True))
    else:  # raw text, YAML or not
        scenario.write_text(data.draw(st.text(max_size=200)), encoding="utf-8")
    _validate(case, scenario)


# ------------------------------------------------------------------- byte-level damage

DAMAGE_BYTES = st.sampled_from([b"\x00", b",", b";", b'"', b"\n", b"\r", b"\xff\xfe", b"-",
                                b"e999", b"nan", b"  ", b"\t", b"1" * 30, b"\xc3"])


@st.composite
def damaged(draw, data: bytes) -> bytes:
    buf = bytearray(data)
    for _ in range(draw(st.integers(1, 3))):
        pos = draw(st.integers(0, max(len(buf) - 1, 0)))
        op = draw(st.sampled_from(["flip", "insert", "delete", "truncate", "dup_line",
                                   "drop_line", "empty"]))
        if op == "flip" and buf:
            buf[pos] = draw(st.integers(0, 255))
        elif op == "insert":
            buf[pos:pos] = draw(DAMAGE_BYTES)
        elif op == "delete":
            del buf[pos:pos + draw(st.integers(1, 40))]
        elif op == "truncate":
            del buf[pos:]
        elif op in ("dup_line", "drop_line"):
            lines = bytes(buf).split(b"\n")
            i = draw(st.integers(0, len(lines) - 1))
            if op == "dup_line":
                lines.insert(i, lines[i])
            else:
                del lines[i]
            buf = bytearray(b"\n".join(lines))
        elif op == "empty":
            buf = bytearray()
    return bytes(buf)


@SETTINGS
@given(data=st.data(), name=st.sampled_from(CSV_FILES))
def test_random_csv_damage_exits_0_or_2(template, tmp_path, data, name):
    n = getattr(test_random_csv_damage_exits_0_or_2, "_n", [0])
    test_random_csv_damage_exits_0_or_2._n = n
    case = _fresh(template, tmp_path, n)
    path = case / "data" / name
    path.write_bytes(data.draw(damaged(path.read_bytes())))
    _validate(case, case / "tiny.yaml")


@pytest.mark.parametrize(("name", "damage"), [
    ("plants.csv", lambda b: b.replace(b"8760.0", b"87\x0060.0", 1)),
    ("prices.csv", lambda b: b.replace(b",", b";")),
    (PROFILES_FILE, lambda b: b[: len(b) // 3]),
    ("regions.csv", lambda b: b"\xff\xfe" + b),
])
def test_damage_through_the_console_script_exits_2(template, tmp_path, name, damage):
    case = _fresh(template, tmp_path, [0])
    path = case / "data" / name
    path.write_bytes(damage(path.read_bytes()))
    before = _snapshot(case)
    proc = subprocess.run([sys.executable, str(REPO / "run.py"), "validate",
                           str(case / "tiny.yaml")], cwd=case, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and name.split("/")[-1] in proc.stderr
    assert _snapshot(case) == before
