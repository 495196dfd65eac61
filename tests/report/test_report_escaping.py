"""User strings in report.html are text, never markup (issue 13, class 6).

A synthetic scenario whose labels and description carry live markup is run through the real
template; the reader's HTML must show the characters and contain no element they spell.
"""

import json
import re
import shutil

from report_paths import FIXTURE_RUN, FIXTURE_SCENARIOS

from xtforecast.report.runner import run_reports

HOSTILE_LABEL = '<script>alert("label")</script>Push'
HOSTILE_DESC = ('Synthetic: <img src=x onerror=alert(1)> and [click](javascript:alert(2)) '
                'and <a href="http://evil.example">x</a>.')


def test_hostile_labels_and_description_are_escaped_in_every_page(tmp_path):
    scen = tmp_path / "scenarios"
    shutil.copytree(FIXTURE_SCENARIOS, scen)
    text = (scen / "push.yaml").read_text(encoding="utf-8")
    text = (text.replace("label_en: Policy push (test)", f"label_en: '{HOSTILE_LABEL}'")
            .replace("label_zh: 政策加力(测试)", f"label_zh: '政策{HOSTILE_LABEL}'")
            .replace("description_en: Synthetic child scenario; enterprises grow 5 points a year "
                     "faster from 2020.", f"description_en: '{HOSTILE_DESC}'"))
    (scen / "push.yaml").write_text(text, encoding="utf-8")
    res = run_reports([str(scen / "push.yaml")], out=tmp_path / "out", jobs=1, lang="en",
                      n_sims=50, compare=False, progress=False, run_id="x", **FIXTURE_RUN)
    assert res.exit_code == 0, res.outcomes[0].error
    for page in ("push/report.html", "index.html"):
        html = (res.run_dir / page).read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html, page
        assert 'href="javascript:' not in html and 'href="http://evil.example"' not in html, page
    report = (res.run_dir / "push" / "report.html").read_text(encoding="utf-8")
    # shown as text: the escaped characters are in the page
    assert "&lt;script&gt;alert" in report and "&lt;img src=x onerror=alert(1)&gt;" in report
    assert re.search(r"\[click\]\(javascript:alert\(2\)\)", report)
    manifest = json.loads((res.run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["scenarios"]["push"]["label_en"] == HOSTILE_LABEL  # data kept as written
