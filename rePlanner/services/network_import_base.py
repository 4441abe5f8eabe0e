"""What the network and supplier imports share: the result, tallies and the all-or-nothing unit.

A unit of work runs every database step in ONE session without per-row audit; it writes one
ImportBatch and one BULK audit entry. Problems found while matching against the database are
ImportIssues like the file's own; any error (or a dry run) rolls the whole unit back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from rePlanner.domain.enums import AuditAction
from rePlanner.domain.errors import ReplannerError
from rePlanner.domain.imports import ImportIssue, Severity
from rePlanner.io.files import file_sha256
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import AuditEntry, ImportBatch

ACTIONS = ("created", "updated", "unchanged", "deleted")


@dataclass
class ImportResult:
    kind: str  # network, suppliers
    file: str
    ok: bool = False
    dry_run: bool = False
    rows_read: int = 0
    issues: list[ImportIssue] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # what the file holds
    changes: dict[str, dict[str, int]] = field(default_factory=dict)  # entity -> action -> n
    batch_id: int | None = None
    name: str | None = None  # network name

    @property
    def errors(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "kind": self.kind,
            "file": self.file,
            "name": self.name,
            "dry_run": self.dry_run,
            "rows_read": self.rows_read,
            **self.counts,
            "changes": self.changes,
            "batch_id": self.batch_id,
            "issues": [i.as_dict() for i in self.issues],
        }


class Tally:
    """Created / updated / unchanged / deleted per entity, for the summary and the audit."""

    def __init__(self) -> None:
        self.by: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ACTIONS, 0))

    def add(self, entity: str, action: str, n: int = 1) -> None:
        self.by[entity][action] += n

    def assign(self, entity: str, obj: Any, values: dict[str, Any]) -> None:
        """Set only what differs and count the row as updated or unchanged."""
        changed = False
        for key, value in values.items():
            if getattr(obj, key) != value:
                setattr(obj, key, value)
                changed = True
        self.add(entity, "updated" if changed else "unchanged")

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {k: dict(v) for k, v in self.by.items()}

    def summary(self) -> str:
        parts = []
        for entity, acts in self.by.items():
            done = ", ".join(f"{n} {a}" for a, n in acts.items() if n and a != "unchanged")
            if done:
                parts.append(f"{entity}: {done}")
        return "; ".join(parts) or "no changes"


class _Rollback(Exception):
    """Leaves the unit of work without committing (dry run or blocking issues)."""


def run_unit(
    db: Database, user: str, result: ImportResult, work: Callable[[Session], None]
) -> None:
    """Run `work` in one transaction; commit only if it added no error and this is no dry run."""
    try:
        with db.session(user, audit=False) as s:
            work(s)
            if result.errors or result.dry_run:
                raise _Rollback
            s.flush()
    except _Rollback:
        pass
    except IntegrityError as exc:  # a rule the checks did not foresee: name it, change nothing
        raise ReplannerError(
            f"{result.file}: the database refused the import ({exc.orig}); nothing was changed"
        ) from exc
    result.ok = not result.errors


def record_batch(
    s: Session, result: ImportResult, path: Path, sheet: str, user: str, tally: Tally
) -> None:
    """One ImportBatch and one BULK audit entry for the whole import."""
    summary = f"{result.kind} import of {path.name}: {tally.summary()}"
    if result.name:
        summary = f"{result.kind} {result.name!r} imported from {path.name}: {tally.summary()}"
    batch = ImportBatch(
        kind=result.kind,
        file_name=str(path),
        file_sha256=file_sha256(path),
        sheet=sheet,
        imported_by=user,
        row_count=result.rows_read,
        message=summary,
    )
    s.add(batch)
    s.flush()
    result.batch_id = batch.id
    s.add(
        AuditEntry(
            user=user,
            action=AuditAction.BULK,
            entity=result.kind,
            entity_id=result.name or str(batch.id),
            summary=summary,
            changes={"import_batch_id": batch.id, **tally.as_dict()},
        )
    )


def db_issue(result: ImportResult, message: str, code: str, **where: Any) -> None:
    """An error found while matching the file against the database."""
    result.issues.append(ImportIssue(Severity.ERROR, message, result.file, code=code, **where))
