"""Per-line run tables of the scenario page: one run (`results_table`), a Monte Carlo
(`montecarlo_table`), 2-4 saved scenarios side by side (`ComparePanel`), and the "Export to
Excel…" button every table of the page has.

Side by side: the chosen scenarios run in ONE background task, without storing a result (a
comparison is a look, not a run to keep). One row per line, then a total row; per metric the
scenarios' columns sit next to each other, and the worse value of a row (the larger loss; an
unknown loss over an open-ended recovery counts as the largest) is highlighted red-ish.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFileDialog,
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

from rePlanner.domain.errors import ReplannerError
from rePlanner.domain.progress import check
from rePlanner.services.tables import Column, TableData
from rePlanner.ui.models.record_table_model import AnyIndex
from rePlanner.ui.views.scenario_editor import ERROR_STYLE, RISK_BACKGROUND, FlaggedTableModel, tr
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task

if TYPE_CHECKING:  # the page hands the database to services; it never queries it
    from rePlanner.persistence.database import Database
    from rePlanner.services.scenario_run import ScenarioRun

MIN_SCENARIOS, MAX_SCENARIOS = 2, 4
HEADER_WIDTH = 14  # characters of a scenario name per header line
RESULT_COLUMNS = [
    Column("line", "Line"),
    Column("plant", "Plant"),
    Column("tts_days", "TTS days", "number",
           "Time to survive: days the line keeps building on stock and unaffected supply"),
    Column("ttr_days", "TTR days", "number",
           "Time to recover: days until supply is back (ban, licence wait, alternatives)"),
    Column("shutdown_days", "Shutdown days", "number", "Days the line stands still: TTR − TTS"),
    Column("lost_vehicles", "Lost vehicles", "int", "Vehicles not built during the shutdown"),
    Column("lost_margin", "Lost margin", "int", "Margin of the vehicles not built"),
    Column("risk", "Risk", "text", "At risk: the line runs short before supply recovers"),
]  # fmt: skip
COMPARED = ("shutdown_days", "lost_vehicles", "lost_margin")


MC_COLUMNS = [
    Column("line", "Line"),
    Column("plant", "Plant"),
    Column("p_shutdown", "P(shutdown)", "share", "Share of the draws in which the line stops"),
    Column("lost_vehicles_p50", "Vehicles P50", "int", "Lost vehicles: median over the draws"),
    Column("lost_vehicles_p90", "Vehicles P90", "int", "Lost vehicles: exceeded in one draw in ten"),
    Column("lost_margin_p50", "Margin P50", "int", "Lost margin: median over the draws"),
    Column("lost_margin_p90", "Margin P90", "int", "Lost margin: exceeded in one draw in ten"),
    Column("lost_margin_mean", "Margin mean", "int", "Lost margin: average over the draws"),
]  # fmt: skip


MC_MEASURES = [("lost_margin", "Lost margin"), ("shutdown_days", "Shutdown days"),
               ("lost_vehicles", "Lost vehicles")]  # fmt: skip


def whole(v: float | None) -> int | None:
    return None if v is None else round(v)


def montecarlo_table(lines: list[dict[str, Any]]) -> tuple[TableData, list[bool | None]]:
    ints = [c.key for c in MC_COLUMNS if c.kind == "int"]
    rows = [(x["line"] or x["node"], x["plant"], x["p_shutdown"], *(whole(x[k]) for k in ints))
            for x in lines]  # fmt: skip
    flags: list[bool | None] = [(x["p_shutdown"] or 0) > 0 for x in lines]
    return TableData(MC_COLUMNS, rows, list(range(len(rows)))), flags


def result_blanks() -> dict[str, tuple[str, str]]:
    return {
        "tts_days": (tr("never"), tr("Infinite: this line never runs short in this scenario")),
        "ttr_days": (tr("never"), tr("Open-ended: nothing in this scenario ends the disruption")),
    }


def results_table(run: ScenarioRun) -> tuple[TableData, list[bool | None]]:
    rows: list[tuple[Any, ...]] = []
    flags: list[bool | None] = []
    for x in run.results.get("lines", []):
        risk = tr("At risk") if x["at_risk"] else tr("No impact") if x["no_impact"] else tr("Safe")
        rows.append((x["line"], x["plant"], x["tts_days"], x["ttr_days"], x["shutdown_days"],
                     whole(x["lost_vehicles"]), whole(x["lost_margin"]), risk))  # fmt: skip
        flags.append(bool(x["at_risk"]))
    return TableData(RESULT_COLUMNS, rows, list(range(len(rows)))), flags


# --- side by side ---------------------------------------------------------------------------


def compare_table(runs: list[ScenarioRun]) -> tuple[TableData, set[tuple[int, int]]]:
    """Rows: every line of any run, then "Total"; columns: line, plant, then per metric one
    column per run. Returns the table and the (row, column) cells holding a row's worse value."""
    metrics = {c.key: c for c in RESULT_COLUMNS if c.key in COMPARED}
    columns = [RESULT_COLUMNS[0], RESULT_COLUMNS[1]]
    for key in COMPARED:
        columns += [Column(f"{key}:{i}", f"{tr(metrics[key].title)}\n{_wrap(run.name or '')}",
                           metrics[key].kind, f"{run.name}: {tr(metrics[key].tip)}")
                    for i, run in enumerate(runs)]  # fmt: skip
    by_run = [{x["node"]: x for x in run.results.get("lines", [])} for run in runs]
    nodes: dict[str, tuple[str, str]] = {}
    for run in runs:
        for x in run.results.get("lines", []):
            nodes.setdefault(x["node"], (x["line"], x["plant"]))
    rows = [(line, plant, *_values(by_run, node)) for node, (line, plant) in nodes.items()]
    rows.append((tr("Total"), "", *(_total(rows, k) for k in range(2, len(columns)))))
    worse = {
        (r, 2 + k * len(runs) + i)
        for r, row in enumerate(rows)
        for k in range(len(COMPARED))
        for i in _worst(row[2 + k * len(runs) :][: len(runs)])
    }
    return TableData(columns, rows, [*range(len(rows) - 1), -1]), worse  # fmt: skip


def _wrap(name: str) -> str:
    """A scenario name on at most two header lines, so that six or more columns fit."""
    lines = textwrap.wrap(name, HEADER_WIDTH) or [""]
    return "\n".join([lines[0], " ".join(lines[1:])] if len(lines) > 1 else lines)


def _values(by_run: list[dict[str, dict[str, Any]]], node: str) -> list[Any]:
    out: list[Any] = []
    for key in COMPARED:
        for lines in by_run:
            v = lines[node][key] if node in lines else None
            out.append(v if key == "shutdown_days" else whole(v))
    return out


def _total(rows: list[tuple[Any, ...]], k: int) -> Any:
    """A column's sum; unknown (None) when any line's value is unknown."""
    values = [row[k] for row in rows]
    return None if any(v is None for v in values) else sum(values)


def _worst(values: tuple[Any, ...]) -> list[int]:
    """Indices holding the largest value, when the values differ; None counts as infinite."""
    keys = [math.inf if v is None else float(v) for v in values]
    if len(keys) < 2 or max(keys) - min(keys) <= 1e-9 * max(1.0, abs(min(keys))):
        return []
    return [i for i, k in enumerate(keys) if k == max(keys)]


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


# --- export ---------------------------------------------------------------------------------


def _report(label: QLabel, text: str, error: bool) -> None:
    """An export's outcome in the caller's label, red when it failed."""
    label.setText(text)
    label.setStyleSheet(ERROR_STYLE if error else "")


class ExportButton(QPushButton):
    """ "Export to Excel…" for a table view over a FlaggedTableModel (directly or through a
    sort proxy): the rows in the order shown, row colours, the words shown for blanks.
    `done(message, is_error)` says what happened; enabled while the table has rows."""

    done = Signal(str, bool)

    def __init__(
        self, view: QTableView, sheet: str, title: Callable[[], str], parent: QWidget,
        report: QLabel | None = None,
    ) -> None:  # fmt: skip
        super().__init__(tr("Export to Excel…"), parent)
        self.view, self.sheet, self.title = view, sheet, title
        self.dialog: QFileDialog | None = None
        self.setToolTip(tr("Save this table as an Excel workbook"))
        self.clicked.connect(self.ask)
        self.source().modelReset.connect(lambda: self.setEnabled(self.source().rowCount() > 0))
        self.setEnabled(False)
        if report is not None:
            self.done.connect(lambda text, error: _report(report, text, error))

    def source(self) -> FlaggedTableModel:
        model = self.view.model()
        if isinstance(model, QSortFilterProxyModel):
            model = model.sourceModel()
        assert isinstance(model, FlaggedTableModel)
        return model

    def ask(self) -> None:
        dialog = QFileDialog(self, tr("Export to Excel"), "", tr("Excel workbook (*.xlsx)"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.fileSelected.connect(self.export_to)
        dialog.open()
        self.dialog = dialog

    def shown_rows(self) -> list[int]:
        """Source rows in the order the view shows them (sorted by a header click or not)."""
        model = self.view.model()
        if not isinstance(model, QSortFilterProxyModel):
            return list(range(model.rowCount()))
        return [model.mapToSource(model.index(r, 0)).row() for r in range(model.rowCount())]

    def export_to(self, path: str) -> bool:
        from rePlanner.services.table_export import write_table

        source, order = self.source(), self.shown_rows()
        table = source.table()
        shown = TableData(table.columns, [table.rows[r] for r in order],
                          [table.keys[r] for r in order] if table.keys else [])  # fmt: skip
        try:
            written = write_table(shown, path, title=self.title(), sheet=self.sheet,
                                  blanks=source.blank_words(),
                                  flags=[source.flag(r) for r in order])  # fmt: skip
        except ReplannerError as exc:
            self.done.emit(str(exc), True)
            return False
        self.done.emit(tr("Exported to {path}").format(path=str(written)), False)
        return True
