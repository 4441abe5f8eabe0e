"""What a deletion takes with it and what still refers to it, following owned children.

Foreign keys with ON DELETE CASCADE mean "owned by" (deleting the parent deletes them);
anything else that points at the row, or at something it owns, blocks the deletion.
One walk serves both questions: the refusal (blocking_references) and the audit trail of
the rows the database deletes by itself (plan_deletion).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import RowMapping, Table, select
from sqlalchemy.orm import Session

from rePlanner.persistence.models import Base


@dataclass(frozen=True)
class Reference:
    """Rows of `child` whose foreign key `column` points into the rows being deleted."""

    child: Table
    column: Any
    ondelete: str | None
    rows: list[RowMapping]

    @property
    def owned(self) -> bool:
        return self.ondelete == "CASCADE"


@cache
def _referencing(table: Table) -> list[tuple[Table, Any, str | None]]:
    """(child table, child FK column, ondelete) for every FK that points at `table`."""
    out = []
    for t in Base.metadata.sorted_tables:
        for fkc in t.foreign_key_constraints:
            if fkc.referred_table is table:
                col = fkc.columns[0]
                out.append((t, col, (fkc.ondelete or "").upper() or None))
    return out


def walk(session: Session, table: Table, ids: set[Any]) -> Iterator[Reference]:
    """Every row pointing into the deletion, descending into owned (CASCADE) children.

    SET NULL references are skipped: the database clears them and nothing is lost. Rows are
    visited once, so self-references (the BOM line tree) and cycles end.
    """
    seen: set[tuple[str, Any]] = {(table.name, i) for i in ids}
    todo: list[tuple[Table, set[Any]]] = [(table, ids)]
    while todo:
        parent, parent_ids = todo.pop(0)
        for child, col, ondelete in _referencing(parent):
            if ondelete == "SET NULL" or not parent_ids:
                continue
            found = session.execute(select(child).where(col.in_(parent_ids))).mappings().all()
            pk = [c.name for c in child.primary_key.columns]
            fresh = [r for r in found if (child.name, _key(r, pk)) not in seen]
            if ondelete == "CASCADE":
                seen.update((child.name, _key(r, pk)) for r in fresh)
                if len(pk) == 1:  # only single-column keys can be referred to
                    todo.append((child, {r[pk[0]] for r in fresh}))
                found = fresh
            if found:
                yield Reference(child, col, ondelete, list(found))


def _key(row: RowMapping, pk: list[str]) -> Any:
    return row[pk[0]] if len(pk) == 1 else tuple(row[c] for c in pk)


@dataclass
class Deletion:
    """What deleting some rows means: who blocks it, and which owned rows go with them."""

    blockers: Counter[str]  # referencing table -> rows outside the deletion
    owned: list[tuple[Table, RowMapping]]  # removed by the database, parents first


def plan_deletion(session: Session, table: Table, ids: set[Any]) -> Deletion:
    plan = Deletion(Counter(), [])
    for ref in walk(session, table, ids):
        if ref.owned:
            plan.owned += [(ref.child, row) for row in ref.rows]
        else:
            plan.blockers[ref.child.name] += len(ref.rows)
    return plan


def blocking_references(session: Session, table: Table, ids: set[Any]) -> Counter[str]:
    """Count rows outside the deletion that still point into it, by referencing table."""
    return plan_deletion(session, table, ids).blockers
