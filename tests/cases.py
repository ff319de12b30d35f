"""Small runnable cases on the tiny data set (tests/tiny.py) for the CLI and fault tests.

``wind_case``: one region, wind only (8 MW of land, 2 MW turbines at capacity factor 0.5),
a flat 1 MW plant, 2025-2031, one representative day. Optimal: build 4 turbines in 2025.
Variants are made with scenario sections (``--set`` style keyword arguments) and table
edits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
from tiny import hourly_profiles, wind_tables, write_dataset, write_scenario

Edit = Callable[[dict[str, pd.DataFrame]], None]


def wind_case(root: Path, edit: Edit | None = None, lumpy: bool = True, **sections) -> Path:
    """Write the data set and ``tiny.yaml`` under ``root``; return the scenario path."""
    tables = wind_tables(lumpy=lumpy)
    if edit is not None:
        edit(tables)
    dataset = write_dataset(root / "data", tables, hourly_profiles())
    sections = {"years": {"start": 2025, "end": 2031}, "output": {"brief": False}, **sections}
    return write_scenario(root, dataset, **sections)


def published(out: Path, scenario: str = "tiny") -> list[Path]:
    """Published run folders ``out/scenario/<run-id>/`` (not logs, not temporary ones)."""
    folder = Path(out) / scenario
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_dir() and p.name != "logs" and not p.name.startswith("."))


def wind_capture_half(tables: dict[str, pd.DataFrame]) -> None:
    """Edit: wind exports earn half the wholesale price (capture rate 0.5).

    With a capture rate of 1 and no mark-up, importing and exporting cost the same, so the
    gross flows, and with them the emissions of imports, are not unique; at 0.5 they are.
    """
    rates = tables["capture_rates"]
    rates.loc[rates["technology"] == "wind", "capture_rate"] = 0.5
