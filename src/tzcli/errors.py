"""The core's own exceptions; ``tzcli.cli`` turns them into Click errors.

Each carries where the problem is (file, line, column, key path), the way
tomllib's ``TOMLDecodeError`` carries its position.
"""

from __future__ import annotations

from collections.abc import Sequence


class TzcliError(Exception):
    """Base class of every error the core raises on purpose."""


class Problem:
    """One thing wrong with a data file."""

    __slots__ = ("file", "path", "message", "line", "column")

    def __init__(
        self,
        file: str,
        path: str,
        message: str,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.file = file
        self.path = path
        self.message = message
        self.line = line
        self.column = column

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        if self.path:
            return f"{where}: {self.path}: {self.message}"
        return f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({str(self)!r})"


class DataError(TzcliError):
    """A data file is missing, unreadable or invalid; holds every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__(str(self.problems[0]) if self.problems else "invalid data")

    def summary(self) -> str:
        """One line: the first problem, and how many more there are."""
        text = str(self.problems[0])
        if len(self.problems) > 1:
            more = len(self.problems) - 1
            text += f" (and {more} more problem(s); to list them: {self.validate_hint()})"
        return text

    def validate_hint(self) -> str:
        """How to list every problem: ``tzcli validate`` of the file in question."""
        where = self.problems[0].file
        if not where or where.startswith("<"):  # <stdin>
            return "tzcli validate - with the same input"
        import shlex

        return f"tzcli validate {shlex.quote(where)}"


class AmountError(TzcliError, ValueError):
    """An amount or quantity typed by a user could not be read."""


class QueryError(TzcliError):
    """A query asks for something the data cannot answer (an unknown id, year, column …)."""


class AmbiguousId(QueryError):
    """An ``ID`` that several loaded sources have: name one as ``SOURCE:ID``."""

    def __init__(self, name: str, candidates: Sequence[str], *, ending: bool = False) -> None:
        self.name = name
        self.candidates = tuple(candidates)
        # ``ending``: a handle's form (``households_lifted``) that several ids end with
        said = "ends the ids of several records" if ending else "is an id of several sources"
        super().__init__(f"{name!r} {said}; name one of: {', '.join(self.candidates)}")


class OutputError(TzcliError):
    """A file could not be written, or would be overwritten without --force."""


class SourceTextError(TzcliError):
    """A source text (an interview to draft from) cannot be read as text."""
