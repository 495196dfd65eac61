"""Atomic file writes: a reader (or a killed run) sees the old file or the new one, never half.

Each write goes to a temporary file in the *same directory* (so :func:`os.replace` is a rename
on one file system, which POSIX and Windows make atomic), is flushed and fsync'ed, and then
replaces the destination. A run killed mid-write leaves at most a ``.<name>.*.tmp`` file, which
no reader looks at and :func:`clean_temporaries` removes.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path

#: Suffix of the temporaries (hidden files: ``.<name>.<random>.tmp``).
TMP_SUFFIX = ".tmp"


def _default_mode() -> int:
    # mkstemp creates 0600 files; a report must get the mode any new file gets (0644 under the
    # usual umask), so colleagues and web servers can read it. os.umask can only be read by
    # setting it, so set it back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_path(path: str | Path):
    """Yield a temporary path next to ``path``; on success move it onto ``path``.

    For writers that want a file name rather than a file object (papermill, ``DataFrame.to_csv``).
    On an exception the temporary is removed and ``path`` is untouched.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_path(d / "a.txt") as tmp:
    ...     _ = tmp.write_text("done")
    >>> (d / "a.txt").read_text(), sorted(p.name for p in d.iterdir())
    ('done', ['a.txt'])
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    os.close(fd)
    tmp = Path(tmp)
    try:
        yield tmp
        _fsync(tmp)
        try:
            mode = os.stat(path).st_mode & 0o777  # keep the mode of the file it replaces
        except FileNotFoundError:
            mode = _default_mode()
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def write_bytes(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; return ``path``."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: str | Path, text: str, encoding: str = "utf-8") -> Path:
    """Write ``text`` (UTF-8 by default) to ``path`` atomically; return ``path``."""
    return write_bytes(path, text.encode(encoding))


def write_json(path: str | Path, obj) -> Path:
    """Write ``obj`` as indented UTF-8 JSON (Chinese kept readable) atomically."""
    return write_text(path, json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


def write_csv(path: str | Path, frame, **kw) -> Path:
    """Write a DataFrame as UTF-8 CSV (``index=False``, ``\\n`` line ends) atomically, its
    year columns as whole numbers (:func:`xtforecast.output.whole_years`)."""
    from ..output import whole_years  # pandas: only where a frame is written
    kw.setdefault("index", False)
    kw.setdefault("lineterminator", "\n")
    return write_text(path, whole_years(frame).to_csv(**kw))


def clean_temporaries(directory: str | Path) -> list[Path]:
    """Remove leftover temporaries of killed writes under ``directory``; return them."""
    gone = []
    for p in Path(directory).rglob(f".*{TMP_SUFFIX}"):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
            gone.append(p)
    return gone
