"""The command line: parse arguments, call the library, print, exit. No logic of its own.

It speaks Vietnamese to the person at the terminal, as the rest of its output does; the English of the
library's messages goes to the log (stderr, with TRACKER_LOG=info).

Exit codes: 0 the command ran (whatever the gaps); 1 the source could not be read or mail could not
be delivered; 2 bad usage or a bad definition; 3 overdue parts with --fail-on-gaps.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer

from tracker.cli_usage import UsageGroup, bilingual
from tracker.errors import (
    INTERRUPTED,
    DefinitionError,
    HistoryError,
    OutputError,
    SourceError,
    TrackerError,
    UnknownTrackerError,
    stopped_by,
)
from tracker.files.atomic import os_reason_vi, refuse_overwrite

if TYPE_CHECKING:  # the library is imported where a command uses it: `tracker --help` loads none of it
    import logging

    from rich.console import Console
    from rich.table import Table

    from tracker.definition import Tracker
    from tracker.delivery import DeliveryReport
    from tracker.notices import Notice
    from tracker.office.week import Week

app = typer.Typer(
    cls=UsageGroup,
    help="Theo dõi việc thực hiện công văn của các đơn vị — track a directive across reporting units.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
history_app = typer.Typer(cls=UsageGroup, no_args_is_help=True, help=bilingual(
    "Lịch sử các lần kiểm tra: liệt kê, xem, so sánh, lấy lại dòng đã xóa.",
    "Snapshots of past checks: list, show, diff, restore deleted rows."))
contacts_app = typer.Typer(cls=UsageGroup, no_args_is_help=True, help=bilingual(
    "Danh bạ của cơ quan (.xlsx/.csv), nơi tracker lấy địa chỉ thư điện tử của đơn vị.",
    "The office's contact list (.xlsx/.csv) that a tracker reads its e-mails from."))
docs_app = typer.Typer(cls=UsageGroup, no_args_is_help=True, help=bilingual(
    "Tạo lại các tài liệu sinh tự động (danh mục lỗi, lược đồ findings.json, tham chiếu dòng lệnh).",
    "Regenerate the generated docs (problem catalogue, findings.json schema, CLI reference)."))
app.add_typer(history_app, name="history")
app.add_typer(contacts_app, name="contacts")
reviews_app = typer.Typer(cls=UsageGroup, no_args_is_help=True, help=bilingual(
    "Quyết định của tỉnh về các dòng và phần việc của đơn vị (docs/reviews.md).",
    "The province's decisions on units' rows and parts (docs/reviews.md)."))
app.add_typer(reviews_app, name="reviews")
app.add_typer(docs_app, name="docs")



class _Console:
    """rich's Console, made when first used: `tracker --help` prints through click and never loads rich (a third of
    its start-up)."""

    def __init__(self, **options: Any) -> None:
        object.__setattr__(self, "_options", options)
        object.__setattr__(self, "_made", None)

    def _console(self) -> Console:
        if self._made is None:
            from rich.console import Console

            object.__setattr__(self, "_made", Console(**self._options))
        return cast("Console", self._made)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._console(), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._console(), name, value)

    # `with console:` (rich's progress bar holds its console so while it draws, in a terminal) looks the dunders up on
    # the type, never through __getattr__.
    def __enter__(self) -> Console:
        return self._console().__enter__()

    def __exit__(self, *exc: Any) -> None:
        self._console().__exit__(*exc)

    # A property of its own, so that a test's monkeypatch restores the Console's width rather than deleting it here.
    @property
    def width(self) -> int:
        return self._console().width

    @width.setter
    def width(self, value: int) -> None:
        self._console().width = value


out = cast("Console", _Console(highlight=False, soft_wrap=True))
err = cast("Console", _Console(stderr=True, highlight=False, soft_wrap=True))


def escape(text: str) -> str:
    """rich's markup escaped (rich.markup.escape), imported when a message needs it."""
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def _log() -> logging.Logger:
    import logging  # here: `tracker --help` needs no logging

    return logging.getLogger("tracker")

STATUS_STYLE = {"done_on_time": "green", "done_late": "blue", "in_progress": "yellow", "overdue": "bold red",
                "not_applicable": "dim"}

T = TypeVar("T")

SQLITE_MAX = 2**63 - 1  # the largest number a check can have in the history (SQLite's integer)
PATH_HELP = bilingual("Tệp sẽ ghi.", "The file to write.")

TrackerArg = Annotated[str, typer.Argument(help=bilingual("Đường dẫn tệp YAML của tracker, hoặc mã tracker (tìm trong trackers/).", "Tracker YAML path or id (looked up in trackers/)."))]
AsOfOpt = Annotated[str | None, typer.Option("--as-of", help=bilingual("Ngày tính đến, DD/MM/YYYY, DD-MM-YYYY hoặc YYYY-MM-DD (mặc định: hôm nay).", "Check date, DD/MM/YYYY, DD-MM-YYYY or YYYY-MM-DD (default: today)."))]
SourceOpt = Annotated[str, typer.Option("--source", "-s", help=bilingual("Tệp .xlsx, thư mục chứa các tệp .csv/.xlsx, hoặc đường link (hay mã) Google Sheets.", ".xlsx file, folder of .csv/.xlsx, or Google Sheets URL/key."))]
CredOpt = Annotated[str | None, typer.Option("--credentials", help=bilingual("Tệp khóa JSON của tài khoản dịch vụ Google.", "Google service-account JSON file."))]
HistoryOpt = Annotated[Path | None, typer.Option("--history", help=bilingual("Tệp lịch sử (SQLite).", "History SQLite file."))]
AllowMissingOpt = Annotated[bool, typer.Option(
    "--allow-missing", help=bilingual(
        "Vẫn chạy tiếp khi nguồn không có trang tính của đơn vị nào, hoặc có chưa tới một nửa số trang của lần kiểm tra "
        "trước (mặc định thì dừng: nhầm nguồn sẽ báo mọi đơn vị thiếu trang tính).",
        "Go on when the source holds no unit's sheet, or under half as many as the last check "
                            "found (the check stops by default: a wrong source would tell every unit its sheet is "
                            "missing)."))]
ForceOpt = Annotated[bool, typer.Option("--force", help=bilingual("Ghi đè nếu tệp đã có.", "Overwrite the file if it exists."))]
ReviewsOpt = Annotated[list[Path] | None, typer.Option(
    "--reviews", metavar="FILE", help=bilingual(
        "Quyết định của tỉnh (.xlsx/.csv có trang 'Duyệt'); dùng thêm vào trang 'Duyệt' của nguồn và tệp reviews.xlsx "
        "của thư mục làm việc. Ghi được nhiều lần.",
        "The province's decisions (.xlsx/.csv with a 'Duyệt' sheet); besides the source's 'Duyệt' tab "
                      "and the workspace's reviews.xlsx. Repeatable."))]


@app.callback()
def _configure_logging() -> None:
    """Runs before any command (not for `tracker --help`): TRACKER_LOG sets the level of the English log on stderr."""
    import logging

    level = os.environ.get("TRACKER_LOG", "").strip().upper() or "WARNING"  # blank: unset, as every other setting
    levels = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
    logging.basicConfig(level=getattr(logging, level) if level in levels else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    if level not in levels:  # a typo would silence the log the person asked for: say so, and go on
        err.print(f"Lưu ý: TRACKER_LOG={os.environ['TRACKER_LOG']!r} không phải mức ghi nhật ký; dùng một trong "
                  f"{', '.join(levels).lower()} (đang dùng warning).", markup=False)


def _say_new_workspace(workspace: str) -> None:
    """A typo in TRACKER_WORKSPACE starts a new history and a new record of the reminders sent, which is what keeps
    a reminder from going out twice: say it before anything is read or sent, by the commands that keep their history
    and ledger there (`_workspace`; `tracker week` keeps them in the office's folder)."""
    if not workspace:
        return
    try:
        exists = Path(workspace).expanduser().exists()
    except (OSError, ValueError):  # a name the system refuses (too long): the command says why when it uses it
        exists = False
    if not exists:
        err.print(f"Lưu ý: thư mục làm việc TRACKER_WORKSPACE=“{workspace[:200]}” chưa có: sẽ tạo mới, với lịch sử "
                  "và sổ thư đã gửi trống. Nếu gõ nhầm, hãy dừng (Ctrl-C) và sửa biến này.", markup=False)


def main() -> None:
    try:
        app()
    except SystemExit as exc:
        # A Ctrl-C outside a command's _errors (while typer parses the options, or a command imports what it
        # uses) is turned by typer into a silent exit 130: say it in the one line _errors would have said.
        stopped = exc.__context__
        if exc.code == INTERRUPTED and stopped is not None and isinstance(stopped.__cause__, KeyboardInterrupt):
            words, code = stopped_by(stopped.__cause__)
            err.print(f"Đã dừng ({words}).")
            raise SystemExit(code) from None
        raise


def _say(exc: TrackerError, label: str) -> None:
    """One line for the user: the error's Vietnamese words where it has them, else its detail after a Vietnamese
    label; the English always to the log."""
    _log().info("%s: %s", type(exc).__name__, exc)
    err.print(f"[red]{label}:[/red] {escape(exc.vi or str(exc))}")


@contextmanager
def _errors(history_hint: bool = False) -> Iterator[None]:
    """Turn the library's exceptions into a message and an exit code; never a traceback. `history_hint`: the
    command has --no-history, which gets its report past a history file it cannot use."""
    try:
        yield
    except DefinitionError as exc:
        office = bool(exc.problems) and all(Path(p.file).name == "office.yaml" for p in exc.problems)
        heading = "Lỗi trong tệp office.yaml" if office else "Lỗi trong tệp định nghĩa tracker"
        err.print(f"[red]{heading}[/red] — {len(exc.problems)} lỗi (tệp:dòng: trường: nội dung):")
        for p in exc.problems:
            err.print(f"  {p.vi_line()}", markup=False)
        raise typer.Exit(2) from None
    except UnknownTrackerError as exc:
        _say(exc, "Lỗi")
        raise typer.Exit(2) from None
    except TrackerError as exc:
        # Messages quote Google's and SMTP servers' words, which may hold [brackets]: no markup there.
        _say(exc, "Lỗi nguồn dữ liệu" if isinstance(exc, SourceError) else "Lỗi")
        if history_hint and isinstance(exc, HistoryError):
            err.print("  (chạy lại với --no-history để có báo cáo tuần này mà không dùng lịch sử)")
        raise typer.Exit(1) from None
    except KeyboardInterrupt as exc:
        _interrupted(exc)
        raise typer.Exit(stopped_by(exc)[1]) from None
    except OSError as exc:
        # A file the user named cannot be read or written (a folder given as a file, no permission):
        # the library wraps the paths it knows; this catches the rest without a traceback.
        _log().info("OS error: %s", exc)
        where = f" “{exc.filename}”" if exc.filename else ""
        err.print(f"[red]Lỗi:[/red] không dùng được{escape(where)}: {escape(os_reason_vi(exc))}")
        raise typer.Exit(1) from None
    except Exception as exc:
        # sqlite3 is imported by the commands that open a file (not by `--help`): if it is not loaded, no error
        # can be its own. The ledger and history wrap what they meet on opening; damage deeper shows later.
        sqlite3 = sys.modules.get("sqlite3")
        if sqlite3 is None or not isinstance(exc, sqlite3.DatabaseError):
            raise
        _log().info("database error: %s", exc)
        err.print(f"[red]Lỗi:[/red] tệp lịch sử hoặc sổ gửi thư bị hỏng ({escape(str(exc))})")
        raise typer.Exit(1) from None


def _interrupted(exc: KeyboardInterrupt) -> None:
    """Ctrl-C: one line, and while sending what went out (the ledger knows it too: the next run sends the rest)."""
    # Only a run that was sending can have been stopped while sending: a Ctrl-C during the imports must not import
    # the delivery module (and what it imports) to find out.
    delivery = sys.modules.get("tracker.delivery")
    words = stopped_by(exc)[0]
    if delivery is None or not isinstance(exc, delivery.DeliveryInterrupted):
        err.print(f"Đã dừng ({words}).")
        return
    sent = len(exc.report.sent) + len(exc.report.resent_ambiguous)
    rest = exc.total - sent - len(exc.report.skipped) - len(exc.report.failed)
    err.print(f"Đã dừng ({words}) khi đang gửi: đã gửi {sent}/{exc.total} thư; {rest} thư còn lại sẽ được gửi ở lần "
              "chạy sau (sổ gửi thư đã ghi những thư đã đi: chúng không được gửi lại)"
              + (f"; thư đang gửi dở ({exc.in_flight}) sẽ được gửi lại với cùng Message-ID." if exc.in_flight else "."),
              markup=False)


def _load(name: str) -> Tracker:
    from tracker.definition import load_tracker, locate_tracker

    return load_tracker(locate_tracker(name))


def _as_of(text: str | None, today: date) -> date:
    if text is None:
        return today
    # A blank value ("--as-of $DAY" with DAY unset) never reaches here: the parser refuses it first
    # (cli_usage._refuse_blank). Anything else that is no day is refused below, never read as today.
    from tracker.parse import typed_day

    day = typed_day(text)
    if day is not None:
        return day
    # Click's own refusal would say "Error: Invalid value for '--as-of'" in English around our words.
    err.print(f"Lỗi: --as-of “{text}” không phải là một ngày (viết DD/MM/YYYY, DD-MM-YYYY hoặc YYYY-MM-DD, ví dụ "
              f"{today:%d/%m/%Y})", markup=False)
    raise typer.Exit(2)


def _with_progress(fn: Callable[[Callable[[str, int, int], None]], T], label: str) -> T:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    # Redrawn on each step, not by rich's refresh thread: a process with another thread never forks (forking.may_fork),
    # and the national check forks to use a second core.
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err,
                  transient=True, disable=not err.is_terminal, auto_refresh=False) as bar:
        task = bar.add_task(label, total=None)

        def progress(what: str, done: int, total: int) -> None:
            bar.update(task, description=f"{label}: {what}"[:70], completed=done, total=total, refresh=True)

        return fn(progress)


@app.command("validate-definition")
def validate_definition(file: Annotated[Path, typer.Argument(help=bilingual("Tệp YAML của tracker (hoặc mã một tracker có sẵn).", "Tracker YAML file (or a bundled tracker's id)."))]) -> None:
    """Kiểm tra tệp định nghĩa tracker; in “Hợp lệ”, hoặc từng lỗi với dòng và trường của nó.

    Check a tracker definition; print OK or every problem with its line and field."""
    from tracker.authoring.registry import name_problems
    from tracker.definition import load_tracker, locate_tracker
    from tracker.documents.content import unsigned_documents
    from tracker.periods import early_deadlines

    with _errors():
        file = locate_tracker(file)  # a bundled tracker's id too, as every other command takes it
        tracker = load_tracker(file)
        out.print(f"Hợp lệ: {file} — {len(tracker.units)} đơn vị, {len(tracker.tasks)} nhiệm vụ, "
                  f"{sum(len(t.parts) for t in tracker.tasks)} phần việc.")
        silent = [u.name for u in tracker.units if not u.contacts]
        no_mail = [f"{len(silent)}/{len(tracker.units)} đơn vị chưa có địa chỉ thư nên sẽ không nhận được thư nhắc "
                   f"({', '.join(silent[:3])}{', …' if len(silent) > 3 else ''}); thêm `contacts` hoặc tệp danh bạ "
                   "(`contacts_file`)"] if silent and not tracker.contacts_file else []  # the file's own lines name them
        for warning in [*(p.vi_line() for p in tracker.contact_problems),
                        *(p.vi_line() for p in name_problems(tracker, file)), *early_deadlines(tracker),
                        *unsigned_documents(tracker), *no_mail]:
            out.print(f"Lưu ý: {warning}", markup=False)


@app.command("new")
def new_cmd(
    province: Annotated[str, typer.Option("--province", help=bilingual("Tỉnh, có dấu hoặc không dấu ('Quang Tri'); 'all' cho cả nước.", "Province, with or without diacritics ('Quang Tri'); 'all' for the whole country."))],
    tracker_id: Annotated[str, typer.Option("--id", help=bilingual("Mã của tracker: chữ thường không dấu, chữ số và '-'.", "The tracker's id: lowercase letters, digits and '-'."))],
    title: Annotated[str, typer.Option("--title", help=bilingual("Tên của tracker, bằng tiếng Việt.", "The tracker's title, in Vietnamese."))],
    only: Annotated[str | None, typer.Option("--only", help=bilingual("Chỉ các loại này, cách nhau bằng dấu phẩy: phuong, xa, dac-khu.", "Only these kinds, comma-separated: phuong, xa, dac-khu."))] = None,
    units_file: Annotated[Path | None, typer.Option("--units", exists=True, dir_okay=False, help=bilingual(
        "Chỉ các xã, phường có trong danh sách (tên hoặc mã; .txt, .csv hoặc .xlsx).",
        "Only the communes listed (names or codes; .txt, .csv or .xlsx)."))] = None,
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help=bilingual("Nơi ghi (mặc định trackers/ID.yaml).", "Where to write (default trackers/ID.yaml)."))] = None,
    force: ForceOpt = False,
) -> None:
    """Viết một tracker mới có các đơn vị là xã, phường của một tỉnh, theo danh mục hành chính chính thức.

    Write a new tracker whose units are the communes of a province, from the official registry."""
    from tracker.authoring.scaffold import build, parse_kinds, write_new_tracker

    with _errors():
        scaffold = build(province, tracker_id, title, parse_kinds(only), units_file, out=out_file)
        path = write_new_tracker(scaffold, out_file or Path("trackers") / f"{tracker_id}.yaml", overwrite=force)
        out.print(f"Đã ghi {path}: {len(scaffold.units)} đơn vị trong {len(scaffold.spreadsheets)} bảng tính. "
                  "Điền các dòng ghi TODO, rồi chạy `tracker validate-definition`.", markup=False)


@contacts_app.command("template")
def contacts_template(
    tracker: TrackerArg,
    out_file: Annotated[Path, typer.Option("--out", "-o", help=bilingual("Tệp danh bạ sẽ ghi (.xlsx).", "Contacts file to write (.xlsx)."))] = Path("danh-ba.xlsx"),
    force: ForceOpt = False,
) -> None:
    """Ghi tệp danh bạ điền sẵn các đơn vị của tracker, để cơ quan điền tiếp.

    Write the contacts file pre-filled with the tracker's units, for the office to complete."""
    from tracker.contacts import write_contacts_template

    with _errors():
        t = _load(tracker)
        refuse_overwrite(out_file, force)
        path = write_contacts_template(t.units, out_file)
        out.print(f"Đã ghi {path} ({len(t.units)} đơn vị). Thêm `contacts_file: {path.name}` vào tệp tracker.",
                  markup=False)


@app.command("template")
def template(
    tracker: TrackerArg,
    out_file: Annotated[Path, typer.Option("--out", "-o", help=bilingual("Sổ nhập liệu sẽ ghi (.xlsx).", "Workbook to write (.xlsx)."))] = Path("mau-nhap-lieu.xlsx"),
    force: ForceOpt = False,
) -> None:
    """Ghi sổ nhập liệu cho các đơn vị: hướng dẫn, mỗi đơn vị một trang tính, danh sách chọn.

    Write the entry workbook the districts fill: instructions, one sheet per unit, dropdowns."""
    from tracker.entry_workbook import write_template

    with _errors():
        t = _load(tracker)
        refuse_overwrite(out_file, force)
        path = write_template(t, out_file)
        out.print(f"Đã ghi {path} ({len(t.units)} trang tính của đơn vị).")


_DONE_HEADER = "NV xong"
_WIDE_TASKS = 4
"""Past this many tasks the summary shows each unit's tasks in one column when a task per column does not fit."""


def _summary_table(result: Any, console: Console) -> Table:
    """A unit per row: each task's status in its own column, or, past _WIDE_TASKS tasks when that is wider than the
    terminal, the tasks done and the parts overdue (ten columns of 'Đang thực hiện' wrapped three lines a unit)."""
    from rich.measure import Measurement
    from rich.table import Table

    t = result.tracker
    wide = _wide_table(result)
    unbounded = console.options.update(width=10**4)
    if len(t.tasks) <= _WIDE_TASKS or Measurement.get(console, unbounded, wide).maximum <= console.width:
        return wide
    table = Table(title=f"{t.title} — tính đến {result.as_of:%d/%m/%Y}", show_lines=False)
    table.add_column("Đơn vị", min_width=min(_longest_word(t), 16), overflow="fold")
    table.add_column(_DONE_HEADER, justify="right", overflow="fold")
    table.add_column("Phần việc quá hạn", overflow="fold")
    table.add_column("Tính/Loại", justify="right", overflow="fold")
    table.add_column("Cần sửa", justify="right", overflow="fold")
    for unit in t.units:
        tasks = [ts for ts in result.evaluation.unit_tasks(unit.id) if ts.status != "not_applicable"]
        done = sum(ts.status in ("done_on_time", "done_late") for ts in tasks)
        overdue = ", ".join(p.part for ts in tasks for p in ts.parts if p.status == "overdue")
        table.add_row(unit.sheet, f"{done}/{len(tasks)}", f"[{STATUS_STYLE['overdue']}]{overdue}[/]" if overdue else "—",
                      *_unit_counts(result, unit))
    return table


def _longest_word(t: Tracker) -> int:
    # A narrow terminal wraps names at words, never cuts one to 'Phườ…': the name column is at least as wide as
    # its longest word, and a word wider than any column left is folded onto the next line, not dropped.
    return max((len(w) for u in t.units for w in u.sheet.split()), default=6)


def _unit_counts(result: Any, unit: Any) -> tuple[str, str]:
    from tracker.report import to_fix

    counts = result.intake.units[unit.id].counts
    n_problems = len(to_fix(result.unit_problems(unit.id)))  # as report.html counts them: rows that wait for a fix
    return f"{counts.rows_counted}/{counts.rows_rejected}", str(n_problems)


def _wide_table(result: Any) -> Table:
    from rich.table import Table

    from tracker.definition import task_column
    from tracker.report import STATUS_SHORT

    t = result.tracker
    table = Table(title=f"{t.title} — tính đến {result.as_of:%d/%m/%Y}", show_lines=False)
    table.add_column("Đơn vị", min_width=min(_longest_word(t), 16), overflow="fold")
    for task in t.tasks:
        table.add_column(task_column(task.id), overflow="fold")
    table.add_column("Tính/Loại", justify="right", overflow="fold")
    table.add_column("Cần sửa", justify="right", overflow="fold")
    for unit in t.units:
        cells = []
        for ts in result.evaluation.unit_tasks(unit.id):
            overdue = [p.part for p in ts.parts if p.status == "overdue"]
            label = STATUS_SHORT[ts.status] + (f" ({', '.join(overdue)})" if overdue else "")
            cells.append(f"[{STATUS_STYLE[ts.status]}]{label}[/]")
        table.add_row(unit.sheet, *cells, *_unit_counts(result, unit))
    return table


def _print_summary(result: Any, console: Console | None = None) -> None:
    from tracker.report import advisory, to_fix

    console = console or out
    t = result.tracker
    table = _summary_table(result, console)
    console.print(table)
    if table.columns[1].header == _DONE_HEADER:
        console.print(f"(Bảng gọn vì có {len(t.tasks)} nhiệm vụ; từng nhiệm vụ xem trong report.html.)", markup=False)
    c = result.intake.counts
    console.print(f"Dòng đã đọc: {c.rows_read} — được tính: {c.rows_counted}, bị loại: {c.rows_rejected}, "
                  f"dòng trống: {c.rows_blank}. Lỗi cần sửa: {len(to_fix(result.problems))}; lưu ý (không bắt buộc sửa): "
                  f"{len(advisory(result.problems))}.")
    p = result.evaluation.province
    if p:
        console.print(f"{p.name}: {p.parts_done}/{p.parts_total} phần việc hoàn thành ({p.rate:.0%}); "
                      f"{p.units_overdue} đơn vị có phần quá hạn.")
    if result.review.sheets:
        applied = sum(o.applied for o in result.decisions)
        bad = len(result.review_problems)
        console.print(f"Quyết định của {t.province.speaker}: {applied}/{len(result.decisions)} được áp dụng, "
                      f"làm thay đổi {result.decided_parts} trạng thái"
                      + (f"; {bad} lỗi ở các dòng quyết định (xem báo cáo, mục Quyết định)." if bad else "."), markup=False)


@reviews_app.command("template")
def reviews_template(
    tracker: TrackerArg,
    out_file: Annotated[Path, typer.Option("--out", "-o", help=bilingual("Tệp duyệt sẽ ghi (.xlsx hoặc .csv).", "Reviews file to write (.xlsx, or .csv)."))] = Path("duyet.xlsx"),
    force: ForceOpt = False,
) -> None:
    """Ghi sổ duyệt trống (trang 'Duyệt' có danh sách chọn) cho `tracker check --reviews`.

    Write an empty reviews workbook ('Duyệt' sheet with dropdowns) for `tracker check --reviews`."""
    from tracker.review.files import write_review_workbook

    with _errors():
        t = _load(tracker)
        if out_file.suffix.lower() not in (".xlsx", ".csv"):
            raise OutputError(f"{out_file}: a reviews file must be .xlsx or .csv",
                              vi=f"{out_file}: tệp duyệt phải là .xlsx hoặc .csv")
        refuse_overwrite(out_file, force)  # a filled reviews file is the province's record: never lost by a typo
        try:
            path = write_review_workbook(t, out_file)
        except OSError as exc:
            raise OutputError(f"cannot write {out_file}: {exc.strerror or exc}",
                              vi=f"không ghi được {out_file}: {os_reason_vi(exc)}") from exc
        out.print(f"Đã ghi {path}. Dùng với `tracker check --reviews {path}`.", markup=False)


def _stored(result: Any, path: Path, console: Console) -> None:
    """Where the check went: a bundled tracker's history lives in the user's data folder, not the current one."""
    if result.check_id is not None:
        console.print(f"Lịch sử: đã lưu lần kiểm tra số {result.check_id} (tính đến {result.as_of:%d/%m/%Y}) vào "
                      f"{path}", markup=False)


def _workspace(tracker: Tracker, history_path: Path | None, ledger_path: Path | None = None) -> Any:
    """The tracker's workspace, or the history (and ledger) files named on the command line."""
    from tracker.weekly import Workspace

    if history_path is None:
        _say_new_workspace(os.environ.get("TRACKER_WORKSPACE", "").strip())
    ws = Workspace.of(tracker)
    if history_path and not history_path.name:  # '', '.' or '/': its ledger and reviews beside it would have no name
        err.print(f"Lỗi: --history “{history_path}” không phải tên một tệp; ghi đường dẫn tệp lịch sử, ví dụ "
                  f"--history {tracker.id}.history.sqlite", markup=False)
        raise typer.Exit(2)
    if history_path:
        ws = Workspace(history_path, history_path.with_name(f"{tracker.id}.ledger.sqlite"),
                       history_path.with_name(f"{tracker.id}.reviews.xlsx"))
    return Workspace(ws.history, ledger_path, ws.reviews) if ledger_path else ws


def _weekly(tracker: Tracker, source: str, as_of: str | None, credentials: str | None, **options: Any) -> Any:
    from tracker.weekly import RunOptions, run

    today = date.today()  # read once: the check's date when none is given, and the limit of a date typed ahead
    return _with_progress(lambda progress: run(tracker, source, _as_of(as_of, today),
                                               RunOptions(credentials=credentials, **options), progress=progress,
                                               today=today), "Đang đọc")


@app.command("check")
def check_cmd(
    tracker: TrackerArg,
    source: SourceOpt,
    as_of: AsOfOpt = None,
    out_dir: Annotated[Path | None, typer.Option("--out", "-o", help=bilingual("Thư mục ghi report.xlsx, report.html, findings.json.", "Folder for report.xlsx, report.html, findings.json."))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=bilingual("In findings.json ra stdout thay cho bảng tóm tắt.", "Print findings.json to stdout instead of the summary."))] = False,
    fail_on_gaps: Annotated[bool, typer.Option("--fail-on-gaps", help=bilingual("Thoát với mã 3 khi có phần việc quá hạn.", "Exit 3 when any part is overdue."))] = False,
    no_history: Annotated[bool, typer.Option("--no-history", help=bilingual("Không lưu lần kiểm tra này vào lịch sử.", "Do not store this check's snapshot."))] = False,
    history_path: HistoryOpt = None,
    write_back: Annotated[bool, typer.Option("--write-back", help=bilingual(
        "Ghi trang 'Tổng hợp', và kết quả của từng dòng bên cạnh dòng đó, vào Google Sheet.",
        "Write the 'Tổng hợp' tab, and each row's result next to it, to the Google Sheet."))] = False,
    annotate: Annotated[Path | None, typer.Option("--annotate", help=bilingual(
        "Ghi một bản sao của tệp .xlsx nguồn, có kết quả từng dòng và ghi chú ở các ô cần sửa.",
        "Write a copy of the source .xlsx with each row's result and comments on the cells to fix."))] = None,
    reviews: ReviewsOpt = None,
    credentials: CredOpt = None,
    allow_missing: AllowMissingOpt = False,
) -> None:
    """Kiểm tra hằng tuần: đọc trang tính của từng đơn vị, đánh giá từng phần việc, ghi báo cáo.

    Run the weekly check: read every unit's sheet, judge each task part, write the gap report."""
    from tracker.check import findings
    from tracker.text import json_text

    with _errors(history_hint=True):
        t = _load(tracker)
        ws = _workspace(t, history_path)
        done = _weekly(t, source, as_of, credentials, workspace=ws, history=not no_history,
                       reports=out_dir, write_back=write_back, reviews=reviews or [], allow_missing=allow_missing)
        result, paths = done.result, done.reports
        if annotate:
            from tracker.feedback.workbook import annotate_workbook

            annotate_workbook(result, Path(source), annotate)
        if as_json:
            sys.stdout.write(json_text(findings(result), indent=2) + "\n")
        else:
            _print_summary(result)
            if out_dir:
                out.print("Đã ghi: " + ", ".join(str(p) for p in paths.values()))
        if annotate:  # the copy a person will open and send: say where it is
            (err if as_json else out).print(f"Bản có ghi chú từng dòng: {annotate}", markup=False)
        _stored(result, ws.history, err if as_json else out)
    if fail_on_gaps and result.evaluation.lagging_units():
        raise typer.Exit(3)


@app.command("demo")
def demo(
    out_dir: Annotated[Path, typer.Option("--out", "-o", help=bilingual("Thư mục ghi dữ liệu mẫu và các báo cáo của nó.", "Folder for the sample and its reports."))] = Path("demo"),
    tracker: Annotated[str, typer.Option("--tracker", "-t", help=bilingual(
        "Mã một tracker có sẵn, hoặc tệp YAML của tracker có <id>.sample.yaml bên cạnh (mặc định: tracker có sẵn đầu "
        "tiên).", "A bundled tracker id, or a tracker YAML with a <id>.sample.yaml beside it (default: the first bundled "
        "one)."))] = "",
) -> None:
    """Dựng sổ mẫu của một tracker (tính đến ngày của mẫu), kiểm tra nó, và soạn thư nhắc (chạy thử).

    Build a tracker's sample workbook (as on its sample's date), check it, and compose the reminders (dry run)."""
    from tracker.definition import bundled_tracker_path, load_tracker
    from tracker.sample import build_demo_workbook, load_sample
    from tracker.sources import XlsxSource
    from tracker.weekly import RunOptions, Workspace, run

    with _errors():
        t = _load(tracker) if tracker else load_tracker(bundled_tracker_path())
        sample_data = load_sample(t)
        out_dir.mkdir(parents=True, exist_ok=True)
        template_path = out_dir / "mau-nhap-lieu.xlsx"
        from tracker.entry_workbook import write_template

        write_template(t, template_path)
        sample = build_demo_workbook(t, out_dir / "du-lieu-mau.xlsx", sample_data)
        # The demo keeps nothing between runs: no history, and a ledger of its own in its folder.
        steps = RunOptions(workspace=Workspace(out_dir / "history.sqlite", out_dir / "ledger.sqlite",
                                               out_dir / "reviews.xlsx"),
                           history=False, reports=out_dir / "report", outbox=out_dir / "outbox")
        done = _with_progress(lambda p: run(t, XlsxSource([sample]), sample_data.as_of, steps, progress=p), "Đang đọc")
        _print_summary(done.result)
        out.print(f"Mẫu nhập liệu: {template_path}\nDữ liệu mẫu: {sample}\nBáo cáo: "
                  + ", ".join(str(p) for p in done.reports.values()))
        out.print(f"Thư nhắc (chạy thử, không gửi): {len(done.outbox)} thư trong {out_dir / 'outbox'}")
        from tracker.notices import LEVEL_VI

        for n in done.notices:
            out.print(f"  [{LEVEL_VI[n.level]}] {', '.join(n.to)} — {n.subject}", markup=False)


@app.command("remind")
def remind(
    tracker: TrackerArg,
    source: SourceOpt,
    as_of: AsOfOpt = None,
    send: Annotated[bool, typer.Option("--send", help=bilingual("Gửi thư qua SMTP (thiết lập lấy từ các biến TRACKER_SMTP_*).", "Deliver over SMTP (settings from TRACKER_SMTP_* variables)."))] = False,
    outbox: Annotated[Path, typer.Option("--outbox", help=bilingual("Chạy thử: thư mục ghi các tệp .eml.", "Dry run: folder for the .eml files."))] = Path("outbox"),
    ledger_path: Annotated[Path | None, typer.Option("--ledger", help=bilingual("Sổ gửi thư (SQLite).", "Send ledger (SQLite)."))] = None,
    no_history: Annotated[bool, typer.Option("--no-history", help=bilingual("Không lưu lần kiểm tra này vào lịch sử.", "Do not store this check's snapshot."))] = False,
    history_path: HistoryOpt = None,
    reviews: ReviewsOpt = None,
    credentials: CredOpt = None,
    allow_missing: AllowMissingOpt = False,
) -> None:
    """Kiểm tra, rồi soạn thư nhắc; ghi vào hộp thư đi, hoặc gửi đi với --send.

    Check, then compose the follow-up emails; write them to an outbox, or deliver them with --send."""
    from tracker.delivery import SmtpSettings

    with _errors(history_hint=True):
        t = _load(tracker)
        settings = SmtpSettings.from_env() if send else None
        ws = _workspace(t, history_path, ledger_path)
        done = _weekly(t, source, as_of, credentials, workspace=ws, reviews=reviews or [], allow_missing=allow_missing,
                       history=not no_history, notify=True, outbox=outbox, send=settings)
        _stored(done.result, ws.history, out)
        if done.delivery is None:
            out.print(f"Chạy thử: {len(done.outbox)} thư được ghi vào {outbox} (không gửi).")
            _print_notices(done.notices)
            return
        report = done.delivery
        out.print(f"Đã gửi {len(report.sent)} thư; bỏ qua {len(report.skipped)} thư đã gửi trước đó; "
                  f"gửi lại {len(report.resent_ambiguous)} thư chưa rõ trạng thái; lỗi {len(report.failed)}.")
        _print_delivery_lines(report)
    if not report.ok:
        raise typer.Exit(1)


@app.command("week")
def week_cmd(
    office: Annotated[Path, typer.Argument(help=bilingual("Thư mục của cơ quan (có office.yaml), hoặc tệp office.yaml của nó.", "The office's folder (with office.yaml), or its office.yaml."))],
    as_of: AsOfOpt = None,
    send: Annotated[bool, typer.Option("--send", help=bilingual("Gửi thư qua SMTP (thiết lập lấy từ các biến TRACKER_SMTP_*).", "Deliver over SMTP (settings from TRACKER_SMTP_* variables)."))] = False,
    outbox: Annotated[Path | None, typer.Option("--outbox", help=bilingual(
        "Chạy thử: thư mục ghi các tệp .eml (mặc định: thư mục của tuần, tuan-<ngày>/outbox).",
        "Dry run: folder for the .eml files (default: the week's folder, tuan-<date>/outbox)."))] = None,
    no_documents: Annotated[bool, typer.Option("--no-documents", help=bilingual("Không soạn các văn bản Word của từng công văn.", "Skip each directive's Word documents."))] = False,
    demo: Annotated[bool, typer.Option("--demo", help=bilingual(
        "Trước hết ghi vào thư mục một cơ quan mẫu gồm các tracker có sẵn (nguồn là dữ liệu mẫu của chúng); ngày mặc "
        "định là ngày của dữ liệu mẫu.", "First write a sample office of the bundled trackers into the folder (their "
        "samples as sources); the date defaults to the samples'."))] = False,
    credentials: CredOpt = None,
) -> None:
    """Tuần làm việc của cơ quan: kiểm tra mọi công văn đang theo dõi, ghi báo cáo, rồi mỗi đơn vị một thư và một thư tổng hợp.

    The office's week: check every active directive, write its reports, then one message per unit and a digest."""
    from tracker.delivery import SmtpSettings
    from tracker.office.week import run_week
    from tracker.office.workspace import load_office

    with _errors():
        settings = SmtpSettings.from_env() if send else None
        sample_day = None
        if demo:
            from tracker.office.demo import demo_office

            office, sample_day = demo_office(office)
        loaded = load_office(office)
        if not no_documents:
            from tracker.documents.content import unsigned_report

            for warning in unsigned_report(loaded.office):
                out.print(f"Lưu ý: office.yaml: {warning}", markup=False)
        today = date.today()  # read once for the whole week: every directive is checked and dated alike
        day = _as_of(as_of, today) if as_of is not None or not sample_day else sample_day
        week = run_week(loaded, day, send=settings, credentials=credentials, documents=not no_documents, today=today,
                        outbox=None if send else (outbox or loaded.week_folder(day) / "outbox"),
                        progress=lambda name: err.print(f"Đang kiểm tra {name}…", markup=False) if err.is_terminal else None)
        _print_week_directives(week)
        _print_week_delivery(week, outbox or loaded.week_folder(day) / "outbox")
    failed = any(d.failure for d in week.directives)
    if failed or (week.delivery is not None and not week.delivery.ok):
        raise typer.Exit(1)


def _print_notices(notices: Iterable[Notice]) -> None:
    """A dry run's messages, one line each: the level in Vietnamese, the recipients and the subject (shared by remind and
    week)."""
    from tracker.notices import LEVEL_VI

    for n in notices:
        out.print(f"  [{LEVEL_VI[n.level]}] {', '.join(n.to)}{' cc ' + ', '.join(n.cc) if n.cc else ''} — {n.subject}",
                  markup=False)


def _print_week_directives(week: Week) -> None:
    """One line per directive (checked, failed, or its stage), then the office's problems that line said nothing of."""
    for d in week.directives:
        r = next((x for x in week.portfolio.rows if x.id == d.id), None)
        if d.result is not None and r is not None:
            out.print(f"[đã kiểm tra] {d.title}: {r.parts_done}/{r.parts_total} phần việc hoàn thành; "
                      f"{r.units_overdue}/{r.units} đơn vị quá hạn.", markup=False)
        elif d.failure is not None:
            out.print(f"[KHÔNG KIỂM TRA ĐƯỢC] {d.title}: {d.failure.message}", markup=False)
        else:
            out.print(f"[{r.stage.lower() if r else ''}] {d.title}", markup=False)
    for p in week.problems:
        if p.code not in ("office-tracker-failed", "office-source-shrunk"):
            out.print(f"Cần xem: {p.message}", markup=False)
    out.print(f"Trang tổng hợp: {week.files['html']}\nBáo cáo: {week.files['docx']}", markup=False)


def _print_week_delivery(week: Week, outbox: Path) -> None:
    """A dry run lists the messages written to `outbox`; a sending run counts what was sent, held and failed."""
    if week.delivery is None:
        out.print(f"Chạy thử: {len(week.outbox)} thư được ghi vào {outbox} (không gửi).", markup=False)
        _print_notices(week.messages)
        return
    report = week.delivery
    if week.sent_before:  # left out before sending: without this line a rerun after a kill seemed to skip nothing
        out.print(f"Không gửi lại {week.sent_before} mục đã gửi ở lần chạy trước (mục của một văn bản trong thư gửi "
                  "một đơn vị, hoặc thư tổng hợp).", markup=False)
    out.print(f"Đã gửi {len(report.sent)} thư; bỏ qua {len(report.skipped) + len(week.held)} thư đã gửi trước "
              f"đó hoặc đang được gửi; gửi lại {len(report.resent_ambiguous)} thư chưa rõ trạng thái; "
              f"lỗi {len(report.failed)}.", markup=False)
    for key, sections in week.held.items():
        out.print(f"  chưa gửi (một lần chạy khác đã gửi hoặc đang gửi): {key}: {', '.join(sections)}", markup=False)
    _print_delivery_lines(report)


def _print_delivery_lines(report: DeliveryReport) -> None:
    """What a sending run must tell the person beyond its counts, in Vietnamese (shared by remind and week)."""
    from tracker.delivery import failure_vi

    for key in report.resent_ambiguous:
        out.print(f"  gửi lại với cùng Message-ID (người nhận có thể nhận hai lần): {key}", markup=False)
    for key in report.uncertain:
        out.print(f"  mất kết nối sau khi đã chuyển thư cho máy chủ (có thể đến hai lần): {key}", markup=False)
    for key, who in report.partly_refused.items():
        err.print(f"  ĐÃ GỬI, nhưng máy chủ từ chối các địa chỉ sau (hãy sửa địa chỉ; thư không được gửi lại): "
                  f"{key}: {who}", markup=False)
    for key, why in report.failed.items():
        err.print(f"  LỖI {key}: {failure_vi(why)}", markup=False)


@app.command("draft")
def draft_cmd(
    file: Annotated[Path, typer.Argument(help=bilingual(
        "Văn bản chỉ đạo: .txt, .docx hoặc .pdf (bản scan được đọc bằng OCR, cần gói 'ocr' và dữ liệu tiếng Việt của "
        "Tesseract).", "The directive: .txt, .docx or .pdf (a scan is read by OCR with the 'ocr' extra and Tesseract's "
        "Vietnamese data)."))],
    registry_province: Annotated[str | None, typer.Option(
        "--registry-province", help=bilingual(
            "Tỉnh (tên hoặc mã) lấy danh sách xã, phường khi văn bản gửi tất cả các xã; mặc định: tỉnh của cơ quan ban "
            "hành.", "Province (name or code) whose communes the registry lists when the text addresses all communes; "
            "default: the issuer's province."))] = None,
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help=bilingual("Tệp YAML sẽ ghi (mặc định: trackers/ID.yaml).", "YAML to write (default: trackers/ID.yaml)."))] = None,
    force: ForceOpt = False,
) -> None:
    """Soạn bản nháp định nghĩa tracker từ văn bản chỉ đạo; in những gì đã tìm thấy, còn thiếu, cần kiểm tra.

    Draft a tracker definition from a directive's text; print what was found, what is missing, what to check."""
    from tracker.authoring.draft import DraftError, draft_file, open_problems, render, summary, tracker_id, write_draft

    with _errors():
        d = draft_file(file, registry_province)
        if not (d.kind or d.number or d.issuer or d.tasks):
            raise DraftError(f"{file}: no kind of document, number, issuer or task found: not a directive; nothing "
                             "written", vi=f"“{file}” không giống một văn bản chỉ đạo: không tìm thấy loại văn bản, số, "
                                       "cơ quan ban hành hay nhiệm vụ nào; chưa ghi tệp tracker nào.")
        path = out_file or Path("trackers") / f"{tracker_id(d)}.yaml"
        refuse_overwrite(path, force)  # before the draft's own check, for the one wording every command uses
        path = write_draft(d, path, force=True)
        _print_draft_summary(summary(d))
        todos = render(d).todos
        problems = open_problems(path)
    out.print(f"Đã ghi {path}.", markup=False)
    to_fill = [t for t in todos if t.blocking]
    if to_fill or problems:
        out.print(f"Còn {len(to_fill)} trường cần điền trước khi dùng được (xem các chú thích # TODO; "
                  f"rồi chạy `tracker validate-definition {path}`).", markup=False)
        for line in _todo_lines_vi(to_fill):
            out.print(f"  - {line}", markup=False)
    else:
        out.print("Bản nháp dùng được ngay; hãy đối chiếu từng chỗ đoán với văn bản.", markup=False)
    out.print(f"Còn {len(todos) - len(to_fill)} chỗ TODO khác cần xem lại; {len(d.unused_dates)} mốc ngày và "
              f"{len(d.not_tasks)} mục đánh số của văn bản không được dùng, liệt kê ở cuối tệp.", markup=False)


_PART_PLACE = re.compile(r"part (?P<id>\S+) \(line (?P<line>\d+)\)$")
_UNLISTED_GROUP = re.compile(r'list the units of "(?P<group>.+)" \(line (?P<line>\d+)\): (?P<why>.+)$')
_UNLISTED_WHY_VI = {
    "a group the text does not list": "văn bản không liệt kê nhóm này",
    "the registry holds only the communes of the 2025 reform": "danh mục hành chính chỉ có các xã, phường sau sắp "
    "xếp năm 2025, mà văn bản không có ngày ban hành từ đó về sau",
    "the province is not named in the header: give it with --registry-province": "phần đầu văn bản không nêu tỉnh: "
    "ghi tỉnh bằng --registry-province",
    "the registry lists communes only": "danh mục hành chính chỉ có các xã, phường, đặc khu",
}
_PARTS_SHOWN = 5


def _todo_lines_vi(todos: list[Any]) -> list[str]:
    """The fields left to fill, a line each, in Vietnamese; parts that lack the same thing share one line, naming the
    first few (a 20-page plan had printed 140 identical lines, one per part)."""
    lines: dict[str, list[str]] = {}  # the message -> the parts it is said of ([] for a field that is no part)
    for todo in todos:
        message = _todo_vi(todo)
        place = _PART_PLACE.match(str(todo.field))
        if place is None:
            lines.setdefault(f"{todo.field}: {message}", [])
        else:
            lines.setdefault(message, []).append(f"{place['id']} (dòng {place['line']})")
    said = []
    for message, parts in lines.items():
        if not parts:
            said.append(message)
            continue
        more = f" và {len(parts) - _PARTS_SHOWN} phần việc khác" if len(parts) > _PARTS_SHOWN else ""
        said.append(f"phần việc {', '.join(parts[:_PARTS_SHOWN])}{more}: {message}")
    return said


def _todo_vi(todo: Any) -> str:
    """A field the draft could not fill, said in Vietnamese. The draft's TODO comments (in the YAML, for its author)
    are English; the person at the terminal reads these. Keyed by the field, so that a reworded comment still finds
    its line; a field not known here points to the comment in the file."""
    vi: str | None = getattr(todo, "vi", None)  # when the draft learns to say it itself
    if vi:
        return vi
    field, what = str(todo.field), str(todo.what)
    if field == "campaign":
        return "văn bản không nêu thời gian thực hiện (ngày bắt đầu, ngày kết thúc)"
    if field == "units" and (group := _UNLISTED_GROUP.match(what)):
        why = _UNLISTED_WHY_VI.get(group["why"], "xem chú thích # TODO trong tệp")
        return f"liệt kê các đơn vị của “{group['group']}” (dòng {group['line']}): {why}"
    if field == "units":
        return "chưa liệt kê được đơn vị nào từ văn bản; thêm mỗi đơn vị báo cáo một mục"
    if field == "lists.tasks":
        return "không tìm thấy nhiệm vụ đánh số; liệt kê nhãn các nhiệm vụ ở đây"
    if field == "tasks":
        return "không tìm thấy nhiệm vụ đánh số trong văn bản; viết các nhiệm vụ"
    if field.startswith("part ") and what.startswith("recurs:"):
        return ("định kỳ, cần `first` và `last` (một ngày bất kỳ của kỳ đầu và kỳ cuối): văn bản không nêu thời gian "
                "thực hiện")
    if field.startswith("part ") and (quoted := re.match(r"'([^']+)'", what)):
        return f"“{quoted[1]}”: không tính được ngày hạn từ văn bản; ghi `due` (một ngày) hoặc `recurs` (lịch định kỳ)"
    if field.startswith("part "):
        return "văn bản không nêu thời hạn; ghi `due` (một ngày) hoặc `recurs` (lịch định kỳ)"
    return "cần điền, xem chú thích # TODO trong tệp"


def _print_draft_summary(rows: list[Any]) -> None:
    from rich.table import Table

    table = Table(title="Bản nháp: đã tìm thấy, còn thiếu, cần kiểm tra")
    for heading in ("Mục", "Giá trị", "Dòng", "Tình trạng"):
        table.add_column(heading, overflow="fold")  # a long word (a number and symbol) wraps, never ends in '…'
    shown = {"found": "[green]đã tìm thấy[/green]", "missing": "[red]còn thiếu[/red]", "check": "[yellow]cần kiểm tra[/yellow]"}
    for row in rows:
        table.add_row(row.field, escape(row.value), str(row.line or ""), shown[row.status])
    out.print(table)


@app.command("document")
def document_cmd(
    kind: Annotated[str, typer.Argument(help=bilingual(
        "Loại văn bản: weekly (báo cáo tiến độ), final (báo cáo kết quả) hoặc reminder-letter (công văn đôn đốc).",
        "weekly, final or reminder-letter."))],
    tracker: TrackerArg,
    source: SourceOpt,
    as_of: AsOfOpt = None,
    unit: Annotated[str | None, typer.Option("--unit", help=bilingual(
        "reminder-letter: một đơn vị (mã, tên hoặc trang tính); bỏ trống thì mọi đơn vị quá hạn.",
        "reminder-letter: the one unit (id, name or sheet); all overdue units when omitted."))] = None,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help=bilingual("Thư mục ghi tệp .docx.", "Folder for the .docx file."))] = Path("."),
    no_history: Annotated[bool, typer.Option("--no-history", help=bilingual("Không lưu lần kiểm tra này vào lịch sử.", "Do not store this check's snapshot."))] = False,
    history_path: HistoryOpt = None,
    reviews: ReviewsOpt = None,
    credentials: CredOpt = None,
    allow_missing: AllowMissingOpt = False,
    force: ForceOpt = False,
) -> None:
    """Kiểm tra, rồi viết văn bản hành chính thành tệp Word, trình bày theo Nghị định 30/2020/NĐ-CP.

    Check, then write an official document as a Word file laid out by Decree 30/2020/NĐ-CP."""
    from tracker.documents import document_kind, write_document
    from tracker.result import findings_model

    with _errors(history_hint=True):
        wanted = document_kind(kind)
        t = _load(tracker)
        done = _weekly(t, source, as_of, credentials, workspace=_workspace(t, history_path), history=not no_history,
                       reviews=reviews or [], allow_missing=allow_missing, store=False)
        path = write_document(wanted, t, findings_model(done.result), out_dir, unit=unit, force=force)
        out.print(f"Đã ghi: {path}", markup=False)
        changes = done.result.changes
        if wanted == "weekly" and not no_history and (changes is None or changes["previous_check"] is None):
            out.print(f"Lưu ý: lịch sử chưa có lần kiểm tra nào trước ngày {done.result.as_of:%d/%m/%Y} để so sánh, nên "
                      "mục III chưa nêu được hoạt động mới; `tracker check` và `tracker remind` lưu lần kiểm tra hằng "
                      "tuần (`tracker document` chỉ đọc lịch sử).", markup=False)


@app.command("provision")
def provision_cmd(
    tracker: TrackerArg,
    title: Annotated[str, typer.Option("--title", help=bilingual("Tên của bảng tính mới.", "Title of a new spreadsheet."))] = "",
    key: Annotated[str | None, typer.Option("--key", help=bilingual(
        "Hoàn thiện bảng tính này (đường link hoặc mã), do một người tạo hoặc nằm trong Bộ nhớ dùng chung, đã chia sẻ "
        "quyền chỉnh sửa cho tài khoản dịch vụ.", "Complete this spreadsheet (URL or key), created by a person or in a "
        "Shared Drive and shared with the service account as Editor."))] = None,
    spreadsheet: Annotated[str | None, typer.Option("--spreadsheet", help=bilingual(
        "Mã đó là của bảng tính nào trong định nghĩa (khi định nghĩa có nhiều bảng tính).",
        "Which of the definition's spreadsheets the key is (when it names several)."))] = None,
    folder: Annotated[str | None, typer.Option("--folder", help=bilingual(
        "Khi không có --key: tạo bảng tính trong thư mục này của Bộ nhớ dùng chung (tài khoản dịch vụ phải là thành "
        "viên).", "Without --key: create the spreadsheet in this Shared Drive folder (the service account must be a "
        "member)."))] = None,
    share: Annotated[bool, typer.Option("--share", help=bilingual("Chia sẻ với địa chỉ liên hệ của các đơn vị và cán bộ của tỉnh.", "Share with its units' contacts and the provincial staff."))] = False,
    credentials: CredOpt = None,
) -> None:
    """Hoàn thiện bảng tính Google dùng chung (hoặc tạo mới); không bao giờ sửa dòng của đơn vị.

    Complete the shared Google spreadsheet (or create one); never changes a district's rows."""
    from tracker.sheets_write import provision

    with _errors():
        t = _load(tracker)
        made = provision(t, title or t.title, key=key, share=share, credentials=credentials, spreadsheet=spreadsheet,
                         folder=folder)
        out.print(f"Bảng tính đã sẵn sàng: https://docs.google.com/spreadsheets/d/{made.key}/edit ({made.tabs} trang "
                  "tính của đơn vị).", markup=False)
        if share:
            out.print(f"Đã chia sẻ với {len(made.shared)} địa chỉ; đã gửi thư mời đến {len(made.invited)} địa chỉ chưa có "
                      f"tài khoản Google; {len(made.failed)} địa chỉ lỗi.", markup=False)
            for email in made.invited:
                out.print(f"  đã mời (chưa có tài khoản Google): {email}", markup=False)
            for email, why in made.failed.items():
                err.print(f"  KHÔNG CHIA SẺ ĐƯỢC {email}: {why}", markup=False)
    if share and made.failed:
        raise typer.Exit(1)


@history_app.command("list")
def history_list(
    tracker: TrackerArg,
    history_path: HistoryOpt = None,
) -> None:
    """Liệt kê các lần kiểm tra đã lưu.

    List the stored checks."""
    from rich.table import Table

    from tracker.storage.history import History

    with _errors():
        t = _load(tracker)
        with History(_workspace(t, history_path).history) as h:
            table = Table()
            for heading in ("Lần kiểm tra", "Tính đến", "Lúc chạy (UTC)", "Nguồn"):
                table.add_column(heading, overflow="fold")  # the source's whole path, folded, never cut to '…'
            for c in h.checks(t.id):
                table.add_row(str(c.id), f"{c.day:%d/%m/%Y}", _utc_minute(c.checked_at), c.source)
            out.print(table)


def _utc_minute(stamp: str) -> str:
    """'2026-12-05T14:07:50+00:00' as the officer reads a time, '05/12/2026 14:07' (UTC, as the column says)."""
    try:
        return f"{datetime.fromisoformat(stamp):%d/%m/%Y %H:%M}"
    except ValueError:  # a file written by hand or by an older tracker: shown as it is
        return stamp


@history_app.command("show")
def history_show(
    tracker: TrackerArg,
    check_id: Annotated[int, typer.Argument(min=1, max=SQLITE_MAX, help=bilingual(
        "Số của lần kiểm tra, theo `history list`.", "Check number from `history list`."))],
    history_path: HistoryOpt = None,
) -> None:
    """In findings.json của một lần kiểm tra đã lưu.

    Print a stored check's findings.json."""
    from tracker.storage.history import History
    from tracker.text import json_text

    with _errors():
        t = _load(tracker)
        with History(_workspace(t, history_path).history) as h:
            sys.stdout.write(json_text(h.findings(check_id), indent=2) + "\n")


@history_app.command("decisions")
def history_decisions(
    tracker: TrackerArg,
    history_path: HistoryOpt = None,
) -> None:
    """Mọi quyết định của tỉnh như từng lần kiểm tra đã áp dụng: ai, khi nào, và đã thay đổi gì.

    Every decision of the province as each stored check applied it: who, when, and what it changed."""
    from tracker.evaluate import STATUS_VI
    from tracker.review.decisions import KIND_VI, STATE_VI, Kind
    from tracker.storage.history import History

    with _errors():
        t = _load(tracker)
        path = _workspace(t, history_path).history
        if not path.exists():
            raise HistoryError(f"no history at {path}: run `tracker check` first (or give --history)",
                               vi=f"chưa có lịch sử tại “{path}”: hãy chạy `tracker check` trước (hoặc ghi --history)")
        with History(path) as h:
            log = h.decision_log(t.id)
        if not log:
            out.print("Chưa có quyết định nào trong lịch sử.")
        for e in log:  # one line each: easy to grep, and no column ever cut
            where = f"dòng {e['applied_row'] or e['row']}" if e["row"] is not None else f"phần {e['part']}"
            changed = "; ".join(f"{x['part']}: {STATUS_VI[x['before']]} → {STATUS_VI[x['after']]}" for x in e["effects"])
            reason = f": {e['reason']}" if e["reason"] else ""
            line = (f"#{e['check_id']} {e['as_of']} · {e['unit']} {where} · {KIND_VI[Kind(e['decision'])]}{reason} · "
                    f"{e['who']}, {e['decided_on']} · {STATE_VI[e['state']]}" + (f" · {changed}" if changed else ""))
            # A reason typed over several lines stays on its entry's line: no line can pass for another entry.
            out.print(_LINE_BREAKS.sub(" ⏎ ", line), markup=False, soft_wrap=True)


_LINE_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


@history_app.command("diff")
def history_diff(
    tracker: TrackerArg,
    check_a: Annotated[int, typer.Argument(min=1, max=SQLITE_MAX, help=bilingual(
        "Số của lần kiểm tra thứ nhất, theo `history list`.", "The first check's number."))],
    check_b: Annotated[int, typer.Argument(min=1, max=SQLITE_MAX, help=bilingual(
        "Số của lần kiểm tra thứ hai.", "The second check's number."))],
    history_path: HistoryOpt = None,
) -> None:
    """Các dòng mới, đã sửa và đã xóa giữa hai lần kiểm tra.

    Rows new, edited and deleted between two checks."""
    from tracker.storage.history import History

    with _errors():
        t = _load(tracker)
        with History(_workspace(t, history_path).history) as h:
            changes = h.diff(check_a, check_b)
        for label, items in (("Mới", changes["new"]), ("Đã sửa", changes["edited"]), ("Đã xóa", changes["deleted"])):
            out.print(f"{label}: {len(items)}")
            for item in items:
                v = item["values"]
                out.print(f"  {item['id']}  {item['unit']} dòng {item['row']}: {v.get('date', '')} — "
                          f"{v.get('content', '')}", markup=False)


@history_app.command("restore")
def history_restore(
    tracker: TrackerArg,
    row_id: Annotated[str | None, typer.Argument(help=bilingual("Mã dòng (hoặc phần đầu của mã) theo `history diff`; bỏ trống thì mọi dòng đã xóa.", "Row id (or its start) from `history diff`; all deleted rows if omitted."))] = None,
    out_file: Annotated[Path | None, typer.Option("--out", "-o", help=bilingual("Ghi một tệp .xlsx theo bố cục nhập liệu thay vì in ra.", "Write an .xlsx in the entry layout instead of printing."))] = None,
    history_path: HistoryOpt = None,
    force: ForceOpt = False,
    edited: Annotated[bool, typer.Option("--edited", help=bilingual(
        "Thêm cả bản cũ của các dòng đã sửa sau đó (dòng đã sửa vẫn còn trên trang tính: dán cả hai sẽ tính hoạt động "
        "hai lần).", "Also the old versions of rows edited since (the edited row is still on the sheet: pasting both "
        "counts the activity twice)."))] = False,
) -> None:
    """In (hoặc ghi) các dòng đã xóa theo bố cục trang nhập liệu, sẵn sàng để dán lại.

    Print (or write) deleted rows in the entry sheet's layout, ready to paste back."""
    from tracker.storage.history import History

    with _errors():
        t = _load(tracker)
        with History(_workspace(t, history_path).history) as h:
            rows = h.deleted_rows(t.id, row_id)
            old = [r for r in h.deleted_rows(t.id, row_id, edited=True) if r not in rows]
        if edited:
            rows = sorted([*rows, *old], key=lambda r: (r.unit, r.row))
            if old:
                err.print(f"Gồm {len(old)} bản cũ của dòng đã sửa (dòng đã sửa vẫn còn trên trang tính): chỉ dán lại "
                          "bản cũ để thay bản mới, không để thêm.")
        if not rows:
            if row_id and old:
                err.print("Mã này là bản cũ của một dòng đã sửa (dòng đã sửa vẫn còn trên trang tính); thêm --edited "
                          "nếu thật sự cần lấy lại bản cũ.")
            else:
                err.print("Không có dòng đã xóa nào khớp mã này." if row_id else "Không có dòng nào đã bị xóa.")
            raise typer.Exit(1)
        keys = [c.key for c in t.columns]
        headers = [c.header for c in t.columns]
        if out_file:
            from tracker.report.restore import write_restore_workbook

            refuse_overwrite(out_file, force)
            write_restore_workbook(t, rows, out_file)
            out.print(f"Đã ghi {len(rows)} dòng vào {out_file}.")
            return
        sys.stdout.write("\t".join(["Đơn vị", *headers]) + "\n")
        for r in rows:
            cells = [r.values.get(k, "").replace("\t", " ").replace("\n", " ") for k in keys]
            sys.stdout.write("\t".join([t.unit(r.unit).sheet, *cells]) + "\n")


@docs_app.command("problems")
def docs_problems(
    check_only: Annotated[bool, typer.Option("--check", help=bilingual("Thoát với mã 1 nếu docs/problems.md đã cũ.", "Exit 1 if docs/problems.md is out of date."))] = False,
    path: Annotated[Path, typer.Option("--path", help=PATH_HELP)] = Path("docs/problems.md"),
) -> None:
    """Tạo lại docs/problems.md từ danh mục lỗi.

    Regenerate docs/problems.md from the problem catalogue."""
    from tracker.problems import catalogue_markdown

    text = catalogue_markdown() + "\n"
    with _errors():
        if check_only:
            if not path.exists() or _doc_text(path) != text:
                err.print(f"{path} is out of date: run `tracker docs problems`")
                raise typer.Exit(1)
            out.print(f"{path} is up to date.")
            return
        path.write_text(text, encoding="utf-8")
    out.print(f"Wrote {path}.")


def _doc_text(path: Path) -> str:
    """A generated doc as it is now; a file that is not UTF-8 text (an .xlsx named by mistake) is refused, not read."""
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise OutputError(f"{path} is not UTF-8 text", vi=f"“{path}” không phải tệp văn bản UTF-8") from exc


@docs_app.command("findings")
def docs_findings(path: Annotated[Path, typer.Option("--path", help=PATH_HELP)] = Path("docs/findings.md")) -> None:
    """Tạo lại phần lược đồ của docs/findings.md từ các mô hình của findings.json.

    Regenerate the schema section of docs/findings.md from the findings.json models."""
    from tracker.findings import findings_doc

    with _errors():
        path.write_text(findings_doc(_doc_text(path)), encoding="utf-8")
    out.print(f"Wrote {path}.")


@docs_app.command("cli")
def docs_cli(path: Annotated[Path, typer.Option("--path", help=PATH_HELP)] = Path("docs/cli.md")) -> None:
    """Tạo lại docs/cli.md từ phần trợ giúp của các lệnh.

    Regenerate docs/cli.md from the commands' help."""
    text = cli_markdown()
    with _errors():
        path.write_text(text, encoding="utf-8")
    out.print(f"Wrote {path}.")


def command_paths() -> list[list[str]]:
    """Every command as its argument path, e.g. ['history', 'diff']; the docs and a meta-test use it."""
    paths: list[list[str]] = [[]]
    for cmd in app.registered_commands:
        paths.append([cmd.name or ""])
    for group in app.registered_groups:
        paths.append([group.name or ""])
        sub = group.typer_instance
        if sub is not None:
            paths += [[group.name or "", c.name or ""] for c in sub.registered_commands]
    return paths


def cli_markdown() -> str:
    from typer.testing import CliRunner

    runner = CliRunner()
    lines = ["# Command-line reference", "", "<!-- Generated by `tracker docs cli`; do not edit by hand. -->", ""]
    for path in command_paths():
        result = runner.invoke(app, [*path, "--help"], prog_name="tracker", env={"COLUMNS": "100", "NO_COLOR": "1"})
        lines += [f"## `{' '.join(['tracker', *path])}`", "", "```", result.output.rstrip(), "```", ""]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    main()
