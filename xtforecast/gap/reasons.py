"""Why a goal got the call it got, as data: a code and the values a sentence needs.

The gap layer says *what* happened (``Reason("bridge", {"year": 2020, "ends": [2019, 2021]})``);
:func:`xtforecast.i18n.reason_text` says it in the reader's language from the templates
``reason.<code>`` of :mod:`xtforecast.i18n`. So the Chinese and the English reason of a goal
come from the same record and cannot drift apart, and a new language is one more column of
templates, not a second list kept in step by hand (code review, change 3).

A value may itself differ by language (a plan's own note on a goal): give it as
``{"zh": ..., "en": ...}``. A list is joined the reader's way (``2019、2021`` / ``2019, 2021``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Reason:
    """One cause of a goal's call.

    Attributes
    ----------
    code : str
        A key of the ``reason.`` vocabulary of :mod:`xtforecast.i18n` (``bridge``,
        ``past_unobserved``, ``no_paths``, ...).
    values : mapping
        What the template fills in.

    Examples
    --------
    >>> Reason("observed_met").code
    'observed_met'
    """

    code: str
    values: Mapping = field(default_factory=dict)
