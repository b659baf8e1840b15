"""The command line parser's own words in Vietnamese: its usage errors and its help's headings.

typer (0.29) parses the command line with a copy of click of its own (`typer._click`), which says in English what it
refuses ("No such option: --bogus") and heads the help with "Usage:", "Options:". Three of click's extension points
put Vietnamese there, with nothing of click's changed: a group class (`typer.Typer(cls=UsageGroup)`) that turns each
usage error raised while it parses or resolves a command into a `UsageErrorVi`; that error's `show`, which prints the
Vietnamese line and keeps click's English on the next (for the person who schedules the command, and the logs); and a
context class whose help formatter (`Context.formatter_class`) writes the headings in Vietnamese. The exit code
stays click's 2.

The exceptions' classes are in typer's private `_click`: typer exports no other name for them. pyproject.toml pins
typer's minor version, and tests/test_cli_usage_vi.py fails if a new one words or raises them differently.
"""

from __future__ import annotations

import ast
import re
import unicodedata
from collections.abc import Sequence
from difflib import get_close_matches
from typing import IO, Any

import typer
from typer._click import Command, Context
from typer._click.exceptions import (
    BadArgumentUsage,
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup, TyperOption

SEPARATOR = " — "
"""Between a help text's Vietnamese and its English: `bilingual("Thư mục …", "Folder …")`."""

HEADINGS = {"Usage": "Cách dùng", "Options": "Tùy chọn", "Arguments": "Đối số", "Commands": "Lệnh"}
OPTIONS_METAVAR = "[TÙY CHỌN]"
COMMAND_METAVAR = "LỆNH [ĐỐI SỐ]..."
HELP_OPTION = "Show this message and exit."
SHOWN = 300
"""A value typed longer than this (longer than any path a person types) is shown cut, with its length: a
5,000-character paste is not echoed whole."""


def bilingual(vi: str, en: str) -> str:
    """A help text: Vietnamese first (what the help's list of commands and a usage error show), then the English."""
    return f"{vi.removesuffix('.')}{SEPARATOR}{en}"


def vietnamese_part(help_text: str) -> str:
    """A command's or option's help up to its English: its first paragraph, or what comes before SEPARATOR."""
    return help_text.strip().split("\n\n")[0].split(SEPARATOR)[0].strip()


class HelpFormatterVi(HelpFormatter):
    """click's help formatter with the headings, the help option's line and the [required]/[default] notes in
    Vietnamese."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, f"{HEADINGS['Usage']}: " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(_metavars_vi(term), _notes_vi(text)) for term, text in rows], col_max, col_spacing)


METAVARS = {"<str>": "<giá trị>", "<path>": "<đường dẫn>", "<integer>": "<số>", "<int range>": "<số>", "<float>": "<số>",
            "FILE": "<tệp>"}
"""typer's names for what an option takes (its type's), in the help's Vietnamese."""

_METAVAR = re.compile(r"(?<= )(?:" + "|".join(re.escape(m) for m in METAVARS) + r")$")


def _metavars_vi(term: str) -> str:
    """An option's or argument's line in the help ('-o, --out <path>'), what it takes said in Vietnamese."""
    return _METAVAR.sub(lambda found: METAVARS[found[0]], term)


_NOTES = re.compile(r"\[([^\[\]]*)\]$")


def _notes_vi(text: str) -> str:
    """The help option's line, and the notes typer adds after an option's help ('[default: x; required]')."""
    if text == HELP_OPTION:
        return bilingual("Hiện hướng dẫn này rồi thoát", HELP_OPTION)
    notes = _NOTES.search(text)
    if notes is None:
        return text
    said = [("bắt buộc" if note == "required" else
             f"mặc định: {note.removeprefix('default: ')}" if note.startswith("default: ") else
             _range_vi(note)) for note in notes[1].split("; ")]
    return f"{text[:notes.start()]}[{'; '.join(said)}]"


_RANGE = re.compile(r"(?:(-?\d+)<=)?x(?:<=(-?\d+))?")


def _range_vi(note: str) -> str:
    """A number's range as click notes it ('1<=x<=9223372036854775807'), in Vietnamese ('từ 1 trở lên')."""
    found = _RANGE.fullmatch(note)
    if found is None or not any(found.groups()):
        return note
    low, high = found.groups()
    high = None if high is not None and int(high) >= 2**63 - 1 else high  # click's "no limit"
    if low is not None and high is not None:
        return f"từ {low} đến {high}"
    return f"từ {low} trở lên" if low is not None else f"đến {high}" if high is not None else "số bất kỳ"


class ContextVi(typer.Context):
    """A command's context whose help and usage line are written by HelpFormatterVi."""

    formatter_class = HelpFormatterVi


class UsageErrorVi(UsageError):
    """A usage error said in Vietnamese; click's English follows on the next line. Exit code 2, as click's."""

    def __init__(self, vi: str, original: UsageError) -> None:
        super().__init__(original.format_message(), original.ctx)
        self.vi = unicodedata.normalize("NFC", vi)

    def show(self, file: IO[Any] | None = None) -> None:
        if self.ctx is not None:
            hint = ""
            if self.ctx.command.get_help_option(self.ctx) is not None:
                hint = f"Xem hướng dẫn: {self.ctx.command_path} {self.ctx.help_option_names[0]}\n"
            typer.echo(f"{self.ctx.get_usage()}\n{hint}", file=file, err=file is None)
        typer.echo(f"Lỗi: {self.vi}\nError: {self.format_message()}", file=file, err=file is None)


class UsageGroup(TyperGroup):
    """A typer group whose usage errors, and its commands', are said in Vietnamese, and whose help is headed so."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.context_class = ContextVi
        self.options_metavar = OPTIONS_METAVAR
        self.subcommand_metavar = COMMAND_METAVAR
        for command in self.commands.values():
            command.context_class = ContextVi
            if command.options_metavar:
                command.options_metavar = OPTIONS_METAVAR

    def make_context(self, info_name: str | None, args: list[str], parent: Context | None = None,
                     **extra: Any) -> Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except UsageError as exc:
            raise in_vietnamese(exc) from None

    def invoke(self, ctx: Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as exc:
            raise in_vietnamese(exc) from None

    def resolve_command(self, ctx: Context, args: list[str]) -> tuple[str | None, Command | None, list[str]]:
        try:
            name, command, rest = super().resolve_command(ctx, args)
        except UsageError as exc:
            if isinstance(exc, NoSuchOption) or not args or self.get_command(ctx, args[0]) is not None:
                raise
            name = args[0]
            said = f"“{ctx.command_path}” không có lệnh {_quoted(name)}."
            close = get_close_matches(name, list(self.commands))
            if close:
                said += f" Có phải ý bạn là {_or(f'{ctx.command_path} {c}' for c in close)}?"
            raise UsageErrorVi(said, exc) from None
        if command is not None and not isinstance(command, TyperGroup):  # a group's own commands are looked at next
            _refuse_blank(ctx, command, rest)
        return name, command, rest


def _refuse_blank(ctx: Context, command: Command, args: list[str]) -> None:
    """A blank value ('-o "$OUT"' with OUT unset) is refused: every option and argument reads it as the current
    folder ('.'), and a check would write its reports there, or report a folder without workbooks."""
    takes_value = {name for param in command.params if isinstance(param, TyperOption) and not param.is_flag
                   for name in param.opts}
    for i, arg in enumerate(args):
        option, equals, value = arg.partition("=")
        if arg.startswith("--") and equals and not value.strip():
            blank = option
        elif not arg.strip():
            blank = args[i - 1] if i and args[i - 1] in takes_value else ""
        else:
            continue
        path = f"{ctx.command_path} {command.name}"
        where = f"tùy chọn “{blank}” có giá trị trống" if blank else "một đối số trống"
        english = f"option '{blank}' has an empty value" if blank else "an argument is empty"
        # No usage line (the group's would show, not the command's): its help is named instead.
        raise UsageErrorVi(f"“{path}”: {where} (một biến chưa đặt?): hãy ghi giá trị, hoặc bỏ hẳn nó. "
                           f"Xem hướng dẫn: {path} --help",
                           UsageError(f"{path}: {english} (an unset variable?): give the value, or leave it out.")
                           ) from None


def in_vietnamese(exc: UsageError) -> UsageError:
    """The same error, said in Vietnamese (the help a command shows for no arguments stays as it is)."""
    if isinstance(exc, UsageErrorVi | NoArgsIsHelpError):
        return exc
    return UsageErrorVi(_said(exc), exc)


def _said(exc: UsageError) -> str:
    if isinstance(exc, NoSuchOption):
        where = f"lệnh “{exc.ctx.command_path}”" if exc.ctx is not None else "lệnh"
        said = f"{where} không có tùy chọn {_quoted(exc.option_name)}."
        return said + (f" Có phải ý bạn là {_or(sorted(exc.possibilities))}?" if exc.possibilities else "")
    if isinstance(exc, MissingParameter):
        return _missing(exc)
    if isinstance(exc, BadParameter):
        return _bad_value(exc)
    if isinstance(exc, BadOptionUsage):
        return _option_usage(exc)
    if isinstance(exc, BadArgumentUsage):
        takes = re.fullmatch(r"Argument '(.*)' takes (\d+) values\.", exc.message)
        return f"đối số “{takes[1]}” cần {takes[2]} giá trị." if takes else "dùng sai một đối số."
    extra = re.fullmatch(r"Got unexpected extra argument\(s\) \((.*)\)", exc.message, re.S)
    if extra:
        return f"thừa đối số {_quoted(extra[1])} (một giá trị có dấu cách phải đặt trong ngoặc kép)."
    if exc.message == "Missing command.":
        return "thiếu lệnh: xem danh sách lệnh với --help."
    return "dòng lệnh không đúng cách dùng."


def _missing(exc: MissingParameter) -> str:
    param = exc.param
    if param is None:
        return "thiếu một giá trị bắt buộc."
    if isinstance(param, TyperOption):
        said = f"thiếu tùy chọn bắt buộc {' / '.join(_quoted(o) for o in param.opts)}"
    else:
        said = f"thiếu đối số {_quoted(param.name or '')}"
    what = vietnamese_part(getattr(param, "help", None) or "")
    return f"{said}: {what[0].lower()}{what[1:]}" + ("" if what.endswith(".") else ".") if what else f"{said}."


def _where(exc: BadParameter) -> str:
    param = exc.param
    if isinstance(param, TyperOption):
        return f"tùy chọn {' / '.join(_quoted(o) for o in param.opts)}"
    return f"đối số {_quoted(param.name or '')}" if param is not None else "giá trị"


_PATH = re.compile(r"(file|dir|path) ('.*'|\".*\") (does not exist|is a file|is a directory|is not readable|"
                   r"is not writable)\.", re.S)
_PATH_KIND = {"file": "tệp", "dir": "thư mục", "path": "tệp hay thư mục"}


def _bad_value(exc: BadParameter) -> str:
    where = _where(exc)
    cause = exc.__cause__
    errors = getattr(cause, "errors", None)
    if callable(errors) and (found := errors()):
        error = found[0]
        return f"{where} {_expected(error['type'], error.get('ctx') or {}, str(error.get('msg', '')))}; " \
               f"đã ghi {_quoted(str(error.get('input', '')))}."
    path = _PATH.fullmatch(exc.message)
    if path is None:
        return f"{where}: giá trị không dùng được."
    kind, name, what = path[1], _quoted(ast.literal_eval(path[2])), path[3]
    said = {"does not exist": f"không có {_PATH_KIND[kind]} {name}",
            "is a file": f"{name} là một tệp, ở đây cần một thư mục",
            "is a directory": f"{name} là một thư mục, ở đây cần một tệp",
            "is not readable": f"không có quyền đọc {name}",
            "is not writable": f"không có quyền ghi vào {name}"}[what]
    return f"{where}: {said}."


def _expected(kind: str, limits: dict[str, Any], message: str) -> str:
    """What the value should have been, by pydantic's error type (typer checks a typed value with pydantic)."""
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return "phải là một số nguyên"
    if kind in ("float_parsing", "float_type", "decimal_parsing"):
        return "phải là một số"
    if kind == "bool_parsing":
        return "phải là có hoặc không (yes/no, true/false, 1/0)"
    if kind.startswith(("date_", "datetime_")):
        return "phải là một ngày (YYYY-MM-DD)"
    bounds = {"greater_than_equal": ("ge", "phải từ {} trở lên"), "greater_than": ("gt", "phải lớn hơn {}"),
              "less_than_equal": ("le", "phải nhỏ hơn hoặc bằng {}"), "less_than": ("lt", "phải nhỏ hơn {}")}
    if kind in bounds:
        return bounds[kind][1].format(limits.get(bounds[kind][0], "?"))
    choices = re.search(r"is not one of (.*)\.$", message) or re.search(r"Input should be (.*)$", message)
    if kind in ("literal_error", "enum", "value_error") and choices:
        listed = re.findall(r"'([^']*)'", choices[1]) or [choices[1]]
        return f"phải là một trong: {', '.join(listed)}"
    if kind == "string_unicode":
        return "có byte không đọc được (không phải UTF-8)"
    return "không hợp lệ"


def _option_usage(exc: BadOptionUsage) -> str:
    name = exc.option_name
    if exc.message.endswith("requires an argument."):
        return f"tùy chọn {_quoted(name)} cần một giá trị đi sau (ví dụ: {name} <giá trị>)."
    if (takes := re.search(r"requires (\d+) arguments\.$", exc.message)) is not None:
        return f"tùy chọn {_quoted(name)} cần {takes[1]} giá trị đi sau."
    if exc.message.endswith("does not take a value."):
        return f"tùy chọn {_quoted(name)} không nhận giá trị: chỉ ghi {name}."
    return f"dùng sai tùy chọn {_quoted(name)}."


def _quoted(text: str) -> str:
    """A value as typed, between quotes: control characters and bytes that were not UTF-8 escaped, a long one cut."""
    shown = "".join(_visible(c) for c in text)
    if len(shown) <= SHOWN:
        return f"“{shown}”"
    return f"“{shown[:SHOWN - 1]}…” ({len(text)} ký tự)"


def _visible(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as Python keeps it in sys.argv
        return f"\\x{code - 0xDC00:02x}"
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return char


def _or(names: Any) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} hoặc {names[-1]}"
