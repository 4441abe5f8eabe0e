"""Import the engine's modules in the background while the window is idle.

The services import the engine (numpy, SciPy's sparse matrices and HiGHS solver) only when a
computation first needs it. Done inside the first what-if, goal seek or scenario run, that import
runs on the worker while the user waits, and some of its steps hold the GIL long enough to
stall the window (120-185 ms measured). Done here, in a thread started once the window has been
idle a moment, the first computation finds them imported. One module at a time, with a pause
between, so the window gets the GIL back between steps. The pages not built yet are imported
too (their first visit then only builds widgets). Nothing here creates a widget: the modules
make only value types (QColor, QLocale) when imported, which any thread may do.

The longest stalls measured were full garbage collections (90-160 ms, holding the GIL) over the
many objects these imports create; with `freeze=True` (the app, not tests) the objects that exist
once the imports are done are frozen (gc.freeze), so later full collections skip them.
"""

from __future__ import annotations

import gc
import importlib
import logging
import threading
import time
from collections.abc import Callable

# What a first computation imports on its worker, deepest first (each brings its own imports)
MODULES = (
    "numpy",
    "scipy.sparse",
    "scipy.optimize",
    "rePlanner.engine.highs",
    "rePlanner.engine.scenario",
    "rePlanner.engine.whatif",
    "rePlanner.engine.montecarlo",
    "rePlanner.engine.montecarlo_model",
    "rePlanner.services.scenario_run",
    "rePlanner.services.whatif",
    "rePlanner.services.montecarlo",
    "rePlanner.services.dashboard",
    "rePlanner.services.alternatives_rank",
    "rePlanner.ui.views.table_page",
    "rePlanner.ui.views.scenarios_page",
    "rePlanner.ui.views.alternatives_page",
    "rePlanner.ui.views.bom_page",
    "rePlanner.ui.views.dashboard_page",
    "rePlanner.ui.dialogs.record_form",
    "rePlanner.ui.wizards",
    "rePlanner.services.report_build",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "rePlanner.ui.views.reports_page",
)
PAUSE_S = 0.02  # between two modules: the window's events run meanwhile

_log = logging.getLogger(__name__)
_lock = threading.Lock()
_thread: threading.Thread | None = None
_stop = threading.Event()


def start(modules: tuple[str, ...] = MODULES, *, freeze: bool = False) -> threading.Thread:
    """Start the warm-up once per process (later calls return the same thread)."""
    global _thread
    with _lock:
        if _thread is None:
            _stop.clear()
            _thread = threading.Thread(
                target=_run, args=(modules, freeze), name="rePlanner warm-up", daemon=True
            )
            _thread.start()
        return _thread


def stop() -> None:
    """Ask the warm-up to stop after the module it is importing (the window closes)."""
    _stop.set()


def _run(modules: tuple[str, ...], freeze: bool) -> None:
    warm(modules, _stop.is_set)
    if freeze and not _stop.is_set():
        gc.freeze()  # moves every tracked object to the permanent generation: no pause


def warm(modules: tuple[str, ...], stopped: Callable[[], bool] = lambda: False) -> list[str]:
    """Import `modules` one at a time; returns those imported here. A module that fails is
    skipped: the computation that needs it reports the error to the user in its own time."""
    done = []
    for name in modules:
        if stopped():
            break
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 (the real use raises it where the user sees it)
            _log.debug("warm-up import of %s failed", name, exc_info=True)
            continue
        done.append(name)
        time.sleep(PAUSE_S)
    return done
