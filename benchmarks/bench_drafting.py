"""Accuracy of ``xtforecast targets draft`` on the seed plan and the development plans.

    python benchmarks/bench_drafting.py [--seed FILE.txt] [--plans DIR] [--format table|csv|json]

For each plan text the drafter runs twice: ``text`` (only --region given, as a user knows which
city the plan is for; base year inferred from the text) and ``+base_year`` (also --base-year from
the gold file's plan block). Each draft is scored against the gold registry with
``xtforecast.drafting.score`` (a goal matches when value, target year, comparator and type agree).

The development plans use indicator ids the bundled catalog lacks; their catalog is the bundled
one with ``catalog_additions.yaml`` appended (in a scratch directory), as the plans' README says.
The seed uses the bundled catalog alone. The seed and the development plans were read while the
rules were written: these are development figures, not a held-out test.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xtforecast import config  # noqa: E402
from xtforecast.catalog import load_catalog  # noqa: E402
from xtforecast.drafting.extract import draft_plan  # noqa: E402
from xtforecast.drafting.registry import draft_registry  # noqa: E402
from xtforecast.drafting.rules import load_rules  # noqa: E402
from xtforecast.drafting.score import match_goals  # noqa: E402
from xtforecast.output import emit  # noqa: E402

SEED = ROOT.parent / "shared" / "seed" / "xingtai_2020_sti_plan.txt"
PLANS = ROOT.parent / "shared" / "plans"


def extended_catalog(additions: Path, scratch: Path):
    """The bundled catalog with the additions' indicators and regions appended."""
    add = yaml.safe_load(additions.read_text(encoding="utf-8"))
    inds = yaml.safe_load(config.INDICATORS_FILE.read_text(encoding="utf-8"))
    regs = yaml.safe_load(config.REGIONS_FILE.read_text(encoding="utf-8"))
    inds["indicators"] += add.get("indicators", [])
    regs["regions"] += add.get("regions", [])
    (scratch / "indicators.yaml").write_text(yaml.safe_dump(inds, allow_unicode=True), encoding="utf-8")
    (scratch / "regions.yaml").write_text(yaml.safe_dump(regs, allow_unicode=True), encoding="utf-8")
    return load_catalog(scratch / "indicators.yaml", scratch / "regions.yaml")


def score_one(text: Path, gold: Path, catalog, rules, mode: str) -> dict:
    g = yaml.safe_load(gold.read_text(encoding="utf-8"))
    region = g["targets"][0]["region"]
    base = g["plan"].get("base_year") if mode == "+base_year" else None
    draft = draft_plan(text, catalog, rules, region=region, base_year=base)
    reg = draft_registry(draft, g["plan"]["id"], catalog)
    sc = match_goals(reg["targets"], g["targets"])
    return {"plan": g["plan"]["id"], "mode": mode, "encoding": draft.text.encoding,
            "base_year": draft.base_year.year} | sc.row()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=Path, default=SEED)
    ap.add_argument("--plans", type=Path, default=PLANS)
    ap.add_argument("--format", choices=("table", "csv", "json"), default="table")
    args = ap.parse_args(argv)
    rules = load_rules()
    rows = []
    for mode in ("text", "+base_year"):
        rows.append(score_one(args.seed, config.TARGETS_DIR / "xingtai_2020.yaml", load_catalog(), rules, mode))
    with tempfile.TemporaryDirectory() as tmp:
        cat = extended_catalog(args.plans / "catalog_additions.yaml", Path(tmp))
        for mode in ("text", "+base_year"):
            for gold in sorted(args.plans.glob("*.yaml")):
                txt = gold.with_suffix(".txt")
                if txt.exists():
                    rows.append(score_one(txt, gold, cat, rules, mode))
    df = pd.DataFrame(rows)
    dev = df[df["plan"] != "xingtai_2020"]
    for mode, part in dev.groupby("mode", sort=False):
        tot = part[["gold", "drafted", "matched", "spurious"]].sum()
        rows.append({"plan": "dev (all 8)", "mode": mode, "gold": tot["gold"], "drafted": tot["drafted"],
                     "matched": tot["matched"], "spurious": tot["spurious"], "missed": tot["gold"] - tot["matched"],
                     "recall": round(tot["matched"] / tot["gold"], 3),
                     "precision": round(tot["matched"] / tot["drafted"], 3)})
    emit(pd.DataFrame(rows), args.format, max_colwidth=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
