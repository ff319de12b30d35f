"""The Python API for analysts: load a run and get its pathways as pandas objects.

Example (the README runs the same lines in a test)::

    from model.outputs.api import load
    run = load("results/reference")                 # latest complete run of the scenario
    wind = run.pathway("capacity", item="wind")     # MW in operation by year, all regions
    ax = wind.plot(title=f"Wind in operation ({wind.attrs['unit']})")
    ax.figure.savefig("wind.png")

:class:`RunData` gives ``ds`` (results.nc as an xarray Dataset), ``manifest`` (:class:`Manifest`),
``pathways`` (the tidy ``pathways.csv``, columns in :mod:`model.outputs.pathways`) and
``iamc`` (``pathways_iamc.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import xarray as xr

from model.errors import InputError
from model.outputs.manifest import Manifest
from model.outputs.runs import load_run


@dataclass
class RunData:
    """One published run in memory (see the module docstring)."""

    path: Path
    manifest: Manifest
    ds: xr.Dataset

    @property
    def pathways(self) -> pd.DataFrame:
        """The tidy ``pathways.csv`` (empty strings for empty ``item``/``plant``/``stage``)."""
        return pd.read_csv(self.path / "pathways.csv", keep_default_na=False,
                           na_values={"value": [""]})

    @property
    def iamc(self) -> pd.DataFrame:
        """The IAMC table ``pathways_iamc.csv`` (one column per year)."""
        return pd.read_csv(self.path / "pathways_iamc.csv")

    def pathway(self, variable: str, item: str | None = None, region: str | None = None,
                plant: str | None = None, stage: str | None = None) -> pd.Series:
        """Yearly values of one ``variable``, summed over what is not selected.

        Returns
        -------
        pandas.Series
            Indexed by year, named after the selection, ``attrs["unit"]`` set.

        Raises
        ------
        InputError
            If nothing matches, or the matching rows have more than one unit.
        """
        df = self.pathways
        sel = df["variable"] == variable
        for column, value in (("item", item), ("region", region), ("plant", plant),
                              ("stage", stage)):
            if value is not None:
                sel &= df[column].astype(str) == value
        rows = df[sel]
        if rows.empty:
            known = sorted(df["variable"].unique())
            raise InputError(f"{self.path / 'pathways.csv'}: no rows for variable "
                             f"'{variable}' with item={item}, region={region}, plant={plant}, "
                             f"stage={stage}; variables: {', '.join(known)}")
        units = rows["unit"].unique()
        if len(units) > 1:
            raise InputError(f"variable '{variable}' mixes units {list(units)} over the "
                             "selected items: select one item")
        name = " ".join(str(v) for v in (variable, item, region, plant, stage) if v)
        out = rows.groupby("year")["value"].sum().rename(name)
        out.attrs["unit"] = str(units[0])
        return out


def load(path: str | Path) -> RunData:
    """Load a run folder, or the latest complete run in a ``results/<scenario>/`` folder."""
    run = load_run(Path(path))
    return RunData(path=run.path, manifest=run.manifest, ds=run.ds)
