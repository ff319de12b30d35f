"""CSV text before it becomes a table: damage, separators, blank lines and capped reporting.

:func:`check_text` refuses text a spreadsheet or a transfer has damaged (control characters
such as a NUL byte, which a C parser takes as the end of a cell and so cuts ``410`` to
``4``) and a file saved with another separator (``;`` from a German spreadsheet), naming
it. :func:`records` splits the text with the :mod:`csv` module and remembers the line each
record starts on, so a message's row number is the line an editor shows, blank lines and
quoted line breaks included. :func:`listed` spells out at most :data:`MAX_LISTED` problems
of one kind and counts the rest, so a file with 200,000 bad rows is reported at once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from pathlib import Path

#: At most this many problems of one kind (one column of one file) are spelled out; the rest
#: are counted in one line, so a file with 200,000 bad rows is reported at once (and the
#: count shows within the 20 problems an InputError prints).
MAX_LISTED = 10
SEPARATORS = {";": "semicolon ';'", "\t": "tab", "|": "vertical bar '|'"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def listed(problems: list[str], rows: Sequence[int], what: Callable[[int], str],
            summary: str) -> None:
    """Append ``what(row)`` for the first :data:`MAX_LISTED` rows, then one count line."""
    for i in rows[:MAX_LISTED]:
        problems.append(what(i))
    if len(rows) > MAX_LISTED:
        problems.append(f"{summary}: {len(rows) - MAX_LISTED:,} more rows like these "
                        f"({len(rows):,} in all); fix the first ones and re-run.")


def check_text(path: Path, text: str, problems: list[str]) -> bool:
    """Reject control characters (a NUL byte would cut a number short) and a foreign
    separator in the header (a ';'-separated file from a German spreadsheet)."""
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - text.rfind("\n", 0, bad.start())
        problems.append(
            f"{path}: row {line}: control character 0x{ord(bad.group()):02x} (e.g. a NUL "
            f"byte) at character {column} of the line; the file is damaged or not a text "
            "CSV: restore or re-save it.")
        return False
    header = text.split("\n", 1)[0]
    for sep, name in SEPARATORS.items():
        if header.count(sep) > header.count(","):
            problems.append(
                f"{path}: row 1: the fields are separated by {name}, not by commas; save the "
                "file as comma-separated CSV with '.' as the decimal point (e.g. 'CSV UTF-8 "
                "(comma delimited)').")
            return False
    return True


def records(path: Path, text: str, problems: list[str]
             ) -> tuple[list[str], list[list[str]], list[int], int] | None:
    """Header, data records, the file line each record starts on (blank lines skipped) and
    the number of records including bad ones.

    Records with too few or too many fields are reported and left out.
    """
    reader = csv.reader(io.StringIO(text), skipinitialspace=True)
    header: list[str] | None = None
    header_line = 1
    rows: list[list[str]] = []
    lines: list[int] = []
    short: dict[int, int] = {}
    long: dict[int, int] = {}
    try:
        line = 1
        for rec in reader:
            first, line = line, reader.line_num + 1
            if not rec or (len(rec) == 1 and not rec[0].strip()):
                continue  # a blank line
            if header is None:
                header, header_line = [c.strip() for c in rec], first
            elif len(rec) < len(header):
                short[first] = len(rec)
            elif len(rec) > len(header):
                long[first] = len(rec)
            else:
                rows.append(rec)
                lines.append(first)
    except csv.Error as err:
        problems.append(f"{path}: row {reader.line_num}: cannot be parsed as CSV ({err}); "
                        "check quoting and commas.")
        return None
    if header is None:
        return None
    n = len(header)
    listed(problems, list(short), lambda ln: (
        f"{path}: row {ln}: only {short[ln]} of {n} fields (no {', '.join(header[short[ln]:])}"
        "); the row is cut short: complete it or delete it."), f"{path}: rows cut short")
    listed(problems, list(long), lambda ln: (
        f"{path}: row {ln}: {long[ln]} fields but the header has {n}; remove the extra "
        "comma or put the value that contains it in double quotes."),
        f"{path}: rows with extra fields")
    named = [c for c in header if c]
    for col in sorted({c for c in named if named.count(c) > 1}):
        problems.append(f"{path}: row {header_line}: column '{col}' appears more than once in "
                        "the header; rename or delete the extra one.")
    if len(set(named)) < len(named) or long:
        return None
    return header, rows, lines, len(rows) + len(short)
