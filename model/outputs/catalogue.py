"""The reviewed translation catalogue of the briefs: every UI string as (English, German).

:data:`TEXT` holds the sentences and labels (``{name}`` fields are filled by
:func:`model.outputs.i18n.t`); :data:`TERMS` the human names of model ids (technologies,
emission sources, cost categories, pipeline stages, plant archetypes, regions, cases).
German follows the glossary in :mod:`model.outputs.i18n` (Kurzbericht, Kapitalwert,
Genehmigungsdauer, Datenherkunft, Nachvollziehbarkeit). ``tests/unit/test_i18n.py`` fails if
a key lacks a language or an English string shows up in a German brief.
"""

from __future__ import annotations

from model.outputs import catalogue_analyses, catalogue_hedge

TEXT: dict[str, tuple[str, str]] = {
    # page structure
    "brief": ("Brief", "Kurzbericht"),
    "comparison": ("Comparison brief", "Vergleichsbericht"),
    "summary": ("In brief", "Das Wichtigste in Kürze"),
    "run_of": ("Model run of {date}", "Modelllauf vom {date}"),
    "headline": ("Headline numbers", "Kennzahlen"),
    "basis_label": ("Basis", "Grundlage"),
    "rounded": ("Rounded to two significant figures; rounded values may not add up.",
                "Auf zwei signifikante Stellen gerundet; gerundete Werte ergeben nicht immer "
                "genau die Summe."),
    "assumptions": ("Assumptions", "Annahmen"),
    "overrides": ("Changed on the command line", "Auf der Kommandozeile geändert"),
    "lead_times": ("Permitting: lead times per stage (months)",
                   "Genehmigung: Dauer je Phase (Monate)"),
    "figures": ("Figures", "Abbildungen"), "tables": ("Tables", "Tabellen"),
    "how_to_read": ("How to read these numbers", "So sind die Zahlen zu lesen"),
    "sources": ("Data sources", "Datenherkunft"),
    "provenance": ("Provenance", "Nachvollziehbarkeit"),
    "na": ("n/a", "k. A."), "yes": ("yes", "ja"), "no": ("no", "nein"),
    "none": ("none", "keine"), "all": ("all", "alle"), "and": ("and", "und"),
    "all_regions": ("all regions", "alle Regionen"),
    # units (scale words of i18n.amount)
    "u_bn_eur": ("bn EUR", "Mrd. EUR"), "u_m_eur": ("M EUR", "Mio. EUR"),
    "u_k_eur": ("thousand EUR", "Tsd. EUR"), "u_eur": ("EUR", "EUR"),
    "u_mt": ("Mt CO₂", "Mio. t CO₂"), "u_kt": ("kt CO₂", "Tsd. t CO₂"), "u_t": ("t CO₂", "t CO₂"),
    "u_gw": ("GW", "GW"), "u_mw": ("MW", "MW"), "u_twh": ("TWh", "TWh"), "u_gwh": ("GWh", "GWh"),
    "u_mwh": ("MWh", "MWh"),
    # summary sentences
    # net change of the installed capacity against the start year: negative when the
    # retiring fleet is not replaced, so the sentence must not say "added"
    "s_build": ("Against the {start} fleet, {parts}; {plants}.",
                "Gegenüber dem Bestand von {start}: {parts}; {plants}."),
    "s_build_year": ("by {year} wind capacity changes by {wind} and solar PV capacity by {pv}",
                     "bis {year} ändert sich die Windleistung um {wind} und die "
                     "Photovoltaikleistung um {pv}"),
    "s_plants": ("{n} of {total} recycling plants electrify their process heat, the first in "
                 "{year} ({plant}: {option})",
                 "{n} von {total} Recyclingwerken elektrifizieren ihre Prozesswärme, das erste "
                 "{year} ({plant}: {option})"),
    "s_no_plants": ("no recycling plant electrifies its process heat",
                    "kein Recyclingwerk elektrifiziert seine Prozesswärme"),
    "s_em_in": ("{value} in {year}", "{value} im Jahr {year}"),
    "s_emissions": ("Yearly emissions go from {first} to {rest}, {total} in total over "
                    "{start}–{end}.",
                    "Die jährlichen Emissionen entwickeln sich von {first} zu {rest}, insgesamt "
                    "{total} in {start}–{end}."),
    "s_cost": ("All costs together have a net present value of {npv} (discounted at {rate} % "
               "to {base}): {gross} of gross costs minus {revenue} of revenues ({what}); "
               "basis: {basis}.",
               "Der Kapitalwert aller Kosten beträgt {npv} (abgezinst mit {rate} % auf {base}): "
               "{gross} Bruttokosten abzüglich {revenue} Erlöse ({what}); Grundlage: {basis}."),
    "s_cost_norev": ("All costs together have a net present value of {npv} (discounted at "
                     "{rate} % to {base}); basis: {basis}.",
                     "Der Kapitalwert aller Kosten beträgt {npv} (abgezinst mit {rate} % auf "
                     "{base}); Grundlage: {basis}."),
    "basis_planning": ("planning resolution, {days} representative days of {steps} time steps "
                       "per year, not yet validated hour by hour",
                       "Planungsauflösung mit {days} Typtagen zu je {steps} Zeitschritten pro "
                       "Jahr, noch nicht stündlich geprüft"),
    "basis_hourly": ("hourly-validated: the plan re-dispatched for all 8,760 hours of {years}, "
                     "the years between interpolated",
                     "stündlich geprüft: der Plan für alle 8.760 Stunden von {years} neu "
                     "eingesetzt, die Jahre dazwischen interpoliert"),
    "basis_hourly_all": ("hourly-validated: the plan re-dispatched for all 8,760 hours of "
                         "every year ({years})",
                         "stündlich geprüft: der Plan für alle 8.760 Stunden jedes Jahres "
                         "({years}) neu eingesetzt"),
    # headline table
    "h_npv": ("Net present value of all costs", "Kapitalwert aller Kosten"),
    "h_gross": ("of which gross costs (discounted)", "davon Bruttokosten (abgezinst)"),
    "h_revenue": ("minus revenues (discounted)", "abzüglich Erlöse (abgezinst)"),
    "h_cum": ("Emissions {start}–{end}, total", "Emissionen {start}–{end}, gesamt"),
    "h_em_year": ("Emissions in {year}", "Emissionen im Jahr {year}"),
    "h_added": ("{what}, net change {start}–{end}", "{what}, Nettoänderung {start}–{end}"),
    "wind": ("Wind", "Wind"), "pv": ("Solar PV", "Photovoltaik"),
    # assumptions
    "a_years": ("Years modelled", "Betrachtete Jahre"), "a_regions": ("Regions", "Regionen"),
    "a_permitting": ("Permitting case", "Genehmigungsfall"),
    "a_prices": ("Price case (electricity, gas, CO₂)", "Preisfall (Strom, Gas, CO₂)"),
    "a_grid_em": ("Grid emission factor case", "Fall Emissionsfaktor Netzstrom"),
    "a_cap": ("CO₂ cap per year", "CO₂-Obergrenze je Jahr"),
    "a_budget": ("CO₂ budget over all years", "CO₂-Budget über alle Jahre"),
    "a_targets": ("Capacity targets", "Ausbauziele"),
    "a_slack": ("Limits may be broken at a penalty", "Grenzen dürfen gegen Strafkosten "
                "verletzt werden"),
    "a_other_demand": ("Other electricity demand of the regions",
                       "Übriger Strombedarf der Regionen"),
    "a_demand_growth": ("yes, growing {pct} per year", "ja, Wachstum {pct} pro Jahr"),
    "a_plant_growth": ("Plant production growth per year", "Produktionswachstum der Werke pro "
                       "Jahr"),
    "a_flex": ("Plants may shift flexible load", "Werke dürfen flexible Last verschieben"),
    "a_uc": ("Plant on/off scheduling (unit commitment)", "Ein-/Ausschaltplanung der Werke"),
    "a_options": ("Electrification options allowed", "Zugelassene Elektrifizierungsoptionen"),
    "a_exchange": ("Exchange between regions", "Austausch zwischen den Regionen"),
    "exchange_limited": ("up to {mw} MW per link and direction",
                         "bis {mw} MW je Verbindung und Richtung"),
    "exchange_copper_plate": ("unlimited", "unbegrenzt"), "exchange_none": ("none", "keiner"),
    "a_discount": ("Discount rate (real)", "Kalkulationszins (real)"),
    "a_resolution": ("Time resolution", "Zeitliche Auflösung"),
    "a_resolution_v": ("{days} representative days × {steps} time steps per year",
                       "{days} Typtage × {steps} Zeitschritte pro Jahr"),
    "a_plants_subset": ("Plants included / left out", "Berücksichtigte / ausgelassene Werke"),
    "technology": ("Technology", "Technologie"), "regions": ("Regions", "Regionen"),
    "pre_application": ("Before application", "Vor dem Antrag"),
    "approval": ("Permitting duration", "Genehmigungsdauer"),
    "realisation": ("Construction", "Realisierung"), "total_months": ("Total", "Gesamt"),
    "attrition": ("Projects dropped", "Abbruchquote"),
    "approval_cap": ("Max. approvals (MW/year)", "Max. Genehmigungen (MW/Jahr)"),
    "no_cap": ("no limit", "keine Grenze"),
    "no_data_set": ("The run's data set folder is not available, so this section is empty.",
                    "Der Datensatz des Laufs ist nicht verfügbar; dieser Abschnitt bleibt leer."),
    # figures
    "fig_emissions": ("Emissions by source", "Emissionen nach Quelle"),
    "fig_emissions_cap": ("Yearly CO₂ emissions by source, thousand tonnes.",
                          "Jährliche CO₂-Emissionen nach Quelle, Tausend Tonnen."),
    "fig_costs": ("Costs and revenues by category", "Kosten und Erlöse nach Kategorie"),
    "fig_costs_cap": ("Undiscounted yearly amounts, million EUR (prices of 2025): gross costs "
                      "above zero, revenues below zero, the line is the net cost.",
                      "Nicht abgezinste Jahresbeträge, Mio. EUR (Preisstand 2025): Bruttokosten "
                      "über null, Erlöse unter null, die Linie zeigt die Nettokosten."),
    "fig_capacity": ("Capacity by technology and region", "Leistung nach Technologie und "
                     "Region"),
    "fig_capacity_cap": ("Capacity in operation (yearly average), MW; battery storage energy "
                         "(MWh) is in the CSV files.",
                         "Leistung in Betrieb (Jahresmittel), MW; die Speicherenergie der "
                         "Batterien (MWh) steht in den CSV-Dateien."),
    "fig_pipeline": ("Wind permitting pipeline", "Genehmigungspipeline Wind"),
    "fig_pipeline_cap": ("Wind, all regions, MW: projects in each stage at year end (bars) and "
                         "capacity moving between stages during the year (lines).",
                         "Wind, alle Regionen, MW: Projekte je Phase am Jahresende (Balken) und "
                         "Übergänge zwischen den Phasen im Jahr (Linien)."),
    "fig_electrification": ("Plant electrification timeline", "Zeitplan der Elektrifizierung "
                            "der Werke"),
    "fig_electrification_cap": ("Electric equipment of each plant from its first year in "
                                "operation; plants without a bar keep their present supply.",
                                "Elektrische Anlagen je Werk ab dem ersten Betriebsjahr; Werke "
                                "ohne Balken behalten ihre heutige Versorgung."),
    "fig_dispatch": ("A winter and a summer day", "Ein Winter- und ein Sommertag"),
    "fig_dispatch_cap": ("Generation in the Harz regions, the plants' process load and the "
                         "total demand in {year}, MW, on the representative days with the least "
                         "(winter) and most (summer) solar output; generation above demand is "
                         "exported, a shortfall imported; {basis}.",
                         "Erzeugung in den Harz-Regionen, Prozesslast der Werke und gesamter "
                         "Bedarf {year}, MW, an den Typtagen mit der geringsten (Winter) und "
                         "höchsten (Sommer) Solarerzeugung; Erzeugung über dem Bedarf wird "
                         "exportiert, ein Defizit importiert; {basis}."),
    "stocks": ("In the pipeline at year end", "In der Pipeline am Jahresende"),
    "flows": ("Moving through in the year", "Übergänge im Jahr"),
    "net_cost": ("Net cost", "Nettokosten"),
    "stays_gas": ("no change", "keine Änderung"),
    "plant_load": ("Plant process load", "Prozesslast der Werke"),
    "total_demand": ("Demand of regions and plants", "Bedarf von Regionen und Werken"),
    "winter_day": ("Winter day", "Wintertag"), "summer_day": ("Summer day", "Sommertag"),
    "hour_of_day": ("Hour of the day", "Stunde des Tages"),
    "step_of_day": ("Time step of the day", "Zeitschritt des Tages"),
    # tables
    "tab_emissions": ("Emissions by source (thousand t CO₂)",
                      "Emissionen nach Quelle (Tsd. t CO₂)"),
    "tab_costs": ("Costs and revenues by category (million EUR, prices of 2025; revenues "
                  "positive)",
                  "Kosten und Erlöse nach Kategorie (Mio. EUR, Preisstand 2025; Erlöse "
                  "positiv)"),
    "year": ("Year", "Jahr"), "total": ("Total", "Summe"),
    "category": ("Category", "Kategorie"),
    "total_years": ("Total {start}–{end}", "Summe {start}–{end}"),
    "npv_column": ("Discounted, all years", "Abgezinst, alle Jahre"),
    "tables_note": ("Every fifth year is shown; every year is in emissions.csv, costs.csv and "
                    "pathways.csv.",
                    "Gezeigt wird jedes fünfte Jahr; alle Jahre stehen in emissions.csv, "
                    "costs.csv und pathways.csv."),
    "gross_costs": ("Gross costs", "Bruttokosten"), "revenues": ("Revenues", "Erlöse"),
    "net": ("Net", "Netto"), "discounted": ("Net, discounted", "Netto, abgezinst"),
    "decisions": ("Plant electrification decisions", "Elektrifizierungsentscheidungen der "
                  "Werke"),
    "plant": ("Plant", "Werk"), "option": ("Option", "Option"),
    "order_year": ("Ordered in", "Bestellt"),
    "size": ("Largest size (MW heat; store MWh heat)", "Größte Leistung (MW Wärme; Speicher "
             "MWh Wärme)"),
    "not_built": ("not built", "nicht gebaut"),
    "no_plants": ("No electrification options in this scenario.",
                  "Keine Elektrifizierungsoptionen in diesem Szenario."),
    # how to read
    "r_npv": ("The net present value adds up, for {start}–{end}, the yearly {gross}, and "
              "subtracts {revenue}; every year is discounted at {rate} % per year to {base}. "
              "Investments count as annuities for the years an asset operates inside the "
              "period.",
              "Der Kapitalwert summiert für {start}–{end} die jährlichen Kosten für {gross} "
              "und zieht {revenue} ab; jedes Jahr wird mit {rate} % pro Jahr auf {base} "
              "abgezinst. Investitionen zählen als Annuitäten für die Betriebsjahre im "
              "Zeitraum."),
    "r_constant": ("Terms that no decision changes ({terms}; {constant}) are included in this "
                   "net present value but reported outside the optimised, decision-dependent "
                   "net present value of {optimised}, which the solver minimises and to which "
                   "its gap refers (manifest.json, npv).",
                   "Posten, die keine Entscheidung ändert ({terms}; {constant}), sind in diesem "
                   "Kapitalwert enthalten, werden aber außerhalb des optimierten, "
                   "entscheidungsabhängigen Kapitalwerts von {optimised} ausgewiesen, den der "
                   "Solver minimiert und auf den sich seine Lücke bezieht (manifest.json, npv)."),
    "r_boundary": ("System boundary: electricity supply and demand of the Harz regions and "
                   "{plants} metal-recycling plants, with imports from and exports to the "
                   "national grid; emissions counted: {sources}.",
                   "Systemgrenze: Stromerzeugung und -bedarf der Harz-Regionen und {plants} "
                   "Metallrecyclingwerke, mit Bezug aus dem und Einspeisung in das nationale "
                   "Netz; gezählte Emissionen: {sources}."),
    "r_resolution": ("Time resolution: {basis}. Short peaks and storage needs can differ in an "
                     "hour-by-hour check.",
                     "Zeitliche Auflösung: {basis}. Kurze Spitzen und der Speicherbedarf können "
                     "bei einer stündlichen Prüfung abweichen."),
    "r_resolution_hourly": ("Time resolution: the plan was optimised on representative days "
                            "and its figures are {basis}. The representative-day figures "
                            "differ from these by {npv} % (net present value) and {em} % "
                            "(emissions); both are in costs.csv and emissions.csv (column "
                            "basis).",
                            "Zeitliche Auflösung: der Plan wurde auf typischen Tagen optimiert, "
                            "seine Zahlen sind {basis}. Die Zahlen der typischen Tage weichen "
                            "davon um {npv} % (Kapitalwert) und {em} % (Emissionen) ab; beide "
                            "stehen in costs.csv und emissions.csv (Spalte basis)."),
    "r_gap": ("The solver proved this plan to be at most {eur} ({pct} %) more expensive than "
              "the best possible plan under these assumptions.",
              "Der Solver hat nachgewiesen, dass dieser Plan höchstens {eur} ({pct} %) teurer "
              "ist als der bestmögliche Plan unter diesen Annahmen."),
    "r_rounding": ("The figures are model results under the stated assumptions, not forecasts.",
                   "Die Zahlen sind Modellergebnisse unter den genannten Annahmen, keine "
                   "Prognosen."),
    # sources and provenance
    "weather_attribution": ("Weather data: {publisher}, test reference years (TRY). Quelle: "
                            "Deutscher Wetterdienst.",
                            "Wetterdaten: {publisher}, Testreferenzjahre (TRY). Quelle: "
                            "Deutscher Wetterdienst."),
    "value_types_note": ("Value types count the data rows that cite a source: measured, "
                         "published projection, derived by the project, or assumption.",
                         "Die Werttypen zählen die Datenzeilen, die eine Quelle nennen: "
                         "gemessen, veröffentlichte Projektion, vom Projekt abgeleitet oder "
                         "Annahme."),
    "source": ("Source", "Quelle"), "publisher": ("Publisher", "Herausgeber"),
    "value_types": ("Value types (rows)", "Werttypen (Zeilen)"),
    "licence": ("Licence", "Lizenz"), "link": ("link", "Link"),
    "vt_M": ("measured", "gemessen"), "vt_P": ("projection", "Projektion"),
    "vt_D": ("derived", "abgeleitet"), "vt_A": ("assumption", "Annahme"),
    "p_name": ("Run name", "Name des Laufs"), "p_run": ("Run", "Lauf"),
    "p_outcome": ("Solver outcome", "Ergebnis des Solvers"),
    "p_git": ("Code version (git)", "Codeversion (git)"),
    "p_scenario_hash": ("Scenario fingerprint (SHA-256, start)",
                        "Fingerabdruck des Szenarios (SHA-256, Anfang)"),
    "p_seed": ("Random seed", "Zufallsstartwert"), "p_versions": ("Software", "Software"),
    "reproduce": ("Reproduce with", "Reproduzierbar mit"),
    "inputs_hashes": ("Input files with the start of their SHA-256 (full values in "
                      "manifest.json):",
                      "Eingabedateien mit dem Anfang ihres SHA-256 (vollständig in "
                      "manifest.json):"),
    "promise": ("Promise", "Zusage"),
    "promise_text": ("optimal within the reported gap and tolerances, for these input hashes, "
                     "versions and seed",
                     "optimal innerhalb der angegebenen Lücke und Toleranzen, für diese "
                     "Eingabe-Hashes, Versionen und diesen Startwert"),
    "gap_banner": ("Not proven optimal (solver outcome: {outcome}, gap {gap}): the solver "
                   "stopped at a limit; the plan is feasible but may not be the cheapest.",
                   "Nicht als optimal nachgewiesen (Ergebnis: {outcome}, Lücke {gap}): Der "
                   "Solver hat an einer Grenze angehalten; der Plan ist zulässig, aber "
                   "möglicherweise nicht der günstigste."),
    "slack_banner": ("Limits broken at a penalty: {shed} MWh of demand not met and {cost} "
                     "M EUR of penalty costs; demand or emission limits are not met by real "
                     "means.",
                     "Grenzen gegen Strafkosten verletzt: {shed} MWh Bedarf nicht gedeckt und "
                     "{cost} Mio. EUR Strafkosten; Bedarf oder Emissionsgrenzen werden nicht "
                     "real eingehalten."),
    # comparison brief
    "c_baseline": ("Baseline", "Basisfall"), "c_case": ("Case", "Fall"),
    "c_cases": ("This brief compares {n} cases with the baseline {base}: {others}; they "
                "differ in: {what}.",
                "Dieser Bericht vergleicht {n} Fälle mit dem Basisfall {base}: {others}; sie "
                "unterscheiden sich in: {what}."),
    "c_nothing": ("no scenario setting (only in the data or the code)",
                  "keiner Szenarioeinstellung (nur in den Daten oder im Code)"),
    "c_delta": ("{case} {value}", "{case} {value}"),
    "c_nothing_table": ("The cases share every scenario setting; they differ only in the data "
                        "or the code.",
                        "Die Fälle teilen alle Szenarioeinstellungen; sie unterscheiden sich nur "
                        "in den Daten oder im Code."),
    "c_costs": ("The net present value of all costs is {base} in the baseline; the other "
                "cases differ by: {deltas}.",
                "Der Kapitalwert aller Kosten beträgt im Basisfall {base}; die anderen Fälle "
                "weichen ab um: {deltas}."),
    "c_emissions": ("Emissions over {start}–{end} are {base} in the baseline; the other cases "
                    "differ by: {deltas}.",
                    "Die Emissionen {start}–{end} betragen im Basisfall {base}; die anderen "
                    "Fälle weichen ab um: {deltas}."),
    "c_vs_base": ("Difference to baseline", "Abweichung zum Basisfall"),
    "c_cum": ("Emissions, total", "Emissionen, gesamt"),
    "c_delay": ("Delay (years)", "Verzögerung (Jahre)"),
    "c_cost_delay": ("Change of NPV per year of delay, all settings together",
                     "Änderung des Kapitalwerts je Jahr Verzögerung, alle Einstellungen "
                     "zusammen"),
    "c_co2_delay": ("Change of CO₂ per year of delay, all settings together",
                    "Änderung CO₂ je Jahr Verzögerung, alle Einstellungen zusammen"),
    "c_settings": ("How the cases differ", "Worin sich die Fälle unterscheiden"),
    "c_setting": ("Setting", "Einstellung"),
    "c_pathways": ("Pathways of all cases", "Pfade aller Fälle"),
    "c_pathways_cap": ("Yearly emissions (thousand t CO₂) and undiscounted net cost (million "
                       "EUR) of every case; the baseline is the solid black line.",
                       "Jährliche Emissionen (Tsd. t CO₂) und nicht abgezinste Nettokosten "
                       "(Mio. EUR) aller Fälle; der Basisfall ist die durchgezogene schwarze "
                       "Linie."),
    "c_capacity_cap": ("Wind and solar PV in operation, all regions, MW.",
                       "Wind und Photovoltaik in Betrieb, alle Regionen, MW."),
    "c_emissions_title": ("Emissions", "Emissionen"), "c_cost_title": ("Net cost",
                                                                         "Nettokosten"),
    "c_differences": ("Differences to the baseline by year", "Abweichungen zum Basisfall je "
                      "Jahr"),
    "c_d_em": ("Emissions (thousand t CO₂)", "Emissionen (Tsd. t CO₂)"),
    "c_d_cost": ("Net cost (million EUR)", "Nettokosten (Mio. EUR)"),
    "c_one_case": ("Only the baseline: nothing to compare.",
                   "Nur der Basisfall: nichts zu vergleichen."),
    "c_gap_banner": ("Not proven optimal: {cases}. Differences smaller than their gaps may "
                     "come from the solver, not from the assumptions.",
                     "Nicht als optimal nachgewiesen: {cases}. Abweichungen kleiner als deren "
                     "Lücke können vom Solver statt von den Annahmen stammen."),
    "c_read_npv": ("Each net present value sums the discounted yearly costs minus revenues of "
                   "one case, as in its run brief; a positive difference means the case is "
                   "more expensive or emits more than the baseline.",
                   "Jeder Kapitalwert summiert die abgezinsten jährlichen Kosten abzüglich der "
                   "Erlöse eines Falls, wie in dessen Kurzbericht; eine positive Abweichung "
                   "heißt, der Fall ist teurer oder emittiert mehr als der Basisfall."),
    "c_read_delay": ("Delay is {basis}; the change per year of delay divides the whole "
                     "difference to the baseline by that delay, so it includes every setting "
                     "in which the cases differ (approval capacity, refused projects, PV lead "
                     "times), not the wind lead time alone. 'compare --attribute' splits it "
                     "by lever.",
                     "Die Verzögerung ist {basis}; die Änderung je Jahr Verzögerung teilt die "
                     "ganze Abweichung zum Basisfall durch diese Verzögerung und enthält "
                     "daher jede Einstellung, in der sich die Fälle unterscheiden "
                     "(Genehmigungskapazität, abgelehnte Projekte, Vorlaufzeiten der "
                     "Photovoltaik), nicht nur die Vorlaufzeit für Wind. „compare "
                     "--attribute“ teilt sie nach Hebeln auf."),
    "c_basis_lead_time": ("the difference in the wind lead time (development, permitting and "
                          "construction) to the baseline, in years",
                          "der Unterschied der Vorlaufzeit für Wind (Entwicklung, Genehmigung "
                          "und Bau) zum Basisfall, in Jahren"),
    "c_basis_pipeline": ("the difference in the mean time from wind project start to "
                         "operation in the results, in whole years",
                         "der Unterschied der mittleren Zeit vom Projektstart bis zum Betrieb "
                         "von Wind in den Ergebnissen, in ganzen Jahren"),
    "slot_delay_curve": ("Cost and CO₂ of delay", "Kosten und CO₂ der Verzögerung"),
    "slot_waterfall": ("What explains the difference", "Was die Abweichung erklärt"),
    "slot_tornado": ("Which assumptions matter most", "Welche Annahmen am meisten zählen"),
}

TERMS: dict[str, tuple[str, str]] = {
    # technologies and heat sources
    "wind": ("Wind", "Windenergie"), "pv_ground": ("Ground-mounted PV", "Freiflächen-PV"),
    "pv_rooftop": ("Rooftop PV", "Dach-PV"),
    "battery_power": ("Battery (power)", "Batteriespeicher (Leistung)"),
    "battery_energy": ("Battery (energy)", "Batteriespeicher (Energie)"),
    "gas_boiler": ("Gas boiler", "Gaskessel"), "gas": ("Natural gas", "Erdgas"),
    "electric_boiler": ("Electric boiler", "Elektrokessel"),
    "ht_heat_pump": ("High-temperature heat pump", "Hochtemperatur-Wärmepumpe"),
    "thermal_store": ("Thermal store", "Wärmespeicher"),
    "induction_furnace": ("Induction furnace", "Induktionsofen"),
    # emission sources
    "grid_import": ("Electricity from the national grid", "Strombezug aus dem Netz"),
    "plant_gas": ("Natural gas in plants", "Erdgas in den Werken"),
    "plant_fuel": ("Coke and other fuels in plants", "Koks und andere Brennstoffe in den "
                   "Werken"),
    "plant_process": ("Process emissions of plants", "Prozessemissionen der Werke"),
    # cost categories
    "capex": ("investment (annuities)", "Investitionen (Annuitäten)"),
    "fixed_om": ("fixed operation and maintenance", "fixe Betriebs- und Wartungskosten"),
    "variable_om": ("variable operation and maintenance", "variable Betriebs- und "
                    "Wartungskosten"),
    "failed_development": ("development of dropped projects", "Entwicklung abgebrochener "
                           "Projekte"),
    "export_revenue": ("sales of electricity to the national grid", "Stromverkauf ins "
                       "nationale Netz"),
    "export_fee": ("fee on electricity sold to the national grid", "Entgelt auf den Stromverkauf "
                   "ins nationale Netz"),
    "co2": ("CO₂ certificates", "CO₂-Zertifikate"), "startup": ("plant start-ups",
                                                                 "Anfahrvorgänge der Werke"),
    "flexibility": ("shifting plant load", "Lastverschiebung der Werke"),
    "slack": ("penalties for broken limits", "Strafkosten für verletzte Grenzen"),
    "grid_markup": ("network charges and levies on added electric heat", "Netzentgelte und "
                    "Umlagen auf zusätzliche elektrische Wärme"),
    "grid_markup_fixed": ("network charges and levies on the fixed demand (constant)",
                          "Netzentgelte und Umlagen auf die feste Nachfrage (konstant)"),
    "fixed_om_existing": ("fixed operation and maintenance of the existing fleet (constant)",
                          "fixe Betriebskosten des Bestands (konstant)"),
    "co2_fixed": ("CO₂ of plant fuel and process emissions (constant)",
                  "CO₂ der Brennstoff- und Prozessemissionen der Werke (konstant)"),
    # pipeline stages
    "started": ("started", "begonnen"), "applied": ("applied for", "beantragt"),
    "approved": ("approved", "genehmigt"), "commissioned": ("commissioned",
                                                            "in Betrieb genommen"),
    "in_development": ("in development", "in Projektentwicklung"),
    "in_approval": ("in permitting", "im Genehmigungsverfahren"),
    "under_construction": ("under construction", "im Bau"),
    "operating": ("in operation", "in Betrieb"),
    # regions
    "harz_ni": ("Harz, Lower Saxony part", "Harz, niedersächsischer Teil"),
    "harz_st": ("Harz, Saxony-Anhalt part", "Harz, sachsen-anhaltischer Teil"),
    "harz_th": ("Harz, Thuringia part", "Harz, thüringischer Teil"),
    "harz_ni_short": ("Lower Saxony", "Niedersachsen"),
    "harz_st_short": ("Saxony-Anhalt", "Sachsen-Anhalt"),
    "harz_th_short": ("Thuringia", "Thüringen"),
    # plant archetypes
    "weee_mechanical": ("Electronic-waste shredding", "E-Schrott-Aufbereitung"),
    "cu_scrap_induction_melting": ("Copper scrap melting", "Kupferschrott-Schmelze"),
    "cu_electrorefining": ("Copper electrorefining", "Kupfer-Elektroraffination"),
    "pb_battery_recycling": ("Lead-battery recycling", "Bleibatterie-Recycling"),
    "zn_waelz_kiln": ("Zinc Waelz kiln", "Zink-Wälzrohrofen"),
    "w_scrap_chemical": ("Tungsten scrap chemistry", "Wolframschrott-Chemie"),
    "al_secondary_remelting": ("Aluminium remelting", "Aluminium-Umschmelzwerk"),
    # cases and outcomes
    "case_reference": ("reference", "Referenz"), "case_fast": ("fast", "schnell"),
    "case_slow": ("slow", "langsam"), "case_high": ("high", "hoch"), "case_low": ("low", "niedrig"),
    "case_slow_expansion": ("slow expansion", "langsamer Ausbau"),
    "outcome_optimal": ("optimal", "optimal"),
    "outcome_feasible_at_limit": ("feasible, stopped at a limit",
                                  "zulässig, an einer Grenze angehalten"),
}

# the analyses' strings (delay curve, waterfall, tornado) live in their own reviewed module
assert not (set(TEXT) & set(catalogue_analyses.TEXT)) and not (
    set(TERMS) & set(catalogue_analyses.TERMS)), "a key of catalogue_analyses repeats one here"
TEXT.update(catalogue_analyses.TEXT)
TERMS.update(catalogue_analyses.TERMS)
# the brief of a stochastic run (the hedge under uncertain approvals), likewise
assert not (set(TEXT) & set(catalogue_hedge.TEXT)) and not (
    set(TERMS) & set(catalogue_hedge.TERMS)), "a key of catalogue_hedge repeats one here"
TEXT.update(catalogue_hedge.TEXT)
TERMS.update(catalogue_hedge.TERMS)
