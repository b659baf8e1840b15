"""The one writer of tracker YAML: values that read back as written, comments that stay comments.

`tracker new` (scaffold.py) and `tracker draft` (draft.py) write definitions for a person to finish, with
comments saying where each value came from and what is left to fill. PyYAML's dumper writes no
comments, so those files are assembled line by line here, and every value and every comment goes
through one of two functions:

- `scalar(value)` gives a YAML scalar that PyYAML's safe loader reads back as the same value: a plain
  word only when it is ASCII and reads as that string (never as a number, a date, a boolean or null),
  otherwise a double-quoted string with every line break and every character YAML may not carry raw
  written as an escape;
- `comment(text)` gives a `# …` comment on one line, whatever the text holds: a line feed in a title or
  a file name can no longer end the comment and start a key.

`tests/test_yaml_writer.py` round-trips any text through both, and through the definition models.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import yaml

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
# What PyYAML's reader accepts raw (yaml.reader.Reader.NON_PRINTABLE is the complement), less the
# characters it reads as line breaks or white space inside a quoted string, and the byte-order mark.
_RAW_OK = re.compile("[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_NAMED = {"\\": "\\\\", '"': '\\"', "\0": "\\0", "\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n",
          "\v": "\\v", "\f": "\\f", "\r": "\\r", "\x1b": "\\e", "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P"}
_LINE_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029\v\f]")
_RESOLVER = yaml.resolver.Resolver()


def _escape(ch: str) -> str:
    named = _NAMED.get(ch)
    if named is not None:
        return named
    if _RAW_OK.match(ch):
        return ch
    code = ord(ch)
    return f"\\x{code:02X}" if code <= 0xFF else f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


def quoted(text: str) -> str:
    """A double-quoted YAML string holding exactly `text`."""
    return '"' + "".join(_escape(ch) for ch in text) + '"'


def plain_ok(text: str) -> bool:
    """Whether `text` may be written unquoted: ASCII letters, digits, '.', '_', '-' that YAML reads as a string."""
    if not _PLAIN.match(text) or text.isdigit():
        # A string of digits is a code ("00008"): YAML reads some bare (00008) as text and others (00070) as a
        # number, and a person copying the bare form for another code would not see why; all are quoted.
        return False
    tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == _RESOLVER.DEFAULT_SCALAR_TAG)


def scalar(value: Any) -> str:
    """One YAML scalar for a string, a whole number, a boolean, None or a date."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return value if plain_ok(value) else quoted(value)
    raise TypeError(f"no YAML scalar for {type(value).__name__}")


def flow(value: Any) -> str:
    """A value in YAML's flow style, on one line: `{id: x, labels: {loai: "Xã"}}`, `["1", "2a"]`."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def comment_text(text: str) -> str:
    """`text` fit to stand after '#': one line, no character the YAML reader refuses."""
    one_line = _LINE_BREAKS.sub(" / ", text)
    return "".join(ch if ch == "\t" or _RAW_OK.match(ch) else _escape(ch) for ch in one_line)


def comment(text: str) -> str:
    return f"# {comment_text(text)}".rstrip()


class YamlLines:
    """A YAML document written a line at a time, with indentation and comments; `text()` joins it."""

    def __init__(self) -> None:
        self._lines: list[str] = []

    def comment(self, text: str, indent: int = 0) -> YamlLines:
        self._lines.append(" " * indent + comment(text))
        return self

    def field(self, key: str, value: Any, indent: int = 0, note: str = "") -> YamlLines:
        """`key: value`, the value a scalar or (for a mapping or list) flow style, with a trailing comment."""
        self._lines.append(" " * indent + f"{scalar(key)}: {flow(value)}" + (f"  {comment(note)}" if note else ""))
        return self

    def open(self, key: str, indent: int = 0, note: str = "") -> YamlLines:
        """`key:` opening a block mapping or list written on the lines that follow."""
        self._lines.append(" " * indent + f"{scalar(key)}:" + (f"  {comment(note)}" if note else ""))
        return self

    def item(self, value: Any, indent: int = 0, note: str = "") -> YamlLines:
        """`- value` in a block list, the value in flow style."""
        self._lines.append(" " * indent + f"- {flow(value)}" + (f"  {comment(note)}" if note else ""))
        return self

    def item_field(self, key: str, value: Any, indent: int = 0, note: str = "") -> YamlLines:
        """`- key: value`: the first field of a mapping in a block list (the next fields at indent + 2)."""
        self._lines.append(" " * indent + f"- {scalar(key)}: {flow(value)}" + (f"  {comment(note)}" if note else ""))
        return self

    def blank(self) -> YamlLines:
        self._lines.append("")
        return self

    def extend(self, other: YamlLines) -> YamlLines:
        self._lines += other._lines
        return self

    def text(self) -> str:
        return "\n".join(self._lines) + "\n"
