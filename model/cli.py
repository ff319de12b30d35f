"""Command line (Typer): ``python run.py <command>``, same as the ``harz`` console script.

Every command is a thin wrapper over a public function. Exit codes (also in the README):

====  ============================================================
0     optimal (or validation passed)
1     internal error (a bug: please report it with the log)
2     bad input: scenario, override or data file (nothing written)
3     feasible at the time or gap limit: results written, flagged
4     infeasible (no results; try ``diagnose`` or ``policy.allow_slack``)
5     unbounded
6     infeasible or unbounded
7     time limit reached without a feasible solution
130   interrupted (Ctrl-C or SIGTERM; no results)
====  ============================================================
"""

from __future__ import annotations

import logging
import signal
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.table import Table

from model.errors import InputError
from model.solve import EXIT_BAD_INPUT, EXIT_CODES, Outcome

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__.split("\n\n")[0],
                  rich_markup_mode=None)
console = Console(stderr=False, width=None if sys.stdout.isatty() else 160)
err_console = Console(stderr=True)

SetOpt = Annotated[list[str] | None, typer.Option(
    "--set", help="Override a scenario key: --set permitting.wind.approval_months=30")]
ScenarioArg = Annotated[Path, typer.Argument(help="Scenario YAML file")]


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(message)s",
                        handlers=[RichHandler(console=err_console, show_path=False)], force=True)


def _sigterm_as_interrupt() -> None:
    def handler(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, handler)


def _fail_input(err: InputError) -> None:
    err_console.print(f"[bold red]Bad input[/]: {err}", highlight=False)
    raise typer.Exit(EXIT_BAD_INPUT)


@app.command()
def validate(scenario: ScenarioArg, set_: SetOpt = None,
             verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Load a scenario and its data, run every check, print a summary (builds nothing)."""
    _setup_logging(verbose)
    from model import config
    from model import data as data_mod
    from model.summary import validation_table

    try:
        sc = config.load_scenario(scenario, set_ or [])
        data = data_mod.load(sc)
    except InputError as err:
        _fail_input(err)
    console.print(validation_table(data))
    console.print(f"[green]OK[/]: {scenario} is valid.")


@app.command()
def run(scenario: ScenarioArg, set_: SetOpt = None,
        out: Annotated[Path, typer.Option("--out", help="Results root folder")] = Path("results"),
        verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Build and solve a scenario; write results/<scenario>/<run-id>/ for a complete run."""
    _setup_logging(verbose)
    _sigterm_as_interrupt()
    from model.runner import run_scenario

    try:
        with console.status("starting") as status:
            result = run_scenario(scenario, set_ or [], out,
                                  progress=lambda text: status.update(text))
    except InputError as err:
        _fail_input(err)
    except KeyboardInterrupt:
        err_console.print("[yellow]Interrupted[/]: no results written.")
        raise typer.Exit(EXIT_CODES[Outcome.INTERRUPTED]) from None
    _print_run_summary(result)
    raise typer.Exit(EXIT_CODES[result.outcome])


def _print_run_summary(result) -> None:
    sol = result.solve
    table = Table(title="Run summary", show_header=False)
    table.add_row("outcome", str(sol.outcome) + (" (GAP-LIMITED: flagged)"
                                                  if sol.outcome == Outcome.FEASIBLE_LIMIT else ""))
    if sol.objective is not None:
        table.add_row("NPV of costs", f"{sol.objective:,.1f} M EUR2025")
        table.add_row("MIP gap", f"{(sol.gap or 0) * 100:.2f} %")
    if result.summary:
        emissions_t = result.summary["cumulative_emissions_t"]
        table.add_row("cumulative emissions", f"{emissions_t:,.0f} t CO2")
        table.add_row("results", str(result.run_dir))
    timings = ", ".join(f"{k} {v:.1f} s" for k, v in result.timings_s.items())
    table.add_row("timings", timings)
    console.print(table)
    if sol.outcome == Outcome.INFEASIBLE:
        err_console.print(
            "[red]Infeasible[/]: no results written. Run 'python run.py diagnose SCENARIO' or "
            "set policy.allow_slack=true to see which caps or balances cannot be met.")


@app.command()
def inputs(dataset: Annotated[Path, typer.Option(help="Data set folder")] = Path("inputs/harz"),
           verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False) -> None:
    """Rebuild the derived inputs (hourly weather-based profiles) from the raw sources."""
    _setup_logging(verbose)
    from model.profiles import write_derived

    try:
        path = write_derived(dataset)
    except InputError as err:
        _fail_input(err)
    console.print(f"wrote {path}")


@app.command()
def compare(
    runs: Annotated[list[Path], typer.Argument(help="Run folders, <out>/<scenario>/ folders "
                                               "(latest complete run) or scenario YAML files")],
    baseline: Annotated[str, typer.Option(help="Scenario name of the baseline")] = "reference",
    out: Annotated[Path, typer.Option("--out", help="Results root (runs missing scenarios "
                                      "here) and where comparison.csv goes")] = Path("results"),
    delay_basis: Annotated[str, typer.Option(help="lead_time (wind lead-time difference) or "
                                             "pipeline (commissioning lag, whole years)")
                           ] = "lead_time",
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    """Compare runs (e.g. fast / reference / slow permitting): deltas and cost of delay."""
    _setup_logging(verbose)
    from model import compare as cmp

    try:
        folders = [_run_folder_for(path, out) for path in runs]
        comp = cmp.compare_folders(folders, baseline, out, delay_basis=delay_basis)
    except InputError as err:
        _fail_input(err)
    console.print(cmp.format_table(comp))
    console.print(f"wrote {out / 'comparison.csv'} and {out / 'comparison_yearly.csv'}")


def _run_folder_for(path: Path, out: Path) -> Path:
    """A run folder for a CLI argument: a folder as is, a scenario file run if missing."""
    if path.suffix not in (".yaml", ".yml"):
        return path
    from model import compare as cmp
    from model import config
    from model.runner import run_loaded

    scenario = config.load_scenario(path)
    found = cmp.find_run(out, scenario.name, config.scenario_hash(scenario))
    if found is not None:
        return found
    console.print(f"running {path} (no complete run of it in {out})")
    result = run_loaded(scenario, out, scenario_file=path)
    if result.run_dir is None:
        raise InputError(f"{path}: the run ended '{result.outcome}', nothing to compare; "
                         "run it alone to see why")
    return result.run_dir


@app.command()
def report(run_dir: Annotated[Path, typer.Argument(help="A published run folder")],
           lang: Annotated[str, typer.Option(help="en or de")] = "en") -> None:
    """(Re)write the HTML brief of a run folder."""
    _setup_logging(False)
    from model.report import write_brief

    try:
        path = write_brief(run_dir, lang=lang)
    except InputError as err:
        _fail_input(err)
    console.print(f"wrote {path}")


def main() -> None:
    """Console-script entry point; turns unexpected exceptions into exit code 1."""
    try:
        app()
    except SystemExit:
        raise
    except Exception as err:  # noqa: BLE001 - last line of defence, with the traceback logged
        logging.getLogger(__name__).exception("internal error")
        err_console.print(f"[bold red]Internal error[/]: {err!r} (exit 1; please report)")
        sys.exit(EXIT_CODES[Outcome.ERROR])
