r"""Pre-solve checks: limits the resolved data already show to be out of reach.

``validate`` and ``run`` call :func:`presolve_problems` on the resolved
:class:`~model.inputs.data.ModelData`; unless ``policy.allow_slack`` prices the violation,
each problem is an input error (exit 2) before anything is built. ``diagnose`` does not
call it: it is the tool that measures by how much such a limit is missed.

**CO2 caps and budget below the emissions no option abates.** With throughput
:math:`Q_{p,y}` fixed by the data, these emissions of plant :math:`p` cannot be avoided:

.. math::
    U_{p,y} = Q_{p,y}\,\bigl(e^{proc}_p + f_p\,e^{fuel}_p
              + [\,O_p = \varnothing\,]\; h_p / \eta^{gas}_p \cdot e^{gas}\bigr)

(process CO2, non-heat fuel, and the gas of a plant with heat demand but no allowed
electrification option). A cap :math:`\bar E_y < \sum_p U_{p,y}` or a budget
:math:`\bar B < \sum_y \sum_p U_{p,y}` is infeasible whatever else is built.

**Capacity targets before anything new can operate.** Capacity started in the first year
:math:`y_0` operates from :math:`y_0 + L_{k,r}/12` (:math:`L` = lead time in months:
pre-application, approval and realisation), so in year :math:`y` it counts the share
:math:`f = \mathrm{clip}(y + 1 - y_0 - L_{k,r}/12, 0, 1)`. If :math:`f = 0` in every region, a
target :math:`T_{k,y}` above the existing and pipeline capacity :math:`C_{k,y}` (summed over
the regions) cannot be met.

Symbols: :math:`e^{proc}` process CO2 [t/t], :math:`f` non-heat fuel [MWh/t], :math:`e^{fuel}`
its CO2 [t/MWh], :math:`h` heat [MWh_th/t], :math:`\eta^{gas}` gas efficiency, :math:`e^{gas}`
= 0.198 t/MWh, :math:`O_p` the plant's allowed options.
"""

from __future__ import annotations

import logging

from model.errors import InputError
from model.inputs.data import GAS_CO2_T_PER_MWH, ModelData, online_fraction

log = logging.getLogger(__name__)


def unabatable_t(data: ModelData) -> dict[int, float]:
    """:math:`\\sum_p U_{p,y}` per year [t CO2]."""
    with_options = {p for p, _ in data.plant_options}
    out = {}
    for y in data.years:
        total = 0.0
        for p, row in data.plants.iterrows():
            per_t = (float(row["process_co2_t_per_t"])
                     + float(row["fuel_mwh_per_t"]) * float(row["fuel_co2_t_per_mwh"]))
            if p not in with_options and float(row["heat_mwh_per_t"]) > 0:
                per_t += (float(row["heat_mwh_per_t"]) / float(row["gas_efficiency"])
                          * GAS_CO2_T_PER_MWH)
            total += float(data.throughput_t.at[p, y]) * per_t
        out[y] = total
    return out


def _cap_problems(data: ModelData) -> list[str]:
    policy = data.scenario.policy
    if not policy.co2_cap_t and policy.co2_budget_t is None:
        return []
    floor = unabatable_t(data)
    out = []
    for year, cap in sorted(policy.co2_cap_t.items()):
        need = floor.get(int(year), 0.0)
        if cap < need - 1e-6:
            out.append(f"scenario key 'policy.co2_cap_t.{year}': the cap of {cap:,.0f} t is "
                       f"below the {need:,.0f} t of process, fuel and unelectrifiable heat "
                       f"emissions the plants cannot avoid in {year}; raise the cap, or set "
                       "policy.allow_slack: true to price the excess.")
    budget = policy.co2_budget_t
    if budget is not None and budget < sum(floor.values()) - 1e-6:
        out.append(f"scenario key 'policy.co2_budget_t': {budget:,.0f} t over "
                   f"{data.years[0]}-{data.years[-1]} is below the {sum(floor.values()):,.0f} "
                   "t the plants cannot avoid; raise it, or set policy.allow_slack: true.")
    return out


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def _when(start: int, lead_months: float) -> str:
    """'July 2027' for capacity started at the beginning of ``start``."""
    months = int(round(lead_months))
    return f"{MONTHS[months % 12]} {start + months // 12}"


def _target_problems(data: ModelData) -> list[str]:
    out = []
    start = data.years[0]
    for tech, years in data.scenario.policy.capacity_target_mw.items():
        rows = [(r, data.permitting.at[(tech, r), "lead_months"]) for r in data.regions
                if (tech, r) in data.permitting.index]
        if not rows:
            continue
        earliest = min(lead for _, lead in rows)
        for year, target in sorted(years.items()):
            if any(online_fraction(start + lead / 12, int(year)) > 0 for _, lead in rows):
                continue
            have = sum(float(frame["capacity_mw"].get((r, tech, int(year)), 0.0))
                       for frame in (data.existing_mw, data.pipeline_mw) for r in data.regions)
            if target > have + 1e-6:
                out.append(
                    f"scenario key 'policy.capacity_target_mw.{tech}.{year}': {target:,.0f} MW "
                    f"cannot be met: only {have:,.0f} MW exist or are in the pipeline, and "
                    f"new {tech} started in {start} operates from {_when(start, earliest)} at "
                    f"the earliest (lead time {earliest:g} months: pre-application, approval "
                    "and realisation, from permitting.csv or permitting.* in the scenario); "
                    "move the target later, shorten the lead time, or set "
                    "policy.allow_slack: true.")
    return out


def presolve_problems(data: ModelData) -> list[str]:
    """Every limit the resolved data show to be unreachable (see the module docstring)."""
    return _cap_problems(data) + _target_problems(data)


def check_presolve(data: ModelData) -> None:
    """Raise :class:`InputError` for unreachable limits; with ``policy.allow_slack`` only log
    them as warnings (the run prices the shortfall)."""
    problems = presolve_problems(data)
    if not problems:
        return
    if data.scenario.policy.allow_slack:
        for text in problems:
            log.warning("pre-solve: %s (priced with policy.allow_slack)", text)
        return
    raise InputError(problems)
