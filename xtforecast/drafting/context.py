"""Years, windows and regions that a plan text sets for the goals after them.

A plan states its years once and lets them govern what follows: "到2022年" governs the rest of
the paragraph, "三年内" the rest of the sentence, "“十二五”期间" the paragraph with a window. The
base year (the year the plan measures from) comes from ``--base-year``, else the plan's own
period "(2025—2027年)", else a five-year plan it names, else the year before its first goal year.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..catalog import Catalog
from .rules import Rules
from .text import Clause


@dataclass(frozen=True)
class BaseYear:
    """The base year and the rule it came from (``argument``, ``plan_period``, ...)."""

    year: int | None
    rule: str


def chinese_int(text: str, rules: Rules) -> int:
    """``"三"`` -> 3, ``"十"`` -> 10, ``"5"`` -> 5 (the small numbers of "三年内")."""
    if text.isdigit():
        return int(text)
    digits = rules.section("years")["chinese_digits"]
    if len(text) == 2 and text[0] == "十":
        return 10 + digits[text[1]]
    return digits.get(text, 0)


def five_year_window(name: str, rules: Rules) -> tuple[int, int]:
    a, b = rules.raw["five_year_plans"][name]
    return int(a), int(b)


def infer_base_year(body: str, clauses: list[Clause], rules: Rules,
                    given: int | None = None) -> BaseYear:
    """The base year of the plan (see the module docstring for the order of evidence)."""
    if given is not None:
        return BaseYear(given, "argument")
    y = rules.years
    m = y["plan_period"].search(body)
    if m:
        return BaseYear(int(m.group("a")) - 1, "plan_period")
    m = y["five_year_mention"].search(body)
    if m and m.group("fyp") in rules.raw["five_year_plans"]:
        return BaseYear(five_year_window(m.group("fyp"), rules)[0] - 1, "five_year_plan")
    years = [int(m.group("year")) for m in y["by_year"].finditer(body)]
    years += [int(m.group("year")) for c in clauses if (m := y["year_head"].search(c.text))]
    if years:
        return BaseYear(min(years) - 1, "first_goal_year")
    return BaseYear(None, "none")


def guess_region(body: str, catalog: Catalog, rules: Rules) -> str | None:
    """The region the text names most often (short names count: 邢台 for 邢台市), or None."""
    suffixes = rules.section("regions")["name_suffixes"]
    counts: Counter = Counter()
    for reg in catalog.regions.values():
        names = {reg.zh}
        for suf in suffixes:
            if reg.zh.endswith(suf) and len(reg.zh) - len(suf) >= 2:
                names.add(reg.zh[: -len(suf)])
                break
        counts[reg.id] = max(body.count(n) for n in names)
    if not counts or counts.most_common(1)[0][1] == 0:
        return None
    return counts.most_common(1)[0][0]


def sub_regions(text: str, default: str | None, catalog: Catalog, rules: Rules) -> list[str]:
    """Counties/districts of ``default`` named in full in ``text``, in the order they appear."""
    levels = set(rules.section("regions")["sub_levels"])
    found = []
    for reg in catalog.regions.values():
        if reg.level in levels and reg.parent == default and reg.zh in text:
            found.append((text.index(reg.zh), reg.id))
    return [r for _, r in sorted(found)]


def peers_upper_half(region: str | None, catalog: Catalog) -> int | None:
    """Best rank that is still better than the median among the region's peers (11 -> 5)."""
    reg = catalog.regions.get(region or "")
    if reg is None:
        return None
    n = sum(1 for r in catalog.regions.values() if r.level == reg.level and r.parent == reg.parent)
    return (n - 1) // 2 if n >= 3 else None


#: Functions a special goal may name in ``value_function`` (a registry, not an if-chain).
VALUE_FUNCTIONS = {"upper_half_of_peers": peers_upper_half}
