"""BOM import services on real SQLite: matching, diff, commit, provenance, revisions, restore."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from rePlanner.domain.errors import NotFoundError, ReplannerError
from rePlanner.domain.imports import (
    BomField,
    BomLineIn,
    ColumnMapping,
    ImportIssue,
    ParsedBom,
    Severity,
)
from rePlanner.domain.progress import Cancelled
from rePlanner.persistence import models as m
from rePlanner.services import bom_import_commit, crud
from rePlanner.services.bom_import import match_bom
from rePlanner.services.bom_import_commit import ImportBlocked, commit_bom
from rePlanner.services.bom_import_restore import restore_revision
from rePlanner.services.bom_query import bom_tree, diff_revisions, revision_history

HEADERS = ["Level", "Part number", "Description", "Qty", "Unit", "Supplier"]
MAPPING = ColumnMapping(
    header_row=1,
    columns={BomField.LEVEL: 0, BomField.PART_NUMBER: 1, BomField.DESCRIPTION: 2,
             BomField.QUANTITY: 3, BomField.UNIT: 4, BomField.SUPPLIER: 5},
    headers=HEADERS,
)  # fmt: skip

# level, part number, quantity, description, supplier
BASE = [
    (1, "A100", 1.0, "Drive unit", None),
    (2, "0042", 2.0, "Rotor", "Magnetic Co"),
    (3, "M-1", 8.0, "Magnet", "Magnetic Co"),
    (2, "S-7", 1.0, "Stator", "Winding GmbH"),
    (1, "B200", 4.0, "Wheel", "Wheel Works"),
]


def parsed_bom(spec, file="bom.xlsx", sheet="BOM", issues=()) -> ParsedBom:
    lines: list[BomLineIn] = []
    stack: list[int] = []  # index of the last line at each level
    for i, (level, pn, qty, desc, sup) in enumerate(spec):
        del stack[level - 1 :]
        parent = stack[-1] if stack else None
        lines.append(BomLineIn(row=i + 2, part_number=pn, quantity=qty, level=level,
                               parent=parent, description=desc, supplier=sup,
                               unit="pc", position=(i + 1) * 10))  # fmt: skip
        stack.append(i)
    return ParsedBom(file, sheet, MAPPING, lines, list(issues), rows_read=len(spec))


@pytest.fixture
def plant(db):
    own = crud.create(db, "supplier", {"name": "Our Company", "country": "Germany",
                                        "is_internal": True, "tier": 0})  # fmt: skip
    crud.create(db, "site", {"supplier_id": own["id"], "name": "Bremen plant",
                             "country": "Germany", "city": "Bremen"})  # fmt: skip
    for name in ("Magnetic Co", "Winding GmbH", "Wheel Works"):
        crud.create(db, "supplier", {"name": name, "country": "Japan"})
    return own


@pytest.fixture
def line(db, plant):
    site = crud.find(db, "site", name="Bremen plant")[0]
    prog = crud.create(db, "program", {"name": "Norvik", "powertrain": "BEV"})
    crud.create(db, "production line", {"name": "B1", "plant_site_id": site["id"],
                                        "program_id": prog["id"], "rate_per_day": 400,
                                        "margin_per_vehicle": 9000})  # fmt: skip
    return "B1"


def counts(db) -> dict[str, int]:
    tables = (m.Part, m.Supplier, m.BomRevision, m.BomLine, m.ImportBatch, m.AuditEntry,
              m.ProductionLine, m.Program)  # fmt: skip
    with db.session("t", audit=False) as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in tables}


def test_parts_match_by_exact_text_and_report_description_differences(db, line):
    crud.create(db, "part", {"part_number": "42", "description": "not the rotor"})
    crud.create(db, "part", {"part_number": "A100", "description": "Electric drive unit"})
    preview = match_bom(db, parsed_bom(BASE), line)
    assert preview.ok, preview.issues
    assert set(preview.parts.new) == {"0042", "M-1", "S-7", "B200"}  # "0042" is not "42"
    assert set(preview.parts.existing) == {"A100"}
    [diff] = [i for i in preview.issues if i.code == "part_description_differs"]
    assert (diff.row, diff.column, diff.value) == (2, "Description", "Drive unit")
    assert diff.severity is Severity.INFO


def test_suppliers_exact_ignores_case_and_spacing(db, line):
    spec = [(1, "X1", 1.0, "x", "  magnetic   CO "), (1, "X2", 1.0, "y", "WHEEL WORKS")]
    preview = match_bom(db, parsed_bom(spec), line)
    assert preview.ok, preview.issues
    assert {s.status for s in preview.suppliers.values()} == {"exact"}
    assert {s.supplier_name for s in preview.suppliers.values()} == {"Magnetic Co", "Wheel Works"}


def test_unknown_supplier_is_an_error_with_candidates(db, line):
    spec = [(1, "X1", 1.0, "x", "Magnetik Co"), (1, "X2", 1.0, "y", "Magnetik Co")]
    preview = match_bom(db, parsed_bom(spec), line)
    assert not preview.ok
    [err] = preview.errors
    assert err.code == "supplier_unknown" and err.row == 2 and err.column == "Supplier"
    assert "Magnetic Co" in err.message and "2 lines" in err.message
    match = preview.supplier_for("magnetik co")
    assert match is not None and match.candidates[0][0] == "Magnetic Co"
    assert 0.8 < match.candidates[0][1] < 1.0


def test_accept_threshold_create_flag_and_choices(db, line):
    spec = [(1, "X1", 1.0, "x", "Magnetik Co"), (1, "X2", 1.0, "y", "Brand New Ltd")]
    high = match_bom(db, parsed_bom(spec), line, accept_suppliers_above=0.99)
    assert {i.value for i in high.errors} == {"Magnetik Co", "Brand New Ltd"}
    low = match_bom(db, parsed_bom(spec), line, accept_suppliers_above=0.8)
    assert [i.value for i in low.errors] == ["Brand New Ltd"]  # nothing resembles it
    assert low.supplier_for("Magnetik Co").status == "accepted"
    both = match_bom(db, parsed_bom(spec), line, accept_suppliers_above=0.8,
                     create_suppliers=True)  # fmt: skip
    assert both.ok and both.supplier_for("Brand New Ltd").status == "new"
    wheel = crud.find(db, "supplier", name="Wheel Works")[0]["id"]
    chosen = match_bom(db, parsed_bom(spec), line,
                       supplier_choices={"magnetik co": wheel, "Brand New Ltd": None})  # fmt: skip
    assert chosen.ok
    assert chosen.supplier_for("Magnetik Co").supplier_name == "Wheel Works"
    result = commit_bom(db, both)
    assert result.suppliers_created == 1
    [new] = crud.find(db, "supplier", name="Brand New Ltd")
    assert new["origin"] == "import" and new["country"] == "unknown"


def test_commit_writes_revision_lines_and_provenance(db, line, tmp_path):
    file = tmp_path / "bom.xlsx"
    file.write_bytes(b"not really a workbook, but it has a hash")
    preview = match_bom(db, parsed_bom(BASE, file=str(file)), line)
    before = counts(db)
    result = commit_bom(db, preview, user="alice")
    after = counts(db)
    assert result.revision == 1 and result.lines_imported == 5 and result.parts_created == 5
    assert after["bom_lines"] - before["bom_lines"] == 5
    assert after["audit_log"] - before["audit_log"] == 1  # one BULK entry
    with db.session("t", audit=False) as s:
        batch = s.get_one(m.ImportBatch, result.import_batch_id)
        assert (batch.kind, batch.file_name, batch.sheet) == ("bom", str(file), "BOM")
        assert batch.imported_by == "alice" and batch.row_count == 5
        assert batch.file_sha256 is not None and len(batch.file_sha256) == 64
        lines = list(s.scalars(select(m.BomLine).order_by(m.BomLine.source_row)))
        assert [ln.source_row for ln in lines] == [2, 3, 4, 5, 6]
        assert {ln.source_sheet for ln in lines} == {"BOM"}
        assert {ln.import_batch_id for ln in lines} == {batch.id}
        by_row = {ln.source_row: ln for ln in lines}
        assert by_row[3].parent_id == by_row[2].id and by_row[4].parent_id == by_row[3].id
        assert by_row[5].parent_id == by_row[2].id and by_row[6].parent_id is None
        assert [by_row[r].level for r in (2, 3, 4, 5, 6)] == [1, 2, 3, 2, 1]
        assert by_row[4].supplier_id == s.scalar(
            select(m.Supplier.id).where(m.Supplier.name == "Magnetic Co")
        )
        entry = s.scalars(select(m.AuditEntry).order_by(m.AuditEntry.id.desc())).first()
        assert entry.action == "bulk" and entry.user == "alice" and "5 BOM lines" in entry.summary


def test_bom_tree_extended_quantities(db, line):
    commit_bom(db, match_bom(db, parsed_bom(BASE), line))
    tree = bom_tree(db, line)
    assert [r["part_number"] for r in tree] == ["A100", "0042", "M-1", "S-7", "B200"]
    magnet = tree[2]
    assert magnet["parent_part_number"] == "0042" and magnet["extended_quantity"] == 16.0
    assert magnet["supplier"] == "Magnetic Co" and magnet["unit"] == "pc"
    assert magnet["source_row"] == 4 and magnet["level"] == 3


def test_reimport_diff_added_removed_quantity_and_supplier(db, line):
    commit_bom(db, match_bom(db, parsed_bom(BASE), line))
    changed = [
        (1, "A100", 1.0, "Drive unit", None),
        (2, "0042", 2.0, "Rotor", "Magnetic Co"),
        (3, "M-1", 10.0, "Magnet", "Magnetic Co"),  # quantity 8 -> 10
        (2, "S-7", 1.0, "Stator", "Wheel Works"),  # supplier changed
        (2, "H-9", 1.0, "Housing", None),  # added
    ]  # B200 removed
    preview = match_bom(db, parsed_bom(changed), line)
    d = preview.diff
    assert d.against == 1
    assert [(a.parent_path, a.part_number) for a in d.added] == [(("A100",), "H-9")]
    assert [(r.parent_path, r.part_number) for r in d.removed] == [((), "B200")]
    assert [(c.part_number, c.old_quantity, c.new_quantity) for c in d.quantity_changed] == [
        ("M-1", 8.0, 10.0)
    ]
    assert [(c.part_number, c.old_supplier, c.new_supplier) for c in d.supplier_changed] == [
        ("S-7", "Winding GmbH", "Wheel Works")
    ]
    assert d.unchanged == 2
    js = preview.as_dict()["diff"]
    assert js["counts"] == {"added": 1, "removed": 1, "quantity_changed": 1,
                            "supplier_changed": 1, "unchanged": 2}  # fmt: skip
    assert js["removed"][0] == {"parent_path": "", "part_number": "B200", "quantity": 4.0,
                                "supplier": "Wheel Works", "row": 6}  # fmt: skip


def test_same_part_under_another_parent_is_a_different_line(db, line):
    commit_bom(db, match_bom(db, parsed_bom(BASE), line))
    moved = [*BASE[:4], (1, "B200", 4.0, "Wheel", "Wheel Works"), (2, "M-1", 8.0, "M", None)]
    d = match_bom(db, parsed_bom(moved), line).diff
    assert [(a.parent_path, a.part_number) for a in d.added] == [(("B200",), "M-1")]
    assert not d.removed and not d.changed


def test_revisions_number_up_and_only_the_last_is_current(db, line):
    for qty in (1.0, 2.0, 3.0):
        spec = [(1, "A100", qty, "Drive", None)]
        result = commit_bom(db, match_bom(db, parsed_bom(spec), line))
    assert result.revision == 3
    history = revision_history(db, line)
    assert [(h.revision, h.is_current, h.lines) for h in history] == [
        (3, True, 1), (2, False, 1), (1, False, 1)
    ]  # fmt: skip
    assert history[0].file_name == "bom.xlsx" and history[0].sheet == "BOM"
    assert bom_tree(db, line, revision=2)[0]["quantity"] == 2.0
    assert diff_revisions(db, line, 1, 3).quantity_changed[0].new_quantity == 3.0


def test_restore_copies_an_old_revision_as_a_new_one(db, line):
    commit_bom(db, match_bom(db, parsed_bom(BASE), line))
    commit_bom(db, match_bom(db, parsed_bom(BASE[:2]), line))
    before = counts(db)
    result = restore_revision(db, line, 1, user="bob")
    assert (result.revision, result.restored_from, result.lines) == (3, 1, 5)
    after = counts(db)
    assert after["bom_lines"] - before["bom_lines"] == 5
    assert after["audit_log"] - before["audit_log"] == 1
    assert [r for r in bom_tree(db, line)] == [r for r in bom_tree(db, line, revision=1)]
    assert len(bom_tree(db, line, revision=2)) == 2  # history is not rewritten
    assert diff_revisions(db, line, 1, 3).is_empty
    assert [h.is_current for h in revision_history(db, line)] == [True, False, False]
    with pytest.raises(ReplannerError, match="already the current"):
        restore_revision(db, line, 3)
    with pytest.raises(NotFoundError):
        restore_revision(db, line, 9)


def test_errors_refuse_the_commit_and_write_nothing(db, line, db_snapshot):
    bad = ImportIssue(Severity.ERROR, "quantity is not a number", "bom.xlsx", "BOM", 12,
                      "Menge", "2,5x", "quantity_not_numeric")  # fmt: skip
    preview = match_bom(db, parsed_bom(BASE, issues=[bad]), line)
    assert not preview.ok
    before = db_snapshot(db)
    with pytest.raises(ImportBlocked) as exc:
        commit_bom(db, preview)
    assert exc.value.issues == [bad]
    assert db_snapshot(db) == before


class CancelAfter:
    def __init__(self, updates: int) -> None:
        self.left = updates
        self.seen: list[int] = []

    def update(self, done: int, total: int, message: str = "") -> None:
        self.seen.append(done)
        self.left -= 1

    def cancelled(self) -> bool:
        return self.left <= 0


def test_cancel_mid_commit_writes_nothing(db, line, monkeypatch, db_snapshot):
    monkeypatch.setattr(bom_import_commit, "CHUNK", 1)
    preview = match_bom(db, parsed_bom(BASE), line)
    before = db_snapshot(db)
    progress = CancelAfter(3)
    with pytest.raises(Cancelled):
        commit_bom(db, preview, progress=progress)
    assert progress.seen == [1, 2, 3]  # lines were inserted before the cancel ...
    assert db_snapshot(db) == before  # ... and rolled back with everything else


def test_unknown_line_is_an_issue_unless_created(db, plant, db_snapshot):
    before = db_snapshot(db)
    preview = match_bom(db, parsed_bom(BASE), "B9 New")
    assert [i.code for i in preview.errors] == ["line_not_found"]
    preview = match_bom(db, parsed_bom(BASE), "B9 New", create_line=True)
    assert preview.ok and preview.target.create and preview.target.plant == "Bremen plant"
    assert any(i.code == "line_created" for i in preview.issues)
    assert db_snapshot(db) == before  # the preview writes nothing
    result = commit_bom(db, preview)
    assert result.line_created and result.program_created
    [pl] = crud.find(db, "production line", name="B9 New")
    assert pl["rate_per_day"] == 0 and pl["margin_per_vehicle"] == 0 and pl["origin"] == "import"
    [prog] = crud.find(db, "program", name="B9 New")
    assert prog["id"] == pl["program_id"] and prog["powertrain"] == "ICE"
    assert "placeholders" in revision_history(db, "B9 New")[0].note


def test_create_line_needs_a_plant_when_there_are_several(db, plant):
    crud.create(db, "site", {"supplier_id": plant["id"], "name": "Saltillo plant",
                             "country": "Mexico", "city": "Saltillo"})  # fmt: skip
    preview = match_bom(db, parsed_bom(BASE), "N1", create_line=True)
    assert [i.code for i in preview.errors] == ["plant_not_found"]
    assert "--plant" in preview.errors[0].message
    preview = match_bom(db, parsed_bom(BASE), "N1", create_line=True, plant="saltillo")
    assert preview.ok and preview.target.plant == "Saltillo plant"
    assert commit_bom(db, preview).line_created


def test_same_line_name_at_two_plants_needs_the_plant(db, line, plant):
    site = crud.create(db, "site", {"supplier_id": plant["id"], "name": "Saltillo plant",
                                    "country": "Mexico", "city": "Saltillo"})  # fmt: skip
    prog = crud.find(db, "program", name="Norvik")[0]
    crud.create(db, "production line", {"name": "B1", "plant_site_id": site["id"],
                                        "program_id": prog["id"], "rate_per_day": 1,
                                        "margin_per_vehicle": 1})  # fmt: skip
    preview = match_bom(db, parsed_bom(BASE), "b1")
    assert [i.code for i in preview.errors] == ["line_ambiguous"]
    preview = match_bom(db, parsed_bom(BASE), "b1", plant="Saltillo")
    assert preview.ok and preview.target.plant_site_id == site["id"]


def test_empty_bom_is_refused(db, line):
    preview = match_bom(db, parsed_bom([]), line)
    assert [i.code for i in preview.errors] == ["bom_empty"]


def with_units(spec, units: dict[int, str | None]) -> ParsedBom:
    parsed = parsed_bom(spec)
    for i, unit in units.items():
        parsed.lines[i].unit = unit
    return parsed


def test_a_unit_that_contradicts_the_parts_unit_is_reported(db, line):
    crud.create(db, "part", {"part_number": "A100", "uom": "pc"})
    crud.create(db, "part", {"part_number": "S-7", "uom": "kg"})
    crud.create(db, "part", {"part_number": "B200", "uom": "pc"})
    # A100 "kg" for a counted part; S-7 "g" for a part kept in kg; B200 "Stk" is just "pc"
    preview = match_bom(db, with_units(BASE, {0: "kg", 3: "g", 4: "Stk"}), line)
    found = {i.code: i for i in preview.issues if i.code.startswith("unit_")}
    assert set(found) == {"unit_conflict", "unit_differs"}
    mass = found["unit_conflict"]  # a mass cannot stand for a count: blocks the import
    assert (mass.severity, mass.row, mass.column, mass.value) == (Severity.ERROR, 2, "Unit", "kg")
    assert "part A100 is given in 'kg'" in mass.message and "'pc'" in mass.message
    same = found["unit_differs"]  # g vs kg: same kind, maybe a factor off: a warning
    assert (same.severity, same.row, same.column, same.value) == (Severity.WARNING, 5, "Unit", "g")
    assert "'kg'" in same.message
    assert not preview.ok


def test_lines_of_one_new_part_with_different_units_are_reported(db, line):
    spec = [(1, "N1", 1.0, "x", None), (1, "N1", 2.0, "x", None), (1, "N1", 3.0, "x", None)]
    preview = match_bom(db, with_units(spec, {0: "kg", 1: "pc", 2: "pc"}), line)
    [issue] = [i for i in preview.issues if i.code == "unit_conflict"]
    assert (issue.row, issue.value) == (3, "pc") and "on 2 lines" in issue.message


def test_create_suppliers_does_not_create_a_look_alike(db, line):
    spec = [(1, "X1", 1.0, "x", "Magnetik Co"), (1, "X2", 1.0, "y", "Brand New Ltd")]
    preview = match_bom(db, parsed_bom(spec), line, create_suppliers=True)
    [err] = preview.errors
    assert (err.code, err.value, err.row) == ("supplier_unknown", "Magnetik Co", 2)
    assert "'Magnetic Co'" in err.message and "--accept-suppliers-above 0.9" in err.message
    assert preview.supplier_for("Brand New Ltd").status == "new"  # nothing close: created
    accepted = match_bom(db, parsed_bom(spec), line, create_suppliers=True,
                         accept_suppliers_above=0.9)  # fmt: skip
    assert accepted.ok and accepted.supplier_for("Magnetik Co").supplier_name == "Magnetic Co"


def test_not_found_messages_are_sentences(db, line):
    commit_bom(db, match_bom(db, parsed_bom(BASE), line))
    commit_bom(db, match_bom(db, parsed_bom(BASE[:2]), line))
    with pytest.raises(NotFoundError) as exc:
        bom_tree(db, line, revision=99)
    assert str(exc.value) == "line 'B1' has no BOM revision 99 (revisions: 1-2)"
    assert (exc.value.entity, exc.value.key) == ("BOM revision", 99)
    with pytest.raises(NotFoundError) as exc:
        bom_tree(db, "B7")
    assert str(exc.value) == "there is no production line 'B7'"
    with pytest.raises(NotFoundError) as exc:
        bom_tree(db, "B1", plant="Bremen plant", revision=3)
    assert str(exc.value).startswith("line 'B1' has no BOM revision 3 (")


class CancelOn:
    """Cancels once an update's message contains `word` (and counts the checks after it)."""

    def __init__(self, word: str) -> None:
        self.word, self.armed, self.messages = word, False, []

    def update(self, done: int, total: int, message: str = "") -> None:
        self.messages.append(message)
        self.armed = self.armed or self.word in message

    def cancelled(self) -> bool:
        return self.armed


def test_cancel_while_matching_raises_and_writes_nothing(db, line, db_snapshot, monkeypatch):
    crud.create(db, "part", {"part_number": "A100"})
    before = db_snapshot(db)
    progress = CancelOn("matching parts")
    with pytest.raises(Cancelled, match="matching the parts was cancelled"):
        match_bom(db, parsed_bom(BASE), line, progress=progress)
    assert progress.messages[-1] == "matching parts"
    assert db_snapshot(db) == before


def test_large_boms_are_checked_between_chunks_of_parts(db, line):
    from rePlanner.services.bom_import_match import known_parts

    class CountChecks:
        checks = 0

        def update(self, done: int, total: int, message: str = "") -> None:
            pass

        def cancelled(self) -> bool:
            self.checks += 1
            return False

    for i in range(60):  # many more parts than asked for: looked up in chunks
        crud.create(db, "part", {"part_number": f"P{i}"})
    prog = CountChecks()
    with db.session("t", audit=False) as s:
        found = list(known_parts(s, [f"P{i}" for i in range(10)], "id", chunk=3, progress=prog))
    assert len(found) == 10 and prog.checks == 4  # chunks of 3: 3 + 3 + 3 + 1
