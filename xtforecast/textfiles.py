"""Read the bytes a user's tools write: find the text encoding (and say which), or refuse.

A Chinese user's Excel saves "CSV" as GBK/GB18030, "CSV UTF-8" with a byte-order mark, and
"Unicode text" as tab-separated UTF-16 with a BOM; Notepad may save YAML as GBK. Every reader
of user files goes through :func:`decode_text`, so an encoding is detected (or refused with
the file, the line and the fix) in one place, never surfacing as a ``UnicodeDecodeError``.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from .errors import DataError, Issue

#: Byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32 (with BOM)"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32 (with BOM)"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 with BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16 (with BOM)"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16 (with BOM)"),
]
#: Magic numbers of spreadsheet files that are not text at all.
XLSX_MAGIC = b"PK\x03\x04"   # a zip: .xlsx/.xlsm (also .ods, refused later by openpyxl)
XLS_MAGIC = b"\xd0\xcf\x11\xe0"  # OLE2: the old binary .xls

#: How to re-save a file as UTF-8, for messages.
RESAVE_UTF8 = ("re-save it as UTF-8 (Excel: Save As > 'CSV UTF-8 (逗号分隔)'; Notepad: Save "
               "As > Encoding: UTF-8; or `iconv -f GB18030 -t UTF-8 old > new`)")


@dataclass(frozen=True)
class Decoded:
    """The text of a file and the encoding it was read with.

    Attributes
    ----------
    text : str
        The decoded text, without a byte-order mark.
    encoding : str
        The Python codec used.
    label : str
        The encoding as a user would name it (``"GB18030 (GBK)"``, ``"UTF-16 (with BOM)"``).
    """

    text: str
    encoding: str
    label: str

    @property
    def note(self) -> str:
        """``"read as <label>"``, or ``""`` for plain UTF-8 (nothing worth saying)."""
        return "" if self.label == "UTF-8" else f"read as {self.label}"


def spreadsheet_kind(data: bytes) -> str | None:
    """``"xlsx"`` or ``"xls"`` when ``data`` starts like a spreadsheet file, else None."""
    if data.startswith(XLSX_MAGIC):
        return "xlsx"
    if data.startswith(XLS_MAGIC):
        return "xls"
    return None


def _line_at(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when NUL bytes sit at every other position (ASCII in
    UTF-16), else None."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    odd = sample[1::2].count(0) / len(sample[1::2])
    even = sample[0::2].count(0) / len(sample[0::2])
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def decode_text(path: str | Path, data: bytes, *, legacy: bool = True) -> Decoded:
    """Decode a user's file; raise :class:`DataError` naming the file, line and fix if it cannot.

    Parameters
    ----------
    path : path
        The file, for messages.
    data : bytes
        Its content.
    legacy : bool
        Also accept UTF-16 without BOM and GB18030/GBK (what Excel writes for a Chinese
        user). False accepts only UTF-8 (with or without BOM): YAML is written by hand and
        must be UTF-8, so a GBK file is refused with the fix rather than guessed.

    Returns
    -------
    Decoded
    """
    path = str(path)
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            if not legacy and codec != "utf-8-sig":
                raise DataError([Issue(path, 1, "", "not_utf8",
                                       f"the file is {label}, but this file must be UTF-8; "
                                       + RESAVE_UTF8)])
            return _decode(path, data, codec, label)
    kind = spreadsheet_kind(data)
    if kind is not None:
        raise DataError([Issue(path, None, "", "not_text",
                               f"this is an Excel file ({kind}), not text; save it as "
                               "'CSV UTF-8 (逗号分隔)' or pass observations as .xlsx")])
    if b"\x00" in data:  # no text file holds NUL bytes, UTF-16 (ASCII half NUL) aside
        codec = _utf16_without_bom(data) if legacy else None
        if codec is None:
            raise DataError([Issue(path, _line_at(data, data.index(b"\x00")), "", "not_text",
                                   "the file contains NUL bytes: it is binary, or UTF-16 "
                                   "without a byte-order mark; " + RESAVE_UTF8)])
        return _decode(path, data, codec, f"{codec.upper()} (no BOM)")
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "UTF-8")
    except UnicodeDecodeError as exc:
        return _legacy(path, data, exc, legacy)


def _legacy(path: str, data: bytes, exc: UnicodeDecodeError, legacy: bool) -> Decoded:
    """Not UTF-8: GB18030 (a superset of GBK and GB2312) when allowed, else refuse."""
    line = _line_at(data, exc.start)
    byte = data[exc.start:exc.start + 1].hex()
    if legacy:
        try:
            return Decoded(data.decode("gb18030"), "gb18030", "GB18030 (GBK)")
        except UnicodeDecodeError:
            raise DataError([Issue(path, line, "", "unknown_encoding",
                                   f"byte 0x{byte} on line {line} is neither UTF-8, UTF-16 nor "
                                   f"GB18030/GBK; " + RESAVE_UTF8)]) from None
    looks = ""
    try:
        data.decode("gb18030")
        looks = " (it looks like GBK/GB18030, what Chinese Windows tools save by default)"
    except UnicodeDecodeError:
        pass
    raise DataError([Issue(path, line, "", "not_utf8",
                           f"the file is not UTF-8{looks}: byte 0x{byte} on line {line}; "
                           + RESAVE_UTF8)])


def _decode(path: str, data: bytes, codec: str, label: str) -> Decoded:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DataError([Issue(path, None, "", "unknown_encoding",
                               f"the file starts like {label} but byte {exc.start} is not "
                               f"valid {label}; " + RESAVE_UTF8)]) from None
    return Decoded(text.removeprefix("\ufeff"), codec, label)


def read_user_file(path: str | Path, max_bytes: int) -> bytes:
    """The bytes of a user's file, refusing directories and files larger than ``max_bytes``.

    Raises
    ------
    DataError
        ``missing_file``, ``not_a_file`` or ``too_large``, naming the file.
    """
    p = Path(path)
    if not p.exists():
        raise DataError([Issue(str(path), None, "", "missing_file", "file not found; check the path")])
    if not p.is_file():
        raise DataError([Issue(str(path), None, "", "not_a_file",
                               "this is a directory, not a file; name the file inside it")])
    size = p.stat().st_size
    if size > max_bytes:
        raise DataError([Issue(str(path), None, "", "too_large",
                               f"the file has {size:,} bytes, more than the limit of "
                               f"{max_bytes:,}; split it, or check that it is the right file")])
    try:
        return p.read_bytes()
    except OSError as exc:
        raise DataError([Issue(str(path), None, "", "unreadable",
                               f"cannot read the file ({exc.strerror}); check its permissions")]) from None
