"""Scenario schema of the optional ``uncertainty`` section: planning under uncertain approvals.

When a scenario has this section, ``python run.py run`` solves a stochastic program
(:mod:`model.stochastic`) instead of one deterministic pathway. The distributions of the
approval months and the attrition share live in the data set (``file``, default
``approval_uncertainty.csv``) with their sources; this section picks the case, the
technologies, how the regions are correlated, how many scenarios are drawn and how, the
optional CVaR term and the solve route. Re-exported by :mod:`model.inputs.scenario_schema`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator


def _no_bool(value: Any) -> Any:
    """Reject YAML booleans where a number is expected (pydantic would read ``true`` as 1)."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got the boolean {value}")
    return value


_NB = BeforeValidator(_no_bool)
_PosInt = Annotated[int, Field(ge=1), _NB]
_NonNegInt = Annotated[int, Field(ge=0), _NB]
_Level = Annotated[float, Field(gt=0, lt=1, allow_inf_nan=False), _NB]
_Weight = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False), _NB]
_Positive = Annotated[float, Field(gt=0, allow_inf_nan=False), _NB]

#: Most scenarios the extensive form accepts unless ``max_extensive_scenarios`` says otherwise
#: (20 copies of the reference model: see bench/bench_stochastic.py for time and memory).
DEFAULT_MAX_EXTENSIVE = 20


class CvarConfig(BaseModel):
    """Risk term: the objective is (1 - w) E[cost] + w CVaR_alpha[cost]."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    level: _Level = Field(0.9, description="CVaR level alpha, 0 < alpha < 1: the mean cost of "
                          "the worst (1 - alpha) share of the probability mass [-]. Default 0.9.")
    weight: _Weight = Field(0.0, description="Weight w of the CVaR term, 0..1; 0 = expected "
                            "NPV only [-]. Default 0.")


class HedgingConfig(BaseModel):
    """Progressive hedging (mpi-sppy) settings."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    rho: _Positive = Field(1.0, description="Penalty rho on the deviation of the shared starts "
                           "from their scenario average with rho_from 'fixed', and for starts "
                           "without a cost [M EUR per MW^2]. Default 1.")
    rho_from: Literal["costs", "fixed"] = Field(
        "costs", description="'costs' = per start, rho_multiplier x its objective coefficient "
        "(M EUR per MW) / max(1 MW, spread of the first iteration's starts); 'fixed' = rho for "
        "every start [-]. Default 'costs'.")
    rho_multiplier: _Positive = Field(1.0, description="Multiplier of the cost-proportional "
                                      "rho [-]. Default 1.")
    fix: Literal["root", "shared"] = Field(
        "root", description="The published plan: 'root' = the cheapest feasible first-stage "
        "candidate (see candidates) with the rest of the tree solved as extensive forms, "
        "with a lower bound and the gap; 'shared' = "
        "every shared start fixed at its node average and each scenario solved alone [-]. "
        "Default 'root'.")
    candidates: list[Literal["average", "average_down", "scenarios", "minimum"]] = Field(
        ["average", "average_down", "scenarios", "minimum"], min_length=1,
        description="First-stage candidates evaluated with fix 'root' (the rest of the tree "
        "solved with the first stage fixed; the cheapest feasible one is published): "
        "'average' = PH average rounded to whole units, 'average_down' = rounded down, "
        "'scenarios' = each scenario's own first stage at the last iteration, 'minimum' = "
        "the componentwise minimum over the scenarios rounded down [-]. Default all four.")
    lagrangian_bound: bool = Field(True, description="Also compute the Lagrangian lower "
                                   "bound from PH's final prices (one solve per scenario); "
                                   "the wait-and-see bound of iteration 0 is always kept "
                                   "[-]. Default true.")
    max_iterations: _PosInt = Field(100, description="Iteration limit [-]. Default 100.")
    convergence_tol: _Positive = Field(1e-4, description="Stop when the mean absolute "
                                       "deviation of the shared starts from their average is "
                                       "below this [MW]. Default 1e-4.")


class UncertaintyConfig(BaseModel):
    """Uncertain approval months and attrition: scenarios, sampling, risk and solve route."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    file: str = Field("approval_uncertainty.csv", min_length=1, description="Distributions "
                      "file in the data set folder (columns in inputs/harz/README.md) [-]. "
                      "Default 'approval_uncertainty.csv'.")
    case: str = Field("reference", min_length=1, description="A `case` of the distributions "
                      "file [-]. Default 'reference'.")
    technologies: list[str] | None = Field(None, description="Technologies whose approval "
                                           "months and attrition are uncertain; null = every "
                                           "technology of the case [-]. Default null.")
    correlation: Literal["comonotone", "independent"] = Field(
        "comonotone", description="Across regions: 'comonotone' = one draw per technology for "
        "every region (a slow year is slow everywhere), 'independent' = one draw per "
        "technology and region [-]. Default 'comonotone'.")
    scenarios: _PosInt = Field(10, description="Number of scenarios drawn ('quantile', "
                               "'random'), or the most that 'enumerate' may produce [-]. "
                               "Default 10.")
    sampling: Literal["quantile", "random", "enumerate"] = Field(
        "quantile", description="'quantile' = levels (i - 0.5)/N of each draw (Latin "
        "hypercube across independent draws, permuted with `seed`), 'random' = uniform levels "
        "drawn with `seed`, 'enumerate' = every combination of discrete values with its "
        "exact probability [-]. Default 'quantile'.")
    seed: _NonNegInt = Field(0, description="Random seed of 'random' and of the permutations "
                             "of 'quantile' [-]. Default 0.")
    cvar: CvarConfig | None = Field(None, description="Optional CVaR term on cost; null = "
                                    "expected NPV only [-]. Default null.")
    route: Literal["auto", "extensive_form", "progressive_hedging"] = Field(
        "auto", description="'extensive_form' = all scenarios in one HiGHS model, "
        "'progressive_hedging' = mpi-sppy PH (one model per scenario), 'auto' = the extensive "
        "form up to max_extensive_scenarios, PH beyond [-]. Default 'auto'.")
    max_extensive_scenarios: _PosInt = Field(DEFAULT_MAX_EXTENSIVE, description="Most "
                                             "scenarios the extensive form accepts [-]. "
                                             f"Default {DEFAULT_MAX_EXTENSIVE}.")
    withdrawal: bool = Field(True, description="Recourse at the approval decision: once a "
                             "scenario's refusals are known, approved capacity may be "
                             "withdrawn (losing its development cost, as a refused project "
                             "does), so a plan that started more than the approval throughput "
                             "or the land then allows stays feasible; false = every approved "
                             "MW is built (the limits are hard) [-]. Default true. Only the "
                             "stochastic program has it; deterministic runs never withdraw.")
    hedging: HedgingConfig = Field(default_factory=HedgingConfig, description="Progressive "
                                   "hedging settings [section]. Default: every key at its "
                                   "default.")

    @model_validator(mode="after")
    def _extensive_size(self) -> UncertaintyConfig:
        if self.route == "extensive_form" and self.scenarios > self.max_extensive_scenarios:
            raise ValueError(
                f"scenarios={self.scenarios} is more than the extensive form accepts "
                f"(max_extensive_scenarios={self.max_extensive_scenarios}); set route: "
                "progressive_hedging (or auto), or fewer scenarios")
        if self.cvar is not None and self.cvar.weight > 0 and self.route == \
                "progressive_hedging":
            raise ValueError("cvar with weight > 0 needs route: extensive_form (the CVaR term "
                             "couples the scenarios, which progressive hedging here does not "
                             "decompose)")
        return self
