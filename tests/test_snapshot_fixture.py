"""The snapshot used by 'nothing written' tests notices any change, including in-place updates."""

from __future__ import annotations

from rePlanner.services import crud


def test_snapshot_sees_inserts_and_updates(db, db_snapshot):
    before = db_snapshot(db)
    sup = crud.create(db, "supplier", {"name": "A", "country": "DE"})
    after_insert = db_snapshot(db)
    assert after_insert != before
    crud.update(db, "supplier", sup["id"], {"country": "FR"})
    assert db_snapshot(db)["suppliers"] != after_insert["suppliers"]
    assert db_snapshot(db) == db_snapshot(db)
