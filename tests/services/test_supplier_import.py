"""Supplier workbook import: English/German headers, matching, all or nothing, re-import."""

from __future__ import annotations

import sqlite3

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


def test_unknown_supplier_blocks_everything(db, db_path, tmp_path):
    plant(db)
    bad = [*LINKS, ["999", "Nobody Ltd", None, 1, 1, "EUR", 1, 1, 1, 0]]
    path = write_book(tmp_path / "s.xlsx", {"Suppliers": SUPPLIERS, "Parts": bad})
    before = counts(db_path)
    result = import_suppliers(db, path)
    assert not result.ok
    issue = next(i for i in result.issues if i.code == "unknown_supplier")
    assert (issue.sheet, issue.row, issue.value) == ("Parts", 4, "Nobody Ltd")
    assert counts(db_path) == before


def test_bad_values_block_everything(db, db_path, tmp_path):
    plant(db)
    bad = [LINKS[0], ["1", "Magnetics GmbH", "Hanau", 1.5e3, -2, "EURO", 3, 1, 1, 0]]
    before = counts(db_path)
    result = import_suppliers(db, write_book(tmp_path / "s.xlsx", {"S": SUPPLIERS, "P": bad}))
    assert {i.code for i in result.errors} == {"out_of_range", "currency"}
    assert counts(db_path) == before


def test_reimport_is_idempotent(db, db_path, tmp_path):
    plant(db)
    path = write_book(tmp_path / "s.xlsx", {"Suppliers": SUPPLIERS, "Parts": LINKS})
    assert import_suppliers(db, path).ok
    before = counts(db_path)
    again = import_suppliers(db, path)
    assert again.ok and again.changes["sourcing link"] == {
        "created": 0, "updated": 0, "unchanged": 2, "deleted": 0}  # fmt: skip
    assert counts(db_path) == {**before, "import_batches": before["import_batches"] + 1}


def test_no_plant_is_a_clear_error(db, db_path, tmp_path):
    path = write_book(tmp_path / "s.xlsx", {"Suppliers": SUPPLIERS, "Parts": LINKS})
    before = counts(db_path)
    result = import_suppliers(db, path)
    assert {i.code for i in result.errors} == {"plant_ambiguous"}
    assert counts(db_path) == before
