"""What one reference-data load did, per table: returned to the CLI and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rePlanner.io.refdata_csv import SkippedRow


@dataclass
class TableCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    kept: int = 0  # reference rows gone from the file but still used: not deleted
    user_owned: int = 0  # file rows whose natural key a user row holds: not written


@dataclass(frozen=True)
class KeptRow:
    table: str
    key: str
    reason: str


@dataclass
class RefdataSummary:
    tables: dict[str, TableCounts] = field(default_factory=dict)
    skipped: list[SkippedRow] = field(default_factory=list)
    kept: list[KeptRow] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    as_of: date | None = None

    def counts(self, table: str) -> TableCounts:
        return self.tables.setdefault(table, TableCounts())
