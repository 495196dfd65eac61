"""No file of the repository names a path of somebody's machine (issue 10, item 9): provenance
must point inside the repository or at a public address, so a clean checkout anywhere can follow it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

#: an absolute path under a home or work directory, not part of an address
#: (``http://…/index.php/home/…`` has a letter before ``/home``)
MACHINE_PATH = re.compile(r"(?<![\w.:/-])/(?:work|home|Users|root|mnt)/[\w.-]+")


def _tracked_text_files():
    out = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True)
    for name in out.stdout.splitlines():
        p = REPO / name
        if p == Path(__file__).resolve():
            continue  # its own examples of what it refuses
        if p.suffix in {".png", ".svg", ".parquet", ".xlsx", ".pdf", ".ttf", ".otf"} or not p.is_file():
            continue
        try:
            yield name, p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue


def test_the_pattern_finds_a_machine_path_and_spares_an_address():
    assert MACHINE_PATH.search("raw copies in /work/shared/data")
    assert MACHINE_PATH.search('cite "/home/dev/notes.md"')
    assert not MACHINE_PATH.search("http://hebfb.apps.hebei.com.cn/hebfb/index.php/home/essay/read/id/6150.html")
    assert not MACHINE_PATH.search("docs/target_methods.md")


def test_no_tracked_file_names_a_path_of_a_machine():
    found = [f"{name}:{text[:m.start()].count(chr(10)) + 1}: {m.group(0)}"
             for name, text in _tracked_text_files() for m in MACHINE_PATH.finditer(text)]
    assert not found, "paths of a machine in the repository (cite docs/ or a public address):\n" + "\n".join(found)
