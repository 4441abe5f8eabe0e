"""The print preview dialog over the report renderer (GUI only: QtPrintSupport)."""

from __future__ import annotations

from PySide6.QtPrintSupport import QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from rePlanner.io.report.document import Report
from rePlanner.ui.printing.pdf import print_report


def preview_dialog(report: Report, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """A preview that lays the report out again whenever the page setup changes."""
    from rePlanner.ui.report_print import new_printer

    printer = new_printer(report)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(dialog.tr("Print preview: %1").replace("%1", report.cover.title))
    dialog.paintRequested.connect(lambda pr: print_report(report, pr))
    dialog._printer = printer  # type: ignore[attr-defined]  # keep the printer alive with the dialog
    return dialog
