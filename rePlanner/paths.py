"""Where rePlanner keeps its files (platform conventions via platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

from rePlanner import APP_NAME

ENV_DB = "REPLANNER_DB"
PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir() -> Path:
    return user_data_path(APP_NAME, appauthor=False, ensure_exists=False)


def default_db_path() -> Path:
    return data_dir() / "replanner.sqlite"


def resources_dir() -> Path:
    """`resources/` beside the package (source tree) or inside a frozen bundle."""
    for candidate in (PACKAGE_DIR.parent / "resources", PACKAGE_DIR / "resources"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"resources folder not found near {PACKAGE_DIR}")


def refdata_dir() -> Path:
    return resources_dir() / "refdata"


def resolve_db(cli_value: str | None) -> str:
    """--db beats REPLANNER_DB beats the per-user default; returns a path or a URL."""
    return cli_value or os.environ.get(ENV_DB) or str(default_db_path())
