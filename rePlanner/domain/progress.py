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


class StepProgress:
    """One step of a longer job: inner updates move the outer bar within [done, done + 1) of
    `total` steps and keep the step's label; cancel is the outer one, so long inner work
    (a Monte Carlo run, a ranking) stops as soon as the user asks."""

    def __init__(self, outer: Progress, done: int, total: int, label: str) -> None:
        self.outer, self.done, self.total, self.label = outer, done, total, label

    def update(self, done: int, total: int, message: str = "") -> None:
        scale = 1000  # the outer bar counts steps; a thousandth of a step is smooth enough
        inner = done / total if total > 0 else 0.0
        at = self.done * scale + int(min(max(inner, 0.0), 1.0) * (scale - 1))
        self.outer.update(at, self.total * scale, f"{self.label}: {message}" if message
                          else self.label)  # fmt: skip

    def cancelled(self) -> bool:
        return self.outer.cancelled()
