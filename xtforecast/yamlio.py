"""Read YAML and remember where every key stood, so errors can name file, line and key path."""

from __future__ import annotations

from pathlib import Path

import yaml

from .errors import DataError, Issue


def load_yaml(path: str | Path) -> tuple[object, dict[str, int]]:
    """Load a YAML file, returning the data and a map ``key path -> 1-based line``.

    Key paths look like ``targets[3].indicator``; the root is ``""``.

    Raises
    ------
    DataError
        When the file is missing or is not valid YAML (with the parser's line).
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([Issue(str(path), None, "", "missing_file",
                               "file not found; check the path")]) from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataError([Issue(str(path), line, "", "yaml_syntax",
                               f"not valid YAML: {getattr(exc, 'problem', exc)}")]) from None
    lines: dict[str, int] = {}
    if node is not None:
        _walk(node, "", lines)
    return data, lines


def _walk(node: yaml.Node, prefix: str, lines: dict[str, int]) -> None:
    lines.setdefault(prefix, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = f"{prefix}.{key_node.value}" if prefix else str(key_node.value)
            lines[key] = key_node.start_mark.line + 1
            _walk(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, f"{prefix}[{i}]", lines)


def line_of(lines: dict[str, int], keypath: str) -> int | None:
    """The line of ``keypath``, or of its nearest ancestor that has one."""
    while keypath:
        if keypath in lines:
            return lines[keypath]
        cut = max(keypath.rfind("."), keypath.rfind("["))
        keypath = keypath[:cut] if cut > 0 else ""
    return lines.get("")
