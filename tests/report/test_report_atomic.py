"""Atomic writes: complete files or none, also when the writer is killed mid-write."""

import os
import signal
import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from xtforecast.report.atomic import atomic_path, clean_temporaries, write_csv, write_json, write_text


def test_write_replaces_and_leaves_no_temporary(tmp_path):
    p = tmp_path / "a.txt"
    write_text(p, "old")
    write_text(p, "新的")
    assert p.read_text(encoding="utf-8") == "新的"
    assert [x.name for x in tmp_path.iterdir()] == ["a.txt"]


def test_new_files_are_readable_like_any_new_file(tmp_path):
    """mkstemp makes 0600 files; reports must get the umask's mode (0644 usually)."""
    mask = os.umask(0o022)
    try:
        p = write_text(tmp_path / "r.html", "<html></html>")
        assert p.stat().st_mode & 0o777 == 0o644
        os.chmod(p, 0o640)
        write_text(p, "<html>new</html>")
        assert p.stat().st_mode & 0o777 == 0o640  # a replaced file keeps its mode
    finally:
        os.umask(mask)


def test_exception_keeps_the_old_file(tmp_path):
    p = tmp_path / "a.txt"
    write_text(p, "old")
    with pytest.raises(RuntimeError):
        with atomic_path(p) as tmp:
            tmp.write_text("half")
            raise RuntimeError("writer died")
    assert p.read_text() == "old"
    assert [x.name for x in tmp_path.iterdir()] == ["a.txt"]


def test_json_and_csv_are_utf8(tmp_path):
    write_json(tmp_path / "m.json", {"标签": "基准"})
    assert '"标签": "基准"' in (tmp_path / "m.json").read_text(encoding="utf-8")
    write_csv(tmp_path / "s.csv", pd.DataFrame({"a": ["邢台"]}))
    assert (tmp_path / "s.csv").read_bytes() == "a\n邢台\n".encode()


def test_killed_writer_leaves_old_file_or_nothing(tmp_path):
    """A process SIGKILLed while writing leaves the destination as it was."""
    target = tmp_path / "big.csv"
    write_text(target, "complete old file\n")
    code = textwrap.dedent(f"""
        import os, signal, sys
        from xtforecast.report.atomic import atomic_path
        with atomic_path({str(target)!r}) as tmp:
            with open(tmp, "w") as fh:
                fh.write("partial " * 100000)
                fh.flush()
                os.kill(os.getpid(), signal.SIGKILL)
    """)
    proc = subprocess.run([sys.executable, "-c", code])
    assert proc.returncode == -signal.SIGKILL
    assert target.read_text() == "complete old file\n"
    left = [p for p in tmp_path.iterdir() if p.name != "big.csv"]
    assert left and all(p.name.startswith(".big.csv.") and p.name.endswith(".tmp") for p in left)
    assert clean_temporaries(tmp_path) and sorted(os.listdir(tmp_path)) == ["big.csv"]
