"""What every command shares: the Typer app, the consoles, option types, exit-code helpers.

:func:`guarded` maps bad input, file-system faults and interrupts to their messages and
exit codes (one per outcome, :data:`EXIT_HELP`), so each command's body stays one block.
"""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.logging import RichHandler
from rich.markup import escape

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


def setup_logging(verbose: bool) -> None:
    """Console shows warnings (everything with -v); run logs get INFO from the package."""
    handler = RichHandler(console=err_console, show_path=False)
    handler.setLevel(logging.DEBUG if verbose else logging.WARNING)
    logging.basicConfig(level=logging.DEBUG if verbose else logging.INFO, format="%(message)s",
                        handlers=[handler], force=True)
    for noisy in ("pyomo", "matplotlib", "h5py", "fontTools", "PIL"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def handle_signals() -> None:
    """Ctrl-C and SIGTERM both raise KeyboardInterrupt (also where SIGINT was ignored)."""
    def to_interrupt(signum, frame):  # noqa: ARG001
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, to_interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def fail_input(err: InputError) -> None:
    err_console.print(f"[bold red]Bad input[/]: {escape(str(err))}", highlight=False)
    raise typer.Exit(EXIT_BAD_INPUT)


def fail_fs(err: OSError | FileSystemError) -> None:
    if isinstance(err, OSError):
        err = FileSystemError.from_os_error(err)
    err_console.print(f"[bold red]File-system error[/]: {escape(str(err))}; nothing was "
                      "published.",
                      highlight=False)
    raise typer.Exit(EXIT_FILE_SYSTEM)


def interrupted(where: str) -> None:
    err_console.print(f"[yellow]Interrupted[/]: no results written; logs (if any) kept in "
                      f"{where}.", highlight=False)
    raise typer.Exit(EXIT_CODES[Outcome.INTERRUPTED])


def plain(text: str) -> None:
    """One unwrapped line (for logs and pipes: grep-friendly)."""
    console.print(text, soft_wrap=True, highlight=False, markup=False)


@contextmanager
def guarded(interrupted_in: str | None = None) -> Iterator[None]:
    """Run a command's body; bad input exits 2, a file-system fault 8, both with the message.

    With ``interrupted_in`` (where the logs are kept), Ctrl-C or SIGTERM exits 130 saying so;
    without it the interrupt goes on to :func:`model.cli.app.main`.
    """
    try:
        yield
    except InputError as err:
        fail_input(err)
    except (FileSystemError, OSError) as err:
        fail_fs(err)
    except KeyboardInterrupt:
        if interrupted_in is None:
            raise
        interrupted(interrupted_in)
