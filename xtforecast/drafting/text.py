"""Read a plan text (UTF-8 or GBK/GB18030) and cut it into clauses with their offsets.

Quotes in a registry must be the plan's exact words, so the text is never normalised: every
clause is a span ``body[start:end]`` of the body as read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Issue
from .rules import Rules


@dataclass(frozen=True)
class PlanText:
    """The body of a plan text (comment lines dropped) and how it was decoded."""

    path: str
    body: str
    encoding: str


@dataclass(frozen=True)
class Clause:
    """One clause: ``text == body[start:end]``; ``para``/``sent`` number its paragraph and sentence.

    ``masked`` is ``text`` with parenthesised remarks blanked (same length), so cue words inside
    "(含柔性引进)" or "(新建)" do not decide a goal's type while offsets still line up.
    """

    start: int
    end: int
    text: str
    masked: str
    para: int
    sent: int


def read_plan_text(path: str | Path, rules: Rules) -> PlanText:
    """Read ``path``, trying the encodings of the rules in order; drop ``# `` comment lines.

    Raises
    ------
    DataError
        When the file is missing or no encoding of the rules decodes it.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError([Issue(str(path), None, "", "missing_file", "file not found; check the path")]) from None
    encodings = rules.raw["encodings"]
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        break
    else:
        raise DataError([Issue(str(path), None, "", "unknown_encoding",
                               f"the text is neither of {encodings}; save it as UTF-8 and retry")])
    skip = rules.raw["skip_line_prefix"]
    body = "\n".join(ln for ln in text.splitlines() if not ln.startswith(skip))
    name = {"utf-8-sig": "utf-8"}.get(enc, enc)
    return PlanText(str(path), body, name)


def _mask_parens(text: str, opens: str, closes: str) -> str:
    out, depth = [], 0
    for ch in text:
        if ch in opens:
            depth += 1
        out.append(" " if depth else ch)
        if ch in closes and depth:
            depth -= 1
    return "".join(out)


def split_clauses(body: str, rules: Rules) -> list[Clause]:
    """Cut ``body`` into clauses at the delimiters of the rules.

    Delimiters inside parentheses do not cut, except that a parenthesis opening with ``其中``
    (a sub-goal) is a clause of its own. Clauses are then split before "和80个..." so that two
    goals sharing a verb come out separately.
    """
    cl = rules.section("clauses")
    out = []
    for s, e, p, n in _spans(body, rules):
        for s2, e2 in _subsplit(body, s, e, rules):
            while s2 < e2 and body[s2].isspace():
                s2 += 1
            while e2 > s2 and body[e2 - 1].isspace():
                e2 -= 1
            if e2 > s2:
                text = body[s2:e2]
                out.append(Clause(s2, e2, text, _mask_parens(text, cl["open_parens"], cl["close_parens"]), p, n))
    return out


def _spans(body: str, rules: Rules) -> list[tuple[int, int, int, int]]:
    """``(start, end, paragraph, sentence)`` of each clause before the finer cuts of :func:`_subsplit`."""
    cl = rules.section("clauses")
    delims, ends = cl["delimiters"], cl["sentence_ends"]
    opens, closes = cl["open_parens"], cl["close_parens"]
    spans: list[tuple[int, int, int, int]] = []
    para = sent = 0
    start, depth, sub_depth = 0, 0, None

    def cut(i: int) -> None:
        if i > start:
            spans.append((start, i, para, sent))

    for i, ch in enumerate(body):
        if ch in opens:
            if rules.subgoal_paren.search(body[i + 1:i + 6]):
                cut(i)
                start, sub_depth = i + 1, depth
            depth += 1
        elif ch in closes and depth:
            depth -= 1
            if sub_depth is not None and depth == sub_depth:
                cut(i)
                start, sub_depth = i + 1, None
        elif ch in delims and depth == 0:
            cut(i)
            start = i + 1
            sent += ch in ends
            para += ch == "\n"
    cut(len(body))
    return spans


def _subsplit(body: str, s: int, e: int, rules: Rules) -> list[tuple[int, int]]:
    part = body[s:e]
    # Both kinds of cut fall on one character ("和" before, "、" after a number), which is
    # dropped from the second clause.
    marks = sorted({s + m.start() for m in rules.split_before.finditer(part)}
                   | {s + m.end() - 1 for m in rules.split_after.finditer(part)})
    cuts = [s] + marks + [e]
    return [(a + (1 if k else 0), b) for k, (a, b) in enumerate(zip(cuts, cuts[1:]))]
