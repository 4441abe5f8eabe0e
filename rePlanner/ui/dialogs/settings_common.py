"""What the tabs of the Settings dialog share: colours, a note label, the translation
context, and the check of a database location."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel

ERROR_STYLE = "color: rgb(214, 60, 60)"  # a red readable on light and dark palettes
OK_STYLE = "color: rgb(40, 150, 70)"
NOTE_STYLE = "color: palette(placeholder-text)"
SERVER_SCHEMES = ("postgresql", "sqlite")


def tr(text: str) -> str:
    return QCoreApplication.translate("SettingsDialog", text)


def location_problem(text: str) -> str | None:
    """Why `text` cannot be a database location, or None. The opener checks the rest."""
    if not text:
        return tr("Enter a SQLite file or a server URL.")
    if "://" in text:
        scheme = text.split("://", 1)[0].split("+", 1)[0].lower()
        if scheme not in SERVER_SCHEMES:
            return tr("Use a URL such as postgresql+psycopg://user@host/replanner.")
        return None
    if Path(text).expanduser().is_dir():
        return tr("This is a folder: choose or name a .sqlite file in it.")
    return None


def note(text: str = "", style: str = NOTE_STYLE) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet(style)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
