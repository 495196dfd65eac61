"""Every word a reader sees, in Chinese and English: one table, looked up with :func:`t`.

Figures, tables and reports are read by policy researchers first in Chinese, then in English.
Keys are ``<vocabulary>.<name>`` so one table holds them all without collisions (``on_track``
is both a headline status and a UNSD 2023+ class, and reads differently in each):

============ ============================================================================
prefix       vocabulary
============ ============================================================================
``col.``     column headers of the summary table (:data:`~xtforecast._schema.SUMMARY_COLUMNS`,
             ``label_*``, ``status_<method>``, ``value_<method>`` and a few more)
``status.``  headline statuses (:data:`~xtforecast._schema.STATUSES`)
``method.``  progress-assessment methods (:data:`~xtforecast.gap.methods.METHODS`)
``class.``   the classes those methods assign
``type.``    goal types (:data:`~xtforecast._schema.TARGET_TYPES`)
``cmp.``     comparators in words (``cmp.>=`` -> 不低于 / at least)
``evidence.`` evidence grades (:data:`~xtforecast.gap.evidence.GRADES`)
``binding.`` binding (约束性) or indicative (预期性) goals
``axis.``    axis labels, legend entries and figure words
``vintage.`` real-time or hindsight runs, and notes on mixed vintages
``table.``   words of the reader's tables (ranks, classes, the goal column)
``reason.``  why a goal got its call (:class:`~xtforecast.gap.reasons.Reason` codes,
             rendered by :func:`reason_text`)
``detail.``  the analyst's account of the same causes, with the numbers (the ``reason``
             and ``evidence_reason`` columns)
``family.``  the vintage families of a run (scenarios compared only at one ``as_of``)
============ ============================================================================

The words of the gap layer (statuses, method classes, evidence grades, reasons) live in
:mod:`xtforecast.i18n.gap`: the gap layer assigns codes and imports no words, and this package
imports nothing from it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

from .._schema import COMPARATORS, STATUSES, SUMMARY_COLUMNS, TARGET_TYPES
from ..errors import XtForecastError
from ..suggest import did_you_mean

#: Languages every label exists in; ``zh`` (Simplified Chinese) is the default everywhere.
LANGS = ("zh", "en")

# What people type for a language, mapped to the code to suggest (never accepted silently:
# one spelling per language keeps file names and parameters predictable).
_LANG_ALIASES = {
    "cn": "zh", "zh-cn": "zh", "zh_cn": "zh", "zh-hans": "zh", "chinese": "zh", "中文": "zh",
    "chs": "zh", "english": "en", "en-us": "en", "en_us": "en", "en-gb": "en", "eng": "en",
    "英文": "en",
}


class UnknownLabelError(XtForecastError, LookupError):
    """A label key that is not in :data:`LABELS`."""


def _pairs(prefix: str, table: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    return {f"{prefix}.{k}": {"zh": zh, "en": en} for k, (zh, en) in table.items()}


# -- summary columns ---------------------------------------------------------------------------
_COLUMNS = {
    "scenario": ("情景", "Scenario"),
    "target_id": ("目标编号", "Goal ID"),
    "indicator": ("指标", "Indicator"),
    "region": ("地区", "Region"),
    "target_year": ("目标年份", "Target year"),
    "target_type": ("目标类型", "Goal type"),
    "comparator": ("比较方式", "Comparator"),
    "target_value": ("目标值", "Target value"),
    "latest_year": ("最新数据年份", "Latest year"),
    "latest_value": ("最新值", "Latest value"),
    "projected_median": ("预测中位数", "Projected median"),
    "projected_p10": ("预测下沿（P10）", "Projected P10"),
    "projected_p90": ("预测上沿（P90）", "Projected P90"),
    "p_attain": ("达标概率", "P(attain)"),
    "status": ("总体判断", "Status"),
    "required_cagr": ("所需年均增速", "Required CAGR"),
    "evidence": ("证据等级", "Evidence"),
    # Optional columns of evaluate_targets() that reports show.
    "goal": ("目标", "Goal"),
    "label_zh": ("目标（中文）", "Goal (Chinese)"),
    "label_en": ("目标（英文）", "Goal (English)"),
    "binding": ("约束性质", "Binding"),
    "unit": ("单位", "Unit"),
    "gap": ("差距", "Gap"),
    "gap_ratio": ("差距占比", "Gap ratio"),
    "time_distance": ("时间距离（年）", "Time distance (years)"),
    "required_cagr_latest": ("所需年均增速（自最新年）", "Required CAGR from latest"),
    "recent_cagr": ("近期增速", "Recent growth"),
    "required_acceleration": ("所需加速倍数", "Required acceleration"),
    "reason": ("说明", "Reason"),
    "evidence_reason": ("证据说明", "Evidence reason"),
    "as_of": ("数据截至", "Data up to"),
    "vintage": ("视角", "Vantage"),
    "data_end": ("数据最新年份", "Latest data year"),
}

# -- methods ------------------------------------------------------------------------------------
_METHODS = {
    "unsd2022": ("UNSD 2022（增速比）", "UNSD 2022 (growth ratio)"),
    "unsd2023": ("UNSD 2023+（水平外推）", "UNSD 2023+ (level extrapolation)"),
    "eurostat": ("Eurostat（欧盟统计局）", "Eurostat"),
    "statcan": ("StatCan（加拿大统计局）", "Statistics Canada"),
    "escap": ("ESCAP（联合国亚太经社会）", "UN ESCAP"),
    "cn_midterm": ("时间过半、任务过半", "Half the time, half the task"),
}

_TYPES = {
    "level": ("总量", "Level"),
    "share": ("占比", "Share"),
    "net_increase": ("净增量", "Net increase"),
    "cumulative": ("累计量", "Cumulative"),
    "growth": ("增速", "Growth rate"),
    "rank": ("排名", "Rank"),
    "class": ("等级", "Class"),
}

_COMPARATORS = {
    ">=": ("不低于", "at least"),
    ">": ("高于", "above"),
    "<=": ("不高于", "at most"),
    "<": ("低于", "below"),
    "==": ("等于", "equal to"),
}

_BINDING = {
    "binding": ("约束性", "Binding"),
    "indicative": ("预期性", "Indicative"),
}

#: Catalog units (data/indicators.yaml) as a reader says them; an unknown unit keeps its id.
_UNITS = {
    "count": ("个", "count"),
    "percent": ("%", "%"),
    "percent_per_year": ("%/年", "%/year"),
    "100m_yuan": ("亿元", "100 million yuan"),
    "yuan": ("元", "yuan"),
    "10k_persons": ("万人", "10,000 persons"),
    "persons": ("人", "persons"),
    "per_10k_persons": ("件/万人", "per 10,000 persons"),
    "per_million_persons": ("件/百万人", "per million persons"),
    "rank": ("位次", "rank"),
    "class": ("类别", "class"),
}

#: How a goal's paths were made (``Projection.method``, the code before ``:<region>``); the
#: region is filled in by :func:`projection_basis` in the reader's language.
_BASES = {
    "pooled:peers": ("借鉴{region}下辖同级地区的增长", "growth learned from peers under {region}"),
    "pooled:parent_level": ("借鉴{region}及其同级地区的增长",
                            "growth learned from {region} and its peers"),
    "pooled:parent": ("仅借鉴{region}的增长，样本少", "growth learned from {region} alone, a thin pool"),
    "reference": ("按与{region}的比例推算", "as a ratio to {region}"),
    "default": ("本序列模型", "own-series model"),
    "default_panel": ("本序列模型，经各省回测校正", "own-series model, corrected on the provinces"),
    "default_panel_nation": ("本序列模型，经各省回测校正，区间按全国序列回测收窄",
                             "own-series model, corrected on the provinces, its band narrowed "
                             "on the national series"),
    "default_family": ("本序列模型，经各省科技指标校正",
                       "own-series model, corrected on the provinces' S&T indicators"),
    "with_grade": ("{grade}（{basis}）", "{grade} ({basis})"),
}

#: key -> {"zh": ..., "en": ...}; every key has both languages (a test checks it).
LABELS: dict[str, dict[str, str]] = {}
LABELS.update(_pairs("col", _COLUMNS))
LABELS.update(_pairs("method", _METHODS))
LABELS.update(_pairs("type", _TYPES))
LABELS.update(_pairs("cmp", _COMPARATORS))
LABELS.update(_pairs("binding", _BINDING))
LABELS.update(_pairs("unit", _UNITS))
LABELS.update(_pairs("basis", _BASES))


def add_vocabulary(prefix: str, table: dict[str, tuple[str, str]]) -> None:
    """Add one vocabulary (``name -> (zh, en)``) under ``prefix``; a key already taken is refused.

    The words of one area (the report pages, the explorer, the figures) live in their own
    module of this package (:data:`VOCABULARIES`) and register here, so :func:`t` is the one
    lookup for every reader-facing word.
    """
    clash = sorted(k for k in _pairs(prefix, table) if k in LABELS)
    if clash:
        raise RuntimeError(f"i18n keys defined twice: {clash}; each key belongs to one vocabulary.")
    for k, pair in table.items():
        if len(pair) != 2 or not all(isinstance(w, str) for w in pair):
            raise RuntimeError(f"i18n {prefix}.{k}: expected (zh, en) strings, got {pair!r}")
    LABELS.update(_pairs(prefix, table))


#: The modules of this package that hold one area's words, each as ``VOCABULARY = {prefix:
#: {name: (zh, en)}}``; imported here so every word is in :data:`LABELS` before first use.
VOCABULARIES: tuple[str, ...] = ("gap", "explore", "plots", "backtest", "report")


def _load_vocabularies() -> None:
    for name in VOCABULARIES:
        for prefix, table in importlib.import_module(f"{__name__}.{name}").VOCABULARY.items():
            add_vocabulary(prefix, table)


_load_vocabularies()
for _m in _METHODS:
    # Methods registered after import get their column names from column_label() instead.
    _name = LABELS.get(f"method.{_m}", {"zh": _m, "en": _m})
    LABELS[f"col.status_{_m}"] = {"zh": f"{_name['zh']} 判断", "en": f"{_name['en']} status"}
    LABELS[f"col.value_{_m}"] = {"zh": f"{_name['zh']} 指标值", "en": f"{_name['en']} value"}

_MISSING = object()


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is one of :data:`LANGS`, else raise with a suggestion.

    Raises
    ------
    ValueError
        For anything but ``"zh"`` or ``"en"``; common spellings (``cn``, ``zh-CN``, ``english``)
        get a did-you-mean hint.

    Examples
    --------
    >>> check_lang("en")
    'en'
    """
    if lang in LANGS:
        return lang
    hint = ""
    alias = _LANG_ALIASES.get(str(lang).strip().lower())
    if alias:
        hint = f" Did you mean '{alias}'?"
    else:
        hint = did_you_mean(str(lang).lower(), LANGS)
    raise ValueError(f"lang must be one of {list(LANGS)}; got {lang!r}.{hint}")


def t(key: str, lang: str = "zh", default=_MISSING) -> str:
    """The label of ``key`` in ``lang``.

    Parameters
    ----------
    key : str
        ``<vocabulary>.<name>``, e.g. ``"col.p_attain"``, ``"status.on_track"``,
        ``"method.unsd2022"``, ``"axis.year"`` (see the module docstring).
    lang : {"zh", "en"}
    default : str, optional
        Returned for an unknown key instead of raising (for open vocabularies such as classes
        of methods registered by a user). ``lang`` is checked either way.

    Returns
    -------
    str

    Raises
    ------
    UnknownLabelError
        For an unknown key (without ``default``); the message names the closest key.
    ValueError
        For an unknown ``lang``.

    Examples
    --------
    >>> t("col.p_attain", "zh"), t("col.p_attain", "en")
    ('达标概率', 'P(attain)')
    >>> t("status.acceleration_needed")
    '需要加速'
    >>> t("axis.band", "en").format(level=80)
    '80% interval'
    """
    check_lang(lang)
    entry = LABELS.get(key)
    if entry is None:
        if default is not _MISSING:
            return default
        # A bare name ("on_track") is the commonest slip: suggest every prefixed key it names
        # (a status and a method class can share a name); otherwise the closest spelling.
        matches = sorted(k for k in LABELS if k.split(".", 1)[1] == str(key))
        if matches:
            hint = " Did you mean " + " or ".join(f"'{m}'" for m in matches) + "?"
        else:
            hint = did_you_mean(key, LABELS)
        prefixes = sorted({k.split(".", 1)[0] + "." for k in LABELS})
        raise UnknownLabelError(
            f"no label for key {key!r}.{hint} Keys are '<vocabulary>.<name>' with vocabulary one "
            f"of {prefixes}; xtforecast.i18n.LABELS lists them all.")
    return entry[lang]


def t_count(key: str, n, lang: str = "zh") -> str:
    """The label of ``key`` for a count ``n``: its singular form ``<key>.one`` when ``n`` is 1.

    English needs "1 goal" beside "2 goals"; Chinese has one form, so a ``.one`` key repeats it.

    Parameters
    ----------
    key : str
        As for :func:`t`.
    n : int
        The count the template will show.
    lang : {"zh", "en"}

    Returns
    -------
    str

    Examples
    --------
    >>> t_count("detail.observations", 1, "en").format(n=1)
    '1 observation'
    >>> t_count("detail.observations", 3, "en").format(n=3)
    '3 observations'
    """
    return t(_count_key(key, n), lang)


def _count_key(key: str, n) -> str:
    try:
        one = float(n) == 1  # a count may come as text (a horizon column holds "1" and "all")
    except (TypeError, ValueError):
        one = False
    return f"{key}.one" if one and f"{key}.one" in LABELS else key


def projection_basis(method: str, lang: str = "zh", catalog=None) -> str:
    """What a goal's paths were learned from, in the reader's words.

    ``method`` is a projection's code: ``pooled:<pool kind>:<region>``,
    ``reference:<region>``, ``default``, ``default_panel``, ``default_panel_nation`` or
    ``default_family``; other codes
    (a test's stand-in projector) have no words for readers and give ``""``. Region names
    come from ``catalog`` when given.

    Examples
    --------
    >>> projection_basis("pooled:parent:hebei", "en")
    'growth learned from hebei alone, a thin pool'
    >>> projection_basis("reference:hebei", "zh")
    '按与hebei的比例推算'
    """
    check_lang(lang)
    text = str(method or "")
    head, _, region = text.rpartition(":") if text.count(":") else (text, "", "")
    entry = LABELS.get(f"basis.{head}")
    if entry is None or head == "with_grade":
        return ""
    reg = getattr(catalog, "regions", {}).get(region) if catalog is not None else None
    return entry[lang].format(region=reg.name(lang) if reg is not None else region)


def reason_text(reasons, lang: str = "zh", vocabulary: str = "reason") -> str:
    """Records of why a goal got its call, in ``lang``, joined into one sentence.

    Parameters
    ----------
    reasons : iterable of Reason or Detail
        :class:`~xtforecast.gap.reasons.Reason` records (code and values). A value may be a
        record itself (rendered with the same vocabulary, only when the template uses it), a
        list (joined the reader's way; a list of records is joined like causes), or
        ``{"zh": ..., "en": ...}`` (taken in ``lang``).
    lang : {"zh", "en"}
    vocabulary : {"reason", "detail"}
        ``reason``: the reader's words (``reason_zh``/``reason_en``); ``detail``: the analyst's
        account with the numbers (the ``reason`` and ``evidence_reason`` columns).

    Raises
    ------
    UnknownLabelError
        For a code without a ``<vocabulary>.<code>`` template (with the nearest code).
    KeyError
        When a template needs a value the record does not give.

    Examples
    --------
    >>> from xtforecast.gap.reasons import Reason
    >>> rs = [Reason("bridge", {"year": 2020, "ends": [2019, 2021]}), Reason("past_chance")]
    >>> reason_text(rs, "zh")
    '2020年落在两次观测之间（2019、2021年），由两者之间的桥接路径判断；该年已过，达标概率即当年已达标的可能性'
    >>> reason_text(rs, "en")[:44]
    '2020 lies between two observations (2019, 20'
    >>> reason_text([Reason("missing_years", {"years": [2024, 2025]})], "en", "detail")
    'no value for [2024, 2025] (neither observed nor in the paths)'
    """
    check_lang(lang)
    return t(f"{vocabulary}.sep", lang).join(_render(r, lang, vocabulary) for r in reasons)


def _is_record(v) -> bool:
    # a Reason or Detail of xtforecast.gap.reasons, known by its shape: this package imports
    # nothing from the gap layer
    return isinstance(getattr(v, "code", None), str) and isinstance(getattr(v, "values", None), Mapping)


def _render(record, lang: str, vocabulary: str) -> str:
    key = _count_key(f"{vocabulary}.{record.code}", record.values.get("n"))
    return t(key, lang).format_map(_Values(record, lang, vocabulary, key))


class _Values:
    """A record's values as a template reads them: each rendered when (and only if) the
    template names it, so the reader's shorter template never renders the analyst's pieces."""

    def __init__(self, record, lang: str, vocabulary: str, key: str):
        self.record, self.lang, self.vocabulary, self.key = record, lang, vocabulary, key

    def __getitem__(self, name):
        try:
            v = self.record.values[name]
        except KeyError:
            raise KeyError(f"template {self.key!r} needs the value {name!r}; the record gives "
                           f"{sorted(self.record.values)}. Add it where the record is made.") from None
        return self.value(v)

    def value(self, v):
        if _is_record(v):
            return _render(v, self.lang, self.vocabulary)
        if isinstance(v, Mapping) and set(v) >= set(LANGS):
            return self.value(v[self.lang])
        if isinstance(v, (list, tuple)):
            sep = "sep" if any(_is_record(x) for x in v) else "list_sep"
            return t(f"{self.vocabulary}.{sep}", self.lang).join(str(self.value(x)) for x in v)
        return v


def unit_label(unit: str, lang: str = "zh") -> str:
    """A catalog unit as a reader says it; an unknown unit keeps its own id.

    Examples
    --------
    >>> unit_label("100m_yuan", "zh"), unit_label("percent", "en"), unit_label("furlongs")
    ('亿元', '%', 'furlongs')
    """
    return t(f"unit.{unit}", lang, default=unit)


def column_label(column: str, lang: str = "zh") -> str:
    """The header of a summary column in ``lang``; an unknown column keeps its own name.

    Handles ``status_<method>``/``value_<method>`` of methods registered after import.

    Examples
    --------
    >>> column_label("p_attain", "en")
    'P(attain)'
    >>> column_label("status_unsd2022", "zh")
    'UNSD 2022（增速比） 判断'
    """
    check_lang(lang)
    if f"col.{column}" in LABELS:
        return LABELS[f"col.{column}"][lang]
    for prefix, word in (("status_", {"zh": " 判断", "en": " status"}),
                         ("value_", {"zh": " 指标值", "en": " value"})):
        if column.startswith(prefix):
            m = column[len(prefix):]
            return t(f"method.{m}", lang, default=m) + word[lang]
    # Columns outside the vocabulary (a user's extra column) are shown as they are, not refused:
    # a table should never fail to render because of one extra header.
    return column


def status_label(status: str, lang: str = "zh") -> str:
    """The headline status in words, e.g. ``status_label("off_track") == "偏离轨道"``.

    Raises
    ------
    UnknownLabelError
        For a value outside :data:`~xtforecast._schema.STATUSES` (with a suggestion).
    """
    return t(f"status.{status}", lang)


def method_class_label(label: str, lang: str = "zh") -> str:
    """A method's class in words; an unknown class (a user-registered method) keeps its name."""
    return t(f"class.{label}", lang, default=str(label))


#: ``display_label`` kinds -> the vocabulary prefix of their words.
_DISPLAY_KINDS = {"status": "status", "method": "class", "evidence": "evidence"}


def display_label(label: str, lang: str = "zh", kind: str = "status") -> str:
    """The display text of a snake_case label of the gap layer.

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
    check_lang(lang)
    if kind not in _DISPLAY_KINDS:
        raise ValueError(f"kind must be one of {list(_DISPLAY_KINDS)}; got {kind!r}.")
    return t(f"{_DISPLAY_KINDS[kind]}.{label}", lang, default=label)


#: The language a plan's own words (``quote``) are written in.
QUOTE_LANG = "zh"


def goal_label(target, lang: str = "zh") -> str:
    """The words that name a goal: its ``label_<lang>``, else the plan's own words (``quote``)
    when the reader reads the plan's language, else its id. An English reader never gets the
    Chinese quote: one language per page.

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
    check_lang(lang)
    quote = {QUOTE_LANG: target.quote}.get(lang, "")
    return getattr(target, f"label_{lang}", "") or quote or target.id


# Cheap self-check at import: a vocabulary added to _schema without labels fails loudly here,
# not as an English word in a Chinese report.
_missing = ([s for s in STATUSES if f"status.{s}" not in LABELS]
            + [c for c in SUMMARY_COLUMNS if f"col.{c}" not in LABELS]
            + [x for x in TARGET_TYPES if f"type.{x}" not in LABELS]
            + [x for x in COMPARATORS if f"cmp.{x}" not in LABELS])
if _missing:  # pragma: no cover - guarded by tests/test_i18n.py
    raise RuntimeError(f"i18n.LABELS lacks labels for {_missing}; add them to xtforecast/i18n/.")
