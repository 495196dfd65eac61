"""``xtforecast indicators``, ``targets`` (``draft``, ``score``) and ``data`` (``check``,
``template``, ``merge``): the commands on the input files themselves.

The readers (and pandas under them) are imported in the functions that read, not here, so that
``xtforecast data check --help`` and the others build their parsers alone (:mod:`xtforecast.cli`).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .._schema import SHEET_FORMATS
from ..errors import DataError, Issue, XtForecastError, problem_count
from ..report.atomic import atomic_path, write_text
from ..suggest import did_you_mean
from ..yamlio import load_yaml
from .options import add_data_options, add_format, data_paths, inputs_from_args
from .table import EXIT_BAD_INPUT, Command, add_commands

if TYPE_CHECKING:
    from ..inputs import DataPaths

#: ``data check`` reads files with these extensions as observations (Excel's "Unicode text"
#: is saved as .txt, tab-separated).
OBSERVATION_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")
ISSUE_COLUMNS = ["path", "line", "column", "rule", "message"]


# -- indicators ----------------------------------------------------------------------------------

def add_indicators_arguments(p) -> None:
    add_data_options(p)
    add_format(p)


def run_indicators(args) -> int:
    from ..output import emit

    emit(inputs_from_args(args, load=False).catalog.indicators_frame(), args.format)
    return 0


# -- targets -------------------------------------------------------------------------------------

def add_targets_arguments(p) -> None:
    p.add_argument("--plan", default=None,
                   help="plan name (file stem in the targets directory, e.g. xingtai_2020) "
                        "or a path to a plan YAML; default: all plans")
    add_data_options(p, targets=True)
    add_format(p)
    sub = p.add_subparsers(dest="targets_command", metavar="SUBCOMMAND")
    sub.required = False  # bare `targets` lists the goals
    add_commands(sub, TARGETS_COMMANDS)


def run_targets(args) -> int:
    import pandas as pd

    from ..output import emit

    inputs = inputs_from_args(args, load=False)
    plans = [inputs.plan(args.plan)] if args.plan else inputs.plans()
    frames = [p.frame() for p in plans]
    emit(pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(), args.format)
    return 0


def add_draft_arguments(p) -> None:
    p.add_argument("text", type=Path, metavar="PLAN.txt", help="the plan text (UTF-8 or GBK/GB18030)")
    p.add_argument("--plan-id", default=None, help="plan id (default: the file name, snake_case)")
    p.add_argument("--region", default=None,
                   help="region id of the plan (default: the region the text names most)")
    p.add_argument("--base-year", type=int, default=None, dest="base_year",
                   help="the year the plan measures from (default: inferred from the text)")
    p.add_argument("--out", type=Path, default=None, help="write the draft YAML here (default: stdout)")
    p.add_argument("--rules", type=Path, default=None,
                   help="a rules YAML (default: the reading rules that come with xtforecast)")
    add_data_options(p)


def _plan_id(args) -> str:
    ident = args.plan_id or re.sub(r"[^0-9a-z_]+", "_", args.text.stem.lower()).strip("_")
    if not re.fullmatch(r"[a-z0-9][a-z0-9_]*", ident):
        raise XtForecastError(f"--plan-id must be snake_case (a-z, 0-9, _), got {ident!r}; "
                              "e.g. --plan-id xingtai_2020")
    return ident


def run_draft(args) -> int:
    """``targets draft``: write the draft registry, and say on stderr what was read."""
    from ..drafting import draft_plan, load_rules
    from ..drafting.registry import draft_registry, dump_registry, header_comment

    catalog = inputs_from_args(args, load=False).catalog
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
    p.add_argument("draft", type=Path, metavar="DRAFT.yaml", help="the drafted registry")
    p.add_argument("gold", type=Path, metavar="GOLD.yaml", help="the hand-made registry")
    add_format(p)


def run_score(args) -> int:
    """``targets score``: one summary row, then (table format) the missed and spurious goals."""
    import pandas as pd

    from ..drafting import score_draft
    from ..output import emit

    sc = score_draft(args.draft, args.gold)
    emit(pd.DataFrame([sc.row()]), args.format)
    if args.format == "table":
        for title, items in (("missed (in gold, not drafted)", sc.missed),
                             ("spurious (drafted, not in gold)", sc.spurious)):
            if items:
                print(f"\n{title}:")
                emit(pd.DataFrame([{k: t.get(k) for k in ("id", "type", "comparator", "value",
                                                          "target_year", "quote")} for t in items]),
                     "table")
    return 0


# -- data check ----------------------------------------------------------------------------------

def add_check_arguments(p) -> None:
    p.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="observations .csv, indicators/regions .yaml, or plan .yaml files")
    add_data_options(p, targets=True)
    add_format(p)


class _Checking:
    """What every file's check needs: the catalog (checked first) and its own problems."""

    def __init__(self, where: DataPaths):
        from ..catalog import read_catalog

        self.where = where
        self.catalog, self.errs_i, self.errs_r = read_catalog(where.indicators, where.regions)


def _kind_of_yaml(path: Path) -> str:
    """Which checker a YAML file needs, from its top-level keys."""
    data, _ = load_yaml(path)
    if isinstance(data, dict):
        if "indicators" in data:
            return "indicators"
        if "regions" in data:
            return "regions"
        if "targets" in data or "plan" in data:
            return "plan"
    return "unknown"


def _check_indicators(path: Path, c: _Checking):
    from ..catalog import read_indicators

    errs = c.errs_i if path == Path(c.where.indicators) else read_indicators(path)[1]
    return errs, f"{path}: indicator catalog, {problem_count(len(errs))}"


def _check_regions(path: Path, c: _Checking):
    from ..catalog import read_regions

    errs = c.errs_r if path == Path(c.where.regions) else read_regions(path)[1]
    return errs, f"{path}: region list, {problem_count(len(errs))}"


def _check_plan(path: Path, c: _Checking):
    from ..targets import read_plan

    plan, errs = read_plan(path, c.catalog)
    n = len(plan.targets) if plan else 0
    return errs, f"{path}: plan with {problem_count(n, 'goal')}, {problem_count(len(errs))}"


def _check_unknown_yaml(path: Path, c: _Checking):
    return [Issue(str(path), 1, "", "unknown_file",
                  "not an indicator catalog (indicators:), region list (regions:) "
                  "or plan (plan:/targets:)")], None


#: YAML kind -> checker (a registry, not an if-chain); each gives (issues, note or None).
YAML_CHECKERS = {"indicators": _check_indicators, "regions": _check_regions,
                 "plan": _check_plan, "unknown": _check_unknown_yaml}


def _check_one(path: Path, c: _Checking):
    """(issues, a line for stderr or None) of one file."""
    if not path.exists():
        return [Issue(str(path), None, "", "missing_file", "file not found; check the path")], None
    suffix = path.suffix.lower()
    if suffix in OBSERVATION_SUFFIXES:
        from ..observations import read_observations

        df, errs = read_observations(path, c.catalog)
        how = f" ({df.attrs['read_note']})" if df.attrs.get("read_note") else ""
        return errs, f"{path}: {len(df)} rows ok, {problem_count(len(errs))}{how}"
    if suffix in (".yaml", ".yml"):
        try:
            kind = _kind_of_yaml(path)
        except DataError as exc:
            return exc.issues, None
        return YAML_CHECKERS[kind](path, c)
    return [Issue(str(path), None, "", "unknown_file",
                  "expected observations (.csv, .tsv, .txt or .xlsx) or a .yaml catalog/plan")], None


def check_files(paths: list[Path], where: DataPaths) -> tuple[list[Issue], list[str]]:
    """Check each file with the checker its kind needs; return issues and one line per file.

    With no ``paths``, every file of ``where`` is checked (catalog, observations, plans).
    """
    c = _Checking(where)
    if not paths:
        paths = [where.indicators, where.regions, where.observations]
        paths += sorted(Path(where.targets_dir).glob("*.yaml"))
    issues: list[Issue] = []
    notes: list[str] = []
    for path in paths:
        errs, note = _check_one(Path(path), c)
        issues += errs
        if note:
            notes.append(note)
    # Catalog problems matter whichever file was named: observations are checked against it.
    issues += [i for i in c.errs_i + c.errs_r if i not in issues]
    issues.sort(key=lambda i: (i.path, i.line or 0))
    return issues, notes


def print_issues(issues: list[Issue], fmt: str, clean: str) -> int:
    """The problems in ``fmt`` (the line ``clean`` when there are none); the exit code."""
    import pandas as pd

    from ..output import emit

    if not issues:
        print({"json": "[]", "csv": ",".join(ISSUE_COLUMNS)}.get(fmt, clean))
        return 0
    if fmt == "table":
        for i in issues:
            print(i)
        print(f"{problem_count(len(issues))} found", file=sys.stderr)
    else:
        emit(pd.DataFrame([i.as_dict() for i in issues], columns=ISSUE_COLUMNS), fmt)
    return EXIT_BAD_INPUT


def run_check(args) -> int:
    issues, notes = check_files(list(args.paths), data_paths(args))
    for line in notes:
        print(line, file=sys.stderr)
    return print_issues(issues, args.format, "OK: no problems found")


# -- data template and data merge ----------------------------------------------------------------

def add_template_arguments(p) -> None:
    p.add_argument("--plan", required=True,
                   help="plan name (file stem in the targets directory) or a path")
    add_format(p, SHEET_FORMATS, help="csv (default) or xlsx")
    p.add_argument("--out", type=Path, default=None,
                   help="output file (default: stdout for csv, <plan>_data.xlsx)")
    add_data_options(p, observations=True, targets=True)


def run_template(args) -> int:
    """Write the sheet of every observation the plan's goals need (public values pre-filled)."""
    from ..drafting.sheet import need_openpyxl, template_frame

    # a directory just made by `init` holds no figures yet: that is what the sheet is for
    inputs = inputs_from_args(args, load=False, allow_empty=True)
    plan = inputs.plan(args.plan)
    df = template_frame(plan, inputs.catalog, inputs.observations)
    n_pub = int((df["prefilled"] == "public").sum())
    out = args.out
    if args.format == "xlsx":
        need_openpyxl()
        out = out or Path(f"{plan.id}_data.xlsx")
        with atomic_path(out) as tmp:
            df.to_excel(tmp, index=False, sheet_name="observations", engine="openpyxl")
    elif out is None:
        sys.stdout.write(df.to_csv(index=False, lineterminator="\n"))
    else:
        # A BOM, so that Excel opens the Chinese text as UTF-8; the loader reads it.
        write_text(out, df.to_csv(index=False, lineterminator="\n"), encoding="utf-8-sig")
    print(f"{len(df)} rows for plan {plan.id} ({n_pub} pre-filled from public data, "
          f"{len(df) - n_pub} to fill)" + (f"; wrote {out}" if out else ""), file=sys.stderr)
    return 0


def add_merge_arguments(p) -> None:
    p.add_argument("sheet", type=Path, metavar="SHEET", help="a filled template (.csv or .xlsx)")
    add_data_options(p, observations=True)


def run_merge(args) -> int:
    """Check a filled sheet and append its new rows to the observations file."""
    from ..drafting.sheet import merge_sheet

    inputs = inputs_from_args(args, load=False)
    obs_path = inputs.paths.observations
    added, n_same, n_empty = merge_sheet(args.sheet, obs_path, inputs.catalog)
    print(f"added {len(added)} row(s) to {obs_path}; {n_same} already there, {n_empty} left empty")
    for rec in added:
        print(f"  + {rec['indicator']} {rec['region']} {rec['year']} = {rec['value']} {rec['unit']}")
    return 0


def add_data_arguments(p) -> None:
    sub = p.add_subparsers(dest="data_command", metavar="SUBCOMMAND")
    sub.required = True
    add_commands(sub, DATA_COMMANDS)


TARGETS_COMMANDS = (
    Command("draft", add_draft_arguments, run_draft,
            "draft a goal registry from a plan's Chinese text (UTF-8 or GBK)",
            """\
Read a plan's Chinese text and propose every quantified goal in it as a goal
registry (YAML), ready to review. Each goal carries the words it was read from
and a review flag where the reading is uncertain. On stderr: the encoding, the
region, the base year and how many goals were found.""",
            "xtforecast targets draft plan.txt --region xingtai --out draft.yaml"),
    Command("score", add_score_arguments, run_score,
            "recall, precision and field agreement of a draft against a hand-made registry",
            """\
Compare a drafted registry with one made by hand: how many of the hand-made
goals were found (recall), how many drafted goals are real (precision), and
how often type, comparator, value and year agree. The table format also lists
the goals missed and the goals drafted in error.""",
            "xtforecast targets score draft.yaml data/targets/xingtai_2020.yaml"),
)

DATA_COMMANDS = (
    Command("check", add_check_arguments, run_check,
            "validate observation, catalog and plan files",
            """\
Validate files against the catalog and the schema. Every problem is reported
with file, line, column and rule, all in one pass. With no PATH, checks every
file of the data directory. Exit code 0 when clean, 2 otherwise.""",
            """\
xtforecast data check
xtforecast data check data/observations.csv --format csv"""),
    Command("template", add_template_arguments, run_template,
            "the sheet of every observation a plan's goals need",
            """\
Write the sheet a researcher fills with the plan's figures: one row per
indicator, region and year the goals need, from five years before the base
year to the last target year. Rows already in the data are filled in and
marked "public" in the prefilled column; needed_for names the goals that use
each row.""",
            "xtforecast data template --plan xingtai_2020 --out sheet.csv"),
    Command("merge", add_merge_arguments, run_merge,
            "check a filled sheet and append its rows to observations.csv",
            """\
Check a filled sheet with every rule of "data check" and append its new rows
to the observations file. Nothing is written when any row has a problem; rows
already in the data with the same value are skipped, and a row that repeats
a figure with another value is refused.""",
            "xtforecast data merge sheet.csv --data-dir mycity"),
)
