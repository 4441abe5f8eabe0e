"""Reports: choose a scope and scenario, build the risk report in the background, look at it
page by page, then print it, preview it, save it as a PDF or export its tables to Excel.

Building (services) and rendering (QPdfWriter) both run in a Task; the page shows the finished
PDF with QtPdf, which draws pages lazily, so the GUI thread only ever paints what is visible.
Printing also runs in a Task: QPainter may paint on a QPrinter outside the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rePlanner.services.report_build import BuiltReport
from rePlanner.services.report_data import ReportOptions
from rePlanner.services.report_scope import ReportScope
from rePlanner.ui.report_files import report_folder
from rePlanner.ui.views.reports_files import ReportFileActions, suggest_name
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database

DEFAULT_SCENARIO = "(licence measures in force today)"


def tr(text: str) -> str:
    return QCoreApplication.translate("ReportsPage", text)


def build_and_render(db: Database, scope: ReportScope, scenario: str | None,
                     options: ReportOptions, pdf: Path, progress: Any) -> tuple[BuiltReport, Any]:  # fmt: skip
    """Worker side of Build: the document from the services, then the PDF for the viewer."""
    from rePlanner.services.report_build import build_report
    from rePlanner.ui.report_files import save_pdf

    built = build_report(db, scope=scope, scenario=scenario, options=options, progress=progress)
    progress.update(0, 0, tr("Laying out the pages…"))
    return built, save_pdf(built.report, pdf, progress)


class ReportsPage(ReportFileActions, QWidget):
    title = "Reports"
    report_ready = Signal(object)  # BuiltReport, shown in the viewer
    task_done = Signal()  # after any background task: finished, failed or cancelled

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.built: BuiltReport | None = None
        self.pages = 0
        self.stale = False  # the data changed since the report on show was built
        self._after_build: Callable[[], None] | None = None  # Ctrl+P before a report existed
        self._pending: Callable[[], None] | None = None
        self._builds = 0
        self._folder = report_folder(self)
        self._pdf: Path | None = None  # the shown report's PDF (a new file per build)
        self.bar = TaskBar(self)
        self.bar.busy_changed.connect(self._on_busy)
        self.document = QPdfDocument(self)
        self.viewer = QPdfView(self)
        self.viewer.setDocument(self.document)
        self.viewer.setPageMode(QPdfView.PageMode.MultiPage)
        self.viewer.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.status = QLabel(tr("Choose a scope and a scenario, then build the report."), self)
        self.status.setWordWrap(True)
        self._build_controls()
        self._layout()
        self.refresh()

    # --- construction ----------------------------------------------------------------------

    def _build_controls(self) -> None:
        self.scope = QComboBox(self)
        self.scenario = QComboBox(self)
        self.alternatives = QCheckBox(tr("&Rank alternative sources"), self)
        self.alternatives.setChecked(True)
        self.alternatives.setToolTip(tr("Re-runs the scenario for each candidate (slower)."))
        self.heat = QCheckBox(tr("Heat m&ap line x element"), self)
        self.heat.setChecked(True)
        self.draws = QSpinBox(self)
        self.draws.setRange(0, 5000)
        self.draws.setSingleStep(100)
        self.draws.setValue(200)
        self.draws.setToolTip(tr("Monte Carlo draws for the distribution chart; 0: none."))
        self.build_button = self._button(tr("&Build report"), self.build)
        self.preview_button = self._button(tr("Print previe&w…"), self.preview)
        self.print_button = self._button(tr("&Print…"), self.print_report)
        self.pdf_button = self._button(tr("Save as P&DF…"), self.save_pdf)
        self.excel_button = self._button(tr("Export to E&xcel…"), self.export_excel)
        self._on_busy(False)

    def _button(self, text: str, slot: Any) -> QPushButton:
        b = QPushButton(text, self)
        b.clicked.connect(slot)
        return b

    def _layout(self) -> None:
        form = QFormLayout()
        for text, field in ((tr("&Scope"), self.scope), (tr("S&cenario"), self.scenario),
                            (tr("&Monte Carlo draws"), self.draws)):  # fmt: skip
            label = QLabel(text, self)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow("", self.alternatives)
        form.addRow("", self.heat)
        side = QVBoxLayout()
        side.addLayout(form)
        order: list[QWidget] = [self.scope, self.scenario, self.draws, self.alternatives,
                                self.heat, self.build_button, self.preview_button,
                                self.print_button, self.pdf_button, self.excel_button]  # fmt: skip
        for b in order[5:]:
            side.addWidget(b)
        for a, b in zip(order, [*order[1:], self.viewer], strict=True):  # as they are seen
            QWidget.setTabOrder(a, b)
        side.addWidget(self.status)
        side.addStretch(1)
        panel = QWidget(self)
        panel.setLayout(side)
        panel.setFixedWidth(320)
        row = QHBoxLayout()
        row.addWidget(panel)
        row.addWidget(self.viewer, 1)
        outer = QVBoxLayout(self)
        outer.addLayout(row, 1)
        outer.addWidget(self.bar)

    # --- page contract -----------------------------------------------------------------------

    def set_database(self, db: Database) -> None:
        self.bar.cancel()
        self.db = db
        self._set_report(None, None)
        self._say(tr("Choose a scope and a scenario, then build the report."))
        self.refresh()

    def refresh(self) -> None:
        """Reload the lists (F5, edits, imports, a new scenario): a report on show may no
        longer match the data, so Print builds it again first."""
        from rePlanner.services.report_scope import scope_choices
        from rePlanner.services.scenario import list_scenarios

        self.mark_stale()
        keep_scope, keep_scenario = self.scope.currentText(), self.scenario.currentText()
        self.scope.clear()
        for scope, label in scope_choices(self.db):
            self.scope.addItem(label, scope)
        self.scenario.clear()
        self.scenario.addItem(tr(DEFAULT_SCENARIO), None)
        for info in list_scenarios(self.db):
            self.scenario.addItem(info.name, info.name)
        for box, text in ((self.scope, keep_scope), (self.scenario, keep_scenario)):
            if box.findText(text) >= 0:
                box.setCurrentIndex(box.findText(text))

    def mark_stale(self) -> None:
        if self.built is not None and not self.stale:
            self.stale = True
            self._say(tr("The data may have changed since this report was built: Print and "
                         "Preview build it again first."))  # fmt: skip

    # --- building ----------------------------------------------------------------------------

    def options(self) -> ReportOptions:
        return ReportOptions(alternatives=self.alternatives.isChecked(),
                             heat_map=self.heat.isChecked(), montecarlo_draws=self.draws.value())  # fmt: skip

    def build(self) -> None:
        if self.bar.busy:
            return
        self._builds += 1  # a new file: the report on show stays usable if this one fails
        db, options = self.db, self.options()  # read on the GUI thread
        pdf = self._folder / f"report-{self._builds}.pdf"
        scope, scenario = self.scope.currentData() or ReportScope(), self.scenario.currentData()
        task = Task(lambda p: (*build_and_render(db, scope, scenario, options, pdf, p), pdf),
                    tr("Building the report"))  # fmt: skip
        task.signals.finished.connect(self._on_built)
        task.signals.failed.connect(self._on_failed)
        task.signals.cancelled.connect(self._on_cancelled)
        task.signals.done.connect(self.task_done)
        self.bar.run(task)

    def _on_built(self, result: tuple[BuiltReport, Any, Path]) -> None:
        built, info, pdf = result
        self.pages = info.pages
        # Ctrl+P before a report existed: print once the bar is idle (printing is a task too)
        self._pending, self._after_build = self._after_build, None
        self._set_report(built, pdf)
        self._say(tr("{pages} pages · {n} of {m} lines at risk under {s}").format(
            pages=info.pages, n=len(built.data.at_risk), m=len(built.data.lines),
            s=built.data.scenario))  # fmt: skip
        self.report_ready.emit(built)

    def _on_cancelled(self) -> None:
        self._after_build = None
        kept = tr(" The report on show is unchanged.") if self.built is not None else ""
        self._say(tr("Cancelled: nothing built.") + kept)

    def _on_failed(self, message: str) -> None:
        self._after_build = None
        self._say(message, error=True)

    def _set_report(self, built: BuiltReport | None, pdf: Path | None) -> None:
        old, self._pdf, self.built, self.stale = self._pdf, pdf, built, False
        self.document.close()
        if pdf is not None:
            self.document.load(str(pdf))
        else:
            self.pages = 0
        if old is not None and old != pdf:
            old.unlink(missing_ok=True)
        self._on_busy(self.bar.busy)

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b00020;" if error else "")

    def _on_busy(self, busy: bool) -> None:
        ready = self.built is not None and not busy
        if ready and self._pending is not None:
            pending, self._pending = self._pending, None
            QTimer.singleShot(0, pending)  # after the bar has finished its own bookkeeping
        self.build_button.setEnabled(not busy)
        for b in (self.preview_button, self.print_button, self.pdf_button, self.excel_button):
            b.setEnabled(ready)

    # --- printing and files ------------------------------------------------------------------

    def request(self, what: str) -> None:
        """Print or preview (`what`) the report on show; with none yet (or one built before
        the data changed), build it first and then do it (Ctrl+P from any page)."""
        act = self.print_report if what == "print" else self.preview
        if self.bar.busy:
            self._say(tr("Busy: try again when the current task ends."))
            return
        if self.built is not None and not self.stale:
            act()
            return
        self._after_build = act
        self.build()

    def preview(self) -> None:
        from rePlanner.ui.printing.preview import preview_dialog

        if self.built is not None:
            self._dialog = preview_dialog(self.built.report, self)
            self._dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            self._dialog.open()

    def print_report(self) -> None:
        from rePlanner.ui.report_print import ask_and_print

        if self.built is not None:
            self._dialog = ask_and_print(self, self.built.report, self._start_print,
                                         suggest_name(self.built, ".pdf"))  # fmt: skip

    def _start_print(self, task: Task) -> None:
        task.signals.finished.connect(lambda info: self._say(
            tr("Sent to the printer: {n} pages.").format(n=info.pages)))  # fmt: skip
        task.signals.failed.connect(lambda m: self._say(tr("Not printed: {why}").format(why=m),
                                                        error=True))  # fmt: skip
        task.signals.cancelled.connect(lambda: self._say(tr("Printing cancelled.")))
        task.signals.done.connect(self.task_done)
        if not self.bar.run(task):
            self._say(tr("Not printed: another task is running; try again when it ends."),
                      error=True)  # fmt: skip
