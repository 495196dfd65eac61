"""Find every quantified goal of a plan text: the drafter behind ``xtforecast targets draft``.

The text is cut into clauses (:mod:`.text`); a clause sets context (a year, a window, a modal)
or states goals. Each goal clause is read with the tables of ``rules.yaml``: the special goals
(classes, ranks, doubling) first, then every number with a unit, whose comparator, type,
indicator, window and binding come from the tables. Nothing is dropped silently: a clause that
looks like a goal but has no number goes to ``unquantified`` for the reviewer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..catalog import Catalog
from .context import (VALUE_FUNCTIONS, BaseYear, chinese_int, five_year_window, guess_region,
                      infer_base_year, sub_regions)
from .indicators import IndicatorGuesser
from .quantity import Quantity, find_quantities, goal_quantities, in_unit, new_unit
from .rules import Rules, load_rules
from .text import Clause, PlanText, read_plan_text, split_clauses


@dataclass
class Goal:
    """One drafted goal before it is written out (see :mod:`.registry` for the YAML form)."""

    clause: Clause
    indicator: str
    new_indicator: bool
    region: str
    type: str
    comparator: str
    value: float | str | None
    unit: str
    target_year: int | None
    window: tuple[int, int] | None
    binding: str
    relative: bool
    rule: str
    confidence: float
    review: bool
    notes: list[str] = field(default_factory=list)
    subject: str = ""


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


class Drafter:
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
        has_verb = bool(re.search(self.rules.raw["own_verb"], prefix))
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

    # -- goals -----------------------------------------------------------------------------
    def _special(self, cl: Clause) -> bool:
        """Class, rank and doubling goals (no number with a unit); True when one fired."""
        for r in self.rules.special:
            m = r.pattern.search(cl.masked)
            if not m:
                continue
            regions = sub_regions(cl.text, self.region, self.catalog, self.rules)
            if r.get("requires_regions") and not regions:
                self.unquantified.append((cl, r.name + "_without_region"))
                return True
            for region in regions or [self.region or "unknown_region"]:
                self._emit_special(cl, r, m, region)
            return True
        return False

    def _emit_special(self, cl: Clause, r, m: re.Match, region: str) -> None:
        if r.get("value_group"):
            g = m.group(r.get("value_group"))
            value = g if r.get("type") == "class" else float(g)
        elif r.get("value_function"):
            value = VALUE_FUNCTIONS[r.get("value_function")](region, self.catalog)
        else:
            value = r.get("value")
        year, year_rule = self._year(cl)
        kind = "class" if r.get("type") == "class" else ("rank" if r.get("type") == "rank" else None)
        # The whole clause names the indicator here ("...在B类县的基础上实现位次跃升").
        subject = self._subject(cl, cl.masked)
        ind = self.guesser.guess(subject, None, kind=kind, suffix=r.get("indicator_suffix", ""))
        if ind.new and kind == "rank":
            ind = self.guesser.guess(subject, None, kind=None, suffix="_rank")
        binding, _ = self._binding(cl, cl.masked[: m.start()])
        notes = [r.get("note")] if r.get("note") else []
        self._add(cl, r, ind, region, value, "rank" if kind == "rank" else "", year, year_rule,
                  self._window(r.get("window"), year), binding, notes, subject, r.get("type"),
                  r.get("comparator"))

    def _quantity_goal(self, cl: Clause, qty: Quantity, multiple: bool) -> None:
        prefix, suffix = cl.masked[: qty.start], cl.masked[qty.end:]
        comparator, cmp_notes = self._comparator(prefix, suffix)
        # Words after the number name the indicator when those before it do not
        # ("建成200家行业一流的企业研发机构", "拥有500家以上的高新技术企业").
        after = re.match(r"^(?:以上|以下|左右)?的?([^\d]*)", suffix).group(1)
        before = self._strip(prefix)
        subject = self._subject(cl, prefix + after if len(before) < 2 or re.search(r"^(?:以上|以下|左右)?的", suffix)
                                else prefix)
        plain = self.guesser.guess(subject, qty)
        year, year_rule = self._year(cl)
        rule = self._type_rule(cl, qty, prefix, plain, year)
        self.st.type_rule = rule
        ind = plain
        if rule.get("type") == "growth":
            # growth is stated in % of a series of any unit: no dimension check
            ind = self.guesser.guess(subject, None)
        elif rule.get("indicator_suffix") and rule.get("type") != "level":
            ind = self.guesser.guess(subject, qty, suffix=rule.get("indicator_suffix"))
        elif rule.get("prefer_kinds"):
            found = [g for k in rule.get("prefer_kinds") if not (g := self.guesser.guess(subject, qty, kind=k)).new]
            ind = max(found, key=lambda g: g.confidence) if found else plain
        gtype, window = rule.get("type"), self._window(rule.get("window"), year)
        notes = cmp_notes + ([rule.get("note")] if rule.get("note") else [])
        if gtype == "cumulative" and window and window[0] == window[1]:
            gtype, window = "level", None
            notes.append(f"one-year window: read as the level of the flow in {year}")
        if gtype not in ("cumulative", "share") or rule.get("window") is None:
            window = window if gtype == "cumulative" else None
        binding = self._binding(cl, prefix)[0]
        unit = self._unit(ind.id, qty, subject)
        value = qty.num if gtype == "growth" else in_unit(qty, unit, self.rules)
        if value is None:
            notes.append(f"{qty.num:g}{qty.written} does not convert to the unit '{unit}'")
        if multiple:
            notes.append("several numbers in one clause: check that each is a goal")
        for region in self._regions(cl):
            self._add(cl, rule, ind, region, value, unit, year, year_rule, window, binding,
                      notes, subject, gtype, comparator, review=multiple)

    def _unit(self, ind_id: str, qty: Quantity, subject: str) -> str:
        if ind_id.endswith("_growth"):
            return "percent"
        ind = self.catalog.indicators.get(ind_id)
        return ind.unit if ind is not None else new_unit(qty, subject, self.rules)

    def _comparator(self, prefix: str, suffix: str) -> tuple[str, list[str]]:
        pre = next((r for r in self.rules.prefix_cmp if r.pattern.search(prefix)), None)
        suf = next((r for r in self.rules.suffix_cmp if r.pattern.search(suffix)), None)
        notes = [suf.get("note")] if suf is not None and suf.get("note") else []
        if suf is not None and suf.get("comparator") == "<=":
            return "<=", notes
        if pre is not None:
            self.st.comparator = pre.get("comparator")
            return pre.get("comparator"), notes
        if suf is not None:
            return suf.get("comparator"), notes
        if self.st.comparator and not re.search(self.rules.raw["own_verb"], prefix):
            # "分别超过90家和870家": a bare number shares the verb of the goal before it
            return self.st.comparator, ["comparator shared with the goal before it"]
        return self.rules.raw["comparators"]["default"], notes

    def _type_rule(self, cl: Clause, qty: Quantity, prefix: str, plain, year: int | None):
        one_year = self.base.year is not None and year == self.base.year + 1
        kind = self.catalog.indicators[plain.id].kind if not plain.new else None
        has_verb = bool(re.search(self.rules.raw["own_verb"], prefix))
        for r in self.rules.types:
            if r.get("dims") and qty.dim not in r.get("dims"):
                continue
            if r.pattern is not None and not r.pattern.search(cl.masked):
                continue
            if r.get("indicator_kinds") and kind not in r.get("indicator_kinds"):
                continue
            if r.get("single_year") and not one_year:
                continue
            if r.get("unless_verb") and re.search(r.get("unless_verb"), prefix.rstrip()):
                continue
            if r.name == "level" and qty.dim not in ("percent", "pp"):
                # A verbless clause ("80个企业技术中心") reads like the goal before it;
                # inside "三年内..." every count is a sum over the window.
                if self.st.sent_window:
                    return next(t for t in self.rules.types if t.name == "cumulative")
                prev = self.st.type_rule
                if not has_verb and prev is not None and qty.dim in (prev.get("dims") or [qty.dim]):
                    return prev
            return r
        raise AssertionError("rules.yaml types must end with a catch-all rule")  # pragma: no cover

    def _strip(self, text: str) -> str:
        """``text`` without years, modals, a trailing verb and noise words."""
        y = self.rules.years
        for pat in (y["by_year"], y["in_clause"], y["within_years"], y["five_year_period"]):
            text = pat.sub("", text)
        for r in self.rules.binding:
            text = r.pattern.sub("", text)
        text = re.sub(self.rules.raw["own_verb"] + r"\s*$", "", text.strip())
        return self.rules.noise.sub("", re.sub(r"\s+", "", text))

    def _subject(self, cl: Clause, text: str) -> str:
        """The words that name the indicator; a clause starting "占..." extends the one before."""
        text = self._strip(text)
        is_sub = cl.text.startswith("其中")
        if self.rules.inherit_subject.search(text) and self.st.root_subject:
            return self.st.root_subject + text
        if not is_sub:
            self.st.root_subject = text
        return text

    def _add(self, cl, rule, ind, region, value, unit, year, year_rule, window, binding,
             notes, subject, gtype, comparator, review: bool = False) -> None:
        conf = float(rule.get("confidence", 0.5)) * (0.8 if ind.new else min(1.0, 0.5 + ind.confidence / 2))
        notes = list(notes)
        if year_rule == "fallback_first_plan_year":
            conf *= 0.6
            notes.append(f"no year in the text: read as the plan's first year {year}")
        if ind.new:
            notes.append(f"indicator not in the catalog ({ind.how}): a stub is made by xtforecast init")
        self.goals.append(Goal(
            clause=cl, indicator=ind.id, new_indicator=ind.new, region=region, type=gtype,
            comparator=comparator, value=value, unit=unit, target_year=year, window=window,
            binding=binding, relative=bool(rule.get("relative")), rule=rule.name,
            confidence=round(conf, 2), subject=subject, notes=notes,
            review=review or bool(rule.get("review")) or conf < 0.5 or value is None or year is None))


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
