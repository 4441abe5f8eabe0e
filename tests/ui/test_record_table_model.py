from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QLocale, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from rePlanner.persistence.database import Database
from rePlanner.services.tables import (
    Column,
    TableData,
    parts_table,
    policies_table,
    suppliers_table,
)
from rePlanner.ui.models.formatting import format_number
from rePlanner.ui.models.record_table_model import ENTITY_ID_ROLE, SORT_ROLE, RecordTableModel

GERMAN = QLocale(QLocale.Language.German, QLocale.Country.Germany)
DISPLAY = Qt.ItemDataRole.DisplayRole


def _sample() -> TableData:
    columns = [
        Column("name", "Name"),
        Column("n", "Count", "int"),
        Column("kg", "Kg", "number"),
        Column("share", "China", "share"),
        Column("on", "Date", "date"),
        Column("flag", "Own", "bool"),
        Column("status", "Status", "status"),
    ]
    rows = [
        ("beta", 10, 1234.5, 0.9, date(2026, 1, 2), True, "in_force"),
        ("Alpha", 9, 0.00012, None, None, False, "suspension_lapsed"),
        ("gamma", 1200, None, 0.125, date(2025, 12, 31), False, "announced"),
    ]
    return TableData(columns, rows, keys=[7, 8, 9])


def _column(model: Any, col: int) -> list[str]:
    return [model.data(model.index(r, col), DISPLAY) for r in range(model.rowCount())]


def test_model_passes_qt_model_tester(qtmodeltester: Any) -> None:
    model = RecordTableModel(locale=GERMAN)
    model.set_table(_sample())
    qtmodeltester.check(model, force_py=True)


def test_models_of_service_tables_pass_the_tester(qtmodeltester: Any, filled_db: Database) -> None:
    for table in (suppliers_table(filled_db), parts_table(filled_db), policies_table(filled_db)):
        model = RecordTableModel()
        model.set_table(table)
        qtmodeltester.check(model)  # Qt's own QAbstractItemModelTester
        assert model.rowCount() == len(table.rows) > 0


def test_display_is_formatted_per_kind_in_the_locale(qtbot: Any) -> None:
    model = RecordTableModel(locale=GERMAN)
    model.set_table(_sample())
    assert _column(model, 1) == ["10", "9", "1.200"]
    assert _column(model, 2) == ["1.234,5", "0,00012", ""]
    assert _column(model, 3) == ["90,0 %", "", "12,5 %"]
    assert _column(model, 4) == ["2026-01-02", "", "2025-12-31"]
    assert _column(model, 5) == ["Yes", "No", "No"]
    assert _column(model, 6) == ["In force", "Suspension lapsed: check", "Announced"]


def test_roles_alignment_ids_tooltips(qtbot: Any) -> None:
    model = RecordTableModel(locale=GERMAN)
    model.set_table(_sample())
    idx = model.index(1, 1)
    assert model.data(idx, ENTITY_ID_ROLE) == 8
    assert model.data(idx, SORT_ROLE) == 9
    assert model.data(idx, Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignRight
    left = model.data(model.index(1, 0), Qt.ItemDataRole.TextAlignmentRole)
    assert not left & Qt.AlignmentFlag.AlignRight
    assert "extended" in model.data(model.index(1, 6), Qt.ItemDataRole.ToolTipRole)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) == "beta"
    assert model.headerData(1, Qt.Orientation.Horizontal, DISPLAY) == "Count"


def test_sort_role_sorts_numbers_and_dates_by_value(qtbot: Any) -> None:
    model = RecordTableModel(locale=GERMAN)
    model.set_table(_sample())
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    proxy.sort(1)
    assert _column(proxy, 1) == ["9", "10", "1.200"]  # as text "10" < "9" < "1.200"
    proxy.sort(4)
    assert _column(proxy, 4) == ["2025-12-31", "2026-01-02", ""]
    proxy.sort(0)
    assert _column(proxy, 0) == ["Alpha", "beta", "gamma"]
    proxy.sort(6)  # the status that needs attention first
    assert _column(proxy, 6)[0] == "Suspension lapsed: check"


def test_set_table_resets_the_model(qtbot: Any) -> None:
    model = RecordTableModel()
    with qtbot.waitSignal(model.modelReset):
        model.set_table(_sample())
    assert (model.rowCount(), model.columnCount()) == (3, 7)
    model.set_table(TableData(columns=[]))
    assert (model.rowCount(), model.columnCount()) == (0, 0)


def test_format_number_keeps_small_values_readable() -> None:
    english = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    assert format_number(english, 0.05) == "0.05"
    assert format_number(english, 2.0) == "2"
    assert format_number(english, 1234567.891) == "1,234,567.89"
    assert format_number(english, 0) == "0"


def test_ended_measures_are_grey_and_sort_last(qtbot: Any) -> None:
    columns = [Column("code", "Code"), Column("status", "Status", "status")]
    rows = [("EC14", "ended"), ("EC07", "in_force"), ("EC08", "suspension_lapsed")]
    model = RecordTableModel()
    model.set_table(TableData(columns, rows, keys=[1, 2, 3]))
    ended, lapsed = model.index(0, 1), model.index(2, 1)
    assert model.data(ended, DISPLAY) == "Ended"
    assert model.data(lapsed, DISPLAY) == "Suspension lapsed: check"  # unchanged
    grey = model.data(ended, Qt.ItemDataRole.ForegroundRole)
    assert isinstance(grey, QColor) and grey.red() == grey.green() == grey.blue()
    assert model.data(ended, Qt.ItemDataRole.FontRole) is None  # grey, not bold
    assert model.data(lapsed, Qt.ItemDataRole.ForegroundRole) != grey
    assert model.data(model.index(1, 1), Qt.ItemDataRole.ForegroundRole) is None
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None  # status only
    assert "Ends" in model.data(ended, Qt.ItemDataRole.ToolTipRole)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(1)
    assert _column(proxy, 0) == ["EC08", "EC07", "EC14"]  # lapsed first, ended last
