"""The criteria weights of the Alternatives page: a spin box per criterion, and the criteria
scores of a ranking re-computed with other weights (no engine run: sub-scores do not depend
on the weights)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QSpinBox, QWidget

from rePlanner.engine.criteria import CRITERIA, LABELS, Weights
from rePlanner.services.alternatives_value import Ranked


def rescore(records: Sequence[Ranked], weights: Weights) -> list[tuple[float | None, int | None]]:
    """(criteria total, criteria rank) per record with other weights, as the service computes
    them (alternatives_criteria.criteria_rows): sub-scores do not depend on the weights, so no
    engine run is needed. Pairs and plans get the mean of their members' totals, no rank."""
    norm = weights.normalised()
    single: dict[int, float] = {}
    for r in records:
        if len(r.alternative_ids) == 1 and r.criteria:
            single[r.alternative_ids[0]] = sum(norm[k] * r.criteria.get(k, 0.0) for k in CRITERIA)
    names = {r.alternative_ids[0]: r.source for r in records if len(r.alternative_ids) == 1}
    order = sorted(single, key=lambda i: (-round(single[i], 12), names[i].casefold(), str(i)))
    rank = {i: k for k, i in enumerate(order, start=1)}
    out: list[tuple[float | None, int | None]] = []
    for r in records:
        totals = [single[i] for i in r.alternative_ids if i in single]
        if len(r.alternative_ids) == 1:
            i = r.alternative_ids[0]
            out.append((single.get(i), rank.get(i)))
        else:
            out.append((sum(totals) / len(totals) if totals else None, None))
    return out


class WeightsBox(QGroupBox):
    """A spin box per criterion, 0..5 (default 1): only the ratios matter."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Criteria weights (0..5): they re-score the criteria view at once; "
                              "the value ranking does not depend on them"))  # fmt: skip
        self.spins: dict[str, QSpinBox] = {}
        grid = QGridLayout(self)
        for k, key in enumerate(CRITERIA):
            spin = QSpinBox(self)
            spin.setRange(0, 5)
            spin.setValue(1)
            spin.setFixedWidth(spin.fontMetrics().horizontalAdvance("0") * 3 + 40)
            spin.setToolTip(self.tr("Weight of “{0}” in the criteria score (0 = ignore)")
                            .format(self.tr(LABELS[key])))  # fmt: skip
            spin.valueChanged.connect(self.changed)
            label = QLabel(self.tr(LABELS[key]), self)
            label.setBuddy(spin)
            grid.addWidget(label, k // 4, (k % 4) * 2)
            grid.addWidget(spin, k // 4, (k % 4) * 2 + 1)
            self.spins[key] = spin
        self.reset_button = QPushButton(self.tr("Reset"), self)
        self.reset_button.clicked.connect(self.reset)
        grid.addWidget(self.reset_button, 1, 8, Qt.AlignmentFlag.AlignLeft)
        grid.setColumnStretch(8, 1)

    def reset(self) -> None:
        self.blockSignals(True)
        for spin in self.spins.values():
            spin.setValue(1)
        self.blockSignals(False)
        self.changed.emit()

    def weights(self) -> Weights | None:
        """None when every weight is 0 (nothing to weigh)."""
        try:
            return Weights(**{k: float(s.value()) for k, s in self.spins.items()})
        except ValueError:
            return None

    def text(self) -> str:
        return ",".join(f"{k}={s.value()}" for k, s in self.spins.items())
