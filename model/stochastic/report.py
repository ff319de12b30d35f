"""The tables of a stochastic run: scenarios, distribution of NPV and emissions.

Files (all CSVs tidy, money in M EUR2025, emissions in t CO2):

* ``first_stage_plan.csv``: the starts decided before any approval outcome is known, equal
  in every scenario (technology, region, start_year, start_mw);
* ``starts.csv``: every start in every scenario with its stage, how many scenarios share
  it at that time and the MW of it withdrawn at the approval decision (``withdrawn_mw``);
* ``scenarios.csv``: per scenario its probability, the approval months and attrition in
  force, the optimised NPV (objective), the NPV of every cost, cumulative emissions, the
  wait-and-see optimum and, per uncertain technology :math:`k`, the MW withdrawn at the
  approval decision over all start years by the hedged plan (``withdrawn_<k>_mw``) and
  with the average-case first stage fixed (``average_plan_withdrawn_<k>_mw``; empty when
  that plan is infeasible there);
* ``distribution.csv``: expected value, P10/P50/P90, min and max of the NPV and the
  emissions across the scenarios (probability-weighted);
* ``value_of_information.csv``: RP, WS, EV, EEV, EVPI, VSS;
* ``average_plan_breaks.csv``: when the average-case first stage is infeasible in some
  scenario, the permitting limits it exceeds there (scenario, limit, technology, region,
  year, MW);
* ``average_case_plan.csv``: the first-stage starts of the average-case plan (the plan for
  the mean approval months and attrition), whose cost across the scenarios is the EEV.

The brief that explains the hedge in plain words (``brief.html``; ``report --lang de``:
German) is built from these files by :mod:`model.outputs.hedge_brief`.
"""

from __future__ import annotations

import pandas as pd

from model.stochastic import sampling, values

METRICS = {"npv_meur": "NPV of every cost (M EUR2025)",
           "objective_meur": "optimised NPV, decision-dependent costs (M EUR2025)",
           "emissions_t": "cumulative emissions (t CO2)"}


def scenarios_table(outcomes: list[sampling.Outcome], figures: list, ws: list[float] | None,
                    eev_figures: list | None = None) -> pd.DataFrame:
    """One row per scenario: probability, the values in force, NPV, emissions, WS optimum,
    and the MW withdrawn of each uncertain technology by the hedged plan and (from
    ``eev_figures``) by the average-case first stage."""
    rows = []
    techs = sorted({k for o in outcomes for (k, _) in o.values})
    for i, (o, f) in enumerate(zip(outcomes, figures, strict=True)):
        row: dict[str, object] = {"scenario": o.name, "probability": o.probability}
        for (k, r), params in sorted(o.values.items()):
            for p, v in sorted(params.items()):
                row[f"{k}.{r}.{p}"] = v
        row.update(objective_meur=f.objective_meur, npv_meur=f.npv_meur,
                   emissions_t=f.emissions_t)
        if ws is not None:
            row["wait_and_see_objective_meur"] = ws[i]
        for k in techs:
            row[f"withdrawn_{k}_mw"] = f.withdrawn_mw.get(k, 0.0)
            row[f"average_plan_withdrawn_{k}_mw"] = (
                eev_figures[i].withdrawn_mw.get(k, 0.0) if eev_figures else None)
        rows.append(row)
    return pd.DataFrame(rows)


def distribution_table(table: pd.DataFrame) -> pd.DataFrame:
    """Expected value, P10/P50/P90, min and max of each metric across the scenarios."""
    probs = table["probability"].to_numpy()
    rows = []
    for col, meaning in METRICS.items():
        v = table[col].to_numpy()
        rows.append({"metric": col, "meaning": meaning, "expected": float((probs * v).sum()),
                     "p10": values.weighted_quantile(v, probs, 0.1),
                     "p50": values.weighted_quantile(v, probs, 0.5),
                     "p90": values.weighted_quantile(v, probs, 0.9),
                     "min": float(v.min()), "max": float(v.max())})
    return pd.DataFrame(rows)
