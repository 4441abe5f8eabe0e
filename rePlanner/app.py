"""Composition root of the desktop app: opens the database, builds the window, runs Qt.

The CLI decides which database to open and reports ReplannerError from open_database();
this module is the only place that wires the persistence layer into the UI.
"""

from __future__ import annotations

import os
import sys

from rePlanner import APP_NAME, __version__
from rePlanner.persistence.database import Database, open_database

ORGANIZATION = "rePlanner"


def no_display_reason() -> str | None:
    """Why a window cannot be shown here (Linux without X11/Wayland), or None if it can."""
    if not sys.platform.startswith("linux"):
        return None
    env = os.environ
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"):
        return None
    return (
        "no graphical display is available (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
        "Run rePlanner from a desktop session, or on a server use a virtual display:\n"
        "    xvfb-run -a replanner\n"
        "For a smoke check without any display:\n"
        "    QT_QPA_PLATFORM=offscreen replanner\n"
        "Everything else works without a display: see `replanner --help`."
    )


def _install_qt_translations(app: object) -> None:
    """Qt's own strings (dialog buttons, file dialog) in the user's language when available."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    translator = QTranslator(app)  # type: ignore[arg-type]
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(), "qtbase", "_", path):
        app.installTranslator(translator)  # type: ignore[attr-defined]


def run_gui(db_location: str) -> int:
    """Open the database (errors raise before any window appears), then run the event loop."""
    db = open_database(db_location)
    from PySide6.QtWidgets import QApplication

    from rePlanner.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(__version__)
    _install_qt_translations(app)
    window = MainWindow(db, open_database=open_database)
    window.show()
    try:
        return int(app.exec())
    finally:
        current: Database = window.db
        current.dispose()
