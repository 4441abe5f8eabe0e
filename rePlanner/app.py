"""Composition root of the desktop app: opens the database, builds the window, runs Qt.

The CLI decides which database to open and reports ReplannerError from open_workspace();
the window receives the open Database and the function to open another one.
"""

from __future__ import annotations

import gc
import os
import shlex
import sys
from typing import TYPE_CHECKING, Any

from rePlanner import APP_NAME, __version__
from rePlanner.domain.errors import ReplannerError
from rePlanner.persistence.database import Database
from rePlanner.services.workspace import open_workspace
from rePlanner.ui.fonts import register_bundled_fonts

if TYPE_CHECKING:  # Qt is imported only when a window is really wanted
    from collections.abc import Callable

    from PySide6.QtCore import QCoreApplication, QSettings

    from rePlanner.ui.main_window import MainWindow

ORGANIZATION = "rePlanner"


def no_display_reason() -> str | None:
    """Why a window cannot be shown here (Linux without X11/Wayland), or None if it can."""
    if not sys.platform.startswith("linux"):
        return None
    env = os.environ
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM"):
        return None
    again = shlex.join(sys.argv) if sys.argv and sys.argv[0] else "replanner"
    return (
        "no graphical display is available (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
        "Run rePlanner from a desktop session, or on a server use a virtual display:\n"
        f"    xvfb-run -a {again}\n"
        "For a smoke check without any display:\n"
        f"    QT_QPA_PLATFORM=offscreen {again}\n"
        "Everything else works without a display: see `replanner --help`."
    )


def _install_qt_translations(app: QCoreApplication) -> None:
    """Qt's own strings (dialog buttons, file dialog) in the user's language when available."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    translator = QTranslator(app)
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(), "qtbase", "_", path):
        app.installTranslator(translator)


def start_window(
    db: Database,
    open_database: Callable[[str], Database] | None = None,
    settings: QSettings | None = None,
) -> MainWindow:
    """Build and show the main window (a QApplication must exist), the garbage collector
    paused meanwhile: start-up makes objects that all live on, so a full collection (0.1-0.2 s
    with SQLAlchemy and Qt loaded) would only delay the window. Then the objects so far are
    frozen: later full collections skip them, so one no longer stalls the window that long,
    and the same is done after the engine's background import (ui/warmup.py)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        from rePlanner.ui.main_window import MainWindow

        window = MainWindow(db, open_database=open_database, settings=settings)
        window.freeze_heap = True
        window.show()
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
    return window


def run_gui(db_location: str, *, show_errors: bool = False) -> int:
    """Open the database (errors raise before any window appears), then run the event loop.
    `show_errors`: also show such an error in a message box (started from a menu, nobody sees
    the terminal)."""
    gc.disable()  # until the window shows (see start_window)
    try:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else APP_NAME])
        app.setOrganizationName(ORGANIZATION)
        app.setApplicationName(APP_NAME)
        app.setApplicationVersion(__version__)
        app.setDesktopFileName("rePlanner")  # Wayland matches the window to its menu entry
        _set_window_icon(app)
        register_bundled_fonts()
        _install_qt_translations(app)
        db = _open_or_say(db_location, show_errors)
    finally:
        gc.enable()
    window = start_window(db, open_database=open_workspace)
    try:
        return int(app.exec())
    finally:
        current: Database = window.db
        current.dispose()


def _set_window_icon(app: Any) -> None:
    """The application icon from its one SVG (missing resources: Qt's default icon)."""
    from PySide6.QtGui import QIcon

    from rePlanner.paths import resources_dir

    try:
        icon = resources_dir() / "icons" / "replanner.svg"
    except FileNotFoundError:
        return
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))


def _open_or_say(location: str, show_errors: bool) -> Database:
    try:
        return open_workspace(location)
    except ReplannerError as exc:
        if show_errors:
            from PySide6.QtWidgets import QMessageBox

            # no window exists yet: a modal box is the only way to be seen
            QMessageBox.critical(None, APP_NAME, f"{APP_NAME} cannot start.\n\n{exc}")
        raise
