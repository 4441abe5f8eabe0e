"""Restoring an older BOM revision: a new revision that copies it, so history stays as it was."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from rePlanner.domain.enums import AuditAction
from rePlanner.domain.errors import ReplannerError
from rePlanner.domain.progress import NullProgress, Progress
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import AuditEntry, BomLine
from rePlanner.services.bom_import_commit import insert_lines, new_revision
from rePlanner.services.bom_query import find_line, find_revision
from rePlanner.services.session import current_user

COPIED = ("part_id", "supplier_id", "quantity", "position", "import_batch_id", "source_sheet",
          "source_row")  # fmt: skip  # provenance travels with the copy


@dataclass(frozen=True)
class RestoreResult:
    line_name: str
    restored_from: int
    revision: int  # the new, current revision
    lines: int


def restore_revision(
    db: Database,
    line: str,
    revision: int,
    user: str | None = None,
    *,
    plant: str | None = None,
    progress: Progress | None = None,
) -> RestoreResult:
    """Make revision `revision` of `line` current again, as a new revision copying its lines."""
    who = user or current_user()
    with db.session(who, audit=False) as s:
        pl = find_line(s, line, plant)
        old = find_revision(s, pl, revision)
        if old.is_current:
            raise ReplannerError(
                f"revision {revision} of line {pl.name!r} is already the current one; nothing "
                "to restore"
            )
        copied = [getattr(BomLine, k) for k in COPIED]
        stmt = select(BomLine.id, BomLine.parent_id, *copied).where(BomLine.revision_id == old.id)
        src = s.execute(stmt.order_by(BomLine.id)).tuples().all()  # rows, not ORM objects
        index = {row[0]: i for i, row in enumerate(src)}
        parents = [None if row[1] is None else index[row[1]] for row in src]
        new = new_revision(s, pl.id, who, old.import_batch_id,
                            f"Restored from revision {revision}")  # fmt: skip
        new.label = old.label
        n = insert_lines(
            s,
            COPIED,
            lambda i: tuple(src[i][2:]),
            parents,
            progress or NullProgress(),
            {"revision_id": new.id},
        )
        s.add(AuditEntry(user=who, action=AuditAction.BULK, entity="bom_revisions",
                         entity_id=str(new.id),
                         summary=f"restored revision {revision} of line {pl.name!r} as "
                                 f"revision {new.revision} ({n} lines)",
                         changes={"line_id": pl.id, "restored_from": revision,
                                  "revision": new.revision, "lines": n}))  # fmt: skip
        return RestoreResult(pl.name, revision, new.revision, n)
