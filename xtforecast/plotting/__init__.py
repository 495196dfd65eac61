"""Figures and reader-facing tables, in Chinese or English.

Every plotting function takes ``ax=None`` and returns the ``Axes`` it drew on (a new figure when
``ax`` is None), so figures compose in notebooks and reports; every one takes ``lang`` (``zh``
default, or ``en``) and registers the packaged Chinese font first (:func:`~xtforecast.fonts.
use_cjk_font`), so the same call draws the same figure on any machine.

Inputs are plain numpy/pandas: a history table (``year``, ``value``, optional ``bound``), the
projected ``years`` and ``paths`` (``n_sims × len(years)``) of a
:class:`~xtforecast.projection.Projection`, and the summary table of
:func:`~xtforecast.gap.evaluate.evaluate_targets` (:data:`~xtforecast._schema.SUMMARY_COLUMNS`,
plus ``label_zh``/``label_en`` and ``status_<method>`` when present).

Artists carry a ``gid`` (``band-80``, ``median``, ``target``, ``target-path``, ``bar-<id>``...)
so tests and downstream code can find them without relying on drawing order.

The modules:

=========== ===================================================================================
``fan``     :func:`fan_chart`, drawn in named steps (the goal, history, fan, goal marker, frame)
``frame``   the fan chart's axes: years, class letters, end labels, corner notes
``summary`` :func:`p_attain_bars` and :func:`status_heatmap` of a summary table
``tables``  :func:`status_table` and :func:`method_table`, the reader's tables
``common``  status colours, goal labels, number words, the value axis, :func:`show_figure`
=========== ===================================================================================

The figures' words are in the vocabulary (``axis.``, ``plot.`` and ``knob_axis.`` keys,
:mod:`xtforecast.i18n.plots`): templates hold each language's word order and punctuation.
"""

from __future__ import annotations

from .common import GUIDES, STATUS_COLORS, goal_labels, show_figure, value_axis_label
from .fan import CLIP_FACTOR, fan_chart
from .frame import LABEL_GAP
from .summary import p_attain_bars, status_heatmap
from .tables import STATUS_TABLE_COLUMNS, method_table, status_table

__all__ = ["fan_chart", "p_attain_bars", "status_heatmap", "status_table", "method_table",
           "goal_labels", "value_axis_label", "show_figure", "STATUS_COLORS", "GUIDES",
           "CLIP_FACTOR", "LABEL_GAP", "STATUS_TABLE_COLUMNS"]
