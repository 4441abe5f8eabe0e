"""Guards for measured defects of the Qt stack (see platform-notes.md)."""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtWidgets import QLabel


def test_refcount_of_none_stays_stable_over_qt_calls(qtbot: Any) -> None:
    # PySide6 6.12 on Python 3.11 drops None's refcount once per void Qt call, which ends in
    # "Fatal Python error: none_dealloc"; a healthy build leaves it where it was.
    label = QLabel()
    qtbot.addWidget(label)
    label.setText("warm up")
    before = sys.getrefcount(None)
    for i in range(2000):
        label.setText(str(i))
    drift = sys.getrefcount(None) - before
    assert abs(drift) < 50, f"refcount of None drifted by {drift} over 2,000 setText calls"
