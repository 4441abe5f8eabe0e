"""The domain imports only the standard library and itself: any other package is refused.

import-linter's contract lists a few forbidden packages; this check allows instead of forbids,
so a new dependency (platformdirs, pydantic, ...) cannot slip into the domain unnoticed.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "rePlanner" / "domain"
ALLOWED = set(sys.stdlib_module_names) | {"rePlanner", "__future__"}


def foreign_imports(source: str) -> list[str]:
    """Top-level modules imported by `source` that are neither stdlib nor rePlanner."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue  # relative imports stay inside the package
        found += [n for n in names if n.split(".")[0] not in ALLOWED]
    return found


@pytest.mark.parametrize(
    ("source", "caught"),
    [
        ("import platformdirs\n", ["platformdirs"]),
        ("from sqlalchemy.orm import Session\n", ["sqlalchemy.orm"]),
        ("def f():\n    import numpy as np\n", ["numpy"]),  # inside a function too
        ("from __future__ import annotations\nimport json, datetime\n", []),
        ("from rePlanner.domain import enums\nfrom . import errors\n", []),
    ],
)
def test_the_check_catches_third_party_imports(source, caught):
    assert foreign_imports(source) == caught


def test_domain_imports_only_the_standard_library():
    modules = sorted(DOMAIN.rglob("*.py"))
    assert len(modules) >= 3  # enums, errors, ...: the walk found the package
    offenders = {
        str(path.relative_to(DOMAIN)): bad
        for path in modules
        if (bad := foreign_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
