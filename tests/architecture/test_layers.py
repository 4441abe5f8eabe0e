"""The layer rules (architecture.md) are checked by import-linter; prove the check bites."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(
    not LINT.exists(), reason="import-linter not installed (pip install -e .[test])"
)


def _lint(package_parent: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(package_parent))
    return subprocess.run(
        [str(LINT), str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=package_parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_contracts_hold_for_the_code_base(tmp_path):
    shutil.copytree(
        ROOT / "rePlanner", tmp_path / "rePlanner", ignore=shutil.ignore_patterns("__pycache__")
    )
    result = _lint(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("domain/_bad.py", "import PySide6.QtCore\n", "Qt stays in ui and app"),
        ("engine/_bad.py", "from PySide6 import QtWidgets\n", "Qt stays in ui and app"),
        ("services/_bad.py", "import rePlanner.ui\n", "Layers: cli over app"),
        ("domain/_bad.py", "import sqlalchemy\n", "Domain imports only the standard library"),
    ],
)
def test_a_forbidden_import_breaks_the_check(tmp_path, module, line, broken):
    shutil.copytree(
        ROOT / "rePlanner", tmp_path / "rePlanner", ignore=shutil.ignore_patterns("__pycache__")
    )
    (tmp_path / "rePlanner" / module).write_text(line)
    result = _lint(tmp_path)
    assert result.returncode != 0
    assert broken in result.stdout
