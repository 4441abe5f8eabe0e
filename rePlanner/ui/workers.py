"""Long work off the GUI thread: a service call runs on the global QThreadPool with progress and
Cancel; its result, error or cancellation comes back to the GUI thread as a signal.

`Task(fn)` runs `fn(progress)` where `progress` is the task itself, a domain `Progress`: the
service reports with `progress.update(done, total, text)` and stops at its next check when the
user cancels (domain.progress.Cancelled, which means nothing was changed). Expected errors
(ReplannerError) arrive as their message; anything else with its traceback, so a bug is never
swallowed. Signals are queued to the receiver's thread, so slots run on the GUI thread.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from rePlanner.domain.errors import ReplannerError
from rePlanner.domain.progress import Cancelled


class TaskSignals(QObject):
    progress = Signal(int, int, str)  # done, total, text
    finished = Signal(object)  # the result
    failed = Signal(str)  # a message for the user
    cancelled = Signal()
    done = Signal()  # after any of the three above


class Task(QRunnable):
    def __init__(self, fn: Callable[[Any], Any], what: str = "") -> None:
        super().__init__()
        self.setAutoDelete(False)  # the GUI keeps it to cancel it; Python owns it
        self.fn, self.what = fn, what
        self.signals = TaskSignals()
        self._cancel = threading.Event()
        self.result: Any = None
        self.error: str | None = None

    # domain Progress protocol (called from the worker thread)
    def update(self, done: int, total: int, message: str = "") -> None:
        self._emit("progress", int(done), int(total), message)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        self._cancel.set()

    def _emit(self, name: str, *args: Any) -> None:
        """Signal the GUI; when the application is closing and the signals object is already
        deleted, nobody is listening: the work stops at its next check instead of failing."""
        try:
            getattr(self.signals, name).emit(*args)
        except RuntimeError:  # "Signal source has been deleted"
            self._cancel.set()

    def run(self) -> None:
        try:
            self.result = self.fn(self)
        except Cancelled:
            self._emit("cancelled")
        except ReplannerError as exc:
            self.error = str(exc)
            self._emit("failed", self.error)
        except Exception:  # noqa: BLE001 (shown to the user with its traceback, never lost)
            self.error = traceback.format_exc()
            self._emit("failed", self.error)
        else:
            if self._cancel.is_set():
                self._emit("cancelled")  # finished, but the user no longer wants it
            else:
                self._emit("finished", self.result)
        self._emit("done")
        # The pool keeps a reference to a finished runnable (PySide with autoDelete off): let go
        # of the work and its result, which the queued signal already carries to the GUI.
        self.fn, self.result = None, None  # type: ignore[assignment]


def start(task: Task, pool: QThreadPool | None = None) -> Task:
    (pool or QThreadPool.globalInstance()).start(task)
    return task
