"""``xtforecast explore`` served on localhost and used in a real browser (headless Chromium).

A person without Jupyter opens the page: the controls must be widgets (not their text form
``HBox(children=…)``), no code may show, a slider change must move P(attain), and the save
button must write a scenario that ``xtforecast scenarios check`` accepts. Playwright drives
Debian's ``/usr/bin/chromium`` (no browser download); CI installs both (``.ci/run``,
``pip install -e '.[dev]'``). Screenshots are kept under ``reports/browser-check/``
(gitignored) so a person can look at them.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "reports" / "browser-check"
CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium") or "",
                             shutil.which("chromium-browser") or "") if p and os.path.exists(p)), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="no chromium binary (CI installs Debian's chromium in .ci/run; "
                             "apt-get install chromium fonts-noto-cjk to run this here)")
#: A goal whose P(attain) the growth knob moves (at the plan's vantage, data to 2019).
# the 2021 vantage: the last at which Xingtai's 2022 goals are projected (at the plan's own
# 2019 vantage nothing about Xingtai was published yet, so no knob could move P)
SCENARIO, GOAL, AS_OF = "baseline", "high_tech_enterprises_2022", "2021"
#: Seconds for the page to appear: Voilà starts a kernel, which fits the goal's models.
START_TIMEOUT = 180


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    pytest.importorskip("voila")
    pytest.importorskip("playwright.sync_api")
    save_dir = tmp_path_factory.mktemp("saved")
    log = tmp_path_factory.mktemp("log") / "explore.log"
    port = _free_port()
    env = {**os.environ, "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    with open(log, "w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "xtforecast", "explore", "--port", str(port),
                                 "--scenario", SCENARIO, "--goal", GOAL, "--as-of", AS_OF,
                                 "--save-dir",
                                 str(save_dir)], cwd=REPO, env=env, stdout=fh, stderr=fh,
                                start_new_session=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url, timeout=5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"xtforecast explore did not serve {url}:\n{log.read_text()[-3000:]}")
                time.sleep(0.5)
        yield url, save_dir, log
    finally:
        # our own child: SIGTERM makes `xtforecast explore` stop Voila and its kernels
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        # ... and its session (started for it above) holds nothing any more
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _alive_in_session(sid: int) -> list[int]:
    """Processes of session ``sid`` still running (Linux /proc)."""
    out = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                out.append(int(d.name))
    return out

@pytest.fixture(scope="module")
def page(served):
    from playwright.sync_api import sync_playwright
    url, _, log = served
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        pg = browser.new_page(viewport={"width": 1100, "height": 1300})
        pg.set_default_timeout(60_000)
        # Offline, as on an intranet and on CI: a request off this machine is refused at once
        # and kept (Voila's stock template linked a CDN's stylesheets, and one that hung held
        # the load event past the timeout in a fresh CI run, 2026-12-03).
        pg.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), _refuse)
        _open(pg, url, log)
        try:
            pg.wait_for_selector(".xt-p-attain .xt-p-value", timeout=START_TIMEOUT * 1000)
        except Exception:
            SHOTS.mkdir(parents=True, exist_ok=True)
            pg.screenshot(path=str(SHOTS / "explore_failed.png"), full_page=True)
            pytest.fail(f"the explorer did not render; page text: {pg.inner_text('body')[:1500]}\n"
                        f"server log: {log.read_text()[-2000:]}")
        yield pg
        browser.close()


#: The requests the page made off this machine (refused), in order.
OFFSITE: list[str] = []


def _refuse(route):
    OFFSITE.append(route.request.url)
    route.abort()


def _open(pg, url: str, log: Path) -> None:
    """Load the page, once more if the first load times out (a kernel start that lost a race
    for its ports gets a new kernel on reload); fail with the server's log otherwise."""
    from playwright.sync_api import TimeoutError as PageTimeout
    for attempt in (1, 2):
        try:
            pg.goto(url, timeout=START_TIMEOUT * 1000)
            return
        except PageTimeout:
            if attempt == 2:
                pytest.fail(f"the explorer page did not load twice in {START_TIMEOUT} s; "
                            f"server log: {log.read_text()[-3000:]}")


def _p(pg) -> str:
    return pg.inner_text(".xt-p-attain .xt-p-value")


def _shot(pg, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / name), full_page=True)


def test_the_page_shows_widgets_and_no_code(page):
    body = page.inner_text("body")
    assert "HBox(children" not in body and "VBox(children" not in body
    assert "import xtforecast" not in body and "ExplorerState" not in body  # no code cell
    assert page.locator(".widget-slider").count() >= 5
    assert page.locator(".xt-goal select").count() == 1
    assert page.locator(".xt-p-attain").inner_text().startswith("达标概率")
    assert page.locator(".jp-OutputArea-output img").count() >= 1  # the fan chart
    # the language toggle reads as one row: its label level with its buttons
    lab = page.locator(".xt-lang .widget-label").bounding_box()
    btn = page.locator(".xt-lang button").first.bounding_box()
    assert abs((lab["y"] + lab["height"] / 2) - (btn["y"] + btn["height"] / 2)) < btn["height"] / 2
    assert btn["x"] > lab["x"] + lab["width"] - 1
    _shot(page, "explore_zh.png")


def test_the_page_asks_nothing_of_the_internet(page):
    """Served with the package's template, the page loads everything from this machine (the
    stock lab template asked cdn.jsdelivr.net for Font Awesome), and the save button's icon
    still draws: its font is Voila's own."""
    assert OFFSITE == []
    icon = page.locator("button.xt-save i").first
    family = icon.evaluate("e => getComputedStyle(e, '::before').fontFamily")
    width = icon.bounding_box()["width"]
    assert "Font Awesome" in family or "FontAwesome" in family, family
    assert width > 4, width


def test_a_slider_change_updates_p_attain(page):
    before = _p(page)
    readout = page.locator(".xt-growth-pp .widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("-5")
    page.keyboard.press("Enter")
    page.wait_for_function("b => document.querySelector('.xt-p-attain .xt-p-value').innerText !== b",
                           arg=before)
    after = _p(page)
    assert float(after.rstrip("%")) < float(before.rstrip("%")), (before, after)
    years = page.inner_text(".xt-growth-years")
    assert "作用于 2022 年（1 年）" in years and "2022–2022" not in years, years
    _shot(page, "explore_growth_minus5.png")


def test_english_relabels_the_controls(page):
    page.locator(".xt-lang button", has_text="English").click()
    page.wait_for_function("() => document.querySelector('.xt-p-attain').innerText"
                           ".startsWith('P(attain)')")
    assert "Growth shift" in page.inner_text(".xt-growth-pp")
    # ipywidgets writes the options with no-break spaces
    options = page.locator(".xt-goal select").inner_text().replace("\xa0", " ")
    assert "More than 500 high-tech enterprises" in options
    assert "目标" not in page.inner_text(".xt-goal")
    _shot(page, "explore_en.png")
    page.locator(".xt-lang button", has_text="中文").click()
    page.wait_for_function("() => document.querySelector('.xt-p-attain').innerText"
                           ".startsWith('达标概率')")


def test_save_writes_a_scenario_that_scenarios_check_accepts(page, served):
    _, save_dir, _ = served
    page.locator(".xt-name input").fill("browser_check")
    page.locator("button.xt-save").click()
    page.wait_for_function("() => document.querySelector('.xt-save-msg').innerText.includes('已保存')")
    saved = save_dir / "browser_check.yaml"
    assert saved.is_file(), page.inner_text(".xt-save-msg")
    assert "pp: -5.0" in saved.read_text(encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "xtforecast", "scenarios", "check", str(saved)],
                           cwd=REPO, capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout + check.stderr
    # the same name again: a free one is proposed, nothing is overwritten
    page.locator(".xt-name input").fill("browser_check")
    page.locator("button.xt-save").click()
    page.wait_for_function("() => document.querySelector('.xt-save-msg').innerText.includes('已被占用')")
    assert page.locator(".xt-name input").input_value() == "browser_check_2"
    _shot(page, "explore_saved.png")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")
def test_stopping_explore_stops_voila_and_its_kernels(tmp_path):
    # A SIGTERM to `xtforecast explore` (what the fixture above and service managers send)
    # used to leave Voila and its kernels running, orphaned, on the port.
    pytest.importorskip("voila")
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "xtforecast", "explore", "--port", str(port),
                             "--save-dir", str(tmp_path)], cwd=REPO, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "MPLBACKEND": "Agg"})
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60).close()
                break
            except OSError:
                time.sleep(0.5)
        assert len(_alive_in_session(proc.pid)) >= 2  # explore and Voila (and a kernel)
        proc.terminate()
        proc.wait(timeout=30)
        deadline = time.monotonic() + 20
        while _alive_in_session(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert _alive_in_session(proc.pid) == []
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
