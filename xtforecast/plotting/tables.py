"""The summary as reader's tables: :func:`status_table` (headers and words translated, numbers
left as numbers) and :func:`method_table` (each goal's class under every progress method)."""

from __future__ import annotations

import pandas as pd

from ..gap.methods import METHODS
from ..i18n import check_lang, column_label, method_class_label, projection_basis, status_label, t
from .common import goal_labels, require, statuses

#: Columns of :func:`status_table`, in order; those absent from the summary are skipped.
STATUS_TABLE_COLUMNS = [
    "goal", "scenario", "target_year", "target_type", "comparator", "target_value",
    "latest_year", "latest_value", "projected_median", "projected_p10", "projected_p90",
    "p_attain", "status", "required_cagr", "evidence",
]


def _basis_words(summary: pd.DataFrame, lang: str, catalog) -> list[str]:
    """Per row, what its paths were learned from (empty where no paths were used)."""
    codes = summary["projection_method"] if "projection_method" in summary.columns \
        else [""] * len(summary)
    return [projection_basis(c, lang, catalog) if isinstance(c, str) and c else "" for c in codes]


def status_table(summary, lang="zh", catalog=None) -> pd.DataFrame:
    """The summary as a reader's table: translated headers and words, numbers left as numbers.

    Parameters
    ----------
    summary : pandas.DataFrame
        The summary table (needs ``target_id``; every other column is optional).
    lang : {"zh", "en"}
    catalog : Catalog, optional
        For region names in the evidence's basis (what the paths were learned from).

    Returns
    -------
    pandas.DataFrame
        Columns (those present) in :data:`STATUS_TABLE_COLUMNS` order with headers from
        :func:`xtforecast.i18n.column_label`; ``goal`` is the label in ``lang``; goal type,
        comparator, status and evidence in words. ``scenario`` is dropped when there is only one.

    Examples
    --------
    >>> df = pd.DataFrame({"target_id": ["a"], "status": ["off_track"], "p_attain": [0.1]})
    >>> status_table(df, "zh").columns.tolist()
    ['目标', '达标概率', '总体判断']
    >>> status_table(df, "en").iloc[0, -1]
    'Off track'
    """
    check_lang(lang)
    summary = pd.DataFrame(summary).reset_index(drop=True)
    require(summary, ["target_id"], "status_table")
    out = pd.DataFrame(index=summary.index)
    words = {
        "target_type": lambda v: t(f"type.{v}", lang, default=v),
        "comparator": lambda v: t(f"cmp.{v}", lang, default=v),
        "evidence": lambda v: t(f"evidence.{v}", lang, default=v),
    }
    basis = _basis_words(summary, lang, catalog)
    for col in STATUS_TABLE_COLUMNS:
        if col == "goal":
            out[col] = goal_labels(summary, lang)
        elif col == "scenario":
            if col in summary.columns and summary[col].nunique(dropna=True) > 1:
                out[col] = summary[col]
        elif col == "status":
            if col in summary.columns:
                out[col] = [status_label(s, lang) for s in statuses(summary)]
        elif col in summary.columns:
            s = summary[col]
            out[col] = s.map(lambda v, f=words[col]: "" if pd.isna(v) else f(str(v))) \
                if col in words else s
    if "evidence" in out.columns:
        pattern = t("basis.with_grade", lang)
        out["evidence"] = [pattern.format(grade=g, basis=b) if b else g
                           for g, b in zip(out["evidence"], basis)]
    return out.rename(columns=lambda c: column_label(c, lang))


def method_table(summary, lang="zh") -> pd.DataFrame:
    """Each goal's class under every progress method, side by side, in words.

    Parameters
    ----------
    summary : pandas.DataFrame
        The summary with ``status_<method>`` columns (as from
        :func:`~xtforecast.gap.evaluate.evaluate_targets`); ``target_id`` required, the headline
        ``status`` and ``scenario`` used when present.
    lang : {"zh", "en"}

    Returns
    -------
    pandas.DataFrame
        Columns: goal, [scenario], headline status, then one column per method (registered
        methods in :data:`~xtforecast.gap.methods.METHODS` order), headed by the method's name.

    Raises
    ------
    ValueError
        If there is no ``status_<method>`` column (the summary of ``project --format csv``
        holds only the contract columns).

    Examples
    --------
    >>> df = pd.DataFrame({"target_id": ["a"], "status_unsd2022": ["fair_progress"]})
    >>> method_table(df, "zh").iloc[0].tolist()
    ['a', '有进展但需加快']
    """
    check_lang(lang)
    summary = pd.DataFrame(summary).reset_index(drop=True)
    require(summary, ["target_id"], "method_table")
    cols = [c for c in summary.columns if c.startswith("status_")]
    if not cols:
        raise ValueError("method_table needs status_<method> columns (one per method, e.g. "
                         "status_unsd2022); the summary has none. Use the full table of "
                         "xtforecast.gap.evaluate.evaluate_targets, not the contract columns only.")
    order = {f"status_{m}": i for i, m in enumerate(METHODS)}
    cols.sort(key=lambda c: order.get(c, len(order)))
    out = pd.DataFrame({t("col.goal", lang): goal_labels(summary, lang)})
    if "scenario" in summary.columns and summary["scenario"].nunique(dropna=True) > 1:
        out[column_label("scenario", lang)] = summary["scenario"]
    if "status" in summary.columns:
        out[column_label("status", lang)] = [status_label(s, lang) for s in statuses(summary)]
    for c in cols:
        name = t(f"method.{c[len('status_'):]}", lang, default=c[len("status_"):])
        out[name] = summary[c].map(lambda v: "" if pd.isna(v) else method_class_label(str(v), lang))
    return out
