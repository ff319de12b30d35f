r"""Plant process heat: electrification decisions, electric heaters and the thermal store.

Per plant :math:`p` (region :math:`r_p`), operation year :math:`o`, step :math:`(d, t)` of
duration :math:`\Delta_{d,t}` and electric heat option :math:`j` (role ``heat_converter``:
electric boiler, heat pump, induction furnace; :math:`H` = the converters that can charge
the plant's store, those whose ``max_temp_c`` is within the store's):

.. math::
    q^{gas}_{p,o,d,t} + \sum_j q_{p,j,o,d,t} + q^{dis}_{p,o,d,t} = \bar h_{p,o}, \qquad
    q_{p,j,o,d,t} + q^{ch}_{p,j,o,d,t} \le S_{p,j,o}

    e_{p,o,d,t} = e_{p,o,d,t-1} + \Delta_{d,t}\Big(\eta^{ts} \sum_{j \in H} q^{ch}_{p,j,o,d,t}
      - q^{dis}_{p,o,d,t}\Big), \quad e \le S_{p,ts,o}, \quad
    \sum_{j \in H} q^{ch}_{p,j,o,d,t} \le \gamma^{ch} S_{p,ts,o}, \quad
    q^{dis}_{p,o,d,t} \le \gamma^{dis} S_{p,ts,o}

with :math:`\bar h` the useful heat (flat over the day), :math:`q^{ch}_j` heat of heater
:math:`j` sent to the store (so the store charges only from a heater's output: no heater,
no charging), :math:`\gamma^{ch}, \gamma^{dis}` the store's charge and discharge power per
MWh of size (``electrification_options.csv`` ``charge_rate_per_h``, ``discharge_rate_per_h``)
and :math:`t-1` cyclic within the day. Electricity drawn: :math:`(q_j + q^{ch}_j)/\eta_j`
(:math:`\eta` efficiency or COP). The grid mark-up :math:`\mu_y` is paid on it (category
``grid_markup``): every MWh taken from the public grid pays network charges and levies.

Build decisions per option and order year :math:`s`, online after the option's lead time:

.. math::
    z_{p,j,s} \in \{0,1\},\ \sum_s z_{p,j,s} \le 1,\ 0 \le \sigma_{p,j,s} \le M_{p,j}\,
    z_{p,j,s},\ S_{p,j,y} = \sum_s f(c_{p,j,s}, y, L_j(c_{p,j,s}))\, \sigma_{p,j,s}

with :math:`M_{p,j} = \text{max\_size\_factor}_j \times \max_y \bar h_{p,y}` (the plant's peak
heat over the horizon, MW; MWh for the store): a bound from data, checked after the solve
(:mod:`model.outputs.economics` warns when a built size reaches it). :math:`L_j(c)` is the
lifetime of the vintage commissioned at :math:`c`: equipment keeps the lifetime it was
bought with. Costs per vintage: annuity of capex per MW and of the fixed cost per plant,
and fixed O&M, at the commissioning year's values.

Legend: ``heat_el_mw`` = :math:`q`, ``heat_to_store_mw`` = :math:`q^{ch}`,
``store_discharge_mw`` = :math:`q^{dis}`, ``store_soc_mwh`` = :math:`e`, ``installed`` =
:math:`S`, ``size`` = :math:`\sigma`, ``build`` = :math:`z`, ``big_m`` = :math:`M`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyomo.environ as pyo

from model.formulation.blocks.common import (
    annual_mwh,
    at_op,
    op_capacity_weights,
    over_op_years,
    prev_step,
    snapshot_weight_h,
    step_duration_h,
)
from model.formulation.blocks.permitting import UNIT_TO_MW, annuity_factor
from model.inputs.data import ModelData, online_fraction

STORE = "thermal_store"  # the Harz data's store option (the model finds stores by role)


def avg_load_mw(data: ModelData, plant: str, year: int, column: str) -> float:
    """Average load (MW) of an annual per-tonne intensity column for a plant and year."""
    return float(data.throughput_t.at[plant, year] * data.plants.at[plant, column]) / 8760.0


def option_lead_months(data: ModelData, plant: str, option: str) -> float:
    """Lead time of an option from its technology's permitting row in the plant's region."""
    tech = data.options.at[option, "technology"]
    return float(data.permitting.at[(tech, data.plants.at[plant, "region"]), "lead_months"])


def big_m(data: ModelData, plant: str, option: str) -> float:
    """Upper bound of an option's size: factor × the plant's peak useful heat (MW or MWh)."""
    peak = max(avg_load_mw(data, plant, y, "heat_mwh_per_t") for y in data.years)
    return float(data.options.at[option, "max_size_factor"]) * peak


def efficiency(data: ModelData, option: str, year: int) -> float:
    """Efficiency (COP for heat pumps) of an option's technology in a year."""
    return float(data.costs.at[(data.options.at[option, "technology"], year), "efficiency"])


@dataclass(frozen=True)
class PlantCoefficients:
    """Plain look-ups for the plant rules, built once per model from the data.

    ``avg_el_mw`` and ``avg_heat_mw``: (plant, year) -> average process electricity and
    useful heat (MW); ``eff``: (option, year) -> efficiency or COP; ``lead_months``:
    (plant, option) -> lead time; ``life_yr``: (option, year) -> lifetime; ``big_m``:
    (plant, option) -> size bound; ``converters``: plant -> its options whose technology has
    role ``heat_converter`` (technologies.csv); ``store_of``: plant -> its option with role
    ``heat_store``; ``stores``: the plants with one; ``chargers``: plant -> its converters
    that can charge its store, those whose ``max_temp_c`` is within the store's (steam, hot
    water, thermal oil; not an induction furnace); ``rates``: store option -> (charge,
    discharge) power per MWh of size and hour.
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
    chargers: dict[str, list[str]]
    rates: dict[str, tuple[float, float]]

    @classmethod
    def of(cls, data: ModelData) -> PlantCoefficients:
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
        heat = avg("heat_mwh_per_t")
        peak = {p: max(heat[p, y] for y in data.years) for p in data.plants.index}
        role = {j: data.technologies.at[tech[j], "role"] for j in options}
        store_of = {p: j for (p, j) in data.plant_options if role[j] == "heat_store"}
        converters = {p: [j for (pp, j) in data.plant_options
                          if pp == p and role[j] == "heat_converter"]
                      for p in data.plants.index}
        temp = data.options["max_temp_c"].astype(float).to_dict()
        chargers = {p: [j for j in converters[p] if temp[j] <= temp[store_of[p]]]
                    if p in store_of else [] for p in data.plants.index}
        rates = {j: (float(data.options.at[j, "charge_rate_per_h"]),
                     float(data.options.at[j, "discharge_rate_per_h"]))
                 for j in set(store_of.values())}
        return cls(
            avg_el_mw=avg("elec_mwh_per_t"), avg_heat_mw=heat, eff=eff,
            lead_months={(p, j): option_lead_months(data, p, j) for (p, j) in data.plant_options},
            life_yr=life,
            big_m={(p, j): float(data.options.at[j, "max_size_factor"]) * peak[p]
                   for (p, j) in data.plant_options},
            converters=converters, store_of=store_of, stores=frozenset(store_of),
            chargers=chargers, rates=rates,
        )

    def vintage(self, plant: str, option: str, order_year: int, last_year: int
                ) -> tuple[float, int]:
        """Commissioning time of an order and the cost year of its vintage (in the horizon)."""
        c = order_year + self.lead_months[plant, option] / 12
        return c, min(int(c), last_year)


def add_build_decisions(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData,
                        c: PlantCoefficients) -> None:
    """Binary orders, sizes within the big-M, and the equipment in operation per year."""
    end, last = data.years[-1] + 1, data.years[-1]
    b.option_index = pyo.Set(dimen=2, initialize=data.plant_options, ordered=True)
    b.option_index.dims = ("plant", "option")  # result dims
    starts = {(p, j): [s for s in data.years if s + c.lead_months[p, j] / 12 < end]
              for (p, j) in data.plant_options}
    b.build_index = pyo.Set(dimen=3, ordered=True, initialize=[
        (p, j, s) for (p, j) in data.plant_options for s in starts[p, j]])
    b.build_index.dims = ("plant", "option", "start_year")
    b.build = pyo.Var(b.build_index, domain=pyo.Binary, doc="equipment ordered in year s (0/1)")
    b.size = pyo.Var(b.build_index, domain=pyo.NonNegativeReals,
                     doc="size ordered in year s (MW_th; MWh_th for the thermal store)")
    b.big_m = pyo.Param(b.option_index, initialize=c.big_m,
                        doc="upper bound of a size (MW_th; MWh_th for the store)")

    @b.Constraint(b.option_index)
    def build_once(b, p, j):
        terms = [b.build[p, j, s] for s in starts[p, j]]
        return sum(terms) <= 1 if terms else pyo.Constraint.Skip

    @b.Constraint(b.build_index)
    def size_link(b, p, j, s):
        return b.size[p, j, s] <= c.big_m[p, j] * b.build[p, j, s]

    # each vintage keeps the lifetime of its commissioning year
    online = {(p, j, s): (commissioned, c.life_yr[j, cost_year])
              for (p, j) in data.plant_options for s in starts[p, j]
              for commissioned, cost_year in (c.vintage(p, j, s, last),)}
    b.installed = pyo.Var(b.option_index, m.year, domain=pyo.NonNegativeReals,
                          doc="equipment in operation, average over the year "
                              "(MW_th; MWh_th for the thermal store)")

    def share(p, j, s, y):
        commissioned, life = online[p, j, s]
        return online_fraction(commissioned, y, life)

    @b.Constraint(b.option_index, m.year)
    def installed_definition(b, p, j, y):
        return b.installed[p, j, y] == sum(share(p, j, s, y) * b.size[p, j, s]
                                           for s in starts[p, j])


def add_heat(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData,
             c: PlantCoefficients) -> None:
    """Heat balance, heater limits, the thermal store; electricity into the balance."""
    converters = [(p, j) for (p, j) in data.plant_options if j in c.converters[p]]
    chargers = [(p, j) for p in data.plants.index for j in c.chargers[p]]
    stores, store_of = c.stores, c.store_of
    dur = step_duration_h(data)
    region_of = data.plants["region"].to_dict()
    prev = prev_step(data)
    lam = op_capacity_weights(data)  # capacity an operating year dispatches
    b.converter = pyo.Set(dimen=2, initialize=converters, ordered=True)
    b.converter.dims = ("plant", "option")
    b.store_plant = pyo.Set(initialize=list(store_of), ordered=True)
    b.store_plant.dims = ("plant",)
    b.charger = pyo.Set(dimen=2, initialize=chargers, ordered=True)
    b.charger.dims = ("plant", "option")
    b.heat_gas_mw = pyo.Var(b.plant, m.snapshot, domain=pyo.NonNegativeReals,
                            doc="useful heat from the existing gas equipment (MW_th)")
    b.heat_el_mw = pyo.Var(b.converter, m.snapshot, domain=pyo.NonNegativeReals,
                           doc="useful heat from an electric option (MW_th)")
    b.heat_to_store_mw = pyo.Var(b.charger, m.snapshot, domain=pyo.NonNegativeReals,
                                 doc="heater output sent to the thermal store (MW_th)")
    b.store_discharge_mw = pyo.Var(b.store_plant, m.snapshot, domain=pyo.NonNegativeReals,
                                   doc="thermal store discharge, useful heat (MW_th)")
    b.store_soc_mwh = pyo.Var(b.store_plant, m.snapshot, domain=pyo.NonNegativeReals,
                              doc="thermal store state of charge (MWh_th)")

    def charge(p, o, d, t):
        return sum(b.heat_to_store_mw[p, j, o, d, t] for j in c.chargers[p])

    @b.Constraint(b.plant, m.snapshot)
    def heat_balance(b, p, o, d, t):
        supply = b.heat_gas_mw[p, o, d, t] + sum(
            b.heat_el_mw[p, j, o, d, t] for j in c.converters[p])
        if p in stores:
            supply += b.store_discharge_mw[p, o, d, t]
        return supply == c.avg_heat_mw[p, o]

    @b.Constraint(b.converter, m.snapshot)
    def converter_limit(b, p, j, o, d, t):
        out = b.heat_el_mw[p, j, o, d, t]
        if j in c.chargers[p]:
            out += b.heat_to_store_mw[p, j, o, d, t]
        return out <= at_op(b.installed, lam, o, p, j)

    @b.Constraint(b.store_plant, m.snapshot)
    def store_balance(b, p, o, d, t):
        return b.store_soc_mwh[p, o, d, t] == b.store_soc_mwh[p, o, d, prev[t]] + dur[d, t] * (
            c.eff[store_of[p], o] * charge(p, o, d, t) - b.store_discharge_mw[p, o, d, t])

    @b.Constraint(b.store_plant, m.snapshot)
    def store_limit(b, p, o, d, t):
        return b.store_soc_mwh[p, o, d, t] <= at_op(b.installed, lam, o, p, store_of[p])

    @b.Constraint(b.store_plant, m.snapshot)
    def store_charge_limit(b, p, o, d, t):
        j = store_of[p]
        return charge(p, o, d, t) <= c.rates[j][0] * at_op(b.installed, lam, o, p, j)

    @b.Constraint(b.store_plant, m.snapshot)
    def store_discharge_limit(b, p, o, d, t):
        j = store_of[p]
        return b.store_discharge_mw[p, o, d, t] <= c.rates[j][1] * at_op(b.installed, lam, o,
                                                                            p, j)

    acc = m.acc.writer("plants")
    for (o, d, t) in m.snapshot:
        for p in b.plant:
            el = [-b.load_mw[p, o, d, t]]
            el += [-heater_el_mw(b, c, p, j, o, d, t) for j in c.converters[p]]
            acc.inject((region_of[p], o, d, t), el)
    _add_heater_markup(m, b, data, c)


def heater_el_mw(b: pyo.Block, c: PlantCoefficients, p: str, j: str, o: int, d: int, t: int):
    """Electricity (MW) drawn by heater ``j`` of plant ``p``: (heat + heat to store) / eff."""
    out = b.heat_el_mw[p, j, o, d, t]
    if j in c.chargers[p]:
        out = out + b.heat_to_store_mw[p, j, o, d, t]
    return out / c.eff[j, o]


def _add_heater_markup(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData,
                       c: PlantCoefficients) -> None:
    """Grid mark-up on the electricity electric heat adds (category ``grid_markup``)."""
    acc = m.acc.writer("plants")
    hours = snapshot_weight_h(data)
    for y in data.years:
        markup = float(data.prices.at[y, "grid_markup_eur_per_mwh"])
        if markup == 0 or not len(b.converter):
            continue

        def mwh_of(o):
            return sum(annual_mwh(hours, b.heat_el_mw, p, j, o) / c.eff[j, o]
                       for (p, j) in b.converter) + sum(
                annual_mwh(hours, b.heat_to_store_mw, p, j, o) / c.eff[j, o]
                for (p, j) in b.charger)
        acc.cost("grid_markup", y, markup * over_op_years(data, y, mwh_of))


def add_equipment_costs(m: pyo.ConcreteModel, b: pyo.Block, data: ModelData,
                        c: PlantCoefficients) -> None:
    """Annuities (capex per MW and fixed per plant) and fixed O&M of each vintage."""
    acc = m.acc.writer("plants")
    for (p, j, s) in b.build_index:
        tech = data.options.at[j, "technology"]
        commissioned, cy = c.vintage(p, j, s, data.years[-1])
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
