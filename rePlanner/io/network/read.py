"""Workbook access for network and supplier imports, through the shared hostile-file-safe reader."""

from __future__ import annotations

from pathlib import Path

from rePlanner.domain.errors import DataFileError
from rePlanner.domain.imports import SheetData
from rePlanner.io.spreadsheet import open_workbook


def read_sheets(path: Path) -> dict[str, SheetData]:
    """Every sheet's values by sheet name; a missing, broken or hostile file raises."""
    if not path.is_file():
        raise DataFileError(str(path), "no such file; check the path")
    with open_workbook(path) as src:
        return {name: src.read_sheet(name) for name in src.sheet_names()}
