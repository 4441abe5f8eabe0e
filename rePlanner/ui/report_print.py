"""Print a report: the standard print dialog, then the painting in a Task (QPainter may draw
on a QPrinter outside the GUI thread), so a long report never freezes the window."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

from rePlanner.io.report.document import Report
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task


def tr(text: str) -> str:
    return QCoreApplication.translate("ReportPrint", text)


def new_printer(report: Report) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(report.cover.title)
    return printer


def ask_and_print(parent: QWidget, report: Report, bar: TaskBar) -> QPrintDialog:
    """Open the print dialog (window-modal, not blocking); on OK print in the background."""
    printer = new_printer(report)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("Print report"))

    def on_done(result: int) -> None:
        if result == QDialog.DialogCode.Accepted:
            bar.run(print_task(report, printer))

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
