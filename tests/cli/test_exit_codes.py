"""One exit code per outcome, from the command line (README "Exit codes", ``run.py --help``).

Bad inputs are real corrupted files (the function-level messages are in
tests/unit/test_checks.py); here the command must exit 2, name the file and the row, and
write no results. Infeasible, unbounded and "infeasible or unbounded" cases come from the
tiny wind case (tests/cases.py); the time-limit and interrupt codes are in test_faults.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from cases import published, wind_case

import model.cli as cli_mod
import model.runner
from model.solve.highs import EXIT_BAD_INPUT, EXIT_CODES, Outcome

pytestmark = pytest.mark.cli

REPO = Path(__file__).resolve().parents[2]


def _truncate(folder: Path) -> tuple[str, str]:
    path = folder / "plants.csv"
    text = path.read_text()
    path.write_text(text[: text.rindex(",", 0, len(text) - 40)] + "\n")  # last row cut short
    return "plants.csv", "row 2"


def _nan(folder: Path) -> tuple[str, str]:
    path = folder / "technology_costs.csv"
    lines = path.read_text().splitlines()
    cells = lines[1].split(",")
    cells[2] = "NaN"  # capex_eur_per_unit of the first technology
    lines[1] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n")
    return "technology_costs.csv", "row 2"


def _wrong_unit(folder: Path) -> tuple[str, str]:
    path = folder / "land.csv"
    path.write_text(path.read_text().replace("potential_mw", "potential_kw", 1))
    return "land.csv", "found 'potential_kw', a different unit"  # a header problem


def _duplicate(folder: Path) -> tuple[str, str]:
    path = folder / "plants.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([*lines, lines[1]]) + "\n")
    return "plants.csv", "row 3"


def _latin1(folder: Path) -> tuple[str, str]:
    path = folder / "regions.csv"
    text = path.read_text().replace("r1,r1,", "r1,Göttingen,", 1)
    path.write_bytes(text.encode("latin-1"))
    return "regions.csv", "row 2"


CORRUPTIONS = {"truncated": _truncate, "nan": _nan, "wrong_unit": _wrong_unit,
               "duplicate_id": _duplicate, "non_utf8": _latin1}


@pytest.mark.parametrize("kind", list(CORRUPTIONS))
def test_corrupted_input_exits_2_naming_file_and_row(tmp_path, cli, kind):
    scenario = wind_case(tmp_path)
    file, where = CORRUPTIONS[kind](tmp_path / "data")
    res = cli("run", scenario, "--out", tmp_path / "out")
    assert res.exit_code == EXIT_BAD_INPUT, res.output
    assert "Bad input" in res.text and f"{tmp_path / 'data' / file}" in res.text
    assert where in res.text
    assert published(tmp_path / "out") == []


def test_console_script_exit_codes_bad_input_and_internal_error(tmp_path, monkeypatch):
    """Through ``python run.py`` itself: bad input is 2; an unexpected exception is 1."""
    scenario = wind_case(tmp_path)
    _latin1(tmp_path / "data")
    proc = subprocess.run([sys.executable, str(REPO / "run.py"), "run", str(scenario), "--out",
                           str(tmp_path / "out")], capture_output=True, text=True, cwd=REPO,
                          timeout=60)
    assert proc.returncode == 2 and "regions.csv: row 2: not valid UTF-8" in proc.stderr

    def boom(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(model.runner, "run_scenario", boom)
    monkeypatch.setattr(sys, "argv", ["run.py", "run", str(scenario)])
    with pytest.raises(SystemExit) as exc:
        cli_mod.main()
    assert exc.value.code == EXIT_CODES[Outcome.ERROR] == 1


def test_help_documents_every_exit_code(cli):
    text = cli("--help").output + cli("run", "--help").output
    for outcome, code in [*EXIT_CODES.items(), ("bad input", 2)]:
        assert re.search(rf"^\s+{code}\s+\S", text, re.MULTILINE), outcome
    assert "exists only for codes 0 and 3" in text


def test_infeasible_co2_cap_exits_4_names_cap_suggests_slack(tmp_path, cli):
    """Process CO2 of 876 t/yr cannot be abated, and with no land for wind the plant's
    8,760 MWh come from the grid at 0.5 t/MWh (4,380 t): a cap of 1,000 t passes the
    pre-solve check (876 t) but is infeasible (exit 4). A cap below the 876 t itself is
    caught before solving (test_hardening_data.py)."""
    def edit(t):
        t["plants"] = t["plants"].assign(process_co2_t_per_t=0.1)
        t["land"] = t["land"].assign(potential_mw=0.0)

    scenario = wind_case(tmp_path, edit=edit, policy={"co2_cap_t": {2027: 1000.0}})
    res = cli("run", scenario, "--out", tmp_path / "out")
    assert res.exit_code == 4, res.output
    assert "CO2 cap" in res.text and "policy.co2_cap_t.2027" in res.text
    assert "4,256.0 t CO2 above the cap" in res.text  # 876 + 4,380 - 1,000
    assert "876 t process and fuel carbon no option abates" in res.text
    assert "policy.allow_slack=true" in res.text
    assert published(tmp_path / "out") == []
    slack = cli("run", scenario, "--out", tmp_path / "out", "--set", "policy.allow_slack=true")
    assert slack.exit_code == 0  # the suggested remedy works: results with priced slack


@pytest.mark.parametrize(("lumpy", "code"), [(False, 5), (True, 6)])
def test_unbounded_and_infeasible_or_unbounded(tmp_path, cli, lumpy, code):
    """No land limit for wind, no transmission limit, and wind earns more than it costs:
    unbounded. HiGHS's MIP presolve says only 'infeasible or unbounded'; its LP relaxation is
    unbounded, which does not settle it for a MIP (exit 6), but does for the LP (exit 5)."""
    def edit(t):
        t["land"] = t["land"][t["land"]["technology"] != "wind"]

    scenario = wind_case(tmp_path, edit=edit, lumpy=lumpy, market={"transmission_limit": False})
    res = cli("run", scenario, "--out", tmp_path / "out", "--no-diagnose")
    assert res.exit_code == code, res.output
    assert published(tmp_path / "out") == []


def test_uncorrupted_case_is_valid(tmp_path, cli):
    """Guards the corruption tests against a broken fixture."""
    assert cli("validate", wind_case(tmp_path)).exit_code == 0
