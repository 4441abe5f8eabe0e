"""Saving a report: PDF through the renderer, Excel through the services, both all or nothing
(written next to the target, then renamed), and a headless Qt for the command line."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from rePlanner.domain.errors import ReplannerError
from rePlanner.domain.progress import Progress
from rePlanner.io.report.document import Report


def headless_qt() -> Any:
    """A Qt application for drawing fonts and PDFs without a display (offscreen platform,
    unless the caller chose one). A QApplication, not a bare QGuiApplication: the process may
    show widgets later (a test run, the GUI), and widgets need the former."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from rePlanner.ui.fonts import register_bundled_fonts

    app = QCoreApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["replanner"])
        register_bundled_fonts()
    return app


def check_target(path: str | Path) -> Path:
    """Refuse a target that cannot be written before any work is spent on it."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ReplannerError(f"cannot write {target}: folder {folder} does not exist")
    if target.is_dir():
        raise ReplannerError(f"cannot write {target}: it is a folder; give a file name")
    if not os.access(folder, os.W_OK):
        raise ReplannerError(f"cannot write {target}: folder {folder} is not writable")
    return target


def copy_file(source: str | Path, path: str | Path) -> Path:
    """Copy all or nothing: into a side file next to the target, then renamed over it."""
    import shutil
    import tempfile

    target = check_target(path)
    fd, temp = tempfile.mkstemp(prefix=".copy-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(source, temp)
        os.replace(temp, target)
    except OSError as exc:
        raise ReplannerError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        Path(temp).unlink(missing_ok=True)
    return target


def save_pdf(report: Report, path: str | Path, progress: Progress | None = None) -> Any:
    """Render `report` to `path`; returns the renderer's RenderInfo. The renderer writes a
    side file and renames it, so a failure (or a cancel) leaves the target as it was."""
    from rePlanner.ui.printing.pdf import write_pdf

    target = check_target(path)
    try:
        return write_pdf(report, target, progress=progress)
    except OSError as exc:
        raise ReplannerError(f"cannot write {target}: {exc.strerror or exc}") from exc


FOLDER_PREFIX = "replanner-report-"
STALE_FOLDER_S = 24 * 3600  # a folder left by a crash is removed after a day


def report_folder(owner: Any) -> Path:
    """A private temporary folder for the Reports page's PDFs, removed when the page goes or
    the application quits; folders older than a day (left by a crash) are cleared first."""
    import shutil
    import tempfile
    import time

    from PySide6.QtCore import QCoreApplication

    for old in Path(tempfile.gettempdir()).glob(FOLDER_PREFIX + "*"):
        try:
            if time.time() - old.stat().st_mtime > STALE_FOLDER_S:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))

    def remove(*_: Any) -> None:
        shutil.rmtree(folder, ignore_errors=True)

    owner.destroyed.connect(remove)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(remove)
    return folder
