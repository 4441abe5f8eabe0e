"""The BOM template, filled in as a buyer would, imports as it reads: round trip."""

from __future__ import annotations

from openpyxl import load_workbook

from rePlanner.io.bom.template import write_bom_template
from rePlanner.services import crud
from rePlanner.services.bom_import import match_bom, read_bom_file
from rePlanner.services.bom_import_commit import commit_bom
from rePlanner.services.bom_query import bom_tree

ROWS = [  # Level, Part Number, Description, Quantity, Unit, Supplier
    (1, "0100200", "Seat assembly front LH", 1, "pc", "Sitzwerk Nord"),
    (2, "0004711", "Seat track motor", 2, "pc", "Sitzwerk Nord"),
    (3, "00047119", "Motor magnet set NdFeB", 1, "set", "Sitzwerk Nord"),
    (2, "0004712", "Recliner motor", 1, "pc", "Sitzwerk Nord"),
    (1, "0200300", "Adhesive 1K epoxy", 0.25, "kg", "Sitzwerk Nord"),
]


def test_filled_template_imports_as_written(db, tmp_path):
    own = crud.create(db, "supplier", {"name": "Us", "country": "DE", "is_internal": True})
    crud.create(db, "site", {"supplier_id": own["id"], "name": "Plant", "country": "DE"})
    crud.create(db, "supplier", {"name": "Sitzwerk Nord", "country": "DE"})
    path = write_bom_template(tmp_path / "bom.xlsx")
    wb = load_workbook(path)
    sheet = wb["BOM"]
    headers = [c.value for c in sheet[1]]
    assert headers[:6] == ["Level", "Part Number", "Description", "Quantity", "Unit", "Supplier"]
    for r, values in enumerate(ROWS, start=2):
        for c, value in enumerate(values, start=1):
            sheet.cell(row=r, column=c, value=value)
    wb.save(path)

    parsed = read_bom_file(path)
    assert parsed.ok, [i.message for i in parsed.issues]
    preview = match_bom(db, parsed, "Seats", create_line=True)
    result = commit_bom(db, preview)
    assert result.revision == 1

    tree = bom_tree(db, "Seats")
    got = [
        (r["level"], r["part_number"], r["description"], r["quantity"], r["unit"], r["supplier"])
        for r in tree
    ]
    assert got == [(lv, pn, d, float(q), u, s) for lv, pn, d, q, u, s in ROWS]
    ext = {r["part_number"]: r["extended_quantity"] for r in tree}
    assert ext["00047119"] == 2.0  # 1 seat x 2 motors x 1 magnet set
    assert [r["source_row"] for r in tree] == [2, 3, 4, 5, 6]
