"""Paths of the test fixtures (a plain module so any test file can import it)."""

from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
MINI = FIXTURES / "mini"
REPO = Path(__file__).resolve().parent.parent
