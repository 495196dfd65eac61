"""The goal table of a real report fits a 1,280-px page in both languages (headless Chromium,
through playwright: the layout, not the HTML text, is what overflows).

The bundled plan-vantage baseline (real data) is the case that overflowed: 13 columns, a
bound latest figure, evidence words of a thin pool and, in English, long goal values
("at least 0.2 per 10,000 persons"); the English table was 1,281 px wide in a 1,234-px
column, so the evidence column started off the page.
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


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_goal_table_fits_a_1280_px_page(lang, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    from xtforecast.report.runner import run_reports
    run = run_reports(["baseline_2019"], out=tmp_path, lang=lang, n_sims=300, compare=False,
                      sweep=False, progress=False, run_id=f"layout-{lang}")
    page_file = run.run_dir / "baseline_2019" / "report.html"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        page.goto(page_file.as_uri())
        table, column = page.evaluate(_WIDTHS)
        browser.close()
    assert table <= column, f"the {lang} goal table is {table:.0f} px in a {column:.0f}-px column"
