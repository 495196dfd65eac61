"""Print tables as a person, a spreadsheet or a program wants them (``--format``)."""

from __future__ import annotations

import json
import math
import sys
from typing import TextIO

import pandas as pd

from ._schema import OUTPUT_FORMATS as FORMATS


def _jsonable(v):
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        return v.item()
    return v


def records(df: pd.DataFrame) -> list[dict]:
    """The rows of ``df`` as JSON-ready dicts: NaN becomes None, numpy scalars Python ones.

    Examples
    --------
    >>> records(pd.DataFrame({"a": [1.5, float("nan")]}))
    [{'a': 1.5}, {'a': None}]
    """
    return [{k: _jsonable(v) for k, v in rec.items()} for rec in df.to_dict(orient="records")]


def emit(df: pd.DataFrame, fmt: str = "table", out: TextIO | None = None,
         max_colwidth: int = 48) -> None:
    """Write ``df`` to ``out`` (stdout) as an aligned table, CSV, or a JSON list of records.

    In ``table`` form long texts (quotes, notes) are cut at ``max_colwidth`` characters so a
    row stays on one line; ``csv`` and ``json`` always carry the full text.
    """
    out = out or sys.stdout
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
            if shown[col].dtype == object or pd.api.types.is_string_dtype(shown[col]):
                shown[col] = shown[col].map(
                    lambda s: s if not isinstance(s, str) or len(s) <= max_colwidth
                    else s[: max_colwidth - 1] + "…")
        out.write(shown.to_string(index=False, na_rep="") + "\n")
    else:  # argparse restricts choices; this guards library callers
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
