"""Tables for people: numbers as a reader writes them, goals in words, HTML without an index.

pandas' own HTML shows the index column (0…23), right-aligns text and lets a Chinese header
wrap one character onto a second line (目标年/份); ``2.733e+04`` and ``<= -1`` mean nothing to a
policy reader. :class:`ReaderTable` renders a frame as the reports need it, and the formatters
here write numbers (万, 亿 and thousands separators in Chinese; separators in English; never
scientific notation) and goals (位次前移 1 位, 达到B类).
"""

from __future__ import annotations

import html
import math

import pandas as pd

from .._schema import WHOLE_UNITS
from ..i18n import t, t_count, unit_label
from ..i18n.report import NUMBER_SCALES
from ..output import figures

#: Scoped to ``.xt-table`` so nbconvert's own table styles elsewhere on the page stay; the class
#: is doubled to outrank JupyterLab's ``.jp-RenderedHTMLCommon td`` (right-aligned) in exported
#: reports. Headers break only between words (``keep-all``: never inside a Chinese word, as in
#: 目标年/份, but before a parenthesis or at a space); text is left-aligned, numbers
#: right-aligned in tabular figures; words (statuses, grades) break only at spaces, so 数据不足
#: stays whole and "Insufficient data" may take two lines rather than push the table wide.
CSS = """
.xt-table.xt-table { border-collapse: collapse; font-size: 0.9em; margin: 0.6em 0; }
.xt-table.xt-table th, .xt-table.xt-table td { border-bottom: 1px solid #ddd;
  padding: 0.3em 0.6em; text-align: left; vertical-align: top; }
.xt-table.xt-table th { background: #f5f5f5; white-space: normal; word-break: keep-all; }
.xt-table.xt-table td.num { text-align: right; font-variant-numeric: tabular-nums;
  white-space: nowrap; }
.xt-table.xt-table td.word { word-break: keep-all; }
.xt-table.xt-table td.nowrap { white-space: nowrap; }
.xt-table.xt-table td.text { min-width: 14em; word-break: keep-all; overflow-wrap: anywhere; }
"""


def _finite(v) -> float | None:
    if v is None or isinstance(v, (bool, str)):
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def format_number(v, lang: str = "zh") -> str:
    """A number as a reader writes it; blank for a missing one.

    Chinese uses 万 (10⁴) and 亿 (10⁸) from ten thousand up, English thousands separators
    (:data:`xtforecast.i18n.report.NUMBER_SCALES`); four significant figures, never scientific
    notation.

    Examples
    --------
    >>> [format_number(x, "zh") for x in (27330.4, 1029, 2.12, 350000000, -1960.2, None)]
    ['2.733万', '1,029', '2.12', '3.5亿', '-1,960', '']
    >>> [format_number(x, "en") for x in (27330.4, 11840, 0.25)]
    ['27,330', '11,840', '0.25']
    """
    f = _finite(v)
    if f is None:
        return "" if v is None or _is_na(v) else str(v)
    for scale, word in NUMBER_SCALES.get(lang, ()):
        if abs(f) >= scale:
            return figures(f / scale) + word
    if abs(f) >= 1e4:
        return f"{round(f):,}"
    return figures(f)


def format_band(values, lang: str = "zh", whole: bool = False, sig: int = 3) -> list[str]:
    """Numbers read together (a median and its P10 – P90) in one scale and one precision.

    :func:`format_number` writes each number alone, so a band read ``8,813 – 2.488万`` or
    ``19.87 – 199``. Here the largest magnitude sets the scale word (万, 亿) and the decimals
    (``sig`` significant figures of it, at least its whole digits; three, the precision a
    projected band has) for every number; ``whole`` numbers (counts and persons,
    :data:`~xtforecast._schema.WHOLE_UNITS`) get no decimals. A missing number stays blank.

    Examples
    --------
    >>> format_band([8813.2, 15380.4, 24880.9], "zh", whole=True)
    ['0.88万', '1.54万', '2.49万']
    >>> format_band([8813.2, 15380.4, 24880.9], "en", whole=True)
    ['8,813', '15,380', '24,881']
    >>> format_band([19.87, 102.13, 199.2], "zh", whole=True)
    ['20', '102', '199']
    >>> format_band([1.954, 2.1, 2.3456], "en"), format_band([-206.4, None, 88.2], "en")
    (['1.95', '2.1', '2.35'], ['-206', '', '88'])
    """
    nums = [_finite(v) for v in values]
    finite = [abs(f) for f in nums if f is not None]
    if not finite or max(finite) == 0:
        return [format_number(v, lang) for v in values]
    top = max(finite)
    scale, word = next(((sc, w) for sc, w in NUMBER_SCALES.get(lang, ()) if top >= sc), (1.0, ""))
    decimals = max(0, sig - 1 - math.floor(math.log10(top / scale)))
    if whole and scale == 1.0:
        decimals = 0
    return ["" if f is None else _fixed(f / scale, decimals) + word for f in nums]


def _fixed(v: float, decimals: int) -> str:
    text = f"{v:,.{decimals}f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return "0" if text in ("-0", "") else text


def band_words(values, target_type: str, lang: str, levels=None, unit: str | None = None
               ) -> list[str]:
    """A goal's projected values read together (:func:`format_band`); ranks and classes in
    words (:func:`value_words`)."""
    if target_type in ("rank", "class"):
        return [value_words(v, target_type, lang, levels) for v in values]
    return format_band(values, lang, whole=unit in WHOLE_UNITS)


def _is_na(v) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def format_percent(v, digits: int = 1) -> str:
    """``0.981`` → ``98.1%``; blank for a missing value."""
    f = _finite(v)
    return "" if f is None else f"{f:.{digits}%}"


def class_name(value, levels, lang: str) -> str:
    """A class indicator's value (1 = the first level) as its letter: ``A类``/``class A``."""
    f = _finite(value)
    letter = str(value)
    if f is not None and levels and float(f).is_integer() and 1 <= int(f) <= len(levels):
        letter = str(levels[int(f) - 1])
    return t("table.class", lang).format(level=letter)


def value_words(value, target_type: str, lang: str, levels=None) -> str:
    """An observed or projected value of a goal's indicator, in words for ranks and classes."""
    if _finite(value) is None and not isinstance(value, str):
        return ""
    if target_type == "class":
        return class_name(value, levels, lang)
    if target_type == "rank":
        return t("table.rank", lang).format(rank=format_number(value, lang))
    return format_number(value, lang)


def goal_words(target_type: str, comparator: str, value, unit: str | None, lang: str,
               relative: bool | None = None, wrap: bool = False) -> str:
    """The goal's threshold as a sentence fragment: ``不低于 3.5万``, ``位次前移 1 位``, ``达到B类``.

    A rank goal with a negative value is a move (relative to the base year, as the plans
    write 位次跃升); a positive one is a place to reach.

    Examples
    --------
    >>> goal_words("rank", "<=", -1, "rank", "zh"), goal_words("rank", "<=", 5, "rank", "en")
    ('位次前移 1 位', 'rank 5 or better')
    >>> goal_words("class", "<=", "B", "class", "zh"), goal_words("level", ">=", 35000, "persons", "zh")
    ('达到B类', '不低于 3.5万人')

    ``wrap=True`` (a table cell that may take two lines) binds the comparator to the number and
    lets the line break only before the unit:

    >>> goal_words("level", ">=", 35000, "persons", "zh", wrap=True)
    '不低于\xa03.5万\u200b人'
    """
    if target_type == "class":
        return t("table.class_goal", lang).format(level=value)
    f = _finite(value)
    if f is None:
        try:
            f = float(value)
        except (TypeError, ValueError):
            f = None
    if target_type == "rank" and f is not None:
        if relative or f < 0:
            return t_count("table.rank_up", abs(f), lang).format(n=format_number(abs(f), lang))
        return t("table.rank_goal", lang).format(rank=format_number(f, lang))
    cmp_word = t(f"cmp.{comparator}", lang, default=str(comparator))
    num = format_number(f if f is not None else value, lang)
    u = _unit_suffix(unit, lang)
    return _bound_to_number(cmp_word, num, u) if wrap else f"{cmp_word} {num}{u}"


#: A no-break space and a zero-width break opportunity (under ``word-break: keep-all`` a line
#: breaks only where one of these or a space allows).
NBSP, ZWSP = "\u00a0", "\u200b"


def _bound_to_number(cmp_word: str, num: str, unit_suffix: str) -> str:
    # "不低于" or "at least" alone on a line reads as a different goal: no break before the
    # number; the unit may go to the next line (a space before it in English, a zero-width
    # break in Chinese), except a per cent sign, which is part of the number
    head = cmp_word.replace(" ", NBSP) + NBSP + num
    if unit_suffix and unit_suffix != "%" and not unit_suffix.startswith(" "):
        unit_suffix = ZWSP + unit_suffix
    return head + unit_suffix


def _unit_suffix(unit: str | None, lang: str) -> str:
    if not unit or unit in ("count", "rank", "class"):
        return ""  # a count's word (家, 名, 项) is in the goal's own label; 个 would contradict it
    word = unit_label(unit, lang)
    # a per cent sign follows the number in either language (98.1%)
    return word if word == "%" else t("table.unit_suffix", lang).format(unit=word)


class ReaderTable:
    """A frame rendered for readers: no index, text left, numbers right, headers whole.

    Parameters
    ----------
    frame : pandas.DataFrame
        Cells already formatted as text (the index is ignored).
    kinds : dict, optional
        ``{column: "num" | "word" | "nowrap" | "text"}``: numbers (right, one line), words
        (break only at spaces; the default), short phrases kept on one line (``不低于 1.2%``),
        running text (may wrap anywhere a word allows).
    """

    def __init__(self, frame: pd.DataFrame, kinds: dict | None = None):
        self.frame = frame.reset_index(drop=True)
        self.kinds = dict(kinds or {})

    @property
    def columns(self):
        return self.frame.columns

    def __getitem__(self, key):
        return self.frame[key]

    def __len__(self) -> int:
        return len(self.frame)

    def to_html(self) -> str:
        """``<style>`` and the ``<table class="xt-table">``, every cell escaped."""
        esc = html.escape
        head = "".join(f"<th>{esc(str(c))}</th>" for c in self.frame.columns)
        body = []
        for row in self.frame.itertuples(index=False):
            cells = "".join(
                f'<td class="{self.kinds.get(c, "word")}">{esc("" if _is_na(v) else str(v))}</td>'
                for c, v in zip(self.frame.columns, row, strict=True))
            body.append(f"<tr>{cells}</tr>")
        return (f"<style>{CSS}</style>\n<table class=\"xt-table\"><thead><tr>{head}</tr></thead>"
                f"<tbody>{''.join(body)}</tbody></table>")

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return self.frame.to_string(index=False)
