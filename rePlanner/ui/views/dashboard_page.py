"""The dashboard: line x material heat map, top risks, policy calendar and quota history.

The heat map and the top risks run scenarios (a second or more), so they are computed in one
Task through the TaskBar with Cancel; the calendar and the quota chart are quick reads. Every
item emits `open_detail(kind, key)` for the main window to navigate:
("line_material", (line, element)), ("line", line), ("measure", code), ("quota", (year, kind)).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rePlanner.domain.errors import ReplannerError
from rePlanner.services.dashboard import (
    HeatCell,
    HeatMap,
    PolicyCalendar,
    QuotaPoint,
    Risk,
    TopRisks,
    policy_calendar,
    quota_history,
    risk_overview,
    risks_table,
)
from rePlanner.services.scenario import list_scenarios
from rePlanner.services.tables import Column, TableData
from rePlanner.ui.models.formatting import format_number
from rePlanner.ui.models.record_table_model import RecordTableModel
from rePlanner.ui.widgets.heat_map import FILLS, INK, HeatItem, HeatLevel, HeatMapWidget
from rePlanner.ui.widgets.quota_chart import BarChart, BarValue
from rePlanner.ui.widgets.read_only_table import table_view
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task

if TYPE_CHECKING:  # the page hands the database to services; it never queries it
    from rePlanner.persistence.database import Database

LEVELS: dict[str, HeatLevel] = {"shutdown": "bad", "close": "warn", "ok": "good"}
ATTENTION = QColor(176, 80, 0)  # as lapsed suspensions in the policy table
PAST = QColor(128, 128, 128)  # mid grey: readable on light and dark palettes
AnyIndex = QModelIndex | QPersistentModelIndex


class DashboardTableModel(RecordTableModel):
    """Record rows plus: infinity shown as ∞, a text colour per row (bold when it needs
    attention), a tooltip per row and cells filled red where a line stops."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.colours: dict[int, QColor] = {}
        self.tips: dict[int, str] = {}
        self.stops: set[tuple[int, int]] = set()

    def set_rows(self, table: TableData, colours: dict[int, QColor] | None = None,
                 tips: dict[int, str] | None = None,
                 stops: set[tuple[int, int]] | None = None) -> None:  # fmt: skip
        self.colours, self.tips, self.stops = colours or {}, tips or {}, stops or set()
        self.set_table(table)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        base = super().data(index, role)
        if not index.isValid() or index.row() >= len(self.table().rows):
            return base
        row, col = index.row(), index.column()
        value = self.table().rows[row][col]
        infinite = isinstance(value, float) and math.isinf(value)
        if role == Qt.ItemDataRole.DisplayRole and infinite:
            return "∞"
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tips.get(row) or (self.tr("open-ended") if infinite else base)
        if (row, col) in self.stops:
            if role == Qt.ItemDataRole.BackgroundRole:
                return FILLS["bad"]
            if role == Qt.ItemDataRole.ForegroundRole:
                return INK
        colour = self.colours.get(row)
        if colour is not None and role == Qt.ItemDataRole.ForegroundRole:
            return colour
        if colour == ATTENTION and role == Qt.ItemDataRole.FontRole:
            return self._bold
        return base


class DashboardPage(QWidget):
    title = "Dashboard"
    open_detail = Signal(str, object)
    results_ready = Signal()  # the heat map and the top risks are shown

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.heat: HeatMap | None = None
        self.risks: TopRisks | None = None
        self.calendar: PolicyCalendar | None = None
        self.quotas: list[QuotaPoint] = []
        self.task: Task | None = None
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
        self.risk_view.activated.connect(self._on_risk_activated)
        self.risk_summary = QLabel(self)
        self.risk_summary.setWordWrap(True)
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
        grid = QGridLayout()
        grid.addWidget(self.heat_box, 0, 0)
        grid.addWidget(self.risk_box, 0, 1)
        grid.addWidget(self.calendar_box, 1, 0)
        grid.addWidget(self.quota_box, 1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        grid.setColumnStretch(0, 5)  # the heat map needs a column per material
        grid.setColumnStretch(1, 4)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.task_bar)  # its own row: a long task text never widens the page
        layout.addWidget(self.error_label)
        layout.addLayout(grid, 1)

    def _panel(self, title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        for w in widgets:
            layout.addWidget(w, 0 if isinstance(w, QLabel) else 1)
        return box

    # --- page contract ---------------------------------------------------------------------

    def set_database(self, db: Database) -> None:
        """Another database: forget the results (a running task's are ignored) and reload."""
        self.db = db
        self.task = None
        self.task_bar.cancel()
        self._clear_results()
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
        task = Task(lambda p: risk_overview(db, duration_days=days, scenario=scenario,
                                            progress=p),
                    self.tr("Calculating the heat map and the top risks…"))  # fmt: skip
        task.signals.finished.connect(lambda result: self._on_finished(task, result))
        task.signals.failed.connect(lambda message: self._on_failed(task, message))
        self.task = task
        self.error_label.hide()
        self.task_bar.run(task)

    # --- quick reads -----------------------------------------------------------------------

    def _load_quick(self) -> None:
        try:
            names = [s.name for s in list_scenarios(self.db)]
            self.calendar = policy_calendar(self.db)
            self.quotas = quota_history(self.db)
        except ReplannerError as exc:
            self._show_error(str(exc))
            return
        self._fill_scenarios(names)
        self._show_calendar(self.calendar)
        self._show_quotas(self.quotas)

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

    def _show_quotas(self, points: list[QuotaPoint]) -> None:
        if not any(p.tonnes is not None for p in points):
            self.chart.show_message(self.tr("No quota figures in this database"))
            return
        labels = {"mining": self.tr("Mining"), "smelting_separation": self.tr("Separation")}
        kinds = sorted({p.kind for p in points}, key=lambda k: (k not in labels, k))
        bars = {(str(p.year), p.kind): BarValue(p.tonnes, _uncertain(p), self._quota_tip(p))
                for p in points}  # fmt: skip
        self.chart.set_data(sorted({str(p.year) for p in points}),
                            [(k, labels.get(k, k)) for k in kinds], bars,
                            axis_title=self.tr("thousand tonnes REO per year"), scale=1000.0,
                            hatch_label=self.tr("derived or incomplete"),
                            missing_label=self.tr("not published"))  # fmt: skip

    def _quota_tip(self, p: QuotaPoint) -> str:
        basis = {"annual": self.tr("annual total"), "batches": self.tr("sum of batches"),
                 "not published": self.tr("not published")}[p.basis]  # fmt: skip
        value = self.tr("not published") if p.tonnes is None else self.tr("{t} t").format(
            t=self.locale().toString(float(p.tonnes), "f", 0))  # fmt: skip
        lines = [f"<b>{p.year} · {p.kind.replace('_', ' & ')}</b>", f"{value} ({basis})",
                 self.tr("Confidence: {c}").format(c=p.confidence or "?")]  # fmt: skip
        if p.partial:
            lines.append(self.tr("Some batches were not published: at least this much"))
        return "<br>".join(lines)

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

    def _show_heat(self, heat: HeatMap) -> None:
        days = self.tr("open-ended") if heat.duration_days is None else self.tr("{d} days").format(
            d=format_number(self.locale(), heat.duration_days))  # fmt: skip
        self.heat_box.setTitle(self.tr("Survival vs recovery: each material stopped from China "
                                       "for {days}").format(days=days))  # fmt: skip
        if not heat.lines or not heat.elements:
            self.heat_map.show_message(self.tr("No production line with a BOM that contains "
                                               "a material: nothing to map"))  # fmt: skip
            return
        items = {key: HeatItem(self._cell_text(c), self._cell_tip(c), LEVELS[c.level])
                 for key, c in heat.cells.items()}  # fmt: skip
        self.heat_map.set_grid(heat.lines, heat.elements, items)

    def _cell_text(self, c: HeatCell) -> str:
        if c.level != "shutdown":
            return self.tr("ok")
        if c.shutdown_days is None:
            return "∞"
        if c.shutdown_days < 1:
            return self.tr("<1 d")
        return self.tr("{d} d").format(d=self.locale().toString(round(c.shutdown_days)))

    def _cell_tip(self, c: HeatCell) -> str:
        loc = self.locale()

        def num(v: float | None, none: str) -> str:
            return none if v is None else format_number(loc, v)

        rows = [f"<b>{c.line} · {c.element}</b>",
                self.tr("Survives (TTS): {v} d").format(v=num(c.tts_days, "∞")) if c.tts_days
                is not None else self.tr("Survives (TTS): never runs short"),
                self.tr("Recovers (TTR): {v} d").format(v=num(c.ttr_days, "∞")),
                self.tr("TTS / TTR: {v}").format(v=num(c.ratio, "–")),
                self.tr("Shutdown: {v} d").format(v=num(c.shutdown_days, "∞")),
                self.tr("Lost vehicles: {v}").format(v=num(c.lost_vehicles, "?")),
                self.tr("Lost margin: {v}").format(v=num(c.lost_margin, "?"))]  # fmt: skip
        if c.binding:
            rows.append(self.tr("Runs out first: {b}").format(b=c.binding))
        return "<br>".join(rows)

    def _show_risks(self, top: TopRisks) -> None:
        table = risks_table(top)
        col = table.column_index("shutdown_days")
        stops = {(i, col) for i, row in enumerate(table.rows) if row[col] > 0}
        tips = {i: self._risk_tip(r) for i, r in enumerate(top.risks)}
        self.risk_model.set_rows(table, tips=tips, stops=stops)
        self.risk_view.setColumnHidden(table.column_index("plant"), True)  # in the tooltip
        self._fit(self.risk_view, stretch=7)
        text = self.tr("{n} of {total} lines at risk under {scenario}") if top.at_risk else self.tr(
            "No line at risk (of {total}) under {scenario}")  # fmt: skip
        self.risk_summary.setText(text.format(n=top.at_risk, total=top.lines,
                                              scenario=top.scenario))  # fmt: skip

    def _risk_tip(self, r: Risk) -> str:
        loc = self.locale()
        tts = "∞" if r.tts_days is None else format_number(loc, r.tts_days)
        ttr = "∞" if r.ttr_days is None else format_number(loc, r.ttr_days)
        return "<br>".join([
            f"<b>{r.line}</b> ({r.plant or '?'})",
            self.tr("Runs {tts} d on stock; supply is back after {ttr} d").format(tts=tts, ttr=ttr),
            self.tr("Runs out first: {b}").format(b=r.binding or "?"),
            self.tr("Double-click for the line's details"),
        ])  # fmt: skip

    def _fit(self, view: QTableView, stretch: int) -> None:
        """Columns fitted to their contents; the long text column takes what is left (elided,
        the tooltip has it all), so the panel needs no horizontal scrolling."""
        view.resizeColumnsToContents()
        header = view.horizontalHeader()
        for i in range(header.count()):
            if i != stretch:
                header.resizeSection(i, min(header.sectionSize(i), 140))
        if stretch < header.count():
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
            header.setMinimumSectionSize(40)

    # --- navigation ------------------------------------------------------------------------

    def _on_risk_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_detail.emit("line", self.risk_model.table().rows[index.row()][0])

    def _on_calendar_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        table = self.calendar_model.table()
        self.open_detail.emit("measure", table.rows[index.row()][table.column_index("code")])


CALENDAR_COLUMNS = [
    Column("day", "Date", "date"),
    Column("when", "When"),
    Column("what", "Event"),
    Column("code", "Code"),
    Column("title", "Title"),
]


def calendar_table(
    page: QWidget, cal: PolicyCalendar
) -> tuple[TableData, dict[int, QColor], dict[int, str]]:
    """Dated events first (recent ones greyed, then upcoming), then the measures in force,
    lapsed suspensions first and in bold orange (check for an extension)."""
    tr = page.tr
    words = {"takes_effect": tr("Takes effect"), "suspension_starts": tr("Suspension starts"),
             "suspension_ends": tr("Suspension ends"), "ends": tr("Ends")}  # fmt: skip
    data, colours, tips = TableData(CALENDAR_COLUMNS, on=cal.on), {}, {}
    for e in cal.events:
        when = tr("today") if e.days_away == 0 else (
            tr("in {n} d") if e.days_away > 0 else tr("{n} d ago")).format(n=abs(e.days_away))  # fmt: skip
        if e.days_away < 0:
            colours[len(data.rows)] = PAST
        last = tr("<br>The date is the last day.") if e.kind in ("suspension_ends", "ends") else ""
        tips[len(data.rows)] = f"<b>{e.code}</b> {e.title}{last}<br>{e.source_url or ''}"
        data.rows.append((e.day, when, words[e.kind], e.code, e.title))
        data.keys.append(e.measure_id)
    for m in cal.in_force:
        lapsed = m.state == "suspension_lapsed"
        if lapsed:
            colours[len(data.rows)] = ATTENTION
        what = tr("Lapsed: check") if lapsed else tr("In force")
        note = tr("<br>The suspension has ended: it applies again unless it was extended.")
        tips[len(data.rows)] = (f"<b>{m.code}</b> {m.title}{note if lapsed else ''}"
                                f"<br>{m.source_url or ''}")  # fmt: skip
        data.rows.append((m.since, tr("since") if m.since else "", what, m.code, m.title))
        data.keys.append(m.measure_id)
    return data, colours, tips


def _uncertain(p: QuotaPoint) -> bool:
    return p.partial or (p.confidence or "confirmed") != "confirmed"
