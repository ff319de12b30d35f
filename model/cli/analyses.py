"""Analysis commands: ``compare`` (and ``--attribute``), ``delay`` and ``sensitivity``.

Each is a thin wrapper over one public function that the Python API calls with the same
defaults (:mod:`model.outputs.compare`, :mod:`model.analysis`); tables fit 100 columns.
"""

from __future__ import annotations

import enum
import logging
from pathlib import Path
from typing import Annotated

import typer

from model.cli.common import (
    BriefLang,
    ScenarioArg,
    Verbose,
    console,
    guarded,
    plain,
    setup_logging,
)
from model.errors import InputError

log = logging.getLogger(__name__)


class DelayBasis(enum.StrEnum):
    """Choices of ``compare --delay-basis`` (Typer rejects others with exit 2, listing these)."""

    lead_time = "lead_time"
    pipeline = "pipeline"


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
    setup_logging(verbose)
    from model.analysis.tables import comparison_tables
    from model.outputs import compare as cmp
    from model.outputs.comparison_brief import write_comparison_brief
    from model.outputs.i18n import check_lang

    if attribute:
        _attribute(runs, baseline, out, workers, lang)
        return
    with guarded(f"{out}/<scenario>/logs/"):
        check_lang(lang)
        folders = _run_folders_for(runs, [out, *(search or [])], workers)
        comp = cmp.compare_folders(folders, baseline, out, delay_basis=str(delay_basis),
                                   allow_different_data=allow_different_data)
        brief = write_comparison_brief(comp, out, lang)
    for table in comparison_tables(comp):
        console.print(table)
    for _, row in comp.summary[comp.summary["overrides"] != ""].iterrows():
        plain(f"{row['scenario']}: " + " ".join(f"--set {o}" for o in row["overrides"].split()))
    console.print(f"wrote {out / 'comparison.csv'}, {out / 'comparison_yearly.csv'} and {brief}")


def _attribute(paths: list[Path], baseline: str, out: Path, cores: int, lang: str) -> None:
    """``compare --attribute``: :func:`model.analysis.attribution.attribute` and its table."""
    from model.analysis.attribution import attribute
    from model.analysis.tables import attribution_table

    with guarded(f"{out}/<member>/logs/"):
        bad = [str(p) for p in paths if p.suffix not in (".yaml", ".yml")]
        if bad:
            raise InputError(f"--attribute needs scenario files (the combinations are the "
                             f"baseline's file with overrides), not run folders: "
                             f"{', '.join(bad)}")
        result = attribute(paths, baseline, out, cores, lang=lang)
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
    setup_logging(verbose)
    from model.analysis.delay import delay_curve
    from model.analysis.tables import delay_table

    with guarded(f"{out}/<member>/logs/"):
        curve = delay_curve(scenario, lever, values, out, cores, lang=lang)
    console.print(delay_table(curve), width=min(console.width, 100))
    console.print("wrote " + ", ".join(str(p) for p in curve.files), highlight=False)


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
    setup_logging(verbose)
    from model.analysis.sensitivity import sensitivity
    from model.analysis.tables import sensitivity_table

    with guarded(f"{out}/<member>/logs/"):
        names = [i.strip() for i in inputs.split(",") if i.strip()] if inputs else None
        result = sensitivity(scenario, names, out, cores, lang=lang)
    console.print(sensitivity_table(result), width=min(console.width, 100))
    console.print("wrote " + ", ".join(str(p) for p in result.files), highlight=False)


def register(app: typer.Typer) -> None:
    """Add the analysis commands to ``app`` (after the run commands, in the help's order)."""
    app.command()(compare)
    app.command(name="delay")(delay_cmd)
    app.command(name="sensitivity")(sensitivity_cmd)
