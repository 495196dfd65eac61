"""What every report cell shares: Markdown for readers, figures as pictures, section headings.

The scenario report (:mod:`~xtforecast.report.content`), the comparison
(:mod:`~xtforecast.report.compare`) and the sweep page all show their words through here, so
escaping and the way a figure reaches the page are written once.
"""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pandas as pd

from ..i18n import t
from ..plotting import show_figure

#: Characters that start Markdown syntax inside a line: emphasis, code, links (``[``; a
#: parenthesis alone links nothing), tables, strike-through, math. HTML is escaped apart.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$])")


def md_escape(value) -> str:
    r"""``value`` as literal text inside Markdown: HTML tags and Markdown syntax shown, not run.

    Every user string (a scenario's labels and description, a plan's title and goal words, a
    reason) passes through here before it joins a Markdown cell: nbconvert copies raw HTML
    in Markdown into ``report.html`` unchanged, so ``<script>`` in a label would run in the
    reader's browser, and ``[x](javascript:...)`` would be a live link.

    Examples
    --------
    >>> print(md_escape("<img src=x onerror=alert(1)> *R&D* [a](javascript:b)"))
    &lt;img src=x onerror=alert(1)&gt; \*R&amp;D\* \[a\](javascript:b)
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(value), quote=False))


def markdown(s: str):
    """``s`` as a Markdown output of the cell (IPython's ``Markdown``)."""
    from IPython.display import Markdown  # IPython/matplotlib: only in a kernel
    return Markdown(s)


def show(obj) -> None:
    """Display ``obj`` in the cell's output; a matplotlib figure as a PNG."""
    from matplotlib.figure import Figure
    if isinstance(obj, Figure):
        # As a PNG, not display(fig): that shows a picture only under the inline backend.
        show_figure(obj, close=False)
        return
    from IPython.display import display
    display(obj)


def section(key: str, lang_or_rep, note: bool = True) -> None:
    """Display a section heading (``report.sec.<key>``) in the report's language, with its note
    (``report.sec.<key>_note``) when it has one."""
    lang = lang_or_rep if isinstance(lang_or_rep, str) else lang_or_rep.lang
    body = f"### {t('report.sec.' + key, lang)}"
    extra = t(f"report.sec.{key}_note", lang, default="") if note else ""
    if extra:
        body += "\n\n" + extra
    show(markdown(body))


def fmt_num(v) -> str:
    """A number for the plain-text outputs nbval compares: whole numbers without ``.0``, else
    four significant figures; blank for a missing one."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return ""
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if v == int(v) and abs(v) < 1e15:
            return str(int(v))
        return f"{v:.4g}"
    return str(v)


def fmt_columns(frame, columns) -> None:
    """:func:`fmt_num` of each value (rounded to 4 decimals) in those ``columns`` of ``frame``
    that it has, in place; a missing value becomes blank."""
    for c in columns:
        if c in frame.columns:
            frame[c] = [fmt_num(round(float(v), 4)) if pd.notna(v) else "" for v in frame[c]]
