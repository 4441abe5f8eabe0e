"""Saving a report: PDF through the renderer, Excel through the services, both all or nothing
(written next to the target, then renamed), and a headless Qt for the command line."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from rePlanner.domain.errors import ReplannerError
from rePlanner.domain.progress import Progress
from rePlanner.io.report.document import Report


def headless_qt() -> Any:
    """A QGuiApplication for drawing fonts and PDFs without a display (offscreen platform,
    unless the caller chose one)."""
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["replanner"])
    return app


def save_pdf(report: Report, path: str | Path, progress: Progress | None = None) -> Any:
    """Render `report` to `path`; returns the renderer's RenderInfo. On any failure (or a
    cancel) the target is left as it was."""
    from rePlanner.ui.printing.pdf import write_pdf

    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ReplannerError(f"cannot write {target}: folder {folder} does not exist")
    fd, temp = tempfile.mkstemp(suffix=".pdf", prefix=".report-", dir=folder)
    os.close(fd)
    try:
        info = write_pdf(report, temp, progress=progress)
        if Path(temp).stat().st_size == 0:
            raise ReplannerError(f"cannot write {target}: the PDF came out empty")
        os.chmod(temp, target.stat().st_mode & 0o777 if target.exists() else 0o644)
        os.replace(temp, target)
    except OSError as exc:
        raise ReplannerError(f"cannot write {target}: {exc.strerror or exc}") from exc
    finally:
        Path(temp).unlink(missing_ok=True)
    return info
