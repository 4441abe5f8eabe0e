"""Kind detection, dry run and the cancellable commit of the fixed-layout workbooks."""

from __future__ import annotations

import pytest

from rePlanner.domain.progress import Cancelled
from rePlanner.io.network.alternatives_template import write_alternatives_template
from rePlanner.io.network.template import write_supplier_template
from rePlanner.services import crud
from rePlanner.services.network_import_inspect import (
    WorkbookKind,
    changes_table,
    check_workbook,
    detect_kind,
    guess_kind,
    import_workbook,
)
from rePlanner.services.refdata import seed_reference
from tests.io.network.helpers import PEER, network_book, write_book
from tests.services.test_supplier_import import LINKS, SUPPLIERS, plant

ALT_HEADER = ["Name", "Kind", "Supplier", "Material", "Status", "Depends On"]
ALT_ROW = ["EU Magnets", "supplier", "Magnetics GmbH", "NdFeB magnet", "candidate", "Dy metal: 1"]


class CancelAfterFirst:
    """Progress whose Cancel is pressed at the first report."""

    def __init__(self) -> None:
        self.reports = 0

    def update(self, done: int, total: int, message: str = "") -> None:
        self.reports += 1

    def cancelled(self) -> bool:
        return self.reports > 0


def test_kinds_are_recognised_from_real_files(tmp_path):
    cases = {
        write_supplier_template(tmp_path / "s.xlsx"): WorkbookKind.SUPPLIERS,
        write_alternatives_template(tmp_path / "a.xlsx"): WorkbookKind.ALTERNATIVES,
        network_book(tmp_path / "n.xlsx"): WorkbookKind.NETWORK,
        PEER / "small.xlsx": WorkbookKind.NETWORK,
        write_book(tmp_path / "p.xlsx", {"Lief": SUPPLIERS, "Teile": LINKS}): WorkbookKind.SUPPLIERS,
        write_book(tmp_path / "b.xlsx", {"Sheet": [["Level", "Part number", "Quantity"],
                                                   [1, "A1", 2]]}): WorkbookKind.BOM,
    }  # fmt: skip
    for path, kind in cases.items():
        guess = detect_kind(path)
        assert guess.kind is kind, (path.name, guess.reason)
        assert guess.head.sheets


def test_alternatives_by_columns_not_taken_for_suppliers():
    heads = {"Tabelle1": [["Name", "Kind", "Material", "Country", "Depends On"]]}
    assert guess_kind(heads)[0] is WorkbookKind.ALTERNATIVES
    assert guess_kind({"X": [["Name", "Country"]]})[0] is WorkbookKind.SUPPLIERS
    kind, reason = guess_kind({"Notes": [["hello"]]})
    assert kind is None and "no sheet" in reason


def test_dry_run_counts_without_writing(db, tmp_path, db_snapshot):
    plant(db)
    path = write_book(tmp_path / "s.xlsx", {"Suppliers": SUPPLIERS, "Parts": LINKS})
    before = db_snapshot(db)
    result = check_workbook(db, path, WorkbookKind.SUPPLIERS)
    assert result.ok and result.dry_run and db_snapshot(db) == before
    table = changes_table(result)
    created = {r[0]: r[table.column_index("created")] for r in table.rows}
    assert created["Supplier"] == 2 and created["Sourcing link"] == 2


def test_alternative_errors_come_back_as_a_result(db, tmp_path, db_snapshot):
    path = write_book(tmp_path / "a.xlsx", {"Alternatives": [ALT_HEADER, ALT_ROW]})
    before = db_snapshot(db)
    result = import_workbook(db, path, WorkbookKind.ALTERNATIVES)  # no such supplier/material
    assert not result.ok and {i.code for i in result.errors} >= {"unknown_supplier"}
    assert db_snapshot(db) == before


def test_cancel_before_the_commit_writes_nothing(db, tmp_path, db_snapshot):
    seed_reference(db, user="tester")
    crud.create(db, "supplier", {"name": "Magnetics GmbH", "country": "Germany"})
    path = write_book(tmp_path / "a.xlsx", {"Alternatives": [ALT_HEADER, ALT_ROW]})
    assert check_workbook(db, path, WorkbookKind.ALTERNATIVES).ok
    before = db_snapshot(db)
    with pytest.raises(Cancelled):  # the alternatives service checks no progress: the gate does
        import_workbook(db, path, WorkbookKind.ALTERNATIVES, progress=CancelAfterFirst())
    assert db_snapshot(db) == before
    result = import_workbook(db, path, WorkbookKind.ALTERNATIVES)
    assert result.ok and crud.find(db, "alternative source", name="EU Magnets")


def test_network_commit_uses_the_name(db, tmp_path):
    result = import_workbook(db, network_book(tmp_path / "n.xlsx"), WorkbookKind.NETWORK,
                             name="Test net")  # fmt: skip
    assert result.ok and result.name == "Test net" and result.batch_id is not None
    assert crud.find(db, "site", name="Network Test net")
