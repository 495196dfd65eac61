"""Find every quantified goal of a plan text: the drafter behind ``xtforecast targets draft``.

The text is cut into clauses (:mod:`.text`); a clause sets context (a year, a window, a modal)
or states goals. Each goal clause is read with the tables of ``rules.yaml``: the special goals
(classes, ranks, doubling) first, then every number with a unit, whose comparator, type,
indicator, window and binding come from the tables. Nothing is dropped silently: a clause that
looks like a goal but has no number goes to ``unquantified`` for the reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog
from .context import BaseYear, chinese_int, five_year_window, guess_region, infer_base_year, sub_regions
from .goals import Goal, GoalReader
from .indicators import IndicatorGuesser
from .quantity import find_quantities, goal_quantities
from .rules import Rules, load_rules
from .text import Clause, PlanText, read_plan_text, split_clauses


@dataclass
class Draft:
    """The result of drafting one text: goals, unquantified clauses and how the text was read."""

    text: PlanText
    base_year: BaseYear
    region: str | None
    goals: list[Goal]
    unquantified: list[tuple[Clause, str]]


@dataclass
class _State:
    """What earlier clauses set: per paragraph (year, window) and per sentence (modal, verb)."""

    para: int = -1
    sent: int = -1
    year: int | None = None
    year_rule: str = ""
    para_window: tuple[int, int] | None = None
    sent_window: tuple[int, int] | None = None
    modal: tuple[str, str] | None = None
    modal_heads: bool = False
    type_rule: object = None
    comparator: str | None = None
    root_subject: str = ""


class Drafter(GoalReader):
    """Reads clauses of one text against one catalog with one set of rules."""

    def __init__(self, catalog: Catalog, rules: Rules, region: str | None, base: BaseYear):
        self.catalog, self.rules, self.region, self.base = catalog, rules, region, base
        self.guesser = IndicatorGuesser(catalog, rules)
        self.st = _State()
        self.goals: list[Goal] = []
        self.unquantified: list[tuple[Clause, str]] = []

    # -- context ---------------------------------------------------------------------------
    def _enter(self, cl: Clause) -> None:
        if cl.para != self.st.para:
            self.st = _State(para=cl.para)
        if cl.sent != self.st.sent:
            self.st.sent, self.st.sent_window, self.st.modal = cl.sent, None, None
            self.st.modal_heads, self.st.type_rule, self.st.comparator = False, None, None

    def _context(self, cl: Clause) -> bool:
        """Update years and windows from ``cl``; True when the clause holds a context marker."""
        y, b, st, hit = self.rules.years, self.base.year, self.st, False
        if m := y["five_year_period"].search(cl.masked):
            name = m.group("fyp")
            if name in self.rules.raw["five_year_plans"]:
                st.para_window = five_year_window(name, self.rules)
                st.year, st.year_rule, hit = st.para_window[1], "five_year_period", True
        if m := y["by_year"].search(cl.masked):
            st.year, st.year_rule, hit = int(m.group("year")), "by_year", True
        elif m := y["year_head"].search(cl.text):
            st.year, st.year_rule, hit = int(m.group("year")), "year_head", True
        if (m := y["within_years"].search(cl.masked)) and b is not None:
            n = chinese_int(m.group("n"), self.rules)
            if n:
                st.sent_window, hit = (b + 1, b + n), True
        return hit

    def _modal(self, text: str) -> tuple[str, str] | None:
        for r in self.rules.binding:
            if r.pattern.search(text):
                return r.get("binding"), r.name
        return None

    # -- one clause ------------------------------------------------------------------------
    def read(self, cl: Clause) -> None:
        """Read one clause: update the context, then draft its goals (or note it unquantified)."""
        self._enter(cl)
        if any(p.search(cl.masked) for p in self.rules.exclude):
            return
        is_context = self._context(cl)
        qtys = goal_quantities(cl.masked, find_quantities(cl.masked, self.rules), self.rules)
        if self._special(cl):
            return
        if not qtys:
            modal = self._modal(cl.masked)
            if modal and is_context:
                # "力争到2020年底,": the modal heads the next clause whatever its verb.
                self.st.modal, self.st.modal_heads = modal, True
            elif self.rules.unquantified.search(cl.masked) and not is_context:
                self.unquantified.append((cl, "unquantified_cue"))
            return
        for qty in qtys:
            self._quantity_goal(cl, qty, multiple=len(qtys) > 1)

    def _year(self, cl: Clause) -> tuple[int | None, str]:
        if not self.rules.years["by_year"].search(cl.masked):
            if m := self.rules.years["in_clause"].search(cl.masked):
                return int(m.group("year")), "in_clause"
        if self.st.sent_window:
            return self.st.sent_window[1], "within_years"
        if self.st.year is not None:
            return self.st.year, self.st.year_rule
        if self.base.year is not None:
            return self.base.year + 1, "fallback_first_plan_year"
        return None, "no_year"

    def _binding(self, cl: Clause, prefix: str) -> tuple[str, str]:
        own = self._modal(cl.masked)
        has_verb = bool(self.rules.own_verb.search(prefix))
        if own:
            self.st.modal, self.st.modal_heads = own, False
            return own
        if self.st.modal and (self.st.modal_heads or not has_verb):
            self.st.modal_heads = False
            return self.st.modal[0], self.st.modal[1] + "_inherited"
        if has_verb:
            self.st.modal = None
        return self.rules.raw["binding_default"], "binding_default"

    def _window(self, rule_window: str | None, year: int | None) -> tuple[int, int] | None:
        if self.st.sent_window:
            return self.st.sent_window
        if rule_window is None or year is None:
            return None
        if self.st.para_window and self.st.para_window[1] == year:
            return self.st.para_window
        if self.base.year is None:
            return None
        return (self.base.year + 1, year)

    def _regions(self, cl: Clause) -> list[str]:
        found = sub_regions(cl.text, self.region, self.catalog, self.rules)
        return found or [self.region or "unknown_region"]


def draft_plan(path: str | Path, catalog: Catalog, rules: Rules | None = None,
               region: str | None = None, base_year: int | None = None) -> Draft:
    """Draft every quantified goal of the plan text at ``path``.

    Parameters
    ----------
    path : path
        A plan text, UTF-8 or GBK/GB18030; lines starting with ``# `` are skipped.
    catalog : Catalog
        Indicator ids are guessed from its zh names; regions from its region list.
    rules : Rules, optional
        Default: the package's ``rules.yaml``.
    region : str, optional
        The plan's region id; default the region the text names most often.
    base_year : int, optional
        Default: inferred (plan period, five-year plan, or the year before the first goal year).

    Returns
    -------
    Draft
        Goals in text order, plus clauses kept for review that carry no number.
    """
    rules = rules or load_rules()
    text = read_plan_text(path, rules)
    clauses = split_clauses(text.body, rules)
    base = infer_base_year(text.body, clauses, rules, base_year)
    region = region or guess_region(text.body, catalog, rules)
    drafter = Drafter(catalog, rules, region, base)
    for cl in clauses:
        drafter.read(cl)
    return Draft(text, base, region, drafter.goals, drafter.unquantified)
