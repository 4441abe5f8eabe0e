"""Supplier workbook import: English/German headers, matching, all or nothing, re-import."""

from __future__ import annotations

import sqlite3

from rePlanner.domain.imports import Severity
from rePlanner.services import crud
from rePlanner.services.supplier_import import import_suppliers
from tests.io.network.helpers import write_book

SUPPLIERS = [["Supplier", "Country", "Region", "Tier", "Site", "City"],
             ["Magnetics GmbH", "Germany", "EU", 2, "Hanau", "Hanau"],
             ["Baotou Mag", "China", "Asia", 3, "Baotou", "Baotou"]]  # fmt: skip
LINKS = [["Part Number", "Supplier", "Site", "Share", "Price", "Currency", "Lead Time (days)",
          "Inventory on Hand", "Inventory in Transit", "China Share"],
         ["000123", "Magnetics GmbH", "Hanau", "60%", 12.5, "eur", 30, 500, 100, 0.9],
         ["000123", "Baotou Mag", None, 0.4, 9.1, "USD", 60, 0, 2000, 1]]  # fmt: skip
TABLES = ("suppliers", "sites", "parts", "supply_nodes", "sourcing_links", "import_batches")


def counts(db_path) -> dict[str, int]:
    with sqlite3.connect(db_path) as c:
        return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def plant(db) -> None:
    own = crud.create(db, "supplier", {"name": "Us", "country": "Germany", "tier": 0,
                                       "is_internal": True})  # fmt: skip
    crud.create(db, "site", {"supplier_id": own["id"], "name": "Plant Leipzig",
                             "country": "Germany"})  # fmt: skip


def test_import_creates_suppliers_parts_and_links(db, tmp_path):
    plant(db)
    path = write_book(tmp_path / "s.xlsx", {"Suppliers": SUPPLIERS, "Parts": LINKS})
    result = import_suppliers(db, path)
    assert result.ok, result.issues
    (part,) = crud.find(db, "part", part_number="000123")
    links = sorted(crud.find(db, "sourcing link"), key=lambda r: r["share"])
    assert [(lk["share"], lk["price_per_unit"], lk["currency"], lk["lead_time_days"])
            for lk in links] == [(0.4, 9.1, "USD", 60), (0.6, 12.5, "EUR", 30)]  # fmt: skip
    nodes = crud.find(db, "supply node", part_id=part["id"])
    assert sorted((n["inventory_on_hand"], n["inventory_in_transit"]) for n in nodes) == [
        (0, 0), (0, 2000), (500, 100)]  # fmt: skip
    assert crud.find(db, "supplier", name="Baotou Mag")[0]["tier"] == 3


def test_german_headers(db, tmp_path):
    plant(db)
    sup = [["Lieferant", "Land", "Standort", "Stadt"], ["Magnetics GmbH", "Deutschland", "Hanau",
                                                        "Hanau"]]  # fmt: skip
    parts = [["Sachnummer", "Lieferant", "Anteil", "Preis", "Währung", "Lieferzeit (Tage)",
              "Lagerbestand", "Chinaanteil"], ["4711", "Magnetics GmbH", "1,0", 3, "EUR", 14, 7,
                                               "50%"]]  # fmt: skip
    result = import_suppliers(db, write_book(tmp_path / "d.xlsx", {"Lief": sup, "Teile": parts}))
    assert result.ok, result.issues
    (link,) = crud.find(db, "sourcing link")
    assert (link["share"], link["lead_time_days"], link["china_share"]) == (1.0, 14, 0.5)
    assert any(i.code == "decimal_comma" for i in result.issues)


def test_unknown_supplier_blocks_everything(db, tmp_path, db_snapshot):
    plant(db)
    bad = [*LINKS, ["999", "Nobody Ltd", None, 1, 1, "EUR", 1, 1, 1, 0]]
    path = write_book(tmp_path / "s.xlsx", {"Suppliers": SUPPLIERS, "Parts": bad})
    before = db_snapshot(db)
    result = import_suppliers(db, path)
    assert not result.ok
    issue = next(i for i in result.issues if i.code == "unknown_supplier")
    assert (issue.sheet, issue.row, issue.value) == ("Parts", 4, "Nobody Ltd")
    assert db_snapshot(db) == before


def test_bad_values_block_everything(db, tmp_path, db_snapshot):
    plant(db)
    bad = [LINKS[0], ["1", "Magnetics GmbH", "Hanau", 1.5e3, -2, "EURO", 3, 1, 1, 0]]
    before = db_snapshot(db)
    result = import_suppliers(db, write_book(tmp_path / "s.xlsx", {"S": SUPPLIERS, "P": bad}))
    assert {i.code for i in result.errors} == {"out_of_range", "currency"}
    assert db_snapshot(db) == before


def test_reimport_is_idempotent(db, db_path, tmp_path):
    plant(db)
    path = write_book(tmp_path / "s.xlsx", {"Suppliers": SUPPLIERS, "Parts": LINKS})
    assert import_suppliers(db, path).ok
    before = counts(db_path)
    again = import_suppliers(db, path)
    assert again.ok and again.changes["sourcing link"] == {
        "created": 0, "updated": 0, "unchanged": 2, "deleted": 0}  # fmt: skip
    assert counts(db_path) == {**before, "import_batches": before["import_batches"] + 1}


def test_no_plant_is_a_clear_error(db, tmp_path, db_snapshot):
    path = write_book(tmp_path / "s.xlsx", {"Suppliers": SUPPLIERS, "Parts": LINKS})
    before = db_snapshot(db)
    result = import_suppliers(db, path)
    assert {i.code for i in result.errors} == {"plant_ambiguous"}
    assert db_snapshot(db) == before


def test_reimport_with_other_values_updates_in_place_and_a_dry_run_does_not(
    db, tmp_path, db_snapshot
):
    plant(db)
    path = write_book(tmp_path / "s.xlsx", {"Suppliers": SUPPLIERS, "Parts": LINKS})
    assert import_suppliers(db, path).ok
    before = db_snapshot(db)
    changed = [LINKS[0], ["000123", "Magnetics GmbH", "Hanau", "60%", 13.0, "EUR", 30, 500, 100,
                          0.9]]  # fmt: skip
    path = write_book(tmp_path / "s.xlsx", {"Suppliers": SUPPLIERS, "Parts": changed})
    result = import_suppliers(db, path, dry_run=True)
    assert result.ok and result.changes["sourcing link"]["updated"] == 1
    assert db_snapshot(db) == before  # the price update was rolled back


NORD = ["Supplier", "Country", "Tier", "Site"]


def known_supplier(db) -> None:
    plant(db)
    sup = crud.create(db, "supplier", {"name": "Allgaeu Fahrwerk GmbH", "country": "Germany",
                                       "tier": 1})  # fmt: skip
    crud.create(db, "site", {"supplier_id": sup["id"], "name": "Kempten", "country": "Germany"})


def test_supplier_names_match_ignoring_case_and_spacing(db, tmp_path):
    known_supplier(db)
    rows = [NORD, ["allgaeu fahrwerk  gmbh", "Germany", 2, "kempten"]]
    links = [["Part Number", "Supplier", "Site"], ["77", "ALLGAEU FAHRWERK GMBH", "Kempten"]]
    result = import_suppliers(db, write_book(tmp_path / "s.xlsx", {"S": rows, "P": links}))
    assert result.ok, result.issues
    [sup] = [s for s in crud.find(db, "supplier") if "fahrwerk" in s["name"].lower()]
    assert (sup["name"], sup["tier"]) == ("Allgaeu Fahrwerk GmbH", 2)  # updated, not duplicated
    assert len(crud.find(db, "site", supplier_id=sup["id"])) == 1
    assert result.changes["supplier"]["created"] == 0


def test_a_look_alike_name_is_an_error_unless_accepted(db, tmp_path, db_snapshot):
    known_supplier(db)
    rows = [["Lieferant", "Land", "Standort"], ["Allgau Fahrwerk GmbH", "Deutschland", "Kempten"]]
    path = write_book(tmp_path / "s.xlsx", {"Lief": rows})
    before = db_snapshot(db)
    result = import_suppliers(db, path)
    [err] = result.errors
    assert (err.code, err.sheet, err.row, err.column, err.value) == (
        "supplier_similar", "Lief", 2, "Lieferant", "Allgau Fahrwerk GmbH")  # fmt: skip
    assert "'Allgaeu Fahrwerk GmbH'" in err.message
    assert "--accept-suppliers-above 0.9" in err.message
    assert db_snapshot(db) == before
    result = import_suppliers(db, path, accept_suppliers_above=0.9)
    assert result.ok, result.issues
    assert [i.code for i in result.issues if i.severity is Severity.WARNING] == [
        "supplier_matched_fuzzy"]  # fmt: skip
    assert len([s for s in crud.find(db, "supplier") if "Fahrwerk" in s["name"]]) == 1


def test_a_supplier_twice_with_conflicting_values_names_both_rows(db, tmp_path, db_snapshot):
    plant(db)
    rows = [NORD, ["Acme", "France", 1, "Lyon"], ["Other", "Spain", 2, None],
            ["ACME ", "France", 2, "Paris"], ["acme", "France", 1, "lyon"]]  # fmt: skip
    before = db_snapshot(db)
    result = import_suppliers(db, write_book(tmp_path / "s.xlsx", {"Suppliers": rows}))
    by_code = {i.code: i for i in result.errors}
    assert set(by_code) == {"supplier_conflict", "duplicate"}
    tier = by_code["supplier_conflict"]
    assert (tier.row, tier.column, tier.value) == (4, "Tier", 2)
    assert "row 4" in tier.message and "row 2" in tier.message
    dup = by_code["duplicate"]
    assert dup.row == 5 and "row 2" in dup.message and "'Lyon'" in dup.message
    assert db_snapshot(db) == before


def test_plant_column_matches_like_import_bom_and_names_the_files_header(db, tmp_path):
    plant(db)
    crud.update(db, "site", crud.find(db, "site", name="Plant Leipzig")[0]["id"],
                {"city": "Leipzig"})  # fmt: skip
    own = crud.find(db, "supplier", name="Us")[0]
    crud.create(db, "site", {"supplier_id": own["id"], "name": "Plant Zwickau",
                             "country": "Germany", "city": "Zwickau"})  # fmt: skip
    links = [["Sachnummer", "Lieferant", "Werk"], ["1", "Magnetics GmbH", "leipzig"],
             ["2", "Magnetics GmbH", "PLANT zwickau"]]  # fmt: skip
    result = import_suppliers(db, write_book(tmp_path / "s.xlsx", {"S": SUPPLIERS, "P": links}))
    assert result.ok, result.issues  # by city or site name, any case: as --plant does
    links.append(["3", "Magnetics GmbH", "Dresden"])
    result = import_suppliers(db, write_book(tmp_path / "t.xlsx", {"S": SUPPLIERS, "P": links}))
    [err] = result.errors
    assert (err.code, err.row, err.column, err.value) == ("unknown_plant", 4, "Werk", "Dresden")
    assert err.message.startswith("no plant named 'Dresden'; our plants: ")


def test_file_and_matching_issues_are_reported_together(db, tmp_path):
    plant(db)
    bad = [LINKS[0], ["1", "Nobody Ltd", None, 1, 1, "EURO", 1, 1, 1, 0]]
    result = import_suppliers(db, write_book(tmp_path / "s.xlsx", {"S": SUPPLIERS, "P": bad}))
    assert {i.code for i in result.errors} == {"currency", "unknown_supplier"}
