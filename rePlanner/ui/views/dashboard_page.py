"""The dashboard: line x material heat map, top risks, policy calendar and quota history.

The heat map and the top risks run scenarios (a second or more), so they are computed in one
Task through the TaskBar with Cancel; the calendar and the quota chart are quick reads. Every
item emits `open_detail(kind, key)` for the main window to navigate:
("line_material", (line, element)), ("line", line), ("measure", code), ("quota", (year, kind)).

The tables' model and the calendar rows are in dashboard_model, the presentation of the
results (heat cells, top risks, quota chart) in dashboard_results.

services.dashboard brings the scenario engine (numpy and the scenario services, 0.15-0.3 s to
import): it is imported inside the tasks, on a worker thread, never at start-up on the GUI
thread. The calendar and the quotas are quick reads but need it too, so they load in a
small task of their own (not on the TaskBar: nothing to cancel, nothing to wait for).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from rePlanner.domain.errors import ReplannerError
from rePlanner.services.scenario import list_scenarios
from rePlanner.services.tables import TableData
from rePlanner.ui.views.dashboard_model import (
    ATTENTION,
    LEVELS,
    PAST,
    DashboardTableModel,
    calendar_table,
)
from rePlanner.ui.views.dashboard_results import DashboardResults
from rePlanner.ui.widgets.elided_label import ElidedLabel
from rePlanner.ui.widgets.heat_map import HeatMapWidget
from rePlanner.ui.widgets.quota_chart import BarChart
from rePlanner.ui.widgets.read_only_table import table_view
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task, start

if TYPE_CHECKING:  # the page hands the database to services; it never queries it
    from rePlanner.persistence.database import Database
    from rePlanner.services.dashboard import HeatMap, PolicyCalendar, QuotaPoint, TopRisks


def risk_overview(db: Database, days: float, scenario: str | None, progress: Any) -> Any:
    """The heat map and the top risks (a task: imports the engine on the worker)."""
    from rePlanner.services.dashboard import risk_overview as overview

    return overview(db, duration_days=days, scenario=scenario, progress=progress)


def quick_reads(db: Database) -> tuple[PolicyCalendar, list[QuotaPoint]]:
    """The policy calendar and the quota history (a task: imports services.dashboard)."""
    from rePlanner.services.dashboard import policy_calendar, quota_history

    return policy_calendar(db), quota_history(db)


__all__ = ["ATTENTION", "LEVELS", "PAST", "DashboardPage", "DashboardTableModel",
           "calendar_table"]  # fmt: skip


class DashboardPage(DashboardResults):
    title = "Dashboard"
    open_detail = Signal(str, object)
    results_ready = Signal()  # the heat map and the top risks are shown
    quick_ready = Signal()  # the calendar and the quota chart are shown (or their error)

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.heat: HeatMap | None = None
        self.risks: TopRisks | None = None
        self.calendar: PolicyCalendar | None = None
        self.quotas: list[QuotaPoint] = []
        self.task: Task | None = None
        self.quick_task: Task | None = None
        self._pending = False
        self._build()
        self._clear_results()
        self._load_quick()

    # --- building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.days = QSpinBox(self)
        self.days.setRange(1, 3650)
        self.days.setValue(90)
        self.days.setSuffix(self.tr(" days"))
        self.days.setToolTip(self.tr("How long China stops each material in the heat map"))
        self.scenario_box = QComboBox(self)
        self.scenario_box.setMinimumContentsLength(22)
        self.scenario_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)  # fmt: skip
        self.scenario_box.setToolTip(self.tr("The scenario whose lines at risk are listed"))
        self.run_button = QPushButton(self.tr("Recalculate"), self)
        self.run_button.setToolTip(self.tr("Run the heat map and the top risks again (F5)"))
        self.run_button.clicked.connect(self.recalculate)
        self.task_bar = TaskBar(self)
        self.task_bar.busy_changed.connect(self._on_busy)
        self.error_label = QLabel(self)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        self.heat_map = HeatMapWidget(self)
        self.heat_map.cell_clicked.connect(
            lambda line, el: self.open_detail.emit("line_material", (line, el)))  # fmt: skip
        self.heat_map.set_legend([("bad", self.tr("stops (TTS < TTR)")),
                                  ("warn", self.tr("close (TTS < 1.25 × TTR)")),
                                  ("good", self.tr("survives"))])  # fmt: skip
        self._build_tables()
        self.chart = BarChart(self)
        self.chart.bar_clicked.connect(
            lambda year, kind: self.open_detail.emit("quota", (int(year), kind)))  # fmt: skip
        self._build_layout()

    def _build_tables(self) -> None:
        self.risk_model = DashboardTableModel(self)  # in the service's order: worst first
        self.risk_view = table_view(self, self.risk_model)
        self.risk_model.set_titles(self.risk_titles())
        self.risk_view.activated.connect(self._on_risk_activated)
        self.risk_summary = ElidedLabel(self)  # one line whatever the width; tooltip: all
        self.calendar_model = DashboardTableModel(self)
        self.calendar_view = table_view(self, self.calendar_model)
        self.calendar_view.clicked.connect(self._on_calendar_clicked)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.calendar_view)
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        enter.activated.connect(
            lambda: self._on_calendar_clicked(self.calendar_view.currentIndex()))  # fmt: skip

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Heat map: stop of"), self))
        top.addWidget(self.days)
        top.addSpacing(12)
        top.addWidget(QLabel(self.tr("Top risks of"), self))
        top.addWidget(self.scenario_box, 1)
        top.addWidget(self.run_button)
        top.addStretch()
        self.heat_box = self._panel(self.tr("Survival vs recovery"), self.heat_map)
        self.risk_box = self._panel(self.tr("Top risks"), self.risk_summary, self.risk_view)
        self.calendar_box = self._panel(self.tr("Measures in force and dates"),
                                        self.calendar_view)  # fmt: skip
        self.quota_box = self._panel(self.tr("China's rare-earth quotas"), self.chart)
        # each row splits on its own: the heat map needs width, the calendar's titles too
        self.top_split = self._split(Qt.Orientation.Horizontal, self.heat_box, self.risk_box)
        self.bottom_split = self._split(Qt.Orientation.Horizontal, self.calendar_box,
                                        self.quota_box)  # fmt: skip
        self.rows_split = self._split(Qt.Orientation.Vertical, self.top_split, self.bottom_split)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.task_bar)  # its own row: a long task text never widens the page
        layout.addWidget(self.error_label)
        layout.addWidget(self.rows_split, 1)

    # --- page contract ---------------------------------------------------------------------

    def set_database(self, db: Database) -> None:
        """Another database: forget the results (a running task's are ignored) and reload."""
        self.db = db
        self.task = None
        self.task_bar.cancel()
        self._clear_results()
        self.calendar, self.quotas = None, []
        self.calendar_model.set_rows(TableData([]))
        self.chart.show_message("")
        self.refresh()

    def refresh(self) -> None:
        self._load_quick()
        self.recalculate()

    def recalculate(self) -> None:
        """Run the heat map and the top risks in the background (after the running one)."""
        if self.task_bar.busy:
            self._pending = True
            return
        db, days, scenario = self.db, float(self.days.value()), self.scenario_box.currentData()
        task = Task(lambda p: risk_overview(db, days, scenario, p),
                    self.tr("Calculating the heat map and the top risks…"))  # fmt: skip
        task.signals.finished.connect(lambda result: self._on_finished(task, result))
        task.signals.failed.connect(lambda message: self._on_failed(task, message))
        self.task = task
        self.error_label.hide()
        self.task_bar.run(task)

    # --- quick reads -----------------------------------------------------------------------

    def _load_quick(self) -> None:
        """The scenario names now (the choice must be there at once), the calendar and the
        quotas in a small task (the newest one wins)."""
        try:
            names = [s.name for s in list_scenarios(self.db)]
        except ReplannerError as exc:
            self._show_error(str(exc))
            return
        self._fill_scenarios(names)
        db = self.db
        task = Task(lambda _p: quick_reads(db), self.tr("Reading the policy calendar…"))
        task.signals.finished.connect(lambda result: self._on_quick(task, result))
        task.signals.failed.connect(lambda message: self._on_quick_failed(task, message))
        self.quick_task = start(task)

    def _on_quick(self, task: Task, result: tuple[PolicyCalendar, list[QuotaPoint]]) -> None:
        if task is not self.quick_task:
            return  # an older read, or one of a database no longer open
        self.calendar, self.quotas = result
        self._show_calendar(self.calendar)
        self._show_quotas(self.quotas)
        self.quick_ready.emit()

    def _on_quick_failed(self, task: Task, message: str) -> None:
        if task is self.quick_task:
            self._show_error(message)
            self.quick_ready.emit()

    def _fill_scenarios(self, names: list[str]) -> None:
        chosen = self.scenario_box.currentData()
        self.scenario_box.clear()
        self.scenario_box.addItem(self.tr("Default: licence measures in force today"), None)
        for name in names:
            self.scenario_box.addItem(name, name)
        at = self.scenario_box.findData(chosen)
        self.scenario_box.setCurrentIndex(max(0, at))

    def _show_calendar(self, cal: PolicyCalendar) -> None:
        self.calendar_box.setTitle(self.tr("Measures in force and dates (as of {day})").format(
            day=cal.on.isoformat()))  # fmt: skip
        self.calendar_model.set_rows(*calendar_table(self, cal))
        self._fit(self.calendar_view, stretch=4)

    # --- results ---------------------------------------------------------------------------

    def _clear_results(self) -> None:
        self.heat, self.risks = None, None
        self.heat_map.show_message(self.tr("Press F5 or Recalculate to run the heat map"))
        self.risk_model.set_rows(TableData([]))
        self.risk_summary.setText("")

    def _on_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy)
        if not busy and self._pending:
            self._pending = False
            self.recalculate()

    def _on_finished(self, task: Task, result: tuple[HeatMap, TopRisks]) -> None:
        if task is not self.task:
            return  # started on a database no longer open
        self.heat, self.risks = result
        self._show_heat(self.heat)
        self._show_risks(self.risks)
        self.results_ready.emit()

    def _on_failed(self, task: Task, message: str) -> None:
        if task is self.task:
            self._show_error(message)

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    # --- navigation ------------------------------------------------------------------------

    def _on_risk_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_detail.emit("line", self.risk_model.table().rows[index.row()][0])

    def _on_calendar_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        table = self.calendar_model.table()
        self.open_detail.emit("measure", table.rows[index.row()][table.column_index("code")])
