"""Terminal tables of the analyses: fit 100 columns, numbers never truncated.

M EUR with one decimal, kt CO2 with one decimal, a ``Δ`` column per metric; long names wrap
(``overflow="fold"``), number columns never shrink (``no_wrap``, ``min_width`` = the widest
cell). Full precision stays in the CSVs.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from rich.table import Table

WIDTH = 100


def num(value: object, digits: int = 1, sign: bool = False) -> str:
    """``1234.56`` -> ``1,234.6``; NaN/None/NA -> ``-``."""
    if value is None or pd.isna(value):
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
           f"{result.basis}." + wind_delay_text(result.table))
    return table("Attribution of each case's change to lever groups", heads, rows,
                 name_cols=2, caption=cap)


def wind_delay_text(t: pd.DataFrame) -> str:
    """Per case, the wind lead time's share per year of its delay (empty without it)."""
    if "npv_meur_per_year_of_wind_delay" not in t:
        return ""
    rows = t[t["npv_meur_per_year_of_wind_delay"].notna()]
    return "".join(
        f"\n{r['case']}: wind lead time {num(r['wind_delay_years'], 2, sign=True)} yr; its "
        f"share per year of that delay: {num(r['npv_meur_per_year_of_wind_delay'])} M EUR of "
        f"NPV and {num(r['emissions_kt_per_year_of_wind_delay'])} kt CO2 per year of wind "
        "delay."
        for _, r in rows.iterrows())


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


def comparison_tables(comp) -> list[Table]:
    """``compare``'s summary as two tables that fit 100 columns (gap-limited runs flagged).

    The figures: NPV and cumulative emissions with their change to the baseline and the
    change per year of wind lead time. The timing: permitting case, wind lead time and the
    first year each technology reaches its target. Full precision stays in comparison.csv.
    """
    from model.outputs.compare import TARGET_TECHS

    s = comp.summary
    basis = str(s["basis"].iloc[0]) if "basis" in s else "planning"
    basis_text = ("hourly-validated figures (plans re-dispatched at 8,760 hours)"
                  if basis == "hourly" else "planning figures (representative days)")
    names, figures, timing = [], [], []
    for _, r in s.iterrows():
        name = str(r["scenario"]) + (" (baseline)" if r["is_baseline"] else "")
        if r["gap_limited"]:
            name += f" [GAP-LIMITED: {r['outcome']}]"
        names.append(name)
        figures.append([name, num(r["delay_years"], 2, sign=True), num(r["npv_meur"]),
                        num(r["delta_npv_meur"], sign=True),
                        num(r["cumulative_emissions_t"] / 1e3),
                        num(r["delta_emissions_t"] / 1e3, sign=True),
                        num(r["cost_of_delay_eur_per_year"] / 1e6),
                        num(r["emissions_of_delay_t_per_year"] / 1e3)])
        firsts = [r[f"first_year_reaching_{comp.target_label}_{k}"] for k in TARGET_TECHS]
        timing.append([name, str(r["permitting_case"]), num(r["wind_lead_time_months"], 0),
                       *("-" if pd.isna(v) else str(int(v)) for v in firsts)])
    lead = {"pipeline": "lag (whole years)"}.get(str(s["delay_basis"].iloc[0]), "lead time")
    heads = ["scenario", "delay\nyr", "NPV\nM EUR", "Δ NPV\nM EUR", "CO2\nkt", "Δ CO2\nkt",
             "M EUR of NPV\nper yr of delay", "kt CO2 per\nyr of delay"]
    cap = (f"delay: difference of the wind {lead} to the baseline; per year of delay: Δ / delay "
           "(all levers that differ between the cases, not the wind lead time alone: use "
           "'compare --attribute' to split it).")
    first = table(f"Comparison against '{comp.baseline}': {basis_text}", heads, figures,
                  caption=cap)
    heads = ["scenario", "permitting", "wind lead\nmonths",
             *(f"first year\n{k.replace('_', ' ')}" for k in TARGET_TECHS)]
    cap = (f"first year: capacity summed over regions reaches the target "
           f"({comp.target_label.replace('_', ' ')}).")
    second = table("Lead times and the first year at the target", heads, timing, name_cols=2,
                   caption=cap)
    return [first, second]

