r"""The delay curve: what each value of one lever (e.g. wind approval months) costs vs the base.

:func:`delay_curve` runs the base scenario and one member per lever value (``--set
LEVER=value``; finished runs are reused by identity, :mod:`model.analysis.members`) and
returns ``delay.csv``: one row per value, sorted by value, the base scenario's row flagged.

Marginal figures, for a lever measured in months (:math:`x` = value / 12, years of delay):

.. math::
    s^{NPV}_i = \frac{\Delta NPV_i - \Delta NPV_{i-1}}{x_i - x_{i-1}}, \qquad
    s^{NPV}_{range} = \frac{\Delta NPV_n - \Delta NPV_1}{x_n - x_1}

in **M EUR of NPV per year of delay**, and the same for cumulative emissions in **kt CO2 per
year of delay**. For other levers :math:`x` is the lever value itself and the slopes are per
unit of the lever (the column names say ``per_unit``). Legend: :math:`\Delta NPV_i` change of
the NPV (M EUR2025) against the base scenario of member :math:`i`, members sorted by
:math:`x`; :math:`n` members.

The NPV is the run's objective (net of export revenue, discounted to the base year);
cumulative emissions are the sum of ``emissions_t`` over the modelled years.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from model.analysis import levers
from model.analysis.members import Engine, member, run_members
from model.analysis.metrics import BASIS_NOTE, run_metrics
from model.atomic import write_csv_atomic
from model.errors import InputError
from model.inputs import config
from model.outputs.i18n import check_lang
from model.outputs.runs import load_run

log = logging.getLogger(__name__)

DELAY_CSV = "delay.csv"
YEARS = (2030, 2035, 2045)


@dataclass
class DelayCurve:
    """Result of :func:`delay_curve`: the table, lever, its unit of x and the basis."""

    lever: str
    table: pd.DataFrame
    x_unit: str
    basis: str
    files: list[Path] = field(default_factory=list)


def _x(key: str, value: float) -> float:
    return value / 12.0 if key.endswith("_months") else value


def _slopes(t: pd.DataFrame, col: str, out: str) -> None:
    d = t[col].diff() / t["x"].diff()
    t[f"{out}_neighbour"] = d
    span = t["x"].iloc[-1] - t["x"].iloc[0]
    t[f"{out}_range"] = ((t[col].iloc[-1] - t[col].iloc[0]) / span) if span else math.nan


def delay_curve(scenario: Path, lever: str, values: str | Sequence[float] | None = None,
                out: Path = Path("results"), cores: int = 1, engine: Engine = "auto",
                write: bool = True, lang: str = "en") -> DelayCurve:
    """Run (or reuse) one member per lever value and tabulate the changes against the base.

    Parameters
    ----------
    scenario : Path
        The base scenario file.
    lever : str
        A numeric scenario key (:func:`model.analysis.levers.check_lever`).
    values : str or sequence of float, optional
        Lever values (``"0,6,12"``); default :func:`model.analysis.levers.default_values`.
    out : Path
        Results root (runs) and where ``delay/<scenario>__<lever>/delay.csv`` goes.
    cores : int
        Local cores for the sweep engine.
    engine : {"auto", "sweep", "local"}
        See :func:`model.analysis.members.run_members`.
    write : bool
        Write ``delay.csv``, the figure and the comparison brief of the members
        (``comparison.html``, or ``comparison.<lang>.html``, with the delay curve).
    lang : {"en", "de"}
        Language of the comparison brief.

    Returns
    -------
    DelayCurve
        ``table`` columns: ``lever``, ``value``, ``is_base``, ``x`` (years of delay for
        ``*_months`` levers, else the value), ``resolved_<region>`` (permitting levers: the
        value in force per region), ``name``, ``run_dir``, ``npv_meur``,
        ``cumulative_emissions_kt``, ``emissions_<y>_kt`` (y = 2030, 2035, 2045),
        ``first_year_potential_<tech>``, each metric's ``delta_*`` against the base, and the
        slopes ``npv_meur_per_year_of_delay_{neighbour,range}`` and
        ``emissions_kt_per_year_of_delay_{neighbour,range}`` (``per_unit`` instead of
        ``per_year_of_delay`` for levers not in months).

    Raises
    ------
    InputError
        Unknown or non-numeric lever (did-you-mean), a value outside the key's range, a
        member without results. Nothing is written then.
    """
    check_lang(lang)
    base_sc = config.load_scenario(scenario)
    key = levers.check_lever(base_sc, lever)
    vals = levers.parse_values(values) or levers.default_values(base_sc, key)
    problems, specs = [], []
    for v in vals:
        try:
            specs.append((v, member(scenario, [f"{key}={levers.value_text(v)}"])))
        except InputError as err:
            problems += [f"--values {levers.value_text(v)}: {p}" for p in err.problems]
    if problems:
        raise InputError(problems)
    base = member(scenario, [])
    folders = run_members(scenario, [base, *(s for _, s in specs)], out, cores, engine,
                          label=f"delay_{base.name}_{key}")
    regions = base_sc.regions
    base_res = levers.resolved_values(folders[base.name], key, regions)
    base_value = (levers.scenario_value(base_sc, key) if not levers.is_permitting(key)
                  else (sum(base_res.values()) / len(base_res) if base_res else
                        levers.scenario_value(base_sc, key)))
    if base_value is None:
        raise InputError(f"--lever {key}: the base value is not set in the scenario or data")
    rows = [(base_value, True, base)] + [(v, False, s) for v, s in specs
                                         if s.name != base.name]
    recs = []
    metrics = run_metrics([load_run(folders[s.name]) for _, _, s in rows], base.name)
    for (v, is_base, s), m in zip(rows, metrics.records, strict=True):
        recs.append({"lever": key, "value": v, "is_base": is_base, "x": _x(key, v),
                     **{f"resolved_{r}": x for r, x in
                        levers.resolved_values(folders[s.name], key, regions).items()},
                     "name": s.name, "run_dir": str(folders[s.name]), **m})
    t = pd.DataFrame(recs).sort_values(["x", "is_base"], ascending=[True, False],
                                       kind="stable")
    t = t.drop_duplicates("x", keep="first").reset_index(drop=True)
    per = "per_year_of_delay" if key.endswith("_months") else "per_unit"
    _slopes(t, "delta_npv_meur", f"npv_meur_{per}")
    _slopes(t, "delta_cumulative_emissions_kt", f"emissions_kt_{per}")
    t["basis"] = metrics.basis
    curve = DelayCurve(lever=key, table=t, basis=metrics.basis,
                       x_unit="years of delay" if per == "per_year_of_delay" else key)
    if write:
        from model.analysis.figures import delay_figure
        from model.outputs.comparison_brief import write_comparison_brief

        folder = Path(out) / "delay" / f"{base.name}__{key}"
        folder.mkdir(parents=True, exist_ok=True)
        write_csv_atomic(folder / DELAY_CSV, t)
        curve.files = [folder / DELAY_CSV, delay_figure(curve, folder)]
        if metrics.comparison is not None:
            metrics.comparison.delay_curve = t
            curve.files.append(write_comparison_brief(metrics.comparison, folder, lang))
    log.info("delay curve of %s: %d values; %s", key, len(t), BASIS_NOTE[metrics.basis])
    return curve
