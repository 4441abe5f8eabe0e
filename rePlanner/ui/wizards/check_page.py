"""What the import wizard's checking pages share (the BOM preview and the workbook dry run):
a status line, controls disabled while their task runs, and Next only for a clean result."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QWidget, QWizardPage

from rePlanner.ui.views.scenario_editor import ERROR_STYLE


class CheckedTaskPage(QWizardPage):
    status: QLabel
    bar: Any  # the page's TaskBar

    def busy_controls(self) -> tuple[QWidget, ...]:
        """The controls that would change what the running check reads."""
        raise NotImplementedError

    def result_ok(self) -> bool:
        """A check result is there and has no error."""
        raise NotImplementedError

    def _say(self, text: str, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(text)

    def _busy(self, busy: bool) -> None:
        for w in self.busy_controls():
            w.setEnabled(not busy)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 (Qt name)
        return not self.bar.busy and self.result_ok()

    def validatePage(self) -> bool:  # noqa: N802 (Qt name)
        return self.isComplete()  # next() from code or a shortcut must not pass errors either

    def cleanupPage(self) -> None:  # noqa: N802 (Qt name)
        self.bar.cancel()
