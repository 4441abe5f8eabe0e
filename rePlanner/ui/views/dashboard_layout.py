"""How the dashboard's four panels share the page: each row of two panels is a splitter the
user may drag, the two rows a third one. Until the user drags one, the widths follow the
window: the heat map gets all its columns (or its share of a wide window), the calendar its
share beside the quota chart. A mixin of DashboardPage (via DashboardResults).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGroupBox, QLabel, QSplitter, QVBoxLayout, QWidget

from rePlanner.ui.widgets.elided_label import ElidedLabel

HEAT_SHARE = 0.55  # of the width for the heat map (at least what shows all its columns)
CALENDAR_SHARE = 0.6  # of the width for the calendar beside the quota chart


class DashboardLayout(QWidget):
    heat_box: QGroupBox
    risk_box: QGroupBox
    top_split: QSplitter
    bottom_split: QSplitter
    rows_split: QSplitter
    _user_split = False  # the user dragged a splitter: keep their sizes

    def _split(self, orientation: Qt.Orientation, *widgets: QWidget) -> QSplitter:
        split = QSplitter(orientation, self)
        split.setChildrenCollapsible(False)
        for w in widgets:
            split.addWidget(w)
        split.splitterMoved.connect(self._on_split_moved)
        return split

    def _on_split_moved(self) -> None:
        self._user_split = True

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt name)
        super().resizeEvent(event)
        if not self._user_split:  # once the layout has given the splitters their new size
            QTimer.singleShot(0, self, self.balance)  # not after the page is gone

    def balance(self) -> None:
        """Split the width: the heat map all its columns (and its share of a wide window),
        the top risks the rest; the calendar its share beside the quota chart. Rows halve."""
        width = self.top_split.width()
        need = self.heat_box.minimumSizeHint().width()
        heat = min(max(need, round(width * HEAT_SHARE)), width - self.risk_box_min())
        self.top_split.setSizes([heat, width - heat])
        calendar = round(self.bottom_split.width() * CALENDAR_SHARE)
        self.bottom_split.setSizes([calendar, self.bottom_split.width() - calendar])
        height = self.rows_split.height()
        top = max(self.top_split.minimumSizeHint().height(), height // 2)
        self.rows_split.setSizes([top, height - top])

    def risk_box_min(self) -> int:
        return self.risk_box.minimumSizeHint().width()

    def _panel(self, title: str, *widgets: QWidget) -> QGroupBox:
        box = QGroupBox(title, self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(6, 6, 6, 6)
        for w in widgets:
            layout.addWidget(w, 0 if isinstance(w, QLabel | ElidedLabel) else 1)
        return box
