"""Shared helpers of the benchmarks: fresh processes, peak memory, versions, tables, JSON.

Not a benchmark itself. Every measured case runs in a fresh ``spawn`` process (so imports,
Pyomo's caches and the peak memory of one case never leak into the next); the child reports
``peak_mb`` = its own ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (interpreter and imports
included; on Linux the value is in KiB).
"""

from __future__ import annotations

import datetime as _dt
import json
import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
OUT_DIR = REPO / "bench" / "out"
SCENARIOS = REPO / "scenarios"

SPAWN = multiprocessing.get_context("spawn")
_STATE: dict[str, Any] = {}  # recorded by load_check, written by write_json


def peak_mb() -> float:
    """Peak resident memory of the calling process in MB (ru_maxrss, KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def cpu_s() -> float:
    """User + system CPU seconds of the calling process so far (all its threads)."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _call(fn: Callable[..., dict], args: tuple, kwargs: dict) -> dict:
    out = fn(*args, **kwargs)
    out["peak_mb"] = peak_mb()
    out["cpu_s"] = cpu_s()
    out["pid"] = os.getpid()
    return out


def _cpu_times() -> tuple[float, float]:
    """(busy, total) jiffies of all CPUs from /proc/stat."""
    with open("/proc/stat", encoding="ascii") as f:
        vals = [float(v) for v in f.readline().split()[1:]]
    idle = vals[3] + (vals[4] if len(vals) > 4 else 0.0)  # idle + iowait
    return sum(vals) - idle, sum(vals)


def load_check(window_s: float = 2.0) -> dict:
    """How busy the machine is *before* a benchmark starts; warns when it is not idle.

    The benchmarks report single runs on a 2-core machine: another process using a core
    (a test suite, another solve) inflates solve times, by 3x in one parallel case
    observed here. Measured as busy cores over ``window_s`` from /proc/stat (the load
    average lags by minutes and would count the previous benchmark). Per case, ``cpu_s``
    close to the wall time also shows that the case had its core.
    """
    try:
        b0, t0 = _cpu_times()
        time.sleep(window_s)
        b1, t1 = _cpu_times()
        busy = (b1 - b0) / (t1 - t0) * (os.cpu_count() or 1) if t1 > t0 else 0.0
    except OSError:
        busy = float("nan")
    if busy > 0.3:
        print(f"WARNING: the machine is busy before the start ({busy:.1f} of {os.cpu_count()} "
              f"cores in use): times will be inflated", flush=True)
    _STATE["busy_cores_before"] = busy
    _STATE["loadavg_before"] = os.getloadavg()
    return dict(_STATE)


def in_fresh_process(fn: Callable[..., dict], *args: Any, **kwargs: Any) -> dict:
    """Run ``fn(*args, **kwargs)`` in a new spawned process; return its dict plus ``peak_mb``.

    ``wall_s`` is added: the parent's wall time for the whole child, including interpreter
    start and imports.
    """
    t = time.perf_counter()
    with ProcessPoolExecutor(max_workers=1, mp_context=SPAWN) as pool:
        out = pool.submit(_call, fn, args, kwargs).result()
    out["wall_s"] = time.perf_counter() - t
    return out


def pool_call(fn: Callable[..., dict], *args: Any, **kwargs: Any) -> dict:
    """Like ``in_fresh_process`` but for use inside an existing pool (``pool.submit(pool_call,
    fn, ...)``): adds ``peak_mb`` (peak of the worker so far) and ``child_wall_s``."""
    t = time.perf_counter()
    out = _call(fn, args, kwargs)
    out["child_wall_s"] = time.perf_counter() - t
    return out


def git_state() -> str:
    """``<short commit>`` plus ``+N modified`` when tracked files differ from it."""
    import subprocess
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, text=True,
                              capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "diff", "--name-only", "HEAD"], cwd=REPO, text=True,
                               capture_output=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return "-"
    return head + (f" +{len(dirty)} modified" if dirty else "")


def versions() -> dict[str, str]:
    """Versions and machine facts recorded next to every measurement."""
    def ver(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "-"
    return {
        "date": _dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "pyomo": ver("pyomo"), "highspy": ver("highspy"), "linopy": ver("linopy"),
        "numpy": ver("numpy"), "scipy": ver("scipy"), "xarray": ver("xarray"),
        "pandas": ver("pandas"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "git": git_state(),
        "loadavg_at_end": os.getloadavg(),
    }


def write_json(name: str, payload: dict) -> Path:
    """Write ``payload`` (plus versions) to ``bench/out/<name>.json``; return the path."""
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    path = OUT_DIR / f"{name}.json"
    payload = {"benchmark": name, "versions": versions(), "argv": sys.argv[1:], **_STATE,
               **payload}
    path.write_text(json.dumps(payload, indent=2, default=float) + "\n", encoding="utf-8")
    return path


def fmt(value: Any, spec: str = ".2f") -> str:
    if value is None:
        return "-"
    if isinstance(value, float) and value != value:  # NaN
        return "-"
    if isinstance(value, str):
        return value
    return format(value, spec)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Print a compact right-aligned text table (first column left-aligned)."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    for j, r in enumerate(cells):
        line = "  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i])
                         for i, c in enumerate(r))
        print(line)
        if j == 0:
            print("  ".join("-" * w for w in widths))


# --------------------------------------------------------------------------- scenario runs

def scenario_run(scenario: str, overrides: Sequence[str] = (), keep: Sequence[str] = (),
                 ) -> dict:
    """One ``model.runner.run_scenario`` in this process, results into a temporary folder.

    Returns the phase timings, end-to-end time (scenario parsing included, imports not),
    import time, outcome, objective/bound/gap, model size, and for every name in ``keep``
    the yearly totals ``{name: {year: value}}`` read from ``RunResult.dataset``
    (``emissions_t`` summed over ``source``, ``cost_eur`` over ``category``;
    ``discount_factor`` as is; ``capacity_mw@technology=wind``: one item of a dimension,
    summed over the others).
    """
    t = time.perf_counter()
    import logging

    from model.runner import run_scenario
    logging.getLogger().setLevel(logging.WARNING)
    t_import = time.perf_counter() - t
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        t = time.perf_counter()
        run = run_scenario(scenario, overrides, out_root=tmp)
        e2e = time.perf_counter() - t
    sol = run.solve
    out: dict[str, Any] = {
        "scenario": Path(scenario).stem, "overrides": list(overrides),
        "outcome": str(run.outcome), "status": sol.status,
        "objective_meur": sol.objective, "bound_meur": sol.bound, "gap": sol.gap,
        "size": dict(sol.size), "timings_s": dict(run.timings_s),
        "end_to_end_s": e2e, "import_s": t_import,
    }
    ds = run.dataset
    for name in keep:
        var, _, select = name.partition("@")  # "capacity_mw@technology=wind": one item
        if ds is None or var not in ds:
            out[name] = None
            continue
        da = ds[var]
        if select:
            dim, _, item = select.partition("=")
            da = da.sel({dim: item})
        other = [d for d in da.dims if d != "year"]
        if other:
            da = da.sum(other)
        out[name] = {int(y): float(v) for y, v in zip(da["year"].values, da.values,
                                                      strict=True)}
    return out


def scenario_path(name: str) -> str:
    """``reference`` -> absolute path of ``scenarios/reference.yaml`` (paths pass through)."""
    p = Path(name)
    if p.suffix in (".yaml", ".yml") and p.exists():
        return str(p.resolve())
    return str(SCENARIOS / f"{name}.yaml")
