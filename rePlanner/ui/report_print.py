"""Print a report: the standard print dialog, then the painting in a Task (QPainter may draw
on a QPrinter outside the GUI thread), so a long report never freezes the window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
from PySide6.QtWidgets import QDialog, QWidget

from rePlanner.io.report.document import Report
from rePlanner.ui.workers import Task


def tr(text: str) -> str:
    return QCoreApplication.translate("ReportPrint", text)


def new_printer(report: Report, file_name: str = "") -> QPrinter:
    """An A4 printer for `report`; with no printer installed, "print to file" starts with
    `file_name` in the user's documents folder (Qt's default is a folder, which fails)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(report.cover.title)
    if file_name and not QPrinterInfo.availablePrinters():
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        printer.setOutputFileName(str(Path(folder or Path.home()) / file_name))
    return printer


def ask_and_print(
    parent: QWidget, report: Report, start: Callable[[Task], None], file_name: str = ""
) -> QPrintDialog:
    """Open the print dialog (window-modal, not blocking); on OK hand the print task to
    `start`, which runs it and reports how it went."""
    printer = new_printer(report, file_name)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("Print report"))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def on_done(result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            start(print_task(report, printer))

    dialog.finished.connect(on_done)
    dialog._printer = printer  # type: ignore[attr-defined]  # alive as long as the dialog
    QDialog.open(dialog)  # QPrintDialog.open() wants a receiver in PySide6: the base one
    return dialog


def print_task(report: Report, printer: QPrinter) -> Task:
    from rePlanner.ui.printing.pdf import print_report

    def run(progress: Any) -> Any:
        return print_report(report, printer, progress)

    task = Task(run, tr("Printing"))
    task._printer = printer  # type: ignore[attr-defined]
    return task
