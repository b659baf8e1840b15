"""The office workspace: one folder, one office.yaml listing the office's trackers and their sources.

```
<office>/office.yaml          the office, its trackers, their sources
<office>/ledger.sqlite        the one send ledger of the office (single-tracker runs use it too)
<office>/<tracker id>/        each tracker's history, reviews, reports and documents
<office>/tuan-<as of>/        each week's portfolio page, Word report, units' pages and outbox
```

With TRACKER_WORKSPACE=<office>, `tracker check/remind ID` find the same history and ledger
(weekly.Workspace). A tracker is active from its campaign's start to its last deadline plus the
office's grace days; after that it is archived: listed, not checked, its reports and history kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationError, field_validator

from tracker.definition import (
    MAX_DEFINITION_BYTES,
    SAFE_ID,
    Model,
    Province,
    Tracker,
    beside,
    find_tracker,
    load_tracker,
    read_yaml,
    validation_problems,
)
from tracker.errors import DefinitionError, DefinitionProblem, TrackerError
from tracker.periods import periods
from tracker.text import fold
from tracker.weekly import OFFICE_FILE, OFFICE_LEDGER, Workspace

Stage = Literal["active", "upcoming", "archived"]
STAGE_VI: dict[str, str] = {"active": "Đang theo dõi", "upcoming": "Chưa bắt đầu", "archived": "Đã kết thúc (lưu trữ)"}
UNIT_REF = re.compile(r"([a-z0-9][a-z0-9._-]{0,63})/([a-z0-9][a-z0-9._-]{0,63})")


def _safe_id(value: str) -> str:
    if not SAFE_ID.fullmatch(value):
        raise ValueError("must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit")
    return value


def _unit_ref(value: str) -> str:
    if not UNIT_REF.fullmatch(value):
        raise ValueError(f"{value!r} is not TRACKER-ID/UNIT-ID, for example quang-tri-2026-lua-dao-truc-tuyen/xa-cua-tung")
    return value


UnitRef = Annotated[str, AfterValidator(_unit_ref)]


def _two_or_more(group: list[str]) -> list[str]:
    if len(group) < 2:
        raise ValueError("each entry lists at least two units, e.g. [tracker-a/so-gd, tracker-b/so-giao-duc]")
    return group


class TrackerEntry(Model):
    """One directive the office tracks: its definition and where its units' sheets are."""

    tracker: str = Field(description="A tracker YAML path (relative to office.yaml) or a tracker id.")
    source: str = Field(description=".xlsx file, folder of .csv/.xlsx (relative to office.yaml), a Google Sheets "
                                    "URL or key, or 'gsheets' for the tracker's own spreadsheets.")
    grace_days: int | None = Field(default=None, ge=0, le=366, description="Overrides the office's grace_days.")
    archived: bool = Field(default=False, description="Archive it now, whatever its dates say.")


class Office(Model):
    """office.yaml, validated: every problem is reported with its line."""

    id: str = Field(description="Stable identifier of the office (send ledger keys, Message-IDs).")
    office: Province = Field(description="The office: letterhead, signature, staff who get the week's digest.")
    grace_days: int = Field(default=14, ge=0, le=366,
                            description="Days after a directive's last deadline during which it is still checked.")
    pages_url: str | None = Field(default=None, description="Where the office publishes this folder's pages; the "
                                                            "units' e-mails link to their page there.")
    rate_per_minute: int | None = Field(default=None, ge=1, description="E-mails a minute the office's mail server "
                                        "takes; by default the slowest of its trackers' reminders.rate_per_minute.")
    trackers: list[TrackerEntry] = Field(min_length=1)
    same_units: list[Annotated[list[UnitRef], AfterValidator(_two_or_more)]] = Field(default=[], description="Units of several trackers that are one unit, "
                                        "as TRACKER-ID/UNIT-ID, where neither a code nor an address says so.")
    folder: str = Field(default=".", exclude=True, description="Set by the loader; not in YAML.")

    _id = field_validator("id")(_safe_id)

    @field_validator("pages_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"https?://[^\s/]", value):
            raise ValueError("must be an http:// or https:// link")
        return value.rstrip("/") if value else value

    @property
    def root(self) -> Path:
        return Path(self.folder)

    @property
    def ledger(self) -> Path:
        return self.root / OFFICE_LEDGER

    def week_folder(self, as_of: date) -> Path:
        return self.root / f"{WEEK_PREFIX}{as_of.isoformat()}"

    def holds_as_its_own(self, tracker_id: str) -> bool:
        """Whether <office>/<tracker_id>, a directive's folder, is a name the office keeps for itself: a week's
        folder (of any week), the folder of YAMLs, office.yaml or the ledger."""
        # Only a week's name: 'tuần tra' (patrol) and 'tuần lễ' fold to 'tuan-…' and are a directive's own.
        return (re.fullmatch(rf"{WEEK_PREFIX}\d{{4}}-\d{{2}}-\d{{2}}", tracker_id) is not None
                or tracker_id in (TRACKERS_FOLDER, OFFICE_FILE, OFFICE_LEDGER))

    def workspace(self, tracker: Tracker) -> Workspace:
        """The tracker's workspace inside the office: the same one `tracker remind` finds with TRACKER_WORKSPACE."""
        return Workspace.of(tracker, self.root)

    def source_of(self, entry: TrackerEntry) -> str:
        """A source path relative to office.yaml; URLs, keys and 'gsheets' as written."""
        path = beside(self.root, entry.source)
        return str(path) if not re.match(r"https?://", entry.source) and path.exists() else entry.source


WEEK_PREFIX = "tuan-"
TRACKERS_FOLDER = "trackers"
"""Where office.yaml's tracker ids are looked up (load_entry)."""


def load_office(path: str | Path) -> Office:
    """office.yaml (or the folder holding it), with every problem and its line in one DefinitionError."""
    path = Path(path)
    if path.is_dir():
        path = path / OFFICE_FILE
    label = str(path)
    if not path.exists():  # not a mistake in an office.yaml: there is none; say what to do
        raise TrackerError(f"no office here: {label} does not exist (write an office.yaml, docs/portfolio.md, or run "
                           "`tracker week FOLDER --demo` for a sample office)",
                           vi=f"chưa có cơ quan ở đây: không có “{label}”. Hãy viết tệp {OFFICE_FILE} (xem "
                              "docs/portfolio.md), hoặc chạy `tracker week <thư mục> --demo` để có một cơ quan mẫu")
    try:
        if path.stat().st_size > MAX_DEFINITION_BYTES:
            raise DefinitionError(label, [DefinitionProblem(label, None, "", "the file is too large for an office.yaml")])
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError(label, [DefinitionProblem(label, None, "", f"cannot read file: {exc}")]) from exc
    data, node = read_yaml(text, label)
    try:
        office = Office.model_validate({**data, "folder": str(path.parent)})
    except ValidationError as exc:
        found = validation_problems(label, node, exc, Office)
        raise DefinitionError(label, sorted(found, key=lambda p: p.line or 0)) from exc
    seen: dict[str, int] = {}
    problems = []
    for i, entry in enumerate(office.trackers):
        if entry.tracker in seen:
            problems.append(DefinitionProblem(label, _line(text, entry.tracker, i), f"trackers[{i}].tracker",
                                              f"{entry.tracker!r} is listed twice (also trackers[{seen[entry.tracker]}])"))
        seen.setdefault(entry.tracker, i)
    if problems:
        raise DefinitionError(label, problems)
    return office


def _line(text: str, value: str, nth: int) -> int | None:
    """The line of the nth+1 occurrence of `tracker: value`, for a duplicate found after validation."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if re.search(rf"tracker:\s*['\"]?{re.escape(value)}", line)]
    return hits[min(nth, len(hits) - 1)] if hits else None


def load_entry(office: Office, entry: TrackerEntry) -> Tracker:
    """The entry's tracker: a path relative to office.yaml, else an id (./trackers, then the bundled ones)."""
    path = beside(office.root, entry.tracker)
    tracker = load_tracker(path if path.is_file() else find_tracker(entry.tracker, [office.root / TRACKERS_FOLDER]))
    return with_office_signers(tracker, office.office)


def with_office_signers(tracker: Tracker, office: Province) -> Tracker:
    """The tracker, its documents signed by office.yaml's signers where it names none of its own: its own `signer`
    comes first, then the office's (with the office's title when the tracker gives no title either); the head of
    its division (`office_signer`) likewise, when its division (`province.office`) is the office's."""
    own = tracker.province
    update: dict[str, str] = {}
    if not own.signer and office.signer:
        update["signer"] = office.signer
        if not own.signer_title:
            update["signer_title"] = office.signer_title
    if (not own.office_signer and office.office_signer and own.office
            and fold(own.office) == fold(office.office)):
        update["office_signer"] = office.office_signer
        if not own.office_signer_title:
            update["office_signer_title"] = office.office_signer_title
    if not update:
        return tracker
    return tracker.model_copy(update={"province": own.model_copy(update=update)})


def last_deadline(tracker: Tracker) -> date:
    """The last day anything of the tracker falls due: its campaign's end, a part's due date, a recurring
    part's last period."""
    days = [tracker.campaign.end]
    for _, part in tracker.parts():
        if part.due:
            days.append(part.due)
        if part.recurs:
            days += [p.due for p in periods(part.recurs)]
    return max(days)


@dataclass(frozen=True)
class Lifecycle:
    stage: Stage
    starts: date
    ends: date
    """The last deadline plus the grace days: the last day the tracker is checked."""


def lifecycle(office: Office, entry: TrackerEntry, tracker: Tracker, as_of: date) -> Lifecycle:
    grace = office.grace_days if entry.grace_days is None else entry.grace_days
    ends = last_deadline(tracker) + timedelta(days=grace)
    if entry.archived or as_of > ends:
        return Lifecycle("archived", tracker.campaign.start, ends)
    if as_of < tracker.campaign.start:
        return Lifecycle("upcoming", tracker.campaign.start, ends)
    return Lifecycle("active", tracker.campaign.start, ends)
