#!/usr/bin/env python3
"""Build ``data/observations.csv`` from the shared raw files (deterministic; stdlib only).

Usage (from the repository root)::

    python data/build/build_observations.py [SHARED_DATA_DIR] [--out data/observations.csv]

``SHARED_DATA_DIR`` defaults to ``../shared/data`` relative to the repository root. The
script reads

* the hand-collected figures ``figures_*.csv`` (columns ``indicator,region,year,value,unit,
  kind,source_url,source_title,quote,note``; ``kind`` actual | revised | target), and
* the four panels ``province_rd.csv``, ``province_patents.csv``, ``province_hte.csv``,
  ``hebei_city_platforms.csv`` (columns ``indicator,region,year,value,unit,vintage,source,note``),

and writes one tidy table with the columns of ``xtforecast._schema.OBS_COLUMNS``.

Nothing is interpolated, smoothed or invented. Every hand decision is in one of the
commented tables below (RENAME, BOUNDS, FOLD, FLAG_ROWS, DERIVED, PANEL_RENAME), keyed by
the row it concerns, so a reviewer can audit them one by one. The script stops with an
error when a row needs a decision that no table makes (an unlisted trigger word such as
以上/超过/突破/多/more than in a quote, an unresolved key collision, a unit clash), and it
prints every row it drops or folds, with the reason.

Rules, in the order they are applied
------------------------------------
1. ``kind == target`` rows are goals, not observations: they are skipped here and live in
   ``data/targets/*.yaml`` (``data/build/check_targets_cover.py`` checks that each lands in
   exactly one target file).
2. RENAME / PANEL_RENAME: a figure whose definition differs from the indicator it was filed
   under gets its own indicator (definition breaks: 入统 vs certificate stock, national vs
   provincial tech-SME lists, mainland-only vs yearbook national patent totals, month-end
   stocks, ambiguous platform counts, ...).
3. FLAG_ROWS: the one yes/no flag row becomes a bounded R&D-intensity observation.
4. Vintages. Panel rows keep theirs (and a panel row of vintage ``revised`` is kind ``revised``). A figure of kind ``revised`` gets vintage ``revised``;
   a figure of kind ``actual`` gets ``first_release`` when a ``revised`` figure of the same
   (indicator, region, year) exists (in the figures or in a panel), otherwise ``""``.
5. Collisions. Rows are grouped by (indicator, region, year, vintage class), where the class
   is ``revised`` for revised rows and ``first`` for everything else (``first_release``,
   ``single`` and ``""`` all describe the first/only published figure).
   * If a panel row is in the group, the panel row is kept. A figure with the same value (to
     the figure's printed precision) is an exact duplicate and is dropped; its source is
     named in the kept row's note. A figure with a different value is the same concept from
     another publisher or an earlier estimate (different concepts were renamed in step 2):
     it is folded into the kept row's note ("also reported as V by ...").
   * Without a panel row, two figures with the same value are exact duplicates (the later
     is dropped, named in the note); different values need an entry in FOLD (else: error).
6. BOUNDS: the ``bound`` of each figure row, from the table (default ``""``). Panel rows are
   exact table cells (``""``).
7. DERIVED: rows computed by arithmetic on published rows, kind ``derived``, arithmetic in
   ``note``, both operands' sources in ``source``.
8. PUBLISHED: when each figure was first made public, only where its source shows it
   (PUBLISHED_RULES, first match wins; otherwise empty, and ``--as-of`` falls back to the
   observation year). A derived row takes its latest operand's date (an operand without one
   is an error: the derived row would otherwise look known in its own, earlier year).
9. Output sorted by (indicator, region, year, vintage); values written as published.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OBS_COLUMNS = [
    "indicator", "region", "year", "value", "unit", "bound", "kind", "vintage",
    "source", "source_title", "quote", "note", "published",
]
FIGURE_FILES = [
    "figures_entities.csv", "figures_econ_rd.csv", "figures_patents.csv",
    "figures_xingtai_wave2.csv", "figures_hebei_wave2.csv",
]
PANEL_FILES = [
    "province_rd.csv", "province_patents.csv", "province_hte.csv", "hebei_city_platforms.csv",
]

# ---------------------------------------------------------------------------------------------
# RENAME: figures filed under an indicator whose definition they do not share.
# key: (file, indicator, region, year, value) -> (new indicator, why)
# ---------------------------------------------------------------------------------------------
_HTE_2012 = "figures_entities.csv"
_REPORTING_WHY = ("H1-2012 统计公报 counts firms FILING high-tech statistics (入统), a subset of "
                  "certificate holders; not the certificate stock high_tech_enterprises")
RENAME: dict[tuple, tuple[str, str]] = {
    # 2012 入统 (statistics-filing) high-tech enterprises by city/zone. The province line of the
    # same bulletin ("全省共组织认定高新技术企业685家") is the recognized stock and stays.
    **{(_HTE_2012, "high_tech_enterprises", reg, "2012", val): ("high_tech_enterprises_reporting", _REPORTING_WHY)
       for reg, val in [("xingtai", "25"), ("shijiazhuang", "102"), ("shijiazhuang_hitech_zone", "103"),
                        ("chengde", "14"), ("zhangjiakou", "14"), ("qinhuangdao", "57"),
                        ("tangshan", "47"), ("tangshan_hitech_zone", "32"), ("langfang", "48"),
                        ("yanjiao_hitech_zone", "12"), ("baoding", "39"), ("baoding_hitech_zone", "61"),
                        ("cangzhou", "40"), ("hengshui", "38"), ("handan", "43")]},
    # "公示3619家" is the number of firms in the year's published recognition lists (PANELS.md:
    # equals province_hte.csv), i.e. gross recognitions incl. renewals, not 新增 first-time ones.
    ("figures_entities.csv", "high_tech_enterprises_added", "hebei", "2019", "3619"):
        ("high_tech_enterprises_recognized", "公示 = firms in the year's recognition lists incl. renewals (PANELS.md)"),
    # Xingtai's 2025 review: "建成省级以上创新平台58个, 市级199个" sits in a 十四五期间 paragraph; it may be
    # the 2021-2025 flow or a narrower stock and conflicts with 68 new in 2020 alone (README).
    ("figures_entities.csv", "innovation_platforms_provincial", "xingtai", "2025", "58"):
        ("innovation_platforms_provincial_14fyp_review", "ambiguous flow-or-stock figure; not comparable with a stock (README)"),
    ("figures_entities.csv", "innovation_platforms_municipal", "xingtai", "2025", "199"):
        ("innovation_platforms_municipal_14fyp_review", "same ambiguity as the 58 provincial-and-above platforms"),
    # Hebei 2017: only three platform types (重点实验室、工程技术研究中心、产业技术研究院), narrower
    # than the 2020 count of 1206 S&T-department platforms of all types.
    ("figures_hebei_wave2.csv", "innovation_platforms_provincial", "hebei", "2017", "461"):
        ("innovation_platforms_provincial_3types", "three platform types only; narrower than the 2020 all-type count"),
    ("figures_entities.csv", "innovation_platforms_provincial_added", "hebei", "2017", "52"):
        ("innovation_platforms_provincial_3types_added", "new platforms of the same three types"),
    # Hebei 2017 "省级以上众创空间、星创天地等 ... 总数超400家": provincial-and-above only, incl. 星创天地;
    # the 2022/2023 maker_spaces are Torch-statistics counts of all levels.
    ("figures_hebei_wave2.csv", "maker_spaces", "hebei", "2017", "400"):
        ("maker_spaces_provincial_plus", "provincial-and-above maker spaces incl. 星创天地; not the all-level Torch count"),
    # China: the only national tech-SME population is the MOST evaluation list (科技型中小企业评价入库).
    ("figures_hebei_wave2.csv", "tech_smes", "china", "2024", "600000"):
        ("national_tech_smes", "national registry (MOST list); there is no national 'provincial register'"),
    # CNIPA press figures "国内(不含港澳台)" exclude Hong Kong, Macao and Taiwan; the yearbook's
    # 全国 row (panel) includes them (PANELS.md). Different population -> own indicator.
    **{("figures_hebei_wave2.csv", "invention_patents_in_force", "china", y, v):
       ("invention_patents_in_force_mainland", "CNIPA mainland-only total (excl. HK/MO/TW); yearbook national row includes them")
       for y, v in [("2017", "1356000"), ("2019", "1862000"), ("2023", "4015000")]},
    # Hengshui "新引进高层次人才57名" is a flow of attracted high-level talent.
    ("figures_entities.csv", "high_level_talent", "hengshui", "2022", "57"):
        ("high_level_talent_attracted", "新引进 = attracted during the year (flow), as in the Xingtai plan's goal"),
    # CNIPA monthly tables: stocks at a month end, NOT year end; two 2014 months share a year,
    # so the reference date goes into the indicator (as for the existing *_jun30 rows).
    ("figures_patents.csv", "invention_patents_in_force_monthly", "hebei", "2012", "4598"):
        ("invention_patents_in_force_mar31", "stock at end-March"),
    ("figures_patents.csv", "invention_patents_per_1m_monthly", "hebei", "2012", "64.0"):
        ("invention_patents_per_1m_mar31", "density at end-March"),
    ("figures_patents.csv", "invention_patents_in_force_monthly", "hebei", "2013", "6389"):
        ("invention_patents_in_force_apr30", "stock at end-April"),
    ("figures_patents.csv", "invention_patents_per_1m_monthly", "hebei", "2013", "88.2"):
        ("invention_patents_per_1m_apr30", "density at end-April"),
    ("figures_patents.csv", "invention_patents_in_force_monthly", "hebei", "2014", "7451"):
        ("invention_patents_in_force_jan31", "stock at end-January"),
    ("figures_patents.csv", "invention_patents_per_1m_monthly", "hebei", "2014", "102.2"):
        ("invention_patents_per_1m_jan31", "density at end-January"),
    ("figures_patents.csv", "invention_patents_in_force_monthly", "hebei", "2014", "8615"):
        ("invention_patents_in_force_sep30", "stock at end-September"),
    ("figures_patents.csv", "invention_patents_per_1m_monthly", "hebei", "2014", "118.2"):
        ("invention_patents_per_1m_sep30", "density at end-September"),
}

# PANEL_RENAME: panel rows whose indicator mixes a stock and a flow.
# key: (file, indicator, year) -> (new indicator, why)
PANEL_RENAME: dict[tuple, tuple[str, str]] = {
    # PANELS.md: the 2021 MOST list holds only NEWLY approved stations ("add both for a stock");
    # the 2019 list is the stock of stations at that time.
    ("hebei_city_platforms.csv", "national_field_stations", "2021"):
        ("national_field_stations_added", "2021 list = newly approved stations only (a flow)"),
}

# PANEL_KIND: panel rows that are computed, not read from a table.
# key: (file, indicator, region) -> kind
PANEL_KIND = {
    # province_hte.csv's china row is the sum of the 31 provinces (its note says so).
    ("province_hte.csv", "high_tech_enterprises_recognized", "china"): "derived",
}

# ---------------------------------------------------------------------------------------------
# FLAG_ROWS: a yes/no row turned into a bounded observation.
# key: (file, indicator, region, year) -> replacement fields
# ---------------------------------------------------------------------------------------------
FLAG_ROWS = {
    ("figures_xingtai_wave2.csv", "rd_intensity_above_hebei_avg", "xingtai", "2022"): {
        "indicator": "rd_intensity", "value": "2.00", "unit": "percent", "bound": "<=",
        "note": ("CEILING, not a value. The 2022 Hebei R&D bulletin lists the 4 regions above the "
              "provincial average (保定、秦皇岛、石家庄、辛集); Xingtai is not among them, so its 2022 "
              "intensity was <= the provincial average the bulletin used, 2.00% (the FIRST-RELEASE "
              "Hebei 2022 figure of the same bulletin, rd_intensity,hebei,2022,first_release; later "
              "revised to 2.02% after GDP final verification, which does not change the list). "
              "Recorded from the flag row rd_intensity_above_hebei_avg=0 of figures_xingtai_wave2.csv. "
              "In 2023 Xingtai was above the average (2.12% vs 2.08%)."),
    },
}

# ---------------------------------------------------------------------------------------------
# FOLD: figures that share a key with a kept row (a panel row, or another figure) but print a
# different value for the SAME concept (rounded press figure, early estimate, another
# publisher). The listed row is NOT written as its own row; its value, source, quote and the
# reason are written into the note of the kept row, and the script prints it. A differing
# figure that is a different concept is not folded: it gets its own indicator (RENAME).
# key: (file, indicator, region, year, value) -> reason
# ---------------------------------------------------------------------------------------------
FOLD = {
    # -- differing figures of the same concept where a panel row is kept (PANELS.md explains each) --
    ("figures_hebei_wave2.csv", "rd_expenditure", "china", "2018", "19600"):
        "early statistical-communique estimate ('over 1.96 trillion', Feb 2019); the bulletin gives 19677.9",
    ("figures_hebei_wave2.csv", "rd_intensity", "china", "2012", "1.97"):
        "early statistical-communique estimate (Feb 2013); the bulletin gives 1.98 (revised 1.91)",
    ("figures_hebei_wave2.csv", "rd_intensity", "china", "2018", "2.18"):
        "early statistical-communique estimate (Mar 2019); the bulletin gives 2.19 (revised 2.14)",
    ("figures_econ_rd.csv", "rd_intensity", "hebei", "2016", "1.22"):
        "provincial-bureau figure in a garbled low-reliability repost; the NBS bulletin gives 1.20",
    ("figures_patents.csv", "invention_patents_in_force", "hebei", "2022", "51946"):
        "河北省市场监管局 press release; the yearbook (CNIPA) table gives 51959",
    ("figures_hebei_wave2.csv", "patent_grants", "hebei", "2017", "35000"):
        "rounded press figure (3.5万)",
    ("figures_patents.csv", "patent_grants", "hebei", "2021", "120000"):
        "rounded press figure (12.0万)",
    ("figures_patents.csv", "patent_grants", "hebei", "2022", "115300"):
        "rounded press figure (11.53万)",
    ("figures_patents.csv", "patents_in_force", "hebei", "2022", "424100"):
        "rounded press figure (42.41万)",
    # -- same-file conflicts without a panel row --
    ("figures_econ_rd.csv", "population_resident", "xingtai", "2018", "773.4"):
        ("conflicting low-reliability machine-rewritten page; very likely a digit transposition of "
         "737.4 (the +2.88万 change fits 737.4 given 729.44 in 2015); kept only as a record"),
}

# ---------------------------------------------------------------------------------------------
# BOUNDS: key (file, indicator, region, year) -> (bound, reason). Unlisted figure rows are
# exact (""). Every row whose quote contains a trigger word (以上, 超过, 超, 突破, 逾, 多, 余,
# 约, 左右, 近, more than, over, exceed) MUST be listed, so each such decision is explicit.
# ---------------------------------------------------------------------------------------------
TRIGGERS = re.compile(r"以上|超过|超|突破|逾|多|余|约|左右|近|不足|不到|more than|over|exceed", re.I)
BOUNDS = {
    # --- lower bounds ---
    ("figures_entities.csv", "high_tech_enterprises_added", "xingtai", "2020"): (">=", "新增…125家以上"),
    ("figures_entities.csv", "national_tech_smes", "xingtai", "2025"): (">=", "突破1500家"),
    ("figures_entities.csv", "high_tech_enterprises_added", "hebei", "2021"): (">=", "超过1500家"),
    ("figures_entities.csv", "high_tech_enterprises", "hebei", "2025"): (">=", "over 15,000"),
    ("figures_entities.csv", "tech_smes", "hebei", "2013"): (">=", "8900多家"),
    ("figures_entities.csv", "tech_smes", "hebei", "2025"): (">=", "more than 127,000"),
    ("figures_hebei_wave2.csv", "gdp_nominal", "hebei", "2025"): (">=", "超过4.9万亿元"),
    ("figures_hebei_wave2.csv", "maker_spaces", "hebei", "2017"): (">=", "總數超400家"),
    ("figures_hebei_wave2.csv", "rd_expenditure", "china", "2018"): (">=", "over 1.96 trillion (folded into the panel row's note)"),
    ("figures_hebei_wave2.csv", "tech_smes", "china", "2024"): (">=", "exceeding 600,000"),
    # --- trigger words that do not make a bound (the word qualifies something else) ---
    ("figures_entities.csv", "innovation_platforms_provincial_added", "xingtai", "2020"): ("", "以上 in 省级以上 = provincial-and-above"),
    ("figures_entities.csv", "innovation_platforms_provincial", "xingtai", "2025"): ("", "以上 in 省级以上"),
    ("figures_entities.csv", "innovation_platforms_provincial", "xingtaixian", "2019"): ("", "以上 in 省级以上"),
    ("figures_entities.csv", "enterprise_tech_centers_provincial", "hebei", "2021"): ("", "以上 in 省级及以上"),
    ("figures_entities.csv", "enterprise_tech_centers_provincial", "hebei", "2023"): ("", "以上 in 省级以上"),
    ("figures_entities.csv", "engineering_research_centers_provincial", "hebei", "2023"): ("", "以上 in 省级以上"),
    ("figures_hebei_wave2.csv", "key_labs_provincial", "hebei", "2020"): ("", "以上 in 省级以上"),
    ("figures_xingtai_wave2.csv", "agri_tech_parks_provincial_plus", "xingtai", "2020"): ("", "以上 in 省级以上"),
    ("figures_entities.csv", "maker_spaces_3000sqm_added", "xingtai", "2020"): ("", "以上 qualifies the floor area (3000平米以上), not the count 105"),
    ("figures_econ_rd.csv", "rd_expenditure_industrial_above_scale", "hebei", "2021"): ("", "以上 in 规模以上 (above designated size)"),
    ("figures_entities.csv", "national_incubators", "xingtai", "2020"): ("", "零的突破 = the first one; the stock is exactly 1"),
    ("figures_patents.csv", "invention_grants", "hebei", "2022"): ("", "首次突破万件 then the exact 达12022件"),
    ("figures_econ_rd.csv", "population_resident", "shijiazhuang", "2019"): ("", "最多 = the largest city, not 'more than'"),
    ("figures_econ_rd.csv", "gdp_nominal", "xingtai", "2020"): ("", "约 (about): an approximate value, not a bound (note says so)"),
    ("figures_entities.csv", "high_tech_enterprises", "xingtai", "2020"): ("", "以上 belongs to the +125; the stock 总数达到450家 is exact"),
    ("figures_entities.csv", "innovation_platforms_provincial", "ningjin", "2022"): ("", "以上 in 省级以上"),
    ("figures_entities.csv", "incubators_provincial_plus", "shijiazhuang", "2020"): ("", "以上 in 省级以上"),
    ("figures_hebei_wave2.csv", "innovation_platforms_provincial", "hebei", "2020"): ("", "以上 in 省级以上"),
    ("figures_xingtai_wave2.csv", "rd_intensity_above_hebei_avg", "xingtai", "2022"): ("<=", "not among the regions 超过全省平均: a ceiling (FLAG_ROWS)"),
}

# ---------------------------------------------------------------------------------------------
# DERIVED: arithmetic on published rows. Operands are looked up in the built table by
# (indicator, region, year); both sources go into ``source``.
# ---------------------------------------------------------------------------------------------
DERIVED = [
    {"indicator": "high_tech_enterprises", "region": "xingtai", "year": "2019", "op": "minus",
         "a": ("high_tech_enterprises", "xingtai", "2020"), "b": ("high_tech_enterprises_added", "xingtai", "2020"),
         "bound": "<=",
         "note": ("DERIVED end-2019 stock = end-2020 stock 450 (总数达到450家) minus 2020 additions 125 "
               "(新增…125家以上) = 325. Because the 125 is a lower bound ('以上'), 450 - 125 is an UPPER "
               "bound of the 2019 stock (bound <=). Gross vs net: the 125 are new recognitions, not net "
               "of certificates that expired or firms that left in 2020; with E such exits the 2019 "
               "stock is 450 - added + E, so the ceiling holds only if E is small. Both operands from the "
               "same 2021-03-10 work-conference report.")},
    {"indicator": "tech_smes", "region": "xingtai", "year": "2019", "op": "minus",
         "a": ("tech_smes", "xingtai", "2020"), "b": ("tech_smes_added", "xingtai", "2020"),
         "bound": "",
         "note": ("DERIVED end-2019 register = end-2020 register 7141 (总数达到7141家) minus 2020 additions "
               "526 (新增科技型中小企业526家) = 6615. Provincial register (河北省科技型中小企业). Gross vs net "
               "is not stated: if the 526 are gross (exits not subtracted), the 2019 register was 6615 "
               "plus the 2020 exits.")},
    {"indicator": "incubators_maker_spaces_added", "region": "xingtai", "year": "2020", "op": "copy",
         "a": ("maker_spaces_3000sqm_added", "xingtai", "2020"), "b": None,
         "bound": ">=",
         "note": ("DERIVED LOWER BOUND (a subset, no arithmetic beyond >=): the 105 new maker spaces of "
               ">= 3000 m2 incl. 星创天地 (maker_spaces_3000sqm_added 2020) are part of the new "
               "'科技企业孵化器、众创空间(星创天地)' that the plan's 2020-2022 cumulative goal counts, so "
               "that broader 2020 flow was at least 105. Caveat: the city's 新增 may include spaces "
               "newly recognised/filed rather than newly founded.")},
]

# ---------------------------------------------------------------------------------------------
# PUBLISHED_RULES: when a row was first made public, read from what its source shows, never
# guessed. Each rule: (name, pattern, the field it reads, why). First match wins; no match
# leaves ``published`` empty. A date read this way may be LATER than the first publication (a
# repost, the edition we hold): it then withholds a figure a little too long in a real-time
# run, which is the safe side; it never lets a figure in before it existed.
# ---------------------------------------------------------------------------------------------
PUBLISHED_RULES = [
    # panel bulletins print it: "... 统计公报 (附表 ...; published 2019)"
    ("bulletin", re.compile(r"; published ((?:19|20)\d\d)\)"), "source",
     "the bulletin's publication year, printed in the panel's source"),
    # panel yearbook tables: the edition year of 中国科技统计年鉴 (the 2024 edition prints the
    # census-revised 2012-2023 intensities; earlier editions that may have printed them first
    # are not the cited source)
    ("yearbook", re.compile(r"中国科技统计年鉴((?:19|20)\d\d)"), "source",
     "the edition year of the cited yearbook"),
    # figures: the article or bulletin date in the title, "(河北日报, 2021-03-10)", "2023-03"
    ("article", re.compile(r"(?<!\d)((?:19|20)\d\d-[01]\d(?:-[0-3]\d)?)(?!\d)"), "source_title",
     "the date of the article or bulletin the figure was read from"),
]


def published_of(row: dict) -> tuple[str, str]:
    """(published, rule name) of a read row; ("", "") when its source shows no date.

    Several dates in one title (a repost of a dated release) are resolved to the earliest that
    is not before the figure's year: the figure was public from then on.
    """
    for name, pattern, field, _why in PUBLISHED_RULES:
        found = sorted(d for d in pattern.findall(row[field]) if int(d[:4]) >= int(row["year"]))
        if found:
            return found[0], name
    return "", ""


NUM_DIGITS = re.compile(r"^-?\d+(?:\.(\d+))?$")


def _decimals(v: str) -> int:
    m = NUM_DIGITS.match(v.strip())
    if not m:
        raise ValueError(v)
    return len(m.group(1) or "")


def _same_value(figure: str, panel: str) -> bool:
    """True when the figure equals the panel cell to the figure's printed precision."""
    d = min(_decimals(figure), _decimals(panel))
    return abs(float(figure) - float(panel)) < 0.5 * 10 ** (-d) + 1e-12


def _add_note(row: dict, text: str) -> None:
    row["note"] = (row["note"].rstrip() + " " if row["note"].strip() else "") + text


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def build(shared: Path) -> tuple[list[dict], list[str], list[dict]]:
    """Return (rows, log lines, target rows)."""
    log: list[str] = []
    targets: list[dict] = []
    figs: list[dict] = []
    used_rename, used_fold, used_bounds, used_flag = set(), set(), set(), set()

    # -- figures -----------------------------------------------------------------------------
    for fname in FIGURE_FILES:
        for line, r in enumerate(_read(shared / fname), start=2):
            r = {k: (v or "").strip() for k, v in r.items()}
            if r["kind"] == "target":
                targets.append(dict(r, file=fname, line=line))
                continue
            if r["kind"] not in ("actual", "revised"):
                sys.exit(f"{fname}:{line}: unknown kind {r['kind']!r}")
            bkey = (fname, r["indicator"], r["region"], r["year"])
            if TRIGGERS.search(r["quote"]) and bkey not in BOUNDS:
                sys.exit(f"{fname}:{line}: quote {r['quote']!r} has a bound trigger word; decide it in BOUNDS")
            bound = BOUNDS.get(bkey, ("", ""))[0]
            if bkey in BOUNDS:
                used_bounds.add(bkey)
            row = {"indicator": r["indicator"], "region": r["region"], "year": r["year"], "value": r["value"],
                       "unit": r["unit"], "bound": bound, "kind": r["kind"], "vintage": "",
                       "source": r["source_url"], "source_title": r["source_title"], "quote": r["quote"],
                       "note": r["note"], "_file": fname, "_line": line, "_panel": False, "_orig": r["indicator"]}
            row["published"] = published_of(row)[0]
            rkey = (fname, r["indicator"], r["region"], r["year"], r["value"])
            if rkey in RENAME:
                new, why = RENAME[rkey]
                used_rename.add(rkey)
                log.append(f"RENAME  {fname}:{line} {r['indicator']} -> {new} ({why})")
                _add_note(row, f"[Filed as {r['indicator']} in {fname}; moved to {new}: {why}.]")
                row["indicator"] = new
            if bkey in FLAG_ROWS:
                used_flag.add(bkey)
                rep = FLAG_ROWS[bkey]
                log.append(f"FLAG    {fname}:{line} {r['indicator']}={r['value']} -> "
                           f"{rep['indicator']} {rep['bound']} {rep['value']}")
                row.update(indicator=rep["indicator"], value=rep["value"], unit=rep["unit"],
                           bound=rep["bound"], note=rep["note"])
            figs.append(row)

    # -- panels --------------------------------------------------------------------------------
    panel: list[dict] = []
    used_prename = set()
    for fname in PANEL_FILES:
        for line, r in enumerate(_read(shared / fname), start=2):
            r = {k: (v or "").strip() for k, v in r.items()}
            title = r["source"].split("; ", 1)[1] if "; " in r["source"] else fname
            row = {"indicator": r["indicator"], "region": r["region"], "year": r["year"], "value": r["value"],
                       "unit": r["unit"], "bound": "",
                       # a panel row of vintage 'revised' (yearbook back-series) is kind 'revised',
                       # like a revised figure; computed rows are 'derived' (PANEL_KIND)
                       "kind": PANEL_KIND.get((fname, r["indicator"], r["region"]),
                                           "revised" if r["vintage"] == "revised" else "actual"),
                       "vintage": r["vintage"], "source": r["source"], "source_title": title, "quote": "",
                       "note": r["note"], "_file": fname, "_line": line, "_panel": True}
            row["published"] = published_of(row)[0]
            pk = (fname, r["indicator"], r["year"])
            if pk in PANEL_RENAME:
                used_prename.add(pk)
                new, why = PANEL_RENAME[pk]
                _add_note(row, f"[Filed as {r['indicator']} in {fname}; moved to {new}: {why}.]")
                row["indicator"] = new
            panel.append(row)
    if used_prename != set(PANEL_RENAME):
        sys.exit(f"PANEL_RENAME entries matched no row: {set(PANEL_RENAME) - used_prename}")
    log.append(f"PANEL   {len(panel)} rows from {', '.join(PANEL_FILES)}"
               f" ({sum(1 for p in panel if p['indicator'] == 'national_field_stations_added')} renamed "
               f"to national_field_stations_added)")

    for name, table, used in (("RENAME", RENAME, used_rename), ("BOUNDS", BOUNDS, used_bounds),
                              ("FLAG_ROWS", FLAG_ROWS, used_flag)):
        if set(table) != used:
            sys.exit(f"{name} entries matched no row: {sorted(set(table) - used)}")

    # -- vintages of figures (rule 4) ----------------------------------------------------------
    revised_keys = {(r["indicator"], r["region"], r["year"]) for r in figs if r["kind"] == "revised"}
    revised_keys |= {(r["indicator"], r["region"], r["year"]) for r in panel if r["vintage"] == "revised"}
    for r in figs:
        if r["kind"] == "revised":
            r["vintage"] = "revised"
        elif (r["indicator"], r["region"], r["year"]) in revised_keys:
            r["vintage"] = "first_release"

    # -- collisions (rule 5) ------------------------------------------------------------------
    def vclass(r):
        return "revised" if r["vintage"] == "revised" else "first"

    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in panel + figs:
        groups[(r["indicator"], r["region"], r["year"], vclass(r))].append(r)
    out: list[dict] = []
    for key, rows in groups.items():
        if len(rows) == 1:
            out.append(rows[0])
            continue
        pan = [r for r in rows if r["_panel"]]
        if len(pan) > 1:
            sys.exit(f"two panel rows share {key}")
        if pan:
            keep, others = pan[0], [r for r in rows if not r["_panel"]]
        else:
            # prefer a row not listed in FOLD; among equals the first read
            rest = [r for r in rows if _fold_key(r) not in FOLD]
            keep = rest[0] if rest else rows[0]
            others = [r for r in rows if r is not keep]
        for o in others:
            where = f"{o['_file']}:{o['_line']}"
            cite = f"{o['source_title']} <{o['source']}>"
            if _same_value(o["value"], keep["value"]):
                log.append(f"DROP    {where} {key[:3]} = {o['value']}: exact duplicate of the kept "
                           f"{'panel' if keep['_panel'] else 'figure'} row ({keep['_file']}:{keep['_line']})")
                _add_note(keep, f"[Same figure also in {where}: {cite}.]")
                continue
            fk = _fold_key(o)
            fold_why = FOLD.get(fk)
            if fold_why:
                used_fold.add(fk)
                why = fold_why
                b = f" (bound {o['bound']})" if o["bound"] else ""
                log.append(f"FOLD    {where} {key[:3]} = {o['value']}{b} into the kept row "
                           f"({keep['_file']}:{keep['_line']}, value {keep['value']}): {why}")
                _add_note(keep, f"[Also reported as {o['value']}{b} in {where}: {cite}; quote "
                                f"\"{o['quote']}\"; {why}. Not used as a separate row.]")
                continue
            sys.exit(f"unresolved collision {key}: {keep['value']} ({keep['_file']}:{keep['_line']}) vs "
                     f"{o['value']} ({where}); add a RENAME or FOLD entry")
        out.append(keep)
    missing_fold = set(FOLD) - used_fold
    if missing_fold:
        sys.exit(f"FOLD entries matched no row: {missing_fold}")

    # -- derived rows (rule 7) ----------------------------------------------------------------
    index = {(r["indicator"], r["region"], r["year"]): r for r in out if r["vintage"] in ("", "single", "first_release")}
    for d in DERIVED:
        a = index[d["a"]]
        if d["op"] == "minus":
            b = index[d["b"]]
            da, db = _decimals(a["value"]), _decimals(b["value"])
            value = f"{float(a['value']) - float(b['value']):.{max(da, db)}f}"
            src = " | ".join(dict.fromkeys([a["source"], b["source"]]))
            title = " | ".join(dict.fromkeys([a["source_title"], b["source_title"]]))
            quote = " | ".join(dict.fromkeys([a["quote"], b["quote"]]))
            arith = f" Arithmetic: {a['indicator']}({a['year']}) {a['value']} - {b['indicator']}({b['year']}) {b['value']} = {value}."
        else:
            value, src, title, quote = a["value"], a["source"], a["source_title"], a["quote"]
            arith = f" Operand: {a['indicator']}({a['year']}) = {a['value']}."
        row = {"indicator": d["indicator"], "region": d["region"], "year": d["year"], "value": value,
                   "unit": a["unit"], "bound": d["bound"], "kind": "derived", "vintage": "", "source": src,
                   "source_title": title, "quote": quote, "note": d["note"] + arith,
                   "published": _derived_published(d, [a] + ([b] if d["op"] == "minus" else [])),
                   "_file": "DERIVED", "_line": 0, "_panel": False}
        log.append(f"DERIVE  {d['indicator']},{d['region']},{d['year']} = {value} (bound '{d['bound']}')")
        out.append(row)

    # -- checks -------------------------------------------------------------------------------
    units: dict[str, set] = defaultdict(set)
    for r in out:
        units[r["indicator"]].add(r["unit"])
    bad = {k: v for k, v in units.items() if len(v) > 1}
    if bad:
        sys.exit(f"indicators with more than one unit: {bad}")
    seen = set()
    for r in out:
        k = (r["indicator"], r["region"], r["year"], r["vintage"])
        if k in seen:
            sys.exit(f"duplicate key {k}")
        seen.add(k)
        if not r["source"]:
            sys.exit(f"row without source: {k}")
    out.sort(key=lambda r: (r["indicator"], r["region"], int(r["year"]), r["vintage"]))
    return out, log, targets


def _derived_published(d: dict, operands: list[dict]) -> str:
    """A derived row is known once its last operand is (a 2019 stock from 2020 figures
    published in 2021 is known in 2021, not in 2019)."""
    missing = [f"{o['indicator']},{o['region']},{o['year']}" for o in operands if not o["published"]]
    if missing:
        sys.exit(f"DERIVED {d['indicator']},{d['region']},{d['year']}: operand(s) {missing} have no "
                 f"published date; a derived row needs one (PUBLISHED_RULES)")
    return max(o["published"] for o in operands)


def _fold_key(r: dict) -> tuple:
    """FOLD is keyed by the row as read: (file, indicator as filed, region, year, value)."""
    return (r["_file"], r.get("_orig", r["indicator"]), r["region"], r["year"], r["value"])


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shared", nargs="?", default=str(REPO.parent / "shared" / "data"),
                    help="directory with figures_*.csv and the panels (default ../shared/data)")
    ap.add_argument("--out", default=str(REPO / "data" / "observations.csv"))
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args(argv)
    rows, log, targets = build(Path(args.shared))
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=OBS_COLUMNS, extrasaction="ignore", lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(r)
    if not args.quiet:
        for line in log:
            print(line)
        from collections import Counter
        print(f"WROTE   {args.out}: {len(rows)} rows; kinds {dict(Counter(r['kind'] for r in rows))}; "
              f"bounds {dict(Counter(r['bound'] or 'exact' for r in rows))}; "
              f"{len(targets)} target rows skipped (see data/targets/); "
              f"published known on {sum(1 for r in rows if r['published'])} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
