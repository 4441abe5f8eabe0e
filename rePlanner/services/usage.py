"""Why a row cannot be deleted: what still refers to it, following owned children.

Foreign keys with ON DELETE CASCADE mean "owned by" (deleting the parent deletes them);
anything else that points at the row, or at something it owns, blocks the deletion.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from rePlanner.persistence.models import Base

_MAX_DEPTH = 6


def _referencing(table: Table) -> list[tuple[Table, Any, str | None]]:
    """(child table, child FK column, ondelete) for every FK that points at `table`."""
    out = []
    for t in Base.metadata.sorted_tables:
        for fkc in t.foreign_key_constraints:
            if fkc.referred_table is table:
                col = fkc.columns[0]
                out.append((t, col, (fkc.ondelete or "").upper() or None))
    return out


def blocking_references(
    session: Session, table: Table, ids: set[Any], depth: int = 0
) -> Counter[str]:
    """Count rows outside the deletion that still point into it, by referencing table."""
    found: Counter[str] = Counter()
    if not ids or depth > _MAX_DEPTH:
        return found
    for child, col, ondelete in _referencing(table):
        if ondelete == "SET NULL":
            continue
        child_pk = list(child.primary_key.columns)
        rows = session.execute(select(*child_pk).where(col.in_(ids))).all()
        if not rows:
            continue
        if ondelete == "CASCADE":
            if child is table:  # self-reference (BOM line tree): children go with the parent
                continue
            child_ids = {r[0] for r in rows} if len(child_pk) == 1 else set()
            found += blocking_references(session, child, child_ids, depth + 1)
        else:
            found[child.name] += len(rows)
    return found
