"""2-4 saved scenarios side by side (`ComparePanel`) on the scenario page.

The per-line tables (`results_table`, `montecarlo_table`, `compare_table`) are built in
run_tables, the "Export to Excel…" button is in export_button; both are re-exported here.

Side by side: the chosen scenarios run in ONE background task, without storing a result (a
comparison is a look, not a run to keep). One row per line, then a total row; per metric the
scenarios' columns sit next to each other, and the worse value of a row (the larger loss; an
unknown loss over an open-ended recovery counts as the largest) is highlighted red-ish.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rePlanner.domain.progress import check
from rePlanner.services.tables import TableData
from rePlanner.ui.models.record_table_model import AnyIndex
from rePlanner.ui.views.export_button import ExportButton
from rePlanner.ui.views.run_tables import (
    COMPARED,
    MC_COLUMNS,
    MC_MEASURES,
    RESULT_COLUMNS,
    compare_table,
    montecarlo_table,
    result_blanks,
    results_table,
    whole,
)
from rePlanner.ui.views.scenario_editor import ERROR_STYLE, RISK_BACKGROUND, FlaggedTableModel, tr
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task

if TYPE_CHECKING:  # the page hands the database to services; it never queries it
    from rePlanner.persistence.database import Database
    from rePlanner.services.scenario_run import ScenarioRun

__all__ = [
    "COMPARED", "MAX_SCENARIOS", "MC_COLUMNS", "MC_MEASURES", "MIN_SCENARIOS", "RESULT_COLUMNS",
    "CompareModel", "ComparePanel", "ExportButton", "compare_table", "montecarlo_table",
    "result_blanks", "results_table", "run_all", "whole",
]  # fmt: skip

MIN_SCENARIOS, MAX_SCENARIOS = 2, 4


class CompareModel(FlaggedTableModel):
    """The worse cell of each row and metric red-ish; the total row bold."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.worse: set[tuple[int, int]] = set()

    def set_compare(self, table: TableData, worse: set[tuple[int, int]]) -> None:
        self.worse = worse  # a missing value reads "—", "unknown" on hover (flagged model)
        self.set_flagged(table, [None] * len(table.rows))

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return RISK_BACKGROUND if (index.row(), index.column()) in self.worse else None
        if role == Qt.ItemDataRole.FontRole and self.table().keys[index.row()] == -1:
            bold = QFont()
            bold.setBold(True)
            return bold
        return super().data(index, role)


def run_all(db: Database, names: list[str], progress: Any) -> list[ScenarioRun]:
    """Worker side: each scenario evaluated in turn, nothing stored; Cancel between and after."""
    from rePlanner.services import scenario_run

    runs = []
    for i, name in enumerate(names):
        check(progress, "the comparison")
        progress.update(i, len(names), tr("Running {name}…").format(name=name))
        runs.append(scenario_run.run_saved_scenario(db, name, store=False, progress=progress))
    progress.update(len(names), len(names), "")
    return runs


class ComparePanel(QWidget):
    """Tick 2-4 saved scenarios, Compare, read the table, export it."""

    compared = Signal(object)  # list[ScenarioRun]

    def __init__(self, db: Database, bar: TaskBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bar = db, bar
        self.runs: list[ScenarioRun] = []
        self.choices = QListWidget(self)
        self.choices.setToolTip(tr("Tick 2 to 4 saved scenarios to compare"))
        self.choices.setFixedSize(340, 110)
        self.choices.itemChanged.connect(self._on_ticked)
        self.model = CompareModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.model.modelReset.connect(self._fit)
        self.compare_button = QPushButton(tr("Compare"), self)
        self.compare_button.setToolTip(tr("Run the ticked scenarios (nothing is stored)"))
        self.compare_button.clicked.connect(self.compare)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.export_button = ExportButton(self.view, tr("Compare"), self._title, self, self.message)
        buttons = QVBoxLayout()
        buttons.addWidget(QLabel(tr("Scenarios to compare (tick 2 to 4):"), self))
        buttons.addWidget(self.choices)
        side = QVBoxLayout()
        for w in (self.compare_button, self.export_button):
            side.addWidget(w, 0, Qt.AlignmentFlag.AlignLeft)
        side.addWidget(self.message)
        side.addStretch(1)
        top = QHBoxLayout()
        top.addLayout(buttons)
        top.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self._busy = False
        self.set_busy(False)

    def set_scenarios(self, db: Database, names: list[str]) -> None:
        ticked = set(self.ticked()) if db is self.db else set()
        if db is not self.db:
            self.clear()
        self.db = db
        self.choices.blockSignals(True)
        self.choices.clear()
        for name in names:
            item = QListWidgetItem(name, self.choices)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if name in ticked else Qt.CheckState.Unchecked)
        self.choices.blockSignals(False)
        self.set_busy(self._busy)

    def ticked(self) -> list[str]:
        items = (self.choices.item(i) for i in range(self.choices.count()))
        return [i.text() for i in items if i.checkState() == Qt.CheckState.Checked]

    def tick(self, *names: str) -> None:
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            if item.text() in names:
                item.setCheckState(Qt.CheckState.Checked)

    def clear(self) -> None:
        self.runs = []
        self.model.set_compare(TableData([]), set())
        self._say("")

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        n = len(self.ticked())
        self.compare_button.setEnabled(not busy and MIN_SCENARIOS <= n <= MAX_SCENARIOS)

    def _on_ticked(self, item: QListWidgetItem) -> None:
        if item.checkState() == Qt.CheckState.Checked and len(self.ticked()) > MAX_SCENARIOS:
            item.setCheckState(Qt.CheckState.Unchecked)  # re-enters once, unticked
            self._say(tr("At most {n} scenarios side by side").format(n=MAX_SCENARIOS), True)
            return
        self.set_busy(self._busy)

    def compare(self) -> Task | None:
        names, db = self.ticked(), self.db
        if not MIN_SCENARIOS <= len(names) <= MAX_SCENARIOS:
            return None
        task = Task(lambda p: run_all(db, names, p),
                    tr("Comparing {n} scenarios…").format(n=len(names)))  # fmt: skip
        task.signals.finished.connect(self._show)
        task.signals.failed.connect(lambda m: self._say(m, True))
        task.signals.cancelled.connect(lambda: self._say(tr("Comparison cancelled.")))
        return task if self.bar.run(task) else None

    def _show(self, runs: list[ScenarioRun]) -> None:
        self.runs = runs
        table, worse = compare_table(runs)
        self.model.set_compare(table, worse)
        self._say(tr("{n} lines; the worse value of each row in red").format(n=len(table.rows) - 1))
        self.compared.emit(runs)

    def _title(self) -> str:
        return tr("Scenarios side by side: {names}").format(names=", ".join(r.name or "" for r in
                                                                            self.runs))  # fmt: skip

    def _fit(self) -> None:
        """Columns as wide as their contents; when that leaves room, the numbers share it."""
        header, count = self.view.horizontalHeader(), self.model.columnCount()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        used = sum(header.sectionSizeFromContents(i).width() for i in range(count))
        if count and used < self.view.viewport().width():
            for section in range(2, count):
                header.setSectionResizeMode(section, QHeaderView.ResizeMode.Stretch)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
