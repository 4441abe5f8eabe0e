"""A one-line label that elides its text to the width it gets and shows it all as a tooltip.

A word-wrapped QLabel asks its layout for the height of its text at one width and is then
given another: a long sentence in a narrow panel ends up clipped at the top or the bottom.
One elided line always fits; the tooltip has the whole text.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class ElidedLabel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def setText(self, text: str) -> None:  # noqa: N802 (QLabel's name)
        self._text = text
        self.setToolTip(text)
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        return self._text

    def shown_text(self) -> str:
        """The text as painted at the current width ("…" where it is cut)."""
        return self.fontMetrics().elidedText(self._text, Qt.TextElideMode.ElideRight,
                                             self.width())  # fmt: skip

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        fm = self.fontMetrics()
        return QSize(fm.horizontalAdvance(self._text), fm.height() + 2)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt name)
        return QSize(0, self.fontMetrics().height() + 2)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt name)
        p = QPainter(self)
        p.drawText(self.rect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                   self.shown_text())  # fmt: skip
