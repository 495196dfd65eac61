"""Why a goal got the call it got, as data: a code and the values a sentence needs.

The gap layer says *what* happened (``Reason("bridge", {"year": 2020, "ends": [2019, 2021]})``);
:func:`xtforecast.i18n.reason_text` says it in words from the templates of
:mod:`xtforecast.i18n.gap`. The gap layer writes no sentence in any language: the Chinese and
the English of a goal come from the same record and cannot drift apart, and a new language
is one more column of templates, not a second list kept in step by hand (code review,
change 3).

Two audiences read the same records:

* the **reader** (``reason_zh``/``reason_en``, the reports): the causes of the call, without
  API detail, from the ``reason.<code>`` templates. Only :class:`Reason` records are told to
  the reader, and their codes are the ``reason_codes`` column;
* the **analyst** (the ``reason`` and ``evidence_reason`` columns, in English): the same
  causes with their numbers, from the ``detail.<code>`` templates, plus :class:`Detail`
  records the reader is not told (how the level view was built, that the paths were of the
  additions) and the pieces a detail is made of (the measure, a method's caveat).

A value may itself be a record (rendered with the same vocabulary), a list (joined the
reader's way, with the ``list_sep`` of the vocabulary; a list of records is joined like causes),
or differ by language (a plan's own note on a goal): give it as ``{"zh": ..., "en": ...}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Detail:
    """A piece of the analyst's account: a code of the ``detail.`` vocabulary and its values.

    Attributes
    ----------
    code : str
        A key of the ``detail.`` vocabulary of :mod:`xtforecast.i18n.gap` (``measure_value``,
        ``needs_two_points``, ``flow_paths``, ...).
    values : mapping
        What the template fills in (numbers keep their type, so a template can say
        ``{v0:g}``).

    Examples
    --------
    >>> Detail("measure_value", {"year": 2025}).values["year"]
    2025
    """

    code: str
    values: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Reason(Detail):
    """One cause of a goal's call, told to the reader (``reason.<code>``) and to the analyst
    (``detail.<code>``, which may use more of the values).

    Examples
    --------
    >>> r = Reason("observed_met", {"how": Detail("observed_measure")})
    >>> r.code, isinstance(r, Detail)
    ('observed_met', True)
    """


def told(records) -> list[Reason]:
    """The records a reader is told: the :class:`Reason` ones, in order.

    Examples
    --------
    >>> [r.code for r in told([Reason("bridge"), Detail("flow_paths"), Reason("past_chance")])]
    ['bridge', 'past_chance']
    """
    return [r for r in records if isinstance(r, Reason)]


def codes(records) -> str:
    """The ``reason_codes`` column: the codes told to the reader, ``;``-separated.

    Examples
    --------
    >>> codes([Reason("bridge"), Detail("flow_paths"), Reason("past_chance")])
    'bridge;past_chance'
    """
    return ";".join(r.code for r in told(records))
