"""Reviewed (English, German) strings of the brief of a stochastic run (the hedge).

The brief of a run under uncertain approvals (:mod:`model.outputs.hedge_brief`): the hedge in
plain words, its headline numbers, figures and tables. Merged into
:data:`model.outputs.catalogue.TEXT` and ``TERMS``, so :func:`model.outputs.i18n.t` and the
German test cover them like every other string. Money is written out as "M EUR of expected
NPV" where it is a difference of expected net present values (EVPI, VSS).
"""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "hg_title": ("Planning under uncertain approvals", "Planung bei unsicheren Genehmigungen"),
    "hg_sub": ("Stochastic run: {n} scenarios of approval duration and attrition ({sampling}), "
               "solved as {route}.",
               "Stochastischer Lauf: {n} Szenarien für Genehmigungsdauer und Abbruchquote "
               "({sampling}), gelöst als {route}."),
    "hg_hedge": ("The hedge in plain words", "Die Absicherung in einfachen Worten"),
    "u_meur_expected": ("M EUR of expected NPV", "Mio. EUR erwarteter Kapitalwert"),
    "u_meur_npv": ("M EUR", "Mio. EUR"),
    "hg_intro": ("How long approvals take and how many projects are refused or withdrawn is "
                 "uncertain here: {n} scenarios of {techs}, each with its probability. What is "
                 "started before any approval outcome can be known is the same in every "
                 "scenario (the first stage); later starts, dispatch and plant choices adapt "
                 "once the outcome is seen.",
                 "Wie lange Genehmigungen dauern und wie viele Projekte abgelehnt oder "
                 "zurückgezogen werden, ist hier unsicher: {n} Szenarien für {techs}, jedes mit "
                 "seiner Wahrscheinlichkeit. Was gestartet wird, bevor ein "
                 "Genehmigungsergebnis bekannt sein kann, ist in allen Szenarien gleich (die "
                 "erste Stufe); spätere Starts, Betrieb und Anlagenentscheidungen passen sich "
                 "an, sobald das Ergebnis bekannt ist."),
    "hg_plan": ("Start now, before any outcome is known ({years}): {items}.",
                "Jetzt starten, bevor ein Ergebnis bekannt ist ({years}): {items}."),
    "hg_plan_year": ("in {year} {parts}", "{year} {parts}"),
    "hg_plan_part": ("{mw} of {tech} in {region}", "{mw} {tech} in {region}"),
    "hg_no_plan": ("Nothing is started before the first approval outcome is known ({years}).",
                   "Vor dem ersten bekannten Genehmigungsergebnis ({years}) wird nichts "
                   "gestartet."),
    "hg_average": ("Planned for the average case alone (mean approval duration and attrition), "
                   "the first stage would start {average} of {tech}; the hedge starts {hedge}.",
                   "Nur für den Durchschnittsfall geplant (mittlere Genehmigungsdauer und "
                   "Abbruchquote), würde die erste Stufe {average} {tech} starten; die "
                   "Absicherung startet {hedge}."),
    "hg_later": ("Once the outcomes are known, the scenarios start between {low} and {high} "
                 "more of {tech} up to {end}.",
                 "Sobald die Ergebnisse bekannt sind, starten die Szenarien bis {end} zwischen "
                 "{low} und {high} weitere {tech}."),
    "hg_withdrawn": ("Where fewer projects are refused than planned, approved {tech} capacity "
                     "that the approval throughput or the land cannot take is withdrawn at the "
                     "approval decision and loses its development cost: the hedge withdraws "
                     "at most {hedge} (scenario {hs}), the average-case plan at most {average} "
                     "(scenario {avs}).",
                     "Wo weniger Projekte abgelehnt werden als geplant, wird genehmigte "
                     "{tech}-Leistung, die der Genehmigungsdurchsatz oder die Fläche nicht "
                     "aufnehmen kann, bei der Genehmigungsentscheidung zurückgezogen und verliert "
                     "ihre Entwicklungskosten: die Absicherung zieht höchstens {hedge} zurück "
                     "(Szenario {hs}), der Plan für den Durchschnittsfall höchstens {average} "
                     "(Szenario {avs})."),
    "hg_spread": ("Across the scenarios the net present value of all costs is {p10} at P10, "
                  "{p50} at P50 and {p90} at P90 (expected: {expected}); cumulative emissions "
                  "{start}–{end} are {e10}, {e50} and {e90} (expected: {eexp}).",
                  "Über die Szenarien beträgt der Kapitalwert aller Kosten {p10} beim P10, {p50} "
                  "beim P50 und {p90} beim P90 (Erwartungswert: {expected}); die kumulierten "
                  "Emissionen {start}–{end} betragen {e10}, {e50} und {e90} (Erwartungswert: "
                  "{eexp})."),
    "hg_vss": ("Planning for the average case instead and adapting later would cost {vss} "
               "more: that is what the hedge is worth (value of the stochastic solution, VSS).",
               "Stattdessen für den Durchschnittsfall zu planen und später nachzusteuern, "
               "kostete {vss} mehr: so viel ist die Absicherung wert (Wert der stochastischen "
               "Lösung, VSS)."),
    "hg_breaks": ("The plan for the average case cannot be carried out in {n} of the {total} "
                  "scenarios ({names}): its first-stage starts would exceed {limits} there. "
                  "Its expected cost is unbounded, so the hedge is worth more than any finite "
                  "figure (VSS).",
                  "Der Plan für den Durchschnittsfall ist in {n} der {total} Szenarien "
                  "({names}) nicht umsetzbar: seine Starts der ersten Stufe überschritten dort "
                  "{limits}. Seine erwarteten Kosten sind unbeschränkt; die Absicherung ist "
                  "mehr wert als jede endliche Zahl (VSS)."),
    "hg_limit_approval_cap": ("the authorities' approval throughput",
                              "den Genehmigungsdurchsatz der Behörden"),
    "hg_limit_land": ("the designated land", "die ausgewiesene Fläche"),
    "hg_evpi": ("Knowing every approval outcome in advance would be worth {evpi} (expected "
                "value of perfect information, EVPI): the most any forecast of the outcomes "
                "could be worth to this plan.",
                "Jedes Genehmigungsergebnis im Voraus zu kennen, wäre {evpi} wert (Erwartungswert "
                "vollständiger Information, EVPI): mehr kann keine Vorhersage der Ergebnisse "
                "für diesen Plan wert sein."),
    "hg_gap": ("Differences smaller than the solver's optimality gap ({gap}) are not "
               "significant.",
               "Unterschiede unterhalb der Optimalitätslücke des Lösers ({gap}) sind nicht "
               "aussagekräftig."),
    # headline table
    "hg_h_expected": ("Expected net present value of all costs",
                      "Erwarteter Kapitalwert aller Kosten"),
    "hg_h_npv_q": ("Net present value, P10 / P50 / P90", "Kapitalwert, P10 / P50 / P90"),
    "hg_h_em": ("Emissions {start}–{end}, expected", "Emissionen {start}–{end}, Erwartungswert"),
    "hg_h_em_q": ("Emissions {start}–{end}, P10 / P50 / P90",
                  "Emissionen {start}–{end}, P10 / P50 / P90"),
    "hg_h_first": ("{tech} started in the first stage ({years})",
                   "{tech}, in der ersten Stufe gestartet ({years})"),
    "hg_h_evpi": ("Value of perfect information (EVPI)",
                  "Wert vollständiger Information (EVPI)"),
    "hg_h_vss": ("Value of the hedge (VSS)", "Wert der Absicherung (VSS)"),
    "hg_unbounded": ("unbounded", "unbeschränkt"),
    "hg_basis": ("planning resolution ({days} representative days of {steps} time steps per "
                 "year), not validated hour by hour; money in EUR of 2025, discounted",
                 "Planungsauflösung ({days} Typtage zu je {steps} Zeitschritten pro Jahr), "
                 "nicht stündlich geprüft; Geldbeträge in EUR von 2025, abgezinst"),
    # figures
    "hg_fig_starts": ("What to start in each year", "Was in jedem Jahr zu starten ist"),
    "hg_fig_starts_cap": ("{tech} started into development per year, MW, by region. Shaded: the "
                          "first stage ({years}), the same in every scenario. Later years: the "
                          "expected value across the scenarios; the line spans the smallest "
                          "to the largest scenario.",
                          "{tech}, pro Jahr in die Entwicklung gestartet, MW, nach Region. "
                          "Schattiert: die erste Stufe ({years}), in allen Szenarien gleich. "
                          "Spätere Jahre: Erwartungswert über die Szenarien; die Linie reicht "
                          "vom kleinsten bis zum größten Szenario."),
    "hg_fig_npv": ("Net present value across the scenarios",
                   "Kapitalwert über die Szenarien"),
    "hg_fig_npv_cap": ("Cumulative probability of the net present value of all costs (M EUR): "
                       "each step is one scenario, its height its probability; dashed lines "
                       "mark P10, P50 and P90, the dotted line the expected value.",
                       "Kumulierte Wahrscheinlichkeit des Kapitalwerts aller Kosten (Mio. EUR): "
                       "jede Stufe ist ein Szenario, ihre Höhe seine Wahrscheinlichkeit; "
                       "gestrichelt P10, P50 und P90, gepunktet der Erwartungswert."),
    "hg_axis_prob": ("Cumulative probability", "Kumulierte Wahrscheinlichkeit"),
    "hg_axis_npv": ("Net present value of all costs (M EUR)",
                    "Kapitalwert aller Kosten (Mio. EUR)"),
    "hg_first_stage": ("first stage", "erste Stufe"),
    "hg_expected": ("expected value", "Erwartungswert"),
    # tables
    "hg_tab_plan": ("First-stage plan: starts per year (MW)",
                    "Erste Stufe: Starts pro Jahr (MW)"),
    "hg_tab_scenarios": ("The scenarios", "Die Szenarien"),
    "hg_tab_values": ("What the hedge is worth", "Was die Absicherung wert ist"),
    "hg_tab_breaks": ("Where the average-case plan breaks", "Wo der Plan für den "
                      "Durchschnittsfall scheitert"),
    "hg_col_scenario": ("Scenario", "Szenario"), "hg_col_prob": ("Probability",
                                                                 "Wahrscheinlichkeit"),
    "hg_col_npv": ("NPV of all costs (M EUR)", "Kapitalwert aller Kosten (Mio. EUR)"),
    "hg_col_em": ("Emissions (kt CO₂)", "Emissionen (Tsd. t CO₂)"),
    "hg_col_ws": ("Optimised NPV if the outcome were known (M EUR)",
                  "Optimierter Kapitalwert bei bekanntem Ergebnis (Mio. EUR)"),
    "hg_col_param": ("{tech}, {region}: {param}", "{tech}, {region}: {param}"),
    "hg_p_approval_months": ("permitting months", "Genehmigungsdauer (Monate)"),
    "hg_p_attrition_share": ("share dropped", "Abbruchquote"),
    "hg_col_quantity": ("Quantity", "Größe"), "hg_col_meaning": ("Meaning", "Bedeutung"),
    "hg_col_value": ("M EUR of expected NPV", "Mio. EUR erwarteter Kapitalwert"),
    "hg_col_limit": ("Limit exceeded", "Überschrittene Grenze"),
    "hg_col_year": ("Year", "Jahr"), "hg_col_excess": ("Excess (MW)", "Überschreitung (MW)"),
    "hg_col_total": ("Total", "Summe"),
    "hg_v_RP": ("Stochastic optimum: expected optimised NPV of the hedged plan",
                "Stochastisches Optimum: erwarteter optimierter Kapitalwert des abgesicherten "
                "Plans"),
    "hg_v_WS": ("Wait and see: each scenario planned knowing its outcome",
                "Abwarten: jedes Szenario in Kenntnis seines Ergebnisses geplant"),
    "hg_v_EV": ("Average-case plan: its own optimised NPV with the mean values",
                "Plan für den Durchschnittsfall: sein optimierter Kapitalwert mit den "
                "Mittelwerten"),
    "hg_v_EEV": ("Average-case first stage fixed, later decisions adapting, across the "
                 "scenarios", "Erste Stufe des Durchschnittsplans festgelegt, spätere "
                 "Entscheidungen angepasst, über die Szenarien"),
    "hg_v_EVPI": ("Value of perfect information = RP − WS",
                  "Wert vollständiger Information = RP − WS"),
    "hg_v_VSS": ("Value of the stochastic solution = EEV − RP",
                 "Wert der stochastischen Lösung = EEV − RP"),
    # how to read
    "hg_read_quantiles": ("P10, P50 and P90: 10 %, 50 % and 90 % of the probability lie at or "
                          "below the value (probability-weighted over the scenarios).",
                          "P10, P50 und P90: 10 %, 50 % und 90 % der Wahrscheinlichkeit liegen "
                          "bei oder unter dem Wert (gewichtet mit den Wahrscheinlichkeiten der "
                          "Szenarien)."),
    "hg_read_values": ("EVPI and VSS are differences of the optimised net present value, which "
                       "leaves out the costs no decision changes; both are expected values in "
                       "M EUR of 2025, discounted.",
                       "EVPI und VSS sind Differenzen des optimierten Kapitalwerts, der die "
                       "Kosten weglässt, die keine Entscheidung ändert; beide sind "
                       "Erwartungswerte in Mio. EUR von 2025, abgezinst."),
    "hg_read_files": ("Every number here comes from the run's CSV files:",
                      "Jede Zahl hier stammt aus den CSV-Dateien des Laufs:"),
}

TERMS: dict[str, tuple[str, str]] = {
    "sampling_quantile": ("quantile sampling", "Quantil-Stichprobe"),
    "sampling_random": ("random draws", "Zufallsziehung"),
    "sampling_enumerate": ("every combination", "alle Kombinationen"),
    "route_extensive_form": ("one extensive form (all scenarios in one model)",
                             "erweiterte Form (alle Szenarien in einem Modell)"),
    "route_progressive_hedging": ("progressive hedging (one model per scenario)",
                                  "Progressive Hedging (ein Modell je Szenario)"),
}
