"""`replanner --self-test` checks an installation headless and says where it failed."""

from __future__ import annotations

import os
import subprocess
import sys

from rePlanner.cli import selftest


def test_self_test_passes_headless():
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("DISPLAY", None)
    done = subprocess.run([sys.executable, "-m", "rePlanner", "--self-test"], capture_output=True,
                          text=True, env=env, timeout=300)  # fmt: skip
    assert done.returncode == 0, done.stderr
    for step in ("database", "scenario", "stress test", "report"):
        assert f"ok  {step}" in done.stdout
    assert "self-test passed" in done.stdout


def test_a_failing_step_is_named_and_exits_non_zero(monkeypatch, capsys):
    def broken(self):
        raise RuntimeError("the solver is missing")

    monkeypatch.setattr(selftest.Checks, "stress", broken)
    assert selftest.run_self_test() == selftest.EXIT_FAILED
    out = capsys.readouterr()
    assert "ok  scenario" in out.out and "self-test passed" not in out.out
    assert "self-test FAILED at stress test: RuntimeError: the solver is missing" in out.err


def test_no_fonts_fails_the_self_test(monkeypatch, capsys):
    import rePlanner.ui.fonts as fonts

    monkeypatch.setattr(fonts, "have_fonts", lambda: False)
    assert selftest.run_self_test() == selftest.EXIT_FAILED
    assert "self-test FAILED at report: RuntimeError: no fonts found" in capsys.readouterr().err
