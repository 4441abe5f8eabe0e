"""A progress bar with a text and a Cancel button for the task a page is running."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from rePlanner.ui.workers import Task, start


class TaskBar(QWidget):
    """Hidden while idle. `run(task)` shows it, starts the task and hides it when done; one task
    at a time (a second run while busy is refused: the caller disables its button)."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.bar = QProgressBar(self)
        self.bar.setMinimumWidth(220)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self.cancel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.task: Task | None = None
        self.hide()

    @property
    def busy(self) -> bool:
        return self.task is not None

    def run(self, task: Task) -> bool:
        if self.task is not None:
            return False
        self.task = task
        task.signals.progress.connect(self._on_progress)
        task.signals.done.connect(self._on_done)
        self.label.setText(task.what or self.tr("Working…"))
        self.bar.setRange(0, 0)  # busy until the first report
        self.cancel_button.setEnabled(True)
        self.show()
        self.busy_changed.emit(True)
        start(task)
        return True

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.label.setText(self.tr("Cancelling…"))

    def _on_progress(self, done: int, total: int, text: str) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        if text and self.cancel_button.isEnabled():
            self.label.setText(text)

    def _on_done(self) -> None:
        self.task = None
        self.hide()
        self.busy_changed.emit(False)
