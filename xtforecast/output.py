"""Print tables as a person, a spreadsheet or a program wants them (``--format``)."""

from __future__ import annotations

import json
import math
import sys
from typing import TextIO

import pandas as pd

from ._schema import OUTPUT_FORMATS as FORMATS


def _jsonable(v):
    if v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


def _names_a_year(column) -> bool:
    # a horizon is a year too (a scenario's last projected year) or a number of years
    return isinstance(column, str) and (column in ("year", "as_of", "horizon")
                                        or column.endswith("_year"))


def whole_years(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with its year columns as whole numbers, even beside a missing year.

    A column of years with one gap is a float column in pandas, so every year in it printed as
    ``2019.0``; a column named ``year``, ``as_of``, ``horizon`` or ``*_year`` whose values are all whole
    numbers becomes the nullable ``Int64`` instead (a gap stays empty in CSV, ``null`` in JSON).

    Examples
    --------
    >>> df = pd.DataFrame({"latest_year": [2019.0, None], "value": [1.0, 2.0]})
    >>> whole_years(df).to_csv(index=False).splitlines()
    ['latest_year,value', '2019,1.0', ',2.0']
    """
    years = {c: df[c].astype("Int64") for c in df.columns
             if _names_a_year(c) and pd.api.types.is_float_dtype(df[c]) and _whole(df[c])}
    return df.assign(**years) if years else df


def _whole(col: pd.Series) -> bool:
    known = col.dropna()
    return bool((known == known.round()).all())


def records(df: pd.DataFrame) -> list[dict]:
    """The rows of ``df`` as JSON-ready dicts: NaN becomes None, numpy scalars Python ones.

    Examples
    --------
    >>> records(pd.DataFrame({"a": [1.5, float("nan")]}))
    [{'a': 1.5}, {'a': None}]
    """
    return [{k: _jsonable(v) for k, v in rec.items()} for rec in df.to_dict(orient="records")]


def _cell(value, width: int):
    """A text cell of a table: empty for None (which to_string would print as "None"), a
    number among texts (a goal's value beside a class "B") as :func:`figures` writes it, and
    text cut to ``width`` characters."""
    if value is None:
        return ""
    if isinstance(value, float):
        return figures(value)
    if isinstance(value, str) and len(value) > width:
        return value[: width - 1] + "…"
    return value


def figures(x, digits: int = 4) -> str:
    """``x`` as a person reads it in a table: ``digits`` significant figures, thousands
    separated, no trailing zeros, never in exponent form; empty for a missing value.

    A summary's floats printed in full (``2218.047794``, ``0.075586``) made ``project``'s table
    over 300 columns wide; CSV and JSON keep every digit.

    Examples
    --------
    >>> [figures(v) for v in (2218.047794, 102.133076, 325.0, 0.6545, 0.075586, 1.2, -0.5)]
    ['2,218', '102.1', '325', '0.6545', '0.07559', '1.2', '-0.5']
    >>> figures(35000.0), figures(0.0), figures(float("nan")), figures(float("inf"))
    ('35,000', '0', '', 'inf')
    """
    if x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x)):
        return ""
    if x == 0:
        return "0"
    if not math.isfinite(x):
        return str(x)
    decimals = max(0, digits - 1 - math.floor(math.log10(abs(x))))
    text = f"{x:,.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def emit(df: pd.DataFrame, fmt: str = "table", out: TextIO | None = None,
         max_colwidth: int = 48) -> None:
    """Write ``df`` to ``out`` (stdout) as an aligned table, CSV, or a JSON list of records.

    In ``table`` form long texts (quotes, notes) are cut at ``max_colwidth`` characters so a
    row stays on one line and numbers show four significant figures (:func:`figures`);
    ``csv`` and ``json`` always carry the full text and every digit.
    """
    out = out or sys.stdout
    df = whole_years(df)
    if fmt == "csv":
        df.to_csv(out, index=False, lineterminator="\n")
    elif fmt == "json":
        json.dump(records(df), out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "table":
        if df.empty:
            out.write("(no rows)\n")
            return
        shown = df.copy()
        for col in shown.columns:
            if isinstance(shown[col].dtype, pd.Int64Dtype):  # to_string prints <NA> for a gap
                shown[col] = shown[col].astype(object).where(shown[col].notna(), "")
            if pd.api.types.is_float_dtype(shown[col]):
                shown[col] = shown[col].map(figures)
            elif shown[col].dtype == object or pd.api.types.is_string_dtype(shown[col]):
                shown[col] = shown[col].map(lambda s: _cell(s, max_colwidth))
        # pad by display width: a hanzi takes two terminal columns, so Chinese labels
        # padded by characters pushed every later column out of line
        with pd.option_context("display.unicode.east_asian_width", True):
            out.write(shown.to_string(index=False, na_rep="") + "\n")
    else:  # argparse restricts choices; this guards library callers
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
