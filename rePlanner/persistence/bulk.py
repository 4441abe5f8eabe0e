"""Fast bulk inserts: one INSERT built once, rows fed to the driver's executemany as tuples.

SQLAlchemy Core `session.execute(insert(t), list_of_dicts)` compiles and processes parameters
per row; for a 500,000-line BOM that costs more than the database's own work. Here the statement
is written once for the connection's dialect (its quoting and paramstyle), bind processors are
applied only to the columns that have one (on SQLite: dates, enums) and constants and Python-side
column defaults are processed once per call and appended to every row.

Rows go through the caller's connection, inside its transaction: nothing is committed here, and a
rollback (e.g. after `on_chunk` raised Cancelled) leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.orm import Session

CHUNK = 5000  # rows per executemany: the granularity of progress and cancellation

Processor = Callable[[Any], Any] | None


def _placeholders(dialect: Dialect, names: Sequence[str]) -> tuple[str, bool]:
    """VALUES placeholders for the dialect's paramstyle; True if rows must be dicts."""
    style = dialect.paramstyle
    if style == "qmark":
        return ", ".join("?" * len(names)), False
    if style in ("format", "pyformat"):  # psycopg and friends take positional %s in both styles
        return ", ".join(["%s"] * len(names)), False
    if style == "numeric":
        return ", ".join(f":{i}" for i in range(1, len(names) + 1)), False
    if style == "numeric_dollar":
        return ", ".join(f"${i}" for i in range(1, len(names) + 1)), False
    return ", ".join(f":p{i}" for i in range(len(names))), True  # named


def insert_sql(dialect: Dialect, table: Table, names: Sequence[str]) -> tuple[str, bool]:
    """`INSERT INTO t (a, b) VALUES (?, ?)` for the dialect; True if rows must be dicts."""
    prep = dialect.identifier_preparer
    cols = ", ".join(prep.format_column(table.c[n]) for n in names)
    values, named = _placeholders(dialect, names)
    return f"INSERT INTO {prep.format_table(table)} ({cols}) VALUES ({values})", named


def _processor(dialect: Dialect, table: Table, name: str) -> Processor:
    col_type = table.c[name].type
    return col_type.dialect_impl(dialect).bind_processor(dialect)


def _defaults(table: Table, given: set[str]) -> dict[str, Any]:
    """Python-side insert defaults (scalars, argument-less callables) of the columns not given."""
    out: dict[str, Any] = {}
    for col in table.columns:
        default = col.default
        if col.name in given or default is None:
            continue
        if default.is_scalar:
            out[col.name] = default.arg  # type: ignore[attr-defined]
        elif default.is_callable:
            out[col.name] = default.arg(None)  # type: ignore[attr-defined]  # e.g. utcnow
        elif default.is_clause_element:  # a SQL expression: give the column a value instead
            raise NotImplementedError(f"bulk_insert: SQL default of {table.name}.{col.name}")
    return out


def _connection(target: Session | Connection) -> Connection:
    return target.connection() if isinstance(target, Session) else target


def bulk_insert(
    target: Session | Connection,
    table: Table,
    columns: Sequence[str],
    rows: Iterable[tuple[Any, ...]],
    *,
    constants: Mapping[str, Any] | None = None,
    chunk: int = CHUNK,
    on_chunk: Callable[[int], None] | None = None,
) -> int:
    """Insert `rows` (tuples in the order of `columns`) into `table`; returns the rows written.

    `constants`: values shared by every row (e.g. the revision id). Columns given neither way get
    their Python-side default (evaluated once: one timestamp for the whole load). `on_chunk(n)`
    runs after every chunk with the rows written so far; whatever it raises (Cancelled) stops the
    insert, and the caller's rollback undoes all of it. A Session is flushed first, so rows may
    refer to objects added to it.
    """
    if isinstance(target, Session):
        target.flush()
    conn = _connection(target)
    dialect = conn.dialect
    fixed = dict(constants or {})
    for name, value in _defaults(table, {*columns, *fixed}).items():
        fixed[name] = value
    names = [*columns, *fixed]
    sql, named = insert_sql(dialect, table, names)
    procs = [_processor(dialect, table, n) for n in columns]
    tail = tuple(
        p(v) if (p := _processor(dialect, table, n)) and v is not None else v
        for n, v in fixed.items()
    )
    convert = _converter(procs, tail, named)
    source = iter(rows)
    done = 0
    while batch := list(islice(source, chunk)):
        params = convert(batch)
        conn.exec_driver_sql(sql, params)
        done += len(batch)
        if on_chunk is not None:
            on_chunk(done)
    return done


def _converter(
    procs: list[Processor], tail: tuple[Any, ...], named: bool
) -> Callable[[list[tuple[Any, ...]]], list[Any]]:
    """rows -> DBAPI parameters: processed columns, constants appended (dicts if named)."""
    active = [(i, p) for i, p in enumerate(procs) if p is not None]

    def process(row: tuple[Any, ...]) -> tuple[Any, ...]:
        values = list(row)
        for i, p in active:
            if values[i] is not None:
                values[i] = p(values[i])
        return (*values, *tail)

    if named:
        keys = [f"p{i}" for i in range(len(procs) + len(tail))]
        return lambda batch: [dict(zip(keys, process(r), strict=True)) for r in batch]
    if active:
        return lambda batch: [process(r) for r in batch]
    if tail:
        return lambda batch: [r + tail for r in batch]
    return lambda batch: [tuple(r) for r in batch]


def allocate_ids(target: Session | Connection, table: Table, n: int) -> Sequence[int]:
    """Ids for n new rows of `table`, so that they can go in with bulk_insert and be referred to.

    SQLite: the n ids above the largest one; safe only once the transaction has written something
    (it then holds the database's write lock). PostgreSQL: drawn from the id column's sequence.
    """
    conn = _connection(target)
    dialect = conn.dialect.name
    if n <= 0:
        return []
    if dialect == "sqlite":
        start = conn.scalar(select(func.max(table.c.id))) or 0
        return range(start + 1, start + n + 1)
    if dialect == "postgresql":
        seq = text("SELECT nextval(pg_get_serial_sequence(:t, 'id')) FROM generate_series(1, :n)")
        return list(conn.scalars(seq, {"t": table.name, "n": n}))
    raise NotImplementedError(f"allocating ids on {dialect} databases")
