"""What-if tables (one or two inputs against one output), their Excel export, and goal seek.

The Monte Carlo panel is in montecarlo_panel (re-exported here, its home before the split)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rePlanner.domain.errors import ReplannerError
from rePlanner.services.tables import Column, TableData
from rePlanner.services.whatif import METRICS, PARAMS, GoalSeek, WhatIfTable
from rePlanner.ui.views.montecarlo_panel import MonteCarloPanel, hbox
from rePlanner.ui.views.scenario_editor import (
    ERROR_STYLE,
    FlaggedTableModel,
    parse_number,
    tr,
)
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task

if TYPE_CHECKING:  # the page hands the database to services; it never queries it
    from rePlanner.persistence.database import Database

MAX_VALUES = 200


METRIC_LABELS = {
    "shutdown_days": "Shutdown days",
    "lost_vehicles": "Lost vehicles",
    "lost_margin": "Lost margin",
    "added_lost_vehicles": "Added lost vehicles",
    "added_lost_margin": "Added lost margin",
    "tts_days": "Time to survive (days)",
    "ttr_days": "Time to recover (days)",
}


def parse_values(text: str, locale: Any) -> list[float]:
    """Values typed as "0, 30, 60" (";" also separates; with a decimal comma use ";" or
    spaces)."""
    sep = r"[;\s]+" if locale.decimalPoint() == "," else r"[;,\s]+"
    parts = [p for p in re.split(sep, text.strip()) if p]
    if not parts:
        raise ValueError(tr("type at least one value"))
    if len(parts) > MAX_VALUES:
        raise ValueError(tr("at most {n} values").format(n=MAX_VALUES))
    return [parse_number(locale, p) for p in parts]


def grid_table(t: WhatIfTable) -> TableData:
    """Rows = the row input's values; columns = the column input's values (or the metric)."""
    row_title = PARAMS[t.row_param].label
    columns = [Column("row", row_title, "number", tr("Value of the input down the rows"))]
    if t.col_param:
        label = PARAMS[t.col_param].label
        columns += [
            Column(f"c{k}", f"{label} = {v:g}", "number", METRIC_LABELS.get(t.metric, t.metric))
            for k, v in enumerate(t.col_values)
        ]
    else:
        columns.append(Column("c0", METRIC_LABELS.get(t.metric, t.metric), "number"))
    rows = [(r, *cells) for r, cells in zip(t.row_values, t.cells, strict=True)]
    return TableData(columns, rows, list(range(len(rows))))


def seek_text(found: GoalSeek) -> str:
    r, label = found.result, PARAMS[found.param].label
    line = found.line.split(" / ")[-1]
    if not r.reachable or r.value is None:
        return tr("{line}: {param}: {message}").format(line=line, param=label, message=r.message)
    side = tr("at least") if r.good_end == "hi" else tr("at most")
    return tr("{line}: no shutdown with {param} {side} {value:g} ({message})").format(
        line=line, param=label, side=side, value=r.value, message=r.message
    )


class WhatIfPanel(QWidget):
    """What-if grid and goal seek on the page's selected (saved) scenario."""

    def __init__(self, db: Database, bar: TaskBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bar = db, bar
        self.scenario: str | None = None
        self.table: WhatIfTable | None = None
        self.inputs: dict[str, Any] | None = None
        self.model = FlaggedTableModel(self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.setAlternatingRowColors(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self._build_inputs()
        self._build_seek()
        layout = QVBoxLayout(self)
        layout.addWidget(self.grid_box)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.seek_box)

    def _params(self, none: bool = False) -> QComboBox:
        box = QComboBox(self)
        if none:
            box.addItem(tr("(none)"), None)
        for p in PARAMS.values():
            box.addItem(p.label, p.name)
        return box

    def _build_inputs(self) -> None:
        self.param1, self.param2 = self._params(), self._params(none=True)
        self.values1, self.values2 = QLineEdit(self), QLineEdit(self)
        for edit, example in ((self.values1, "0, 30, 60, 90"), (self.values2, "20, 45, 90")):
            edit.setPlaceholderText(tr("values, e.g. {example}").format(example=example))
        self.values2.setEnabled(False)
        self.param2.currentIndexChanged.connect(
            lambda _i: self.values2.setEnabled(self.param2.currentData() is not None)
        )
        self.metric_box = QComboBox(self)
        for name in METRICS:
            self.metric_box.addItem(tr(METRIC_LABELS.get(name, name)), name)
        self.line = QComboBox(self)
        for edit in (self.values1, self.values2):
            edit.setMinimumWidth(220)
        self.values_error = QLabel(self)
        self.values_error.setStyleSheet(ERROR_STYLE)
        self.compute_button = QPushButton(tr("Compute table"), self)
        self.compute_button.clicked.connect(self.compute)
        self.export_button = QPushButton(tr("Export to Excel…"), self)
        self.export_button.setEnabled(False)
        self.export_button.clicked.connect(self._ask_export_path)
        self.grid_box = QGroupBox(tr("What-if table"), self)
        form = QFormLayout(self.grid_box)
        form.addRow(tr("Rows: input"), hbox(self.param1, self.values1))
        form.addRow(tr("Columns: input"), hbox(self.param2, self.values2))
        form.addRow(tr("Output"), hbox(self.metric_box, QLabel(tr("for")), self.line))
        form.addRow("", hbox(self.compute_button, self.export_button, self.values_error))

    def _build_seek(self) -> None:
        self.seek_line, self.seek_param = QComboBox(self), self._params()
        for box in (self.line, self.seek_line):  # line names arrive after construction
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.seek_button = QPushButton(tr("Find threshold"), self)
        self.seek_button.setToolTip(tr("The value of the input at which the line has no shutdown"))
        self.seek_button.clicked.connect(self.seek)
        self.seek_result = QLabel(self)
        self.seek_result.setWordWrap(True)
        self.seek_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.seek_box = QGroupBox(tr("Goal seek: no shutdown"), self)
        form = QFormLayout(self.seek_box)
        form.addRow(tr("Line and input"), hbox(self.seek_line, self.seek_param, self.seek_button))
        form.addRow(tr("Threshold"), self.seek_result)

    # --- state -----------------------------------------------------------------------------

    def set_scenario(self, db: Database, name: str | None, lines: list[str]) -> None:
        changed = name != self.scenario or db is not self.db
        self.db, self.scenario = db, name
        for box, first in ((self.line, tr("all lines")), (self.seek_line, None)):
            current = box.currentData()
            box.clear()
            if first:
                box.addItem(first, None)
            for line in lines:
                box.addItem(line, line)
            box.setCurrentIndex(max(0, box.findData(current)))
        if changed:
            self.clear()

    def clear(self) -> None:
        self.table = None
        self.model.set_flagged(TableData([]), [])
        self.export_button.setEnabled(False)
        self.message.clear()
        self.seek_result.clear()
        self.values_error.clear()

    def set_busy(self, busy: bool) -> None:
        ready = not busy and self.scenario is not None
        self.compute_button.setEnabled(ready)
        self.seek_button.setEnabled(ready and self.seek_line.count() > 0)

    # --- what-if ---------------------------------------------------------------------------

    def vary(self) -> list[tuple[str, list[float]]]:
        """The inputs and values typed; ValueError with the reason shown to the user."""
        out = [(str(self.param1.currentData()), parse_values(self.values1.text(), self.locale()))]
        second = self.param2.currentData()
        if second is not None:
            if second == out[0][0]:
                raise ValueError(tr("choose two different inputs"))
            out.append((str(second), parse_values(self.values2.text(), self.locale())))
        return out

    def compute(self) -> Task | None:
        try:
            vary = self.vary()
        except ValueError as exc:
            self.values_error.setText(str(exc))
            return None
        self.values_error.clear()
        db, name = self.db, str(self.scenario)
        metric, line = str(self.metric_box.currentData()), self.line.currentData()
        task = Task(lambda p: _what_if(db, name, vary, metric, line, p),
                    tr("Computing the what-if table…"))  # fmt: skip
        task.signals.finished.connect(self._show_table)
        task.signals.failed.connect(self._show_error)
        return task if self.bar.run(task) else None

    def _show_table(self, result: tuple[WhatIfTable, dict[str, Any]]) -> None:
        table, self.inputs = result
        self.table = table
        never = (tr("never"), tr("Infinite: never runs short, or an open-ended recovery"))
        blanks = {f"c{k}": never for k in range(max(1, len(table.col_values)))}
        self.model.set_flagged(grid_table(table), [None] * len(table.cells), blanks)
        self.view.resizeColumnsToContents()
        self.export_button.setEnabled(True)
        runs = len(table.cells) * max(1, len(table.col_values))
        self.message.setStyleSheet("")
        self.message.setText(tr("{n} runs in {s:.2f} s").format(n=runs, s=table.seconds))

    def _show_error(self, message: str) -> None:
        self.message.setText(message)
        self.message.setStyleSheet(ERROR_STYLE)

    def _ask_export_path(self) -> None:
        dialog = QFileDialog(
            self, tr("Export the what-if table"), "", tr("Excel workbook (*.xlsx)")
        )
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setDefaultSuffix("xlsx")
        dialog.fileSelected.connect(self.export_to)
        dialog.open()
        self.export_dialog = dialog

    def export_to(self, path: str) -> bool:
        from rePlanner.services.whatif_export import write_xlsx

        if self.table is None:
            return False
        try:
            written = write_xlsx(self.table, path, self.inputs)
        except ReplannerError as exc:
            self._show_error(str(exc))
            return False
        self.message.setStyleSheet("")
        self.message.setText(tr("Exported to {path}").format(path=str(written)))
        return True

    # --- goal seek -------------------------------------------------------------------------

    def seek(self) -> Task | None:
        from rePlanner.services.whatif import goal_seek

        db, name = self.db, str(self.scenario)
        line, param = str(self.seek_line.currentData()), str(self.seek_param.currentData())
        task = Task(lambda p: goal_seek(db, name, line, param, progress=p),
                    tr("Seeking the threshold…"))  # fmt: skip
        task.signals.finished.connect(lambda found: self.seek_result.setText(seek_text(found)))
        task.signals.failed.connect(self.seek_result.setText)
        return task if self.bar.run(task) else None


def _what_if(
    db: Database, name: str, vary: list[tuple[str, list[float]]], metric: str,
    line: str | None, progress: Any,
) -> tuple[WhatIfTable, dict[str, Any]]:  # fmt: skip
    """Worker side: the table and the inputs it was computed from (for the export)."""
    from rePlanner.services.scenario import get_scenario
    from rePlanner.services.whatif import what_if_table

    table = what_if_table(db, name, vary, metric, line, progress=progress)
    return table, get_scenario(db, name).inputs.to_dict()


__all__ = ["MAX_VALUES", "METRIC_LABELS", "MonteCarloPanel", "WhatIfPanel", "grid_table",
           "parse_values", "seek_text"]  # fmt: skip
