"""The ``xtforecast`` command line.

Every command reads the bundled data by default and can be pointed at a user's own files
(``--data-dir`` or the per-file options), so any city and any plan work. Bad input exits
with code 2 and says what is wrong on stderr.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from . import __version__, config
from .errors import DataError, Issue, XtForecastError
from .output import FORMATS, emit

EXIT_BAD_INPUT = 2
#: ``data check`` reads files with these extensions as observations (Excel's "Unicode text"
#: is saved as .txt, tab-separated).
OBSERVATION_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm")


# -- shared options -------------------------------------------------------------------------

def _add_format(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=FORMATS, default="table",
                   help="output format: an aligned table for people (default), csv, or json")


def _add_data_options(p: argparse.ArgumentParser, observations: bool = False,
                      targets: bool = False) -> None:
    g = p.add_argument_group("data files (default: the bundled data/)")
    g.add_argument("--data-dir", type=Path, default=None,
                   help="a directory laid out like data/: observations.csv, indicators.yaml, "
                        "regions.yaml, targets/")
    g.add_argument("--indicators", type=Path, default=None, help="indicator catalog YAML")
    g.add_argument("--regions", type=Path, default=None, help="region list YAML")
    if observations:
        g.add_argument("--observations", type=Path, default=None, help="observations CSV")
    if targets:
        g.add_argument("--targets-dir", type=Path, default=None,
                       help="directory of plan target files (<plan>.yaml)")


def _paths(args) -> dict[str, Path]:
    base = args.data_dir or config.DATA_DIR
    return {
        "indicators": getattr(args, "indicators", None) or base / "indicators.yaml",
        "regions": getattr(args, "regions", None) or base / "regions.yaml",
        "observations": getattr(args, "observations", None) or base / "observations.csv",
        "targets_dir": getattr(args, "targets_dir", None) or base / "targets",
    }


def _catalog(args):
    from .catalog import load_catalog
    p = _paths(args)
    return load_catalog(p["indicators"], p["regions"])


# -- commands -------------------------------------------------------------------------------

def cmd_indicators(args) -> int:
    emit(_catalog(args).indicators_frame(), args.format)
    return 0


def cmd_targets(args) -> int:
    from .targets import load_plan, load_plans
    cat = _catalog(args)
    tdir = _paths(args)["targets_dir"]
    if args.plan:
        plans = [load_plan(args.plan, cat, tdir)]
    else:
        plans = load_plans(tdir, cat)
    frames = [p.frame() for p in plans]
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    emit(df, args.format)
    return 0


def _kind_of_yaml(path: Path) -> str:
    """Which checker a YAML file needs, from its top-level keys."""
    from .yamlio import load_yaml
    data, _ = load_yaml(path)
    if isinstance(data, dict):
        if "indicators" in data:
            return "indicators"
        if "regions" in data:
            return "regions"
        if "targets" in data or "plan" in data:
            return "plan"
    return "unknown"


def check_files(paths: list[Path], args) -> tuple[list[Issue], list[str]]:
    """Check each file with the checker its kind needs; return issues and one line per file."""
    from .catalog import Catalog, read_indicators, read_regions
    from .observations import read_observations
    from .targets import read_plan

    defaults = _paths(args)
    issues: list[Issue] = []
    notes: list[str] = []
    # The catalog is needed to check observations and targets; check it first.
    inds, errs_i = read_indicators(defaults["indicators"])
    regs, errs_r = read_regions(defaults["regions"])
    cat = Catalog(inds, regs, str(defaults["indicators"]), str(defaults["regions"]))
    catalog_issues = errs_i + errs_r
    if not paths:
        paths = [defaults["indicators"], defaults["regions"], defaults["observations"]]
        paths += sorted(Path(defaults["targets_dir"]).glob("*.yaml"))
    for path in paths:
        path = Path(path)
        if not path.exists():
            issues.append(Issue(str(path), None, "", "missing_file", "file not found; check the path"))
            continue
        if path.suffix.lower() in OBSERVATION_SUFFIXES:
            df, errs = read_observations(path, cat)
            how = f" ({df.attrs['read_note']})" if df.attrs.get("read_note") else ""
            notes.append(f"{path}: {len(df)} rows ok, {len(errs)} problem(s){how}")
        elif path.suffix.lower() in (".yaml", ".yml"):
            try:
                kind = _kind_of_yaml(path)
            except DataError as exc:
                errs = exc.issues
                kind = "invalid"
            if kind == "indicators":
                errs = errs_i if Path(path) == Path(defaults["indicators"]) else read_indicators(path)[1]
                notes.append(f"{path}: indicator catalog, {len(errs)} problem(s)")
            elif kind == "regions":
                errs = errs_r if Path(path) == Path(defaults["regions"]) else read_regions(path)[1]
                notes.append(f"{path}: region list, {len(errs)} problem(s)")
            elif kind == "plan":
                plan, errs = read_plan(path, cat)
                n = len(plan.targets) if plan else 0
                notes.append(f"{path}: plan with {n} goals, {len(errs)} problem(s)")
            elif kind == "unknown":
                errs = [Issue(str(path), 1, "", "unknown_file",
                              "not an indicator catalog (indicators:), region list (regions:) "
                              "or plan (plan:/targets:)")]
        else:
            errs = [Issue(str(path), None, "", "unknown_file",
                          "expected observations (.csv, .tsv, .txt or .xlsx) or a .yaml "
                          "catalog/plan")]
        issues += errs
    # Catalog problems matter whichever file was named: observations are checked against it.
    for i in catalog_issues:
        if i not in issues:
            issues.append(i)
    issues.sort(key=lambda i: (i.path, i.line or 0))
    return issues, notes


def cmd_data_check(args) -> int:
    issues, notes = check_files(list(args.paths), args)
    for line in notes:
        print(line, file=sys.stderr)
    if not issues:
        if args.format == "json":
            print("[]")
        elif args.format == "csv":
            print("path,line,column,rule,message")
        else:
            print("OK: no problems found")
        return 0
    if args.format == "table":
        for i in issues:
            print(i)
        print(f"{len(issues)} problem(s) found", file=sys.stderr)
    else:
        emit(pd.DataFrame([i.as_dict() for i in issues],
                          columns=["path", "line", "column", "rule", "message"]), args.format)
    return EXIT_BAD_INPUT


# -- parser ---------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xtforecast",
        description="Will a city's science-and-technology indicators reach its plan's goals? "
                    "Indicators, targets, data checks, growth-model benchmarks.",
    )
    parser.add_argument("--version", action="version", version=f"xtforecast {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True

    p = sub.add_parser("indicators", help="list the indicator catalog",
                       description="List every indicator of the catalog with unit, kind, "
                                   "direction, natural bounds and formula.")
    _add_data_options(p)
    _add_format(p)
    p.set_defaults(func=cmd_indicators)

    p = sub.add_parser("targets", help="list the goals of one plan or of all plans",
                       description="List the target registry: every goal with indicator, "
                                   "region, type, comparator, value, years and the plan's words. "
                                   "`targets draft PLAN.txt` drafts a registry from a plan's "
                                   "Chinese text; `targets score DRAFT GOLD` scores a draft.")
    p.add_argument("--plan", default=None,
                   help="plan name (file stem in the targets directory, e.g. xingtai_2020) "
                        "or a path to a plan YAML; default: all plans")
    _add_data_options(p, targets=True)
    _add_format(p)
    p.set_defaults(func=cmd_targets)
    _add_drafting_targets(p)

    p = sub.add_parser("data", help="data commands (check, template, merge)",
                       description="Commands on the data files.")
    dsub = p.add_subparsers(dest="data_command", metavar="SUBCOMMAND")
    dsub.required = True
    c = dsub.add_parser("check", help="validate observation, catalog and plan files",
                        description="Validate files against the catalog and the schema. Every "
                                    "problem is reported with file, line, column and rule. Exit "
                                    "0 when clean, 2 otherwise. With no PATH, checks all bundled "
                                    "data files.")
    c.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                   help="observations .csv, indicators/regions .yaml, or plan .yaml files")
    _add_data_options(c, targets=True)
    _add_format(c)
    c.set_defaults(func=cmd_data_check)
    _add_drafting_data(dsub)

    _add_optional_commands(sub)
    return parser


def _add_drafting_targets(p: argparse.ArgumentParser) -> None:
    """``targets draft`` and ``targets score``; bare ``targets`` still lists goals."""
    from .drafting import cli as dcli
    tsub = p.add_subparsers(dest="targets_command", metavar="SUBCOMMAND")
    tsub.required = False
    for name, adder, runner, help_text in (
            ("draft", dcli.add_draft_arguments, dcli.run_draft,
             "draft a goal registry from a plan's Chinese text (UTF-8 or GBK)"),
            ("score", dcli.add_score_arguments, dcli.run_score,
             "recall, precision and field agreement of a draft against a hand-made registry")):
        c = tsub.add_parser(name, help=help_text, description=help_text)
        adder(c)
        c.set_defaults(func=runner)


def _add_drafting_data(dsub) -> None:
    """``data template`` and ``data merge``: the sheet a researcher fills with own figures."""
    from .drafting import sheet
    for name, help_text in (("template", "the sheet of every observation a plan's goals need"),
                            ("merge", "check a filled sheet and append its rows to observations.csv")):
        c = dsub.add_parser(name, help=help_text, description=getattr(sheet, f"run_{name}").__doc__)
        getattr(sheet, f"add_{name}_arguments")(c)
        c.set_defaults(func=getattr(sheet, f"run_{name}"))


def _add_optional_commands(sub) -> None:
    """Commands that live in their own modules, registered here (a registry, not an if-chain)."""
    import importlib
    for name, module, help_text in OPTIONAL_COMMANDS:
        try:
            mod = importlib.import_module(module, __package__)
        except ModuleNotFoundError as exc:
            # Only a command whose module is absent is skipped; a broken import inside an
            # existing module must surface, not hide the command.
            full = f"{__package__}{module}"
            if not exc.name or not (full == exc.name or full.startswith(exc.name + ".")):
                raise
            continue
        p = sub.add_parser(name, help=help_text, description=(mod.__doc__ or help_text).strip())
        mod.add_arguments(p)
        p.set_defaults(func=mod.run)


#: (command, module, help) for commands implemented elsewhere in the package.
OPTIONAL_COMMANDS = [
    ("scenarios", ".scenarios.cli", "list scenarios, or check scenario files"),
    ("project", ".project", "project every goal under a scenario: the summary table"),
    ("report", ".report.cli", "run the report notebook for scenarios (papermill, in parallel)"),
    ("backtest", ".backtest", "score past calls against observed outcomes, and P(attain) on M3"),
    ("bench", ".bench", "accuracy benchmark of the growth models (M3 yearly or a CSV)"),
    ("sweep", ".sweep.cli", "every goal under every combination of a grid of scenario knobs"),
    ("what-it-takes", ".sweep.takes_cli", "per goal, the least effort for which P(attain) >= p"),
    ("init", ".drafting.init_dir", "lay out a data directory for a new plan (from a draft registry)"),
    ("explore", ".explore_server", "the goal explorer as a web page on this computer (Voila)"),
]


def _refuse_dash_values(parser: argparse.ArgumentParser, argv: list[str]) -> None:
    """``--sims=--``: argparse (3.11) drops the ``--`` and hands the command an empty list
    instead of calling the option's type, so the rule of the option never runs."""
    for a in argv:
        if a.startswith("--") and a.endswith("=--"):
            parser.error(f"argument {a[:-3]}: expected a value, got '--'")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    _refuse_dash_values(parser, argv)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except DataError as exc:
        print(f"xtforecast: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except XtForecastError as exc:
        print(f"xtforecast: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `xtforecast targets | head` is fine
        return 0


if __name__ == "__main__":
    sys.exit(main())
