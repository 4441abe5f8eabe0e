"""The UI reads and writes data through the services only (architecture.md layering)."""

from __future__ import annotations

import ast
from pathlib import Path

import rePlanner.ui

UI_DIR = Path(rePlanner.ui.__file__).parent
FORBIDDEN = ("sqlalchemy", "alembic", "rePlanner.persistence", "rePlanner.io")
# The report document is plain data (no files, no database): the printing code draws it.
ALLOWED = ("rePlanner.io.report",)


def _runtime_imports(tree: ast.Module) -> list[str]:
    """Module names imported outside `if TYPE_CHECKING:` blocks."""
    names: list[str] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return names


def test_ui_modules_import_no_persistence_or_sql() -> None:
    files = sorted(UI_DIR.rglob("*.py"))
    assert len(files) >= 5
    offenders = {
        f"{path.relative_to(UI_DIR)}: {name}"
        for path in files
        for name in _runtime_imports(ast.parse(path.read_text(encoding="utf-8")))
        if name.startswith(FORBIDDEN) and not name.startswith(ALLOWED)
    }
    assert not offenders, sorted(offenders)


def test_the_guard_sees_imports_inside_functions() -> None:
    tree = ast.parse(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from rePlanner.persistence.database import Database\n"
        "def f():\n    from sqlalchemy import select\n"
    )
    assert _runtime_imports(tree) == ["typing", "sqlalchemy"]
