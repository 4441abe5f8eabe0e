"""The Alternatives page: rank alternative sources for a line, part or material under a scenario
by the shutdown risk they remove (services/alternatives_rank.py, run in a Task), show why each
ranks where it does, re-weigh the criteria view at once, and "qualify now" a chosen source.

Built from the target choice (alternatives_target), the selected source and qualify now
(alternatives_qualify), the table model (alternatives_model), the weights
(alternatives_weights) and the detail panel (alternatives_detail).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rePlanner.services.alternatives_rank import Ranking, rank_alternatives
from rePlanner.ui.models.record_table_model import SORT_ROLE
from rePlanner.ui.views.alternatives_detail import (
    KEY,
    DetailPanel,
    Note,
    RankingModel,
    days_text,
    finite,
    legend,
    money_text,
    rescore,
)
from rePlanner.ui.views.alternatives_qualify import QUALIFY_TIP, QualifyNow
from rePlanner.ui.views.alternatives_target import TARGETS, TargetChoice
from rePlanner.ui.widgets.task_bar import TaskBar
from rePlanner.ui.workers import Task

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database

__all__ = ["ERROR_STYLE", "QUALIFY_TIP", "TARGETS", "AlternativesPage"]

ERROR_STYLE = "color: rgb(214, 60, 60)"


class AlternativesPage(TargetChoice, QualifyNow):
    title = "Alternatives"
    ranking_done = Signal()  # a Rank ended (results, error or cancel) and the page is idle
    # signals live here, not in the mixins: PySide6 misorders a mixin's signals (never emitted)
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

    # --- ranking -----------------------------------------------------------------------------

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

    def _error(self, message: str) -> None:
        lines = message.strip().splitlines() or [message]
        self.error_label.setText(lines[-1] if len(lines) > 3 else message.strip())  # traceback
        self.error_label.setToolTip(message)


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]
