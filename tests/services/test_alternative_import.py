"""Alternative-source import: resolve against the database, all or nothing, re-import updates."""

from __future__ import annotations

from datetime import date

import pytest
from openpyxl import load_workbook

from rePlanner.domain.enums import AuditAction, Origin, SourceKind, SourceStatus
from rePlanner.domain.errors import DataFileError
from rePlanner.io.network.alternatives_template import write_alternatives_template
from rePlanner.services import crud
from rePlanner.services.alternative_import import AlternativeImportError, import_alternatives
from rePlanner.services.refdata import seed_reference
from tests.io.network.helpers import write_book

HEADER = ["Name", "Kind", "Supplier", "Part Number", "Material", "China Share", "Status",
          "Location", "Depends On"]  # fmt: skip
SUPPLIER_ROW = ["EU Magnets", None, "Magnetics GmbH", None, "NdFeB magnet", "20 %", "qualified",
                "Hanau", "Dy metal: 100 %; NdPr oxide: 30 %"]  # fmt: skip
DESIGN_ROW = ["Dy-free rotor", "design", None, "000123", None, None, None, None, "NdPr oxide: 0.6"]


@pytest.fixture
def ws(db):
    """Reference data (materials, reference alternatives), one supplier and one part."""
    seed_reference(db, user="tester")
    crud.create(db, "supplier", {"name": "Magnetics GmbH", "country": "Germany"})
    crud.create(db, "part", {"part_number": "000123", "description": "Rotor"})
    return db


def book(tmp_path, *rows, name="a.xlsx"):
    return write_book(tmp_path / name, {"Alternatives": [HEADER, *rows]})


def alt(db, name):
    (row,) = crud.find(db, "alternative source", name=name)
    return row


def depends(db, alt_id) -> dict[str, float]:
    out = {}
    for am in crud.find(db, "alternative material", alternative_id=alt_id):
        m = crud.get(db, "material", am["material_id"])
        out[f"{m['element']} {m['stage']}"] = am["china_share"]
    return out


def test_creates_alternatives_and_their_materials(ws, tmp_path):
    result = import_alternatives(ws, book(tmp_path, SUPPLIER_ROW, DESIGN_ROW))
    assert (result.created, result.updated, result.warnings) == (2, 0, [])
    eu = alt(ws, "EU Magnets")
    supplier = crud.find(ws, "supplier", name="Magnetics GmbH")[0]
    magnet = crud.find(ws, "material", element="NdFeB", stage="magnet")[0]
    assert (eu["supplier_id"], eu["material_id"], eu["part_id"]) == (supplier["id"], magnet["id"],
                                                                      None)  # fmt: skip
    assert (eu["kind"], eu["status"], eu["origin"]) == (SourceKind.SUPPLIER,
                                                        SourceStatus.QUALIFIED, Origin.IMPORT)  # fmt: skip
    assert eu["china_share"] == 0.2 and eu["location"] == "Hanau"
    assert depends(ws, eu["id"]) == {"Dy metal": 1.0, "NdPr oxide": 0.3}
    rotor = alt(ws, "Dy-free rotor")
    part = crud.find(ws, "part", part_number="000123")[0]
    assert (rotor["kind"], rotor["part_id"], rotor["status"]) == (SourceKind.DESIGN, part["id"],
                                                                  SourceStatus.CANDIDATE)  # fmt: skip
    assert depends(ws, rotor["id"]) == {"NdPr oxide": 0.6}
    (batch,) = crud.find(ws, "import batch", kind="alternatives")
    assert batch["row_count"] == 2 and batch["sheet"] == "Alternatives"


def test_one_bulk_audit_entry(ws, tmp_path):
    from sqlalchemy import select

    from rePlanner.persistence.models import AuditEntry

    import_alternatives(ws, book(tmp_path, SUPPLIER_ROW), user="anna")
    with ws.session("t", audit=False) as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity == "alternatives")).all()
        assert [(e.action, e.user) for e in entries] == [(AuditAction.BULK, "anna")]
        assert entries[0].changes["alternative source"]["created"] == 1


def test_reimport_updates_instead_of_duplicating(ws, tmp_path):
    import_alternatives(ws, book(tmp_path, SUPPLIER_ROW, DESIGN_ROW))
    changed = [" eu  MAGNETS", None, None, None, "NdFeB magnet", "35 %", None, None,
               "Dy metal: 50 %"]  # fmt: skip
    result = import_alternatives(ws, book(tmp_path, changed, DESIGN_ROW, name="b.xlsx"))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    assert len(crud.find(ws, "alternative source", origin="import")) == 2
    eu = alt(ws, "EU Magnets")  # the stored spelling stays; blank cells leave values alone
    assert (eu["china_share"], eu["status"], eu["location"]) == (0.35, SourceStatus.QUALIFIED,
                                                                 "Hanau")  # fmt: skip
    assert depends(ws, eu["id"]) == {"Dy metal": 0.5}  # replaced: NdPr oxide is gone
    assert result.changes["alternative material"] == {"created": 0, "updated": 1,
                                                      "unchanged": 0, "deleted": 1}  # fmt: skip


def test_none_clears_the_dependencies(ws, tmp_path):
    import_alternatives(ws, book(tmp_path, SUPPLIER_ROW))
    row = [*SUPPLIER_ROW[:-1], "none"]
    import_alternatives(ws, book(tmp_path, row, name="b.xlsx"))
    assert depends(ws, alt(ws, "EU Magnets")["id"]) == {}


def test_reference_row_that_changes_becomes_import(ws, tmp_path):
    ref = [a for a in crud.find(ws, "alternative source", name="Lynas Rare Earths")
           if a["material_id"] is not None]  # fmt: skip
    assert [a["origin"] for a in ref] == [Origin.REFERENCE]
    same = ["Lynas Rare Earths", None, None, None, "NdPr oxide", None, None, None, None]
    result = import_alternatives(ws, book(tmp_path, same))
    assert result.unchanged == 1 and crud.get(ws, "alternative source", ref[0]["id"])[
        "origin"] is Origin.REFERENCE  # fmt: skip
    edit = ["Lynas Rare Earths", None, None, None, "NdPr oxide", "5 %", None, None, None]
    result = import_alternatives(ws, book(tmp_path, edit, name="b.xlsx"))
    after = crud.get(ws, "alternative source", ref[0]["id"])
    assert result.updated == 1 and (after["origin"], after["china_share"]) == (Origin.IMPORT, 0.05)
    assert len(crud.find(ws, "alternative source", name="Lynas Rare Earths")) == 3


def test_location_tells_reference_facilities_apart(ws, tmp_path, db_snapshot):
    mp = [a for a in crud.find(ws, "alternative source", name="MP Materials") if a["material_id"]]
    assert len(mp) == 2 and mp[0]["material_id"] == mp[1]["material_id"]
    before = db_snapshot(ws)
    row = ["MP Materials", None, None, None, "NdFeB magnet", "10 %", None, None, None]
    with pytest.raises(AlternativeImportError) as err:
        import_alternatives(ws, book(tmp_path, row))
    assert "locations:" in str(err.value) and err.value.column == "Location"
    assert db_snapshot(ws) == before
    row[7] = mp[1]["location"]
    assert import_alternatives(ws, book(tmp_path, row, name="b.xlsx")).updated == 1
    assert crud.get(ws, "alternative source", mp[1]["id"])["china_share"] == 0.1
    assert crud.get(ws, "alternative source", mp[0]["id"])["china_share"] is None


def _with(index: int, value: object) -> list[object]:
    row = list(SUPPLIER_ROW)
    row[index] = value
    row[0] = row[0] or None
    return row


BAD = {
    "unknown part": (["X", None, None, "0999", None, None, None, None, None], "Part Number",
                     "'0999'", "part '0999' is not in rePlanner"),
    "bad share": (_with(5, "140 %"), "China Share", "'140 %'", "cannot exceed 100%"),
    "unknown status": (_with(6, "maybe"), "Status", "'maybe'", "is not a status"),
    "part and material": (_with(3, "000123"), "Material", "'NdFeB magnet'", "names part 000123"),
    "missing name": (_with(0, None), "Name", None, "the name is empty"),
    "bad depends on": (_with(8, "Dy metal 100 %"), "Depends On", "'Dy metal 100 %'",
                       "cannot read 'Dy metal 100 %'"),
    "unknown supplier": (_with(2, "Magnetix GmbH"), "Supplier", "'Magnetix GmbH'",
                         "did you mean 'Magnetics GmbH'?"),
    "ambiguous material": (_with(4, "Dy"), "Material", "'Dy'", "names 2 materials"),
    "unknown material": (_with(8, "Unobtainium oxide: 10 %"), "Depends On", "'Unobtainium oxide'",
                         "no material 'Unobtainium oxide'"),
    "leading zeros lost": (["X", None, None, "123", None, None, None, None, None], "Part Number",
                           "'123'", "did you mean '000123'?"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_any_error_writes_nothing_and_names_the_cell(ws, tmp_path, db_snapshot, case):
    row, column, value, message = BAD[case]
    path = book(tmp_path, DESIGN_ROW, row)  # a good row first: it must not be written either
    before = db_snapshot(ws)
    with pytest.raises(DataFileError) as err:
        import_alternatives(ws, path)
    text = str(err.value)
    assert text.startswith(f"{path}, sheet 'Alternatives', row 3, column '{column}': ")
    assert message in text and "Nothing was imported (1 error)." in text
    assert value is None or f"(value {value})" in text
    assert (err.value.row, err.value.column) == (3, column)
    assert db_snapshot(ws) == before


def test_all_errors_are_reported_at_once(ws, tmp_path, db_snapshot):
    before = db_snapshot(ws)
    with pytest.raises(AlternativeImportError) as err:
        import_alternatives(ws, book(tmp_path, _with(6, "maybe"), BAD["unknown part"][0]))
    assert [(i.row, i.code) for i in err.value.issues] == [(2, "bad_status"), (3, "unknown_part")]
    assert "Nothing was imported (2 errors)." in str(err.value)
    assert db_snapshot(ws) == before


def test_csv_file_with_german_headers_keeps_leading_zeros(ws, tmp_path):
    f = tmp_path / "alt.csv"
    f.write_text("Bezeichnung;Art;Sachnummer;Verfügbar ab;Chinaanteil;Abhängig von\n"
                 "Neues Design;Konstruktion;000123;01.07.2026;0,1;Dy Metall: 100 %\n",
                 encoding="utf-8")  # fmt: skip
    result = import_alternatives(ws, f)
    row = alt(ws, "Neues Design")
    assert result.created == 1 and row["kind"] is SourceKind.DESIGN
    assert (row["earliest_available"], row["china_share"]) == (date(2026, 7, 1), 0.1)
    assert crud.get(ws, "part", row["part_id"])["part_number"] == "000123"
    assert depends(ws, row["id"]) == {"Dy metal": 1.0}


def test_dry_run_checks_and_writes_nothing(ws, tmp_path, db_snapshot):
    before = db_snapshot(ws)
    result = import_alternatives(ws, book(tmp_path, SUPPLIER_ROW), dry_run=True)
    assert result.ok and result.created == 1
    assert db_snapshot(ws) == before


def test_template_fill_import_round_trip(ws, tmp_path):
    path = write_alternatives_template(tmp_path / "t.xlsx")
    wb = load_workbook(path)
    sheet = wb.active
    sheet.delete_rows(2, 2)  # the two example rows
    header = [c.value for c in sheet[1]]
    for values in ({"Name": "Baotou-free magnets", "Kind": "supplier", "Material": "NdFeB magnet",
                    "Supplier": "Magnetics GmbH", "China Share": 0.1, "Status": "candidate",
                    "Earliest Available": date(2027, 1, 1), "Longitude": -97.3,
                    "Depends On": "Tb metal: 100 %; NdPr oxide: 20 %"},
                   {"Name": "Rotor redesign", "Kind": "design", "Part Number": "000123",
                    "Cost Premium %": 8, "Depends On": "NdPr oxide: 50 %"}):  # fmt: skip
        sheet.append([values.get(h) for h in header])
    wb.save(path)
    assert import_alternatives(ws, path).created == 2
    magnets, rotor = alt(ws, "Baotou-free magnets"), alt(ws, "Rotor redesign")
    assert (magnets["earliest_available"], magnets["longitude"]) == (date(2027, 1, 1), -97.3)
    assert depends(ws, magnets["id"]) == {"Tb metal": 1.0, "NdPr oxide": 0.2}
    assert (rotor["cost_premium_pct"], depends(ws, rotor["id"])) == (8, {"NdPr oxide": 0.5})
    again = import_alternatives(ws, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert len(crud.find(ws, "alternative source", origin="import")) == 2
    assert len(crud.find(ws, "alternative material")) == 3
