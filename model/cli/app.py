"""Command line (Typer): ``python run.py <command>``, same as the ``harz`` console script.

Every command is a thin wrapper over a public function and ends with one exit code per
outcome (:data:`EXIT_HELP`, also in the README and in ``python run.py --help``).
"""

from __future__ import annotations

import enum
import logging
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape
from rich.table import Table

from model.errors import (
    EXIT_BAD_INPUT,
    EXIT_CODES,
    EXIT_FILE_SYSTEM,
    FileSystemError,
    InputError,
    Outcome,
)

EXIT_HELP = """\b
Exit codes (one per outcome):
  0    optimal within solver.mip_rel_gap (validate: valid; diagnose: nothing had to give)
  1    internal error: a bug; please report it with the log
  2    bad input: scenario key, override or data file; the message names the file, key, row
  3    feasible at the time limit: results written, flagged as not proven optimal
  4    infeasible: no results; the message names what had to give (see 'diagnose')
  5    unbounded: no results
  6    infeasible or unbounded: no results
  7    time limit reached without a feasible solution: no results
  8    file-system fault (read-only or full disk, a file where a folder belongs, an entry in
       the way): no results; the message names the path
  130  interrupted (Ctrl-C or SIGTERM): no results; logs kept in <out>/<scenario>/logs/
A results folder <out>/<scenario>/<run-id>/ exists only for codes 0 and 3."""

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Harz decarbonisation planner: least-cost pathways under permitting "
                  "delays (same as the 'harz' console script).", epilog=EXIT_HELP)
console = Console(stderr=False, width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True, width=None if sys.stderr.isatty() else 160)
log = logging.getLogger(__name__)

SetOpt = Annotated[list[str] | None, typer.Option(
    "--set", help="Override a scenario key: --set permitting.wind.approval_months=30")]
ScenarioArg = Annotated[Path, typer.Argument(help="Scenario YAML file")]
Verbose = Annotated[bool, typer.Option("--verbose", "-v", help="Show the INFO log")]
BriefLang = Annotated[str, typer.Option(help="Language of the comparison brief written next "
                                         "to the table: en (comparison.html) or de "
                                         "(comparison.de.html)")]


class DelayBasis(enum.StrEnum):
    """Choices of ``compare --delay-basis`` (Typer rejects others with exit 2, listing these)."""

    lead_time = "lead_time"
    pipeline = "pipeline"


def _setup_logging(verbose: bool) -> None:
    """Console shows warnings (everything with -v); run logs get INFO from the package."""
    handler = RichHandler(console=err_console, show_path=False)
    handler.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(message)s",
                        handlers=[handler], force=True)
    for noisy in ("pyomo", "matplotlib", "h5py", "fontTools", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _handle_signals() -> None:
    """Ctrl-C and SIGTERM both raise KeyboardInterrupt (also where SIGINT was ignored)."""
    def to_interrupt(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, to_interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _fail_input(err: InputError) -> None:
    err_console.print(f"[bold red]Bad input[/]: {escape(str(err))}", highlight=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def _fail_fs(err: OSError | FileSystemError) -> None:
    if isinstance(err, OSError):
        err = FileSystemError.from_os_error(err)
    err_console.print(f"[bold red]File-system error[/]: {escape(str(err))}; nothing was "
                      "published.",
                      highlight=False)
    raise typer.Exit(EXIT_FILE_SYSTEM)


def _interrupted(where: str) -> None:
    err_console.print(f"[yellow]Interrupted[/]: no results written; logs (if any) kept in "
                      f"{where}.", highlight=False)
    raise typer.Exit(EXIT_CODES[Outcome.INTERRUPTED])


@app.command()
def validate(scenario: ScenarioArg, set_: SetOpt = None, verbose: Verbose = False,
             assumptions: Annotated[bool, typer.Option(
                 "--assumptions", help="Also list the [A] inputs the scenario uses, grouped, "
                 "and the [A] share of the data set's rows")] = False) -> None:
    """Load a scenario and its data, run every check, print a summary (builds nothing)."""
    _setup_logging(verbose)
    from model.inputs import config, presolve
    from model.inputs import data as data_mod
    from model.inputs.summary import validation_table

    try:
        sc = config.load_scenario(scenario, set_ or [])
        data = data_mod.load(sc)
        presolve.check_presolve(data)
        if sc.uncertainty is not None:  # distributions, scenarios and route, as run checks
            from model.stochastic.program import prepare

            program = prepare(sc, data)
    except InputError as err:
        _fail_input(err)
    except (FileSystemError, OSError) as err:
        _fail_fs(err)
    console.print(validation_table(data))
    if sc.uncertainty is not None:
        _plain(f"uncertainty: {len(program.outcomes)} scenarios ({sc.uncertainty.sampling}), "
               f"route {program.route}, first-stage start years "
               f"{', '.join(map(str, program.first_years)) or 'none'}")
    if assumptions:
        _print_assumptions(sc)
    console.print(f"[green]OK[/]: {scenario} is valid.")


def _print_assumptions(sc) -> None:
    """The scenario's [A] inputs by group (one plain line each) and the data set's A share."""
    from model.inputs import assumptions as asm

    rows = asm.scenario_assumptions(sc.data, sc)
    reg = asm.register(sc.data)
    _plain(f"[A] inputs used by '{sc.name}': {len(rows)} rows; the data set has "
           f"{(reg['value_type'] == 'A').sum()} [A] of {len(reg)} tagged rows "
           f"({asm.a_share(reg):.0%}); weakest-tag violations: "
           f"{len(asm.weakest_tag_violations(reg))}")
    values = asm.value_register(sc.data)
    _plain(f"per value ({asm.TAGS_FILE}): {(values['value_type'] == 'A').sum()} [A] of "
           f"{len(values)} tagged values ({asm.value_a_share(values):.0%})")
    for group, block in rows.groupby("group", sort=False):
        _plain(f"{group} ({len(block)}):")
        for _, r in block.iterrows():
            _plain(f"  {r['file']}: {r['key']} [{r['source_id']}] (A: {r['a_values']}) "
                   f"{r['note']}")


@app.command(epilog=EXIT_HELP)
def run(
    scenario: Annotated[Path | None, typer.Argument(help="Scenario YAML file")] = None,
    set_: SetOpt = None,
    out: Annotated[Path, typer.Option("--out", help="Results root folder")] = Path("results"),
    from_manifest: Annotated[Path | None, typer.Option(
        "--from-manifest", help="Re-run a published run from its manifest.json (instead of "
        "a scenario file); warns about every input hash or version that differs")] = None,
    name: Annotated[str | None, typer.Option(
        "--name", help="Name of this run (default: the scenario name, plus a label of the "
        "--set overrides that change results, e.g. slow__wind.approval_months-30)")] = None,
    diagnose: Annotated[bool, typer.Option(
        "--diagnose/--no-diagnose", help="On an infeasible solve, re-solve with priced "
        "slacks and name what had to give")] = True,
    verbose: Verbose = False,
) -> None:
    """Build and solve a scenario; write results/<scenario>/<run-id>/ for a complete run."""
    _setup_logging(verbose)
    from model.runner import run_from_manifest, run_scenario

    if (scenario is None) == (from_manifest is None):
        _fail_input(InputError("give either a scenario file or --from-manifest "
                               "results/<scenario>/<run-id>/manifest.json (not both)"))
    if from_manifest is not None and name is not None:
        _fail_input(InputError("--name applies to a scenario file; a re-run from a manifest "
                               "keeps the run's name (use --set name=... to change it)"))
    try:
        with console.status("starting") as status:
            if from_manifest is not None:
                result = run_from_manifest(from_manifest, set_ or [], out,
                                           progress=lambda text: status.update(text))
            else:
                result = run_scenario(scenario, set_ or [], out, diagnose_infeasible=diagnose,
                                      progress=lambda text: status.update(text), name=name)
    except InputError as err:
        _fail_input(err)
    except (FileSystemError, OSError) as err:
        _fail_fs(err)
    except KeyboardInterrupt:
        _interrupted(f"{out}/<scenario>/logs/")
    _print_run_summary(result)
    raise typer.Exit(EXIT_CODES[result.outcome])


def _print_run_summary(result) -> None:
    from model.runner import gap_text

    sol = result.solve
    table = Table(title="Run summary", show_header=False)
    flag = " (NOT PROVEN OPTIMAL: gap-limited, flagged)" if (
        sol.outcome == Outcome.FEASIBLE_LIMIT) else ""
    table.add_row("outcome", f"{result.outcome}{flag} (exit {EXIT_CODES[result.outcome]})")
    if sol.objective is not None:
        table.add_row("optimised NPV", f"{sol.objective:,.3f} M EUR2025 (decision-dependent costs)")
        table.add_row("MIP gap", gap_text(sol.gap))
    if result.summary:
        table.add_row("cumulative emissions",
                      f"{result.summary['cumulative_emissions_t']:,.0f} t CO2")
        if result.summary.get("route"):  # a stochastic program (model/stochastic)
            s = result.summary
            table.add_row("stochastic", f"{s['scenarios']} scenarios, {s['route']}; NPV and "
                          "emissions above are expectations over the scenarios")
            def meur(x: float | None) -> str:
                return "n/a" if x is None else f"{x:,.3f} M EUR"

            table.add_row("value of the hedge", f"VSS {meur(s['VSS_meur'])}, EVPI "
                          f"{meur(s['EVPI_meur'])} (value_of_information.csv)")
        hv = result.summary.get("hourly_validation")
        if hv:
            def pct(key: str) -> str:
                return "n/a" if hv.get(key) is None else f"{hv[key]:+.1f} %"

            table.add_row("hourly-validated", (
                f"NPV of all costs {hv['npv_hourly_meur']:,.1f} M EUR2025 (planning figure "
                f"{hv['npv_planning_meur']:,.1f}, {pct('npv_planning_minus_hourly_pct')}; both "
                "include the constant terms), cumulative emissions "
                f"{hv['cumulative_emissions_hourly_t']:,.0f} t CO2 (planning figure "
                f"{pct('cumulative_emissions_planning_minus_hourly_pct')}); years solved "
                f"at 8,760 h: {', '.join(str(y) for y in hv['years_validated'])}"))
            if not all(s == "optimal" for s in hv["status"].values()):
                table.add_row("HOURLY VALIDATION FAILED", str(hv["status"]))
        table.add_row("results", str(result.run_dir))
    else:
        table.add_row("results", "none written; logs: " + ", ".join(
            str(p) for p in result.logs.values() if p.is_file()))
    table.add_row("timings", ", ".join(f"{k} {v:.1f} s" for k, v in result.timings_s.items()))
    table.add_row("warnings", f"{len(result.warnings)}" + (" (in manifest.json)"
                                                           if result.run_dir else ""))
    console.print(table)
    if result.diagnosis is not None:
        _print_diagnosis(result.diagnosis, after_run=True)
    if result.outcome == Outcome.INTERRUPTED:
        err_console.print("[yellow]Interrupted[/]: HiGHS was stopped; no results written, logs "
                          "kept (above).", highlight=False)
    elif sol.outcome in (Outcome.INFEASIBLE, Outcome.INF_OR_UNBD):
        err_console.print(
            f"[red]{sol.outcome}[/]: no results written. For results that price what cannot "
            "be met, set policy.allow_slack=true; for the conflict itself, 'python run.py "
            "diagnose SCENARIO --iis'.", highlight=False)


def _plain(text: str) -> None:
    """One unwrapped line (for logs and pipes: grep-friendly)."""
    console.print(text, soft_wrap=True, highlight=False, markup=False)


def _print_diagnosis(diag, after_run: bool = False) -> None:
    """A table on a terminal; one plain line per item otherwise."""
    from model.solve.diagnose import format_table

    if diag.violations and console.is_terminal:
        console.print(format_table(diag))
    elif diag.violations:
        _plain(f"What had to give in '{diag.scenario}' (least-violation solution):")
        for v in diag.violations:
            _plain(f"- {v.family}, {v.year}, {v.region}: {v.amount:,.1f} {v.unit}; set by "
                   f"{v.source}" + (f"; {v.detail}" if v.detail else ""))
    elif diag.outcome.publishes and after_run:
        console.print("Diagnosis: nothing had to be violated with the priced slacks; the "
                      "conflict lies elsewhere (integrality or numerics): try 'diagnose --iis'.")
    for note in diag.notes:
        console.print(f"note: {note}", highlight=False)
    if diag.iis is not None:
        if not diag.iis.available:
            console.print(f"IIS: {diag.iis.note}", highlight=False)
        elif console.is_terminal:
            table = Table(title="Irreducible infeasible subsystem of the LP relaxation (HiGHS)")
            for col in ("kind", "name", "meaning", "bound"):
                table.add_column(col, overflow="fold")
            for e in diag.iis.entries:
                table.add_row(*(escape(x) for x in (e.kind, e.name, e.family, e.bound)))
            console.print(table)
        else:
            _plain("Irreducible infeasible subsystem of the LP relaxation (HiGHS):")
            for e in diag.iis.entries:
                _plain(f"- {e.kind} {e.name}: {e.family} (bound: {e.bound})")


@app.command(epilog=EXIT_HELP)
def diagnose(
    scenario: ScenarioArg, set_: SetOpt = None,
    iis: Annotated[bool, typer.Option("--iis", help="Also run HiGHS's IIS on the LP "
                                      "relaxation of the unrelaxed model")] = False,
    csv: Annotated[Path | None, typer.Option("--csv", help="Also write the violations "
                                             "to this CSV file")] = None,
    verbose: Verbose = False,
) -> None:
    """Relax balances, caps, targets and permitting limits with priced slacks; say what gives.

    Exit 0 if nothing had to be violated, 4 if something had to (the scenario is
    infeasible as it stands), otherwise as for 'run'. Writes no results folder.
    """
    _setup_logging(verbose)
    from model.solve.diagnose import diagnose_scenario, to_frame

    try:
        with console.status("diagnosing: solving with priced slacks"):
            diag = diagnose_scenario(scenario, set_ or [], iis=iis)
    except InputError as err:
        _fail_input(err)
    except (FileSystemError, OSError) as err:
        _fail_fs(err)
    except KeyboardInterrupt:
        _interrupted("the solver log of the run, if any")
    if not diag.outcome.publishes:
        _print_diagnosis(diag)
        raise typer.Exit(EXIT_CODES[diag.outcome])
    _print_diagnosis(diag)
    if diag.violations:
        err_console.print(f"[red]Infeasible as it stands[/]: {len(diag.violations)} limit(s) "
                          "had to be violated (above). Relax them in the scenario, or set "
                          "policy.allow_slack=true to run with priced violations.",
                          highlight=False)
    else:
        console.print("[green]Feasible[/]: nothing had to be violated.")
    if csv is not None:
        from model.atomic import write_csv_atomic

        write_csv_atomic(csv, to_frame(diag))
        console.print(f"wrote {csv}")
    raise typer.Exit(EXIT_CODES[Outcome.INFEASIBLE] if diag.violations else 0)


@app.command()
def inputs(dataset: Annotated[Path, typer.Option(help="Data set folder")] = Path("inputs/harz"),
           verbose: Verbose = False) -> None:
    """Rebuild the derived inputs (hourly weather-based profiles) from the raw sources."""
    _setup_logging(verbose)
    from model.inputs.profiles import write_derived

    try:
        if not (dataset / "regions.csv").is_file():
            raise InputError(f"{dataset}: no regions.csv here; --dataset must be a data set "
                             "folder such as inputs/harz")
        path = write_derived(dataset)
    except InputError as err:
        _fail_input(err)
    except (FileSystemError, OSError) as err:
        _fail_fs(err)
    console.print(f"wrote {path}")


@app.command()
def compare(
    runs: Annotated[list[Path], typer.Argument(help="Run folders, <out>/<scenario>/ folders "
                                               "(their one distinct run) or scenario YAML "
                                               "files")],
    baseline: Annotated[str, typer.Option(help="Scenario name of the baseline")] = "reference",
    out: Annotated[Path, typer.Option("--out", help="Results root (runs missing scenarios "
                                      "here) and where comparison.csv goes")] = Path("results"),
    delay_basis: Annotated[DelayBasis, typer.Option(
        help="lead_time (wind lead-time difference) or pipeline (commissioning lag, whole "
        "years)")] = DelayBasis.lead_time,
    search: Annotated[list[Path] | None, typer.Option(
        "--search", help="Another results root to find finished runs in (by run identity; "
        "repeatable); --out is always searched")] = None,
    allow_different_data: Annotated[bool, typer.Option(
        "--allow-different-data", help="Compare runs on different data sets or horizons "
        "(warns, naming the differing hashes) instead of refusing")] = False,
    workers: Annotated[int, typer.Option(min=1, help="Parallel processes for scenarios that "
                                         "must be run (1 = one after another)")] = 2,
    lang: Annotated[str, typer.Option(help="Language of the comparison brief: en "
                                      "(comparison.html) or de (comparison.de.html)")] = "en",
    attribute: Annotated[bool, typer.Option(
        "--attribute", help="Shapley attribution of each case's difference to the baseline "
        "over lever groups (scenario files only; all 2^k combinations run or reused): "
        "attribution.csv and a waterfall (README, 'Delay, attribution and sensitivity')")
    ] = False,
    verbose: Verbose = False,
) -> None:
    """Compare runs such as the fast, reference and slow permitting cases (cost of delay).

    A scenario file is run only if no finished run with its identity (resolved scenario
    without threads and output toggles, and the content of its input files) exists in --out
    or a --search root.
    """
    _setup_logging(verbose)
    from model.analysis.tables import comparison_tables
    from model.outputs import compare as cmp
    from model.outputs.comparison_brief import write_comparison_brief
    from model.outputs.i18n import check_lang

    if attribute:
        _attribute(runs, baseline, out, workers, lang)
        return
    try:
        check_lang(lang)
        folders = _run_folders_for(runs, [out, *(search or [])], workers)
        comp = cmp.compare_folders(folders, baseline, out, delay_basis=str(delay_basis),
                                   allow_different_data=allow_different_data)
        brief = write_comparison_brief(comp, out, lang)
    except InputError as err:
        _fail_input(err)
    except (FileSystemError, OSError) as err:
        _fail_fs(err)
    except KeyboardInterrupt:
        _interrupted(f"{out}/<scenario>/logs/")
    for table in comparison_tables(comp):
        console.print(table)
    for _, row in comp.summary[comp.summary["overrides"] != ""].iterrows():
        _plain(f"{row['scenario']}: " + " ".join(f"--set {o}" for o in row["overrides"].split()))
    console.print(f"wrote {out / 'comparison.csv'}, {out / 'comparison_yearly.csv'} and {brief}")


def _attribute(paths: list[Path], baseline: str, out: Path, cores: int, lang: str) -> None:
    """``compare --attribute``: :func:`model.analysis.attribution.attribute` and its table."""
    from model.analysis.attribution import attribute
    from model.analysis.tables import attribution_table

    try:
        bad = [str(p) for p in paths if p.suffix not in (".yaml", ".yml")]
        if bad:
            raise InputError(f"--attribute needs scenario files (the combinations are the "
                             f"baseline's file with overrides), not run folders: "
                             f"{', '.join(bad)}")
        result = attribute(paths, baseline, out, cores, lang=lang)
    except InputError as err:
        _fail_input(err)
    except KeyboardInterrupt:
        _interrupted(f"{out}/<member>/logs/")
    console.print(attribution_table(result), width=min(console.width, 100))
    console.print("wrote " + ", ".join(str(p) for p in result.files), highlight=False)


def _run_folders_for(paths: list[Path], roots: list[Path], workers: int) -> list[Path]:
    """Run folders for the CLI arguments: folders as they are; a scenario file is its
    finished run of the same identity in any of ``roots``, or is run into ``roots[0]``
    (several in parallel processes)."""
    from model.inputs import config
    from model.outputs import identity, runs
    from model.runner import run_files

    out = roots[0]
    folders: dict[int, Path] = {}
    missing: list[tuple[int, Path]] = []
    for i, path in enumerate(paths):
        if path.suffix not in (".yaml", ".yml"):
            folders[i] = path
            continue
        scenario = config.load_scenario(path)  # bad input fails here, before any run
        if scenario.uncertainty is not None:
            raise InputError(runs.stochastic_message(f"{path} (section 'uncertainty')"))
        found = runs.find_by_identity(roots, identity.scenario_identity(scenario),
                                      scenario=scenario.name)
        if found is not None:
            log.info("%s: reusing the finished run %s", path, found)
            folders[i] = found
        else:
            missing.append((i, path))
    if missing:
        names = ", ".join(str(p) for _, p in missing)
        console.print(f"running {names} (no finished run of the same identity in "
                      f"{', '.join(map(str, roots))}; {workers} worker(s))")
        for (i, path), (outcome, folder) in zip(
                missing, run_files([p for _, p in missing], out, workers), strict=True):
            if folder is None:
                raise InputError(f"{path}: the run ended '{outcome}', nothing to compare; "
                                 "run it alone to see why")
            folders[i] = folder
    return [folders[i] for i in range(len(paths))]


@app.command(name="delay")
def delay_cmd(
    scenario: ScenarioArg,
    lever: Annotated[str, typer.Option(help="Numeric scenario key to vary, e.g. "
                                       "permitting.wind.approval_months")] =
    "permitting.wind.approval_months",
    values: Annotated[str | None, typer.Option(help="Comma-separated values, e.g. "
                                               "0,6,12,17,24,30,36 (default: per lever)")] = None,
    out: Annotated[Path, typer.Option("--out", help="Results root")] = Path("results"),
    cores: Annotated[int, typer.Option("--cores", min=1, help="Local cores for the members")] = 1,
    lang: BriefLang = "en",
    verbose: Verbose = False,
) -> None:
    """The delay curve: NPV and emissions per lever value vs the base, and per year of delay.

    Writes <out>/delay/<scenario>__<lever>/delay.csv and delay_curve.svg (README, "Delay,
    attribution and sensitivity"); finished members are reused by run identity.
    """
    _setup_logging(verbose)
    from model.analysis.delay import delay_curve
    from model.analysis.tables import delay_table

    try:
        curve = delay_curve(scenario, lever, values, out, cores, lang=lang)
    except InputError as err:
        _fail_input(err)
    except KeyboardInterrupt:
        _interrupted(f"{out}/<member>/logs/")
    console.print(delay_table(curve), width=min(console.width, 100))
    console.print("wrote " + ", ".join(str(p) for p in curve.files), highlight=False)


@app.command(name="sensitivity")
def sensitivity_cmd(
    scenario: ScenarioArg,
    inputs: Annotated[str | None, typer.Option(help="Comma-separated input names of "
                                               "<data>/sensitivity_ranges.csv (default: all)")]
    = None,
    out: Annotated[Path, typer.Option("--out", help="Results root")] = Path("results"),
    cores: Annotated[int, typer.Option("--cores", min=1, help="Local cores for the members")] = 1,
    lang: BriefLang = "en",
    verbose: Verbose = False,
) -> None:
    """One input at a time at its low and high value (ranges and sources in the data set).

    Writes <out>/sensitivity/<scenario>/sensitivity.csv and tornado.svg: change of NPV and
    cumulative emissions and the cost of one year of wind delay at each end.
    """
    _setup_logging(verbose)
    from model.analysis.sensitivity import sensitivity
    from model.analysis.tables import sensitivity_table

    try:
        names = [i.strip() for i in inputs.split(",") if i.strip()] if inputs else None
        result = sensitivity(scenario, names, out, cores, lang=lang)
    except InputError as err:
        _fail_input(err)
    except KeyboardInterrupt:
        _interrupted(f"{out}/<member>/logs/")
    console.print(sensitivity_table(result), width=min(console.width, 100))
    console.print("wrote " + ", ".join(str(p) for p in result.files), highlight=False)


@app.command(epilog=EXIT_HELP)
def sweep(
    file: Annotated[Path, typer.Argument(help="Sweep YAML file (README, 'Sweeps')")],
    snakemake_args: Annotated[list[str] | None, typer.Argument(
        help="Snakemake options after '--', e.g. -- --executor slurm --jobs 100",
        show_default=False)] = None,
    cores: Annotated[int, typer.Option("--cores", help="Local cores for the members (one "
                                       "HiGHS thread each)")] = 1,
    out: Annotated[Path, typer.Option("--out", help="Results root: runs in <out>/<member>/, "
                                      "sweep files in <out>/sweeps/<sweep>/")] = Path("results"),
    baseline: Annotated[str | None, typer.Option(help="Member the comparison is against "
                                                 "(default: the first with results)")] = None,
    yes: Annotated[bool, typer.Option("--yes", help="Allow more than 10,000 members")] = False,
    verbose: Verbose = False,
) -> None:
    """Run every member of a sweep file through Snakemake; write sweep.csv and the comparison.

    Finished runs are reused, a failed member is reported and the others go on. Exit 0 when
    every member has an outcome (each is in sweep.csv), 1 if Snakemake stopped early.
    """
    _setup_logging(verbose)
    from model.sweep.engine import require_snakemake, run_sweep
    from model.sweep.spec import load_sweep

    try:
        require_snakemake()
        spec = load_sweep(file, yes=yes)
        console.print(f"sweep {spec.name}: {len(spec.members)} members; Snakemake on "
                      f"{cores} core(s)", highlight=False)
        result = run_sweep(spec, out, cores, snakemake_args or [], baseline, report=_plain)
    except InputError as err:
        _fail_input(err)
    except KeyboardInterrupt:
        _interrupted(f"{out}/sweeps/<sweep>/ (finished members are kept)")
    for note in result.notes:
        err_console.print(f"note: {note}", highlight=False, markup=False)
    if result.dry_run:
        _plain(result.log_text)
    if result.statuses:
        _print_sweep(result)
    raise typer.Exit(0 if result.returncode == 0 else EXIT_CODES[Outcome.ERROR])


def _print_sweep(result) -> None:
    ok = sum(1 for st in result.statuses if st.get("run_dir"))
    failed = [st for st in result.statuses if not st.get("run_dir")]
    console.print(f"{ok} of {len(result.statuses)} members with results; ran "
                  f"{len(result.ran)} in this call ({result.elapsed_s:.1f} s)", highlight=False)
    for st in failed:
        _plain(f"- {st['name']}: {st['outcome']} (exit {st.get('exit_code')}): "
               f"{st.get('reason', '')}")
    console.print("wrote " + ", ".join(str(p) for p in result.files), highlight=False)


@app.command()
def report(run_dir: Annotated[Path, typer.Argument(help="A published run folder")],
           lang: Annotated[str, typer.Option(help="en or de")] = "en",
           pdf: Annotated[bool, typer.Option("--pdf", help="Also print the brief to a PDF "
                                             "(A4) with headless Chromium")] = False) -> None:
    """(Re)write the HTML brief of a run folder (brief.html, brief.de.html; --pdf: also .pdf)."""
    _setup_logging(False)
    from model.outputs import chromium
    from model.outputs.files import is_complete_run
    from model.outputs.report import write_brief

    try:
        if not is_complete_run(run_dir):
            raise InputError(f"{run_dir}: not a published run folder (a temporary '.tmp' "
                             "folder, or no manifest.json: the run did not finish); use "
                             "results/<scenario>/<run-id>/")
        if pdf and chromium.find() is None:  # before writing anything
            raise InputError("--pdf needs Chromium, which is not installed; install it with: "
                             f"{chromium.INSTALL}")
        path = write_brief(run_dir, lang=lang)
        written = [path]
        if pdf:
            written.append(chromium.print_pdf(path, path.with_suffix(".pdf")))
    except InputError as err:
        _fail_input(err)
    except (FileSystemError, OSError) as err:
        _fail_fs(err)
    console.print("wrote " + " and ".join(str(p) for p in written))


def main() -> None:
    """Console-script entry point; turns unexpected exceptions into exit code 1."""
    _handle_signals()
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err_console.print("[yellow]Interrupted[/]: no results written.")
        sys.exit(EXIT_CODES[Outcome.INTERRUPTED])
    except (FileSystemError, OSError) as err:
        if isinstance(err, OSError):
            err = FileSystemError.from_os_error(err)
        err_console.print(f"[bold red]File-system error[/]: {escape(str(err))} (exit "
                          f"{EXIT_FILE_SYSTEM})",
                          highlight=False)
        sys.exit(EXIT_FILE_SYSTEM)
    except Exception as err:  # noqa: BLE001 - last line of defence, with the traceback logged
        logging.getLogger(__name__).exception("internal error")
        err_console.print(f"[bold red]Internal error[/]: {err!r} (exit 1; please report)")
        sys.exit(EXIT_CODES[Outcome.ERROR])
