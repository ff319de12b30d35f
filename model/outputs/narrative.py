"""The words of a run brief: summary sentences, headline table, assumptions, reading notes.

Every sentence is a catalogue template (:mod:`model.outputs.catalogue`) filled with numbers
from :class:`model.outputs.facts.Facts`, formatted by :func:`model.outputs.i18n.amount`
(two significant figures, the language's separators), so English and German say the same.
"""

from __future__ import annotations

import math
import re
from typing import Any

from model.outputs.facts import Facts
from model.outputs.i18n import amount, listing, number, t, term
from model.outputs.identity import result_overrides


def run_label(manifest: dict[str, Any]) -> str:
    """Scenario with its result-changing overrides, e.g. ``reference (permitting.case=slow)``.

    Execution-only overrides (threads, seed, ...) are left out, as in the run's name
    (:mod:`model.outputs.identity`); a run named explicitly (``--name``) shows that name.
    """
    run = str(manifest.get("scenario") or "?")
    base = str(manifest.get("base_scenario") or run)
    shown = [f"{k}={v}" for k, v in result_overrides(
        [str(o) for o in manifest.get("overrides") or []]).items()]
    if not shown:
        return run
    return f"{base} ({'; '.join(shown)})"


#: Scenario keys with a catalogue label (others show as the key itself).
SETTING_LABELS = {
    "permitting.case": "a_permitting", "prices.case": "a_prices",
    "prices.grid_emission_case": "a_grid_em", "finance.discount_rate": "a_discount",
    "policy.co2_budget_t": "a_budget", "policy.allow_slack": "a_slack",
    "plants.flexibility": "a_flex", "plants.unit_commitment": "a_uc",
    "plants.growth_pct_per_year": "a_plant_growth", "demand.other_demand": "a_other_demand",
    "time.representative_days": "a_resolution", "time.segments": "a_resolution",
}


def setting_name(key: str, lang: str) -> str:
    """Human name of a scenario key (``permitting.case`` -> 'Permitting case')."""
    return t(SETTING_LABELS[key], lang) if key in SETTING_LABELS else key


def term_case(case: object, lang: str) -> str:
    """Human name of a data case (``slow`` -> 'slow' / 'langsam')."""
    return term(f"case_{case}", lang) if case else t("na", lang)


def term_outcome(outcome: object, lang: str) -> str:
    """Human name of a solver outcome."""
    return term(f"outcome_{outcome}", lang) if outcome else t("na", lang)


def plant_names(plants: list[str], info: dict[str, dict[str, str]], lang: str) -> dict[str, str]:
    """``plant_id -> 'Copper electrorefining (Lower Saxony)'`` from the plants' archetypes."""
    out = {}
    for p in plants:
        rec = info.get(p)
        out[p] = (f"{term(rec['archetype'], lang)} ({term(rec['region'] + '_short', lang)})"
                  if rec else term(p, lang))
    return out


def summary(f: Facts, lang: str, names: dict[str, str]) -> list[str]:
    """Three sentences: what is built when, emissions over time, what the NPV is and includes."""
    out = []
    marks = f.milestones
    if f.added_mw and len(marks) > 1:
        later = marks[1:]
        parts = [t("s_build_year", lang, year=y,
                   wind=amount(f.added_mw["wind"][y], "mw", lang),
                   pv=amount(f.added_mw["pv"][y], "mw", lang)) for y in later]
        first = f.electrified[0] if f.electrified else None
        plants = (t("s_plants", lang, n=len({p for p, _, _ in f.electrified}), total=len(f.plants),
                    year=first[2], plant=names.get(first[0], first[0]),
                    option=term(first[1], lang))
                  if first else t("s_no_plants", lang))
        out.append(t("s_build", lang, start=marks[0], parts=listing(parts, lang), plants=plants))
    if f.emissions_t and len(marks) > 1:
        ref = max(f.emissions_t[y] for y in marks)
        values = [t("s_em_in", lang, value=amount(f.emissions_t[y], "t", lang, ref=ref), year=y)
                  for y in marks]
        out.append(t("s_emissions", lang, first=values[0], rest=listing(values[1:], lang),
                     total=amount(f.cumulative_t, "t", lang), start=f.years[0], end=f.years[-1]))
    revenue = listing([term(c, lang) for c in f.revenue_categories], lang)
    out.append(t("s_cost" if f.revenue_categories else "s_cost_norev", lang,
                 npv=amount(f.npv_eur, "eur", lang), gross=amount(f.gross_cost_eur, "eur", lang),
                 revenue=amount(f.revenue_eur, "eur", lang), what=revenue,
                 rate=number(100 * f.discount_rate, 0, lang), base=f.base_year,
                 basis=basis_text(f, lang)))
    return out


def _signed_pct(value: float | None, lang: str) -> str:
    return t("na", lang) if value is None else ("+" if value >= 0 else "−") + number(
        abs(value), 1, lang)


def basis_text(f: Facts, lang: str) -> str:
    """The basis of the headline numbers in words (planning resolution or hourly validated)."""
    if f.basis == "hourly_validated":
        key = "basis_hourly_all" if set(f.years) <= set(f.validated_years) else "basis_hourly"
        return t(key, lang, years=listing([str(y) for y in f.validated_years], lang))
    return t("basis_planning", lang, days=f.resolution.get("days") or f.resolution["day_count"],
             steps=f.resolution.get("segments") or f.resolution["steps"])


def headline(f: Facts, lang: str) -> list[tuple[str, str]]:
    """(label, value) rows of the headline table, rounded like the summary."""
    rows = [(t("h_npv", lang), amount(f.npv_eur, "eur", lang)),
            (t("h_gross", lang), amount(f.gross_cost_eur, "eur", lang))]
    if f.revenue_categories:
        rows.append((t("h_revenue", lang), amount(f.revenue_eur, "eur", lang)))
    if f.emissions_t:
        rows.append((t("h_cum", lang, start=f.years[0], end=f.years[-1]),
                     amount(f.cumulative_t, "t", lang)))
        rows += [(t("h_em_year", lang, year=y), amount(f.emissions_t[y], "t", lang))
                 for y in f.milestones]
    if f.added_mw:
        end = f.years[-1]
        rows += [(t("h_added", lang, what=t(k, lang), start=f.years[0], end=end),
                  amount(f.added_mw[k][end], "mw", lang)) for k in ("wind", "pv")]
    return rows


def _onoff(flag: Any, lang: str) -> str:
    return t("yes" if flag else "no", lang)


def _mapping(value: Any, lang: str, unit: str = "") -> str:
    if not value:
        return t("none", lang)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_mapping(v, lang, unit)}" for k, v in value.items())
    return f"{number(float(value), 0, lang)}{' ' + unit if unit else ''}"


def assumptions(manifest: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """(label, value) rows: cases, time resolution, policy, demand, plants, finance."""
    sc = manifest.get("resolved_scenario") or {}
    if not sc:
        return []
    g = lambda *keys: _get(sc, keys)  # noqa: E731
    pct = lambda v: number(100 * float(v), 1, lang) + " %" if v is not None else t("na", lang)  # noqa: E731,E501
    days, seg = g("time", "representative_days"), g("time", "segments") or 24
    rows = [
        (t("a_years", lang), f"{g('years', 'start')}–{g('years', 'end')}"),
        (t("a_regions", lang), listing([term(r, lang) for r in sc.get("regions", [])], lang)),
        (t("a_permitting", lang), term(f"case_{g('permitting', 'case')}", lang)),
        (t("a_prices", lang), term(f"case_{g('prices', 'case')}", lang)),
        (t("a_grid_em", lang), term(f"case_{g('prices', 'grid_emission_case')}", lang)),
        (t("a_cap", lang), _mapping(g("policy", "co2_cap_t"), lang, "t CO₂")),
        (t("a_budget", lang), _mapping(g("policy", "co2_budget_t"), lang, "t CO₂")),
        (t("a_targets", lang), _mapping(g("policy", "capacity_target_mw"), lang, "MW")),
        (t("a_slack", lang), _onoff(g("policy", "allow_slack"), lang)),
        (t("a_other_demand", lang), (t("a_demand_growth", lang, pct=pct(
            (g("demand", "other_demand_growth_pct_per_year") or 0) / 100))
            if g("demand", "other_demand") else t("no", lang))),
        (t("a_plant_growth", lang), pct((g("plants", "growth_pct_per_year") or 0) / 100)),
        (t("a_flex", lang), _onoff(g("plants", "flexibility"), lang)),
        (t("a_uc", lang), _onoff(g("plants", "unit_commitment"), lang)),
        (t("a_options", lang), t("all", lang) if g("plants", "options") is None else listing(
            [term(o, lang) for o in g("plants", "options")], lang) or t("none", lang)),
        (t("a_exchange", lang), t(f"exchange_{g('exchange', 'mode')}", lang,
                                  mw=number(g("exchange", "limit_mw") or 0, 0, lang))),
        (t("a_discount", lang), pct(g("finance", "discount_rate"))),
        (t("a_resolution", lang), t("a_resolution_v", lang, days=days, steps=seg)),
    ]
    excluded = g("plants", "exclude") or []
    if excluded or g("plants", "include"):
        rows.append((t("a_plants_subset", lang), listing(
            [*(g("plants", "include") or []), *(f"− {p}" for p in excluded)], lang)))
    return rows


def _get(tree: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        tree = (tree or {}).get(k) if isinstance(tree, dict) else None
    return tree


def permitting_table(rows: list[dict[str, Any]], lang: str) -> list[list[str]]:
    """Rows of the lead-time table: technology, regions, the three stages, total, attrition."""
    out = []
    for r in rows:
        where = listing([term(f"{x}_short", lang) for x in r["regions"]], lang) or t(
            "all_regions", lang)
        cap = r["approval_cap_mw_per_yr"]
        out.append([term(r["technology"], lang), where,
                    *(number(r[s], 0, lang) for s in ("pre_application_months", "approval_months",
                                                      "realisation_months", "total_months")),
                    number(100 * (r["attrition_share"] or 0.0), 0, lang) + " %",
                    t("no_cap", lang) if cap is None or math.isnan(cap) else number(cap, 0, lang)])
    return out


def _constant_terms(npv: dict[str, Any] | None, lang: str) -> list[str]:
    """The sentence on the constant terms kept out of the optimised NPV (none if unknown).

    ``npv`` is the manifest's ``npv`` entry (M EUR): ``optimised_meur``,
    ``constant_terms_meur`` and ``constant_terms_by_category_meur``.
    """
    if not npv or npv.get("constant_terms_meur") is None:
        return []
    names = [re.sub(r"\s*\((constant|konstant)\)$", "", term(c, lang))
             for c in npv.get("constant_terms_by_category_meur") or {}]
    return [t("r_constant", lang, terms=listing(names, lang),
              constant=amount(1e6 * npv["constant_terms_meur"], "eur", lang),
              optimised=amount(1e6 * npv["optimised_meur"], "eur", lang))]


def how_to_read(f: Facts, manifest: dict[str, Any], lang: str, sources: list[str]) -> list[str]:
    """Paragraphs: what the NPV includes, the system boundary, time resolution, the MIP gap."""
    gap = manifest.get("mip_gap")
    hv = manifest.get("hourly_validation") or {}
    return [
        t("r_npv", lang, gross=listing([term(c, lang) for c in f.gross_categories], lang),
          revenue=listing([term(c, lang) for c in f.revenue_categories], lang) or t("none", lang),
          rate=number(100 * f.discount_rate, 0, lang), base=f.base_year,
          start=f.years[0] if f.years else "", end=f.years[-1] if f.years else ""),
        *_constant_terms(manifest.get("npv"), lang),
        t("r_boundary", lang, sources=listing([term(s, lang) for s in sources], lang),
          plants=len(f.plants)),
        t("r_resolution", lang, basis=basis_text(f, lang)) if f.basis != "hourly_validated"
        else t("r_resolution_hourly", lang, basis=basis_text(f, lang),
               npv=_signed_pct(hv.get("npv_planning_minus_hourly_pct"), lang),
               em=_signed_pct(hv.get("cumulative_emissions_planning_minus_hourly_pct"), lang)),
        t("r_gap", lang, eur=amount(f.gap_eur, "eur", lang),
          pct=number(100 * gap, 2, lang) if gap is not None else t("na", lang)),
        t("r_rounding", lang),
    ]
