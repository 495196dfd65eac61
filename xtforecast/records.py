"""Validate lists of YAML mappings field by field, collecting every problem in one pass.

Indicators, regions, plans and targets are all "a list of mappings with known keys"; this
module holds the checks they share, so each loader only states its own rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from . import checks
from .errors import Issue
from .suggest import did_you_mean
from .yamlio import line_of


class RecordChecker:
    """Collects :class:`Issue` objects for one YAML file.

    Parameters
    ----------
    path : str
        The file being checked (as the user named it).
    lines : dict
        ``key path -> line`` from :func:`xtforecast.yamlio.load_yaml`.
    """

    def __init__(self, path: str, lines: dict[str, int]):
        self.path = path
        self.lines = lines
        self.issues: list[Issue] = []

    def add(self, keypath: str, rule: str, message: str) -> None:
        self.issues.append(Issue(self.path, line_of(self.lines, keypath), keypath, rule, message))

    def rule(self, keypath: str, rule: str, problem: str | None, subject: str | None = None) -> bool:
        """Record the ``problem`` of a :mod:`xtforecast.checks` rule, if any; True when kept.

        The message is ``f"{subject} {problem}"``; ``subject`` defaults to the last key of
        ``keypath`` (``targets[2].base_year`` -> ``base_year``).
        """
        if problem is None:
            return True
        name = subject if subject is not None else keypath.rsplit(".", 1)[-1]
        self.add(keypath, rule, f"{name} {problem}")
        return False

    def mapping(self, obj: object, keypath: str, what: str) -> bool:
        if isinstance(obj, Mapping):
            return True
        self.add(keypath, "not_a_mapping",
                 f"expected a mapping of {what} fields, got {type(obj).__name__}: {obj!r}")
        return False

    def list_of(self, obj: object, keypath: str, what: str) -> bool:
        if isinstance(obj, list):
            return True
        self.add(keypath, "not_a_list",
                 f"expected a list of {what}, got {type(obj).__name__}; write '{keypath.rsplit('.', 1)[-1]}:' "
                 f"followed by '- ' items")
        return False

    def keys(self, rec: Mapping, keypath: str, allowed: Sequence[str],
             required: Iterable[str] = ()) -> None:
        """Unknown keys (with a suggestion) and missing required keys."""
        for key in rec:
            if key not in allowed:
                self.add(f"{keypath}.{key}", "unknown_key",
                         f"unknown key '{key}'.{did_you_mean(key, allowed)} "
                         f"Valid keys: {', '.join(allowed)}")
        for key in required:
            if key not in rec or rec[key] is None or rec[key] == "":
                self.add(f"{keypath}.{key}" if key in rec else keypath, "missing_field",
                         f"required key '{key}' is missing or empty")

    def choice(self, rec: Mapping, keypath: str, key: str, choices: Sequence[str]) -> bool:
        """``rec[key]``, when given, is one of ``choices`` (rule ``bad_<key>``)."""
        if key not in rec or rec[key] is None:
            return True
        return self.rule(f"{keypath}.{key}", f"bad_{key}", checks.choice(rec[key], choices), key)

    def known(self, rec: Mapping, keypath: str, key: str, known: Iterable[str], what: str) -> bool:
        """An id that must exist in another registry (indicator, region)."""
        if key not in rec or rec[key] in (None, ""):
            return False
        if not isinstance(rec[key], str):
            self.text_id(rec, keypath, key)
            return False
        known = list(known)
        if rec[key] not in known:
            self.add(f"{keypath}.{key}", f"unknown_{what}",
                     f"unknown {what} '{rec[key]}'.{did_you_mean(rec[key], known)} "
                     f"Add it to the {what} catalog or fix the spelling")
            return False
        return True

    def text_id(self, rec: Mapping, keypath: str, key: str = "id") -> bool:
        """``rec[key]``, when present, must be one piece of text (an id, a name)."""
        if key not in rec or isinstance(rec[key], str) or rec[key] is None:
            return True
        if checks.is_number(rec[key]):
            return True  # ids like 2020 are read as text
        self.add(f"{keypath}.{key}", f"bad_{key}",
                 f"{key} must be one name written as text (e.g. rd_intensity), got a "
                 f"{type(rec[key]).__name__}: {rec[key]!r}")
        return False

    def text_list(self, rec: Mapping, keypath: str, key: str) -> list:
        """``rec[key]`` as a list of names; one issue (not one per character) for a bare text."""
        value = rec.get(key)
        if value is None:
            return []
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return value
        self.add(f"{keypath}.{key}", f"bad_{key}",
                 f"{key} must be a list of names, e.g. [{value if isinstance(value, str) else 'a'}, b]"
                 f" or '- ' items; got a {type(value).__name__}: {value!r}")
        return []

    def unique(self, recs: Sequence[Mapping], listpath: str, key: str = "id") -> None:
        seen: dict[object, int] = {}
        for i, rec in enumerate(recs):
            if not isinstance(rec, Mapping) or key not in rec:
                continue
            if not isinstance(rec[key], (str, int, float)):  # reported by text_id
                continue
            if rec[key] in seen:
                self.add(f"{listpath}[{i}].{key}", "duplicate_id",
                         f"{key} '{rec[key]}' already used by item {seen[rec[key]]} "
                         f"(line {line_of(self.lines, f'{listpath}[{seen[rec[key]]}]')}); ids must be unique")
            else:
                seen[rec[key]] = i
