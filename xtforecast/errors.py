"""Exceptions, and the one record type every validation error is reported with.

Validation never stops at the first problem: loaders collect every :class:`Issue` in one
pass and raise a single :class:`DataError` that lists them all, so a user fixes a file in
one round trip instead of one error at a time. Every such error (data, scenario files, report
parameters) is an :class:`IssuesError`, whose first line counts the problems
(:func:`problem_count`). The value rules themselves are in :mod:`xtforecast.checks`.
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


def problem_count(n: int, noun: str = "problem") -> str:
    """``"1 problem"``, ``"3 problems"``: the count every summary of issues starts with.

    Examples
    --------
    >>> problem_count(1), problem_count(0), problem_count(2, "scenario problem")
    ('1 problem', '0 problems', '2 scenario problems')
    """
    return f"{n} {noun}{'' if n == 1 else 's'}"


class IssuesError(XtForecastError, ValueError):
    """One or more broken rules, all listed: the one shape of every "N problems found" error.

    Parameters
    ----------
    issues : list of Issue
    where : str
        Follows the count in the first line (``"found"``, ``"in report parameters"``).

    Attributes
    ----------
    issues : list of Issue
    """

    #: The counted noun of the first line.
    noun = "problem"

    def __init__(self, issues: list, where: str = "found"):
        self.issues = list(issues)
        super().__init__(f"{problem_count(len(self.issues), self.noun)} {where}:\n"
                         + "\n".join(f"  {self.render(i)}" for i in self.issues))

    @staticmethod
    def render(issue) -> str:
        """One line of the listing."""
        return str(issue)

    def __reduce__(self):
        # Across a process boundary (process engines, report workers) the default pickling calls
        # cls(message), which lists the message's characters as 32 "problems": rebuild as it was.
        return (_rebuilt, (type(self), self.args, self.__dict__))


def _rebuilt(cls: type, args: tuple, state: dict) -> IssuesError:
    err = cls.__new__(cls)
    Exception.__init__(err, *args)
    err.__dict__.update(state)
    return err


class DataError(IssuesError):
    """A data, catalog or target file breaks one or more rules; ``issues`` lists them all."""

    def __init__(self, issues: list[Issue]):
        super().__init__(issues)


class ScenarioError(XtForecastError, ValueError):
    """A scenario file is invalid or contradicts itself."""
