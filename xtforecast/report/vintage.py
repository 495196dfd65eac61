"""The data vintage of a run, said to the reader: ``as_of`` and real-time or hindsight.

A scenario run at ``as_of`` 2019 on data that reach 2025 sees what a forecaster saw in 2019
(*real-time*); one at ``as_of`` 2025 sees the outcome of 2020 goals (*with hindsight*). Both
read "已实现"/"偏离轨道" in the same words, so every report, index, comparison and summary states
the vintage, and a page that puts scenarios of different vintages side by side says so.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..i18n import t
from ..observations import INFORMATION, information

#: Vintage codes (the ``vintage`` column of summary.csv; ``information`` in provenance).
VINTAGES = INFORMATION


def _year(v) -> int | None:
    try:
        v = float(v)
    except (TypeError, ValueError):
        return None
    return int(v) if math.isfinite(v) else None


def vintage_code(as_of, data_end, known_from: str | None = None) -> str:
    """``real_time`` when ``as_of`` precedes the latest data year (``authors`` when figures
    count from their year, ``known_from="year"``), else ``hindsight``.

    Examples
    --------
    >>> vintage_code(2019, 2025), vintage_code(2025, 2025), vintage_code(2025, None)
    ('real_time', 'hindsight', 'hindsight')
    >>> vintage_code(2019, 2025, "year")
    'authors'
    """
    return information(_year(as_of), _year(data_end), known_from or "published")


def vantage_columns(provenance: dict) -> dict:
    """The run's vantage as the columns ``summary.csv`` carries beside the contract:
    ``as_of``, ``data_end`` (the latest data year) and ``vintage`` (:func:`vintage_code`).

    One place for the three, so that a report's summary, its ``projections.csv`` and
    ``project --columns all`` name a run's vantage alike.

    Examples
    --------
    >>> vantage_columns({"as_of": 2019, "data_end": 2025, "known_from": "year"})
    {'as_of': 2019, 'data_end': 2025, 'vintage': 'authors'}
    """
    as_of, data_end = provenance.get("as_of"), provenance.get("data_end")
    return {"as_of": as_of, "data_end": data_end,
            "vintage": vintage_code(as_of, data_end, provenance.get("known_from"))}


def vintage_label(code: str, lang: str) -> str:
    """``实时``/``事后`` (``real-time``/``hindsight``)."""
    return t(f"vintage.{code}", lang)


def vintage_sentence(as_of, data_end, lang: str, release: str | None = None,
                     rules: dict | None = None, known_from: str | None = None) -> str:
    """One sentence for a report's opening: the vintage and what it means.

    Parameters
    ----------
    as_of, data_end : int or None
    lang : {"zh", "en"}
    release : {"latest", "first_release"}, optional
        The run's ``--vintage`` (provenance ``vintage``); said in words when given.
    rules : dict, optional
        Provenance ``series_rules`` (``{"indicator/region": "published" | "year" |
        "published+year"}``): how many series publication dates cut (wholly or in part),
        how many observation years alone. Not said under ``known_from="year"``, whose
        sentence gives the rule itself.
    known_from : {"published", "year"}, optional
        The run's rule of when a figure counts as known (provenance ``known_from``).

    Examples
    --------
    >>> vintage_sentence(2019, 2025, "en")
    'real-time: only data up to 2019, as seen then; the data now reach 2025'
    >>> s = vintage_sentence(2019, 2025, "en", "first_release", {"a/x": "published", "b/x": "year"})
    >>> s.split("; ")[2:4]  # doctest: +NORMALIZE_WHITESPACE
    ['every year as first published', '1 series cut by publication date, 1 by observation year (no
    publication date in the source)']
    """
    code = vintage_code(as_of, data_end, known_from)
    out = t(f"vintage.{code}.long", lang).format(as_of=_year(as_of), data_end=_year(data_end))
    sep = t("report.clause_sep", lang)
    if release:
        out += sep + t(f"vintage.release.{release}", lang)
    if rules and code != "authors":
        n_year = sum(1 for r in rules.values() if r == "year")
        out += sep + t("vintage.rules", lang).format(n_pub=len(rules) - n_year, n_year=n_year)
    return out


def scenario_vintages(manifest: dict) -> dict[str, tuple[int | None, str]]:
    """``{scenario: (as_of, code)}`` of the ok scenarios of a run manifest."""
    out = {}
    for name, e in manifest.get("scenarios", {}).items():
        if e.get("status") != "ok":
            continue
        r = e.get("resolved") or {}
        out[name] = (_year(r.get("as_of")),
                     vintage_code(r.get("as_of"), r.get("data_end"), r.get("known_from")))
    return out


def is_mixed(vintages: dict) -> bool:
    """More than one vintage (``as_of``, or the rule of what was known) among the scenarios."""
    return len(set(vintages.values())) > 1


def column_label(label: str, as_of, code: str, lang: str) -> str:
    """A scenario's column header with its vintage, for pages that mix vintages."""
    return t("vintage.column", lang).format(label=label, as_of=as_of,
                                            vintage=vintage_label(code, lang))


def vintage_note(vintages: dict, labels: dict, lang: str) -> str:
    """The sentence above a side-by-side table: one vintage, or a warning that they differ.

    Parameters
    ----------
    vintages : dict
        ``{scenario: (as_of, code)}`` (:func:`scenario_vintages`).
    labels : dict
        ``{scenario: label}`` in ``lang``.
    lang : {"zh", "en"}

    Examples
    --------
    >>> v = {"a": (2025, "hindsight"), "b": (2019, "real_time"), "c": (2019, "real_time")}
    >>> vintage_note(v, {"a": "A", "b": "B", "c": "C"}, "en")[:60]
    'Note: these scenarios stand at different data vintages (A: d'
    """
    if not vintages:
        return ""
    if not is_mixed(vintages):
        as_of, code = next(iter(vintages.values()))
        return t("vintage.one", lang).format(as_of=as_of, vintage=vintage_label(code, lang))
    groups: dict[tuple, list[str]] = {}
    for name, key in vintages.items():
        groups.setdefault(key, []).append(labels.get(name, name))
    sep = t("report.list_sep", lang)
    parts = [t("vintage.group", lang).format(names=sep.join(names), as_of=a,
                                             vintage=vintage_label(c, lang))
             for (a, c), names in sorted(groups.items(), key=lambda kv: -(kv[0][0] or 0))]
    return t("vintage.mixed", lang).format(groups=t("report.clause_sep", lang).join(parts))


@dataclass(frozen=True)
class Family:
    """Scenarios of one run at one data vintage: compared with each other, never across.

    Attributes
    ----------
    as_of : int or None
        The vintage every scenario of the family was run at.
    code : str
        ``real_time``, ``authors`` or ``hindsight`` (:func:`vintage_code`).
    names : tuple of str
        The scenarios, in run order.
    """

    as_of: int | None
    code: str
    names: tuple[str, ...]

    def title(self, lang: str) -> str:
        """``当年视角：数据截至 2019 年（实时）`` / ``Then: data up to 2019 (real-time)``."""
        return t(f"family.{self.code}", lang).format(as_of=self.as_of)

    def note(self, lang: str) -> str:
        """What the family's vintage means for comparing its scenarios."""
        return t(f"family.{self.code}.note", lang).format(as_of=self.as_of)


def families(vintages: dict) -> list[Family]:
    """The run's scenarios grouped by vintage, the earliest ``as_of`` first.

    The shipped set comes as a plan-vantage family (``as_of`` 2019, real-time) and a today
    family (the latest data, with hindsight); each gets its own section of the index and its
    own comparison page, so a real-time call never sits beside a hindsight one.

    Parameters
    ----------
    vintages : dict
        ``{scenario: (as_of, code)}`` (:func:`scenario_vintages`), in run order.

    Examples
    --------
    >>> fs = families({"baseline": (2025, "hindsight"), "covid": (2019, "real_time"),
    ...                "push": (2019, "real_time")})
    >>> [(f.as_of, f.names) for f in fs]
    [(2019, ('covid', 'push')), (2025, ('baseline',))]
    >>> fs[0].title("en")
    'Then: data up to 2019 (real-time)'
    """
    groups: dict[tuple, list[str]] = {}
    for name, key in vintages.items():
        groups.setdefault(key, []).append(name)
    return [Family(a, c, tuple(names))
            for (a, c), names in sorted(groups.items(), key=lambda kv: (kv[0][0] is None, kv[0][0] or 0))]


def compare_stem(family: Family, fams: list[Family]) -> str:
    """The file stem of a family's comparison page: ``compare`` when the run has one family
    (one vintage), else ``compare_<as_of>`` (``compare_2019.html``, ``compare_2025.html``),
    with the family's code after it when another family stands at the same ``as_of`` under
    another rule of what was known (``compare_2019_authors``), so no page overwrites another.

    Examples
    --------
    >>> fs = [Family(2019, "real_time", ("a",)), Family(2019, "authors", ("b",))]
    >>> [compare_stem(f, fs) for f in fs], compare_stem(fs[0], fs[:1])
    (['compare_2019_real_time', 'compare_2019_authors'], 'compare')
    """
    if len(fams) == 1:
        return "compare"
    shared = sum(f.as_of == family.as_of for f in fams) > 1
    return f"compare_{family.as_of}" + (f"_{family.code}" if shared else "")


def no_call_note(rows: pd.DataFrame, as_of, lang: str) -> str:
    """Why a family's tables are all "insufficient data", said once above them (the index and
    the family's comparison page): how many goals had no observation published by ``as_of``
    and how many cannot be evaluated at all. Empty when any goal of ``rows`` (the family's
    summary rows) gets a P(attain)."""
    if rows.empty or pd.to_numeric(rows["p_attain"], errors="coerce").notna().any():
        return ""
    # a summary from before reasons had codes has no such column: nothing is unpublished
    codes = rows.get("reason_codes", pd.Series("", index=rows.index)).fillna("").astype(str)
    unpublished = codes.str.split(";").apply(lambda c: "no_observation_as_of" in c)
    n, k = rows["target_id"].nunique(), rows.loc[unpublished, "target_id"].nunique()
    note = t("family.no_call", lang).format(n=n)
    if k:
        note += t("family.no_call.unpublished", lang).format(k=k, as_of=as_of)
    if n - k:
        note += t("family.no_call.other", lang).format(m=n - k)
    return note
