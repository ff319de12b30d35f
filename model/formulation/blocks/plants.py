r"""Recycling plants: process electricity with flexibility, process heat, electrification.

Per plant :math:`p` (in region :math:`r_p`), operation year :math:`o` and step
:math:`(d, t)` with duration :math:`\Delta_{d,t}`:

Process electricity (daily production must be met, a flexible share can move in the day):

.. math::
    \sum_t \Delta_{d,t}\, \ell_{p,o,d,t} = 24\, \bar\ell_{p,o}, \qquad
    (1 - \varphi_p)\, \bar\ell_{p,o} \le \ell_{p,o,d,t} \le (1 + \varphi_p)\, \bar\ell_{p,o}

with :math:`\bar\ell = Q_{p,o}\, e_p / 8760` the average load (throughput :math:`Q` t/yr,
:math:`e` MWh/t) and :math:`\varphi` the flexible share: the flexible part may run at up to
twice its average rate [A]. With ``plants.unit_commitment`` the minimum-load floor adds
to these limits (it never replaces them, so the commitment model is a restriction of the
base model):

.. math::
    \ell \ge \min(\lambda_p P_p, (1+\varphi_p)\bar\ell)\, u, \qquad
    \ell \le (1+\varphi_p)\bar\ell\, u, \qquad v_t \ge u_t - u_{t-1}

with binary on/off :math:`u` (fixed to 1 for plants running 24 h; a plant with
:math:`\varphi < 1` must keep its base floor :math:`(1-\varphi)\bar\ell > 0` and so
stays on), running load :math:`P_p = 24 \bar\ell / h_p` (:math:`h_p` operating hours per
day), minimum load :math:`\lambda_p`, and start-ups :math:`v` priced per MW of :math:`P_p`.
Load moved above the average,
:math:`\ell^{up} \ge \ell - \bar\ell`, costs 1 EUR/MWh [A] (scheduling, wear), so load moves
only where that saves money and the shifted energy is unique.

Process heat, the electrification decisions and the thermal store are in
:mod:`model.formulation.blocks.plant_heat`.

Costs: gas at the gas price and its CO2 (category ``gas``, ``co2``), the CO2 of other fuel
and process emissions at the EU ETS 1 or ETS 2 price of the plant's scheme (``co2_fixed``:
set by throughput, no decision changes it), the grid mark-up :math:`\mu_y` on the process
electricity (``grid_markup_fixed``: its daily energy is fixed), start-ups and shifting.
Coke and reductant carbon are not priced (no sourced price; not decision-relevant) but
their emissions are counted and their CO2 priced.
"""

from __future__ import annotations

import pyomo.environ as pyo

from model.formulation.blocks.common import (
    annual_mwh,
    day_steps,
    prev_step,
    snapshot_weight_h,
    step_duration_h,
)
from model.formulation.blocks.plant_heat import (
    STORE,
    PlantCoefficients,
    add_build_decisions,
    add_equipment_costs,
    add_heat,
    avg_load_mw,
    big_m,
    efficiency,
    option_lead_months,
)
from model.inputs.data import GAS_CO2_T_PER_MWH, ModelData

__all__ = ["STORE", "add_plants", "avg_load_mw", "big_m", "efficiency", "option_lead_months"]

#: Cost of moving process load above its average rate [A]: scheduling and wear. Small, but it
#: makes shifting happen only where it saves money and makes "shifted MWh" unique.
SHIFT_COST_EUR_PER_MWH = 1.0


def add_plants(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Add ``m.plants`` with process load, heat supply and electrification decisions."""
    b = m.plants = pyo.Block()
    c = PlantCoefficients.of(data)
    b.plant = pyo.Set(initialize=list(data.plants.index), ordered=True)
    b.load_mw = pyo.Var(b.plant, m.snapshot, domain=pyo.NonNegativeReals,
                        doc="process electricity (MW)")
    _add_process_load(m, b, data, c)
    add_build_decisions(m, b, data, c)
    add_heat(m, b, data, c)
    _add_plant_costs(m, b, data, c)
    add_equipment_costs(m, b, data, c)


def _add_process_load(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData,
                      c: PlantCoefficients) -> None:
    flexible = data.scenario.plants.flexibility
    uc = data.scenario.plants.unit_commitment
    dur = step_duration_h(data)
    prev = prev_step(data)
    avg = c.avg_el_mw
    share = {p: float(data.plants.at[p, "flexible_share"]) if flexible else 0.0
             for p in data.plants.index}
    hours_per_day = data.plants["operating_hours_per_day"].astype(float).to_dict()
    min_load_share = data.plants["min_load_share"].astype(float).to_dict()

    if uc:
        b.on = pyo.Var(b.plant, m.snapshot, domain=pyo.Binary, doc="plant running (0/1)")
        b.startup = pyo.Var(b.plant, m.snapshot, domain=pyo.NonNegativeReals, bounds=(0, 1),
                            doc="plant start-up in the step (0-1)")

        @b.Constraint(b.plant, m.snapshot)
        def startups(b, p, o, d, t):
            return b.startup[p, o, d, t] >= b.on[p, o, d, t] - b.on[p, o, d, prev[t]]

        for p in b.plant:  # continuous plants never stop: commitment must not loosen them
            if hours_per_day[p] >= 24:
                for (o, d, t) in m.snapshot:
                    b.on[p, o, d, t].fix(1)

    steps_of: dict[int, list[int]] = {}
    for (d, t) in day_steps(data):
        steps_of.setdefault(d, []).append(t)

    @b.Constraint(b.plant, m.op_year, m.day)
    def daily_production(b, p, o, d):
        energy = sum(dur[d, t] * b.load_mw[p, o, d, t] for t in steps_of[d])
        return energy == 24 * avg[p, o]

    @b.Constraint(b.plant, m.snapshot)
    def load_max(b, p, o, d, t):
        cap = (1 + share[p]) * avg[p, o]
        if uc:  # the base limit, switched off with the plant
            return b.load_mw[p, o, d, t] <= cap * b.on[p, o, d, t]
        return b.load_mw[p, o, d, t] <= cap

    b.shift_up_mw = pyo.Var(b.plant, m.snapshot, domain=pyo.NonNegativeReals,
                            doc="process load above its average rate (MW)")

    @b.Constraint(b.plant, m.snapshot)
    def shift_definition(b, p, o, d, t):
        return b.shift_up_mw[p, o, d, t] >= b.load_mw[p, o, d, t] - avg[p, o]

    @b.Constraint(b.plant, m.snapshot)
    def load_min(b, p, o, d, t):
        return b.load_mw[p, o, d, t] >= (1 - share[p]) * avg[p, o]

    if uc:  # the minimum-load floor adds to the base floor
        @b.Constraint(b.plant, m.snapshot)
        def min_load(b, p, o, d, t):
            floor = min(min_load_share[p] * 24 * avg[p, o] / hours_per_day[p],
                        (1 + share[p]) * avg[p, o])
            return b.load_mw[p, o, d, t] >= floor * b.on[p, o, d, t]


def _co2_price(data: ModelData, plant: str, year: int) -> float:
    column = "eua_eur_per_t" if data.plants.at[plant, "co2_scheme"] == "ets1" else "ets2_eur_per_t"
    return float(data.prices.at[year, column])


def _add_plant_costs(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData,
                     c: PlantCoefficients) -> None:
    acc = m.acc.writer("plants")
    hours = snapshot_weight_h(data)
    weights = {int(d): float(w) for d, w in data.time.weights.items()}
    rows = {p: data.plants.loc[p] for p in b.plant}
    process_mwh = 24 * sum(weights.values())  # MWh per MW of average process load and year
    for y in data.years:
        lam = data.op_weights[y]  # year y's share of each operating year's dispatch
        gas_price = float(data.prices.at[y, "gas_eur_per_mwh_th"])
        markup = float(data.prices.at[y, "grid_markup_eur_per_mwh"])
        for p in b.plant:
            row = rows[p]
            gas_mwh = sum(w * annual_mwh(hours, b.heat_gas_mw, p, o)
                          for o, w in lam.items()) / float(row["gas_efficiency"])
            avg_el_mw = sum(w * c.avg_el_mw[p, o] for o, w in lam.items())
            gas_t = GAS_CO2_T_PER_MWH * gas_mwh
            tonnes = float(data.throughput_t.at[p, y])
            fuel_t = tonnes * float(row["fuel_mwh_per_t"] * row["fuel_co2_t_per_mwh"])
            process_t = tonnes * float(row["process_co2_t_per_t"])
            acc.emission("plant_gas", y, gas_t)
            acc.emission("plant_fuel", y, fuel_t)
            acc.emission("plant_process", y, process_t)
            co2_price = _co2_price(data, p, y)
            co2_eur = co2_price * (gas_t + fuel_t + process_t)
            acc.cost("gas", y, gas_price * gas_mwh)
            acc.cost("co2", y, co2_price * gas_t)
            acc.cost("co2_fixed", y, co2_price * (fuel_t + process_t))  # set by throughput
            acc.cost("grid_markup_fixed", y, markup * process_mwh * avg_el_mw)
            acc.plant(p, y, gas_t + fuel_t + process_t, gas_price * gas_mwh + co2_eur)
            acc.cost("flexibility", y, SHIFT_COST_EUR_PER_MWH * sum(
                w * annual_mwh(hours, b.shift_up_mw, p, o) for o, w in lam.items()))
            if data.scenario.plants.unit_commitment:
                price = data.scenario.plants.startup_cost_eur_per_mw * 24 / float(
                    row["operating_hours_per_day"])
                acc.cost("startup", y, price * sum(w * c.avg_el_mw[p, o] * sum(
                    weights[d] * b.startup[p, o, d, t] for (d, t) in hours)
                    for o, w in lam.items()))
    b.emissions_t = pyo.Expression(
        b.plant, m.year, rule=lambda b, p, y: m.acc.plants.emissions_t[p, y],
        doc="direct emissions of the plant: gas, other fuel, process (t CO2)")
    b.energy_cost_eur = pyo.Expression(
        b.plant, m.year, rule=lambda b, p, y: m.acc.plants.energy_cost_eur[p, y],
        doc="gas purchases and CO2 cost of the plant; electricity is in the regional balance "
            "(EUR2025)")
