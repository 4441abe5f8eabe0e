"""The BOMs page: a line's current BOM as a tree with extended quantities and material content,
where-used for the selected part or a chosen material, and the revision history (bom_history).

Loading a tree and where-used run in Tasks: on a 500,000-line BOM they take seconds."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from rePlanner.domain.errors import ReplannerError
from rePlanner.services.bom_view import (
    BomView,
    LineChoice,
    WhereUsed,
    bom_view,
    line_choices,
    material_choices,
    material_where_used,
    part_where_used,
)
from rePlanner.services.tables import Column, TableData
from rePlanner.ui.models.bom_tree_model import COLUMN, PART_NUMBER_ROLE, BomTreeModel
from rePlanner.ui.models.record_table_model import RecordTableModel
from rePlanner.ui.views.alternatives_detail import Note, refill
from rePlanner.ui.views.bom_history import ERROR_STYLE, BomHistoryPanel, Latest
from rePlanner.ui.widgets.read_only_table import table_view
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database

EXPAND_ALL_ROWS = 5_000  # larger trees open at level 1: expanding 500k rows takes seconds
# Material content is what the page is for: it gets the most room; longer texts are elided
# (the tooltip has them in full) and the supplier takes what is left.
WIDTH_CAP = {COLUMN["description"]: 240, COLUMN["content"]: 440, COLUMN["supplier"]: 260}

PART_COLUMNS = [
    Column("line", "Line"), Column("revision", "Rev.", "int", "Current BOM revision of the line"),
    Column("parent", "Parent assembly", tip="Part number the part is fitted to (empty: top level)"),
    Column("parent_description", "Parent description"),
    Column("quantity", "Qty / parent", "number"),
    Column("places", "Places", "int", "How often it sits under this parent (e.g. LH and RH)"),
    Column("per_vehicle", "Per vehicle", "number", "Extended quantity per vehicle, all places"),
]  # fmt: skip
MATERIAL_COLUMNS = [
    Column("line", "Line"), Column("revision", "Rev.", "int", "Current BOM revision of the line"),
    Column("part", "Part number"), Column("description", "Description"),
    Column("parent", "Parent assembly", tip="Part number the part is fitted to (empty: top level)"),
    Column("per_vehicle", "Per vehicle", "number", "Extended quantity per vehicle"),
    Column("kg", "Kg per vehicle", "number", "Kg of the material per vehicle in this part"),
    Column("in_assembly", "In assembly's figure", "bool",
           "Yes: an assembly above lists the material too, and its figure includes this one"),
]  # fmt: skip


def buddy(text: str, field: QWidget) -> QLabel:
    label = QLabel(text, field.parentWidget())
    label.setBuddy(field)  # Alt+letter focuses the field
    return label


def where_table(rows: list[WhereUsed], material: bool) -> TableData:
    data = TableData(MATERIAL_COLUMNS if material else PART_COLUMNS)
    for i, w in enumerate(rows):
        data.keys.append(i)
        data.rows.append(
            (w.line, w.revision, w.part_number, w.description, w.parent_part_number,
             w.extended_quantity, w.kg_per_vehicle, w.in_assembly)
            if material
            else (w.line, w.revision, w.parent_part_number, w.parent_description, w.quantity,
                  w.occurrences, w.extended_quantity)
        )  # fmt: skip
    return data


class BomPage(QWidget):
    title = "BOMs"
    tree_loaded = Signal()  # a tree load ended (shown, failed or cancelled)
    where_used_done = Signal()  # a where-used search ended

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._where_subject = ""
        self._build_tree()
        self._build_where_used()
        self.history = BomHistoryPanel(db, self)
        self.history.revision_restored.connect(lambda _rev: self.load_tree())
        self._build_layout()
        self.refresh()

    # --- building ----------------------------------------------------------------------------

    def _build_tree(self) -> None:
        self.line_combo = QComboBox(self)
        self.line_combo.setMinimumContentsLength(18)
        self.line_combo.setToolTip(self.tr("The production line whose BOM is shown"))
        self.line_combo.currentIndexChanged.connect(lambda _i: self._on_line())
        self.revision_label = QLabel(self)
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText(self.tr("Filter part number, description, supplier…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setToolTip(self.tr("Shows matching rows and the assemblies above them"))
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.expand_button = QPushButton(self.tr("E&xpand all"), self)
        self.collapse_button = QPushButton(self.tr("C&ollapse all"), self)
        self.error_label = Note(self, ERROR_STYLE)
        self.tree_bar = TaskBar(self)
        self.tree_runner = Latest(self.tree_bar)
        self.model = BomTreeModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setRecursiveFilteringEnabled(True)  # ancestors of a match stay visible
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.tree = QTreeView(self)
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)  # fast with many rows
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.header().setStretchLastSection(True)
        self.expand_button.clicked.connect(self.tree.expandAll)
        self.collapse_button.clicked.connect(self.tree.collapseAll)
        self.tree.selectionModel().currentRowChanged.connect(lambda *_: self._on_part_selected())

    def _build_where_used(self) -> None:
        self.material_combo = QComboBox(self)
        self.material_combo.setMinimumContentsLength(22)
        self.material_combo.setToolTip(self.tr("Find every line and part containing a material"))
        self.material_combo.currentIndexChanged.connect(lambda _i: self.find_material())
        self.where_label = QLabel(self.tr("Select a part in the tree, or choose a material."), self)
        self.where_error = Note(self, ERROR_STYLE)
        self.where_bar = TaskBar(self)
        self.where_runner = Latest(self.where_bar)
        self.where_model = RecordTableModel(self)
        self.where_view = table_view(self, self.where_model)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(buddy(self.tr("&Line:"), self.line_combo))
        top.addWidget(self.line_combo)
        top.addWidget(self.revision_label, 1)
        top.addWidget(self.filter_edit, 2)
        top.addWidget(self.expand_button)
        top.addWidget(self.collapse_button)
        where = QGroupBox(self.tr("Where used"), self)
        box = QVBoxLayout(where)
        head = QHBoxLayout()
        head.addWidget(self.where_label, 1)
        head.addWidget(buddy(self.tr("&Material:"), self.material_combo))
        head.addWidget(self.material_combo)
        box.addLayout(head)
        for w in (self.where_bar, self.where_error):
            box.addWidget(w)
        box.addWidget(self.where_view, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(where)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        tree_tab = QWidget(self)
        col = QVBoxLayout(tree_tab)
        col.addLayout(top)
        for w in (self.tree_bar, self.error_label):
            col.addWidget(w)
        col.addWidget(self.splitter, 1)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(tree_tab, self.tr("&Tree"))
        self.tabs.addTab(self.history, self.tr("&History"))
        QVBoxLayout(self).addWidget(self.tabs)

    # --- page contract -----------------------------------------------------------------------

    def set_database(self, db: Database) -> None:
        """Another database: stop running work, drop what is shown, reload the lists."""
        for bar in (self.tree_bar, self.where_bar):
            bar.cancel()
        self.db = db
        self.history.set_database(db)
        self.model.set_view(None)
        self.where_model.set_table(TableData([]))
        self.refresh()

    def refresh(self) -> None:
        """Reload lines and materials (quick reads) and the shown line's tree and history."""
        try:
            lines = line_choices(self.db)
            mats = material_choices(self.db)
        except ReplannerError as exc:
            self.error_label.setText(str(exc))
            return
        refill(self.line_combo, [(x.label, x) for x in lines])
        refill(self.material_combo, [(self.tr("(choose a material)"), None)]
               + [(f"{m.label} — {m.name}", m.id) for m in mats])  # fmt: skip
        self._on_line()

    def show_line(self, name: str) -> None:
        """Show a line's BOM (a click-through from another page)."""
        for i in range(self.line_combo.count()):
            choice = self.line_combo.itemData(i)
            if choice is not None and choice.name.casefold() == name.strip().casefold():
                self.tabs.setCurrentIndex(0)
                if i == self.line_combo.currentIndex():
                    self._on_line()
                else:
                    self.line_combo.setCurrentIndex(i)
                return

    def current_line(self) -> LineChoice | None:
        choice = self.line_combo.currentData()
        return choice if isinstance(choice, LineChoice) else None

    # --- the tree ----------------------------------------------------------------------------

    def _on_line(self) -> None:
        self.history.set_line(self.current_line())
        self.load_tree()

    def load_tree(self) -> None:
        """Load the current revision of the chosen line (in a Task)."""
        line = self.current_line()
        self.error_label.clear()
        if line is None:
            self.model.set_view(None)
            self.revision_label.setText(self.tr("No production lines yet."))
            return
        db = self.db
        self._run(self.tree_runner, lambda _p: bom_view(db, line.name, plant=line.plant),
                  self.tr("Loading the BOM of {0}…").format(line.label), self._show_tree,
                  self.error_label.setText, self.tree_loaded)  # fmt: skip

    def _show_tree(self, view: BomView) -> None:
        self.model.set_view(view)
        self.revision_label.setText(self.tr("Revision {0} (current) · {1} BOM lines").format(
            view.revision, self.locale().toString(len(view.rows))))  # fmt: skip
        if len(view.rows) <= EXPAND_ALL_ROWS:
            self.tree.expandAll()
        else:
            self.tree.expandToDepth(0)
        self._fit_columns()

    def _fit_columns(self) -> None:
        header = self.tree.header()
        for section in range(self.model.columnCount()):
            self.tree.resizeColumnToContents(section)
            cap = WIDTH_CAP.get(section)
            if cap is not None and header.sectionSize(section) > cap:
                header.resizeSection(section, cap)

    def _apply_filter(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())
        if text.strip() and self.proxy.rowCount() and self.model.rowCount() <= EXPAND_ALL_ROWS:
            self.tree.expandAll()  # matches deep in the tree must be seen

    def visible_part_numbers(self) -> list[str]:
        """Part numbers of the rows the filter leaves, in tree order (expanded or not)."""
        out: list[str] = []
        stack = [QModelIndex()]
        while stack:
            parent = stack.pop()
            kids = [self.proxy.index(r, 0, parent) for r in range(self.proxy.rowCount(parent))]
            for kid in kids:
                out.append(str(kid.data(PART_NUMBER_ROLE)))
            stack.extend(reversed(kids))
        return out

    # --- where used --------------------------------------------------------------------------

    def _on_part_selected(self) -> None:
        index = self.tree.selectionModel().currentIndex()
        part = index.data(PART_NUMBER_ROLE) if index.isValid() else None
        if part:
            self.find_part(str(part), str(index.siblingAtColumn(COLUMN["description"]).data()))

    def find_part(self, part_number: str, description: str = "") -> None:
        db, what = self.db, f"{part_number} {description}".strip()
        self._where_subject = self.tr("Part <b>{0}</b> is used in {1} place(s) in {2} line(s):")
        self._run(self.where_runner, lambda p: part_where_used(db, part_number, p),
                  self.tr("Finding where {0} is used…").format(what),
                  lambda rows: self._show_where(rows, False, what), self.where_error.setText,
                  self.where_used_done)  # fmt: skip

    def find_material(self) -> None:
        mid = self.material_combo.currentData()
        if mid is None:
            return
        db, what = self.db, self.material_combo.currentText()
        self._where_subject = self.tr("<b>{0}</b> is in {1} part row(s) in {2} line(s):")
        self._run(self.where_runner, lambda p: material_where_used(db, int(mid), p),
                  self.tr("Finding where {0} is used…").format(what),
                  lambda rows: self._show_where(rows, True, what), self.where_error.setText,
                  self.where_used_done)  # fmt: skip

    def _show_where(self, rows: list[WhereUsed], material: bool, what: str) -> None:
        self.where_model.set_table(where_table(rows, material))
        lines = len({w.line for w in rows})
        self.where_label.setText(self._where_subject.format(what, len(rows), lines))
        self.where_view.resizeColumnsToContents()

    # --- tasks -------------------------------------------------------------------------------

    def _run(
        self, runner: Latest, fn: Callable[[Any], Any], what: str, shown: Callable[[Any], None],
        failed: Callable[[str], None], ended: Any,
    ) -> None:  # fmt: skip
        if runner is self.where_runner:
            self.where_error.clear()
        task = Task(fn, what)
        task.signals.finished.connect(shown)
        task.signals.failed.connect(failed)
        runner.run(task, ended.emit)
