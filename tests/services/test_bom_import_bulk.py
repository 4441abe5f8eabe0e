"""The BOM commit's bulk path: PostgreSQL as well as SQLite, lines in any order, cancellation."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from rePlanner.domain.progress import Cancelled, NullProgress
from rePlanner.persistence import models as m
from rePlanner.persistence.bulk import allocate_ids, bulk_insert
from rePlanner.services import bom_import_commit, crud
from rePlanner.services.bom_import import match_bom
from rePlanner.services.bom_import_commit import commit_bom, insert_lines, new_revision
from rePlanner.services.bom_import_restore import restore_revision
from rePlanner.services.bom_query import bom_tree
from tests.services.test_bom_import import BASE, CancelAfter, parsed_bom


def make_line(db) -> str:
    own = crud.create(db, "supplier", {"name": "Our Company", "country": "Germany",
                                        "is_internal": True, "tier": 0})  # fmt: skip
    site = crud.create(db, "site", {"supplier_id": own["id"], "name": "Bremen plant",
                                    "country": "Germany"})  # fmt: skip
    for name in ("Magnetic Co", "Winding GmbH", "Wheel Works"):
        crud.create(db, "supplier", {"name": name, "country": "Japan"})
    prog = crud.create(db, "program", {"name": "Norvik", "powertrain": "BEV"})
    crud.create(db, "production line", {"name": "B1", "plant_site_id": site["id"],
                                        "program_id": prog["id"], "rate_per_day": 400,
                                        "margin_per_vehicle": 9000})  # fmt: skip
    return "B1"


def tree(db, line: str, revision: int | None = None) -> list[tuple]:
    return [(r["level"], r["part_number"], r["quantity"], r["supplier"])
            for r in bom_tree(db, line, revision=revision)]  # fmt: skip


def test_commit_reimport_and_restore_on_postgresql(pg_db):
    line = make_line(pg_db)
    first = commit_bom(pg_db, match_bom(pg_db, parsed_bom(BASE), line))
    assert (first.lines_imported, first.parts_created) == (5, 5)
    assert tree(pg_db, line) == [(lv, pn, q, sup) for lv, pn, q, _d, sup in BASE]
    changed = [(1, "A100", 1.0, "Drive unit", None), (2, "N-1", 3.0, "New", "Wheel Works")]
    preview = match_bom(pg_db, parsed_bom(changed), line)
    assert [d.part_number for d in preview.diff.added] == ["N-1"]
    second = commit_bom(pg_db, preview)
    assert (second.revision, second.parts_created) == (2, 1)
    restore_revision(pg_db, line, 1)
    assert tree(pg_db, line) == tree(pg_db, line, revision=1)


def test_cancel_on_postgresql_writes_nothing(pg_db, monkeypatch, db_snapshot):
    line = make_line(pg_db)
    monkeypatch.setattr(bom_import_commit, "CHUNK", 2)
    preview = match_bom(pg_db, parsed_bom(BASE), line)
    before = db_snapshot(pg_db)
    with pytest.raises(Cancelled):
        commit_bom(pg_db, preview, progress=CancelAfter(1))
    assert db_snapshot(pg_db) == before


def test_lines_whose_parents_come_later_are_inserted_parents_first(db):
    """insert_lines takes lines in any order (the foreign key on parent_id is enforced)."""
    line = make_line(db)
    with db.session("t", audit=False) as s:
        pl = s.scalars(select(m.ProductionLine).where(m.ProductionLine.name == line)).one()
        rev = new_revision(s, pl.id, "t", None, "test")
        pid = allocate_ids(s, bom_import_commit.PARTS, 1)[0]
        bulk_insert(s, bom_import_commit.PARTS, ("id", "part_number", "uom"), [(pid, "X", "pc")])
        parents = [2, 0, None, 1]  # 3 -> 1 -> 0 -> 2 (the root)
        n = insert_lines(s, ("part_id", "quantity", "source_row"),
                         lambda i: (pid, 1.0, 10 + i), parents, NullProgress(),
                         {"revision_id": rev.id})  # fmt: skip
        assert n == 4
        got = s.execute(select(m.BomLine.id, m.BomLine.parent_id, m.BomLine.level,
                               m.BomLine.source_row)).tuples().all()  # fmt: skip
    by_row = {row: (lid, parent, level) for lid, parent, level, row in got}
    assert {row: level for row, (_i, _p, level) in by_row.items()} == {12: 1, 10: 2, 11: 3, 13: 4}
    for i, p in enumerate(parents):
        want = None if p is None else by_row[10 + p][0]
        assert by_row[10 + i][1] == want
