"""persistence.bulk on real SQLite files and a real PostgreSQL server: rows, types, all or nothing."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

from rePlanner.domain.enums import Origin, Powertrain
from rePlanner.domain.progress import Cancelled
from rePlanner.persistence.base import utcnow
from rePlanner.persistence.bulk import allocate_ids, bulk_insert, insert_sql
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import (
    BomLine,
    BomRevision,
    Part,
    ProductionLine,
    Program,
    Site,
    Supplier,
)

PARTS: Table = Part.__table__  # type: ignore[assignment]
LINES: Table = BomLine.__table__  # type: ignore[assignment]
COLS = ("id", "part_number", "description", "uom")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db(request: pytest.FixtureRequest) -> Database:
    return request.getfixturevalue("db" if request.param == "sqlite" else "pg_db")


def part_rows(db: Database) -> list[tuple]:
    with db.session("t", audit=False) as s:
        stmt = select(Part.part_number, Part.description, Part.uom, Part.origin).order_by(Part.id)
        return list(s.execute(stmt).tuples())


def count(db: Database, model: type) -> int:
    with db.session("t", audit=False) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_rows_constants_and_column_defaults_arrive_as_typed(any_db):
    with any_db.session("t", audit=False) as s:
        ids = allocate_ids(s, PARTS, 3)
        rows = [(ids[0], "0042", "Rotor", "pc"), (ids[1], "A-7", None, "kg"),
                (ids[2], "Ω-9", "Spule 中", "m")]  # fmt: skip
        n = bulk_insert(s, PARTS, COLS, rows, constants={"origin": Origin.IMPORT})
    assert n == 3
    assert part_rows(any_db) == [("0042", "Rotor", "pc", Origin.IMPORT),
                                 ("A-7", None, "kg", Origin.IMPORT),
                                 ("Ω-9", "Spule 中", "m", Origin.IMPORT)]  # fmt: skip
    with any_db.session("t", audit=False) as s:  # the ORM reads what bulk wrote: same types
        parts = list(s.scalars(select(Part).order_by(Part.id)))
    assert [p.id for p in parts] == list(ids)
    assert all(isinstance(p.created_at, datetime) for p in parts)
    assert len({p.created_at for p in parts}) == 1  # the default is evaluated once per load
    assert abs((parts[0].updated_at - utcnow()).total_seconds()) < 60


def test_processors_apply_to_row_values_too(any_db):
    with any_db.session("t", audit=False) as s:
        ids = allocate_ids(s, PARTS, 2)
        rows = [(ids[0], "P1", Origin.DEMO), (ids[1], "P2", Origin.USER)]
        bulk_insert(s, PARTS, ("id", "part_number", "origin"), rows)
    assert [r[3] for r in part_rows(any_db)] == [Origin.DEMO, Origin.USER]
    assert [r[2] for r in part_rows(any_db)] == ["pc", "pc"]  # the column's default


def test_chunks_report_progress_and_a_generator_is_read_lazily(any_db):
    seen: list[int] = []
    made: list[int] = []

    def rows(ids):
        for k, i in enumerate(ids):
            made.append(k)
            yield (i, f"P{k}", None, "pc")

    with any_db.session("t", audit=False) as s:
        ids = allocate_ids(s, PARTS, 5)
        n = bulk_insert(s, PARTS, COLS, rows(ids), chunk=2,
                        on_chunk=lambda done: seen.append(len(made)) or None)  # fmt: skip
    assert n == 5 and seen == [2, 4, 5]  # each chunk is made only when it is written
    assert count(any_db, Part) == 5


def test_cancel_between_chunks_rolls_everything_back(any_db):
    def stop_after_two(done: int) -> None:
        if done >= 2:
            raise Cancelled("the test")

    with pytest.raises(Cancelled), any_db.session("t", audit=False) as s:
        ids = allocate_ids(s, PARTS, 5)
        rows = [(i, f"P{k}", None, "pc") for k, i in enumerate(ids)]
        bulk_insert(s, PARTS, COLS, rows, chunk=2, on_chunk=stop_after_two)
    assert count(any_db, Part) == 0  # the first chunk was written, then rolled back


def test_a_failing_row_rolls_back_the_chunks_before_it(any_db):
    with pytest.raises(IntegrityError), any_db.session("t", audit=False) as s:
        ids = allocate_ids(s, PARTS, 4)
        rows = [(ids[0], "P0", None, "pc"), (ids[1], "P1", None, "pc"),
                (ids[2], "P2", None, "pc"), (ids[3], "P0", None, "pc")]  # fmt: skip
        bulk_insert(s, PARTS, COLS, rows, chunk=2)
    assert count(any_db, Part) == 0


def test_children_refer_to_allocated_parent_ids(any_db):
    """A BOM tree in one executemany: parents first, foreign keys checked by the database."""
    with any_db.session("t", audit=False) as s:
        sup = Supplier(name="Own", country="DE", is_internal=True)
        s.add(sup)
        s.flush()
        site = Site(supplier_id=sup.id, name="Plant", country="DE")
        prog = Program(name="P", powertrain=Powertrain.BEV)
        s.add_all([site, prog])
        s.flush()
        pl = ProductionLine(name="L", plant_site_id=site.id, program_id=prog.id,
                            rate_per_day=1.0, margin_per_vehicle=1.0)  # fmt: skip
        s.add(pl)
        s.flush()
        rev = BomRevision(line_id=pl.id, revision=1, is_current=True, created_by="t")
        s.add(rev)
        s.flush()
        pid = allocate_ids(s, PARTS, 1)[0]
        bulk_insert(s, PARTS, COLS, [(pid, "X", None, "pc")])
        ids = allocate_ids(s, LINES, 3)
        rows = [(ids[0], None, 1), (ids[1], ids[0], 2), (ids[2], ids[1], 3)]
        bulk_insert(s, LINES, ("id", "parent_id", "level"), rows,
                    constants={"revision_id": rev.id, "part_id": pid, "quantity": 2.0})  # fmt: skip
    with any_db.session("t", audit=False) as s:
        got = s.execute(select(BomLine.id, BomLine.parent_id, BomLine.position)
                        .order_by(BomLine.level)).tuples().all()  # fmt: skip
    assert got == [(ids[0], None, 0), (ids[1], ids[0], 0), (ids[2], ids[1], 0)]


def test_a_child_before_its_parent_is_refused(db):
    """Foreign keys stay on: bulk_insert is no way around them."""
    with pytest.raises(IntegrityError), db.session("t", audit=False) as s:
        pid = allocate_ids(s, PARTS, 1)[0]
        bulk_insert(s, PARTS, COLS, [(pid, "X", None, "pc")])
        ids = allocate_ids(s, LINES, 2)
        bulk_insert(s, LINES, ("id", "parent_id", "level"), [(ids[1], ids[0] + 100, 2)],
                    constants={"revision_id": 1, "part_id": pid, "quantity": 1.0})  # fmt: skip


def test_nothing_to_insert(any_db):
    with any_db.session("t", audit=False) as s:
        assert bulk_insert(s, PARTS, COLS, iter(())) == 0
        assert list(allocate_ids(s, PARTS, 0)) == []


def test_allocated_ids_are_fresh_and_distinct(any_db):
    with any_db.session("t", audit=False) as s:
        first = list(allocate_ids(s, PARTS, 3))
        bulk_insert(s, PARTS, COLS, [(i, f"P{i}", None, "pc") for i in first])
        second = list(allocate_ids(s, PARTS, 3))
    assert len(set(first + second)) == 6


def test_statement_follows_the_dialects_paramstyle():
    sql, named = insert_sql(sqlite.dialect(), PARTS, ["id", "part_number"])
    assert (sql, named) == ("INSERT INTO parts (id, part_number) VALUES (?, ?)", False)
    sql, named = insert_sql(postgresql.psycopg.dialect(), PARTS, ["id", "part_number"])
    assert (sql, named) == ("INSERT INTO parts (id, part_number) VALUES (%s, %s)", False)
    sql, named = insert_sql(sqlite.dialect(paramstyle="named"), PARTS, ["id", "part_number"])
    assert (sql, named) == ("INSERT INTO parts (id, part_number) VALUES (:p0, :p1)", True)


@pytest.mark.parametrize("style", ["named", "qmark", "numeric"])
def test_any_paramstyle_on_a_plain_connection(tmp_path, style):
    from sqlalchemy import Column, DateTime, Integer, MetaData, String, create_engine

    meta = MetaData()
    t = Table("t", meta, Column("id", Integer, primary_key=True), Column("name", String(10)),
              Column("at", DateTime), Column("kind", String(5), default="x"))  # fmt: skip
    engine = create_engine(f"sqlite:///{tmp_path / 'p.sqlite'}", paramstyle=style)
    meta.create_all(engine)
    when = datetime(2024, 5, 6, 7, 8, 9)
    with engine.begin() as conn:
        assert bulk_insert(conn, t, ("id", "name", "at"), [(1, "a", when), (2, "b", None)]) == 2
    with engine.connect() as conn:
        assert conn.execute(select(t).order_by(t.c.id)).all() == [(1, "a", when, "x"),
                                                                   (2, "b", None, "x")]  # fmt: skip
    engine.dispose()
