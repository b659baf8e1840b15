"""The weekly check: the one call the CLI and the notebook share.

check(tracker, source, as_of) reads the source (all of it, or raises SourceError: a partial read is
never shown as complete), runs intake, evaluation and the province's review (tracker.review.stage), and returns a
CheckResult that the outputs render (tracker.report.write: findings.json, report.xlsx, report.html and the units'
pages).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from tracker import problems as P
from tracker.collector import bulk_allocation
from tracker.definition import Tracker
from tracker.evaluate import evaluate
from tracker.files.cells import ProgressFn, RawSheet
from tracker.intake import intake
from tracker.problems import Code
from tracker.result import CheckResult, findings
from tracker.review.rows import RowDecisions
from tracker.review.stage import apply as apply_review
from tracker.review.stage import read as read_decisions
from tracker.sources import Source

__all__ = ["CheckResult", "check", "findings"]

UNTRUSTED: dict[str, tuple[str, str]] = {
    "unmarked": ("chưa được công cụ tạo", "not the tab the tool provisioned"),
    "unprotected": ("không được bảo vệ toàn trang", "not protected as a whole"),
    "outsiders": ("người ngoài cán bộ của Sở cũng sửa được", "people other than the province's staff can edit it"),
    "login": ("không kiểm chứng được khi đăng nhập bằng tài khoản cá nhân; hãy kiểm tra bằng khóa của tài khoản dịch vụ",
              "it cannot be verified under a personal login; check with the service account's key")}
"""Why the Sheets source would not vouch for a review-named tab: Vietnamese and English."""


def check(tracker: Tracker, source: Source, as_of: date | None = None, progress: ProgressFn | None = None,
          reviews: Sequence[RawSheet] = (), pins: Mapping[str, str] | None = None) -> CheckResult:
    """Read, take in, apply the province's decisions and judge.

    The decisions come only from places the province controls: the review tabs the source vouches for
    (`book.reviews`: the Sheets tab it verified as protected) and `reviews` (the sheets of reviews files
    the province keeps). A tab of the units' own source named like a review tab is never read as
    decisions: intake reports it (`decision-tab-in-source`). `pins` are the row digests history tied
    hand-typed decisions to (History.decision_pins).
    """
    as_of = as_of or date.today()
    with bulk_allocation():
        book = source.read(tracker, progress)
        # The Sheets source vouches for its review tabs (book.reviews) and names those it will not (`untrusted`,
        # with its reason); any other review-named tab of the units' source is reported by intake, never read.
        untrusted: Mapping[str, str] = getattr(source, "untrusted", {})
        review = read_decisions(tracker, [*book.reviews, *reviews], as_of, pins)
        rows = RowDecisions(review, tracker.province.speaker)
        taken = intake(tracker, book, as_of, rows)
        if untrusted:  # the Sheets source says why it refused these tabs; intake's general word would say it twice
            taken.problems[:] = [p for p in taken.problems
                                 if not (p.code == Code.DECISION_TAB_IN_SOURCE and p.sheet in untrusted)]
        taken.problems.extend(review.problems)
        taken.problems.extend(P.make(Code.DECISION_TAB_UNTRUSTED, sheet=name, why=UNTRUSTED[why][0],
                                     why_en=UNTRUSTED[why][1], speaker=tracker.province.speaker)
                              for name, why in untrusted.items())
        judged = evaluate(tracker, taken.activities, as_of)
        reviewed = apply_review(tracker, judged, taken.activities, review, rows.decided, as_of)
    return CheckResult(tracker=tracker, as_of=as_of, source=source.label, book=book, intake=taken,
                       evaluation=reviewed.evaluation, review=review, effects=reviewed.effects,
                       rows_decided=tuple(rows.decided))
