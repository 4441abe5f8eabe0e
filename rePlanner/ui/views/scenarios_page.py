"""Scenarios & what-if: saved scenarios, their editor, runs per line, what-if, Monte Carlo
(table and distribution chart), scenarios side by side; every table exports to Excel.

Every run, grid, goal seek and Monte Carlo goes through the page's TaskBar (worker thread,
progress, Cancel). A run is stored only when it was not cancelled: the scenario is evaluated
without storing, then, unless the user cancelled meanwhile, its result row is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from rePlanner.domain.errors import ReplannerError, ValidationError
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.services import crud
from rePlanner.services.scenario import ScenarioInfo, list_scenarios, save_scenario
from rePlanner.services.scenario_run import ScenarioRun
from rePlanner.services.tables import TableData
from rePlanner.ui.views.scenario_compare import (
    ComparePanel,
    ExportButton,
    result_blanks,
    results_table,
)
from rePlanner.ui.views.scenario_editor import (
    ERROR_STYLE,
    FlaggedTableModel,
    ScenarioEditor,
    flagged_view,
    tr,
)
from rePlanner.ui.views.whatif_panel import MonteCarloPanel, WhatIfPanel
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task

if TYPE_CHECKING:  # the page hands the database to services; it never queries it
    from rePlanner.persistence.database import Database


def run_and_store(db: Database, name: str, progress: Any) -> ScenarioRun:
    """Worker side of Run: evaluate, then store unless the user cancelled meanwhile."""
    from rePlanner.services.scenario_run import run_saved_scenario

    progress.update(0, 0, tr("Running scenario {name}…").format(name=name))
    return run_saved_scenario(db, name, store=True, progress=progress)


class ScenariosPage(QWidget):
    title = "Scenarios & what-if"
    run_finished = Signal(object)  # ScenarioRun
    task_done = Signal()  # after any background task: finished, failed or cancelled
    scenario_saved = Signal(str)  # Save / Save as wrote this scenario: other pages list it

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.infos: dict[str, ScenarioInfo] = {}
        self.last_run: ScenarioRun | None = None
        self._lines: list[str] = []
        self.bar = TaskBar(self)
        self.bar.busy_changed.connect(self._on_busy)
        self.scenario_list = QListWidget(self)
        self.scenario_list.currentItemChanged.connect(self._on_selected)
        self.editor = ScenarioEditor(self)
        self.editor.edited.connect(self._update_buttons)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.results = FlaggedTableModel(self)
        self.whatif = WhatIfPanel(db, self.bar, self)
        self.mc_panel = MonteCarloPanel(db, self.bar, self)
        p = self.mc_panel  # short names the page's callers and tests use
        self.draws, self.seed, self.mc_button, self.mc = p.draws, p.seed, p.run_button, p.model
        self.compare = ComparePanel(db, self.bar, self)
        self._build()
        self.refresh()

    # --- construction ----------------------------------------------------------------------

    def _button(self, text: str, slot: Any, tip: str = "") -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        button.setToolTip(tip)
        return button

    def _build(self) -> None:
        self.save_button = self._button(tr("Save"), self.save)
        self.save_as_button = self._button(tr("Save as new…"), self._ask_new_name)
        self.revert_button = self._button(tr("Revert"), self._reload_editor)
        left = QWidget(self)
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(QLabel(tr("Saved scenarios"), left))
        column.addWidget(self.scenario_list, 1)
        column.addWidget(self.editor)
        column.addLayout(_hbox(self.save_button, self.save_as_button, self.revert_button))
        column.addWidget(self.status)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._results_tab(), tr("Results"))
        self.tabs.addTab(self.whatif, tr("What-if"))
        self.tabs.addTab(self.mc_panel, tr("Monte Carlo"))
        self.tabs.addTab(self.compare, tr("Side by side"))
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        split.setSizes([380, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.bar)

    def _results_tab(self) -> QWidget:
        tab = QWidget(self)
        self.run_button = self._button(tr("Run"), self.run, tr("Run the saved scenario"))
        self.summary = QLabel(tab)
        self.summary.setWordWrap(True)
        self.results_view = flagged_view(tab, self.results)
        self.results_export = ExportButton(self.results_view, tr("Results"),
                                           lambda: tr("Results: {n}").format(n=self._ran()),
                                           self, self.summary)  # fmt: skip
        layout = QVBoxLayout(tab)
        layout.addLayout(_hbox(self.run_button, self.results_export, self.summary, stretch=1))
        layout.addWidget(self.results_view, 1)
        return tab

    # --- page contract ---------------------------------------------------------------------

    def set_database(self, db: Database) -> None:
        self.bar.cancel()  # a run on the old database must not store into it or show here
        self.db = db
        self.scenario_list.clear()
        self._clear_results()
        self.refresh()

    def refresh(self) -> None:
        current = self.current_name()
        try:
            infos = list_scenarios(self.db)
            lines = sorted({r["name"] for r in crud.find(self.db, "production line")})
        except ReplannerError as exc:
            self._say(str(exc), error=True)
            return
        self.infos = {i.name: i for i in infos}
        self._lines = lines
        self.compare.set_scenarios(self.db, list(self.infos))
        self.scenario_list.blockSignals(True)  # the same scenario stays selected, results kept
        self.scenario_list.clear()
        for info in infos:
            self._add_item(info)
        keep = current if current in self.infos else next(iter(self.infos), None)
        found = self.scenario_list.findItems(keep or "", Qt.MatchFlag.MatchExactly)
        if found:
            self.scenario_list.setCurrentItem(found[0])
        self.scenario_list.blockSignals(False)
        if keep != current:
            self._on_selected()
        elif not self.editor.dirty:
            self._reload_editor()

    def _add_item(self, info: ScenarioInfo) -> None:
        item = QListWidgetItem(info.name, self.scenario_list)
        last = f"{info.last_run_at:%Y-%m-%d %H:%M}" if info.last_run_at else tr("never")
        tip = tr("{desc}\n{n} runs, last {last}")
        item.setToolTip(tip.format(desc=info.description or info.name, n=info.runs, last=last))

    def has_unsaved_changes(self) -> bool:
        return self.editor.dirty

    # --- selection and editing -------------------------------------------------------------

    def current_name(self) -> str | None:
        item = self.scenario_list.currentItem()
        return item.text() if item is not None else None

    def select(self, name: str | None) -> None:
        found = self.scenario_list.findItems(name or "", Qt.MatchFlag.MatchExactly)
        if found and found[0] is not self.scenario_list.currentItem():
            self.scenario_list.setCurrentItem(found[0])  # loads it through _on_selected

    def _on_selected(self, *_items: object) -> None:
        self._clear_results()
        self._reload_editor()

    def _reload_editor(self) -> None:
        info = self.infos.get(self.current_name() or "")
        self.editor.load(
            info.inputs if info else ScenarioInputs(), info.description if info else None
        )
        self.editor.setEnabled(info is not None)
        self.whatif.set_scenario(self.db, info.name if info else None, self._lines)
        self.mc_panel.set_scenario(self.db, info.name if info else None)
        self._say("")
        self._update_buttons()

    def save(self) -> bool:
        name = self.current_name()
        return name is not None and self._save(name, replace=True)

    def save_as(self, name: str) -> bool:
        return self._save(name, replace=False)

    def _ask_new_name(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(tr("Save as new scenario"))
        dialog.setLabelText(tr("Name of the new scenario:"))
        dialog.textValueSelected.connect(self.save_as)
        dialog.open()
        self.name_dialog = dialog

    def _save(self, name: str, *, replace: bool) -> bool:
        """Nothing is written when a field is wrong: each reason shows under its field."""
        try:
            inputs = self.editor.inputs()
            info = save_scenario(self.db, name, inputs, self.editor.description(), replace=replace)
        except ValidationError as exc:
            others = self.editor.show_errors(exc)
            self._say("; ".join([tr("Not saved: correct the marked fields"), *others]), error=True)
            return False
        except ReplannerError as exc:
            self._say(tr("Not saved: {reason}").format(reason=str(exc)), error=True)
            return False
        self.editor.mark_saved()
        self.refresh()
        self.select(info.name)
        self._say(tr("Saved {name}").format(name=info.name))
        self.scenario_saved.emit(info.name)
        return True

    # --- background work -------------------------------------------------------------------

    def _start(self, task: Task, failed: Any) -> Task | None:
        task.signals.failed.connect(failed)
        return task if self.bar.run(task) else None

    def run(self) -> Task | None:
        name = self.current_name()
        if name is None or self.editor.dirty:
            return None
        db = self.db
        task = Task(lambda p: run_and_store(db, name, p), tr("Running {n}…").format(n=name))
        task.signals.finished.connect(self._show_run)
        task.signals.cancelled.connect(lambda: self.summary.setText(tr("Run cancelled.")))
        self.summary.setText("")
        return self._start(task, self.summary.setText)

    def _show_run(self, run: ScenarioRun) -> None:
        self.last_run = run
        table, flags = results_table(run)
        self.results.set_flagged(table, flags, result_blanks())
        risky = sum(1 for f in flags if f)
        self.summary.setText(tr("{n} lines, {k} at risk; stored as result #{id}").format(
            n=len(flags), k=risky, id=run.result_id))  # fmt: skip
        if run.warnings:  # data gaps the run worked around: counted here, listed on hover
            note = tr("{n} data warnings (hover to read)").format(n=len(run.warnings))
            self.summary.setText(f"{self.summary.text()}; {note}")
        self.summary.setToolTip("\n\n".join(run.warnings))
        self.refresh()
        self.run_finished.emit(run)

    def run_montecarlo(self) -> Task | None:
        return self.mc_panel.run()

    def _ran(self) -> str:
        return self.last_run.name or "" if self.last_run else ""

    # --- state -----------------------------------------------------------------------------

    def _clear_results(self) -> None:
        self.last_run = None
        self.results.set_flagged(TableData([]), [])
        self.mc_panel.clear()
        self.summary.clear()

    def _on_busy(self, busy: bool) -> None:
        self._update_buttons()
        if not busy:
            self.task_done.emit()

    def _update_buttons(self) -> None:
        has, dirty, busy = self.current_name() is not None, self.editor.dirty, self.bar.busy
        self.run_button.setEnabled(has and not dirty and not busy)
        self.run_button.setToolTip(tr("Save your edits first: a run uses the saved inputs")
                                   if dirty else tr("Run the saved scenario"))  # fmt: skip
        self.mc_panel.set_busy(busy or dirty)
        self.save_button.setEnabled(has and dirty)
        self.revert_button.setEnabled(dirty)
        # unsaved edits are never lost to a click on another scenario
        self.scenario_list.setEnabled(not dirty)
        self.scenario_list.setToolTip(tr("Save or revert your edits first") if dirty else "")
        self.whatif.set_busy(busy or dirty)
        self.compare.set_busy(busy)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else "")


def _hbox(*widgets: QWidget, stretch: int | None = None) -> QHBoxLayout:
    layout = QHBoxLayout()
    for i, w in enumerate(widgets):
        layout.addWidget(w, stretch if stretch is not None and i == len(widgets) - 1 else 0)
    if stretch is None or stretch == 0:
        layout.addStretch(1)
    return layout
