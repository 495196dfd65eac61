"""Exceptions, and the one record type every validation error is reported with.

Validation never stops at the first problem: loaders collect every :class:`Issue` in one
pass and raise a single :class:`DataError` that lists them all, so a user fixes a file in
one round trip instead of one error at a time.
"""

from __future__ import annotations

from dataclasses import dataclass


class XtForecastError(Exception):
    """Base class of every error the package raises on purpose."""


@dataclass(frozen=True)
class Issue:
    """One broken rule at one place in one file.

    Attributes
    ----------
    path : str
        The file, as the user named it.
    line : int or None
        1-based line number in the file (the CSV header is line 1).
    column : str
        The CSV column, or the dotted key path in a YAML file (``targets[3].indicator``).
    rule : str
        A short stable name of the rule (``unknown_indicator``, ``duplicate_key``, ...).
    message : str
        What was found and how to fix it.
    """

    path: str
    line: int | None
    column: str
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.column}: [{self.rule}] {self.message}"

    def as_dict(self) -> dict:
        return {"path": self.path, "line": self.line, "column": self.column,
                "rule": self.rule, "message": self.message}


class DataError(XtForecastError, ValueError):
    """A data, catalog or target file breaks one or more rules; ``issues`` lists them all."""

    def __init__(self, issues: list[Issue]):
        self.issues = list(issues)
        n = len(self.issues)
        head = f"{n} problem{'s' if n != 1 else ''} found"
        super().__init__(head + ":\n" + "\n".join(f"  {i}" for i in self.issues))


class ScenarioError(XtForecastError, ValueError):
    """A scenario file is invalid or contradicts itself."""


class InsufficientData(XtForecastError):
    """Too little data to answer honestly; the message says what is missing."""
