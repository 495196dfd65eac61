"""``xtforecast report -p NAME VALUE`` and ``--format json`` (papermill's conventions)."""

import json

from report_paths import FIXTURE_ARGS, FIXTURE_SCENARIOS

from xtforecast.cli import main
from xtforecast.cli.report import parse_parameters


def test_p_passes_parameters_and_json_prints_the_manifest(tmp_path, capsys):
    code = main(["report", "-s", str(FIXTURE_SCENARIOS / "push.yaml"), "--out", str(tmp_path),
                 "--jobs", "1", "-p", "lang", "en", "-p", "n_sims", "60", "-p", "seed", "11",
                 "--run-id", "p1", "--no-progress", "--no-compare", "--format", "json",
                 *FIXTURE_ARGS])
    cap = capsys.readouterr()
    assert code == 0
    m = json.loads(cap.out)  # stdout is the manifest alone
    assert "1 ok, 0 failed" in cap.err
    push = m["scenarios"]["push"]
    assert push["parameters"]["lang"] == "en" and push["parameters"]["n_sims"] == 60
    assert push["resolved"]["seed"] == 11 and push["resolved"]["n_sims"] == 60
    assert m["lang"] == "en" and m["run_dir"].endswith("p1")
    html = (tmp_path / "p1" / "push" / "report.html").read_text(encoding="utf-8")
    assert "Appendix: methods and formulas" in html


def test_p_is_validated_like_the_templates_parameters(tmp_path, capsys):
    code = main(["report", "-s", str(FIXTURE_SCENARIOS / "push.yaml"), "--out", str(tmp_path),
                 "-p", "n_sim", "5", "-p", "lang", "fr", *FIXTURE_ARGS])
    err = capsys.readouterr().err
    assert code == 2
    assert "n_sim: unknown parameter. Did you mean 'n_sims'?" in err
    assert "lang: must be one of zh, en; got 'fr'" in err
    assert not any(tmp_path.iterdir())  # nothing ran
    code = main(["report", "-s", str(FIXTURE_SCENARIOS / "push.yaml"), "--out", str(tmp_path),
                 "-p", "out_dir", "/elsewhere", *FIXTURE_ARGS])
    assert code == 2 and "-p out_dir: set by the runner" in capsys.readouterr().err
    code = main(["report", "-s", str(FIXTURE_SCENARIOS / "push.yaml"), "--out", str(tmp_path),
                 "-p", "data_dir", "/elsewhere"])
    assert code == 2 and "-p data_dir: set by the runner for each scenario (use --data-dir" in \
        capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_p_values_are_read_as_yaml_scalars():
    assert parse_parameters([["as_of", "2019"], ["lang", "en"], ["seed", "null"]]) == {
        "as_of": 2019, "lang": "en", "seed": None}
    assert parse_parameters([["scenario", "a: [b"]]) == {"scenario": "a: [b"}


def test_f_reads_parameters_from_yaml_and_p_wins(tmp_path, capsys):
    f = tmp_path / "params.yaml"
    f.write_text("lang: en\nn_sims: 40\nseed: 3\n", encoding="utf-8")
    code = main(["report", "-s", str(FIXTURE_SCENARIOS / "push.yaml"), "--out",
                 str(tmp_path / "out"), "--jobs", "1", "-f", str(f), "-p", "seed", "5",
                 "--run-id", "f1", "--no-progress", "--no-compare", "--format", "json",
                 *FIXTURE_ARGS])
    m = json.loads(capsys.readouterr().out)
    assert code == 0
    p = m["scenarios"]["push"]["parameters"]
    assert (p["lang"], p["n_sims"], p["seed"]) == ("en", 40, 5)
    bad = tmp_path / "list.yaml"
    bad.write_text("- lang\n", encoding="utf-8")
    code = main(["report", "-s", str(FIXTURE_SCENARIOS / "push.yaml"), "--out",
                 str(tmp_path / "out"), "-f", str(bad)])
    assert code == 2 and "expected a mapping of NAME: VALUE, got a list" in capsys.readouterr().err


def test_papermill_finds_the_warm_engine_by_name(tmp_path):
    """``papermill --engine xtforecast-warm`` (the entry point in pyproject.toml)."""
    import subprocess
    import sys

    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    from xtforecast.report.runner import ensure_kernel
    src, dst = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell("x = 6 * 7\nprint(x)")]), src)
    subprocess.run([sys.executable, "-m", "papermill", str(src), str(dst), "--engine",
                    "xtforecast-warm", "-k", ensure_kernel(), "--no-progress-bar"],
                   check=True, capture_output=True, text=True, timeout=120)
    nb = nbformat.read(dst, as_version=4)
    assert nb.cells[0].outputs[0]["text"] == "42\n"
