"""Figures of the analyses as standalone SVG files, drawn like the comparison brief's.

* Delay curve (``delay_curve.svg``): x = lever value (years for ``*_months`` levers), left
  axis change of NPV against the base in M EUR, right axis change of cumulative emissions in
  kt CO2; the base value is the dotted line. The slope of each line between two points is the
  marginal figure of ``delay.csv``.
* Waterfall (``attribution_waterfall.svg``): per case, one bar per lever group (its Shapley
  share, M EUR; red raises the NPV, green lowers it), then the total (blue).
* Tornado (``tornado.svg``): per input, bars to the low (green) and high (red) value's change
  of NPV (M EUR), widest on top.

The drawing is :mod:`model.outputs.analysis_brief` (English here; the brief draws them in its
own language). The CSV next to each figure holds every plotted number.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from model.atomic import write_atomic
from model.outputs import analysis_brief

if TYPE_CHECKING:
    import pandas as pd

    from model.analysis.delay import DelayCurve


def delay_figure(curve: DelayCurve, folder: Path) -> Path:
    """Write ``delay_curve.svg`` (see the module docstring)."""
    return write_atomic(folder / "delay_curve.svg",
                        analysis_brief.delay_svg(curve.table, "en", "delay_curve"))


def waterfall_figure(table: pd.DataFrame, folder: Path) -> Path:
    """Write ``attribution_waterfall.svg`` from attribution.csv rows (one panel per case)."""
    return write_atomic(folder / "attribution_waterfall.svg",
                        analysis_brief.waterfall_svg(table, "en", "attribution_waterfall"))


def tornado_figure(table: pd.DataFrame, folder: Path) -> Path:
    """Write ``tornado.svg`` from sensitivity.csv (Δ NPV at low and high, M EUR)."""
    return write_atomic(folder / "tornado.svg",
                        analysis_brief.tornado_svg(table, "en", "tornado"))
