r"""Reuse of hourly-validated years between runs: a content-addressed cache.

The members of a delay curve or an attribution differ only in permitting data, and in the
years before the first affected project operates their plans agree; each member would still
solve the same 8,760-hour LP of those years again (:mod:`model.solve.hourly`). This module
stores each validated year's booked figures under a key of everything that LP and those
figures depend on, and hands them back when another run meets the same key.

The key of validated year :math:`y` is

.. math::
    k_y = \mathrm{SHA256}\big(v,\; y,\; \sigma,\; \tau,\; \pi_y\big)

* :math:`v` the key version :data:`KEY_VERSION`;
* :math:`\sigma` the *setting*: the resolved scenario without :data:`UNKEYED` sections, the
  SHA-256 of every input file, the SHA-256 of the model code (``model.outputs.identity.
  code_sha256``, passed in), the HiGHS version and the LP options of the validation;
* :math:`\tau` the full year's time series as the validation uses them (values, step
  durations and day weights of ``full_year_time``);
* :math:`\pi_y` the *probe*: the validation model of :math:`y` built by the same function
  (:func:`model.solve.hourly.year_model`: the plan fixed, plan rows deactivated, the year's
  objective) on one synthetic day of 24 steps whose profile values are pseudo-random in
  :math:`[0.5, 1.5)` (:func:`probe_time`), and fingerprinted by :func:`model_digest`: every
  active row (name, bounds, linear form with the fixed variables folded into the constant),
  the objective, the booked figures (each cost category and emission source of :math:`y`,
  the load shed and the cap slack), the bounds and domain of every free variable in them,
  and the value of every fixed plan variable that appears in them (other than 0).

Why the permitting section may be left out of :math:`\sigma`: permitting data are scalars per
technology and region (lead-time stages, attrition, approval caps) read only when the plan
side of the model is built: the permitting block (approval and land rows, whose variables
are all plan decisions, so they are deactivated once the plan is fixed; the capacity in
operation, a fixed plan variable; annuities and development costs, constants of the cost
expressions) and the plant options' lead times (equally plan rows and cost constants). None
of these terms is indexed by a time step, so each appears in the probe with the value it
has in the full-year model and a change of any of them changes :math:`\pi_y`; the plan
decisions that enter the year appear in :math:`\pi_y` by value. Every other datum enters
:math:`\sigma` directly. A profile value that is zero on all probe steps would hide a
coefficient multiplying it; the probe's profile values are therefore never zero. Left
out of the key as well: the scenario's name and description, ``output`` (which years are
validated, which files are written), ``solver`` (its effect on the validation is the LP
options, which are keyed) and ``checks`` (lets data through, changes no value).

A year is stored only when it solved to optimality. An entry is a JSON file
``<folder>/<k[:2]>/<k>.json`` written atomically; an unreadable entry is a miss.

Legend: :math:`y` validated year, :math:`k_y` its key; SHA-256 over canonical JSON (sorted
keys) or, for the probe, over one text line per row, figure and variable.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import highspy
import numpy as np
import pandas as pd
import pyomo.environ as pyo
from pyomo.core.expr.visitor import identify_variables
from pyomo.repn import generate_standard_repn

from model.atomic import write_atomic
from model.inputs import config
from model.inputs.data import ModelData
from model.inputs.timeseries import RepresentativeTime

log = logging.getLogger(__name__)

KEY_VERSION = 1
#: The cache folder inside a results root (dot folder: never taken for a scenario's runs).
CACHE_DIR = Path(".cache") / "hourly"
#: Scenario sections (dotted keys) that are not part of the setting :math:`\sigma`; see the
#: module docstring for why each is safe.
UNKEYED = ("name", "data", "description", "output", "solver", "checks", "permitting")
PROBE_STEPS = 24
_PROBE_SEED = 20261202


def probe_time(columns: list[str]) -> RepresentativeTime:
    """One day of :data:`PROBE_STEPS` hourly steps standing for 365 days; profile values
    drawn from a fixed seed in :math:`[0.5, 1.5)` (never zero, distinct per column and step).
    """
    index = pd.MultiIndex.from_product([[0], range(PROBE_STEPS)], names=["day", "step"])
    rng = np.random.default_rng(_PROBE_SEED)
    values = pd.DataFrame(rng.uniform(0.5, 1.5, (PROBE_STEPS, len(columns))), index=index,
                          columns=columns)
    return RepresentativeTime(values=values, duration_h=pd.Series(1.0, index=index),
                              weights=pd.Series({0: 365.0}),
                              assignment=pd.Series(0, index=range(365)))


def _drop(resolved: Mapping[str, object], dotted: str) -> dict:
    out = dict(resolved)
    head, _, rest = dotted.partition(".")
    if not rest:
        out.pop(head, None)
    elif isinstance(out.get(head), Mapping):
        out[head] = _drop(out[head], rest)  # type: ignore[arg-type]
    return out


def _sha(doc: object) -> str:
    text = json.dumps(doc, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def setting_digest(data: ModelData, options: Mapping[str, object], code_sha256: str) -> str:
    r""":math:`\sigma`: the scenario without :data:`UNKEYED`, input files, code, HiGHS, options."""
    core: dict = config.resolved_dict(data.scenario)
    for key in UNKEYED:
        core = _drop(core, key)
    return _sha({"scenario": core, "input_sha256": dict(sorted(data.sha256.items())),
                 "code_sha256": code_sha256, "highs": highspy.Highs().version(),
                 "options": {k: options[k] for k in sorted(options)}})


def time_digest(time_full: RepresentativeTime) -> str:
    r""":math:`\tau`: SHA-256 of the full year's profile values, step durations, day weights."""
    h = hashlib.sha256()
    h.update(json.dumps([str(c) for c in time_full.values.columns]).encode())
    for frame in (time_full.values, time_full.duration_h, time_full.weights):
        h.update(np.ascontiguousarray(frame.to_numpy(dtype=float)).tobytes())
    return h.hexdigest()


def probe_lines(m: pyo.ConcreteModel, year: int) -> list[str]:
    """The text :func:`model_digest` hashes, one line per row, figure and variable."""
    out: list[str] = []
    free: dict[str, str] = {}
    fixed: dict[str, str] = {}

    def line(*parts: object) -> None:
        out.append("|".join(map(str, parts)))

    def linear(expr: object) -> str:
        for v in identify_variables(expr, include_fixed=True):
            if v.fixed:
                if v.value:  # a decision fixed at 0 adds 0 to every row and figure
                    fixed[v.name] = repr(v.value)
            else:
                free[v.name] = f"{v.lb!r}|{v.ub!r}|{int(v.is_continuous())}"
        repn = generate_standard_repn(expr, compute_values=True, quadratic=False)
        if not repn.is_linear():
            return f"nonlinear:{expr}"
        terms = sorted((v.name, float(c)) for v, c in zip(repn.linear_vars,
                                                          repn.linear_coefs, strict=True))
        return f"{float(pyo.value(repn.constant))!r};" + ";".join(f"{n}*{c!r}"
                                                                  for n, c in terms)

    def bound(b: object) -> str:
        return "None" if b is None else repr(float(pyo.value(b)))

    for con in m.component_data_objects(pyo.Constraint, active=True, descend_into=True):
        line("row", con.name, bound(con.lower), bound(con.upper), linear(con.body))
    for obj in m.component_data_objects(pyo.Objective, active=True, descend_into=True):
        line("objective", obj.name, int(obj.sense), linear(obj.expr))
    for c in m.costs.category:
        line("cost", c, linear(m.costs.cost_eur[c, year]))
    em = m.emissions
    for s in em.source:
        line("emissions", s, linear(em.emissions_t[s, year]))
    line("shed", linear(sum(m.grid.shed_mw.values())))
    if year in em.cap_year:
        line("cap_slack", linear(em.cap_slack_t[year]))
    out += [f"var|{name}|{free[name]}" for name in sorted(free)]
    out += [f"fixed|{name}|{fixed[name]}" for name in sorted(fixed)]
    return out


def model_digest(m: pyo.ConcreteModel, year: int) -> str:
    r""":math:`\pi_y`: fingerprint of a validation model built by ``hourly.year_model``.

    SHA-256 of :func:`probe_lines`: one line per active row, per objective and per booked
    figure of ``year`` (its linear form: the constant, with fixed variables folded in, and
    the coefficient of every free variable by name), then one per free variable met (bounds,
    integrality) and one per fixed variable met with a value other than 0 (its value; one
    fixed at 0 adds nothing to any row or figure, whatever its coefficient, and members whose
    lead times differ have different sets of start decisions, all 0 in the years before they
    operate). Floats are written with ``repr`` (exact).
    """
    h = hashlib.sha256()
    for text in probe_lines(m, year):
        h.update(text.encode("utf-8") + b"\n")
    return h.hexdigest()


def year_key(year: int, setting: str, time_sha: str, probe: str) -> str:
    r""":math:`k_y` from its parts (:func:`setting_digest`, :func:`time_digest`,
    :func:`model_digest`)."""
    return _sha({"version": KEY_VERSION, "year": int(year), "setting": setting,
                 "time": time_sha, "probe": probe})


@dataclass(frozen=True)
class YearCache:
    """Where validated years are kept, and which run stores them.

    Attributes
    ----------
    folder : Path
        The cache folder (the runner uses ``<results root>/.cache/hourly``).
    run : str
        Label of the run that stores entries now (``<scenario>/<run id>``), written into
        each entry so a run that reuses it can name its source.
    code_sha256 : str
        SHA-256 of the model code, part of every key.
    """

    folder: Path
    run: str
    code_sha256: str

    def path(self, key: str) -> Path:
        """The entry file of ``key``."""
        return Path(self.folder) / key[:2] / f"{key}.json"

    def load(self, key: str, year: int) -> dict | None:
        """The stored row of ``key`` with ``reused_from`` (run, key), or None on a miss."""
        path = self.path(key)
        if not path.is_file():
            return None
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
            if doc["key"] != key or doc["year"] != year or doc["version"] != KEY_VERSION:
                raise ValueError("entry does not match its key")
            row = dict(doc["row"])
        except (OSError, ValueError, KeyError, TypeError) as err:
            log.warning("hourly validation %d: cache entry %s unusable (%s); solving", year,
                        path, err)
            return None
        row["reused_from"] = {"run": doc["run"], "key": key}
        return row

    def store(self, key: str, year: int, row: Mapping[str, object]) -> None:
        """Keep ``row`` (a year that solved to optimality) under ``key``."""
        doc = {"version": KEY_VERSION, "key": key, "year": int(year), "run": self.run,
               "row": {k: v for k, v in row.items() if k != "reused_from"}}
        try:
            write_atomic(self.path(key), json.dumps(doc, sort_keys=True) + "\n")
        except OSError as err:  # a cache that cannot be written costs time, not results
            log.warning("hourly validation %d: not cached (%s)", year, err)


def lookup(cache: YearCache, build: Callable[[int, RepresentativeTime], pyo.ConcreteModel],
           data: ModelData, years: list[int], time_full: RepresentativeTime,
           options: Mapping[str, object]) -> tuple[dict[int, str], dict[int, dict]]:
    """The key of every year and the rows found under them.

    ``build(year, time)`` is the validation model of ``year`` on ``time``
    (``hourly.year_model`` with the plan bound); it is built here on :func:`probe_time`.
    """
    setting = setting_digest(data, options, cache.code_sha256)
    time_sha = time_digest(time_full)
    probe = probe_time(list(time_full.values.columns))
    keys, rows = {}, {}
    for y in years:
        t0 = time.perf_counter()
        keys[y] = year_key(y, setting, time_sha, model_digest(build(y, probe), y))
        row = cache.load(keys[y], y)
        log.info("hourly validation %d: key %s (%.1f s), %s", y, keys[y][:12],
                 time.perf_counter() - t0,
                 f"reused from {row['reused_from']['run']}" if row else "not cached")
        if row is not None:
            rows[y] = row
    return keys, rows
