"""Cover and executive summary of the risk report: what stops, what it costs, what to do."""

from __future__ import annotations

import math
from typing import Any

from rePlanner.io.report.document import (
    Column,
    Cover,
    Flag,
    KeyFigures,
    Paragraph,
    Section,
    SurvivalBars,
    Table,
)
from rePlanner.io.report.values import format_value
from rePlanner.services.report_actions import actions_blocks
from rePlanner.services.report_data import ReportData, loss_total

TITLE = "Rare-earth supply risk report"


def cover(data: ReportData, logo: str | None = None) -> Cover:
    as_of = data.run.data_as_of
    extra = [f"Data as of {as_of:%Y-%m-%d %H:%M}" if as_of else "Data as of: unknown",
             f"rePlanner {data.version}"]  # fmt: skip
    return Cover(TITLE, data.settings.company_name or "(company name not set)", data.scope.label,
                 data.scenario, data.today, data.settings.confidentiality_label, logo, extra)  # fmt: skip


def totals(lines: list[dict[str, Any]]) -> dict[str, float]:
    """Shutdown days, lost vehicles and margin over the lines at risk (see loss_total)."""
    return {k: loss_total(lines, k) for k in ("shutdown_days", "lost_vehicles", "lost_margin")}


def summary(data: ReportData) -> Section:
    cur = data.settings.currency
    t = totals(data.lines)
    n, m = len(data.at_risk), len(data.lines)
    flag: Flag = "risk" if n else "safe"
    blocks: list[Any] = [
        Paragraph(_lead(data, n, m, t), "lead"),
        KeyFigures(
            [
                ("Lines at risk", f"{n} of {m}", flag),
                ("Shutdown days", format_value("days", t["shutdown_days"]), flag),
                ("Lost vehicles", format_value("int", t["lost_vehicles"]), flag),
                (f"Lost margin ({cur})", format_value("money", t["lost_margin"]), flag),
            ]
        ),  # fmt: skip
        *(
            []
            if not m
            else [
                SurvivalBars(
                    "Time to survive vs time to recover, per line (days)",
                    [r["line"] for r in data.lines],
                    [r["tts_days"] for r in data.lines],
                    [r["ttr_days"] for r in data.lines],
                    [bool(r["at_risk"]) for r in data.lines],
                ),
                lines_table(data),
            ]
        ),  # fmt: skip
    ]
    blocks += actions_blocks(data)  # the three actions that remove most risk
    return Section("Executive summary", blocks)


def _lines_word(m: int) -> str:
    return f"{m} production line" + ("" if m == 1 else "s")


def _lead(data: ReportData, n: int, m: int, t: dict[str, float]) -> str:
    scope = data.scope.label.lower() if data.scope.scope.kind == "company" else data.scope.label
    under = f"Under the scenario \u201c{data.scenario}\u201d"
    if not m:
        return (f"{under} there is nothing to assess: no production line is recorded in scope "
                f"({scope}). Enter production lines and their BOMs to see their risk.")  # fmt: skip
    if not n:
        return (f"{under} no production line in scope ({scope}, {_lines_word(m)}) stops: "
                "every line survives until supply recovers.")  # fmt: skip
    cur = data.settings.currency
    head = f"{under} {n} of {_lines_word(m)} in scope ({scope}) stop for want of parts or materials"
    if not math.isfinite(t["lost_margin"]):
        return (f"{head}, and at least one stop lasts to the end of the scenario (open-ended): "
                "the losses have no upper figure. The line pages show each line's own figures.")  # fmt: skip
    return (f"{head}: {format_value('days', t['shutdown_days'])} shutdown days, "
            f"{format_value('int', t['lost_vehicles'])} vehicles and "
            f"{cur} {format_value('money', t['lost_margin'])} of margin lost.")  # fmt: skip


def lines_table(data: ReportData) -> Table:
    cur = data.settings.currency
    cols = [Column("Line", weight=1.2), Column("Plant"), Column("Survives (days)", "days"),
            Column("Recovers (days)", "days"), Column("Shutdown days", "days"),
            Column("Lost vehicles", "int"), Column(f"Lost margin ({cur})", "money")]  # fmt: skip
    rows, flags = [], []
    for r in data.lines:
        rows.append((r["line"], r["plant"], _tts(r), _ttr(r), _loss(r, "shutdown_days"),
                     _loss(r, "lost_vehicles"), _loss(r, "lost_margin")))  # fmt: skip
        flags.append(line_flag(r))
    note = ("Survives: days until the line runs short (never: it does not); recovers: days "
            "until supply is back (open-ended: no end in the scenario). Days are calendar "
            "days; margin is per vehicle not built.")  # fmt: skip
    shared = [r["line"] for r in data.lines if stops_on_shared_parts(r)]
    if shared:
        note += (f" {', '.join(shared)}: more shutdown days than the gap between running short "
                 "and recovering, because parts shared with other lines go to the lines with "
                 "the higher margin first.")  # fmt: skip
    return Table(cols, rows, "Lines in scope", "Lines", flags, note)


def stops_on_shared_parts(r: dict[str, Any]) -> bool:
    """More shutdown days than the gap between running short and recovering."""
    tts, ttr, days = r["tts_days"], r["ttr_days"], r["shutdown_days"]
    if not r["at_risk"] or days is None or ttr is None:
        return False
    gap = ttr - tts if tts is not None else 0.0
    return days > max(gap, 0.0) + 0.5


def line_flag(r: dict[str, Any]) -> Flag:
    if r["at_risk"]:
        return "risk"
    tts, ttr = r["tts_days"], r["ttr_days"]
    if tts is not None and ttr is not None and tts < 1.25 * ttr:
        return "warn"  # survives, but with less than a quarter of the recovery time to spare
    return "safe"


def _tts(r: dict[str, Any]) -> Any:
    return "never" if r["tts_days"] is None else r["tts_days"]


def _ttr(r: dict[str, Any]) -> Any:
    return math.inf if r["ttr_days"] is None else r["ttr_days"]


def _loss(r: dict[str, Any], key: str) -> Any:
    v = r[key]
    return math.inf if v is None and r["at_risk"] else (v or 0.0)
