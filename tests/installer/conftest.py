"""The installer tests' helpers (the `bundle` marker is registered in pyproject.toml)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"


def load_installer_module(name: str) -> ModuleType:
    """installer/<name>.py imported by path (installer/ is scripts, not a package)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, INSTALLER / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def cfg() -> ModuleType:
    return load_installer_module("bundle_config")


@pytest.fixture(scope="session")
def icons_module() -> ModuleType:
    return load_installer_module("make_icons")


@pytest.fixture(scope="session")
def licenses_module() -> ModuleType:
    return load_installer_module("licenses")
