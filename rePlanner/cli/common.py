"""What every command shares: writing to the terminal and checking option values."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from typing import Any

from rePlanner.domain.errors import DatabaseOpenError
from rePlanner.domain.progress import NullProgress, Progress


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def err(text: str) -> None:
    sys.stdout.flush()  # keep the order the user reads when both go to one terminal
    sys.stderr.write(text + "\n")


def count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def fraction(text: str) -> float:
    """An argparse type: a similarity or share from 0 to 1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"give a similarity from 0 to 1, not {text}")
    return value


def iso_day(text: str) -> date:
    """An argparse type: a date written YYYY-MM-DD, or a usage error saying so."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {text}")
    return value


class StderrProgress:
    """A one-line progress report on stderr (only used when stderr is a terminal)."""

    def __init__(self) -> None:
        self._last = 0.0
        self._shown = False

    def update(self, done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - self._last < 0.2 and done < total:
            return
        self._last = now
        pct = f" ({100 * done // total}%)" if total else ""
        sys.stderr.write(f"\r{message or 'working'}: {done:,}/{total:,}{pct}    ")
        sys.stderr.flush()
        self._shown = True

    def cancelled(self) -> bool:
        return False

    def finish(self) -> None:
        if self._shown:
            sys.stderr.write("\n")
            self._shown = False


def terminal_progress() -> Progress:
    """Progress on stderr for a person watching a terminal; nothing when piped."""
    return StderrProgress() if sys.stderr.isatty() else NullProgress()


def finish(progress: Progress) -> None:
    if isinstance(progress, StderrProgress):
        progress.finish()


def open_existing_db(location: str) -> Any:
    """The database at `location`, which must exist: a command never creates one by accident."""
    from rePlanner.services.workspace import open_existing

    try:
        return open_existing(location)
    except DatabaseOpenError as exc:
        if not str(exc).startswith("no "):  # "no database at PATH", "no rePlanner database ..."
            raise
        raise DatabaseOpenError(
            f"{exc}: create one with `replanner demo` or start the app once"
        ) from None
