"""File > Open recent: the databases opened last, kept in QSettings (most recent first).

SQLite files that no longer exist are dropped when the list is read. Server URLs are kept
without their password: QSettings is a plain file or registry entry, and the server login
comes from the usual places (.pgpass, environment) when the URL is opened again.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from PySide6.QtCore import QCoreApplication, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

KEY = "recent/databases"
MAX_RECENT = 8


def tr(text: str) -> str:
    return QCoreApplication.translate("RecentDatabases", text)


def is_url(location: str) -> bool:
    return "://" in location


def without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    if ":" in host:  # an IPv6 address keeps its brackets
        host = f"[{host}]"
    netloc = f"{parts.username or ''}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def _normal(location: str) -> str:
    """The form a location is stored and compared in."""
    if is_url(location):
        return without_password(location)
    return os.path.abspath(os.path.expanduser(location))


def _same(a: str, b: str) -> bool:
    return a == b if is_url(a) or is_url(b) else os.path.normcase(a) == os.path.normcase(b)


def _exists(location: str) -> bool:
    return is_url(location) or Path(location).is_file()


class RecentDatabases:
    """`add(path)` after every successful open; `paths()` for the list; `menu(...)` for File."""

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    def paths(self) -> list[str]:
        """Most recent first; missing files are pruned (and the pruned list saved)."""
        stored = self._stored()
        kept = [p for p in stored if _exists(p)][:MAX_RECENT]
        if kept != stored:
            self._store(kept)
        return kept

    def add(self, location: str) -> None:
        if not location or location == ":memory:":
            return
        new = _normal(location)
        rest = [p for p in self._stored() if not _same(p, new)]
        self._store([new, *rest][:MAX_RECENT])

    def remove(self, location: str) -> None:
        gone = _normal(location)
        self._store([p for p in self._stored() if not _same(p, gone)])

    def clear(self) -> None:
        self._store([])

    def menu(self, parent: QWidget | None, on_open: Callable[[str], object]) -> QMenu:
        """An "Open recent" menu that re-reads the list each time it opens."""
        menu = QMenu(tr("Open &recent"), parent)
        menu.setToolTipsVisible(True)
        self._fill(menu, on_open)
        menu.aboutToShow.connect(lambda: self._fill(menu, on_open))
        return menu

    # --- internals -------------------------------------------------------------------------

    def _fill(self, menu: QMenu, on_open: Callable[[str], object]) -> None:
        menu.clear()
        paths = self.paths()
        for number, path in enumerate(paths, start=1):
            action = QAction(f"&{number} {label(path)}", menu)
            action.setData(path)
            action.setToolTip(path)
            action.triggered.connect(lambda _=False, p=path: on_open(p))
            menu.addAction(action)
        if not paths:
            menu.addAction(tr("No recent databases")).setEnabled(False)
            return
        menu.addSeparator()
        menu.addAction(tr("Clear list"), self.clear)

    def _stored(self) -> list[str]:
        value = self._settings.value(KEY)
        if value is None or value == "":
            return []
        items = [value] if isinstance(value, str) else list(value)  # one item comes back bare
        return [str(v) for v in items if v]

    def _store(self, paths: list[str]) -> None:
        self._settings.setValue(KEY, paths)
        self._settings.sync()


def label(location: str) -> str:
    """What a menu shows: a file's name and folder, a server URL as it is."""
    if is_url(location):
        return location.replace("&", "&&")
    path = Path(location)
    return f"{path.name}  —  {path.parent}".replace("&", "&&")  # no mnemonics
