"""tracker: which districts carried out a directive, which have not, and follow-up for the latter."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.definition import Tracker, load_tracker

__all__ = ["Tracker", "load_tracker"]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # Loaded on first use, not on `import tracker`: the command's entry point (tracker.entry) imports the package
    # before it can catch Ctrl-C, and the definition's imports (pydantic, openpyxl) take most of a second.
    if name in __all__:
        from tracker import definition

        return getattr(definition, name)
    raise AttributeError(f"module 'tracker' has no attribute {name!r}")
