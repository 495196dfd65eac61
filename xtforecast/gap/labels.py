"""Display labels (zh/en) for headline statuses, method classes, evidence grades and goals."""

from __future__ import annotations

from .headline import STATUS_LABELS
from .methods import METHOD_LABELS

#: Evidence grades (see :mod:`xtforecast.gap.evidence`).
EVIDENCE_LABELS: dict[str, dict[str, str]] = {
    "strong": {"zh": "证据充分", "en": "Strong evidence"},
    "moderate": {"zh": "证据一般", "en": "Moderate evidence"},
    "weak": {"zh": "证据薄弱", "en": "Weak evidence"},
    "none": {"zh": "无数据", "en": "No evidence"},
}

LANGS = ("zh", "en")


def display_label(label: str, lang: str = "zh", kind: str = "status") -> str:
    """The display text of a snake_case label.

    Parameters
    ----------
    label : str
        A headline status, a method class or an evidence grade.
    lang : {"zh", "en"}
    kind : {"status", "method", "evidence"}
        Which vocabulary ``label`` comes from (a method's ``on_track`` reads differently from
        the headline's).

    Returns
    -------
    str
        The label in ``lang``; the label itself when it is unknown (never raises in a report).

    Raises
    ------
    ValueError
        For an unknown ``lang`` or ``kind``.

    Examples
    --------
    >>> display_label("acceleration_needed", "zh")
    '需要加速'
    >>> display_label("on_schedule", "en", kind="method")
    'On schedule'
    """
    tables = {"status": STATUS_LABELS, "method": METHOD_LABELS, "evidence": EVIDENCE_LABELS}
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {list(LANGS)}; got {lang!r}.")
    if kind not in tables:
        raise ValueError(f"kind must be one of {list(tables)}; got {kind!r}.")
    return tables[kind].get(label, {}).get(lang, label)


def goal_label(target, lang: str = "zh") -> str:
    """The words that name a goal: its ``label_<lang>``, else (in Chinese) the plan's own words
    (``quote``), else its id. An English reader never gets the Chinese quote: one language per
    page.

    Parameters
    ----------
    target : xtforecast.targets.Target
    lang : {"zh", "en"}

    Returns
    -------
    str

    Raises
    ------
    ValueError
        For an unknown ``lang``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> g = SimpleNamespace(id="rd_2025", quote="研发投入强度达到2.5%", label_zh="", label_en="")
    >>> goal_label(g, "zh"), goal_label(g, "en")
    ('研发投入强度达到2.5%', 'rd_2025')
    >>> goal_label(SimpleNamespace(id="rd_2025", quote="", label_en=""), "en")
    'rd_2025'
    """
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {list(LANGS)}; got {lang!r}.")
    own = getattr(target, f"label_{lang}", "")
    return own or (target.quote if lang == "zh" else "") or target.id
