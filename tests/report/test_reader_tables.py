"""Tables for people: no index column, whole headers, numbers and goals in the reader's words."""

import re

import pandas as pd

from xtforecast.report.tables import (
    ReaderTable,
    band_words,
    class_name,
    format_band,
    format_number,
    goal_words,
    value_words,
)


def test_chinese_numbers_use_wan_and_yi_and_separators():
    assert format_number(27330.4, "zh") == "2.733万"
    assert format_number(35000, "zh") == "3.5万"
    assert format_number(100000, "zh") == "10万"
    assert format_number(1.184e4, "zh") == "1.184万"
    assert format_number(3.5e8, "zh") == "3.5亿"
    assert format_number(7141, "zh") == "7,141"
    assert format_number(626.1, "zh") == "626.1"
    assert format_number(-1960.2, "zh") == "-1,960"
    assert format_number(float("nan"), "zh") == ""


def test_english_numbers_use_separators_and_never_scientific_notation():
    for v in (1.184e4, 2.733e4, 8117.0, 1e7, 0.00012):
        assert "e" not in format_number(v, "en").lower(), v
    assert format_number(11840, "en") == "11,840"
    assert format_number(1e7, "en") == "10,000,000"


def test_a_band_is_read_in_one_scale_and_one_precision():
    # a median and its P10 - P90 from the Xingtai tech-SME row of baseline_2019 (2026-12-03):
    # number by number they read "1.538万" and "8,813 – 2.488万"
    assert format_band([15380, 8813, 24880], "zh", whole=True) == ["1.54万", "0.88万", "2.49万"]
    assert format_band([15380, 8813, 24880], "en", whole=True) == ["15,380", "8,813", "24,880"]
    # high-tech enterprises' net increase: "102.1" and "19.87 – 199" enterprises
    assert band_words([102.1, 19.87, 199.0], "level", "zh", unit="count") == ["102", "20", "199"]
    # a share keeps the decimals its largest value needs; a missing end stays blank
    assert band_words([2.104, 1.873, 2.391], "share", "en", unit="percent") == ["2.1", "1.87", "2.39"]
    assert format_band([None, 3.5e8, 1.2e9], "zh") == ["", "3.5亿", "12亿"]
    assert format_band([-0.2, 0.4, 1.3], "en", whole=True) == ["0", "0", "1"]
    assert band_words([18, 12, 25], "rank", "zh") == ["第 18 位", "第 12 位", "第 25 位"]


def test_rank_and_class_goals_in_words():
    assert goal_words("rank", "<=", -1, "rank", "zh") == "位次前移 1 位"
    assert goal_words("rank", "<=", "-1.0", "rank", "en") == "up 1 place in rank"
    assert goal_words("rank", "<=", -2, "rank", "en") == "up 2 places in rank"
    assert goal_words("rank", "<=", 5, "rank", "zh") == "进入前 5 位"
    assert goal_words("class", "<=", "B", "class", "zh") == "达到B类"
    assert goal_words("class", "<=", "B", "class", "en") == "reach class B"
    assert class_name(1, ("A", "B", "C"), "zh") == "A类"
    assert value_words(18, "rank", "zh") == "第 18 位"
    assert goal_words("share", ">=", 1.2, "percent", "zh") == "不低于 1.2%"
    assert goal_words("level", ">=", "100000.0", "persons", "zh") == "不低于 10万人"
    assert goal_words("level", ">=", 100000, "persons", "en") == "at least 100,000 persons"


def test_reader_table_has_no_index_and_whole_headers():
    df = pd.DataFrame({"目标": ["<b>x</b>"], "目标年份": ["2020"]}, index=[7])
    page = ReaderTable(df, {"目标年份": "num"}).to_html()
    assert "<th>目标</th><th>目标年份</th>" in page and ">7<" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page  # cells are escaped
    assert re.search(r"\.xt-table th \{[^}]*word-break: keep-all", page)
    assert '<td class="num">2020</td>' in page


def test_report_html_tables_read_as_text(fixture_run):
    page = (fixture_run.run_dir / "push" / "report.html").read_text(encoding="utf-8")
    assert 'class="xt-table"' in page
    assert 'class="dataframe' not in page  # pandas' table (index, right-aligned) is gone
    assert not re.search(r"\d\.\d+e[+-]\d", page)
    assert "<th>目标</th><th>目标年份</th><th>目标值</th><th>单位</th>" in page
    # a goal never splits from its number (a no-break space), and its cell may wrap before a
    # unit rather than push the table wide
    assert '<td class="word">不低于\u00a02%</td>' in page
    assert "<strong>总体判断</strong>" in page and "<strong>总体判断</strong>" in page and "**总体" not in page
    index = (fixture_run.run_dir / "index.html").read_text(encoding="utf-8")
    assert 'class="xt-table"' in index and 'class="dataframe' not in index
    compare = (fixture_run.run_dir / "compare.html").read_text(encoding="utf-8")
    assert 'class="xt-table"' in compare and not re.search(r"\d\.\d+e[+-]\d", compare)
