"""Paths of the test fixtures, and the synthetic projector each fixture set is run with (a plain
module so any test file can import it: pytest puts tests/ on the path through tests/conftest.py)."""

from pathlib import Path

from xtforecast.testing import random_walk_projector

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
REPO = Path(__file__).resolve().parent.parent
#: The synthetic back-test set, which the explorer tests use too.
BT_FIXTURES = Path(__file__).parent / "backtest" / "fixtures"
BT_DATA = BT_FIXTURES / "data"
BT_SCENARIOS = BT_FIXTURES / "scenarios"
#: The synthetic stand-in for the growth models on the back-test set: log random walk with the
#: series' own mean log growth as drift and 8 % volatility, per-series stream; class and rank
#: indicators get no paths.
BT_PROJECTOR = random_walk_projector(drift=None, vol=0.08)
