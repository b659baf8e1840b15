"""tracker: which districts carried out a directive, which have not, and follow-up for the latter."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.definition import Tracker, load_tracker

__all__ = ["Tracker", "load_tracker"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """`tracker.Tracker` and `tracker.load_tracker`, imported when first asked for: importing any module of the
    package (the command line's, to print its help) need not load the models, pydantic and openpyxl."""
    if name in __all__:
        from tracker import definition

        return getattr(definition, name)
    raise AttributeError(f"module 'tracker' has no attribute {name!r}")
