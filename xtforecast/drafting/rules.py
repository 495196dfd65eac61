"""The reading rules (``rules.yaml``), loaded once and compiled.

The rules are a table, not code: each entry names itself (``rule``), and the drafter writes that
name on every goal it proposes, so a reviewer can see which line of the table fired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ..errors import DataError, Issue

#: The rules shipped with the package.
RULES_FILE = Path(__file__).with_name("rules.yaml")


@dataclass(frozen=True)
class Rule:
    """One row of a rule table: its name, compiled pattern (or None) and its other fields."""

    name: str
    pattern: re.Pattern | None
    fields: dict

    def get(self, key: str, default=None):
        return self.fields.get(key, default)


@dataclass(frozen=True)
class Rules:
    """All reading rules. ``raw`` keeps the YAML as read; compiled tables are attributes."""

    raw: dict
    path: str
    quantity: re.Pattern
    split_before: re.Pattern
    split_after: re.Pattern
    subgoal_paren: re.Pattern
    qualifier_after: re.Pattern
    exclude: tuple[re.Pattern, ...]
    years: dict[str, re.Pattern]
    binding: tuple[Rule, ...]
    own_verb: re.Pattern
    prefix_cmp: tuple[Rule, ...]
    suffix_cmp: tuple[Rule, ...]
    special: tuple[Rule, ...]
    types: tuple[Rule, ...]
    density_units: tuple[Rule, ...]
    keywords: tuple[Rule, ...]
    unquantified: re.Pattern
    noise: re.Pattern
    inherit_subject: re.Pattern

    def section(self, key: str) -> dict:
        return self.raw.get(key) or {}


def _rx(text: str, where: str, path: str) -> re.Pattern:
    try:
        return re.compile(text)
    except re.error as exc:
        raise DataError([Issue(path, None, where, "bad_pattern",
                               f"not a valid regular expression ({exc}): {text!r}; fix the pattern")]) from None


def _table(items: list[dict], where: str, path: str, anchor: str = "") -> tuple[Rule, ...]:
    out = []
    for i, rec in enumerate(items or []):
        pat = rec.get("pattern")
        # Prefix comparators must touch the number, so they are anchored at the end of the prefix.
        compiled = _rx(f"(?:{pat}){anchor}", f"{where}[{i}].pattern", path) if pat else None
        out.append(Rule(str(rec.get("rule", f"{where}[{i}]")), compiled, dict(rec)))
    return tuple(out)


@lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> Rules:
    """Load and compile the reading rules.

    Parameters
    ----------
    path : str, optional
        A rules YAML of the same layout; default the package's ``rules.yaml``.

    Returns
    -------
    Rules
        Compiled tables. Cached: the file is read once per process.

    Raises
    ------
    DataError
        When a pattern is not a valid regular expression (naming the key).
    """
    path = str(path or RULES_FILE)
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    cl, q, y, ind = raw["clauses"], raw["quantity"], raw["years"], raw["indicators"]
    return Rules(
        raw=raw, path=path,
        quantity=_rx(q["pattern"], "quantity.pattern", path),
        split_before=_rx(cl["split_before"], "clauses.split_before", path),
        split_after=_rx(cl["split_after"], "clauses.split_after", path),
        subgoal_paren=_rx(cl["subgoal_paren"], "clauses.subgoal_paren", path),
        qualifier_after=_rx(q["qualifier_after"], "quantity.qualifier_after", path),
        exclude=tuple(_rx(p, f"exclude[{i}]", path) for i, p in enumerate(raw.get("exclude") or [])),
        years={k: _rx(v, f"years.{k}", path) for k, v in y.items() if isinstance(v, str)},
        binding=_table(raw["binding"], "binding", path),
        own_verb=_rx(raw["own_verb"], "own_verb", path),
        prefix_cmp=_table(raw["comparators"]["prefix"], "comparators.prefix", path, anchor=r"\s*$"),
        suffix_cmp=_table(raw["comparators"]["suffix"], "comparators.suffix", path),
        special=_table(raw["special_goals"], "special_goals", path),
        types=_table(raw["types"], "types", path),
        density_units=_table(q["density_units"], "quantity.density_units", path),
        keywords=_table(ind["keywords"], "indicators.keywords", path),
        unquantified=_rx(raw["unquantified_cues"], "unquantified_cues", path),
        noise=_rx(ind["noise"], "indicators.noise", path),
        inherit_subject=_rx(ind["inherit_subject"], "indicators.inherit_subject", path),
    )
