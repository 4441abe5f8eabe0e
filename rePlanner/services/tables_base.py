"""What every read-model table is made of: columns, rows of plain values, shared helpers.

No Qt. services.tables re-exports Column, ColumnKind and TableData: most code imports them there.
"""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from sqlalchemy import Select
from sqlalchemy.orm import Session

from rePlanner.persistence.database import Database
from rePlanner.services.session import current_user

# "enum" holds a StrEnum value and "status" a MeasureState value: the UI words both.
ColumnKind = Literal["text", "number", "int", "date", "share", "bool", "enum", "status"]


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    kind: ColumnKind = "text"
    tip: str = ""  # what the column means, when the title cannot say it all
    field: str | None = None  # the entity field an edit of this column changes; None: computed


@dataclass
class TableData:
    """Rows of plain values (str, int, float, bool, date, None) in column order; keys = row ids."""

    columns: list[Column]
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    keys: list[int] = field(default_factory=list)
    on: date | None = None  # the day statuses refer to, when the table has any
    entity: str | None = None  # the registry name of the rows' object ("supplier"), if editable

    def column_index(self, key: str) -> int:
        for i, col in enumerate(self.columns):
            if col.key == key:
                return i
        raise KeyError(key)


def read(db: Database) -> AbstractContextManager[Session]:
    """A session for reading: no audit rows."""
    return db.session(current_user(), audit=False)


def plain_table(columns: list[Column], result: Any, entity: str) -> TableData:
    """A table from query rows shaped (id, *values in column order)."""
    data = TableData(columns, entity=entity)
    for row in result:
        data.keys.append(row[0])
        data.rows.append(tuple(row[1:]))
    return data


def only(query: Select[Any], key: Any, keys: Collection[int] | None) -> Select[Any]:
    """The query limited to these ids (all rows when keys is None)."""
    return query if keys is None else query.where(key.in_(list(keys)))


def ordered(columns: list[Column], **values: Any) -> tuple[Any, ...]:
    """A row in column order, so reordering the columns cannot misplace a value."""
    return tuple(values[c.key] for c in columns)


def plain(v: Any) -> Any:
    """Enum members as their stored value, so the UI gets plain strings."""
    return getattr(v, "value", v)
