"""A sweep of 8 small members through Snakemake: 1 vs 2 cores, overhead per job, second call.

Measures
    ``python run.py sweep`` (a subprocess, as a user calls it) on a sweep over
    ``scenarios/reference.yaml`` with the wind approval duration 0, 6, ..., 42 months on a
    reduced problem (2025-2030, 4 representative days x 6 segments, no brief; each member a
    few seconds), into fresh results folders:

    * ``cores 1`` and ``cores 2``: wall time of the whole command; ratio 2 / 1 (target
      <= 0.6);
    * ``second call``: the same command again on the ``cores 2`` folder (nothing to run),
      ratio to the first call (target < 5 %);
    * Snakemake's overhead per job, from the ``cores 1`` run, where jobs run one after the
      other. Each job's status records the Unix time its process started (interpreter
      included) and ended (``model.sweep.job``). With :math:`w_i` = end - start of job i,
      *gap per job* = (last end - first start - sum w_i) / (n - 1) is the time Snakemake
      needs between one job's end and the next one's start (target < 1 s); *front and
      Snakemake per job* = (command wall - sum w_i) / n adds the fixed costs (checking the
      sweep, starting Snakemake, building the DAG, writing sweep.csv and the comparison).
      *job start* = mean of w_i minus the member's own time (``elapsed_s``): the job
      process's interpreter start and imports. *front + Snakemake CPU per job* = (CPU
      seconds of the ``cores 1`` command and all its children - the jobs' own CPU
      seconds) / n: the same overhead in CPU time, which a busy machine barely inflates.

    Every call also reports its CPU seconds (the command and all its children): on a busy
    machine wall times stretch, CPU seconds much less, so the CPU ratio of the second call
    to the first shows the work saved even then.

Run
    python bench/bench_sweep.py [--members 8]      # ~3 min on 2 idle cores

Read
    JSON: ``bench/out/bench_sweep.json``. Results are in bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, fmt, load_check, print_table, write_json  # noqa: E402

REDUCED = {"years.end": [2030], "time.representative_days": [4], "time.segments": [6],
           "output.brief": [False]}


def _sweep_file(folder: Path, members: int) -> Path:
    doc = {"base": str(REPO / "scenarios" / "reference.yaml"),
           "name": "bench_w{permitting.wind.approval_months}m",
           "grid": {"permitting.wind.approval_months": [6 * i for i in range(members)],
                    **REDUCED}}
    path = folder / "bench_sweep.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def _children_cpu_s() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _call(sweep: Path, out: Path, cores: int) -> tuple[float, float]:
    """Wall and CPU seconds (the command and all its children: Snakemake, the jobs)."""
    cpu0 = _children_cpu_s()
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, str(REPO / "run.py"), "sweep", str(sweep),
                           "--cores", str(cores), "--out", str(out)], cwd=REPO,
                          capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"sweep failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    print(proc.stdout.rstrip(), flush=True)
    return wall, _children_cpu_s() - cpu0


def _statuses(out: Path, sweep: Path) -> list[dict]:
    folder = out / "sweeps" / sweep.stem / "members"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*/status.json"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=8)
    args = parser.parse_args()
    load_check()
    with tempfile.TemporaryDirectory(prefix="bench_sweep_") as tmp:
        tmp_path = Path(tmp)
        sweep = _sweep_file(tmp_path, args.members)
        wall1, cpu1 = _call(sweep, tmp_path / "c1", 1)
        wall2, cpu2 = _call(sweep, tmp_path / "c2", 2)
        again, cpu_again = _call(sweep, tmp_path / "c2", 2)
        st = _statuses(tmp_path / "c1", sweep)
    assert len(st) == args.members and all(s["outcome"] == "optimal" for s in st), st
    jobs = sorted(st, key=lambda s: s["process_started"])
    walls = [s["finished"] - s["process_started"] for s in jobs]
    span = jobs[-1]["finished"] - jobs[0]["process_started"]
    n = len(jobs)
    gap = (span - sum(walls)) / (n - 1)
    per_job = (wall1 - sum(walls)) / n
    start = sum(w - s["elapsed_s"] for w, s in zip(walls, jobs, strict=True)) / n
    cpu_per_job = (cpu1 - sum(s["cpu_s"] for s in jobs)) / n
    rows = [["cores 1", fmt(wall1), "1.000", fmt(cpu1), "1.000"],
            ["cores 2", fmt(wall2), fmt(wall2 / wall1, ".3f"), fmt(cpu2), fmt(cpu2 / cpu1, ".3f")],
            ["second call (cores 2)", fmt(again), fmt(again / wall2, ".3f") + " of cores 2",
             fmt(cpu_again), fmt(cpu_again / cpu2, ".3f") + " of cores 2"]]
    print_table(["mode", "wall s", "wall ratio", "CPU s", "CPU ratio"], rows)
    print_table(["per job (cores 1)", "s"], [
        ["member time (mean elapsed_s)", fmt(sum(s["elapsed_s"] for s in jobs) / n)],
        ["job process (mean w_i)", fmt(sum(walls) / n)],
        ["job start (interpreter + imports)", fmt(start)],
        ["Snakemake gap between jobs", fmt(gap)],
        ["front + Snakemake per job", fmt(per_job)],
        ["job process CPU (mean)", fmt(sum(s["cpu_s"] for s in jobs) / n)],
        ["front + Snakemake CPU per job", fmt(cpu_per_job)]])
    write_json("bench_sweep", {
        "members": n, "wall_cores1_s": wall1, "wall_cores2_s": wall2, "second_call_s": again,
        "ratio_cores2_cores1": wall2 / wall1, "ratio_second_first": again / wall2,
        "cpu_cores1_s": cpu1, "cpu_cores2_s": cpu2, "cpu_second_call_s": cpu_again,
        "snakemake_gap_per_job_s": gap, "front_and_snakemake_per_job_s": per_job,
        "job_start_s": start, "front_and_snakemake_cpu_per_job_s": cpu_per_job,
        "job_cpu_s": [s["cpu_s"] for s in jobs],
        "member_elapsed_s": [s["elapsed_s"] for s in jobs]})


if __name__ == "__main__":
    main()
