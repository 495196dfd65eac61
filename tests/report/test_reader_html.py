"""What a reader of a batch's HTML sees: no error text, warnings or tracebacks anywhere.

The history collision of the warm kernel (``ERROR! Session/line number was not unique in
database``) showed only from the second notebook a kernel ran, so the batch here runs every
notebook in one worker (one kernel): baseline, push, the failing scenario, then compare.
"""

import re

import pytest
from report_paths import FIXTURE_RUN, FIXTURE_SCENARIOS, GOLDEN_SIMS

#: Text that must never reach a reader's page.
FORBIDDEN = re.compile(r"ERROR!|Traceback|Warning|warnings\.warn|History logging")


@pytest.fixture(scope="module")
def one_kernel_run(tmp_path_factory):
    from xtforecast.report.runner import run_reports
    out = tmp_path_factory.mktemp("one-kernel")
    return run_reports(all_=True, scenarios_dir=FIXTURE_SCENARIOS, out=out, jobs=1,
                       n_sims=GOLDEN_SIMS, lang="zh", run_id="one", progress=False, **FIXTURE_RUN)


def _reader_pages(run_dir):
    pages = sorted(run_dir.rglob("*.html"))
    assert {p.name for p in pages} >= {"index.html", "compare.html", "report.html"}
    return pages


def test_no_error_text_in_any_html_of_a_one_kernel_batch(one_kernel_run):
    hits = {}
    for page in _reader_pages(one_kernel_run.run_dir):
        found = FORBIDDEN.findall(page.read_text(encoding="utf-8"))
        if found:
            hits[str(page.relative_to(one_kernel_run.run_dir))] = sorted(set(found))
    assert not hits, hits


def test_no_error_text_in_any_html_of_the_two_worker_batch(fixture_run):
    for page in _reader_pages(fixture_run.run_dir):
        assert not FORBIDDEN.search(page.read_text(encoding="utf-8")), page


def test_no_stderr_output_in_the_executed_notebooks(one_kernel_run):
    import nbformat
    for nb_path in sorted(one_kernel_run.run_dir.rglob("*.ipynb")):
        if nb_path.parent.name == "broken":
            continue  # it fails on purpose; its notebook keeps the traceback, not its HTML
        nb = nbformat.read(nb_path, as_version=4)
        stderr = [o.get("text", "") for c in nb.cells if c.cell_type == "code"
                  for o in c.outputs if o.get("name") == "stderr"]
        assert not stderr, (nb_path, stderr)


def _network_references(page: str) -> list[str]:
    """URLs the page would load (scripts, styles, images, module imports), not mere links."""
    return (re.findall(r'<(?:script|img|link|iframe)[^>]*\s(?:src|href)="(https?://[^"]+)"', page)
            + re.findall(r'import\(\s*["\'](https?://[^"\']+)', page))


def test_a_report_opens_alone_offline(fixture_run):
    for page in _reader_pages(fixture_run.run_dir):
        text = page.read_text(encoding="utf-8")
        assert _network_references(text) == [], page
        # every image is embedded: no file next to the page is needed
        assert all(s.startswith("data:") for s in re.findall(r'<img[^>]*\ssrc="([^"]+)"', text))
    report = (fixture_run.run_dir / "push" / "report.html").read_text(encoding="utf-8")
    assert "MathJax" not in report
    # the formulas are drawn (SVG images with their TeX as alt text), no raw TeX left
    assert report.count('class="xt-math"') >= 30
    assert 'alt="\\mathrm{CAGR}_r=(x^*/x_0)^{1/(T-t_0)}-1"' in report
    assert "$\\mathrm" not in report and "\\frac{1}{N}$" not in report


def test_every_formula_of_the_appendix_is_drawn():
    from xtforecast.i18n import LANGS, t
    from xtforecast.report.mathsvg import formulas_to_svg, tex_svg
    for lang in LANGS:
        out = formulas_to_svg(t("report.methods_appendix", lang))
        assert "$" not in out, lang
    svg, w, h = tex_svg(r"\frac{1}{N}\sum_{i=1}^{N} x_i")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg and w > h > 10


def test_pages_are_titled_for_readers(fixture_run):
    d = fixture_run.run_dir
    report = (d / "push" / "report.html").read_text(encoding="utf-8")
    assert "<title>情景报告：政策加力(测试)</title>" in report
    # the template's first cell (how to run it, in both languages) is for its editors
    assert "Every cell calls" not in report and "本笔记本由" not in report
    compare = (d / "compare.html").read_text(encoding="utf-8")
    assert "<title>情景对比</title>" in compare and "<h2" in compare
