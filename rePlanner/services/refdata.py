"""Reference data (materials, export controls, quotas, shares, alternatives) in the database.

Reference rows carry origin=REFERENCE and a refresh touches only those: user rows are never
modified or deleted, and a reference row that user data still refers to is kept and reported.
Files are parsed completely before the one transaction starts, so a bad file changes nothing.
The upsert itself is in refdata_upsert, the stamps and audit in refdata_stamp.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from rePlanner.domain.errors import DataFileError
from rePlanner.io.refdata_csv import RefFile, read_refdata_csv, read_refdata_folder
from rePlanner.paths import refdata_dir
from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database
from rePlanner.services.refdata_records import REF
from rePlanner.services.refdata_stamp import AS_OF_KEY, stamp
from rePlanner.services.refdata_summary import KeptRow, RefdataSummary, TableCounts
from rePlanner.services.refdata_upsert import Loader
from rePlanner.services.session import current_user

__all__ = [
    "KeptRow",
    "RefdataSummary",
    "TableCounts",
    "reference_as_of",
    "reference_counts",
    "seed_reference",
    "update_reference",
]

# the tables that hold reference rows (origin column); measure_materials follow their measure
_WITH_ORIGIN: tuple[Any, ...] = (
    m.Material,
    m.PolicyMeasure,
    m.QuotaBatch,
    m.AlternativeSource,
    m.MarketShare,
    m.PartContentReference,
)


def seed_reference(
    db: Database, user: str | None = None, folder: Path | str | None = None
) -> RefdataSummary:
    """Load every shipped reference file; on a database that has them already, it refreshes."""
    return _load(db, read_refdata_folder(folder or refdata_dir()), user)


def update_reference(db: Database, path: Path | str, user: str | None = None) -> RefdataSummary:
    """Refresh from one CSV (recognised by its header) or a folder of them, all or nothing."""
    given = os.fspath(path)  # messages name the path as the user wrote it
    if not Path(given).exists():
        raise DataFileError(given, "no such file or folder")
    if not Path(given).is_dir():
        return _load(db, [read_refdata_csv(given)], user)
    files = read_refdata_folder(given)
    if not files:
        raise DataFileError(given, "no CSV files in this folder")
    return _load(db, files, user)


def reference_as_of(db: Database) -> date | None:
    with db.session(current_user(), audit=False) as s:
        value = s.get(m.AppMeta, AS_OF_KEY)
        return date.fromisoformat(value.value) if value and value.value else None


def reference_counts(db: Database) -> dict[str, int]:
    """Reference rows per table (user rows are not counted)."""
    with db.session(current_user(), audit=False) as s:
        out: dict[str, int] = {}
        for model in _WITH_ORIGIN:
            query = select(func.count()).select_from(model).where(model.origin == REF)
            out[model.__tablename__] = s.scalar(query) or 0
        ref_measures = select(m.PolicyMeasure.id).where(m.PolicyMeasure.origin == REF)
        query = select(func.count()).where(m.MeasureMaterial.measure_id.in_(ref_measures))
        out["measure_materials"] = s.scalar(query) or 0
        return out


def _load(db: Database, files: list[RefFile], user: str | None) -> RefdataSummary:
    if not files:
        raise DataFileError("reference data", "no CSV files to load")
    who = user or current_user()
    summary = RefdataSummary(files=[f.name for f in files])
    summary.skipped = [row for f in files for row in f.skipped]
    with db.session(who, audit=False) as s:
        Loader(s, {f.kind: f for f in files}, summary).run()
        summary.as_of = stamp(s, files, summary, who)
    return summary
