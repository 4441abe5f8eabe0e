"""The report's back half: exposure by material and country, the policy annex, the what-if
table and distribution of the scenario, and the assumptions and provenance behind it all."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import fields
from pathlib import Path
from typing import Any

from rePlanner.domain.policy import measure_status
from rePlanner.io.report.document import (
    Column,
    Flag,
    HeatGrid,
    HeatLevel,
    Histogram,
    LineChart,
    Paragraph,
    Section,
    Table,
)
from rePlanner.io.report.values import format_value
from rePlanner.services.report_data import ReportData

_WHATIF_LABEL = {"duration_days": "Supply stop (days)",
                 "licence_delay_days": "Licence delay (working days)"}  # fmt: skip


class _Weighted:
    """kg per key and the kg-weighted Chinese share (keys without a known share: None)."""

    def __init__(self) -> None:
        self.kg: dict[Any, float] = defaultdict(float)
        self.china: dict[Any, float] = defaultdict(float)
        self.known: dict[Any, float] = defaultdict(float)

    def add(self, key: Any, kg: float, share: float | None) -> None:
        self.kg[key] += kg
        if share is not None:
            self.china[key] += kg * share
            self.known[key] += kg

    def share(self, key: Any) -> float | None:
        return self.china[key] / self.known[key] if self.known[key] > 0 else None


def material_rows(data: ReportData) -> list[tuple[str, float, float | None]]:
    """Per material over the lines in scope: kg per day and the kg-weighted Chinese share."""
    w = _Weighted()
    for ln in data.exposure.lines:
        for m in ln.materials:
            w.add(m.material, ln.rate_per_day * m.kg_per_vehicle, m.china_share_any)
    rows = [(name, v, w.share(name)) for name, v in w.kg.items()]
    return sorted(rows, key=lambda r: -(r[1] * (r[2] or 0.0)))


def country_rows(data: ReportData) -> list[tuple[str, str, float, float | None]]:
    """Per supplier country and material: kg per day and its Chinese share."""
    rate = {ln.line: ln.rate_per_day for ln in data.exposure.lines}
    w = _Weighted()
    for s in data.exposure.suppliers:
        key = (data.countries.get(s["supplier"], "unknown"), s["material"])
        w.add(key, rate.get(s["line"], 0.0) * s["kg_per_vehicle"], s["china_share_any"])
    rows = [(c, m, v, w.share((c, m))) for (c, m), v in w.kg.items()]
    return sorted(rows, key=lambda r: (r[0], -r[2]))


def exposure_section(data: ReportData) -> Section:
    blocks: list[Any] = [
        Table(
            [
                Column("Material", weight=1.2),
                Column("kg per day", "number"),
                Column("China share", "share"),
            ],
            [*material_rows(data)],
            "Exposure by material",
            "Materials",
            note="kg per day over the lines in scope at their rates; China share weighted "
            "by kg (largest Chinese share at any stage).",
        ),  # fmt: skip
        Table(
            [
                Column("Supplier country"),
                Column("Material", weight=1.2),
                Column("kg per day", "number"),
                Column("China share", "share"),
            ],
            [*country_rows(data)],
            "Exposure by supplier country",
            "Countries",
            note="The country of the direct supplier; the China share follows the chain behind it.",
        ),  # fmt: skip
    ]
    if data.heat is not None:
        blocks += [heat_grid(data), Paragraph(
            "Each cell: the line's shutdown days when that element alone is cut from China "
            "(every stage) for the period. Red: the line stops; amber: it survives with less "
            "than a quarter of the recovery time to spare; green: it survives.",
            "note")]  # fmt: skip
    return Section("Exposure by material and country", blocks)


def heat_grid(data: ReportData) -> HeatGrid:
    heat = data.heat
    assert heat is not None
    lines = [n for n in heat.lines if n in set(data.scope.lines)]
    ratio, text, level = {}, {}, {}
    verdict: dict[str, HeatLevel] = {"shutdown": "stop", "close": "close", "ok": "ok"}
    for (line, el), cell in heat.cells.items():
        if line in lines:
            ratio[(line, el)] = cell.ratio
            level[(line, el)] = verdict[cell.level]
            text[(line, el)] = (format_value("days", cell.shutdown_days)
                                if cell.shutdown_days else "")  # fmt: skip
    return HeatGrid(
        f"Lines x elements: each element cut from China for {heat.duration_days:g} days",
        lines, heat.elements, ratio, text, level=level,
    )  # fmt: skip


def policy_section(data: ReportData) -> Section:
    rows: list[tuple[Any, ...]] = []
    flags: list[Flag] = []
    measures = sorted(data.measures, key=lambda m: (m["date_effective"] or data.today, m["code"]))
    for m in measures:
        st = measure_status(m["date_effective"], m["suspended_from"], m["suspended_until"],
                            data.today, date_ends=m["date_ends"]).state.value  # fmt: skip
        rows.append((m["code"], m["title"], st.replace("_", " "), m["date_effective"],
                     m["suspended_from"], m["suspended_until"], _conf(m["confidence"])))  # fmt: skip
        flags.append("risk" if st in ("in_force", "suspension_lapsed") else None)
    cols = [Column("Code", weight=0.4), Column("Measure", weight=2.4), Column("Status", weight=0.7),
            Column("Effective", "date"), Column("Suspended from", "date"),
            Column("Suspended until", "date"), Column("Confidence", weight=0.6)]  # fmt: skip
    blocks: list[Any] = [Table(cols, rows, f"Policy measures on {data.today:%Y-%m-%d}",
                               "Measures", flags)]  # fmt: skip
    sources = [(m["code"], m["source_url"] or "–", m["as_of"]) for m in measures]
    blocks.append(Table([Column("Code", weight=0.3), Column("Source", weight=4.0),
                         Column("As of", "date")], sources, "Sources of the measures",
                        "Measure sources"))  # fmt: skip
    events = data.calendar.events
    if events:
        blocks.append(Table(
            [Column("Date", "date"), Column("Event", weight=0.8), Column("Measure", weight=2.0),
             Column("In (days)", "int")],
            [(e.day, e.kind.replace("_", " "), f"{e.code} {e.title}", e.days_away)
             for e in events], "Recent and upcoming dates", "Dates",
            ["warn" if e.days_away >= 0 else None for e in events]))  # fmt: skip
    blocks += quota_blocks(data)
    return Section("Policy annex", blocks)


def _conf(v: Any) -> str:
    return str(getattr(v, "value", v) or "–")


def quota_blocks(data: ReportData) -> list[Any]:
    pts = data.quotas
    if not pts:
        return [Paragraph("No quota figures are recorded.", "note")]
    years = sorted({p.year for p in pts})
    kinds = sorted({p.kind for p in pts})
    by = {(p.year, p.kind): p for p in pts}
    series = [(k.replace("_", " "), [by[(y, k)].tonnes if (y, k) in by else None for y in years])
              for k in kinds]  # fmt: skip
    partial = [[(y, k) in by and by[(y, k)].partial for y in years] for k in kinds]
    rows = [(str(p.year), p.kind.replace("_", " "), p.tonnes,
             p.basis + (" (lower bound)" if p.partial else ""), p.confidence or "–")
            for p in pts]  # fmt: skip
    return [LineChart("China's rare-earth quotas (t REO)", [str(y) for y in years], series, "t",
                      partial),
            Table([Column("Year", "text", 0.4), Column("Quota"), Column("Tonnes", "number"),
                   Column("Basis", weight=1.2), Column("Confidence", weight=0.6)], rows,
                  "Quota history", "Quotas",
                  note="2025 quotas were issued without publication: figures marked "
                       "unconfirmed are estimates, not official numbers.")]  # fmt: skip


def whatif_section(data: ReportData) -> Section | None:
    if not data.whatif or data.whatif_param is None:
        return None
    cur = data.settings.currency
    cols = [Column(_WHATIF_LABEL[data.whatif_param], "days"), Column("Lines at risk", "int"),
            Column("Shutdown days", "days"), Column("Lost vehicles", "int"),
            Column(f"Lost margin ({cur})", "money")]  # fmt: skip
    rows = [(w.value, w.lines_at_risk, w.shutdown_days, w.lost_vehicles, w.lost_margin)
            for w in data.whatif]  # fmt: skip
    blocks: list[Any] = [Table(cols, rows, "What if the scenario were shorter or longer",
                               "What-if", ["risk" if w.lines_at_risk else "safe"
                                           for w in data.whatif])]  # fmt: skip
    mc = data.montecarlo
    if mc is not None:
        blocks += montecarlo_blocks(data)
    return Section("What-if and uncertainty", blocks)


def montecarlo_blocks(data: ReportData) -> list[Any]:
    import numpy as np

    mc = data.montecarlo
    keep = {r["node"] for r in mc.lines if r["line"] in set(data.scope.lines)}
    per = [v["lost_margin"] for k, v in mc.per_draw.items() if k in keep]
    draws = np.array(per, dtype=float).reshape(len(per), -1)
    # a draw with an open-ended stop on any line has no loss figure: it is counted, not drawn
    open_ended = ~np.isfinite(draws).all(axis=0) if per else np.zeros(0, dtype=bool)
    total = draws[:, ~open_ended].sum(axis=0) / 1e6 if per else np.zeros(0)
    out: list[Any] = []
    k, n = int(open_ended.sum()), int(open_ended.size)
    if total.size:
        counts, edges = np.histogram(total, bins=20)
        p50, p90 = (float(np.percentile(total, q)) for q in (50, 90))
        title = f"Lost margin over {mc.draws} draws ({data.settings.currency} M)"
        if k:
            title += f"; {k} of {n} draws open-ended, not shown"
        out.append(Histogram(title, [float(e) for e in edges], [int(c) for c in counts],
                             [("P50", p50), ("P90", p90)], "M"))  # fmt: skip
    elif n:
        out.append(Paragraph(f"All {n} draws leave some line without supply to the end of the "
                             "scenario (open-ended): no loss distribution to draw.", "note"))  # fmt: skip
    cur = data.settings.currency
    rows = [(r["line"], r["p_shutdown"], r["lost_margin_p50"], r["lost_margin_p90"],
             r["open_ended_draws"]) for r in mc.lines if r["line"] in set(data.scope.lines)]  # fmt: skip
    out.append(Table([Column("Line", weight=1.2), Column("P(shutdown)", "share"),
                      Column(f"P50 lost margin ({cur})", "money"),
                      Column(f"P90 lost margin ({cur})", "money"), Column("Open-ended draws", "int")],
                     rows, "Monte Carlo per line", "Monte Carlo",
                     note=_mc_note(mc)))  # fmt: skip
    return out


def _mc_note(mc: Any) -> str:
    parts = [f"{k.replace('_', ' ')} {v.get('kind', '')} {v.get('low', '')}–{v.get('high', '')}"
             + (f" (mode {v['mode']})" if v.get("mode") is not None else "")
             for k, v in mc.spec.items()]  # fmt: skip
    return f"{mc.draws} seeded draws (seed {mc.seed}); inputs drawn: " + "; ".join(parts) + "."


def assumptions_section(data: ReportData) -> Section:
    inp = data.inputs
    rows = [(f.name.replace("_", " "), _input_text(getattr(inp, f.name))) for f in fields(inp)]
    s = data.settings
    rows += [("currency", s.currency), ("working days per week (default)",
                                        s.working_days_per_week)]  # fmt: skip
    as_of = data.run.data_as_of
    imports = [(b["imported_at"], b["kind"], Path(b["file_name"]).name, b["row_count"],
                b["imported_by"] or "–") for b in data.imports]  # fmt: skip
    blocks: list[Any] = [
        Paragraph(
            f"Scenario \u201c{data.scenario}\u201d, run {data.made_at:%Y-%m-%d %H:%M} by "
            f"rePlanner {data.version} on data last changed "
            f"{as_of:%Y-%m-%d %H:%M}."
            if as_of
            else "Data change time unknown."
        ),  # fmt: skip
        Table(
            [Column("Input", weight=0.8), Column("Value", weight=2.0)],
            rows,
            "Scenario inputs and settings",
            "Inputs",
        ),
        Table(
            [
                Column("Imported at", "date"),
                Column("Kind", weight=0.5),
                Column("File", weight=2.0),
                Column("Rows", "int"),
                Column("By", weight=0.5),
            ],
            imports,
            "Where the data came from (imports)",
            "Imports",
            empty_text="No imports recorded: the data was typed in.",
        ),  # fmt: skip
        Paragraph(
            "Method: each line's time to survive comes from a linear programme over the "
            "supply network (stock on hand and in transit, capacities, shares); time to "
            "recover from the stopped nodes' recovery times and licence delays. Shutdown "
            "days are the calendar days a line cannot build: usually the gap between running "
            "short and supply recovering, and more where parts shared between lines go to the "
            "higher-margin lines first. Lost margin is vehicles not built times margin per "
            "vehicle.",
            "small",
        ),  # fmt: skip
    ]
    blocks += [Paragraph(w, "small") for w in data.run.warnings[:10]]
    return Section("Assumptions, data and provenance", blocks)


def _input_text(v: Any) -> Any:
    """A scenario input as the report shows it: numbers stay numbers (whole ones as int)."""
    if v is None or v == ():
        return "–"
    if isinstance(v, tuple):
        return ", ".join(str(x) for x in v)
    if isinstance(v, float) and math.isfinite(v) and v.is_integer():
        return int(v)
    return v if isinstance(v, int | float) and not isinstance(v, bool) else str(v)
