"""Saving the report on show as a PDF and exporting its tables to Excel (a mixin of
ReportsPage: its signals live on the page itself, as Qt wants)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget

from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.services.report_build import BuiltReport


def tr(text: str) -> str:
    return QCoreApplication.translate("ReportsPage", text)


def suggest_name(built: BuiltReport, ext: str) -> str:
    c = built.report.cover
    stem = f"Risk report {c.scope} {c.scenario} {c.report_date:%Y-%m-%d}"
    return "".join(ch if ch.isalnum() or ch in " -_." else "_" for ch in stem) + ext


class ReportFileActions(QWidget):
    built: BuiltReport | None
    _pdf: Path | None
    bar: Any
    task_done: Any

    def _say(self, text: str, error: bool = False) -> None:
        raise NotImplementedError  # the page's status line

    def save_pdf(self) -> None:
        if self.built is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("Save report as PDF"),
                                              suggest_name(self.built, ".pdf"), tr("PDF (*.pdf)"))  # fmt: skip
        if path:
            self.save_pdf_to(path)

    def save_pdf_to(self, path: str) -> None:
        """The shown PDF is the report: saving copies it (no second rendering)."""
        from rePlanner.domain.errors import ReplannerError
        from rePlanner.ui.report_files import copy_file

        if self._pdf is None:
            return
        try:
            copy_file(self._pdf, path)
        except ReplannerError as exc:
            self._say(str(exc), error=True)
            return
        self._say(tr("Saved {path}").format(path=path))

    def export_excel(self) -> None:
        if self.built is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("Export report tables"),
                                              suggest_name(self.built, ".xlsx"),
                                              tr("Excel workbook (*.xlsx)"))  # fmt: skip
        if path:
            self.export_excel_to(path)

    def export_excel_to(self, path: str) -> None:
        from rePlanner.services.report_export import export_report

        built = self.built
        assert built is not None
        task = Task(lambda p: export_report(built.report, path), tr("Exporting to Excel"))
        task.signals.finished.connect(lambda _: self._say(tr("Exported {path}").format(path=path)))
        task.signals.failed.connect(lambda m: self._say(m, error=True))
        task.signals.done.connect(self.task_done)
        self.bar.run(task)
