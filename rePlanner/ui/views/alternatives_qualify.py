"""The selected ranked source and "qualify now": save a copy of the ranked scenario with the
chosen source activated from its first delivery (a quick write through the services).

A mixin of AlternativesPage.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSortFilterProxyModel, SignalInstance
from PySide6.QtWidgets import QComboBox, QInputDialog, QTableView, QWidget

from rePlanner.domain.errors import ReplannerError
from rePlanner.services.alternatives_plan import qualify_now
from rePlanner.services.alternatives_value import Ranked
from rePlanner.ui.models.record_table_model import ENTITY_ID_ROLE

if TYPE_CHECKING:
    from rePlanner.persistence.database import Database
    from rePlanner.services.alternatives_rank import Ranking
    from rePlanner.ui.views.alternatives_detail import DetailPanel, Note, RankingModel
    from rePlanner.ui.views.alternatives_weights import WeightsBox

QUALIFY_TIP = "Save a copy of the scenario with this source activated from its first delivery"


class QualifyNow(QWidget):
    """The detail of the selected source and its "qualify now" (a mixin of AlternativesPage)."""

    scenario_saved: SignalInstance  # the page's Signal(str): "qualify now" saved a scenario
    db: Database
    ranking: Ranking | None
    qualify_dialog: QInputDialog | None
    view: QTableView
    proxy: QSortFilterProxyModel
    model: RankingModel
    detail: DetailPanel
    weights_box: WeightsBox
    scenario_combo: QComboBox
    error_label: Note
    status_label: Note

    refresh: Callable[[], None]  # the page's: reload the lists
    _error: Callable[[str], None]  # the page's: show a refusal

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
