"""tracker: which districts carried out a directive, which have not, and follow-up for the latter."""

from tracker.definition import Tracker, load_tracker

__all__ = ["Tracker", "load_tracker"]
__version__ = "0.1.0"
