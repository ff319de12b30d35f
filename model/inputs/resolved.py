r"""Resolved inputs: every permitting parameter in force, with the place it comes from.

Which permitting value applies to a technology :math:`k` in a region :math:`r` is decided
here, once, and everything else reads the result (the data layer, the checks, ``explain``
and ``diagnose``; ``compare`` reads the copy stored with the run as
``resolved_inputs.csv``). The rule, for each parameter :math:`p`:

.. math::
    v_{k,r,p} = \begin{cases}
      o^{reg}_{k,r,p} & \text{if the scenario sets } \texttt{permitting.}k
                        \texttt{.regions.}r\texttt{.}p \\
      o_{k,p} & \text{else if the scenario sets } \texttt{permitting.}k\texttt{.}p \\
      \mathrm{csv}_{c,k,r,p} & \text{else if permitting.csv has a row (case } c, k, r) \\
      \mathrm{csv}_{c,k,*,p} & \text{otherwise (the } \texttt{'*'} \text{ row)}
    \end{cases}

with :math:`c` the scenario's ``permitting.case``. Rows with case ``'*'`` apply to every
case that has no row of its own for the technology (:func:`case_rows`): values that are the
same in every case (batteries, plant equipment) are written once, and a case overrides
them by listing the technology itself. Scenario overrides apply only to the
scenario's regions; other regions of the data set (read by the checks of ``pipeline.csv``)
take the CSV value. The derived ``lead_months`` = pre-application + approval + realisation
months.

Legend: technology :math:`k`, region :math:`r`, parameter :math:`p`, case :math:`c`,
override :math:`o` (scenario YAML), :math:`v` the value in force.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from model.inputs.config import Scenario
from model.inputs.tables import RawTables

#: Permitting parameters a scenario may override (``permitting.<tech>.<name>``).
OVERRIDABLE = ("pre_application_months", "approval_months", "realisation_months",
               "attrition_share", "approval_cap_mw_per_yr")
#: Every parameter read from permitting.csv, in the order of the file.
PARAMETERS = (*OVERRIDABLE, "development_cost_share")
STAGES = ("pre_application_months", "approval_months", "realisation_months")
UNITS = {"pre_application_months": "months", "approval_months": "months",
         "realisation_months": "months", "attrition_share": "1",
         "approval_cap_mw_per_yr": "MW/yr", "development_cost_share": "1",
         "lead_months": "months"}
#: Columns of the tidy table (and of ``resolved_inputs.csv``).
COLUMNS = ("table", "technology", "region", "parameter", "value", "unit", "case",
           "source_file", "source_row", "data_region", "scenario_key")
FILE_NAME = "resolved_inputs.csv"
#: The ``case`` of permitting.csv rows that apply to every case (see :func:`case_rows`).
ANY_CASE = "*"


def case_rows(perm: pd.DataFrame, case: str) -> pd.DataFrame:
    """The permitting.csv rows in force for ``case``, index (file row order) kept.

    The case's own rows, plus the every-case rows (case ``'*'``) of each technology the
    case has no row for: a case overrides a technology's every-case rows by listing it.
    """
    own = perm[perm["case"] == case]
    shared = perm[(perm["case"] == ANY_CASE) & ~perm["technology"].isin(set(own["technology"]))]
    return pd.concat([own, shared]).sort_index()


@dataclass(frozen=True)
class ResolvedInputs:
    """The tidy table of resolved values: one row per (technology, region, parameter).

    Attributes
    ----------
    table : DataFrame
        Columns :data:`COLUMNS`. ``source_row`` is the spreadsheet row in ``source_file``
        (header = row 1); ``data_region`` the region of that row (the region or ``'*'``);
        ``scenario_key`` the YAML key that overrode the value ("" when none); ``case`` the
        case of that row (the scenario's, or ``'*'`` for a row of every case).
    """

    table: pd.DataFrame

    def permitting(self, regions: Iterable[str]) -> pd.DataFrame:
        """Wide frame indexed (technology, region) for ``regions``: parameters + lead_months."""
        t = self.table[(self.table["table"] == "permitting")
                       & self.table["region"].isin(list(regions))]
        wide = t.pivot(index=["technology", "region"], columns="parameter", values="value")
        cols = [*PARAMETERS, "lead_months"]
        if wide.empty:
            index = pd.MultiIndex.from_tuples([], names=["technology", "region"])
            return pd.DataFrame(columns=cols, index=index, dtype=float)
        return wide[cols].astype(float).sort_index()

    def _row(self, tech: str, region: str, parameter: str) -> pd.Series | None:
        t = self.table
        hit = t[(t["technology"] == tech) & (t["region"] == region)
                & (t["parameter"] == parameter)]
        return None if hit.empty else hit.iloc[0]

    def value(self, tech: str, region: str, parameter: str) -> float | None:
        """The value in force (None: no row; NaN: set but empty, e.g. no approval cap)."""
        row = self._row(tech, region, parameter)
        return None if row is None else float(row["value"])

    def source_row(self, tech: str, region: str) -> int | None:
        """Spreadsheet row of permitting.csv in force for (tech, region) (None: no row)."""
        row = self._row(tech, region, "approval_months")
        return None if row is None else int(row["source_row"])

    def row_text(self, tech: str, region: str) -> str:
        """``permitting.csv row 4 (case 'slow', wind, '*')``: the data row in force."""
        row = self._row(tech, region, "approval_months")
        if row is None:
            case = next((c for c in self.table["case"] if c != ANY_CASE), "?")
            return f"permitting.csv (no row for case '{case}', {tech}, {region})"
        return (f"{row['source_file']} row {int(row['source_row'])} (case '{row['case']}', "
                f"{tech}, '{row['data_region']}')")

    def scenario_key(self, tech: str, region: str, parameter: str) -> str | None:
        """The scenario key that overrides ``parameter`` for (tech, region), if any."""
        row = self._row(tech, region, parameter)
        return row["scenario_key"] if row is not None and row["scenario_key"] else None

    def source(self, tech: str, region: str, parameter: str) -> str:
        """Where a value comes from: the scenario key, or the CSV row and column."""
        key = self.scenario_key(tech, region, parameter)
        if key:
            return key
        return f"{self.row_text(tech, region)}, column '{parameter}'"

    def to_csv(self) -> str:
        """The table as CSV text (``resolved_inputs.csv`` of a run folder)."""
        return self.table.to_csv(index=False)

    @classmethod
    def read_csv(cls, path: Path) -> ResolvedInputs:
        """Read a ``resolved_inputs.csv`` written with a run."""
        df = pd.read_csv(path, keep_default_na=False, na_values=[""])
        missing = [c for c in COLUMNS if c not in df.columns]
        if missing:
            raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
        df["scenario_key"] = df["scenario_key"].fillna("").astype(str)
        return cls(df[list(COLUMNS)])


def _overrides(scenario: Scenario, tech: str, region: str) -> dict[str, tuple[float, str]]:
    """Scenario overrides for (tech, region): parameter -> (value, scenario key)."""
    override = getattr(scenario.permitting, tech, None)
    out: dict[str, tuple[float, str]] = {}
    if override is None or region not in scenario.regions:
        return out
    regional = override.regions.get(region)
    for name in OVERRIDABLE:
        if regional is not None and getattr(regional, name, None) is not None:
            out[name] = (float(getattr(regional, name)),
                         f"permitting.{tech}.regions.{region}.{name}")
        elif getattr(override, name, None) is not None:
            out[name] = (float(getattr(override, name)), f"permitting.{tech}.{name}")
    return out


def resolve(raw: RawTables, scenario: Scenario,
            regions: Iterable[str] | None = None) -> ResolvedInputs:
    """Resolve the permitting parameters of every technology and region (see module doc).

    Parameters
    ----------
    raw : RawTables
        The data set as read (``permitting.csv`` with its row order intact).
    scenario : Scenario
        Gives the case and the overrides.
    regions : iterable of str, optional
        Regions to resolve; default every region of ``regions.csv`` and of the scenario.
        A (technology, region) with neither its own row nor a ``'*'`` row is left out
        (:func:`model.inputs.checks.check_permitting` reports it).
    """
    if regions is None:
        regions = list(dict.fromkeys([*raw["regions"]["region"], *scenario.regions]))
    case = scenario.permitting.case
    rows = case_rows(raw["permitting"], case)
    records = []
    for tech in sorted(rows["technology"].unique()):
        by_region = {str(r): i for i, r in rows.loc[rows["technology"] == tech, "region"].items()}
        for region in regions:
            data_region = region if region in by_region else "*"
            if data_region not in by_region:
                continue
            i = by_region[data_region]
            row_case = str(rows.at[i, "case"])  # the scenario's case, or '*' (every case)
            over = _overrides(scenario, tech, region)
            values = {}
            for name in PARAMETERS:
                value, key = over.get(name, (float(rows.at[i, name]), ""))
                values[name] = value
                records.append(("permitting", tech, region, name, value, UNITS[name], row_case,
                                "permitting.csv", int(i) + 2, data_region, key))
            keys = "; ".join(k for n in STAGES if (k := over.get(n, (0, ""))[1]))
            records.append(("permitting", tech, region, "lead_months",
                            sum(values[s] for s in STAGES), "months", row_case, "permitting.csv",
                            int(i) + 2, data_region, keys))
    return ResolvedInputs(pd.DataFrame.from_records(records, columns=list(COLUMNS)))
