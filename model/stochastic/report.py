"""The files of a stochastic run and the plain-words section on the hedge (English and German).

Files (all CSVs tidy, money in M EUR2025, emissions in t CO2):

* ``first_stage_plan.csv``: the starts decided before any approval outcome is known, equal
  in every scenario (technology, region, start_year, start_mw);
* ``starts.csv``: every start in every scenario with its stage and how many scenarios share
  it at that time;
* ``scenarios.csv``: per scenario its probability, the approval months and attrition in
  force, the optimised NPV (objective), the NPV of every cost, cumulative emissions and the
  wait-and-see optimum;
* ``distribution.csv``: expected value, P10/P50/P90, min and max of the NPV and the
  emissions across the scenarios (probability-weighted);
* ``value_of_information.csv``: RP, WS, EV, EEV, EVPI, VSS;
* ``average_plan_breaks.csv``: when the average-case first stage is infeasible in some
  scenario, the permitting limits it exceeds there (scenario, limit, technology, region,
  year, MW);
* ``hedge.md``: the plain-words section, ``hedge_de.md`` the same in German.
"""

from __future__ import annotations

import pandas as pd

from model.stochastic import sampling, values

METRICS = {"npv_meur": "NPV of every cost (M EUR2025)",
           "objective_meur": "optimised NPV, decision-dependent costs (M EUR2025)",
           "emissions_t": "cumulative emissions (t CO2)"}


def scenarios_table(outcomes: list[sampling.Outcome], figures: list, ws: list[float] | None
                    ) -> pd.DataFrame:
    """One row per scenario: probability, the values in force, NPV, emissions, WS optimum."""
    rows = []
    for i, (o, f) in enumerate(zip(outcomes, figures, strict=True)):
        row: dict[str, object] = {"scenario": o.name, "probability": o.probability}
        for (k, r), params in sorted(o.values.items()):
            for p, v in sorted(params.items()):
                row[f"{k}.{r}.{p}"] = v
        row.update(objective_meur=f.objective_meur, npv_meur=f.npv_meur,
                   emissions_t=f.emissions_t)
        if ws is not None:
            row["wait_and_see_objective_meur"] = ws[i]
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


TEXT = {
    "title": ("Planning under uncertain approvals", "Planung bei unsicheren Genehmigungen"),
    "intro": ("Approval durations and refusals were treated as uncertain: {n} scenarios of "
              "approval months and attrition ({sampling} sampling, {route}). Starts decided "
              "before an approval outcome can be known are the same in every scenario; later "
              "starts, dispatch and plant choices adapt once the outcome is seen.",
              "Genehmigungsdauern und Ablehnungen wurden als unsicher behandelt: {n} Szenarien "
              "für Genehmigungsdauer und Ausfallquote (Stichprobe: {sampling}, Lösungsweg: "
              "{route}). Projektstarts, die vor dem ersten Genehmigungsergebnis entschieden "
              "werden, sind in allen Szenarien gleich; spätere Starts, Betrieb und "
              "Anlagenentscheidungen passen sich an, sobald das Ergebnis bekannt ist."),
    "plan": ("Start now (first stage, {years}): {plan}.",
             "Jetzt starten (erste Stufe, {years}): {plan}."),
    "no_plan": ("No start is decided before the first approval outcome is known.",
                "Kein Start fällt vor dem ersten bekannten Genehmigungsergebnis."),
    "spread": ("Across the scenarios the NPV of all costs ranges from {p10} (P10) over {p50} "
               "(P50) to {p90} M EUR (P90); cumulative emissions from {e10} to {e90} kt CO2.",
               "Über die Szenarien reicht der Kapitalwert aller Kosten von {p10} (P10) über "
               "{p50} (P50) bis {p90} Mio. EUR (P90); die kumulierten Emissionen von {e10} bis "
               "{e90} Tsd. t CO2."),
    "vss": ("Planning for the average case instead (mean approval months and attrition) and "
            "adapting later would cost {vss} M EUR more in expectation: that is the value of "
            "the hedge (VSS).",
            "Würde stattdessen für den Durchschnittsfall geplant (mittlere Genehmigungsdauer "
            "und Ausfallquote) und später nachgesteuert, kostete das im Erwartungswert "
            "{vss} Mio. EUR mehr: das ist der Wert der Absicherung (VSS)."),
    "breaks": ("The average-case plan cannot be carried out in {n} of the scenarios ({names}): "
               "its first-stage starts would exceed {limits} there (average_plan_breaks.csv), "
               "so its expected cost is unbounded and the hedge is worth more than any finite "
               "figure here.",
               "Der Plan für den Durchschnittsfall ist in {n} der Szenarien ({names}) nicht "
               "umsetzbar: seine Starts der ersten Stufe überschritten dort {limits} "
               "(average_plan_breaks.csv); sein erwarteter Kapitalwert ist unbeschränkt, die "
               "Absicherung ist hier mehr wert als jede endliche Zahl."),
    "evpi": ("Knowing the approval outcomes in advance would be worth {evpi} M EUR (EVPI).",
             "Die Genehmigungsergebnisse im Voraus zu kennen, wäre {evpi} Mio. EUR wert "
             "(EVPI)."),
    "gap": ("Differences smaller than the solver's MIP gaps ({gap}) are not significant.",
            "Unterschiede unterhalb der MIP-Lücken des Lösers ({gap}) sind nicht "
            "aussagekräftig."),
}


def _fmt(value: float | None, digits: int = 2, lang: str = "en") -> str:
    if value is None or value != value:
        return "n/a" if lang == "en" else "k. A."
    text = f"{value:,.{digits}f}"
    if lang == "de":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def hedge_text(lang: str, *, n: int, sampling_rule: str, route: str, plan: pd.DataFrame,
               dist: pd.DataFrame, value: dict[str, float | None], gap: str,
               breaks: list[dict] | None = None) -> str:
    """The plain-words section (Markdown) in ``lang`` ('en' or 'de')."""
    j = 0 if lang == "en" else 1
    lines = [f"## {TEXT['title'][j]}", "",
             TEXT["intro"][j].format(n=n, sampling=sampling_rule, route=route.replace("_", " "))]
    built = plan[plan["start_mw"] > 1e-6] if len(plan) else plan
    if len(plan):
        years = f"{int(plan['start_year'].min())}-{int(plan['start_year'].max())}"
        items = "; ".join(f"{r['technology']} {r['region']} {int(r['start_year'])}: "
                          f"{_fmt(r['start_mw'], 1, lang)} MW" for _, r in built.iterrows())
        lines.append(TEXT["plan"][j].format(years=years, plan=items or "0 MW"))
    else:
        lines.append(TEXT["no_plan"][j])
    d = dist.set_index("metric")
    lines.append(TEXT["spread"][j].format(
        p10=_fmt(d.at["npv_meur", "p10"], 1, lang), p50=_fmt(d.at["npv_meur", "p50"], 1, lang),
        p90=_fmt(d.at["npv_meur", "p90"], 1, lang),
        e10=_fmt(d.at["emissions_t", "p10"] / 1e3, 1, lang),
        e90=_fmt(d.at["emissions_t", "p90"] / 1e3, 1, lang)))
    if breaks:
        names = sorted({b["scenario"] for b in breaks})
        kinds = sorted({b["limit"] for b in breaks})
        words = {"approval_cap": ("the authorities' approval throughput",
                                  "den Genehmigungsdurchsatz der Behörden"),
                 "land": ("the designated land", "die ausgewiesene Fläche")}
        limits = (" and " if lang == "en" else " und ").join(
            words.get(k, (k, k))[j] for k in kinds)
        lines.append(TEXT["breaks"][j].format(n=len(names), names=", ".join(names),
                                              limits=limits))
    else:
        lines.append(TEXT["vss"][j].format(vss=_fmt(value.get("VSS"), 2, lang)))
    lines.append(TEXT["evpi"][j].format(evpi=_fmt(value.get("EVPI"), 2, lang)))
    lines.append(TEXT["gap"][j].format(gap=gap))
    return "\n\n".join([lines[0], *lines[2:]]) + "\n"
