from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from rePlanner import app
from rePlanner.domain.errors import ReplannerError


@pytest.fixture
def no_display(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")


def test_no_display_reason_explains_how_to_run(
    no_display: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "argv", [".venv/bin/replanner", "demo", "--open"])
    reason = app.no_display_reason()
    assert reason is not None
    # the exact command line to run again, under a virtual display
    assert "xvfb-run -a .venv/bin/replanner demo --open" in reason
    assert "QT_QPA_PLATFORM=offscreen .venv/bin/replanner demo --open" in reason


@pytest.mark.parametrize(
    ("name", "value"), [("DISPLAY", ":0"), ("WAYLAND_DISPLAY", "wayland-0"),
                        ("QT_QPA_PLATFORM", "offscreen")],
)  # fmt: skip
def test_any_display_setting_is_enough(
    no_display: None, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    assert app.no_display_reason() is None


def test_other_platforms_need_no_check(no_display: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    assert app.no_display_reason() is None


def test_run_gui_reports_a_bad_database_before_any_window(tmp_path: Path) -> None:
    bad = tmp_path / "broken.sqlite"
    bad.write_text("not a database")
    with pytest.raises(ReplannerError):
        app.run_gui(str(bad))


def test_run_gui_shows_the_window_and_returns_the_exit_code(
    qtbot: Any, qapp: QApplication, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The window's QSettings must not touch the user's own configuration.
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    shown: list[str] = []

    def fake_exec() -> int:
        # A real exec() marks the application as closing for good, which stops the timers of
        # every later test in this process; so: look at the windows, close them, "exit" 3.
        qapp.processEvents()
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible() and widget.windowTitle().startswith("rePlanner"):
                shown.append(widget.windowTitle())
                widget.close()
        return 3

    monkeypatch.setattr(qapp, "exec", fake_exec)
    assert app.run_gui(str(db_path)) == 3
    assert shown == [f"rePlanner — {db_path.name}"]
    assert qapp.organizationName() == "rePlanner" and qapp.applicationName() == "rePlanner"


def test_the_application_has_its_icon(qapp: Any) -> None:
    from rePlanner.app import _set_window_icon

    qapp.setWindowIcon(QIcon())
    _set_window_icon(qapp)
    assert not qapp.windowIcon().isNull()
    assert qapp.windowIcon().pixmap(32).width() == 32  # the SVG renders


def test_a_bad_database_is_also_shown_in_a_box_when_started_from_a_menu(
    qapp: QApplication, tmp_path: Path
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    bad = tmp_path / "broken.sqlite"
    bad.write_text("not a database")
    seen: list[str] = []

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(50, close_box)

    QTimer.singleShot(50, close_box)
    with pytest.raises(ReplannerError):
        app.run_gui(str(bad), show_errors=True)
    assert seen and "cannot start" in seen[0] and "broken.sqlite" in seen[0]


def test_bundled_fonts_are_registered(qapp: Any, tmp_path: Path) -> None:
    import shutil

    from rePlanner.ui.fonts import register_bundled_fonts

    dejavu = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
    if not dejavu.exists():
        pytest.skip("no DejaVu Sans Mono on this machine to copy")
    shutil.copy(dejavu, tmp_path / "Mono.ttf")
    (tmp_path / "notes.txt").write_text("not a font")
    assert register_bundled_fonts(tmp_path) == ["DejaVu Sans Mono"]
    assert register_bundled_fonts(tmp_path / "missing") == []
