"""BOM import against the demo company: a BOM exported from a line re-imports unchanged."""

from __future__ import annotations

import pytest

from rePlanner.domain.imports import BomField, BomLineIn, ColumnMapping, ParsedBom
from rePlanner.services.bom_import import match_bom
from rePlanner.services.bom_import_commit import commit_bom
from rePlanner.services.bom_query import bom_tree, revision_history
from rePlanner.services.demo import create_demo

LINE = "B1 Norvik"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    from rePlanner.persistence.database import open_database

    db = open_database(str(tmp_path_factory.mktemp("demo") / "demo.sqlite"))
    create_demo(db, user="tester")
    yield db
    db.dispose()


def as_parsed(tree: list[dict]) -> ParsedBom:
    """The tree as the BOM parser would hand it over (rows in tree order from row 2)."""
    mapping = ColumnMapping(1, {BomField.PART_NUMBER: 0, BomField.QUANTITY: 1}, ["PN", "Qty"])
    lines: list[BomLineIn] = []
    stack: list[int] = []
    for i, r in enumerate(tree):
        del stack[r["level"] - 1 :]
        lines.append(BomLineIn(i + 2, r["part_number"], r["quantity"], r["level"],
                               stack[-1] if stack else None, r["description"], r["unit"],
                               r["supplier"], r["position"]))  # fmt: skip
        stack.append(i)
    return ParsedBom("export.xlsx", "BOM", mapping, lines, rows_read=len(lines))


def test_reimporting_the_current_bom_changes_nothing_but_the_revision(demo):
    before = bom_tree(demo, LINE)
    current = revision_history(demo, LINE)[0].revision
    preview = match_bom(demo, as_parsed(before), LINE)
    assert preview.ok, preview.errors
    assert preview.diff.is_empty and preview.diff.unchanged == len(before)
    assert not preview.parts.new
    assert {s.status for s in preview.suppliers.values()} == {"exact"}
    result = commit_bom(demo, preview)
    assert result.revision == current + 1
    after = bom_tree(demo, LINE)
    strip = ("source_sheet", "source_row")
    assert [{k: v for k, v in r.items() if k not in strip} for r in after] == [
        {k: v for k, v in r.items() if k not in strip} for r in before
    ]
    assert {r["source_sheet"] for r in after} == {"BOM"}
    assert [r["source_row"] for r in after] == list(range(2, len(after) + 2))


def test_diff_against_the_previous_demo_revision(demo):
    old = bom_tree(demo, "B3 Kestrel", revision=1)
    new = bom_tree(demo, "B3 Kestrel")
    preview = match_bom(demo, as_parsed(old), "B3 Kestrel")
    # importing the superseded revision removes what the model year added
    assert len(preview.diff.removed) == len(new) - len(old) > 0
    assert not preview.diff.added and not preview.diff.changed
