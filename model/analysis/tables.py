"""Terminal tables of the analyses: fit 100 columns, numbers never truncated.

M EUR with one decimal, kt CO2 with one decimal, a ``Δ`` column per metric; long names wrap
(``overflow="fold"``), number columns never shrink (``no_wrap``, ``min_width`` = the widest
cell). Full precision stays in the CSVs.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.table import Table

WIDTH = 100


def num(value: object, digits: int = 1, sign: bool = False) -> str:
    """``1234.56`` -> ``1,234.6``; NaN/None -> ``-``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    v = float(value)
    if round(v, digits) == 0:
        v = 0.0
    return f"{v:+,.{digits}f}" if sign else f"{v:,.{digits}f}"


def table(title: str, heads: Sequence[str], rows: Sequence[Sequence[str]],
          name_cols: int = 1, caption: str = "") -> Table:
    """A rich table whose first ``name_cols`` columns fold and whose numbers never do."""
    t = Table(title=title, caption=caption, width=None, pad_edge=False, padding=(0, 1),
              title_justify="left", caption_justify="left")
    for i, h in enumerate(heads):
        if i < name_cols:
            t.add_column(h, overflow="fold", ratio=1, min_width=8)
        else:
            w = max([len(h.split("\n")[0]) if "\n" in h else 4,
                     *(len(r[i]) for r in rows)])
            t.add_column(h, justify="right", no_wrap=True, min_width=w)
    for r in rows:
        t.add_row(*r)
    return t


def delay_table(curve) -> Table:
    """The delay curve for the terminal (see :mod:`model.analysis.delay`)."""
    t = curve.table
    months = curve.x_unit == "years of delay"
    per = "per_year_of_delay" if months else "per_unit"
    unit = "yr of delay" if months else "unit"
    rows = []
    for _, r in t.iterrows():
        rows.append([("* " if r["is_base"] else "") + levers_text(r["value"]),
                     num(r["npv_meur"]), num(r["delta_npv_meur"], sign=True),
                     num(r["cumulative_emissions_kt"]),
                     num(r["delta_cumulative_emissions_kt"], sign=True),
                     num(r[f"npv_meur_{per}_neighbour"]),
                     num(r[f"emissions_kt_{per}_neighbour"])])
    heads = [curve.lever.rsplit(".", 1)[-1].replace("_", " "), "NPV\nM EUR", "Δ NPV\nM EUR",
             "CO2\nkt", "Δ CO2\nkt", f"M EUR of NPV\nper {unit}", f"kt CO2\nper {unit}"]
    r0 = t.iloc[0]
    cap = (f"* base value. Over the range: {num(r0[f'npv_meur_{per}_range'])} M EUR of NPV "
           f"and {num(r0[f'emissions_kt_{per}_range'])} kt CO2 per {unit}; per-value "
           f"columns: slope from the previous value. Basis: {curve.basis}.")
    return table(f"Delay curve: {curve.lever}", heads, rows, caption=cap)


def levers_text(value: float) -> str:
    return f"{value:g}"


def attribution_table(result) -> Table:
    """Shapley shares per case and lever group (see :mod:`model.analysis.attribution`)."""
    rows = []
    for _, r in result.table.iterrows():
        rows.append([str(r["case"]), str(r["group"]).replace("_", " "),
                     num(r["delta_npv_meur"], sign=True),
                     num(r["delta_npv_meur_alone"], sign=True),
                     num(r["interaction_npv_meur"], sign=True),
                     num(r["delta_emissions_kt"], sign=True),
                     num(r["delta_emissions_kt_alone"], sign=True)])
    heads = ["case", "lever group", "Δ NPV\nM EUR", "alone\nM EUR", "interaction\nM EUR",
             "Δ CO2\nkt", "alone\nkt"]
    cap = ("Δ: Shapley share of the change vs the baseline (shares sum to the total); alone: "
           "that group changed on its own; interaction: share minus alone. Basis: "
           f"{result.basis}.")
    return table("Attribution of each case's change to lever groups", heads, rows,
                 name_cols=2, caption=cap)


def sensitivity_table(result) -> Table:
    """One row per input: NPV, CO2 and cost of a year of wind delay at low and high."""
    rows = []
    for _, r in result.table.iterrows():
        rows.append([f"{r['input']} ({r['low']} / {r['high']} {r['unit']}; "
                     f"{r['value_type']}, {r['source_id']})",
                     num(r["delta_npv_meur_low"], sign=True),
                     num(r["delta_npv_meur_high"], sign=True),
                     num(r["delta_emissions_kt_low"], sign=True),
                     num(r["delta_emissions_kt_high"], sign=True),
                     num(r["wind_delay_meur_per_year_low"]),
                     num(r["wind_delay_meur_per_year_high"])])
    heads = ["input (low / high; tag, source)", "Δ NPV low\nM EUR", "Δ NPV high\nM EUR",
             "Δ CO2 low\nkt", "Δ CO2 high\nkt", "1 yr wind\ndelay, low\nM EUR NPV",
             "1 yr wind\ndelay, high\nM EUR NPV"]
    base = result.table["wind_delay_meur_per_year_base"].iloc[0] if len(result.table) else None
    cap = ("Δ: change vs the base run; wind delay: M EUR of NPV per year of wind delay (12 "
           f"more approval months in every region); at the base values {num(base)} M EUR. "
           f"Basis: {result.basis}.")
    return table("Sensitivity (one input at a time)", heads, rows, caption=cap)
