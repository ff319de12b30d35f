"""Exception types shared by every layer, and the exit codes they map to.

The CLI turns each exception into one exit code (see ``model.solve.Outcome`` for the solver
outcomes); nothing else in the package knows about exit codes.
"""

from __future__ import annotations

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

    def _format(self) -> str:
        if len(self.problems) == 1:
            return self.problems[0]
        lines = [f"{len(self.problems)} problems in the input:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


class ModelBuildError(HarzError):
    """The model could not be built from valid-looking input (a bug or an unforeseen case)."""
