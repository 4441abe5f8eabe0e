"""One page per line at risk: why it stops (binding parts, materials, suppliers), survival vs
recovery, and the alternatives ranked with their reasons."""

from __future__ import annotations

import math
from typing import Any

from rePlanner.io.report.document import (
    Bullets,
    Column,
    Flag,
    KeyFigures,
    Paragraph,
    Section,
    Table,
)
from rePlanner.io.report.values import format_value
from rePlanner.services.report_data import ReportData
from rePlanner.services.report_summary import line_flag

_BINDING = {
    "input": "runs short of",
    "ship": "cannot ship more (stock and deliveries used up)",
    "capacity": "is at full capacity",
}
TOP_REASONS = 3


def line_sections(data: ReportData) -> list[Section]:
    if not data.at_risk:
        return []
    intro = Section("Lines at risk", [Paragraph(
        f"One page per line that stops under \u201c{data.scenario}\u201d, the largest loss "
        "first: what runs out, which materials and suppliers it hangs on, and the alternative "
        "sources ranked by the margin they keep.")])  # fmt: skip
    rows = sorted(data.at_risk, key=lambda r: -(r["lost_margin"] if r["lost_margin"] is not None
                                                else math.inf))  # fmt: skip
    out = [intro]
    for i, r in enumerate(rows):
        out.append(Section(f"Line {r['line']}", line_blocks(data, r), level=2,
                           new_page=i > 0))  # fmt: skip
    return out


def line_blocks(data: ReportData, r: dict[str, Any]) -> list[Any]:
    cur = data.settings.currency
    blocks: list[Any] = [
        Paragraph(f"{r['plant']} · program {data.scope.programs.get(r['line'], '')}", "note"),
        KeyFigures(
            [
                (
                    "Survives (days)",
                    format_value("days", r["tts_days"]) if r["tts_days"] is not None else "never",
                    line_flag(r),
                ),
                (
                    "Recovers (days)",
                    format_value("days", r["ttr_days"] if r["ttr_days"] is not None else math.inf),
                    None,
                ),
                ("Shutdown days", format_value("days", _inf(r, "shutdown_days")), "risk"),
                ("Lost vehicles", format_value("int", _inf(r, "lost_vehicles")), "risk"),
                (f"Lost margin ({cur})", format_value("money", _inf(r, "lost_margin")), "risk"),
            ]
        ),  # fmt: skip
        binding_table(r),
        materials_table(data, r["line"]),
        suppliers_table(data, r["line"]),
    ]
    blocks += alternatives_blocks(data, r["line"])
    return blocks


def _inf(r: dict[str, Any], key: str) -> float:
    return math.inf if r[key] is None else r[key]


def binding_table(r: dict[str, Any]) -> Table:
    rows = []
    for b in r["binding"]:
        if b["kind"] == "demand":
            continue  # the line's own demand: always binding when it stops
        what = _BINDING.get(b["kind"], b["kind"])
        rows.append((b["node"], f"{what} {b['detail']}".strip()))
    return Table([Column("Where", weight=1.4), Column("What limits the line", weight=1.6)], rows,
                 "What runs out first", None, [],
                 "The constraints that hold the line's output down on its last day of supply.",
                 "Nothing but the line's own demand binds.")  # fmt: skip


def materials_table(data: ReportData, line: str) -> Table:
    found = [x for x in data.exposure.lines if x.line == line]
    mats = found[0].materials if found else []
    mats = sorted(mats, key=lambda m: -(m.china_share_any or 0.0))
    rows = [(m.material, m.kg_per_vehicle, m.china_share_any,
             ", ".join(h.code for h in m.measures) or "–",
             "yes" if m.licence_needed else "no") for m in mats]  # fmt: skip
    cols = [Column("Material", weight=1.2), Column("kg per vehicle", "number"),
            Column("China share", "share"), Column("Measures", weight=1.2),
            Column("Licence", "text", 0.4)]  # fmt: skip
    return Table(cols, rows, "Materials and their Chinese share", None,
                 ["risk" if m.licence_needed else None for m in mats],
                 "China share: the largest Chinese share at any stage (mine, separation, metal, "
                 "magnet) on the way to this line.")  # fmt: skip


def suppliers_table(data: ReportData, line: str, limit: int | None = 12) -> Table:
    recs = [s for s in data.exposure.suppliers if s["line"] == line]
    recs.sort(key=lambda s: -(s.get("china_share_any") or 0.0) * s["kg_per_vehicle"])
    rows = [(s["supplier"], data.countries.get(s["supplier"], ""), s["material"],
             s["kg_per_vehicle"], s.get("china_share_any")) for s in recs[:limit]]  # fmt: skip
    limit = limit or len(recs)
    cols = [Column("Supplier", weight=1.6), Column("Country", weight=0.6),
            Column("Material", weight=0.8), Column("kg per vehicle", "number"),
            Column("China share", "share")]  # fmt: skip
    more = f" (the {limit} most exposed of {len(recs)})" if len(recs) > limit else ""
    return Table(
        cols,
        rows,
        "Suppliers carrying the material" + more,
        None,
        [],
        "kg per vehicle of the material that reaches the line through the supplier.",
    )


def alternatives_table(data: ReportData, line: str) -> Table | None:
    ranking = data.rankings.get(line)
    if ranking is None:
        return None
    cur = data.settings.currency
    cols = [Column("#", "int", 0.2), Column("Source", weight=2.0), Column("Kind", weight=0.5),
            Column("Delivers from", "date"), Column("Shutdown days after", "days"),
            Column(f"Margin kept, this line ({cur})", "money"),
            Column(f"Net value ({cur})", "money")]  # fmt: skip
    recs = ranking.records
    rows = [(i + 1, rec.source, rec.kind, rec.available_from,
             rec.shutdown_days_after if rec.placed else None,
             rec.lost_margin_avoided if rec.placed else None,
             rec.net_value if rec.placed else None) for i, rec in enumerate(recs)]  # fmt: skip
    flags: list[Flag] = [
        "safe" if rec.placed and rec.lost_margin_avoided > 0 else None for rec in recs
    ]
    return Table(cols, rows, "Alternative sources, ranked", None, flags,
                 "Each candidate re-run in the scenario; margin kept on this line. "
                 "Net value: margin kept less the premium (– when unknown).",
                 "No alternative source is recorded for this line's parts.")  # fmt: skip


def alternatives_blocks(data: ReportData, line: str) -> list[Any]:
    table = alternatives_table(data, line)
    if table is None:
        return []
    recs = data.rankings[line].records
    reasons = [f"{rec.source}: " + "; ".join(rec.reasons) for rec in recs[:TOP_REASONS]
               if rec.reasons]  # fmt: skip
    return [table, Bullets(reasons)] if reasons else [table]


def excel_tables(data: ReportData) -> list[Table]:
    """The line pages' tables for Excel: one sheet per kind, every line at risk, a Line column
    first, and every supplier (the page lists the most exposed only)."""
    parts: dict[str, list[tuple[str, Table]]] = {"Line binding": [], "Line materials": [],
                                                 "Line suppliers": [], "Line alternatives": []}  # fmt: skip
    for r in data.at_risk:
        line = r["line"]
        parts["Line binding"].append((line, binding_table(r)))
        parts["Line materials"].append((line, materials_table(data, line)))
        parts["Line suppliers"].append((line, suppliers_table(data, line, limit=None)))
        alt = alternatives_table(data, line)
        if alt is not None:
            parts["Line alternatives"].append((line, alt))
    return [_stacked(sheet, pieces) for sheet, pieces in parts.items() if pieces]


def _stacked(sheet: str, pieces: list[tuple[str, Table]]) -> Table:
    first = pieces[0][1]
    rows = [(line, *row) for line, t in pieces for row in t.rows]
    flags: list[Flag] = [f for _, t in pieces for f in (t.flags or [None] * len(t.rows))]
    return Table([Column("Line"), *first.columns], rows, sheet, sheet, flags)
