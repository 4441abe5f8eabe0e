"""The last page of the import wizard, shared by every kind of file: the import runs in a Task
(progress, Cancel), the result is summed up, a failure or cancel offers "Try again". Subclasses
say what to run (`work`), where its result is kept (`stored`) and how to sum it up (`present`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget, QWizard, QWizardPage

from rePlanner.ui.views.scenario_editor import ERROR_STYLE
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.wizards.import_pages import ImportState, tr
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database


class TaskCommitPage(QWizardPage):
    committed = Signal(object)  # the service's result

    def __init__(
        self, db: Database, state: ImportState, subtitle: str, extra: list[QWidget],
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(parent)
        self.db, self.state = db, state
        self.setTitle(tr("Import"))
        self.setSubTitle(subtitle)
        self.result_label = QLabel(self)
        self.result_label.setWordWrap(True)
        self.again = QPushButton(tr("Try again"), self)
        self.again.clicked.connect(self._run)
        self.again.hide()
        self.bar = TaskBar(self)
        layout = QVBoxLayout(self)
        for widget in (self.result_label, *extra, self.again):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.bar)
        self.bar.busy_changed.connect(self._busy)

    # --- what a subclass says ----------------------------------------------------------------
    def stored(self) -> Any:
        """The result kept in the wizard's state (None until an import succeeded)."""
        raise NotImplementedError

    def work(self) -> tuple[Callable[[Any], Any], str, str]:
        """(the task's function of progress, the page's text, the task bar's text)."""
        raise NotImplementedError

    def present(self, result: Any) -> None:
        """Keep and sum up a finished import (or report one the service refused)."""
        raise NotImplementedError

    def succeeded(self, result: Any) -> bool:
        return result is not None

    # --- shared ------------------------------------------------------------------------------
    def initializePage(self) -> None:
        if self.stored() is None:
            self._run()

    def nextId(self) -> int:
        return -1  # the last page of its kind; other pages follow it in id order

    def _busy(self, busy: bool) -> None:
        """The bar's Cancel stops the import; the wizard's returns once it is over or failed."""
        wizard = self.wizard()
        if wizard is not None:
            hide = busy or self.stored() is not None
            wizard.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, hide)
        self.completeChanged.emit()

    def _run(self) -> None:
        fn, saying, bar_text = self.work()
        self.again.hide()
        self.say(saying)
        task = Task(fn, bar_text)
        task.signals.finished.connect(self.present)
        task.signals.failed.connect(self.failed)
        task.signals.cancelled.connect(lambda: self._cancelled(task))
        self.bar.run(task)

    def _cancelled(self, task: Task) -> None:
        if self.succeeded(task.result):  # it had committed when Cancel came: it is saved
            self.present(task.result)
            return
        self.failed(tr("The import was cancelled; nothing was written."))

    def failed(self, text: str) -> None:
        self.say(text, error=True)
        self.again.show()

    def finish(self, result: Any, text: str) -> None:
        """After `present` kept the result: the summary, the buttons, the signal."""
        self.say(text)
        self._busy(self.bar.busy)
        self.committed.emit(result)

    def say(self, text: str, error: bool = False) -> None:
        self.result_label.setStyleSheet(ERROR_STYLE if error else "")
        self.result_label.setText(text)

    def isComplete(self) -> bool:
        return self.stored() is not None and not self.bar.busy
