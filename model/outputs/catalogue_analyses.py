"""Reviewed (English, German) strings of the analyses in the comparison brief.

The delay curve, the attribution waterfall and the sensitivity tornado
(:mod:`model.outputs.analysis_brief`); merged into :data:`model.outputs.catalogue.TEXT` and
``TERMS``, so :func:`model.outputs.i18n.t` and the German test cover them like every other
string. Units are written out: "M EUR of NPV per year of delay", never "EUR/yr".
"""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "u_meur_per_year_delay": ("M EUR of NPV per year of delay",
                              "Mio. EUR Kapitalwert je Jahr Verzögerung"),
    "u_kt_per_year_delay": ("kt CO₂ per year of delay", "Tsd. t CO₂ je Jahr Verzögerung"),
    "u_meur_per_unit": ("M EUR of NPV per unit of the lever",
                        "Mio. EUR Kapitalwert je Einheit des Hebels"),
    "u_kt_per_unit": ("kt CO₂ per unit of the lever", "Tsd. t CO₂ je Einheit des Hebels"),
    "u_meur_per_year_wind_delay": ("M EUR of NPV per year of wind delay",
                                   "Mio. EUR Kapitalwert je Jahr Verzögerung bei Wind"),
    "u_kt_per_year_wind_delay": ("kt CO₂ per year of wind delay",
                                 "Tsd. t CO₂ je Jahr Verzögerung bei Wind"),
    "a_wind_delay_lead": (
        "{case}: the wind lead time is {years} years longer; its share of the change, per "
        "year of that delay, is {npv} and {co2} (the other settings' effects taken out). The "
        "largest share: {group}, {share} M EUR.",
        "{case}: Die Vorlaufzeit für Wind ist {years} Jahre länger; ihr Anteil an der "
        "Änderung, je Jahr dieser Verzögerung, beträgt {npv} und {co2} (ohne die Wirkung der "
        "anderen Einstellungen). Der größte Anteil: {group}, {share} Mio. EUR."),
    "a_d_npv": ("Change of NPV (M EUR)", "Änderung des Kapitalwerts (Mio. EUR)"),
    "a_d_co2": ("Change of cumulative emissions (kt CO₂)",
                "Änderung der kumulierten Emissionen (Tsd. t CO₂)"),
    "a_x_years": ("{lever} (years; dotted: base value)",
                "{lever} (Jahre; gepunktet: Basiswert)"),
    "a_value": ("{lever} (dotted: base value)", "{lever} (gepunktet: Basiswert)"),
    "a_base_mark": ("base value", "Basiswert"),
    "a_months": ("months", "Monate"),
    "a_delay_cap": (
        "Change of the net present value (blue, left axis, M EUR) and of the cumulative "
        "emissions (red, right axis, kt CO₂) against the base run, for each value of {lever}; "
        "the slope of each line is the cost per year of delay. Basis: {basis}.",
        "Änderung des Kapitalwerts (blau, linke Achse, Mio. EUR) und der kumulierten "
        "Emissionen (rot, rechte Achse, Tsd. t CO₂) gegenüber dem Basislauf für jeden Wert "
        "von {lever}; die Steigung jeder Linie sind die Kosten je Jahr Verzögerung. "
        "Grundlage: {basis}."),
    "a_delay_range": (
        "Over the whole range, one year of delay costs {npv} and {co2}.",
        "Über den ganzen Bereich kostet ein Jahr Verzögerung {npv} und {co2}."),
    "a_delay_range_unit": (
        "Over the whole range: {npv} and {co2}.", "Über den ganzen Bereich: {npv} und {co2}."),
    "a_value_col": ("Value", "Wert"),
    "a_per_neighbour": ("{unit}, from the previous value", "{unit}, ab dem vorigen Wert"),
    "a_basis_hourly": ("hourly-validated (every run re-dispatched at 8,760 hours)",
                       "stündlich geprüft (jeder Lauf mit 8.760 Stunden nachgerechnet)"),
    "a_basis_planning": ("planning model on representative days",
                         "Planungsmodell auf Typtagen"),
    "a_case": ("Case", "Fall"), "a_group": ("Lever group", "Hebelgruppe"),
    "a_share_npv": ("Share of the NPV change (M EUR)", "Anteil an der Änderung des "
                    "Kapitalwerts (Mio. EUR)"),
    "a_alone_npv": ("Alone (M EUR)", "Allein (Mio. EUR)"),
    "a_interaction_npv": ("Interaction (M EUR)", "Wechselwirkung (Mio. EUR)"),
    "a_share_co2": ("Share of the emission change (kt CO₂)",
                    "Anteil an der Emissionsänderung (Tsd. t CO₂)"),
    "a_alone_co2": ("Alone (kt CO₂)", "Allein (Tsd. t CO₂)"),
    "a_waterfall_title": ("{case} against {base}", "{case} gegenüber {base}"),
    "a_waterfall_cap": (
        "How the change of the net present value of each case against {base} splits over the "
        "groups of permitting settings that differ (Shapley shares, M EUR): red raises the "
        "cost, green lowers it, blue is the total. The shares add up exactly to the total; "
        "'alone' is a group's effect when only it changes, 'interaction' the rest. Basis: "
        "{basis}.",
        "Wie sich die Änderung des Kapitalwerts jedes Falls gegenüber {base} auf die Gruppen "
        "unterschiedlicher Genehmigungseinstellungen verteilt (Shapley-Anteile, Mio. EUR): rot "
        "erhöht die Kosten, grün senkt sie, blau ist die Summe. Die Anteile ergeben genau die "
        "Summe; „allein“ ist die Wirkung einer Gruppe, wenn nur sie sich ändert, "
        "„Wechselwirkung“ der Rest. Grundlage: {basis}."),
    "a_input": ("Input (low / high)", "Eingangsgröße (niedrig / hoch)"),
    "a_tag": ("Tag, source", "Kennung, Quelle"),
    "a_npv_low": ("Change of NPV, low (M EUR)", "Änderung Kapitalwert, niedrig (Mio. EUR)"),
    "a_npv_high": ("Change of NPV, high (M EUR)", "Änderung Kapitalwert, hoch (Mio. EUR)"),
    "a_co2_low": ("Change of emissions, low (kt CO₂)",
                  "Änderung Emissionen, niedrig (Tsd. t CO₂)"),
    "a_co2_high": ("Change of emissions, high (kt CO₂)",
                   "Änderung Emissionen, hoch (Tsd. t CO₂)"),
    "a_wind_low": ("{unit}, low", "{unit}, niedrig"),
    "a_wind_high": ("{unit}, high", "{unit}, hoch"),
    "a_unit_factor": ("× the data value", "× Datenwert"),
    "a_unit_pct_yr": ("% per year", "% pro Jahr"),
    "a_low": ("low value", "niedriger Wert"), "a_high": ("high value", "hoher Wert"),
    "a_tornado_cap": (
        "Each input set to its low (green) and high (red) value one at a time, all else at "
        "the base: change of the net present value in M EUR, the widest on top. At the base "
        "values one year of wind delay (12 more approval months in every region) costs "
        "{base}. Basis: {basis}.",
        "Jede Eingangsgröße einzeln auf ihren niedrigen (grün) und hohen (rot) Wert gesetzt, "
        "alles andere wie im Basislauf: Änderung des Kapitalwerts in Mio. EUR, die breiteste "
        "oben. Bei den Basiswerten kostet ein Jahr Verzögerung bei Wind (12 Monate längere "
        "Genehmigung in jeder Region) {base}. Grundlage: {basis}."),
}

TERMS: dict[str, tuple[str, str]] = {
    # lever groups of the attribution
    "group_wind_lead_time": ("wind lead time", "Vorlaufzeit Wind"),
    "group_pv_lead_time": ("PV lead time", "Vorlaufzeit Photovoltaik"),
    "group_attrition": ("projects refused or withdrawn", "abgelehnte oder zurückgezogene Projekte"),
    "group_approval_caps": ("approval capacity of the authorities",
                      "Genehmigungskapazität der Behörden"),
    "group_land": ("land potentials", "Flächenpotenziale"), "group_other": ("other settings",
                                                                "sonstige Einstellungen"),
    "group_total": ("total", "Summe"),
    # permitting parameters (delay levers)
    "param_pre_application_months": ("site development before the application",
                               "Projektentwicklung vor dem Antrag"),
    "param_approval_months": ("permitting duration", "Genehmigungsdauer"),
    "param_realisation_months": ("construction after the permit", "Bau nach der Genehmigung"),
    "param_attrition_share": ("share of projects refused or withdrawn",
                        "Anteil abgelehnter oder zurückgezogener Projekte"),
    "param_approval_cap_mw_per_yr": ("approval capacity (MW per year)",
                               "Genehmigungskapazität (MW je Jahr)"),
    # sensitivity inputs (sensitivity_ranges.csv)
    "input_price_level": ("price level (low and high price cases)",
                    "Preisniveau (niedriger und hoher Preisfall)"),
    "input_other_demand_growth": ("growth of the other demand", "Wachstum der übrigen Nachfrage"),
    "input_discount_rate": ("discount rate", "Diskontsatz"),
    "input_plant_growth": ("growth of the plants' throughput", "Wachstum der Werksproduktion"),
    "input_exchange_limit": ("exchange limit between the regions",
                       "Austauschgrenze zwischen den Regionen"),
    "input_capex_wind": ("investment cost of wind", "Investitionskosten Windenergie"),
    "input_capex_pv": ("investment cost of PV", "Investitionskosten Photovoltaik"),
    "input_capex_battery": ("investment cost of batteries", "Investitionskosten Batteriespeicher"),
    "input_gas_price": ("gas price", "Gaspreis"), "input_co2_price": ("CO₂ price", "CO₂-Preis"),
    "input_other_demand": ("level of the other demand", "Niveau der übrigen Nachfrage"),
    "input_grid_markup": ("grid mark-up on electricity imports",
                          "Netzentgelte und Umlagen auf den Strombezug"),
    "input_land_wind": ("land potential of wind", "Flächenpotenzial Windenergie"),
    "input_land_pv": ("land potential of PV", "Flächenpotenzial Photovoltaik"),
    "input_capture_rate_wind": ("market value factor of wind", "Marktwertfaktor Windenergie"),
    "input_capture_rate_pv": ("market value factor of PV", "Marktwertfaktor Photovoltaik"),
    "input_plant_heat": ("useful heat of the plants", "Nutzwärme der Werke"),
}
