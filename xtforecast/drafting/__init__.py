"""Draft a goal registry from a plan's Chinese text, score drafts, and onboard a new city.

* :func:`draft_plan` reads a plan text and proposes every quantified goal in the target schema
  (``xtforecast targets draft``). The reading rules are data: ``rules.yaml`` in this package.
* :func:`score_draft` compares a draft with a hand-made registry (``xtforecast targets score``).
* :mod:`.sheet` makes the data sheet a researcher fills and merges it (``xtforecast data
  template`` / ``data merge``); :mod:`.init_dir` lays out a data directory (``xtforecast init``).
"""

from .extract import draft_plan
from .rules import load_rules
from .score import score_draft

__all__ = ["draft_plan", "load_rules", "score_draft"]
