r"""One-at-a-time sensitivity: each input at its low and high value, effect on the results.

Ranges live in the data set, ``<data>/sensitivity_ranges.csv`` (columns :data:`COLUMNS`): one
row per input, the scenario key it sets (``--set`` style), its ``low`` and ``high`` value, the
unit, ``value_type`` and ``source_id`` (as every tagged row of the data set). For every input
and end, the run with ``key=low`` (``high``) is compared with the base run, and so is the same
run with 12 more months of wind approval in every region (the per-region values in force +
12): the cost of one year of wind delay

.. math:: c = NPV(x, a + 12) - NPV(x, a)

in M EUR of NPV per year of delay, at the base, low and high values. Legend: :math:`x` the
input's value, :math:`a` the wind approval months in force per region.

``sensitivity.csv``: ``input``, ``scenario_key``, ``unit``, ``low``, ``high``,
``value_type``, ``source_id``, ``delta_npv_meur_{low,high}`` (M EUR vs the base run),
``delta_emissions_kt_{low,high}`` (kt CO2 cumulative), ``wind_delay_meur_per_year_{base,low,
high}`` and ``basis``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model.analysis.attribution import _permitting
from model.analysis.members import Engine, MemberSpec, member, run_members
from model.analysis.metrics import run_metrics
from model.atomic import write_csv_atomic
from model.errors import InputError
from model.inputs import config
from model.outputs.i18n import check_lang
from model.outputs.runs import load_run

log = logging.getLogger(__name__)

RANGES_FILE = "sensitivity_ranges.csv"
COLUMNS = ("input", "scenario_key", "low", "high", "unit", "value_type", "source_id", "note")
SENSITIVITY_CSV = "sensitivity.csv"
DELAY_MONTHS = 12


@dataclass
class Sensitivity:
    """Result of :func:`sensitivity`."""

    table: pd.DataFrame
    basis: str
    files: list[Path] = field(default_factory=list)


def read_ranges(path: Path) -> pd.DataFrame:
    """Read and check the ranges file (every column, no empty cell, known value type).

    Raises
    ------
    InputError
        Naming the file, the row (spreadsheet numbering, header = 1) and the column.
    """
    if not path.is_file():
        raise InputError(f"{path}: no sensitivity ranges in this data set (columns "
                         f"{', '.join(COLUMNS)})")
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}")
    problems = [f"{path}, row {i + 2}, column {c}: empty" for i, row in df.iterrows()
                for c in COLUMNS[:7] if not row[c].strip()]
    problems += [f"{path}, row {i + 2}, column value_type: {v!r} is not one of M, P, D, A"
                 for i, v in df["value_type"].items() if v.strip() not in ("M", "P", "D", "A")]
    dup = df["input"][df["input"].duplicated()].tolist()
    problems += [f"{path}: input {d!r} appears twice" for d in dup]
    if problems:
        raise InputError(problems)
    return df


def _wind_delay(sc: config.Scenario) -> list[str]:
    res = _permitting(sc)
    return [f"permitting.wind.regions.{r}.approval_months="
            f"{res[('wind', r, 'approval_months')] + DELAY_MONTHS:g}"
            for r in sc.regions if ("wind", r, "approval_months") in res.index]


def sensitivity(scenario: Path, inputs: Sequence[str] | None = None,
                out: Path = Path("results"), cores: int = 1, engine: Engine = "auto",
                ranges: Path | None = None, write: bool = True,
                lang: str = "en") -> Sensitivity:
    """Run each input at its low and high value (with and without a year of wind delay).

    Parameters
    ----------
    scenario : Path
        The base scenario file.
    inputs : sequence of str, optional
        ``input`` names of the ranges file; default all rows.
    ranges : Path, optional
        Default ``<data>/sensitivity_ranges.csv`` of the scenario's data set.
    write, lang
        Write ``sensitivity.csv``, the tornado and the comparison brief of the base run and
        the base run with one year of wind delay (with the tornado) in ``lang``.

    Raises
    ------
    InputError
        Missing ranges file or row, a bad cell, an input without a range, a low/high value
        the scenario key refuses. Nothing is written then.
    """
    check_lang(lang)
    base_sc = config.load_scenario(scenario)
    path = Path(ranges) if ranges is not None else Path(base_sc.data) / RANGES_FILE
    df = read_ranges(path)
    if inputs:
        unknown = [i for i in inputs if i not in set(df["input"])]
        if unknown:
            raise InputError(f"{path}: no sensitivity range for {', '.join(unknown)} (inputs "
                             f"with a range: {', '.join(df['input'])})")
        df = df[df["input"].isin(inputs)]
    delay = _wind_delay(base_sc)
    if not delay:
        raise InputError(f"{scenario}: no wind approval months in force; the cost of a year "
                         "of wind delay is undefined")
    specs: dict[tuple[str, str], tuple[MemberSpec, MemberSpec]] = {}
    problems = []
    base = (member(scenario, []), member(scenario, delay))
    for _, row in df.iterrows():
        for end in ("low", "high"):
            over = [f"{row['scenario_key']}={row[end].strip()}"]
            try:
                specs[(row["input"], end)] = (member(scenario, over),
                                              member(scenario, [*over, *delay]))
            except InputError as err:
                problems += [f"{path}, input {row['input']} ({end}): {p}" for p in err.problems]
    if problems:
        raise InputError(problems)
    every = [*base, *(m for pair in specs.values() for m in pair)]
    folders = run_members(scenario, every, out, cores, engine,
                          label=f"sensitivity_{base[0].name}")
    order = list(dict.fromkeys(m.name for m in every))
    metrics = run_metrics([load_run(folders[n]) for n in order], base[0].name)
    rec = dict(zip(order, metrics.records, strict=True))

    def cost(pair: tuple[MemberSpec, MemberSpec]) -> float:
        return rec[pair[1].name]["npv_meur"] - rec[pair[0].name]["npv_meur"]

    rows = []
    for _, row in df.iterrows():
        out_row = {c: row[c] for c in COLUMNS}
        for end in ("low", "high"):
            pair = specs[(row["input"], end)]
            out_row[f"delta_npv_meur_{end}"] = rec[pair[0].name]["delta_npv_meur"]
            out_row[f"delta_emissions_kt_{end}"] = rec[pair[0].name][
                "delta_cumulative_emissions_kt"]
            out_row[f"wind_delay_meur_per_year_{end}"] = cost(pair)
        out_row["wind_delay_meur_per_year_base"] = cost(base)
        rows.append(out_row)
    table = pd.DataFrame(rows)
    table["basis"] = metrics.basis
    result = Sensitivity(table=table, basis=metrics.basis)
    if write:
        from model.analysis.figures import tornado_figure
        from model.outputs.compare import compare_runs
        from model.outputs.comparison_brief import write_comparison_brief

        folder = Path(out) / "sensitivity" / base[0].name
        folder.mkdir(parents=True, exist_ok=True)
        write_csv_atomic(folder / SENSITIVITY_CSV, table)
        result.files = [folder / SENSITIVITY_CSV, tornado_figure(table, folder)]
        comp = compare_runs([load_run(folders[m.name]) for m in base], base[0].name)
        comp.tornado = table
        result.files.append(write_comparison_brief(comp, folder, lang))
    return result
