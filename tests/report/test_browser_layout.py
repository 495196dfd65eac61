"""The goal table of a real report fits a 1,280-px page in both languages (headless Chromium,
through playwright: the layout, not the HTML text, is what overflows).

The bundled plan-vantage baseline (real data) is the case that overflowed: 13 columns, a
bound latest figure, evidence words of a thin pool and, in English, long goal values
("at least 0.2 per 10,000 persons"); the English table was 1,281 px wide in a 1,234-px
column, so the evidence column started off the page. Hebei's goals at the 2019 vantage are the
second: the evidence of a series projected with the S&T family's growth shift. Its first
wording, 证据一般（本序列模型，经各省同类科技指标回测校正）, broke only at its parenthesis and
comma, and its last 14 characters made the zh table 1,259 px wide in a 1,234-px column; it
now reads 证据一般（本序列模型，经各省科技指标校正）.
"""

import os
import shutil

import pytest

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "",
                             shutil.which("chromium-browser") or "") if p and os.path.exists(p)), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary (CI installs Debian's chromium in .ci/run; "
                             "apt-get install chromium fonts-noto-cjk to run this here)")

#: The first reader's table of a report and the output column it sits in.
_WIDTHS = """() => {
  const t = document.querySelector('table.xt-table');
  return [t.getBoundingClientRect().width, t.parentElement.getBoundingClientRect().width];
}"""


#: Hebei's own goals (plan hebei_misc, real data) as known at the end of 2019: its high-tech
#: enterprise stock has no pool and is projected by the local combination with the family
#: shift (its 2023 and 2025 goals).
HEBEI_2019 = """name: hebei_2019
label_zh: 河北 2019 年视角
label_en: Hebei as of 2019
description_zh: 河北省科技目标，按 2019 年可知的数据推算。
description_en: Hebei's S&T goals, projected from the data known in 2019.
plan: hebei_misc
as_of: 2019
"""


@pytest.mark.parametrize("scenario, lang", [("baseline_2019", "zh"), ("baseline_2019", "en"),
                                            ("hebei_2019", "zh"), ("hebei_2019", "en")])
def test_the_goal_table_fits_a_1280_px_page(scenario, lang, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    from xtforecast.report.runner import run_reports
    spec = scenario
    if scenario == "hebei_2019":
        spec = tmp_path / "hebei_2019.yaml"
        spec.write_text(HEBEI_2019, encoding="utf-8")
    run = run_reports([str(spec)], out=tmp_path, lang=lang, n_sims=300, compare=False,
                      sweep=False, progress=False, run_id=f"layout-{lang}")
    page_file = run.run_dir / scenario / "report.html"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(page_file.as_uri())
        table, column = page.evaluate(_WIDTHS)
        browser.close()
    assert table <= column, f"the {lang} goal table is {table:.0f} px in a {column:.0f}-px column"
