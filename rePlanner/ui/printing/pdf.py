"""Render a report to a PDF file or a printer (the print preview passes its QPrinter here).

PDF needs only QtGui (a QGuiApplication, offscreen is fine), so the CLI renders headless.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter

from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.io.report.document import Report
from rePlanner.ui.printing.compose import WHAT, Laid, lay_out
from rePlanner.ui.printing.paint import paint_page
from rePlanner.ui.printing.styles import Styles

if TYPE_CHECKING:
    from PySide6.QtPrintSupport import QPrinter

PDF_DPI = 1200


@dataclass(frozen=True)
class TocLine:
    title: str
    level: int
    page: int


@dataclass(frozen=True)
class TableBox:
    """One page's part of a table, in points (1/72 inch) from the page's top left."""

    title: str | None
    page: int
    x: float
    y: float
    w: float
    h: float


@dataclass
class RenderInfo:
    pages: int
    toc: list[TocLine] = field(default_factory=list)
    tables: list[TableBox] = field(default_factory=list)
    page_size: tuple[float, float] = (0.0, 0.0)  # points
    body: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # x, y, w, h in points


def render(
    report: Report, device: QPagedPaintDevice, progress: Progress | None = None
) -> RenderInfo:
    """Lay the report out for `device` and paint every page; raises Cancelled on cancel."""
    progress = progress or NullProgress()
    st = Styles(device)
    laid = lay_out(report, st, float(device.width()), float(device.height()), progress)
    total = len(laid.pages)
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("cannot start painting the report (is the file or printer writable?)")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for i, page in enumerate(laid.pages):
            check(progress, WHAT)
            if i:
                device.newPage()
            paint_page(painter, st, page)
            progress.update(i + 1, total, f"page {i + 1} of {total}")
    finally:
        painter.end()
    return _info(laid, st)


def _info(laid: Laid, st: Styles) -> RenderInfo:
    u, f = st.u, laid.frame
    boxes = [
        TableBox(
            t.title, t.page, t.rect.x() / u, t.rect.y() / u, t.rect.width() / u, t.rect.height() / u
        )  # fmt: skip
        for t in laid.tables
    ]
    return RenderInfo(
        pages=len(laid.pages),
        toc=[TocLine(t, lv, n) for t, lv, n in laid.toc],
        tables=boxes,
        page_size=(f.page.width() / u, f.page.height() / u),
        body=(f.body.x() / u, f.body.y() / u, f.body.width() / u, f.body.height() / u),
    )


def write_pdf(
    report: Report, path: str | os.PathLike[str], *, progress: Progress | None = None
) -> RenderInfo:
    """Write an A4 PDF. The file appears only when complete: a cancel or an error leaves any
    earlier file at `path` as it was."""
    target = Path(path)
    part = target.with_name(target.name + ".part")
    writer = QPdfWriter(str(part))
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )  # fmt: skip
    )
    writer.setTitle(report.cover.title)
    writer.setCreator("rePlanner")
    try:
        info = render(report, writer, progress)
    except Exception:  # Cancelled included: no half-written file
        del writer
        part.unlink(missing_ok=True)
        raise
    del writer  # closes the file before it is moved into place
    os.replace(part, target)
    return info


def print_report(report: Report, printer: QPrinter, progress: Progress | None = None) -> RenderInfo:
    """Print on `printer` (also what the print preview's paintRequested calls). Our margins
    are drawn inside the paper, so the printer's own margins are switched off."""
    printer.setFullPage(True)
    return render(report, printer, progress)
