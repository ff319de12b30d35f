"""Harz decarbonisation planner: pathway optimisation with Pyomo and HiGHS.

The package is laid out by phase, in the order data flows through a run::

    inputs/       scenario schema and composition (config), input tables and their checks,
                  the resolved data set (data), weather profiles and representative time
    formulation/  the Pyomo model: build (table of contents) and one block per concern
    solve/        the HiGHS route, the numerics report, infeasibility diagnosis and the IIS
    outputs/      results extraction, run files and folders (integrity), the typed manifest,
                  run identity and names, finding and loading runs, brief, compare
    runner.py     one run end to end (inputs -> formulation -> solve -> outputs)
    sweep/        many runs of one base scenario as Snakemake jobs (sweep file, plan, job,
                  progress, sweep.csv); orchestrates runs, so it sits above the runner
    analysis/     analyses over many runs (delay curve, Shapley attribution, sensitivity),
                  their members run through the sweep engine
    cli/          the command line, a thin wrapper over the functions above

``errors`` (exception types, solver outcomes and exit codes), ``atomic`` (the one atomic
file writer) and ``testhook`` are shared by every phase.

**Import rule.** A phase imports only from itself, from lower phases and from the shared
modules: ``inputs`` < ``formulation`` < ``solve`` < ``outputs`` < ``runner`` < ``sweep`` <
``analysis`` < ``cli``.
Lower phases never import higher ones, so the data layer can be used without Pyomo and the
formulation without the output writers. ``tests/unit/test_layout.py`` checks the rule.
"""

__version__ = "0.1.0"
