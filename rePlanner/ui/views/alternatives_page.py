"""The Alternatives page: rank alternative sources for a line, part or material under a scenario
by the shutdown risk they remove (services/alternatives_rank.py, run in a Task), show why each
ranks where it does, re-weigh the criteria view at once, and "qualify now" a chosen source."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QCompleter,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rePlanner.domain.errors import ReplannerError
from rePlanner.services import crud
from rePlanner.services.alternatives_plan import qualify_now
from rePlanner.services.alternatives_rank import Ranking, rank_alternatives
from rePlanner.services.alternatives_value import Ranked
from rePlanner.services.scenario import list_scenarios
from rePlanner.ui.models.record_table_model import ENTITY_ID_ROLE, SORT_ROLE
from rePlanner.ui.views.alternatives_detail import (
    KEY,
    DetailPanel,
    Note,
    RankingModel,
    WeightsBox,
    days_text,
    finite,
    legend,
    money_text,
    refill,
    rescore,
)
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database

TARGETS = ("line", "part", "material")
ERROR_STYLE = "color: rgb(214, 60, 60)"
QUALIFY_TIP = "Save a copy of the scenario with this source activated from its first delivery"


class AlternativesPage(QWidget):
    title = "Alternatives"
    ranking_done = Signal()  # a Rank ended (results, error or cancel) and the page is idle
    scenario_saved = Signal(str)  # "qualify now" saved this scenario

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.ranking: Ranking | None = None
        self.qualify_dialog: QInputDialog | None = None
        self._currency: dict[str, str] = {}
        self._build_controls()
        self._build_results()
        self._build_layout()
        self.refresh()
        self._on_target_kind()
        self._show_selected()

    # --- building ----------------------------------------------------------------------------

    def _build_controls(self) -> None:
        self.kind_group = QButtonGroup(self)
        self.kind_buttons = {k: QRadioButton(t, self) for k, t in zip(TARGETS, (
            self.tr("&Line"), self.tr("&Part number"), self.tr("&Material")), strict=True)}  # fmt: skip
        for k, button in enumerate(self.kind_buttons.values()):
            self.kind_group.addButton(button, k)
        self.kind_buttons["line"].setChecked(True)
        self.kind_group.idToggled.connect(lambda *_: self._on_target_kind())
        self.line_combo = QComboBox(self)
        self.line_combo.setMinimumContentsLength(16)
        self.part_edit = QLineEdit(self)
        self.part_edit.setPlaceholderText(self.tr("part number"))
        self.material_edit = QLineEdit(self)
        self.material_edit.setPlaceholderText(self.tr('"Dy", "Dy metal", …'))
        self.scenario_combo = QComboBox(self)
        self.scenario_combo.setMinimumContentsLength(28)
        self.scenario_combo.setToolTip(self.tr("The scenario the sources are valued under"))
        self.rank_button = QPushButton(self.tr("&Rank"), self)
        self.rank_button.setDefault(True)
        self.rank_button.clicked.connect(self.rank)
        # Enter on the line or scenario choice ranks too (setDefault works in dialogs only)
        for combo in (self.line_combo, self.scenario_combo):
            QShortcut(QKeySequence(Qt.Key.Key_Return), combo, self.rank,
                      context=Qt.ShortcutContext.WidgetShortcut)  # fmt: skip
        for edit in (self.part_edit, self.material_edit):
            edit.returnPressed.connect(self.rank)
        self.weights_box = WeightsBox(self)
        self.weight_spins = self.weights_box.spins
        self.weights_box.changed.connect(self._on_weights)

    def _build_results(self) -> None:
        self.header_label = QLabel(self.tr("Choose a target and a scenario, then Rank."), self)
        self.header_label.setWordWrap(True)
        self.warnings_label = QLabel(self)
        self.error_label = Note(self, ERROR_STYLE)
        self.status_label = Note(self)
        self.task_bar = TaskBar(self)
        self.task_bar.busy_changed.connect(self._on_busy)
        self.order_combo = QComboBox(self)
        self.order_combo.addItems([self.tr("Order by value (engine)"),
                                   self.tr("Order by criteria score (weights)")])  # fmt: skip
        self.order_combo.currentIndexChanged.connect(self._apply_order)
        self.model = RankingModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView(self)
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(KEY["rank"], Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.horizontalHeader().setSectionResizeMode(
            KEY["source"], QHeaderView.ResizeMode.Interactive
        )
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_selected())
        self.detail = DetailPanel(self)
        self.detail.qualify_button.clicked.connect(self.ask_qualify)

    def _build_layout(self) -> None:
        target = QGroupBox(self.tr("Target"), self)
        row = QHBoxLayout(target)
        for key, field in zip(TARGETS, (self.line_combo, self.part_edit, self.material_edit),
                              strict=True):  # fmt: skip
            row.addWidget(self.kind_buttons[key])
            row.addWidget(field, 1)
        scenario = QGroupBox(self.tr("Scenario"), self)
        QHBoxLayout(scenario).addWidget(self.scenario_combo, 1)
        top = QHBoxLayout()
        top.addWidget(target, 3)
        top.addWidget(scenario, 2)
        top.addWidget(self.rank_button, 0, Qt.AlignmentFlag.AlignBottom)
        results = QWidget(self)
        box = QVBoxLayout(results)
        box.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.addWidget(self.header_label, 1)
        head.addWidget(self.order_combo)
        box.addLayout(head)
        box.addWidget(self.view, 1)
        foot = QHBoxLayout()
        foot.addWidget(legend(self), 1)
        foot.addWidget(self.warnings_label)
        box.addLayout(foot)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(results)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.weights_box)
        for w in (self.task_bar, self.error_label, self.status_label):
            layout.addWidget(w)
        layout.addWidget(self.splitter, 1)

    # --- page contract -----------------------------------------------------------------------

    def set_database(self, db: Database) -> None:
        """Another database: stop a running ranking, drop the results, reload the lists."""
        self.task_bar.cancel()
        self.db = db
        self._set_ranking(None)
        self.error_label.clear()
        self.status_label.clear()
        self.refresh()

    def refresh(self) -> None:
        """Reload lines, parts, materials and scenarios (quick reads), keeping the choices."""
        try:
            lines = crud.find(self.db, "production line")
            parts = [p["part_number"] for p in crud.find(self.db, "part")]
            mats = crud.find(self.db, "material")
            scenarios = [s.name for s in list_scenarios(self.db)]
        except ReplannerError as exc:
            self._error(str(exc))
            return
        self._currency = {x["name"]: x.get("currency") or "" for x in lines}
        refill(self.line_combo, [(x["name"], x["name"]) for x in lines])
        default = self.tr("(default: measures in force today)")
        refill(self.scenario_combo, [(default, None)] + [(n, n) for n in scenarios])
        self.part_edit.setCompleter(QCompleter(sorted(parts), self))
        names = {str(m["element"]) for m in mats} | {f"{m['element']} {m['stage']}" for m in mats}
        self.material_edit.setCompleter(QCompleter(sorted(names), self))

    # --- ranking -----------------------------------------------------------------------------

    def _on_target_kind(self) -> None:
        """One target at a time: only the chosen kind's field is enabled."""
        kind = TARGETS[self.kind_group.checkedId()]
        fields = {"line": self.line_combo, "part": self.part_edit, "material": self.material_edit}
        for key, field in fields.items():
            field.setEnabled(key == kind)

    def set_line(self, name: str) -> None:
        """Point the target at a line (a click-through from the dashboard); the user ranks."""
        self.kind_buttons["line"].setChecked(True)
        self._on_target_kind()
        index = self.line_combo.findText(name)
        if index >= 0:
            self.line_combo.setCurrentIndex(index)

    def target(self) -> dict[str, str]:
        kind = TARGETS[self.kind_group.checkedId()]
        text = {"line": self.line_combo.currentText(), "part": self.part_edit.text(),
                "material": self.material_edit.text()}[kind].strip()  # fmt: skip
        return {kind: text} if text else {}

    def rank(self) -> None:
        if self.task_bar.busy:
            return
        target = self.target()
        if not target:
            self._error(self.tr("Choose a line or enter a part number or a material."))
            return
        self.error_label.clear()
        self.status_label.clear()
        db, scenario, weights = self.db, self.scenario_combo.currentData(), self.weights_box.text()

        def work(progress: Any) -> Ranking:
            return rank_alternatives(db, line=target.get("line"), part=target.get("part"),
                                     material=target.get("material"), scenario=scenario,
                                     weights=weights, progress=progress)  # fmt: skip

        task = Task(work, self.tr("Ranking alternatives for {0}…").format(*target.values()))
        task.signals.finished.connect(self.show_ranking)
        task.signals.failed.connect(self._error)
        task.signals.cancelled.connect(self._on_cancelled)
        self.task_bar.run(task)

    def show_ranking(self, ranking: Ranking) -> None:
        """Show a ranking (the Rank result; also for a caller that already has one)."""
        self._set_ranking(ranking)
        if ranking.records:
            self.view.selectRow(0)

    def _on_cancelled(self) -> None:
        kept = self.tr(" The table still shows the previous ranking.") if self.ranking else ""
        self.status_label.setText(self.tr("Ranking cancelled; nothing was changed.") + kept)

    def _on_busy(self, busy: bool) -> None:
        self.rank_button.setEnabled(not busy)
        if not busy:
            self.ranking_done.emit()

    def _set_ranking(self, ranking: Ranking | None) -> None:
        self.ranking = ranking
        self.model.set_records(ranking.records if ranking else [])
        self.view.resizeColumnsToContents()
        # the name says what a row is: wide enough to read, the numbers scroll if need be
        self.view.setColumnWidth(
            KEY["source"], min(360, max(240, self.view.columnWidth(KEY["source"])))
        )
        self.header_label.setText(self._header(ranking))
        warnings = ranking.warnings if ranking else []
        self.warnings_label.setText(self.tr("{0} data warning(s): hover to read them").format(
            len(warnings)) if warnings else "")  # fmt: skip
        self.warnings_label.setToolTip("\n".join(warnings))
        self._on_weights()
        self._show_selected()

    def _header(self, r: Ranking | None) -> str:
        if r is None:
            return self.tr("Choose a target and a scenario, then Rank.")
        loc = self.locale()
        cur = self._currency.get(r.target.text, "") if r.target.kind == "line" else ""
        company = finite(getattr(r, "company_lost_margin", None))
        every = self.tr(", {0} {1} for every line").format(money_text(loc, company), cur)
        return self.tr(
            "<b>{target}</b> ({lines}) under <b>{scenario}</b>, from {start}. As it stands: "
            "<b>{days}</b> shutdown days, lost margin <b>{money} {cur}</b>{every}"
        ).format(target=_first_upper(r.target.describe()), lines=", ".join(r.target.lines),
                 scenario=r.scenario, start=r.start.isoformat(),
                 days=days_text(loc, r.shutdown_days), money=money_text(loc, r.lost_margin), cur=cur,
                 every=every if company is not None else "")  # fmt: skip

    # --- criteria weights --------------------------------------------------------------------

    def reset_weights(self) -> None:
        self.weights_box.reset()

    def _on_weights(self) -> None:
        """Re-score the criteria columns with the new weights (no engine run needed)."""
        weights, zero = self.weights_box.weights(), self.tr("Give a criterion a weight above 0.")
        if weights is None:
            self._error(zero)
            return
        if self.error_label.text() == zero:
            self.error_label.clear()
        self.model.set_criteria(rescore(self.model.records, weights))
        self._show_selected()

    def _apply_order(self, which: int) -> None:
        if which == 1:
            self.view.sortByColumn(KEY["criteria"], Qt.SortOrder.DescendingOrder)
        else:
            self.view.sortByColumn(KEY["rank"], Qt.SortOrder.AscendingOrder)

    # --- selection and qualify now -----------------------------------------------------------

    def selected_record(self) -> Ranked | None:
        index = self.view.selectionModel().currentIndex()
        if not index.isValid():
            return None
        row = self.proxy.data(index, ENTITY_ID_ROLE)
        return self.model.records[int(row)] if row is not None else None

    def _show_selected(self) -> None:
        rec, weights = self.selected_record(), self.weights_box.weights()
        self.detail.show_record(rec, weights.normalised() if weights else {})
        why = self._cannot_qualify(rec)
        self.detail.qualify_button.setEnabled(why is None)
        self.detail.qualify_button.setToolTip(why or self.tr(QUALIFY_TIP))

    def _cannot_qualify(self, rec: Ranked | None) -> str | None:
        if rec is None or self.ranking is None:
            return self.tr("Select a source first")
        if len(rec.alternative_ids) != 1:
            return self.tr("Qualify one source at a time: select a single source")
        if not rec.placed:
            return self.tr("It has no qualification, ramp or availability figure to place it")
        if self.ranking.scenario not in self._saved_scenarios():
            return self.tr("Rank under a saved scenario: qualify now saves a copy of it")
        return None

    def _saved_scenarios(self) -> list[str]:
        return [self.scenario_combo.itemData(i) for i in range(1, self.scenario_combo.count())]

    def ask_qualify(self) -> None:
        rec, ranking = self.selected_record(), self.ranking
        if rec is None or ranking is None or self._cannot_qualify(rec):
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Qualify now"))
        dialog.setLabelText(self.tr("Save scenario “{0}” with {1} qualified now as:")
                            .format(ranking.scenario, rec.source))  # fmt: skip
        dialog.setTextValue(f"{ranking.scenario} + qualify {rec.source}"[:120])
        dialog.textValueSelected.connect(lambda name: self.qualify(rec, name))
        self.qualify_dialog = dialog
        dialog.open()

    def qualify(self, rec: Ranked, name: str) -> None:
        """Save the ranked scenario with `rec` activated as `name` (a quick write)."""
        assert self.ranking is not None
        base = self.ranking.scenario
        try:
            info = qualify_now(self.db, base, rec.alternative_ids[0], name.strip() or None)
        except ReplannerError as exc:
            self._error(str(exc))
            return
        self.error_label.clear()
        self.status_label.setText(self.tr(
            "Saved scenario “{0}”: {1} with {2} qualified now. Run it under Scenarios & what-if."
        ).format(info.name, base, rec.source))  # fmt: skip
        self.refresh()
        self.scenario_saved.emit(info.name)

    def _error(self, message: str) -> None:
        lines = message.strip().splitlines() or [message]
        self.error_label.setText(lines[-1] if len(lines) > 3 else message.strip())  # traceback
        self.error_label.setToolTip(message)


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
