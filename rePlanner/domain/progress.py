"""Progress and cancellation for long work (imports, scenario grids, reports).

The CLI passes a NullProgress or a printer; the GUI passes an object that forwards to a
progress bar from a worker thread and whose `cancelled()` reflects the Cancel button.
"""

from __future__ import annotations

from typing import Protocol

from rePlanner.domain.errors import ReplannerError


class Progress(Protocol):
    def update(self, done: int, total: int, message: str = "") -> None: ...

    def cancelled(self) -> bool: ...


class NullProgress:
    def update(self, done: int, total: int, message: str = "") -> None:
        pass

    def cancelled(self) -> bool:
        return False


class Cancelled(ReplannerError):
    """The user pressed Cancel; whatever was under way changed nothing."""

    def __init__(self, what: str = "the operation") -> None:
        super().__init__(f"{what} was cancelled; nothing was changed")


def check(progress: Progress, what: str = "the operation") -> None:
    """Raise Cancelled if the user asked to stop (call between chunks of work)."""
    if progress.cancelled():
        raise Cancelled(what)
