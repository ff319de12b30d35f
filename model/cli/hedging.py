"""``[mpiexec -n P] python -m model.cli.hedging SCENARIO``: progressive hedging across processes.

The command-line entry of :mod:`model.stochastic.hedging` for runs spread over MPI ranks
(locally or across machines, README "Planning under uncertain approvals"). It prints a JSON
summary on rank 0; the run folder with every output is written by ``python run.py run``.
mpi-sppy is imported only here and in the hedging module, when progressive hedging is asked
for.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from mpisppy import MPI

from model.formulation.build import build_model
from model.inputs import config, presolve
from model.inputs import data as data_mod
from model.solve.highs import highs_options, solve
from model.stochastic import extensive, xhat
from model.stochastic.hedging import consensus_plan, root_plan, run_ph
from model.stochastic.program import prepare


def main(argv: list[str] | None = None) -> int:
    """``[mpiexec -n P] python -m model.cli.hedging SCENARIO [--set K=V ...] [--out F]``.

    Progressive hedging of the scenario's stochastic program with the scenarios spread over
    the MPI ranks (one process without ``mpiexec``); every rank re-solves its own scenarios
    at the consensus plan, and rank 0 prints (and writes to ``--out``) a JSON summary: the
    expected cost, iterations, the first-stage plan and the timings. The run folder with
    every output and EVPI/VSS is written by ``python run.py run`` (PH in one process).
    """
    parser = argparse.ArgumentParser(prog="python -m model.cli.hedging")
    parser.add_argument("scenario")
    parser.add_argument("--set", dest="overrides", action="append", default=[])
    parser.add_argument("--out", default=None, help="JSON summary file (rank 0)")
    args = parser.parse_args(argv)
    comm = MPI.COMM_WORLD
    t0 = time.perf_counter()
    scenario = config.load_scenario(args.scenario, args.overrides)
    data = data_mod.load(scenario)
    presolve.check_presolve(data)
    program = prepare(scenario, data)
    program.route = "progressive_hedging"
    ph, _, _, stage_years, ph_s = run_ph(program)
    plan = consensus_plan(ph)
    cfg = scenario.uncertainty.hedging
    t = time.perf_counter()
    extra: dict = {}
    if cfg.fix == "root":  # rank 0 evaluates the candidates and the bound
        values = xhat.gathered(ph, program)
        if comm.Get_rank() != 0:
            return 0
        sol = xhat.publish_best(program, ph, ph_s, values)
        ok = sol.solve.outcome.publishes
        outcomes = {"rest_of_tree_extensive_form": str(sol.solve.outcome)}
        cost, extra = (sol.objective_meur if ok else None), sol.extra
        first = extensive.plan_of(sol.models[0], program.first_years) if ok else {}
    else:
        shared = [y for ys in stage_years for y in ys]
        index = {o.name: i for i, o in enumerate(program.outcomes)}
        local = {}
        for name in ph.local_scenarios:
            i = index[name]
            m = build_model(program.datas[i])
            extensive.fix_starts(m, program.datas[i], plan[name], shared)
            res = solve(m, highs_options(scenario.solver))
            local[name] = (program.probabilities[i], res.objective, str(res.outcome))
        parts = comm.gather(local, root=0)
        if comm.Get_rank() != 0:
            return 0
        merged = {k: v for part in parts for k, v in part.items()}
        ok = all(v[2] in ("optimal", "feasible_at_limit") for v in merged.values())
        outcomes = {k: v[2] for k, v in merged.items()}
        cost = sum(p * o for p, o, _ in merged.values()) if ok else None
        first = root_plan(plan, program.first_years)
    summary = {
        "scenario": scenario.name, "processes": comm.Get_size(),
        "scenarios": len(program.outcomes), "iterations": int(ph._PHIter),
        "convergence_mw": ph.final_conv, "convergence_tol_mw": cfg.convergence_tol,
        "rho_from": cfg.rho_from, "rho_multiplier": cfg.rho_multiplier, "rho": cfg.rho,
        "fix": cfg.fix, "convergence_trace_mw": getattr(ph, "trace", []),
        "outcomes": outcomes, "expected_cost_meur": cost, **extra,
        "first_stage_plan": [{"technology": k, "region": r, "start_year": s, "start_mw": mw}
                             for (k, r, s), mw in sorted(first.items())],
        "timings_s": {"ph": ph_s, "resolve_rank0": time.perf_counter() - t,
                      "total": time.perf_counter() - t0},
    }
    text = json.dumps(summary, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
