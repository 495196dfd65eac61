"""A generated report and the run's index, opened in a real browser (headless Chromium).

The HTML tests read the files; this one asks the browser what a reader gets: the DOM after
the page's scripts ran (``--dump-dom``) and a screenshot (``--screenshot``), kept under
``reports/browser-check/`` as artifacts (``reports/`` is not committed) so a person can look.
CI installs Debian's ``chromium`` and ``fonts-noto-cjk`` (``.ci/run``); without a chromium
binary the tests are skipped and say why.
"""

import re
import shutil
import subprocess

import pytest
from report_paths import REPO

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((b for b in map(shutil.which, BROWSERS) if b), None)
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="no chromium binary on PATH (CI installs Debian's chromium in "
                            ".ci/run; apt-get install chromium fonts-noto-cjk to run these here)")

#: Where the screenshots are kept (gitignored: reports/* is).
SHOTS = REPO / "reports" / "browser-check"
ERROR_TEXT = re.compile(r"ERROR!|Traceback|Warning:|History logging|\$\\[a-z]+")


def _chromium(tmp_path, *args, timeout=90) -> str:
    # A profile of its own (parallel runs do not share a lock); no sandbox, as CI runs as root.
    cmd = [BROWSER, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
           "--no-first-run", "--disable-extensions", "--mute-audio",
           f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", *args]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    return out.stdout


def _dom(tmp_path, page) -> str:
    return _chromium(tmp_path, "--dump-dom", page.as_uri())


def _screenshot(tmp_path, page, name: str, height: int) -> bytes:
    SHOTS.mkdir(parents=True, exist_ok=True)
    dest = SHOTS / name
    _chromium(tmp_path, f"--window-size=1280,{height}", f"--screenshot={dest}", page.as_uri())
    data = dest.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", dest
    return data


def _visible_text(dom: str) -> str:
    dom = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", dom, flags=re.S)
    return re.sub(r"<[^>]+>", " ", dom)


def _png_size(data: bytes) -> tuple[int, int]:
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_a_report_in_the_browser_has_its_text_images_and_formulas(fixture_run, tmp_path):
    page = fixture_run.run_dir / "push" / "report.html"
    dom = _dom(tmp_path, page)
    text = _visible_text(dom)
    assert "政策加力(测试)" in text and "附录：方法与公式" in text
    assert not ERROR_TEXT.search(text), ERROR_TEXT.search(text).group(0)
    imgs = re.findall(r'<img[^>]*src="([^"]{0,40})', dom)
    assert len([s for s in imgs if s.startswith("data:image/png")]) >= 3  # charts
    assert len([s for s in imgs if s.startswith("data:image/svg")]) >= 30  # formulas
    assert 'class="xt-table"' in dom
    shot = _screenshot(tmp_path, page, "push_report.png", 3000)
    assert _png_size(shot) == (1280, 3000) and len(shot) > 50_000  # a page, not a blank


def test_the_index_in_the_browser_links_every_ok_report(fixture_run, tmp_path):
    page = fixture_run.run_dir / "index.html"
    dom = _dom(tmp_path, page)
    text = _visible_text(dom)
    assert not ERROR_TEXT.search(text)
    assert 'href="push/report.html"' in dom and 'href="compare.html"' in dom
    assert "数据截至" in text and "事后" in text
    shot = _screenshot(tmp_path, page, "index.png", 1200)
    assert _png_size(shot) == (1280, 1200)


def test_the_browser_has_a_chinese_font():
    """Without a CJK font the browser draws the reports' Chinese as empty boxes (tofu)."""
    fc = shutil.which("fc-list")
    if fc is None:
        pytest.skip("no fc-list to ask for fonts")
    fonts = subprocess.run([fc, ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert fonts.strip(), "no Chinese font for the browser: apt-get install fonts-noto-cjk"
