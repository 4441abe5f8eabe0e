"""Write the demo plan's rows with ids the database assigns.

The plan numbers its rows itself (1, 2, ...) so that it can link them in pure Python. Writing
those numbers as ids would leave PostgreSQL's sequences behind (the next ordinary insert would
collide with a demo row) and would clash with rows already in the table, so every table is
inserted without its ids and the plan ids in the later tables' foreign keys are translated to
the ids the database returned. Content and order are unchanged, so a seed gives the same data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Table, insert
from sqlalchemy.orm import Session

Row = dict[str, Any]
IdMap = dict[str, dict[int, int]]  # table name -> plan id -> database id


def insert_tables(
    s: Session, tables: Iterable[Table], rows: Callable[[str], list[Row]]
) -> dict[str, int]:
    """Insert rows(table name) for each table in order (foreign keys point backwards)."""
    ids: IdMap = {}
    counts = {}
    for table in tables:
        todo = rows(table.name)
        ids[table.name] = {}
        refs = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
        for wave in _waves(table.name, todo, refs):
            new = _insert(s, table, [_translated(r, refs, ids) for r in wave])
            pairs = zip(wave, new, strict=True)
            ids[table.name].update((r["id"], n) for r, n in pairs if "id" in r)
        counts[table.name] = len(todo)
    return counts


def _waves(name: str, rows: list[Row], refs: dict[str, str]) -> list[list[Row]]:
    """Rows split so that a row referring to its own table (a BOM line's parent) comes in a
    later wave than the row it refers to: its database id must be known first."""
    own = [col for col, target in refs.items() if target == name]
    waves: list[list[Row]] = []
    placed: set[int] = set()
    pending = rows
    while pending:
        wave = [r for r in pending if all(r.get(c) is None or r[c] in placed for c in own)]
        if not wave:
            raise ValueError(f"{name}: rows refer to rows that are not in the plan")
        waves.append(wave)
        placed |= {r["id"] for r in wave if "id" in r}
        taken = {id(r) for r in wave}
        pending = [r for r in pending if id(r) not in taken]
    return waves


def _translated(row: Row, refs: dict[str, str], ids: IdMap) -> Row:
    """The row without its plan id, its references to demo tables as database ids."""
    out = {k: v for k, v in row.items() if k != "id"}
    for col, target in refs.items():
        if target in ids and out.get(col) is not None:
            out[col] = ids[target][out[col]]
    return out


def _insert(s: Session, table: Table, rows: list[Row]) -> list[int]:
    """Insert rows and return their database ids, in the rows' order."""
    if not rows:
        return []
    stmt = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(s.scalars(stmt, rows))
