"""One language per report: a zh page is Chinese throughout, an en page English throughout.

Issue 14, item 5. The shipped scenarios are run on the bundled data in both languages (small
``n_sims``: the words, not the numbers, are under test) and every page a reader opens — each
report, the index, each family's comparison — is read as a browser shows it: text outside
``<script>``, ``<style>``, ``<svg>`` (formulas drawn at build time) and ``<code>`` (ids and file
names, which are names to type, not words). Then

* the zh text may hold no Latin word but the names of published methods and units in
  :data:`ZH_ALLOWED`;
* the en text may hold no Chinese character, except a plan title's original in parentheses
  right after its English title.
"""

import re
from html.parser import HTMLParser

import pytest
from xt_testpaths import REPO

HAN = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff08\uff09\uff0c\uff1a\uff1b]+")
LATIN = re.compile(r"[A-Za-z][A-Za-z0-9+]*")
#: Latin words a Chinese reader meets as they are: organisations whose methods are compared,
#: P of the formula P(达标), the percentiles of a range, the time zone and the plan's own county classes (B类县).
ZH_ALLOWED = {"UNSD", "ESCAP", "Eurostat", "StatCan", "P", "P10", "P90", "UTC", "A", "B", "C"}


class _Visible(HTMLParser):
    """The text a reader sees: not scripts, styles, SVG formulas or code spans."""

    SKIP = {"script", "style", "svg", "code", "title"}

    def __init__(self):
        super().__init__()
        self.depth, self.parts = 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag in self.SKIP

    def handle_endtag(self, tag):
        self.depth -= tag in self.SKIP

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_text(page: str) -> str:
    p = _Visible()
    p.feed(page)
    return " ".join(p.parts)


def test_visible_text_skips_code_and_scripts():
    page = "<p>数据 <code>baseline</code></p><script>var x</script><svg><text>CAGR</text></svg>"
    assert visible_text(page).split() == ["数据"]


@pytest.fixture(scope="module")
def shipped_runs(tmp_path_factory):
    from xtforecast.report.runner import run_reports
    out = {}
    # the real data and models: the words come from the shipped plan, scenarios and reasons
    for lang in ("zh", "en"):
        res = run_reports(all_=True, out=tmp_path_factory.mktemp(lang), jobs=2, lang=lang,
                          n_sims=100, run_id=lang, progress=False, data_dir=REPO / "data")
        assert res.exit_code == 0, res.manifest
        out[lang] = res.run_dir
    return out


def _pages(run_dir):
    pages = sorted(run_dir.rglob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "report.html", "compare_2019.html"}
    return pages


def test_zh_pages_have_no_latin_words_beyond_the_allowed(shipped_runs):
    bad = {}
    for page in _pages(shipped_runs["zh"]):
        words = set(LATIN.findall(visible_text(page.read_text(encoding="utf-8")))) - ZH_ALLOWED
        if words:
            bad[str(page.relative_to(shipped_runs["zh"]))] = sorted(words)
    assert not bad, bad


def test_en_pages_have_no_chinese_beyond_a_plan_titles_original(shipped_runs):
    from xtforecast.catalog import load_catalog
    from xtforecast.targets import load_plan
    plan = load_plan("xingtai_2020", load_catalog())
    allowed = f"{plan.title_en} ({plan.title_zh})"
    bad = {}
    for page in _pages(shipped_runs["en"]):
        text = visible_text(page.read_text(encoding="utf-8")).replace(allowed, plan.title_en)
        hits = HAN.findall(text)
        if hits:
            bad[str(page.relative_to(shipped_runs["en"]))] = sorted(set(hits))[:10]
    assert not bad, bad


def test_each_report_is_titled_in_its_language(shipped_runs):
    zh = (shipped_runs["zh"] / "covid_shock" / "report.html").read_text(encoding="utf-8")
    en = (shipped_runs["en"] / "covid_shock" / "report.html").read_text(encoding="utf-8")
    assert "<title>情景报告：新冠疫情冲击</title>" in zh and '<html lang="zh-CN">' in zh
    assert "<title>Scenario report: COVID-19 shock</title>" in en and '<html lang="en">' in en
    # the scenario's own description, in the reader's language
    assert "规划编制时的视角（数据截至 2019 年），加上 2020 年疫情" in visible_text(zh)
    assert "The plan's own vantage (data up to 2019) with the 2020 epidemic added" in \
        " ".join(visible_text(en).split())


def test_no_warning_or_error_text_on_any_page_in_either_language(shipped_runs):
    # the shipped families include one of a single scenario, whose narrow heatmap once made
    # matplotlib print a layout warning into compare.html
    forbidden = re.compile(r"ERROR!|Traceback|Warning|History logging")
    hits = {f"{lang}/{p.relative_to(d)}": sorted(set(forbidden.findall(p.read_text(encoding="utf-8"))))
            for lang, d in shipped_runs.items() for p in _pages(d)}
    assert not {k: v for k, v in hits.items() if v}
