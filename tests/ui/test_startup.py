"""Start-up: the window opens before its data is read, pages are built on first visit, and the
engine's modules are imported in the background once the window is idle."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from rePlanner.persistence.database import Database
from rePlanner.ui import page_registry, warmup
from rePlanner.ui.main_window import MainWindow

SCREENS = Path("/work/notes/screens6")


def test_the_window_shows_while_its_data_is_still_loading(
    qtbot: Any, filled_db: Database, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real_load = page_registry.load

    def slow_load(*args: Any) -> page_registry.Loaded:
        release.wait(10)  # a very large database
        return real_load(*args)

    monkeypatch.setattr("rePlanner.ui.window_loading.load", slow_load)
    settings.setValue("main_window/page_key", "suppliers")
    win = MainWindow(filled_db, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.load_bar.isVisible())  # loading, in the status bar
    page = win.pages["suppliers"]
    assert page.isVisible() and page.visible_row_count() == 0 and win.loading()
    assert win.load_label.text() == "Loading…"
    assert page.count_label.text() == "0 suppliers  ·  loading…"
    assert win.refdata_label.text() == ""  # not "no reference data": it is not read yet
    SCREENS.mkdir(parents=True, exist_ok=True)
    win.resize(1280, 800)
    win.grab().save(str(SCREENS / "startup_loading.png"))
    win.show_page("policies")  # the window answers meanwhile
    assert win.current_page() is win.pages["policies"]
    with qtbot.waitSignal(win.loaded, timeout=10_000):
        release.set()
    qtbot.waitUntil(lambda: not win.loading(), timeout=10_000)
    assert page.visible_row_count() == 12 and win.pages["policies"].visible_row_count() == 2
    assert not win.load_bar.isVisible() and win.load_label.text() == ""
    assert page.count_label.text() == "12 suppliers"
    assert win.refdata_label.text() == "No reference data loaded"
    win.grab().save(str(SCREENS / "startup_loaded.png"))


def test_a_failed_load_says_why_and_the_window_goes_on(
    qtbot: Any, filled_db: Database, settings: QSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rePlanner.domain.errors import DatabaseOpenError

    def broken(*_args: Any) -> page_registry.Loaded:
        raise DatabaseOpenError("the database file is damaged")

    monkeypatch.setattr("rePlanner.ui.window_loading.load", broken)
    win = MainWindow(filled_db, settings=settings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.error_box is not None and win.error_box.isVisible())
    assert "damaged" in win.error_box.informativeText()
    assert not win.loading() and not win.load_bar.isVisible()
    win.error_box.close()


def test_the_page_list_is_one_list_of_entries() -> None:
    keys = [e.key for e in page_registry.NAV]
    assert keys == ["dashboard", "suppliers", "parts", "boms", "policies", "scenarios",
                    "alternatives", "reports"]  # fmt: skip
    tables = [t for e in page_registry.NAV for t in e.tables]
    assert sorted(tables) == sorted(page_registry.TABLES)  # every table page is reachable
    assert page_registry.entry_of("nodes").key == "suppliers"


def test_importing_the_window_imports_no_page_and_no_engine() -> None:
    """A fresh interpreter: the window module leaves the pages, the table services and the
    engine (numpy, SciPy) to the first page that needs them."""
    code = (
        "import sys, rePlanner.ui.main_window\n"
        "heavy = ['numpy', 'scipy', 'pandas', 'rePlanner.engine', 'rePlanner.services.tables_more',"
        " 'rePlanner.ui.views.table_page', 'rePlanner.ui.views.dashboard_page',"
        " 'rePlanner.ui.views.scenarios_page', 'rePlanner.ui.wizards']\n"
        "print(' '.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == []


def test_warm_up_imports_one_module_at_a_time_and_stops_when_asked() -> None:
    assert warmup.warm(("json", "no_such_module_here", "csv")) == ["json", "csv"]
    asked = iter([False, True])
    assert warmup.warm(("json", "csv"), lambda: next(asked)) == ["json"]


def test_warm_up_covers_what_a_first_what_if_imports() -> None:
    """A fresh interpreter: after the warm-up, the services a what-if and a goal seek call
    import nothing more of the engine (what stalled the window the first time)."""
    code = (
        "import sys\n"
        "from rePlanner.ui import warmup\n"
        "warmup.warm(warmup.MODULES)\n"
        "before = set(sys.modules)\n"
        "from rePlanner.services.whatif import goal_seek, what_if_table\n"
        "from rePlanner.services.montecarlo import run_montecarlo\n"
        "from rePlanner.engine.scenario import ScenarioEvaluator\n"
        "from rePlanner.engine.montecarlo import make_draws, summarise\n"
        "from rePlanner.engine.montecarlo_model import McModel\n"
        "print(' '.join(sorted(set(sys.modules) - before)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == []
