"""The command line as one package on top of the library (issue 10, item 2).

* No library module imports ``xtforecast.cli`` (read with ``ast``, relative imports resolved),
  so the CLI is the top floor and nothing below it depends on it.
* Every command's ``--help`` is plain text written for users and ends with an example.
* The examples work: they are run on the bundled data (with few sample paths).
"""

import argparse
import ast
import doctest
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from xt_testpaths import REPO

import xtforecast
from xtforecast.cli import build_parser, main, options

PACKAGE = Path(xtforecast.__file__).parent
SYNTHETIC_PLAN = REPO / "tests" / "drafting" / "fixtures" / "synthetic_plan.txt"


# -- layering -------------------------------------------------------------------------------------

def module_name(path: Path, root: Path = PACKAGE) -> str:
    """``xtforecast/a/b.py`` -> ``xtforecast.a.b``; a package's ``__init__`` is the package."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, name: str, is_package: bool) -> set[str]:
    """Every module an ``import`` of ``source`` (module ``name``) may bind, relative ones
    resolved: ``from .. import cli`` in ``xtforecast.sweep.core`` gives ``xtforecast.cli``."""
    package = name if is_package else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            found.add(mod)
            found.update(f"{mod}.{a.name}" for a in node.names)
    return found


def imports_the_cli(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if m == "xtforecast.cli" or m.startswith("xtforecast.cli."))


@pytest.mark.parametrize("source, name, is_package, expected", [
    ("from .. import cli", "xtforecast.sweep.core", False, ["xtforecast.cli"]),
    ("from ..cli import options", "xtforecast.sweep.core", False,
     ["xtforecast.cli", "xtforecast.cli.options"]),
    ("from .cli import main", "xtforecast.project", False, ["xtforecast.cli", "xtforecast.cli.main"]),
    ("from . import cli", "xtforecast.scenarios", True, []),        # xtforecast.scenarios.cli
    ("import xtforecast.cli.options", "xtforecast.bench", False, ["xtforecast.cli.options"]),
    ("from xtforecast import cli", "xtforecast.bench", False, ["xtforecast.cli"]),
    ("from .client import x", "xtforecast.bench", False, []),
])
def test_the_import_reader_resolves_relative_imports(source, name, is_package, expected):
    assert imports_the_cli(imported_modules(source, name, is_package)) == expected


def test_no_library_module_imports_the_cli():
    offenders = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        # the CLI itself, and `python -m xtforecast` (the program's entrance, which runs it)
        if (PACKAGE / "cli") in path.parents or path == PACKAGE / "__main__.py":
            continue
        name = module_name(path)
        found = imports_the_cli(imported_modules(path.read_text(encoding="utf-8"), name,
                                                 path.name == "__init__.py"))
        if found:
            offenders[name] = found
    assert not offenders, f"library modules import the CLI: {offenders}"


def test_the_cli_is_a_package_with_a_static_table():
    source = (PACKAGE / "cli" / "__init__.py").read_text(encoding="utf-8")
    assert "import_module" not in source and "importlib" not in source
    assert not (PACKAGE / "cli.py").exists()


#: What a ``--help`` must not load: the scientific stack (seconds on a slow machine).
HEAVY = ("pandas", "numpy", "scipy", "statsmodels", "matplotlib")


def test_no_help_loads_the_scientific_stack():
    """Every command's and subcommand's ``--help`` (and the program's) is answered from the
    parsers alone: a fresh process that asks each of them in turn has imported none of
    pandas, numpy, scipy, statsmodels or matplotlib (a module imported once stays in
    ``sys.modules``, so one import at the top of any command's module fails this)."""
    paths = [list(p) for p in PARSERS]
    code = ("import sys\nfrom xtforecast.cli import main\n"
            f"for path in {paths!r}:\n"
            "    try:\n        main(path + ['--help'])\n    except SystemExit:\n        pass\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert len(paths) > 15 and "what-it-takes" in out  # the helps ran and were printed
    assert out.splitlines()[-1] == "[]", out.splitlines()[-1]


def test_a_usage_error_loads_the_scientific_stack_neither():
    """A misspelt command or a bad option value is refused before any of the library loads."""
    code = ("import sys\nfrom xtforecast.cli import main\n"
            "for argv in (['projct'], ['project', '--sims', '0'], ['bench', '--k']):\n"
            "    try:\n        main(argv)\n    except SystemExit as e:\n"
            "        assert e.code == 2, (argv, e.code)\n"
            f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert "invalid choice: 'projct'" in done.stderr and "--sims" in done.stderr
    assert done.stdout.splitlines()[-1] == "[]", done.stdout


def test_the_option_vocabularies_are_the_registries():
    """The names the options offer (:mod:`xtforecast._schema`, light) are the keys of the
    registries that implement them (heavy modules): a rule added to one but not the other
    would be offered and fail, or work and not be offered."""
    from xtforecast import _schema, bench, engines, observations, output
    from xtforecast.sweep import EFFORT_KNOBS

    assert tuple(observations.VINTAGE_RULES) == _schema.VINTAGE_RULE_NAMES
    assert tuple(observations.KNOWN_FROM) == _schema.KNOWN_FROM_NAMES
    assert tuple(bench.METHODS) == _schema.BENCH_METHODS
    assert set(_schema.BENCH_STANDARD_METHODS) < set(bench.METHODS)
    assert tuple(EFFORT_KNOBS) == _schema.EFFORT_KNOB_NAMES
    assert output.FORMATS == _schema.OUTPUT_FORMATS
    assert PARSERS[("sweep",)]._option_string_actions["--engine"].choices == tuple(engines.ENGINES)


# -- --help --------------------------------------------------------------------------------------

def parsers(parser: argparse.ArgumentParser | None = None, path: tuple = ()):
    """(command path, parser) of the program and of every command and subcommand."""
    parser = parser or build_parser()
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from parsers(sub, path + (name,))


PARSERS = dict(parsers())
MARKUP = ["``", "`", ":func:", ":class:", ":mod:", ":data:", ":meth:", "DESIGN.md"]
#: reStructuredText emphasis (*word*), not a product such as 2**63-1
EMPHASIS = re.compile(r"(?<![\w*])\*[A-Za-z][^*\n]*\*(?![\w*])")


def examples(parser) -> list[str]:
    """The command lines of a parser's "Example:" section."""
    lines = (parser.epilog or "").splitlines()
    assert lines and lines[0] == "Example:", f"no Example: section in {parser.prog}"
    return [ln.strip() for ln in lines[1:] if ln.strip().startswith("xtforecast ")]


@pytest.mark.parametrize("path", list(PARSERS), ids=lambda p: " ".join(p) or "xtforecast")
def test_every_help_is_plain_text_with_an_example(path):
    parser = PARSERS[path]
    text = parser.format_help()
    assert not [m for m in MARKUP if m in text] and not EMPHASIS.search(text), text
    lines = examples(parser)
    assert any(shlex.split(ln)[1:1 + len(path)] == list(path) for ln in lines), lines
    # every example parses (the option names and values are what the command takes)
    for ln in lines:
        build_parser().parse_args(shlex.split(ln)[1:])


def test_the_options_are_declared_once():
    """One help text per shared option, whichever command shows it."""
    helps: dict[str, set[str]] = {}
    # init's catalog is the one it starts from (the bundled one), not a data directory's
    for parser in (p for path, p in PARSERS.items() if path != ("init",)):
        for a in parser._actions:
            if a.option_strings and a.option_strings[0] in ("--data-dir", "--indicators", "--regions",
                                                            "--observations", "--targets-dir",
                                                            "--scenarios-dir", "--vintage"):
                helps.setdefault(a.option_strings[0], set()).add(a.help)
    assert len(helps) == 7 and all(len(h) == 1 for h in helps.values()), helps


def test_the_argument_types_say_their_rule():
    res = doctest.testmod(options, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert res.attempted >= 4 and res.failed == 0


# -- the examples, run ----------------------------------------------------------------------------

#: Examples not run here: they need the notebook tools, Voila or the M3 data and take minutes
#: (tests/report, tests/explore and tests/test_bench_metrics.py run those commands).
NOT_RUN = {("report",), ("explore",), ("bench",)}
#: The new-city walk-through: each step needs the files of the one before.
ONBOARDING = [("targets", "draft"), ("init",), ("data", "template"), ("data", "merge"),
              ("targets", "score")]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A directory beside the bundled data, with a plan text: where the examples run."""
    d = tmp_path_factory.mktemp("examples")
    (d / "data").symlink_to(REPO / "data")
    (d / "scenarios").symlink_to(REPO / "scenarios")
    shutil.copy(SYNTHETIC_PLAN, d / "plan.txt")
    return d


def _run_example(line: str, path: tuple, capsys) -> tuple[int, str, str]:
    argv = shlex.split(line)[1:]
    takes_sims = any("--sims" in a.option_strings for a in PARSERS[path]._actions)
    if takes_sims and "--sims" not in argv:
        argv += ["--sims", "200"]  # few paths: the example's command, cheaply
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_the_new_city_examples_run_in_order(workspace, monkeypatch, capsys):
    monkeypatch.chdir(workspace)
    for path in ONBOARDING:
        line = next(ln for ln in examples(PARSERS[path]) if shlex.split(ln)[1:1 + len(path)] == list(path))
        code, out, err = _run_example(line, path, capsys)
        assert code == 0, (line, err)
    assert (workspace / "mycity" / "targets").is_dir() and (workspace / "sheet.csv").is_file()


STANDALONE = [(path, ln) for path, parser in PARSERS.items()
              if path and path[:1] not in {p[:1] for p in NOT_RUN} and path not in ONBOARDING
              for ln in examples(parser)
              if not any(shlex.split(ln)[1:1 + len(p)] == list(p) for p in ONBOARDING)]


@pytest.mark.parametrize("path, line", STANDALONE, ids=[ln for _, ln in STANDALONE])
def test_the_examples_run_on_the_bundled_data(path, line, workspace, monkeypatch, capsys):
    monkeypatch.chdir(workspace)
    code, out, err = _run_example(line, path, capsys)
    assert code == 0, err
    assert out.strip(), f"{line}: nothing on stdout"
