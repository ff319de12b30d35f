r"""The brief of a stochastic run (``brief.html``): the hedge under uncertain approvals.

A run with an ``uncertainty`` section (``model/stochastic``) publishes tables instead of one
pathway; this module turns them into the run's brief, in the same page style and through
the same catalogue (:mod:`model.outputs.catalogue_hedge`) and number formats
(:mod:`model.outputs.i18n`) as the deterministic brief. Everything shown is read back from
the run folder's CSV files, so the brief states exactly what the files hold:

* ``first_stage_plan.csv``: what to start in each year before any outcome is known;
* ``starts.csv``: every start in every scenario (later starts adapt);
* ``scenarios.csv``: probability, values in force, NPV, emissions, wait-and-see optimum,
  MW withdrawn at the approval decision by the hedge and by the average-case plan;
* ``distribution.csv``: expected value, P10/P50/P90 of NPV and emissions;
* ``value_of_information.csv``: RP, WS, EV, EEV, EVPI = RP - WS, VSS = EEV - RP (M EUR);
* ``average_case_plan.csv`` (first stage of the average-case plan) and
  ``average_plan_breaks.csv`` (the limits it exceeds), when present.

Sections: title, warnings, the hedge in plain words beside the headline numbers (first
screen), figures (:mod:`model.outputs.hedge_figures`), tables, how to read, provenance.
Rounding: NPV in M EUR and emissions in kt CO2 with one decimal below 1,000 and none from
1,000 on (:func:`digits`), EVPI and VSS with two decimals, starts in MW with one.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd

from model.errors import InputError
from model.outputs import hedge_figures
from model.outputs.catalogue import TERMS, TEXT
from model.outputs.i18n import check_lang, in_text, label, listing, number, t, term

FILES = {"plan": "first_stage_plan.csv", "starts": "starts.csv", "scenarios": "scenarios.csv",
         "distribution": "distribution.csv", "values": "value_of_information.csv",
         "average": "average_case_plan.csv", "breaks": "average_plan_breaks.csv"}
OPTIONAL = ("average", "breaks")
TOL_MW = hedge_figures.TOL_MW
_KEYS = {"hg_limit_approval_cap", "hg_limit_land"}  # limits with words in the catalogue


def is_stochastic(manifest: dict[str, Any]) -> bool:
    """A manifest written by a stochastic run (``kind: stochastic``)."""
    return manifest.get("kind") == "stochastic"


def raw_manifest(run_dir: Path) -> dict[str, Any]:
    """``manifest.json`` of a run folder as plain JSON (no schema), or {} if unreadable."""
    try:
        data = json.loads((Path(run_dir) / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _parse(source: Path | str, name: str) -> pd.DataFrame:
    try:
        return pd.read_csv(source)
    except pd.errors.EmptyDataError:
        return pd.DataFrame()
    except (OSError, ValueError, pd.errors.ParserError) as err:
        raise InputError(f"{name}: cannot read the table ({err})") from None


def read_tables(run_dir: Path) -> dict[str, pd.DataFrame]:
    """The run's CSV tables by key of :data:`FILES`; optional ones empty when absent.

    Raises
    ------
    InputError
        If a required file is missing or cannot be read, naming it.
    """
    out = {}
    for key, name in FILES.items():
        path = Path(run_dir) / name
        if path.is_file():
            out[key] = _parse(path, str(path))
        elif key in OPTIONAL:
            out[key] = pd.DataFrame()
        else:
            raise InputError(f"{path}: missing; the stochastic run folder is incomplete "
                             "(run the scenario again)")
    return out


def tables_from_text(files: dict[str, str]) -> dict[str, pd.DataFrame]:
    """The same tables from the CSV texts a run is about to write (file name -> text)."""
    return {key: _parse(io.StringIO(files[name]), name) if name in files else pd.DataFrame()
            for key, name in FILES.items()}


def uncertain_items(scenarios: pd.DataFrame) -> list[tuple[str, str, str]]:
    """(technology, region, parameter) of every uncertain value (``tech.region.param``)."""
    return [tuple(c.split(".")) for c in scenarios.columns if c.count(".") == 2]


def region_name(region: str, lang: str) -> str:
    """Short region name ('Lower Saxony') when the catalogue has one, else its id."""
    key = f"{region}_short"
    return term(key if key in TERMS else region, lang)


def _mw(value: float, tech: str, lang: str) -> str:
    unit = t("u_mwh", lang) if tech == "battery_energy" else t("u_mw", lang)
    return f"{number(value, 1, lang)}\u00a0{unit}"


def digits(value: float | None) -> int:
    """Decimals shown for an NPV (M EUR) or emission (kt) figure: 0 from 1,000 on, else 1."""
    return 0 if value is not None and abs(value) >= 1000 else 1


def plain(value: float | None, lang: str) -> str:
    """An NPV (M EUR) or emission (kt) figure without unit, with :func:`digits` decimals."""
    return number(value, digits(value), lang)


def _meur(value: float | None, lang: str) -> str:
    return f"{plain(value, lang)}\u00a0{t('u_meur_npv', lang)}"


def _kt(value_t: float, lang: str) -> str:
    return f"{plain(value_t / 1e3, lang)}\u00a0{t('u_kt', lang)}"


def _span(years: list[int]) -> str:
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def _value(values: pd.DataFrame, quantity: str) -> float | None:
    row = values[values["quantity"] == quantity]["value_meur"]
    return None if row.empty or pd.isna(row.iloc[0]) else float(row.iloc[0])


def _plan_sentence(plan: pd.DataFrame, first: list[int], lang: str) -> str:
    built = plan[plan["start_mw"] > TOL_MW] if len(plan) else plan
    if built.empty:
        return t("hg_no_plan", lang, years=_span(first) if first else t("na", lang))
    items = []
    for year, rows in built.groupby("start_year", sort=True):
        parts = [t("hg_plan_part", lang, mw=_mw(r["start_mw"], r["technology"], lang),
                   tech=in_text(r["technology"], lang), region=region_name(r["region"], lang))
                 for _, r in rows.iterrows()]
        items.append(t("hg_plan_year", lang, year=int(year), parts=listing(parts, lang)))
    return t("hg_plan", lang, years=_span(first), items="; ".join(items))


def _later_sentences(tb: dict[str, pd.DataFrame], techs: list[str], first: list[int],
                     end: int, lang: str) -> list[str]:
    out = []
    starts, avg = tb["starts"], tb["average"]
    for k in techs:
        hedge = float(tb["plan"].loc[tb["plan"]["technology"] == k, "start_mw"].clip(
            lower=0).sum())
        if not avg.empty:
            a = avg[(avg["technology"] == k) & avg["start_year"].isin(first)]
            out.append(t("hg_average", lang, average=_mw(float(a["start_mw"].clip(lower=0).sum()),
                                                          k, lang),
                         tech=in_text(k, lang), hedge=_mw(hedge, k, lang)))
        later = starts[(starts["technology"] == k) & (starts["stage"] > 1)]
        if not later.empty:
            per = later.assign(mw=later["start_mw"].clip(lower=0)).groupby("scenario")["mw"].sum()
            per = per.reindex(tb["scenarios"]["scenario"], fill_value=0.0)
            if float(per.max()) <= TOL_MW:
                continue  # nothing more is started once the outcomes are known
            out.append(t("hg_later", lang, low=_mw(float(per.min()), k, lang),
                         high=_mw(float(per.max()), k, lang), tech=in_text(k, lang), end=end))
    return out


def _withdrawn_sentences(sc: pd.DataFrame, techs: list[str], lang: str) -> list[str]:
    """Most MW withdrawn at the approval decision (hedge, average-case plan), per technology."""
    out = []
    for k in techs:
        own, avg = f"withdrawn_{k}_mw", f"average_plan_withdrawn_{k}_mw"
        if own not in sc:
            continue  # a run without withdrawal
        most = {}
        for col in (own, avg):
            v = pd.to_numeric(sc[col], errors="coerce") if col in sc else pd.Series(dtype=float)
            most[col] = (0.0, "") if v.dropna().empty or float(v.max()) <= TOL_MW else (
                float(v.max()), str(sc.loc[v.idxmax(), "scenario"]))
        if max(most[own][0], most[avg][0]) <= TOL_MW:
            continue
        out.append(t("hg_withdrawn", lang, tech=in_text(k, lang),
                     hedge=_mw(most[own][0], k, lang), hs=most[own][1] or "-",
                     average=_mw(most[avg][0], k, lang), avs=most[avg][1] or "-"))
    return out


def summary(tb: dict[str, pd.DataFrame], manifest: dict[str, Any], lang: str) -> list[str]:
    """The hedge in plain words: one paragraph per sentence."""
    sc = manifest.get("resolved_scenario") or {}
    start, end = (sc.get("years") or {}).get("start"), (sc.get("years") or {}).get("end")
    first = [int(y) for y in manifest.get("first_stage_years") or []]
    items = uncertain_items(tb["scenarios"])
    techs = sorted({k for k, _, _ in items})
    d = tb["distribution"].set_index("metric")
    npv, em = d.loc["npv_meur"], d.loc["emissions_t"]
    text = [t("hg_intro", lang, n=len(tb["scenarios"]),
              techs=listing([in_text(k, lang) for k in techs], lang)),
            _plan_sentence(tb["plan"], first, lang),
            *_later_sentences(tb, techs, first, end, lang),
            *_withdrawn_sentences(tb["scenarios"], techs, lang),
            t("hg_spread", lang, p10=_meur(npv["p10"], lang), p50=_meur(npv["p50"], lang),
              p90=_meur(npv["p90"], lang), expected=_meur(npv["expected"], lang),
              start=start, end=end, e10=_kt(em["p10"], lang), e50=_kt(em["p50"], lang),
              e90=_kt(em["p90"], lang), eexp=_kt(em["expected"], lang))]
    breaks, values = tb["breaks"], tb["values"]
    if not breaks.empty:
        names = sorted({str(s) for s in breaks["scenario"]})
        limits = [t(f"hg_limit_{k}", lang) for k in sorted(set(breaks["limit"]))
                  if f"hg_limit_{k}" in _KEYS]
        text.append(t("hg_breaks", lang, n=len(names), total=len(tb["scenarios"]),
                      names=", ".join(names), limits=listing(limits, lang) or t("na", lang)))
    else:
        text.append(t("hg_vss", lang, vss=_expected(_value(values, "VSS"), lang)))
    text.append(t("hg_evpi", lang, evpi=_expected(_value(values, "EVPI"), lang)))
    gap = manifest.get("mip_gap")
    text.append(t("hg_gap", lang, gap=t("na", lang) if gap is None
                  else number(100 * gap, 2, lang) + "\u00a0%"))
    return text


def _expected(value: float | None, lang: str) -> str:
    return f"{number(value, 2, lang)}\u00a0{t('u_meur_expected', lang)}"


def headline(tb: dict[str, pd.DataFrame], manifest: dict[str, Any], lang: str
             ) -> list[tuple[str, str]]:
    """(name, value) rows of the headline table."""
    sc = manifest.get("resolved_scenario") or {}
    years = sc.get("years") or {}
    d = tb["distribution"].set_index("metric")
    npv, em = d.loc["npv_meur"], d.loc["emissions_t"]
    first = [int(y) for y in manifest.get("first_stage_years") or []]
    slash = " / "
    rows = [(t("hg_h_expected", lang), _meur(npv["expected"], lang)),
            (t("hg_h_npv_q", lang), slash.join(plain(npv[q], lang) for q in
                                                ("p10", "p50", "p90")) + "\u00a0"
             + t("u_meur_npv", lang)),
            (t("hg_h_em", lang, start=years.get("start"), end=years.get("end")),
             _kt(em["expected"], lang)),
            (t("hg_h_em_q", lang, start=years.get("start"), end=years.get("end")),
             slash.join(plain(em[q] / 1e3, lang) for q in ("p10", "p50", "p90"))
             + "\u00a0" + t("u_kt", lang))]
    plan = tb["plan"]
    for k in sorted({k for k, _, _ in uncertain_items(tb["scenarios"])}):
        mw = float(plan.loc[plan["technology"] == k, "start_mw"].clip(lower=0).sum())
        rows.append((t("hg_h_first", lang, tech=label(k, lang),
                       years=_span(first) if first else t("na", lang)), _mw(mw, k, lang)))
    vss = _value(tb["values"], "VSS")
    rows.append((t("hg_h_evpi", lang), _expected(_value(tb["values"], "EVPI"), lang)))
    rows.append((t("hg_h_vss", lang), t("hg_unbounded", lang)
                 if vss is None and not tb["breaks"].empty else _expected(vss, lang)))
    return rows


def tables(tb: dict[str, pd.DataFrame], manifest: dict[str, Any], lang: str
           ) -> list[dict[str, Any]]:
    """The brief's tables as {title, header, rows, text_cols}."""
    out = []
    first = [int(y) for y in manifest.get("first_stage_years") or []]
    plan = tb["plan"]
    if len(plan):
        wide = plan.pivot_table(index=["technology", "region"], columns="start_year",
                                values="start_mw", aggfunc="sum").reindex(columns=first)
        wide = wide.fillna(0.0).clip(lower=0.0)
        wide = wide[wide.max(axis=1) > TOL_MW]
        if len(wide):
            out.append({"title": t("hg_tab_plan", lang), "text_cols": 2,
                        "header": [t("technology", lang), t("regions", lang),
                                   *map(str, first), t("hg_col_total", lang)],
                        "rows": [[label(k, lang), region_name(r, lang),
                                  *(number(v, 1, lang) for v in row), number(row.sum(), 1, lang)]
                                 for (k, r), row in wide.iterrows()]})
    sc = tb["scenarios"]
    items = uncertain_items(sc)
    head = [t("hg_col_scenario", lang), t("hg_col_prob", lang),
            *(t("hg_col_param", lang, tech=label(k, lang), region=region_name(r, lang),
                param=t(f"hg_p_{p}", lang) if f"hg_p_{p}" in TEXT else term(f"param_{p}", lang))
              for k, r, p in items),
            t("hg_col_npv", lang), t("hg_col_em", lang)]
    has_ws = "wait_and_see_objective_meur" in sc
    head += [t("hg_col_ws", lang)] if has_ws else []
    rows = [[str(r["scenario"]), number(r["probability"], 2, lang),
             *(number(r[".".join(i)], 2 if i[2] == "attrition_share" else 0, lang) for i in items),
             plain(r["npv_meur"], lang), plain(r["emissions_t"] / 1e3, lang),
             *([plain(r["wait_and_see_objective_meur"], lang)] if has_ws else [])]
            for _, r in sc.iterrows()]
    out.append({"title": t("hg_tab_scenarios", lang), "header": head, "rows": rows,
                "text_cols": 1})
    unbounded = not tb["breaks"].empty

    def shown(q: str) -> str:
        v = _value(tb["values"], q)
        return t("hg_unbounded", lang) if v is None and unbounded and q in ("EEV", "VSS") \
            else number(v, 2, lang)

    out.append({"title": t("hg_tab_values", lang), "text_cols": 2,
                "header": [t("hg_col_quantity", lang), t("hg_col_meaning", lang),
                           t("hg_col_value", lang)],
                "rows": [[str(q), t(f"hg_v_{q}", lang), shown(str(q))]
                         for q in tb["values"]["quantity"]]})
    br = tb["breaks"]
    if not br.empty:
        out.append({"title": t("hg_tab_breaks", lang), "text_cols": 4,
                    "header": [t("hg_col_scenario", lang), t("hg_col_limit", lang),
                               t("technology", lang), t("regions", lang), t("hg_col_year", lang),
                               t("hg_col_excess", lang)],
                    "rows": [[str(r["scenario"]), t(f"hg_limit_{r['limit']}", lang)
                              if f"hg_limit_{r['limit']}" in _KEYS else str(r["limit"]),
                              label(str(r["technology"]), lang), region_name(str(r["region"]),
                                                                             lang),
                              "" if pd.isna(r["year"]) else str(int(r["year"])),
                              number(r["excess_mw"], 1, lang)] for _, r in br.iterrows()]})
    return out


def figure_list(tb: dict[str, pd.DataFrame], manifest: dict[str, Any], lang: str
                ) -> list[dict[str, str]]:
    """Starts per year of each uncertain technology, and the NPV distribution."""
    first = [int(y) for y in manifest.get("first_stage_years") or []]
    probs = dict(zip(tb["scenarios"]["scenario"].astype(str), tb["scenarios"]["probability"],
                     strict=True))
    out = []
    for k in sorted({k for k, _, _ in uncertain_items(tb["scenarios"])}):
        svg = hedge_figures.starts_svg(tb["starts"], probs, k, first, lang)
        if svg is not None:
            out.append({"key": f"starts-{k}", "title": f"{t('hg_fig_starts', lang)}: "
                        f"{term(k, lang)}", "svg": svg, "caption": t(
                            "hg_fig_starts_cap", lang, tech=label(k, lang),
                            years=_span(first) if first else t("na", lang))})
    svg = hedge_figures.npv_svg(tb["scenarios"], tb["distribution"], lang)
    if svg is not None:
        out.append({"key": "npv", "title": t("hg_fig_npv", lang), "svg": svg,
                    "caption": t("hg_fig_npv_cap", lang)})
    return out


def context(tb: dict[str, pd.DataFrame], manifest: dict[str, Any], lang: str) -> dict[str, Any]:
    """Everything the stochastic brief template shows (also used by the tests)."""
    from model.outputs.report import _provenance, run_date

    sc = manifest.get("resolved_scenario") or {}
    time_cfg = sc.get("time") or {}
    unc = sc.get("uncertainty") or {}
    outcome, gap = str(manifest.get("outcome", "unknown")), manifest.get("mip_gap")
    warnings = [] if outcome == "optimal" else [t(
        "gap_banner", lang, outcome=term(f"outcome_{outcome}", lang),
        gap=t("na", lang) if gap is None else number(100 * gap, 2, lang) + " %")]
    return {
        "lang": lang, "T": lambda key, **kw: t(key, lang, **kw),
        "label": manifest.get("scenario") or t("na", lang),
        "description": sc.get("description"), "date": run_date(manifest.get("run_id"), lang),
        "sub": t("hg_sub", lang, n=len(tb["scenarios"]),
                 sampling=term(f"sampling_{unc.get('sampling', 'quantile')}", lang),
                 route=term(f"route_{manifest.get('route', 'extensive_form')}", lang)),
        "warnings": warnings, "summary": summary(tb, manifest, lang),
        "headline": headline(tb, manifest, lang),
        "basis": t("hg_basis", lang, days=time_cfg.get("representative_days", t("na", lang)),
                   steps=time_cfg.get("segments") or 24),  # null = hourly steps
        "overrides": [str(o) for o in manifest.get("overrides") or []],
        "figures": figure_list(tb, manifest, lang), "tables": tables(tb, manifest, lang),
        "reading": [t("hg_read_quantiles", lang), t("hg_read_values", lang)],
        "files": list(FILES.values()),
        "provenance": _provenance(manifest, lang),
    }


def render(tb: dict[str, pd.DataFrame], manifest: dict[str, Any], lang: str = "en") -> str:
    """The self-contained HTML brief of a stochastic run from its tables and manifest."""
    from model.outputs.report import ENV

    check_lang(lang)
    return ENV.get_template("hedge_brief.html.j2").render(**context(tb, manifest, lang))


def render_folder(run_dir: Path, lang: str = "en") -> str:
    """:func:`render` of a published stochastic run folder (tables read from its CSVs)."""
    return render(read_tables(run_dir), raw_manifest(run_dir), lang)
