"""The Monte Carlo panel of the scenario page: N seeded draws of the selected saved scenario
in the background; per line P(shutdown) and percentiles in a table, the chosen line's draws
in a histogram."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from rePlanner.services.tables import TableData
from rePlanner.ui.views.export_button import ExportButton
from rePlanner.ui.views.run_tables import MC_MEASURES, montecarlo_table
from rePlanner.ui.views.scenario_editor import ERROR_STYLE, FlaggedTableModel, flagged_view, tr
from rePlanner.ui.widgets.histogram import DistributionChart
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task

if TYPE_CHECKING:  # the page hands the database to services; it never queries it
    from rePlanner.persistence.database import Database


def hbox(*widgets: QWidget) -> QWidget:
    """Widgets side by side, left-aligned (a row of a form)."""
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        layout.addWidget(w)
    layout.addStretch(1)
    return box


def _p90(lines: list[dict[str, Any]], group: str) -> float:
    """A line's P90 lost margin (0 when unknown): the riskiest line is charted first."""
    x = next(x for x in lines if (x["line"] or x["node"]) == group)
    return float(x["lost_margin_p90"] or 0.0)


class MonteCarloPanel(QWidget):
    """Monte Carlo of the page's selected (saved) scenario: N seeded draws in the background;
    per line P(shutdown) and P50/P90 in a table, the chosen line's draws in a histogram."""

    def __init__(self, db: Database, bar: TaskBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db, self.bar = db, bar
        self.scenario: str | None = None
        self.last: Any = None  # MonteCarloRun
        self.draws, self.seed = QSpinBox(self), QSpinBox(self)
        self.draws.setRange(10, 100_000)
        self.draws.setValue(1000)
        self.seed.setRange(0, 2_000_000_000)
        self.run_button = QPushButton(tr("Run Monte Carlo"), self)
        self.run_button.setToolTip(tr("Licence delay, denial share and quota cut drawn at "
                                      "random, the same draws for the same seed"))  # fmt: skip
        self.run_button.clicked.connect(self.run)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.model = FlaggedTableModel(self)
        self.view = flagged_view(self, self.model)
        self.chart = DistributionChart(self)
        self.view.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.export_button = ExportButton(self.view, tr("Monte Carlo"), self._title, self,
                                          self.summary)  # fmt: skip
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.view)
        split.addWidget(self.chart)
        split.setSizes([250, 450])
        layout = QVBoxLayout(self)
        layout.addWidget(hbox(QLabel(tr("Draws")), self.draws, QLabel(tr("Seed")), self.seed,
                              self.run_button, self.export_button))  # fmt: skip
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    def set_scenario(self, db: Database, name: str | None) -> None:
        if name != self.scenario or db is not self.db:
            self.clear()
        self.db, self.scenario = db, name

    def clear(self) -> None:
        self.last = None
        self.model.set_flagged(TableData([]), [])
        self.chart.clear(tr("Run a Monte Carlo to see the distribution of a line's losses"))
        self.summary.clear()

    def set_busy(self, busy: bool) -> None:
        self.run_button.setEnabled(not busy and self.scenario is not None)

    def run(self) -> Task | None:
        from rePlanner.services.montecarlo import run_montecarlo

        db, name, draws, seed = self.db, self.scenario, self.draws.value(), self.seed.value()
        if name is None:
            return None
        task = Task(lambda p: run_montecarlo(db, name, draws, seed, progress=p, per_draw=True),
                    tr("Monte Carlo: {n} draws…").format(n=draws))  # fmt: skip
        task.signals.finished.connect(self._show)
        task.signals.failed.connect(self._show_error)
        task.signals.cancelled.connect(lambda: self.summary.setText(tr("Cancelled.")))
        return task if self.bar.run(task) else None

    def _show(self, run: Any) -> None:
        self.last = run
        table, flags = montecarlo_table(run.lines)
        self.model.set_flagged(table, flags)
        self.summary.setStyleSheet("")
        self.summary.setText(tr("{n} draws, seed {s}, {w} process(es); click a line to chart "
                                "it").format(n=run.draws, s=run.seed, w=run.workers))  # fmt: skip
        series = {x["line"] or x["node"]: run.per_draw.get(x["node"], {}) for x in run.lines}
        worst = max(series, key=lambda g: _p90(run.lines, g), default=None)
        keep = self.chart.group_box.currentText() in series
        self.chart.set_series(series, [(k, tr(label)) for k, label in MC_MEASURES],
                              None if keep else worst)  # fmt: skip

    def _row_chosen(self, current: Any, _previous: Any) -> None:
        if current.isValid():
            self.chart.select(str(current.siblingAtColumn(0).data()))

    def _show_error(self, message: str) -> None:
        self.summary.setText(message)
        self.summary.setStyleSheet(ERROR_STYLE)

    def _title(self) -> str:
        run = self.last
        return tr("Monte Carlo: {n}, {d} draws, seed {s}").format(
            n=run.scenario if run else "", d=run.draws if run else 0, s=run.seed if run else 0
        )
