r"""Typed accumulators: the only way blocks contribute to the shared equations.

A block never edits another block's constraints. It adds linear terms to four accumulators,
through a :class:`BlockWriter` that carries the block's name:

* :class:`ElectricityBalance`: terms in MW per (region, op_year, day, step), positive =
  injection into the region's node, negative = withdrawal, plus the fixed demand in MW
  (the right-hand side);
* :class:`YearlyCosts`: terms in EUR per (category, year), undiscounted, category one of
  :data:`COST_CATEGORIES`;
* :class:`YearlyEmissions`: terms in t CO2 per (source, year);
* :class:`PlantReport`: per (plant, year) the plant's emissions (t CO2) and gas plus CO2
  cost (EUR), for reporting only (they are also in the costs and emissions above).

:mod:`model.formulation.closing` turns them into the balance constraint, the emission
accounting and the objective, and closes them. After that every addition raises
:class:`ModelBuildError` naming the block that tried and the module that closed it, so a
block built too late can never be silently left out of an equation. Before closing, blocks
may be built in any order.

Legend: MW = power, EUR = euros of the base year (undiscounted), t = tonnes CO2.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

#: Cost categories, in the order of the accounting (``costs.cost_eur`` and costs.csv).
#: ``capex``: annuities of new assets for each year they operate (no salvage term is needed:
#: an asset pays only the annuities of the years inside the horizon, which equals charging
#: the full capex and crediting the remaining value at the horizon end); ``grid_markup``:
#: network charges and levies on electricity a decision adds (electric heat); ``flexibility``:
#: cost of shifting process load; ``export_revenue`` is negative; ``export_fee``: the fee per
#: exported MWh (the import/export tie-break, ``market.export_fee_eur_per_mwh``); ``slack``:
#: penalties of priced slacks and elastic limits (only when enabled).
COST_CATEGORIES = ("capex", "fixed_om", "variable_om", "failed_development", "grid_import",
                   "grid_markup", "export_revenue", "export_fee", "gas", "co2", "startup",
                   "flexibility", "slack", "grid_markup_fixed", "fixed_om_existing", "co2_fixed")
#: Categories no decision can change: reported (costs.csv, manifest ``npv``) but kept out of
#: the optimised objective. ``grid_markup_fixed``: the grid mark-up on the fixed demand (the
#: regions' other demand and the plants' process electricity, whose daily energy is fixed);
#: ``fixed_om_existing``: fixed O&M of the existing fleet and the committed pipeline;
#: ``co2_fixed``: CO2 cost of the plants' other-fuel and process emissions (set by throughput).
CONSTANT_CATEGORIES = ("grid_markup_fixed", "fixed_om_existing", "co2_fixed")


class ModelBuildError(RuntimeError):
    """A block broke the build contract (e.g. it added terms after they were closed)."""


class _Accumulator:
    """Common closing logic: once closed by a module, additions raise."""

    label = "accumulator"

    def __init__(self) -> None:
        self.closed_by: str | None = None

    def _check_open(self, block: str) -> None:
        if self.closed_by is not None:
            raise ModelBuildError(
                f"block '{block}' added to the {self.label} after it was closed by "
                f"'{self.closed_by}': build every block before "
                "model.formulation.closing.close_model")

    def close(self, closer: str) -> None:
        """Refuse further additions; ``closer`` is named in the error a late block gets."""
        self.closed_by = closer


class ElectricityBalance(_Accumulator):
    """Injections (MW) per node and step, and the fixed demand (MW) on the right-hand side."""

    label = "electricity balance"

    def __init__(self) -> None:
        super().__init__()
        self.terms: defaultdict[tuple, list] = defaultdict(list)
        self.demand_mw: defaultdict[tuple, float] = defaultdict(float)

    def add(self, block: str, key: tuple, terms: Iterable) -> None:
        """Add terms (MW, + injection, - withdrawal) at ``key`` = (region, op_year, day, step)."""
        self._check_open(block)
        self.terms[key].extend(terms)

    def add_demand(self, block: str, key: tuple, mw: float) -> None:
        """Add a fixed withdrawal (MW) at ``key``."""
        self._check_open(block)
        self.demand_mw[key] += mw


class YearlyCosts(_Accumulator):
    """Undiscounted cost terms (EUR) per (category, year)."""

    label = "yearly costs"

    def __init__(self) -> None:
        super().__init__()
        self.terms: defaultdict[tuple[str, int], list] = defaultdict(list)

    def add(self, block: str, category: str, year: int, term) -> None:
        """Add one term (EUR in ``year``) to ``category`` (one of :data:`COST_CATEGORIES`)."""
        self._check_open(block)
        if category not in COST_CATEGORIES:
            raise ModelBuildError(f"block '{block}' added cost category '{category}', which has "
                                  f"no place in the accounting {COST_CATEGORIES}")
        self.terms[category, year].append(term)


class YearlyEmissions(_Accumulator):
    """Emission terms (t CO2) per (source, year)."""

    label = "yearly emissions"

    def __init__(self) -> None:
        super().__init__()
        self.terms: defaultdict[tuple[str, int], list] = defaultdict(list)

    def add(self, block: str, source: str, year: int, term) -> None:
        """Add one term (t CO2 in ``year``) to ``source``."""
        self._check_open(block)
        self.terms[source, year].append(term)


class PlantReport(_Accumulator):
    """Per-plant reporting terms: emissions (t CO2) and gas plus CO2 cost (EUR) per year."""

    label = "plant report"

    def __init__(self) -> None:
        super().__init__()
        self.emissions_t: dict[tuple[str, int], object] = {}
        self.energy_cost_eur: dict[tuple[str, int], object] = {}

    def set(self, block: str, plant: str, year: int, emissions_t, energy_cost_eur) -> None:
        """Record the plant's emissions and its gas plus CO2 cost in ``year``."""
        self._check_open(block)
        self.emissions_t[plant, year] = emissions_t
        self.energy_cost_eur[plant, year] = energy_cost_eur


@dataclass
class Accumulators:
    """The four accumulators of one model (attribute ``m.acc``)."""

    balance: ElectricityBalance = field(default_factory=ElectricityBalance)
    costs: YearlyCosts = field(default_factory=YearlyCosts)
    emissions: YearlyEmissions = field(default_factory=YearlyEmissions)
    plants: PlantReport = field(default_factory=PlantReport)

    def writer(self, block: str) -> BlockWriter:
        """The handle through which block ``block`` adds its terms."""
        return BlockWriter(self, block)


@dataclass(frozen=True)
class BlockWriter:
    """A block's handle on the accumulators: every addition is labelled with the block."""

    acc: Accumulators
    block: str

    def inject(self, key: tuple, terms: Iterable) -> None:
        """Electricity balance terms (MW) at (region, op_year, day, step)."""
        self.acc.balance.add(self.block, key, terms)

    def demand(self, key: tuple, mw: float) -> None:
        """Fixed demand (MW) at (region, op_year, day, step)."""
        self.acc.balance.add_demand(self.block, key, mw)

    def cost(self, category: str, year: int, term) -> None:
        """A cost term (EUR, undiscounted) of ``category`` in ``year``."""
        self.acc.costs.add(self.block, category, year, term)

    def emission(self, source: str, year: int, term) -> None:
        """An emission term (t CO2) of ``source`` in ``year``."""
        self.acc.emissions.add(self.block, source, year, term)

    def plant(self, plant: str, year: int, emissions_t, energy_cost_eur) -> None:
        """Per-plant reporting terms in ``year``."""
        self.acc.plants.set(self.block, plant, year, emissions_t, energy_cost_eur)
