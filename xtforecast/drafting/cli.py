"""Command-line handlers of the drafting commands (registered in ``xtforecast/cli.py``).

``targets draft``, ``targets score``, ``data template``, ``data merge`` and ``init``. Each
handler parses nothing itself: the argument definitions are here, next to the handler, and
``cli.py`` only hangs them on its parsers.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd


def add_draft_arguments(p) -> None:
    from ..cli import _add_data_options
    p.add_argument("text", type=Path, metavar="PLAN.txt", help="the plan text (UTF-8 or GBK/GB18030)")
    p.add_argument("--plan-id", default=None, help="plan id (default: the file name, snake_case)")
    p.add_argument("--region", default=None, help="region id of the plan (default: the region the text names most)")
    p.add_argument("--base-year", type=int, default=None, dest="base_year",
                   help="the year the plan measures from (default: inferred from the text)")
    p.add_argument("--out", type=Path, default=None, help="write the draft YAML here (default: stdout)")
    p.add_argument("--rules", type=Path, default=None, help="a rules YAML (default: the package's rules.yaml)")
    _add_data_options(p)


def _plan_id(args) -> str:
    ident = args.plan_id or re.sub(r"[^0-9a-z_]+", "_", args.text.stem.lower()).strip("_")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_]*", ident):
        from ..errors import XtForecastError
        raise XtForecastError(f"--plan-id must be snake_case (a-z, 0-9, _), got {ident!r}; e.g. --plan-id xingtai_2020")
    return ident


def run_draft(args) -> int:
    """``targets draft``: write the draft registry, and say on stderr what was read."""
    from ..cli import _catalog
    from ..report.atomic import write_text
    from ..suggest import did_you_mean
    from .extract import draft_plan
    from .registry import draft_registry, dump_registry, header_comment
    from .rules import load_rules

    catalog = _catalog(args)
    rules = load_rules(str(args.rules) if args.rules else None)
    if args.region and args.region not in catalog.regions:
        print(f"xtforecast: note: region '{args.region}' is not in the catalog."
              f"{did_you_mean(args.region, catalog.regions)} `xtforecast init` will add a stub.",
              file=sys.stderr)
    draft = draft_plan(args.text, catalog, rules, region=args.region, base_year=args.base_year)
    reg = draft_registry(draft, _plan_id(args), catalog)
    text = dump_registry(reg, header_comment(draft, rules.path))
    if args.out:
        write_text(args.out, text)
    else:
        sys.stdout.write(text)
    n_rev = sum(g.review for g in draft.goals)
    print(f"read {args.text} as {draft.text.encoding}; region {draft.region or '(none: pass --region)'}; "
          f"base year {draft.base_year.year} ({draft.base_year.rule}); {len(draft.goals)} goals, "
          f"{n_rev} to review, {len(draft.unquantified)} unquantified clause(s)"
          + (f"; wrote {args.out}" if args.out else ""), file=sys.stderr)
    return 0


def add_score_arguments(p) -> None:
    from ..cli import _add_format
    p.add_argument("draft", type=Path, metavar="DRAFT.yaml", help="the drafted registry")
    p.add_argument("gold", type=Path, metavar="GOLD.yaml", help="the hand-made registry")
    _add_format(p)


def run_score(args) -> int:
    """``targets score``: one summary row, then (table format) the missed and spurious goals."""
    from ..output import emit
    from .score import score_draft

    sc = score_draft(args.draft, args.gold)
    emit(pd.DataFrame([sc.row()]), args.format)
    if args.format == "table":
        for title, items in (("missed (in gold, not drafted)", sc.missed),
                             ("spurious (drafted, not in gold)", sc.spurious)):
            if items:
                print(f"\n{title}:")
                emit(pd.DataFrame([{k: t.get(k) for k in ("id", "type", "comparator", "value",
                                                          "target_year", "quote")} for t in items]), "table")
    return 0
