"""Solve time and gap of the reference run with unit commitment and with 2x / 4x the plants.

Measures
    ``scenarios/reference.yaml`` through ``model.runner.run_scenario``, one fresh spawned
    process per case, one case after the other:

    * ``base``: as shipped;
    * ``unit commitment``: ``--set plants.unit_commitment=true`` (on/off binaries per plant
      and step, minimum load, start-up cost) with ``--set solver.time_limit_s=300``;
    * ``2x plants`` / ``4x plants``: a temporary copy of the data folder (``inputs/harz``,
      incl. ``derived/``) whose ``plants.csv`` lists every plant 2 or 4 times (copies with
      ids suffixed ``_2``, ``_3``, ``_4``), used through ``--set data=<copy>``.

    Per case: outcome, solve time, MIP gap reached, columns, rows, integer columns, objective,
    end-to-end time and peak memory; then the ratios of solve time, columns and integer
    columns to the base run.

Run
    python bench/bench_plants.py                      # ~4-5 min on 2 cores
    python bench/bench_plants.py --cases base 4x      # a subset
    python bench/bench_plants.py --set solver.time_limit_s=120   # for every case (last wins)

Read
    ``solve/base`` is the price of the feature or size in solve time. The unit-commitment
    case usually stops at its 300 s limit: its ``gap`` column says how far it got (the
    outcome is then ``feasible_at_limit``, which publishes results flagged as such). A gap
    above the scenario's ``mip_rel_gap`` means the limit, not the gap, ended the solve.
    JSON: ``bench/out/bench_plants.json``.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import (  # noqa: E402
    REPO,
    fmt,
    in_fresh_process,
    load_check,
    print_table,
    scenario_path,
    scenario_run,
    write_json,
)

DATA = REPO / "inputs" / "harz"


def multiplied_data(dest: Path, factor: int) -> Path:
    """Copy inputs/harz to ``dest`` with every plant listed ``factor`` times."""
    shutil.copytree(DATA, dest)
    path = dest / "plants.csv"
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames, list(reader)
    out = list(rows)
    for k in range(2, factor + 1):
        out += [{**r, "plant_id": f"{r['plant_id']}_{k}"} for r in rows]
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields)
        writer.writeheader()
        writer.writerows(out)
    return dest


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cases", nargs="+", default=["base", "uc", "2x", "4x"],
                    choices=["base", "uc", "2x", "4x"])
    ap.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                    help="extra override for every case, applied last (repeatable)")
    args = ap.parse_args()
    load_check()
    path = scenario_path("reference")

    with tempfile.TemporaryDirectory(prefix="bench-plants-") as tmp:
        case_sets = {
            "base": [],
            "uc": ["plants.unit_commitment=true", "solver.time_limit_s=300"],
            "2x": [f"data={multiplied_data(Path(tmp) / 'harz_x2', 2)}"] if "2x" in args.cases
            else [],
            "4x": [f"data={multiplied_data(Path(tmp) / 'harz_x4', 4)}"] if "4x" in args.cases
            else [],
        }
        labels = {"base": "base", "uc": "unit commitment", "2x": "2x plants",
                  "4x": "4x plants"}
        runs = {}
        for name in args.cases:
            overrides = [*case_sets[name], *args.sets]
            print(f"{labels[name]}: {' '.join('--set ' + o for o in overrides) or '(as shipped)'}",
                  flush=True)
            r = in_fresh_process(scenario_run, path, overrides)
            r["label"] = labels[name]
            runs[name] = r
            print(f"  {r['outcome']}, solve {fmt(r['timings_s'].get('solve'), '.1f')} s, gap "
                  f"{fmt(r['gap'], '.3%')}, {r['wall_s']:.1f} s in all", flush=True)

    base = runs.get("base")

    def ratio(r, get):
        if base is None:
            return None
        a, b = get(r), get(base)
        return a / b if a is not None and b else None

    def solve_s(r):
        return r["timings_s"].get("solve")

    rows = []
    for r in runs.values():
        sz = r["size"]
        r["ratio_solve_to_base"] = ratio(r, solve_s)
        r["ratio_columns_to_base"] = ratio(r, lambda x: x["size"].get("columns"))
        r["ratio_integers_to_base"] = ratio(r, lambda x: x["size"].get("integer_columns"))
        r["ratio_end_to_end_to_base"] = ratio(r, lambda x: x["end_to_end_s"])
        rows.append([r["label"], r["outcome"], fmt(solve_s(r)), fmt(r["gap"], ".3%"),
                     f"{sz.get('columns', 0):,}", f"{sz.get('rows', 0):,}",
                     f"{sz.get('integer_columns', 0):,}", fmt(r["objective_meur"], ",.2f"),
                     fmt(r["end_to_end_s"]), fmt(r["peak_mb"], ".0f"),
                     fmt(r["ratio_solve_to_base"]), fmt(r["ratio_columns_to_base"]),
                     fmt(r["ratio_integers_to_base"]), fmt(r["ratio_end_to_end_to_base"])])
    print()
    print_table(["case", "outcome", "solve s", "gap", "columns", "rows", "integers",
                 "objective MEUR", "end-to-end s", "peak MB", "solve/base", "cols/base",
                 "ints/base", "e2e/base"], rows)
    out = write_json("bench_plants", {"scenario": path, "cases": runs})
    print(f"\nwritten {out}")
    return 0 if all(r["outcome"] in ("optimal", "feasible_at_limit") for r in runs.values()) \
        else 1


if __name__ == "__main__":
    sys.exit(main())
