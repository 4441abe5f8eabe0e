"""Progress and cancel, the printer/preview path, the logo and pages rendered to images."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QImage

from rePlanner.domain.progress import Cancelled
from rePlanner.io.report.document import Report
from rePlanner.ui.printing import print_report, write_pdf
from tests.ui.printing.helpers import cover, page_texts, pdf_pages, sample_report


class Recorder:
    """A Progress that records updates and cancels after `stop_after` of them."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.updates: list[tuple[int, int]] = []
        self.stop_after = stop_after

    def update(self, done: int, total: int, message: str = "") -> None:
        self.updates.append((done, total))

    def cancelled(self) -> bool:
        return self.stop_after is not None and len(self.updates) >= self.stop_after


def test_progress_is_reported_per_page(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rec = Recorder()
    info = write_pdf(sample_report(), tmp_path / "r.pdf", progress=rec)
    assert rec.updates == [(n, info.pages) for n in range(1, info.pages + 1)]


def test_cancel_stops_and_leaves_an_earlier_file_alone(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.pdf"
    path.write_bytes(b"earlier report")
    rec = Recorder(stop_after=3)
    with pytest.raises(Cancelled):
        write_pdf(sample_report(), path, progress=rec)
    assert len(rec.updates) == 3  # stopped at the next page
    assert path.read_bytes() == b"earlier report"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]  # no half-written part file


def test_print_report_draws_the_same_pages_on_a_printer(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter

    report = sample_report()
    pdf_info = write_pdf(report, tmp_path / "direct.pdf")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    info = print_report(report, printer)
    assert info.pages == pdf_info.pages == pdf_pages(tmp_path / "printed.pdf")
    assert [t.page for t in info.toc] == [t.page for t in pdf_info.toc]
    assert (
        page_texts(tmp_path / "printed.pdf")[3].split()
        == page_texts(tmp_path / "direct.pdf")[3].split()
    )


def test_print_preview_shows_every_page(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    from rePlanner.ui.printing.preview import preview_dialog

    dialog = preview_dialog(sample_report())
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.paintRequested, timeout=5000):
        dialog.show()
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == 8, timeout=5000)


def test_logo_is_drawn_when_the_file_exists_and_skipped_when_not(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    logo = tmp_path / "logo.png"
    image = QImage(120, 40, QImage.Format.Format_RGB32)
    image.fill(QColor("#c03030"))
    assert image.save(str(logo))
    with_logo, without = tmp_path / "with.pdf", tmp_path / "without.pdf"
    write_pdf(Report(cover(logo_path=str(logo)), []), with_logo)
    write_pdf(Report(cover(logo_path=str(tmp_path / "missing.png")), []), without)

    def images(path: Path) -> int:
        out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
        return len(out.stdout.splitlines()) - 2  # two header lines

    assert images(with_logo) == 1
    assert images(without) == 0


def test_chart_page_renders_in_colour_and_charts_stay_vector(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.pdf"
    info = write_pdf(sample_report(), path)
    charts_page = next(t.page for t in info.toc if t.title == "Charts")
    subprocess.run(
        ["pdftoppm", "-r", "40", "-f", str(charts_page), "-l", str(charts_page), "-png",
         str(path), str(tmp_path / "page")],
        check=True,
    )  # fmt: skip
    png = next(tmp_path.glob("page*.png"))
    image = QImage(str(png))
    reds = sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if (c := image.pixelColor(x, y)).red() > 180 and c.green() < 140 and c.blue() < 140
    )
    assert reds > 20  # the red survival bars and heat cells are there
    out = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True)
    assert len(out.stdout.splitlines()) == 2  # no raster images: charts are paths and text
    text = page_texts(path)[charts_page - 1]
    for label in ("never", "open-ended", "Line 6", "Nd metal", "2023", "Mining"):
        assert label in text
