"""``xtforecast report``: the report notebook run for scenarios (papermill, in parallel).

The report runner is imported where a run starts, not here, so that ``report --help`` builds
this parser alone (:mod:`xtforecast.cli`).
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import yaml

from ..errors import XtForecastError
from .options import (
    add_as_of,
    add_data_dir,
    add_format,
    add_jobs,
    add_lang,
    add_scenarios_dir,
    add_seed,
    add_sims,
    whole_number,
)

#: Most worker processes: each holds a kernel with the scientific stack (~300 MB).
MAX_JOBS = 64

DESCRIPTION = """\
Run the report notebook for each scenario, several at a time, and write the
reports as web pages. Each scenario gets <out>/<run_id>/<scenario>/ with
report.html (the report without code), report.ipynb and summary.csv; the run
gets summary.csv (every scenario), index.html, compare.html (the scenarios
side by side), sweep.html and manifest.json (what the run was made from), and
<out>/latest points at the newest complete run.

A failing scenario is reported and the others complete. Exit code 0 when every
scenario ran, 1 when any failed, 2 for bad input (nothing is run). Needs the
notebook tools: pip install 'xtforecast[notebooks]'."""
EXAMPLE = """\
xtforecast report --scenario baseline --scenario covid_shock --lang en
xtforecast report --all --out reports"""


def add_arguments(parser) -> None:
    """Options of ``xtforecast report``."""
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--scenario", "-s", action="append", metavar="S", dest="scenarios",
                       help="scenario name in scenarios/ or a path to a .yaml file (repeatable)")
    which.add_argument("--all", action="store_true", dest="all_",
                       help="every scenario in scenarios/ (or --scenarios-dir)")
    which.add_argument("--batch", type=Path, default=None, metavar="FILE",
                       help="a CSV or YAML file of runs (name, data_dir, plan, scenario, as_of): "
                            "every city's plan under every scenario, one summary")
    parser.add_argument("--out", type=Path, default=None,
                        help="parent directory of the run (default: reports/); the run goes to "
                             "<out>/<run_id>/ and <out>/latest points at it")
    add_jobs(parser, MAX_JOBS, min(2, os.cpu_count() or 1), "2, or 1 on a one-core machine")
    add_lang(parser, "report")
    add_sims(parser, default_help="each scenario's own n_sims")
    add_seed(parser, default_help="each scenario's")
    add_as_of(parser, default="each scenario's")
    parser.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="where the scenarios run: local worker processes (default) or "
                             "dask.distributed (a LocalCluster of --jobs workers, or --scheduler)")
    parser.add_argument("--scheduler", default=None, metavar="ADDRESS",
                        help="a running Dask scheduler (tcp://HOST:8786), with --engine dask")
    add_scenarios_dir(parser)
    add_data_dir(parser)
    parser.add_argument("--run-id", default=None, help="name of the run directory (default: UTC time)")
    parser.add_argument("--template", type=Path, default=None,
                        help="report notebook (default: notebooks/scenario_report.ipynb)")
    parser.add_argument("--fresh-kernels", action="store_true",
                        help="start a new kernel for every notebook instead of one kernel per "
                             "worker kept warm between notebooks (slower, fully separate)")
    parser.add_argument("--timeout", type=whole_number(1, None, "a number of seconds"), default=None,
                        help="seconds one notebook cell may run before its scenario fails "
                             "(default 1800)")
    parser.add_argument("--no-sweep", action="store_true",
                        help="skip the sweep page of the run (sweep.html: P(attain) over two "
                             "knobs and what it would take)")
    parser.add_argument("--no-compare", action="store_true",
                        help="skip the comparison page of the run (compare.html)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                        dest="parameters", default=None,
                        help="pass a parameter to the report notebook, as papermill -p does "
                             "(repeatable; VALUE read as YAML: 2019 is a number); checked like "
                             "the template's own parameters")
    parser.add_argument("-f", "--parameters-file", type=Path, default=None, metavar="YAML",
                        help="parameters for the report notebook from a YAML mapping, as "
                             "papermill -f does (-p given too wins); checked like -p")
    add_format(parser, ("table", "json"),
               help="table: where the run went, for people (default); json: the run's "
                    "manifest on stdout, for programs")


def read_parameters_file(path) -> dict:
    """The mapping of a ``-f params.yaml`` file; a missing file or a non-mapping is refused.

    Raises
    ------
    XtForecastError
        Naming the file and what is wrong with it.
    """
    if path is None:
        return {}
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise XtForecastError(f"-f {path}: cannot read it ({exc.strerror})") from None
    except yaml.YAMLError as exc:
        raise XtForecastError(f"-f {path}: not valid YAML ({exc})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise XtForecastError(f"-f {path}: expected a mapping of NAME: VALUE, got a "
                              f"{type(data).__name__}")
    return {str(k): v for k, v in data.items()}


def parse_parameters(pairs) -> dict:
    """``[[NAME, VALUE], ...]`` of ``-p`` as a dict; values read as YAML scalars (``2019`` is
    an int, ``en`` a string, ``null`` None), as papermill reads them.

    Examples
    --------
    >>> parse_parameters([["as_of", "2019"], ["lang", "en"], ["seed", "null"]])
    {'as_of': 2019, 'lang': 'en', 'seed': None}
    """
    out = {}
    for name, value in pairs or ():
        try:
            out[name] = yaml.safe_load(value) if value.strip() else value
        except yaml.YAMLError:
            out[name] = value  # not YAML: the text itself (validation says if that is wrong)
    return out


def _skip_iri_grammar() -> None:
    """Make this process's jsonschema skip the optional ``rfc3987_syntax`` package.

    papermill imports nbformat, which imports jsonschema, which (when ``rfc3987_syntax`` is
    installed) compiles a Lark grammar for the "iri" string format at import time: about 2.6 s
    of CPU here, before any report starts, for a format no notebook schema uses. Marking the
    module absent makes jsonschema take its ImportError branch and skip that one format
    checker. Only the ``xtforecast report`` process (and the workers forked from it) is
    affected; kernels and other programs import normally.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def run(args) -> int:
    """Run the reports; print where they are and which failed."""
    missing = [m for m in ("papermill", "nbconvert", "ipykernel") if importlib.util.find_spec(m) is None]
    if missing:
        raise XtForecastError(f"reports need {', '.join(missing)}, which are not installed; "
                              "install the notebook tools: pip install 'xtforecast[notebooks]'")
    _skip_iri_grammar()
    if args.data_dir is not None and not Path(args.data_dir).is_dir():
        raise XtForecastError(f"--data-dir {args.data_dir}: no such directory; give a "
                              "directory laid out like data/ (observations.csv, "
                              "indicators.yaml, regions.yaml, targets/)")
    if args.batch is not None:
        return _run_batch(args)
    from ..report.runner import run_reports

    # The data directory reaches the kernels as each notebook's data_dir parameter.
    res = run_reports(args.scenarios, all_=args.all_, as_of=args.as_of,
                      scenarios_dir=args.scenarios_dir, run_id=args.run_id,
                      data_dir=args.data_dir, **_run_options(args))
    _say_where(res, args.format)
    return res.exit_code


def _run_options(args) -> dict:
    """The options of a report run and of a batch of them."""
    from ..report.runner import TEMPLATE

    return dict(out=args.out, jobs=args.jobs, lang=args.lang, n_sims=args.sims, seed=args.seed,
                template=args.template or TEMPLATE, warm=not args.fresh_kernels,
                progress=False if args.no_progress else None, compare=not args.no_compare,
                sweep=not args.no_sweep, engine=args.engine, scheduler=args.scheduler,
                parameters={**read_parameters_file(args.parameters_file),
                            **parse_parameters(args.parameters)},
                **({} if args.timeout is None else {"timeout": args.timeout}))


def _say_where(res, fmt: str) -> None:
    """Where the run went and what failed; json: the manifest alone on stdout."""
    m = res.manifest
    # json: stdout is the manifest alone (a program reads it); the lines for people go to stderr
    human = sys.stderr if fmt == "json" else sys.stdout
    if fmt == "json":
        print(json.dumps({"run_dir": str(res.run_dir), **m}, ensure_ascii=False, indent=2,
                         default=str))
    print(f"{res.run_dir}: {m['n_ok']} ok, {m['n_failed']} failed"
          + (f", {m['n_cancelled']} cancelled" if m.get("n_cancelled") else "")
          + f" ({m['elapsed_s']:.1f} s, {m['jobs']} job(s))", file=human)
    if res.cancelled:
        print("xtforecast report: interrupted; the run above is incomplete and `latest` still "
              "points at the previous complete run", file=sys.stderr)
    print(f"  index: {res.run_dir / 'index.html'}", file=human)
    for page in ("compare", "sweep"):
        entry = m.get(page)
        if entry and entry["status"] != "ok":
            print(f"xtforecast report: the {page} page failed: {entry['error']}", file=sys.stderr)
    for o in (o for o in res.failed if o.status == "failed"):
        first = o.error.strip().splitlines()[0] if o.error else ""
        print(f"xtforecast report: scenario {o.name} failed: {first}", file=sys.stderr)


def _run_batch(args) -> int:
    """``report --batch FILE``: one run per data directory and vintage, one cross-run summary."""
    if args.data_dir or args.scenarios_dir or args.as_of is not None or args.run_id:
        raise XtForecastError("--batch names the data, scenarios and vintages itself; leave out "
                              "--data-dir, --scenarios-dir, --as-of and --run-id")
    from ..report.batch import batch_summary, run_batch

    res = run_batch(args.batch, **_run_options(args))
    print(batch_summary(res), file=sys.stderr if args.format == "json" else sys.stdout)
    if args.format == "json":
        print(json.dumps({"batch_dir": str(res.batch_dir),
                          **json.loads((res.batch_dir / "manifest.json").read_text("utf-8"))},
                         ensure_ascii=False, indent=2))
    return res.exit_code
