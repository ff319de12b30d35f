"""Command line (Typer): ``python run.py <command>``, same as the ``harz`` console script.

Every command is a thin wrapper over a public function and ends with one exit code per
outcome (:data:`EXIT_HELP`, also in the README and in ``python run.py --help``).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from model.cli import analyses
from model.cli.common import (
    EXIT_HELP,
    ScenarioArg,
    SetOpt,
    Verbose,
    app,
    console,
    err_console,
    fail_input,
    guarded,
    handle_signals,
    plain,
    setup_logging,
)
from model.errors import EXIT_CODES, EXIT_FILE_SYSTEM, FileSystemError, InputError, Outcome

log = logging.getLogger(__name__)


def _reused_text(reused: dict) -> str:
    """`` (2025, 2030 reused from <run>)``: validated years taken from an identical earlier
    validation (manifest ``hourly_validation.years_reused``); empty if none."""
    if not reused:
        return ""
    sources = sorted({r["run"] for r in reused.values()})
    return f" ({', '.join(reused)} reused from {', '.join(sources)})"


@app.command()
def validate(scenario: ScenarioArg, set_: SetOpt = None, verbose: Verbose = False,
             assumptions: Annotated[bool, typer.Option(
                 "--assumptions", help="Also list the [A] inputs the scenario uses, grouped, "
                 "and the [A] share of the data set's rows")] = False) -> None:
    """Load a scenario and its data, run every check, print a summary (builds nothing)."""
    setup_logging(verbose)
    from model.inputs import config, presolve
    from model.inputs import data as data_mod
    from model.inputs.summary import validation_table

    with guarded():
        sc = config.load_scenario(scenario, set_ or [])
        data = data_mod.load(sc)
        presolve.check_presolve(data)
        if sc.uncertainty is not None:  # distributions, scenarios and route, as run checks
            from model.stochastic.program import prepare

            program = prepare(sc, data)
    console.print(validation_table(data))
    if sc.uncertainty is not None:
        plain(f"uncertainty: {len(program.outcomes)} scenarios ({sc.uncertainty.sampling}), "
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
    plain(f"[A] inputs used by '{sc.name}': {len(rows)} rows; the data set has "
           f"{(reg['value_type'] == 'A').sum()} [A] of {len(reg)} tagged rows "
           f"({asm.a_share(reg):.0%}); weakest-tag violations: "
           f"{len(asm.weakest_tag_violations(reg))}")
    values = asm.value_register(sc.data)
    plain(f"per value ({asm.TAGS_FILE}): {(values['value_type'] == 'A').sum()} [A] of "
           f"{len(values)} tagged values ({asm.value_a_share(values):.0%})")
    for group, block in rows.groupby("group", sort=False):
        plain(f"{group} ({len(block)}):")
        for _, r in block.iterrows():
            plain(f"  {r['file']}: {r['key']} [{r['source_id']}] (A: {r['a_values']}) "
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
    setup_logging(verbose)
    from model.runner import run_from_manifest, run_scenario

    if (scenario is None) == (from_manifest is None):
        fail_input(InputError("give either a scenario file or --from-manifest "
                               "results/<scenario>/<run-id>/manifest.json (not both)"))
    if from_manifest is not None and name is not None:
        fail_input(InputError("--name applies to a scenario file; a re-run from a manifest "
                               "keeps the run's name (use --set name=... to change it)"))
    with guarded(f"{out}/<scenario>/logs/"), console.status("starting") as status:
        if from_manifest is not None:
            result = run_from_manifest(from_manifest, set_ or [], out,
                                       progress=lambda text: status.update(text))
        else:
            result = run_scenario(scenario, set_ or [], out, diagnose_infeasible=diagnose,
                                  progress=lambda text: status.update(text), name=name)
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
                f"at 8,760 h: {', '.join(str(y) for y in hv['years_validated'])}"
                + _reused_text(hv.get("years_reused") or {})))
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



def _print_diagnosis(diag, after_run: bool = False) -> None:
    """A table on a terminal; one plain line per item otherwise."""
    from model.solve.diagnose import format_table

    if diag.violations and console.is_terminal:
        console.print(format_table(diag))
    elif diag.violations:
        plain(f"What had to give in '{diag.scenario}' (least-violation solution):")
        for v in diag.violations:
            plain(f"- {v.family}, {v.year}, {v.region}: {v.amount:,.1f} {v.unit}; set by "
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
            plain("Irreducible infeasible subsystem of the LP relaxation (HiGHS):")
            for e in diag.iis.entries:
                plain(f"- {e.kind} {e.name}: {e.family} (bound: {e.bound})")


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
    setup_logging(verbose)
    from model.solve.diagnose import diagnose_scenario, to_frame

    with (guarded("the solver log of the run, if any"),
          console.status("diagnosing: solving with priced slacks")):
        diag = diagnose_scenario(scenario, set_ or [], iis=iis)
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
    setup_logging(verbose)
    from model.inputs.profiles import write_derived

    with guarded():
        if not (dataset / "regions.csv").is_file():
            raise InputError(f"{dataset}: no regions.csv here; --dataset must be a data set "
                             "folder such as inputs/harz")
        path = write_derived(dataset)
    console.print(f"wrote {path}")


analyses.register(app)  # compare, delay, sensitivity: listed after the run commands


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
    setup_logging(verbose)
    from model.sweep.engine import require_snakemake, run_sweep
    from model.sweep.spec import load_sweep

    with guarded(f"{out}/sweeps/<sweep>/ (finished members are kept)"):
        require_snakemake()
        spec = load_sweep(file, yes=yes)
        console.print(f"sweep {spec.name}: {len(spec.members)} members; Snakemake on "
                      f"{cores} core(s)", highlight=False)
        result = run_sweep(spec, out, cores, snakemake_args or [], baseline, report=plain)
    for note in result.notes:
        err_console.print(f"note: {note}", highlight=False, markup=False)
    if result.dry_run:
        plain(result.log_text)
    if result.statuses:
        _print_sweep(result)
    raise typer.Exit(0 if result.returncode == 0 else EXIT_CODES[Outcome.ERROR])


def _print_sweep(result) -> None:
    ok = sum(1 for st in result.statuses if st.get("run_dir"))
    failed = [st for st in result.statuses if not st.get("run_dir")]
    console.print(f"{ok} of {len(result.statuses)} members with results; ran "
                  f"{len(result.ran)} in this call ({result.elapsed_s:.1f} s)", highlight=False)
    for st in failed:
        plain(f"- {st['name']}: {st['outcome']} (exit {st.get('exit_code')}): "
               f"{st.get('reason', '')}")
    console.print("wrote " + ", ".join(str(p) for p in result.files), highlight=False)


@app.command()
def report(run_dir: Annotated[Path, typer.Argument(help="A published run folder")],
           lang: Annotated[str, typer.Option(help="en or de")] = "en",
           pdf: Annotated[bool, typer.Option("--pdf", help="Also print the brief to a PDF "
                                             "(A4) with headless Chromium")] = False) -> None:
    """(Re)write the HTML brief of a run folder (brief.html, brief.de.html; --pdf: also .pdf)."""
    setup_logging(False)
    from model.outputs import chromium
    from model.outputs.files import is_complete_run
    from model.outputs.report import write_brief

    with guarded():
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
    console.print("wrote " + " and ".join(str(p) for p in written))


def main() -> None:
    """Console-script entry point; turns unexpected exceptions into exit code 1."""
    handle_signals()
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
