r"""Recycling plants: process electricity with flexibility, process heat, electrification.

Per plant :math:`p` (in region :math:`r_p`), operation year :math:`o` and step
:math:`(d, t)` with duration :math:`\Delta_{d,t}`:

Process electricity (daily production must be met, a flexible share can move in the day):

.. math::
    \sum_t \Delta_{d,t}\, \ell_{p,o,d,t} = 24\, \bar\ell_{p,o}, \qquad
    (1 - \varphi_p)\, \bar\ell_{p,o} \le \ell_{p,o,d,t} \le (1 + \varphi_p)\, \bar\ell_{p,o}

with :math:`\bar\ell = Q_{p,o}\, e_p / 8760` the average load (throughput :math:`Q` t/yr,
:math:`e` MWh/t) and :math:`\varphi` the flexible share: the flexible part may run at up to
twice its average rate [A]. With ``plants.unit_commitment`` the floor becomes
:math:`\ell \ge \max(\lambda_p P_p, (1-\varphi)\bar\ell)\, u`,
:math:`\ell \le \max(P_p, (1+\varphi)\bar\ell) u` (plants running 24 h stay on) with
binary on/off :math:`u`, running load :math:`P_p = 24 \bar\ell / h_p` (:math:`h_p` operating
hours per day), minimum load :math:`\lambda_p`, and start-ups
:math:`v_t \ge u_t - u_{t-1}` priced per MW of :math:`P_p`. Load moved above the average,
:math:`\ell^{up} \ge \ell - \bar\ell`, costs 1 EUR/MWh [A] (scheduling, wear), so load moves
only where that saves money and the shifted energy is unique.

Process heat (useful heat, flat over the day):

.. math::
    q^{gas}_{p,o,d,t} + \sum_{j} q_{p,j,o,d,t} + q^{ts,dis}_{p,o,d,t} = \bar h_{p,o}
    , \qquad q_{p,j,o,d,t} \le S_{p,j,o}

with :math:`j` the electric heat options allowed for the plant (electric boiler, heat pump,
induction furnace; electricity :math:`q_j / \eta_j`, :math:`\eta` = efficiency or COP) and a
thermal store charged electrically (state :math:`\le S_{ts}` MWh, charger
:math:`\le S_{ts}/4` MW). Gas heat uses the existing equipment (fuel :math:`q^{gas}/\eta^{gas}_p`).

Electrification is a binary build decision per plant, option and start year :math:`s`,
online after the option's lead time (partial-year availability as in the pipeline):

.. math::
    z_{p,j,s} \in \{0,1\},\ \sum_s z_{p,j,s} \le 1, \ 0 \le \sigma_{p,j,s} \le M_{p,j} z_{p,j,s},
    \ S_{p,j,y} = \sum_s f(c_{p,j,s}, y, L_j)\, \sigma_{p,j,s}

with the big-M :math:`M = \text{max\_size\_factor} \times \bar h` at the last year's
throughput (tight, from data). Nothing in the model checks whether this bound binds in a
solution; ``tests/formulation`` checks it for a hand-solved case.

Costs: annuity of capex per MW and of the fixed cost per plant, fixed O&M, gas at the
gas price, CO2 of gas, other fuel and process emissions at the EU ETS 1 or ETS 2 price of
the plant's scheme, start-ups. Coke and reductant carbon are not priced (no sourced price;
they are not decision-relevant) but their emissions are counted and priced.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.environ as pyo

from model.formulation.blocks.common import (
    annual_mwh,
    day_steps,
    prev_step,
    snapshot_weight_h,
    step_duration_h,
)
from model.formulation.blocks.permitting import UNIT_TO_MW, annuity_factor
from model.inputs.data import GAS_CO2_T_PER_MWH, ModelData, online_fraction

#: Cost of moving process load above its average rate [A]: scheduling and wear. Small, but it
#: makes shifting happen only where it saves money and makes "shifted MWh" unique.
SHIFT_COST_EUR_PER_MWH = 1.0
STORE_CHARGE_HOURS = 4.0  # charger power = store size / 4 h [A]


def avg_load_mw(data: ModelData, plant: str, year: int, column: str) -> float:
    """Average load (MW) of an annual per-tonne intensity column for a plant and year."""
    return float(data.throughput_t.at[plant, year] * data.plants.at[plant, column]) / 8760.0


def option_lead_months(data: ModelData, plant: str, option: str) -> float:
    """Lead time of an option from its technology's permitting row in the plant's region."""
    tech = data.options.at[option, "technology"]
    return float(data.permitting.at[(tech, data.plants.at[plant, "region"]), "lead_months"])


def big_m(data: ModelData, plant: str, option: str) -> float:
    """Upper bound of an option's size: factor × peak useful heat at the last year (MW or MWh)."""
    return float(data.options.at[option, "max_size_factor"]) * avg_load_mw(
        data, plant, data.years[-1], "heat_mwh_per_t")


def efficiency(data: ModelData, option: str, year: int) -> float:
    """Efficiency (COP for heat pumps) of an option's technology in a year."""
    return float(data.costs.at[(data.options.at[option, "technology"], year), "efficiency"])


@dataclass(frozen=True)
class _Coefficients:
    """Plain look-ups for the plant rules, built once per model from the data.

    ``avg_el_mw`` and ``avg_heat_mw``: (plant, year) -> average process electricity and
    useful heat (MW); ``eff``: (option, year) -> efficiency or COP; ``lead_months``:
    (plant, option) -> lead time; ``life_yr``: (option, year) -> lifetime; ``big_m``:
    (plant, option) -> size bound; ``converters``: plant -> its options whose technology has
    role ``heat_converter``; ``store_of``: plant -> its option with role ``heat_store``
    (technologies.csv); ``stores``: the plants with one.
    """

    avg_el_mw: dict[tuple[str, int], float]
    avg_heat_mw: dict[tuple[str, int], float]
    eff: dict[tuple[str, int], float]
    lead_months: dict[tuple[str, str], float]
    life_yr: dict[tuple[str, int], float]
    big_m: dict[tuple[str, str], float]
    converters: dict[str, list[str]]
    store_of: dict[str, str]
    stores: frozenset[str]

    @classmethod
    def of(cls, data: ModelData) -> _Coefficients:
        """Resolve every coefficient the plant rules read."""
        def avg(column: str) -> dict[tuple[str, int], float]:
            mw = data.throughput_t.mul(data.plants[column], axis=0) / 8760.0
            return {(p, int(y)): float(v) for p, row in mw.iterrows() for y, v in row.items()}

        options = {j for (_, j) in data.plant_options}
        tech = {j: data.options.at[j, "technology"] for j in options}
        costs = data.costs
        eff = {(j, y): float(costs.at[(tech[j], y), "efficiency"])
               for j in options for y in data.years}
        life = {(j, y): float(costs.at[(tech[j], y), "lifetime_yr"])
                for j in options for y in data.years}
        role = {j: data.technologies.at[tech[j], "role"] for j in options}
        store_of = {p: j for (p, j) in data.plant_options if role[j] == "heat_store"}
        heat = avg("heat_mwh_per_t")
        last = data.years[-1]
        return cls(
            avg_el_mw=avg("elec_mwh_per_t"), avg_heat_mw=heat, eff=eff,
            lead_months={(p, j): option_lead_months(data, p, j) for (p, j) in data.plant_options},
            life_yr=life,
            big_m={(p, j): float(data.options.at[j, "max_size_factor"]) * heat[p, last]
                   for (p, j) in data.plant_options},
            converters={p: [j for (pp, j) in data.plant_options
                            if pp == p and role[j] == "heat_converter"]
                        for p in data.plants.index},
            store_of=store_of, stores=frozenset(store_of),
        )


def add_plants(m: pyo.ConcreteModel, data: ModelData) -> None:
    """Add ``m.plants`` with process load, heat supply and electrification decisions."""
    b = m.plants = pyo.Block()
    c = _Coefficients.of(data)
    b.plant = pyo.Set(initialize=list(data.plants.index), ordered=True)
    b.load_mw = pyo.Var(b.plant, m.snapshot, domain=pyo.NonNegativeReals,
                        doc="process electricity (MW)")
    _add_process_load(m, b, data, c)
    _add_build_decisions(m, b, data, c)
    _add_heat(m, b, data, c)
    _add_plant_costs(m, b, data, c)


def _add_process_load(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData,
                      c: _Coefficients) -> None:
    flexible = data.scenario.plants.flexibility
    uc = data.scenario.plants.unit_commitment
    dur = step_duration_h(data)
    prev = prev_step(data)
    avg = c.avg_el_mw
    share = {p: float(data.plants.at[p, "flexible_share"]) if flexible else 0.0
             for p in data.plants.index}
    hours_per_day = data.plants["operating_hours_per_day"].astype(float).to_dict()
    min_load = data.plants["min_load_share"].astype(float).to_dict()

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
        if uc:
            running = 24 * avg[p, o] / hours_per_day[p]
            return b.load_mw[p, o, d, t] <= max(cap, running) * b.on[p, o, d, t]
        return b.load_mw[p, o, d, t] <= cap

    b.shift_up_mw = pyo.Var(b.plant, m.snapshot, domain=pyo.NonNegativeReals,
                            doc="process load above its average rate (MW)")

    @b.Constraint(b.plant, m.snapshot)
    def shift_definition(b, p, o, d, t):
        return b.shift_up_mw[p, o, d, t] >= b.load_mw[p, o, d, t] - avg[p, o]

    @b.Constraint(b.plant, m.snapshot)
    def load_min(b, p, o, d, t):
        if uc:
            running = 24 * avg[p, o] / hours_per_day[p]
            floor = max(min_load[p] * running, (1 - share[p]) * avg[p, o])  # never below no-UC
            return b.load_mw[p, o, d, t] >= floor * b.on[p, o, d, t]
        return b.load_mw[p, o, d, t] >= (1 - share[p]) * avg[p, o]


def _add_build_decisions(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData,
                         c: _Coefficients) -> None:
    end = data.years[-1] + 1
    b.option_index = pyo.Set(dimen=2, initialize=data.plant_options, ordered=True)
    b.option_index.dims = ("plant", "option")
    starts = {(p, j): [s for s in data.years if s + c.lead_months[p, j] / 12 < end]
              for (p, j) in data.plant_options}
    b.build_index = pyo.Set(dimen=3, ordered=True, initialize=[
        (p, j, s) for (p, j) in data.plant_options for s in starts[p, j]])
    b.build_index.dims = ("plant", "option", "start_year")
    b.build = pyo.Var(b.build_index, domain=pyo.Binary, doc="equipment ordered in year s (0/1)")
    b.size = pyo.Var(b.build_index, domain=pyo.NonNegativeReals,
                     doc="size ordered in year s (MW_th; MWh_th for the thermal store)")

    @b.Constraint(b.option_index)
    def build_once(b, p, j):
        terms = [b.build[p, j, s] for s in starts[p, j]]
        return sum(terms) <= 1 if terms else pyo.Constraint.Skip

    @b.Constraint(b.build_index)
    def size_link(b, p, j, s):
        return b.size[p, j, s] <= c.big_m[p, j] * b.build[p, j, s]

    b.installed = pyo.Var(b.option_index, m.year, domain=pyo.NonNegativeReals,
                          doc="equipment in operation, average over the year "
                              "(MW_th; MWh_th for the thermal store)")

    @b.Constraint(b.option_index, m.year)
    def installed_definition(b, p, j, y):
        lead = c.lead_months[p, j] / 12
        life = c.life_yr[j, y]
        return b.installed[p, j, y] == sum(
            online_fraction(s + lead, y, life) * b.size[p, j, s] for s in starts[p, j])


def _add_heat(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData, c: _Coefficients) -> None:
    converters = [(p, j) for (p, j) in data.plant_options if j in c.converters[p]]
    stores, store_of = c.stores, c.store_of
    dur = step_duration_h(data)
    region_of = data.plants["region"].to_dict()
    prev = prev_step(data)
    b.converter = pyo.Set(dimen=2, initialize=converters, ordered=True)
    b.converter.dims = ("plant", "option")
    b.store_plant = pyo.Set(initialize=list(store_of), ordered=True)
    b.store_plant.dims = ("plant",)
    b.heat_gas_mw = pyo.Var(b.plant, m.snapshot, domain=pyo.NonNegativeReals,
                            doc="useful heat from the existing gas equipment (MW_th)")
    b.heat_el_mw = pyo.Var(b.converter, m.snapshot, domain=pyo.NonNegativeReals,
                           doc="useful heat from an electric option (MW_th)")
    b.store_charge_mw = pyo.Var(b.store_plant, m.snapshot, domain=pyo.NonNegativeReals,
                                doc="thermal store charging, electricity (MW)")
    b.store_discharge_mw = pyo.Var(b.store_plant, m.snapshot, domain=pyo.NonNegativeReals,
                                   doc="thermal store discharge, useful heat (MW_th)")
    b.store_soc_mwh = pyo.Var(b.store_plant, m.snapshot, domain=pyo.NonNegativeReals,
                              doc="thermal store state of charge (MWh_th)")

    @b.Constraint(b.plant, m.snapshot)
    def heat_balance(b, p, o, d, t):
        supply = b.heat_gas_mw[p, o, d, t] + sum(
            b.heat_el_mw[p, j, o, d, t] for j in c.converters[p])
        if p in stores:
            supply += b.store_discharge_mw[p, o, d, t]
        return supply == c.avg_heat_mw[p, o]

    @b.Constraint(b.converter, m.snapshot)
    def converter_limit(b, p, j, o, d, t):
        return b.heat_el_mw[p, j, o, d, t] <= b.installed[p, j, o]

    @b.Constraint(b.store_plant, m.snapshot)
    def store_balance(b, p, o, d, t):
        eta = c.eff[store_of[p], o]
        return b.store_soc_mwh[p, o, d, t] == b.store_soc_mwh[p, o, d, prev[t]] + dur[
            d, t] * (eta * b.store_charge_mw[p, o, d, t] - b.store_discharge_mw[p, o, d, t])

    @b.Constraint(b.store_plant, m.snapshot)
    def store_limit(b, p, o, d, t):
        return b.store_soc_mwh[p, o, d, t] <= b.installed[p, store_of[p], o]

    @b.Constraint(b.store_plant, m.snapshot)
    def store_charge_limit(b, p, o, d, t):
        return b.store_charge_mw[p, o, d, t] <= b.installed[p, store_of[p], o] / (
            STORE_CHARGE_HOURS)

    acc = m.acc.writer("plants")
    for (o, d, t) in m.snapshot:
        for p in b.plant:
            el = [-b.load_mw[p, o, d, t]]
            el += [-b.heat_el_mw[p, j, o, d, t] / c.eff[j, o] for j in c.converters[p]]
            if p in stores:
                el.append(-b.store_charge_mw[p, o, d, t])
            acc.inject((region_of[p], o, d, t), el)


def _co2_price(data: ModelData, plant: str, year: int) -> float:
    column = "eua_eur_per_t" if data.plants.at[plant, "co2_scheme"] == "ets1" else "ets2_eur_per_t"
    return float(data.prices.at[year, column])


def _add_plant_costs(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData,
                     c: _Coefficients) -> None:
    acc = m.acc.writer("plants")
    hours = snapshot_weight_h(data)
    weights = {int(d): float(w) for d, w in data.time.weights.items()}
    rows = {p: data.plants.loc[p] for p in b.plant}
    for y in data.years:
        o = data.op_year_of[y]
        gas_price = float(data.prices.at[y, "gas_eur_per_mwh_th"])
        for p in b.plant:
            row = rows[p]
            gas_mwh = annual_mwh(hours, b.heat_gas_mw, p, o) / float(row["gas_efficiency"])
            gas_t = GAS_CO2_T_PER_MWH * gas_mwh
            tonnes = float(data.throughput_t.at[p, y])
            fuel_t = tonnes * float(row["fuel_mwh_per_t"] * row["fuel_co2_t_per_mwh"])
            process_t = tonnes * float(row["process_co2_t_per_t"])
            acc.emission("plant_gas", y, gas_t)
            acc.emission("plant_fuel", y, fuel_t)
            acc.emission("plant_process", y, process_t)
            co2_eur = _co2_price(data, p, y) * (gas_t + fuel_t + process_t)
            acc.cost("gas", y, gas_price * gas_mwh)
            acc.cost("co2", y, co2_eur)
            acc.plant(p, y, gas_t + fuel_t + process_t, gas_price * gas_mwh + co2_eur)
            acc.cost("flexibility", y,
                     SHIFT_COST_EUR_PER_MWH * annual_mwh(hours, b.shift_up_mw, p, o))
            if data.scenario.plants.unit_commitment:
                running = 24 * c.avg_el_mw[p, o] / float(row["operating_hours_per_day"])
                price = data.scenario.plants.startup_cost_eur_per_mw * running
                acc.cost("startup", y, price * sum(
                    weights[d] * b.startup[p, o, d, t] for (d, t) in hours))
    _add_equipment_costs(m, b, data, c)
    b.emissions_t = pyo.Expression(
        b.plant, m.year, rule=lambda b, p, y: m.acc.plants.emissions_t[p, y],
        doc="direct emissions of the plant: gas, other fuel, process (t CO2)")
    b.energy_cost_eur = pyo.Expression(
        b.plant, m.year, rule=lambda b, p, y: m.acc.plants.energy_cost_eur[p, y],
        doc="gas purchases and CO2 cost of the plant; electricity is in the regional balance "
            "(EUR2025)")


def _add_equipment_costs(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData,
                         c: _Coefficients) -> None:
    acc = m.acc.writer("plants")
    for (p, j, s) in b.build_index:
        tech = data.options.at[j, "technology"]
        commissioned = s + c.lead_months[p, j] / 12
        cy = min(int(commissioned), data.years[-1])
        capex = float(data.costs.at[(tech, cy), "capex_eur_per_unit"]) * UNIT_TO_MW
        life = float(data.costs.at[(tech, cy), "lifetime_yr"])
        crf = annuity_factor(float(data.technologies.at[tech, "wacc"]), life)
        fom = float(data.costs.at[(tech, cy), "fom_pct_per_yr"]) / 100 * capex
        fixed = float(data.options.at[j, "fixed_cost_eur"])
        for y in data.years:
            frac = online_fraction(commissioned, y, life)
            if frac > 0:
                acc.cost("capex", y, frac * crf * (
                    capex * b.size[p, j, s] + fixed * b.build[p, j, s]))
                acc.cost("fixed_om", y, frac * fom * b.size[p, j, s])
