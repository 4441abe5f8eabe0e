"""How the dashboard shows its results: heat-map cells and their tooltips, the top risks with
red stop cells, the quota chart; column fitting of its small tables. A mixin of DashboardPage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QGroupBox, QHeaderView, QTableView

from rePlanner.ui.models.formatting import format_days, format_int, format_number
from rePlanner.ui.views.dashboard_layout import DashboardLayout
from rePlanner.ui.views.dashboard_model import LEVELS, DashboardTableModel, uncertain
from rePlanner.ui.widgets.elided_label import ElidedLabel
from rePlanner.ui.widgets.heat_map import HeatItem, HeatMapWidget
from rePlanner.ui.widgets.quota_chart import BarChart, BarValue

if TYPE_CHECKING:  # services.dashboard is imported by the page's tasks, off the GUI thread
    from rePlanner.services.dashboard import HeatCell, HeatMap, QuotaPoint, Risk, TopRisks


class DashboardResults(DashboardLayout):
    """The heat map, the top risks and the quota chart as the user sees them (a mixin)."""

    heat_box: QGroupBox
    heat_map: HeatMapWidget
    risk_model: DashboardTableModel
    risk_view: QTableView
    risk_summary: ElidedLabel
    chart: BarChart

    def _show_quotas(self, points: list[QuotaPoint]) -> None:
        if not any(p.tonnes is not None for p in points):
            self.chart.show_message(self.tr("No quota figures in this database"))
            return
        labels = {"mining": self.tr("Mining"), "smelting_separation": self.tr("Separation")}
        kinds = sorted({p.kind for p in points}, key=lambda k: (k not in labels, k))
        bars = {(str(p.year), p.kind): BarValue(p.tonnes, uncertain(p), self._quota_tip(p))
                for p in points}  # fmt: skip
        self.chart.set_data(sorted({str(p.year) for p in points}),
                            [(k, labels.get(k, k)) for k in kinds], bars,
                            axis_title=self.tr("thousand tonnes REO per year"), scale=1000.0,
                            hatch_label=self.tr("derived or incomplete"),
                            missing_label=self.tr("not published"))  # fmt: skip

    def _quota_tip(self, p: QuotaPoint) -> str:
        basis = {"annual": self.tr("annual total"), "batches": self.tr("sum of batches"),
                 "not published": self.tr("not published")}[p.basis]  # fmt: skip
        value = self.tr("not published") if p.tonnes is None else self.tr("{t} t").format(
            t=format_int(self.locale(), round(p.tonnes)))  # fmt: skip
        lines = [f"<b>{p.year} · {p.kind.replace('_', ' & ')}</b>", f"{value} ({basis})",
                 self.tr("Confidence: {c}").format(c=p.confidence or "?")]  # fmt: skip
        if p.partial:
            lines.append(self.tr("Some batches were not published: at least this much"))
        return "<br>".join(lines)

    def _show_heat(self, heat: HeatMap) -> None:
        days = self.tr("open-ended") if heat.duration_days is None else self.tr("{d} days").format(
            d=format_number(self.locale(), heat.duration_days))  # fmt: skip
        self.heat_box.setTitle(self.tr("Survival vs recovery: each material stopped from China "
                                       "for {days}").format(days=days))  # fmt: skip
        if not heat.lines or not heat.elements:
            self.heat_map.show_message(self.tr("No production line with a BOM that contains "
                                               "a material: nothing to map"))  # fmt: skip
            return
        items = {key: HeatItem(self._cell_text(c), self._cell_tip(c), LEVELS[c.level])
                 for key, c in heat.cells.items()}  # fmt: skip
        self.heat_map.set_grid(heat.lines, heat.elements, items)

    def _cell_text(self, c: HeatCell) -> str:
        if c.level != "shutdown":
            return self.tr("ok")
        if c.shutdown_days is None:
            return "∞"
        if c.shutdown_days < 1:
            return self.tr("<1 d")
        return self.tr("{d} d").format(d=format_int(self.locale(), round(c.shutdown_days)))

    def _cell_tip(self, c: HeatCell) -> str:
        loc = self.locale()

        def days(v: float | None) -> str:
            return "∞" if v is None else format_days(loc, v)

        def whole(v: float | None) -> str:
            return "?" if v is None else format_int(loc, round(v))

        rows = [f"<b>{c.line} · {c.element}</b>",
                self.tr("Survives (TTS): {v} d").format(v=days(c.tts_days)) if c.tts_days
                is not None else self.tr("Survives (TTS): never runs short"),
                self.tr("Recovers (TTR): {v} d").format(v=days(c.ttr_days)),
                self.tr("TTS / TTR: {v}").format(
                    v="–" if c.ratio is None else format_number(loc, c.ratio)),
                self.tr("Shutdown: {v} d").format(v=days(c.shutdown_days)),
                self.tr("Lost vehicles: {v}").format(v=whole(c.lost_vehicles)),
                self.tr("Lost margin: {v}").format(v=whole(c.lost_margin))]  # fmt: skip
        if c.binding:
            rows.append(self.tr("Runs out first: {b}").format(b=c.binding))
        return "<br>".join(rows)

    def risk_titles(self) -> dict[str, str]:
        """Two short header lines: the columns stay narrow enough for the panel."""
        return {"line": self.tr("Line"), "shutdown_days": self.tr("Shutdown\ndays"),
                "lost_vehicles": self.tr("Lost\nvehicles"), "lost_margin": self.tr("Lost\nmargin"),
                "tts_days": self.tr("TTS\ndays"), "ttr_days": self.tr("TTR\ndays"),
                "binding": self.tr("Runs out\nfirst")}  # fmt: skip

    def _show_risks(self, top: TopRisks) -> None:
        from rePlanner.services.dashboard import risks_table  # imported by the task already

        table = risks_table(top)
        col = table.column_index("shutdown_days")
        stops = {(i, col) for i, row in enumerate(table.rows) if row[col] > 0}
        tips = {i: self._risk_tip(r) for i, r in enumerate(top.risks)}
        self.risk_model.set_rows(table, tips=tips, stops=stops)
        self.risk_view.setColumnHidden(table.column_index("plant"), True)  # in the tooltip
        self._fit(self.risk_view, stretch=7)
        text = self.tr("{n} of {total} lines at risk under {scenario}") if top.at_risk else self.tr(
            "No line at risk (of {total}) under {scenario}")  # fmt: skip
        self.risk_summary.setText(text.format(n=top.at_risk, total=top.lines,
                                              scenario=top.scenario))  # fmt: skip

    def _risk_tip(self, r: Risk) -> str:
        loc = self.locale()
        tts = "∞" if r.tts_days is None else format_days(loc, r.tts_days)
        ttr = "∞" if r.ttr_days is None else format_days(loc, r.ttr_days)
        return "<br>".join([
            f"<b>{r.line}</b> ({r.plant or '?'})",
            self.tr("Runs {tts} d on stock; supply is back after {ttr} d").format(tts=tts, ttr=ttr),
            self.tr("Runs out first: {b}").format(b=r.binding or "?"),
            self.tr("Double-click for the line's details"),
        ])  # fmt: skip

    def _fit(self, view: QTableView, stretch: int) -> None:
        """Columns fitted to their contents; the long text column takes what is left (elided,
        the tooltip has it all), so the panel needs no horizontal scrolling."""
        view.resizeColumnsToContents()
        header = view.horizontalHeader()
        for i in range(header.count()):
            if i != stretch:
                header.resizeSection(i, min(header.sectionSize(i), 140))
        if stretch < header.count():
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
            header.setMinimumSectionSize(40)
