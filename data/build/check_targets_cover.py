#!/usr/bin/env python3
"""Check that every ``kind=target`` row of the shared figures lands in exactly one target file.

Usage (from the repository root)::

    python data/build/check_targets_cover.py [SHARED_DATA_DIR] [--targets data/targets]

A figures row matches a goal when region, target year, value and quote agree (the indicator
may differ: e.g. ``rd_expenditure_growth`` is written as a ``growth`` goal on
``rd_expenditure``). The seed plan's goals (``xingtai_2020.yaml``) have no figures rows and
are not part of the check. Exit 0 when every row is matched exactly once, 1 otherwise.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def _num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return str(v)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shared", nargs="?", default=str(REPO.parent / "shared" / "data"))
    ap.add_argument("--targets", default=str(REPO / "data" / "targets"))
    args = ap.parse_args(argv)

    goals = []
    for f in sorted(Path(args.targets).glob("*.yaml")):
        doc = yaml.safe_load(f.read_text(encoding="utf-8"))
        for t in doc.get("targets") or []:
            goals.append((f.name, t))
    problems = 0
    n = 0
    for f in sorted(Path(args.shared).glob("figures_*.csv")):
        with open(f, encoding="utf-8", newline="") as fh:
            for line, r in enumerate(csv.DictReader(fh), start=2):
                if r["kind"] != "target":
                    continue
                n += 1
                hits = [(fn, t["id"]) for fn, t in goals
                        if t.get("region") == r["region"] and str(t.get("target_year")) == r["year"]
                        and _num(t.get("value")) == _num(r["value"]) and t.get("quote") == r["quote"]]
                if len(hits) != 1:
                    problems += 1
                    print(f"{f.name}:{line}: {r['indicator']},{r['region']},{r['year']},{r['value']} "
                          f"matched {len(hits)} goals {hits}")
    print(f"{n} target rows checked, {problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
