r"""Attribution of each case's difference to the baseline over lever groups (Shapley).

The levers are every value that differs between the baseline's and the case's resolved
scenario: the permitting values in force per technology, region and parameter (from
``permitting.csv`` and the scenario's overrides, :mod:`model.inputs.resolved`) and any other
result-changing scenario key. They are grouped (:func:`group_of`): ``wind_lead_time`` (wind
pre-application, approval and realisation months), ``pv_lead_time`` (the same for PV),
``attrition``, ``approval_caps``, ``land`` and ``other``. Each of the :math:`2^k`
combinations is the baseline scenario with the case's values of the groups in the
combination as ``--set`` overrides (``permitting.<tech>.regions.<region>.<parameter>``); the
empty combination is the baseline run and the full one the case run itself, so the shares sum
to the case's total difference (:mod:`model.analysis.shapley`). All combinations of all cases
run through :func:`model.analysis.members.run_members` (reused by identity).

``attribution.csv``: per case, one ``lever_group`` row per group (``delta_npv_meur`` = its
Shapley share of the NPV change, M EUR; ``delta_emissions_kt`` the same for cumulative
emissions, kt CO2; ``*_alone``: the one-at-a-time effect; ``interaction_*``: share minus
one-at-a-time; ``levers``: the overrides of the group), a ``total`` row (the case minus the
baseline; its ``interaction_*`` = total minus the sum of the one-at-a-time effects);
``wind_delay_years`` (the case's wind lead time minus the baseline's) and, on the
``wind_lead_time`` row, ``npv_meur_per_year_of_wind_delay`` and
``emissions_kt_per_year_of_wind_delay``: that group's share divided by that delay, the cost
of a year of wind delay with the other levers' effects taken out.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model.analysis.members import Engine, MemberSpec, member, run_members
from model.analysis.metrics import run_metrics
from model.analysis.shapley import Subset, shapley, subsets
from model.atomic import write_csv_atomic
from model.errors import InputError
from model.inputs import config
from model.inputs.resolved import OVERRIDABLE, STAGES, resolve
from model.inputs.tables import read_tables
from model.outputs.i18n import check_lang
from model.outputs.identity import EXECUTION_ONLY, data_sha256, input_sha256
from model.outputs.runs import load_run

log = logging.getLogger(__name__)

ATTRIBUTION_CSV = "attribution.csv"
GROUPS = ("wind_lead_time", "pv_lead_time", "attrition", "approval_caps", "land", "other")
MAX_GROUPS = 6
_SKIP = ("name", "permitting", *EXECUTION_ONLY)


@dataclass
class Attribution:
    """Result of :func:`attribute`: the table, per case the groups, and the files."""

    table: pd.DataFrame
    basis: str
    files: list[Path] = field(default_factory=list)


def group_of(key: str) -> str:
    """Lever group of an override key (see the module docstring)."""
    parts = key.split(".")
    if parts[0] == "permitting":
        tech, param = parts[1], parts[-1]
        if param in STAGES and tech == "wind":
            return "wind_lead_time"
        if param in STAGES and tech.startswith("pv_"):
            return "pv_lead_time"
        if param == "attrition_share":
            return "attrition"
        if param == "approval_cap_mw_per_yr":
            return "approval_caps"
    if "land" in key:
        return "land"
    return "other"


def _flat(doc: object, prefix: str = "") -> dict[str, object]:
    if isinstance(doc, dict) and doc:
        out: dict[str, object] = {}
        for k, v in doc.items():
            out.update(_flat(v, f"{prefix}{k}."))
        return out
    return {prefix[:-1]: doc}


def _permitting(sc: config.Scenario) -> pd.DataFrame:
    res = resolve(read_tables(sc.data), sc, sc.regions).table
    return res[res["table"] == "permitting"].set_index(["technology", "region", "parameter"])[
        "value"].astype(float)


def check_comparable(base: config.Scenario, case: config.Scenario, where: str) -> None:
    """Refuse a case on another data set or horizon than the baseline, naming what differs."""
    problems = []
    hb, hc = input_sha256(base.data), input_sha256(case.data)
    if data_sha256(hb) != data_sha256(hc):
        files = sorted(k for k in {*hb, *hc} if hb.get(k) != hc.get(k))
        problems.append(f"{where}: another data set than the baseline ({case.data} vs "
                        f"{base.data}; differing files: {', '.join(files)})")
    if (base.years.start, base.years.end) != (case.years.start, case.years.end):
        problems.append(f"{where}: another horizon than the baseline ({case.years.start}-"
                        f"{case.years.end} vs {base.years.start}-{base.years.end})")
    if list(base.regions) != list(case.regions):
        problems.append(f"{where}: other regions than the baseline ({', '.join(case.regions)}"
                        f" vs {', '.join(base.regions)})")
    if problems:
        raise InputError([f"{p}: attribution explains differences of scenario keys only"
                          for p in problems])


def lever_overrides(base: config.Scenario, case: config.Scenario, where: str
                    ) -> dict[str, list[str]]:
    """The case's differing values as ``--set`` overrides on the baseline, by group.

    Raises
    ------
    InputError
        For a differing value no override can express (a parameter that is not overridable,
        or an approval cap present in the baseline and absent in the case).
    """
    groups: dict[str, list[str]] = {}
    fb, fc = _flat(config.resolved_dict(base)), _flat(config.resolved_dict(case))
    for key in sorted({*fb, *fc}):
        if key.split(".")[0] in _SKIP or any(key.startswith(s + ".") for s in _SKIP):
            continue
        if fb.get(key) != fc.get(key):
            groups.setdefault(group_of(key), []).append(f"{key}={fc.get(key)}")
    pb, pc = _permitting(base), _permitting(case)
    problems = []
    for (tech, region, param), vc in pc.items():
        vb = pb.get((tech, region, param), math.nan)
        if (math.isnan(vb) and math.isnan(vc)) or vb == vc or param == "lead_months":
            continue
        key = f"permitting.{tech}.regions.{region}.{param}"
        if param not in OVERRIDABLE or tech not in ("wind", "pv_ground", "pv_rooftop",
                                                     "battery_power", "battery_energy"):
            problems.append(f"{where}: {tech} {param} in {region} differs ({vb} vs {vc}) "
                            "and is not a scenario key; make it equal in permitting.csv")
        elif math.isnan(vc):
            problems.append(f"{where}: {key}: the baseline has {vb}, the case none; 'no "
                            "value' cannot be set as an override")
        else:
            groups.setdefault(group_of(key), []).append(f"{key}={vc:g}")
    if problems:
        raise InputError(problems)
    return {g: groups[g] for g in GROUPS if g in groups}


def attribute(scenarios: Sequence[Path], baseline: str = "reference",
              out: Path = Path("results"), cores: int = 1, engine: Engine = "auto",
              write: bool = True, lang: str = "en") -> Attribution:
    """Shapley attribution of every case's NPV and emission change to its lever groups.

    Parameters
    ----------
    scenarios : sequence of Path
        Scenario files; the one named ``baseline`` is the baseline, the others the cases.
    baseline : str
        Scenario name of the baseline.
    out : Path
        Results root (runs) and where ``attribution/<baseline>/attribution.csv`` goes.
    cores, engine
        See :func:`model.analysis.members.run_members`.
    write, lang
        Write ``attribution.csv``, the waterfall and the comparison brief of the baseline
        and the cases (with the waterfall) in ``lang`` (``en`` or ``de``).

    Raises
    ------
    InputError
        No scenario named ``baseline``; a case on another data set, horizon or regions
        (naming what differs); a difference no override expresses; more than
        :data:`MAX_GROUPS` groups. Nothing is written then.
    """
    check_lang(lang)
    loaded = {Path(p): config.load_scenario(p) for p in scenarios}
    base_path = next((p for p, s in loaded.items() if s.name == baseline), None)
    if base_path is None:
        raise InputError(f"--baseline {baseline}: none of {', '.join(map(str, loaded))} is "
                         "named so; attribution needs the baseline's scenario file")
    base_sc = loaded[base_path]
    plans: dict[str, tuple[dict[str, list[str]], dict[Subset, MemberSpec]]] = {}
    for path, sc in loaded.items():
        if path == base_path:
            continue
        check_comparable(base_sc, sc, str(path))
        groups = lever_overrides(base_sc, sc, str(path))
        if len(groups) > MAX_GROUPS:
            raise InputError(f"{path}: {len(groups)} lever groups; at most {MAX_GROUPS}")
        names = list(groups)
        combos: dict[Subset, MemberSpec] = {}
        for s in subsets(names):
            if not s:
                combos[s] = member(base_path, [])
            elif len(s) == len(names):
                combos[s] = member(path, [])
            else:
                combos[s] = member(base_path, [o for g in names if g in s for o in groups[g]])
        plans[sc.name] = (groups, combos)
    every = [m for _, combos in plans.values() for m in combos.values()]
    folders = run_members(base_path, every or [member(base_path, [])], out, cores, engine,
                          label=f"attribution_{base_sc.name}")
    base_name = member(base_path, []).name
    order = list(dict.fromkeys([base_name, *(m.name for m in every)]))
    runs = [load_run(folders[n]) for n in order]
    metrics = run_metrics(runs, base_name)
    by_name = dict(zip(order, metrics.records, strict=True))
    lead = metrics.comparison.summary.set_index("scenario")["wind_lead_time_months"]
    lead_months = {n: float(lead[r.name]) for n, r in zip(order, runs, strict=True)}
    rows = []
    for case, (groups, combos) in plans.items():
        names = list(groups)
        for metric, col in (("npv_meur", "delta_npv_meur"),
                            ("cumulative_emissions_kt", "delta_emissions_kt")):
            v = {s: by_name[m.name][metric] for s, m in combos.items()}
            phi = shapley(names, v) if names else {}
            empty, full = frozenset(), frozenset(names)
            for g in names:
                alone = v[frozenset({g})] - v[empty]
                rows.append({"case": case, "kind": "lever_group", "group": g, "metric": col,
                             "value": phi[g], "alone": alone, "interaction": phi[g] - alone,
                             "levers": " ".join(groups[g])})
            total = v[full] - v[empty] if names else 0.0
            alone_sum = sum(v[frozenset({g})] - v[empty] for g in names)
            rows.append({"case": case, "kind": "total", "group": "total", "metric": col,
                         "value": total, "alone": alone_sum, "interaction": total - alone_sum,
                         "levers": ""})
    long = pd.DataFrame(rows, columns=["case", "kind", "group", "metric", "value", "alone",
                                       "interaction", "levers"])
    table = _wide(long)
    table["runs"] = table["case"].map({c: len(cb) for c, (_, cb) in plans.items()})
    delay_years = {c: (lead_months[cb[frozenset(g)].name] - lead_months[cb[frozenset()].name])
                   / 12.0 for c, (g, cb) in plans.items()}
    _per_year_of_wind_delay(table, delay_years)
    table["basis"] = metrics.basis
    result = Attribution(table=table, basis=metrics.basis)
    if write:
        from model.analysis.figures import waterfall_figure
        from model.outputs.compare import compare_runs
        from model.outputs.comparison_brief import write_comparison_brief

        folder = Path(out) / "attribution" / base_sc.name
        folder.mkdir(parents=True, exist_ok=True)
        write_csv_atomic(folder / ATTRIBUTION_CSV, table)
        result.files = [folder / ATTRIBUTION_CSV]
        if len(table):
            result.files.append(waterfall_figure(table, folder))
        cases = [c[frozenset(g)].name for g, c in plans.values()]
        comp = compare_runs([load_run(folders[n]) for n in dict.fromkeys([base_name, *cases])],
                            base_name)
        comp.waterfall = table
        result.files.append(write_comparison_brief(comp, folder, lang))
    return result


def _per_year_of_wind_delay(table: pd.DataFrame, delay_years: dict[str, float]) -> None:
    r"""Add the wind lead time's share per year of its own delay (in place).

    .. math:: \frac{\phi_{wind}}{\Delta\ell / 12}

    with :math:`\phi_{wind}` the ``wind_lead_time`` group's Shapley share (M EUR of NPV,
    kt CO2) and :math:`\Delta\ell` the case's wind lead time minus the baseline's in months
    (mean over the regions, as ``compare``'s ``delay_years``). Unlike ``compare``'s
    ``cost_of_delay_eur_per_year`` (the whole difference over the same delay), it holds only
    what the wind lead time causes. NaN on the other rows and when the lead time does not
    differ.
    """
    table["wind_delay_years"] = table["case"].map(delay_years)
    ok = (table["group"] == "wind_lead_time") & (table["wind_delay_years"].abs() > 1e-9)
    for col, out in (("delta_npv_meur", "npv_meur_per_year_of_wind_delay"),
                     ("delta_emissions_kt", "emissions_kt_per_year_of_wind_delay")):
        table[out] = (table[col] / table["wind_delay_years"]).where(ok)


def _wide(long: pd.DataFrame) -> pd.DataFrame:
    """One row per (case, kind, group): NPV and emission columns side by side."""
    if long.empty:
        return pd.DataFrame(columns=["case", "kind", "group", "delta_npv_meur",
                                     "delta_emissions_kt"])
    parts = []
    for col, unit in (("delta_npv_meur", "npv_meur"), ("delta_emissions_kt", "emissions_kt")):
        sub = long[long["metric"] == col].rename(columns={
            "value": col, "alone": f"{col}_alone", "interaction": f"interaction_{unit}"})
        parts.append(sub.drop(columns="metric").set_index(["case", "kind", "group", "levers"]))
    return pd.concat(parts, axis=1).reset_index()[
        ["case", "kind", "group", "delta_npv_meur", "delta_npv_meur_alone",
         "interaction_npv_meur", "delta_emissions_kt", "delta_emissions_kt_alone",
         "interaction_emissions_kt", "levers"]]
