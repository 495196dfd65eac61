"""Reading one goal clause: special goals (class, rank, doubling) and goals with a number.

:class:`GoalReader` is the half of the drafter (:class:`.extract.Drafter`) that turns a clause
into goals with the tables of ``rules.yaml``: comparator, type, indicator, unit, window, binding.
The other half (context: years, windows, modals) stays in :mod:`.extract`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .context import VALUE_FUNCTIONS, sub_regions
from .quantity import Quantity, in_unit, new_unit
from .text import Clause


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


class GoalReader:
    """Goal-building methods of the drafter; state (``st``, ``rules``, ...) lives in the subclass."""

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
        if self.st.comparator and not self.rules.own_verb.search(prefix):
            # "分别超过90家和870家": a bare number shares the verb of the goal before it
            return self.st.comparator, ["comparator shared with the goal before it"]
        return self.rules.raw["comparators"]["default"], notes

    def _type_rule(self, cl: Clause, qty: Quantity, prefix: str, plain, year: int | None):
        one_year = self.base.year is not None and year == self.base.year + 1
        kind = self.catalog.indicators[plain.id].kind if not plain.new else None
        has_verb = bool(self.rules.own_verb.search(prefix))
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

