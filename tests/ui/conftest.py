"""A small real database for the window tests, filled through the services."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from rePlanner.persistence.database import Database
from rePlanner.services import crud


def new(db: Database, entity: str, **values: Any) -> int:
    return int(crud.create(db, entity, values)["id"])


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Window settings in a temporary file, never the user's own."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def filled_db(db: Database) -> Database:
    """12 suppliers (site counts 0..11 so 9 and 10 both appear), 3 parts, 2 measures."""
    for i in range(12):
        sid = new(db, "supplier", name=f"Supplier {i:02d}", country="CN" if i % 3 else "DE", tier=1)
        for j in range(i):
            new(db, "site", supplier_id=sid, name=f"Site {j}", country="PL")
    nd = new(db, "material", element="Nd", stage="metal", name="Neodymium metal")
    dy = new(db, "material", element="Dy", stage="metal", name="Dysprosium metal")
    for number, description in (("0042", "Seat motor"), ("0100", "Bolt"), ("7", "Wiper motor")):
        pid = new(db, "part", part_number=number, description=description)
        if "motor" in description:
            new(db, "part material", part_id=pid, material_id=nd, kg_per_unit=0.03)
            new(db, "part material", part_id=pid, material_id=dy, kg_per_unit=0.002)
    measure = new(
        db, "policy measure", code="EC07", kind="export_control", title="Seven rare earths",
        date_effective=date(2025, 4, 4), licence_days_nominal=45,
    )  # fmt: skip
    crud.create(db, "measure material", {"measure_id": measure, "material_id": dy})
    new(
        db, "policy measure", code="EC14", kind="suspension", title="Suspension of EC08",
        date_effective=date(2025, 11, 7), suspended_from=date(2025, 11, 10),
        suspended_until=date(2026, 11, 10),
    )  # fmt: skip
    return db
