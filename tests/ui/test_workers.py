"""Work off the GUI thread: results, progress, errors and Cancel arrive as signals."""

from __future__ import annotations

import threading

from rePlanner.domain.errors import ValidationError
from rePlanner.domain.progress import check
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task, start


def test_result_arrives_on_the_gui_thread(qtbot):
    seen = {}

    def work(progress):
        seen["worker"] = threading.get_ident()
        progress.update(1, 2, "half")
        return 42

    task = Task(work)
    got = []
    task.signals.progress.connect(lambda d, t, m: got.append((d, t, m)))
    task.signals.finished.connect(lambda r: got.append(("result", r, threading.get_ident())))
    with qtbot.waitSignal(task.signals.done, timeout=5000):
        start(task)
    assert got[0] == (1, 2, "half")
    assert got[1][:2] == ("result", 42) and got[1][2] == threading.get_ident()
    assert seen["worker"] != threading.get_ident()  # it ran on another thread


def test_errors_come_back_as_messages(qtbot):
    def refuse(progress):
        raise ValidationError.single("scenario", "name", "", "give the scenario a name")

    def crash(progress):
        return 1 / 0

    for fn, text in ((refuse, "give the scenario a name"), (crash, "ZeroDivisionError")):
        task = Task(fn)
        messages = []
        task.signals.failed.connect(messages.append)
        with qtbot.waitSignal(task.signals.done, timeout=5000):
            start(task)
        assert len(messages) == 1 and text in messages[0]


def test_cancel_stops_the_work_and_the_bar_hides(qtbot):
    go = threading.Event()
    steps = []

    def slow(progress):
        for i in range(1000):
            go.wait(5)
            check(progress, "the test")
            steps.append(i)
            progress.update(i, 1000, f"step {i}")
        return "finished"

    bar = TaskBar()
    qtbot.addWidget(bar)
    task = Task(slow, "Running the test")
    outcome = []
    task.signals.cancelled.connect(lambda: outcome.append("cancelled"))
    task.signals.finished.connect(lambda r: outcome.append(r))
    assert bar.run(task) and bar.isVisible() and bar.busy
    assert not bar.run(Task(slow))  # one task at a time
    bar.cancel()
    with qtbot.waitSignal(task.signals.done, timeout=5000):
        go.set()
    assert outcome == ["cancelled"] and len(steps) < 1000
    assert not bar.isVisible() and not bar.busy


def test_a_finished_task_lets_go_of_its_result(qtbot):
    import gc
    import weakref

    class Big:
        pass

    made = []

    def work(progress):
        made.append(weakref.ref(result := Big()))
        return result

    task = Task(work)
    got = []
    task.signals.finished.connect(lambda r: got.append(type(r).__name__))
    with qtbot.waitSignal(task.signals.done, timeout=5000):
        start(task)
    assert got == ["Big"]
    gc.collect()
    assert made[0]() is None  # the pool keeps the runnable, but not what it computed
