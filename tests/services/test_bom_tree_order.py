"""The BOM tree lists siblings in the order of the file they came from."""

from __future__ import annotations

from pathlib import Path

from rePlanner.services.bom_import import match_bom, read_bom_file
from rePlanner.services.bom_import_commit import commit_bom
from rePlanner.services.bom_query import bom_tree
from rePlanner.services.workspace import build_demo

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def test_tree_follows_file_order_even_with_blank_positions(tmp_path):
    result = build_demo(str(tmp_path / "d.sqlite"))
    db = result.db
    try:
        parsed = read_bom_file(SAMPLES / "bom_messy.xlsx")
        preview = match_bom(db, parsed, "Order test", create_line=True, plant="Plant Bremen")
        commit_bom(db, preview)
        tree = bom_tree(db, "Order test")
    finally:
        db.dispose()
    top_rows = [r["source_row"] for r in tree if r["level"] == 1]
    assert top_rows == sorted(top_rows)  # the hidden, position-less row 14 stays in place
    assert tree[0]["source_row"] == min(r["source_row"] for r in tree)
