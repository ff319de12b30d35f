"""Exception types shared by every layer, and the exit codes they map to.

The CLI turns each exception and each solver :class:`Outcome` into one exit code
(:data:`EXIT_CODES`, :data:`EXIT_BAD_INPUT`); nothing else in the package knows about exit
codes.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable


class HarzError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(HarzError):
    """Bad input: a scenario file, an override or a data file is wrong.

    Carries every problem found, so the user fixes them all in one round. Each problem is one
    line naming the file, the field or row, what is wrong and how to fix it.
    """

    def __init__(self, problems: Iterable[str] | str) -> None:
        if isinstance(problems, str):
            problems = [problems]
        self.problems: list[str] = list(problems)
        super().__init__(self._format())

    #: Problems spelled out in the message; the rest are counted (all stay in ``problems``).
    MAX_SHOWN = 20

    def _format(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0]
        lines = [f"{len(self.problems)} problems in the input:"]
        lines += [f"  - {p}" for p in self.problems[: self.MAX_SHOWN]]
        if len(self.problems) > self.MAX_SHOWN:
            lines.append(f"  ... and {len(self.problems) - self.MAX_SHOWN} more; fix these "
                         "first and run again.")
        return "\n".join(lines)


class FileSystemError(HarzError):
    """A file or folder could not be read, created or written (exit :data:`EXIT_FILE_SYSTEM`).

    Not bad input, not a bug: a read-only or full disk, a file where a folder should be, a
    stray entry in the way. The message names the path and the operating system's reason.
    """

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    def __reduce__(self) -> tuple:  # picklable across worker processes
        return type(self), (self.path, self.reason)

    @classmethod
    def from_os_error(cls, err: OSError, doing: str = "") -> FileSystemError:
        """Wrap an :class:`OSError`, naming its path (or paths) and reason."""
        path = err.filename if err.filename is not None else "(path unknown)"
        if err.filename2 is not None:
            path = f"{path} -> {err.filename2}"
        reason = err.strerror or str(err) or type(err).__name__
        return cls(path, f"{doing + ': ' if doing else ''}{reason}")


class ModelBuildError(HarzError):
    """The model could not be built from valid-looking input (a bug or an unforeseen case)."""


class Outcome(enum.StrEnum):
    """What a solve ended with. Only OPTIMAL and FEASIBLE_LIMIT publish results."""

    OPTIMAL = "optimal"
    FEASIBLE_LIMIT = "feasible_at_limit"
    INFEASIBLE = "infeasible"
    UNBOUNDED = "unbounded"
    INF_OR_UNBD = "infeasible_or_unbounded"
    NO_SOLUTION_LIMIT = "no_solution_at_limit"
    INTERRUPTED = "interrupted"
    ERROR = "error"

    @property
    def publishes(self) -> bool:
        return self in (Outcome.OPTIMAL, Outcome.FEASIBLE_LIMIT)


#: Exit code of the command line for each outcome; 2 is bad input (model.errors.InputError).
EXIT_CODES: dict[Outcome, int] = {
    Outcome.OPTIMAL: 0,
    Outcome.ERROR: 1,
    Outcome.FEASIBLE_LIMIT: 3,
    Outcome.INFEASIBLE: 4,
    Outcome.UNBOUNDED: 5,
    Outcome.INF_OR_UNBD: 6,
    Outcome.NO_SOLUTION_LIMIT: 7,
    Outcome.INTERRUPTED: 130,
}
EXIT_BAD_INPUT = 2
#: Exit code of a file-system fault (model.errors.FileSystemError, or an OSError reaching the
#: command line): read-only or full disk, a file where a folder belongs, an entry in the way.
EXIT_FILE_SYSTEM = 8
