"""``xtforecast explore``: the goal explorer as a web page on this computer (Voila)."""

from __future__ import annotations

from pathlib import Path

from ..explore_server import DEFAULT_PORT, serve
from .options import add_as_of, add_data_dir, add_lang, add_scenarios_dir, add_sims, whole_number

DESCRIPTION = f"""\
Serve the goal explorer as a web page at http://127.0.0.1:PORT/ (default port
{DEFAULT_PORT}), for any browser on this computer: the goal list, the knobs, the fan
chart, P(attain) and a button that saves the knobs as a scenario file that
"xtforecast project --scenario NAME" runs again. No code on the page. Stop it
with Ctrl-C. Needs Voila: pip install 'xtforecast[explore]'."""
EXAMPLE = """\
xtforecast explore --goal tech_smes_2022 --as-of 2021"""


def add_arguments(p) -> None:
    p.add_argument("--scenario", "-s", default="baseline",
                   help="scenario to start from: a name in scenarios/ or a .yaml path "
                        "(default baseline)")
    p.add_argument("--goal", default=None,
                   help="goal id to show first (default: the plan's first goal with a projection)")
    add_as_of(p)
    add_lang(p, "first view (the page has a switch)")
    add_sims(p, default=2000, default_help="2000")
    p.add_argument("--port", type=whole_number(1, 65535, "a port number"),
                   default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})")
    add_data_dir(p)
    add_scenarios_dir(p)
    p.add_argument("--save-dir", type=Path, default=None,
                   help="where the save button writes scenario files (default: scenarios/ "
                        "of the checkout, or ./scenarios when xtforecast is installed)")


def run(args) -> int:
    """Serve the explorer until interrupted; Voila's exit code (0 after Ctrl-C)."""
    # Paths are fixed here, in the caller's directory; the kernel runs in a temporary one.
    scenario = str(args.scenario)
    params = {"scenario": str(Path(scenario).resolve()) if scenario.endswith((".yaml", ".yml"))
              else scenario,
              "goal": args.goal, "as_of": args.as_of, "lang": args.lang, "n_sims": args.sims,
              "data_dir": str(args.data_dir.resolve()) if args.data_dir else None,
              "scenarios_dir": str(args.scenarios_dir.resolve()) if args.scenarios_dir else None}
    return serve(params, args.port, args.save_dir)
