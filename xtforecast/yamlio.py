"""Read YAML and remember where every key stood, so errors can name file, line and key path."""

from __future__ import annotations

import math
import re
from pathlib import Path

import yaml

from .errors import DataError, Issue
from .textfiles import decode_text, read_user_file

#: Largest YAML file read (bytes). Catalogs, plans and scenarios are a few kB; a limit keeps a
#: wrong or hostile file from filling memory before anything is checked.
MAX_YAML_BYTES = 5 * 1024 * 1024
#: Most aliases (``*name``) a file may use. Hand-written files use none or a few; a "billion
#: laughs" file needs many, nested.
MAX_ALIASES = 100
#: Most nodes a file may expand to once aliases are followed (the line map walks them all).
MAX_NODES = 200_000

_FLOAT_TAG = "tag:yaml.org,2002:float"
_INT_TAG = "tag:yaml.org,2002:int"
_MERGE_TAG = "tag:yaml.org,2002:merge"
#: A plain decimal whole number or decimal fraction, as people write figures.
_PLAIN_NUMBER = re.compile(r"[-+]?(0|[1-9][0-9]*)(\.[0-9]*)?([eE][-+]?[0-9]+)?|[-+]?\.[0-9]+([eE][-+]?[0-9]+)?")


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, plus ``5e-1`` read as the number 0.5.

    YAML 1.1 (PyYAML) wants a decimal point in a float, so ``pp: 5e-1`` would be the *text*
    "5e-1"; YAML 1.2 and every person read it as 0.5.
    """


_Loader.add_implicit_resolver(_FLOAT_TAG, re.compile(r"^[-+]?(?:[0-9]+|\.[0-9]+)[eE][-+]?[0-9]+$"),
                              list("-+0123456789."))


class _TooComplex(Exception):
    """The node walk exceeded :data:`MAX_NODES`."""


def load_yaml(path: str | Path) -> tuple[object, dict[str, int]]:
    """Load a YAML file, returning the data and a map ``key path -> 1-based line``.

    Key paths look like ``targets[3].indicator``; the root is ``""``. The file must be UTF-8
    (a byte-order mark is fine) and at most :data:`MAX_YAML_BYTES` long, and may use at most
    :data:`MAX_ALIASES` aliases expanding to at most :data:`MAX_NODES` nodes; the aliases are
    counted from the event stream, before anything is expanded. A key repeated within one
    mapping, and ``.nan``/``.inf`` (or a number too large for a float), are refused: either
    would silently change a number (the last duplicate wins; infinity passes every ``>=``).

    Raises
    ------
    DataError
        When the file is missing, too large, not UTF-8, not valid YAML (with the parser's
        line), or breaks one of the rules above (every such place listed).
    """
    path = Path(path)
    text = decode_text(path, read_user_file(path, MAX_YAML_BYTES), legacy=False).text
    try:
        _check_aliases(path, text)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            issues: list[Issue] = []
            lines: dict[str, int] = {}
            if node is not None:
                _walk(node, "", lines, issues, str(path), [0])
            if issues:
                raise DataError(issues)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataError([Issue(str(path), line, "", "yaml_syntax",
                               f"not valid YAML: {getattr(exc, 'problem', None) or exc}")]) from None
    except _TooComplex:
        raise DataError([Issue(str(path), None, "", "yaml_too_complex",
                               f"the file expands to more than {MAX_NODES:,} values once its "
                               "aliases (*name) are followed; write the values out instead of "
                               "nesting aliases")]) from None
    return data, lines


def _check_aliases(path: Path, text: str) -> None:
    """Refuse more than :data:`MAX_ALIASES` aliases, counted on events (nothing expanded)."""
    n = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            n += 1
            if n > MAX_ALIASES:
                raise DataError([Issue(str(path), event.start_mark.line + 1, "", "yaml_too_complex",
                                       f"more than {MAX_ALIASES} aliases (*name); write the "
                                       "values out instead of referring to anchors")])


def _walk(node: yaml.Node, prefix: str, lines: dict[str, int], issues: list[Issue],
          path: str, count: list[int]) -> None:
    count[0] += 1
    if count[0] > MAX_NODES:
        raise _TooComplex
    lines.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            line = key_node.start_mark.line + 1
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != _MERGE_TAG:
                if key_node.value in seen:
                    issues.append(Issue(path, line, key, "duplicate_key",
                                        f"key '{key_node.value}' appears twice in one mapping "
                                        f"(first on line {seen[key_node.value]}); YAML would "
                                        "silently keep the last. Keep one"))
                seen.setdefault(key_node.value, line)
            lines[key] = line
            _walk(value_node, key, lines, issues, path, count)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, f"{prefix}[{i}]", lines, issues, path, count)
    elif node.tag == _FLOAT_TAG and not _finite(node.value):
        issues.append(Issue(path, node.start_mark.line + 1, prefix, "not_finite",
                            f"'{node.value}' is not a finite number; write the figure itself "
                            "(a missing value is left out, not written as .nan or .inf)"))
    elif node.tag in (_INT_TAG, _FLOAT_TAG) and not _PLAIN_NUMBER.fullmatch(node.value):
        issues.append(Issue(path, node.start_mark.line + 1, prefix, "bad_number",
                            f"'{node.value}' is not a plain number, and YAML would read it as "
                            f"{_construct_number(node)!r} (underscores, leading zeros (octal), "
                            "0x/0o/0b and 1:30 are number syntax in YAML 1.1); write the digits "
                            "of the figure, or quote it if it is a name"))


def _construct_number(node: yaml.ScalarNode):
    """The number PyYAML would make of ``node`` (for the message)."""
    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node)
    except (ValueError, yaml.YAMLError):
        return node.value
    finally:
        loader.dispose()


def _finite(text: str) -> bool:
    t = text.replace("_", "").lower()
    if t.lstrip("+-") in (".inf", ".nan"):
        return False
    try:
        return math.isfinite(float(t))
    except ValueError:  # sexagesimal 1:30.5 and the like: PyYAML reads them, finite
        return True


def line_of(lines: dict[str, int], keypath: str) -> int | None:
    """The line of ``keypath``, or of its nearest ancestor that has one."""
    while keypath:
        if keypath in lines:
            return lines[keypath]
        cut = max(keypath.rfind("."), keypath.rfind("["))
        keypath = keypath[:cut] if cut > 0 else ""
    return lines.get("")
