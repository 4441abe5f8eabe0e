"""Cover and executive summary of the risk report: what stops, what it costs, what to do."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from rePlanner.io.report.document import (
    Bullets,
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
from rePlanner.services.report_data import ReportData

TITLE = "Rare-earth supply risk report"


def cover(data: ReportData, logo: str | None = None) -> Cover:
    as_of = data.run.data_as_of
    extra = [f"Data as of {as_of:%Y-%m-%d %H:%M}" if as_of else "Data as of: unknown",
             f"rePlanner {data.version}"]  # fmt: skip
    return Cover(TITLE, data.settings.company_name or "(company name not set)", data.scope.label,
                 data.scenario, data.today, data.settings.confidentiality_label, logo, extra)  # fmt: skip


def totals(lines: list[dict[str, Any]]) -> dict[str, float]:
    """Shutdown days, lost vehicles and margin over the lines at risk; an open-ended stop
    (no figure on a line at risk) makes the sum infinite rather than quietly smaller."""
    out = {}
    for key in ("shutdown_days", "lost_vehicles", "lost_margin"):
        vals = [r[key] for r in lines if r["at_risk"]]
        out[key] = math.inf if any(v is None for v in vals) else math.fsum(vals)
    return out


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
        SurvivalBars(
            "Time to survive vs time to recover, per line (days)",
            [r["line"] for r in data.lines],
            [r["tts_days"] for r in data.lines],
            [r["ttr_days"] for r in data.lines],
        ),  # fmt: skip
        lines_table(data),
    ]
    blocks += actions_blocks(data)
    return Section("Executive summary", blocks)


def _lead(data: ReportData, n: int, m: int, t: dict[str, float]) -> str:
    scope = data.scope.label.lower() if data.scope.scope.kind == "company" else data.scope.label
    if not n:
        return (f"Under the scenario \u201c{data.scenario}\u201d no production line in scope "
                f"({scope}, {m} lines) stops: every line survives until supply recovers.")  # fmt: skip
    cur = data.settings.currency
    return (
        f"Under the scenario \u201c{data.scenario}\u201d {n} of {m} production lines in scope "
        f"({scope}) run out of parts or materials before supply recovers: "
        f"{format_value('days', t['shutdown_days'])} shutdown days, "
        f"{format_value('int', t['lost_vehicles'])} vehicles and "
        f"{cur} {format_value('money', t['lost_margin'])} of margin lost."
    )


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
    return Table(cols, rows, "Lines in scope", "Lines", flags,
                 "Survives: days until the line runs short (never: it does not); recovers: "
                 "days until supply is back (open-ended: no end in the scenario). A line can "
                 "stop after supply is back when licence waits or capacity keep deliveries "
                 "short. Days are calendar days; margin is per vehicle not built.")  # fmt: skip


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


@dataclass
class Action:
    source: str
    kind: str
    lines: list[str] = field(default_factory=list)
    available_from: Any = None
    days_removed: float = 0.0
    margin_avoided: float = 0.0  # every line (company), as the ranking values it
    premium: float | None = None
    own_gap: bool = False  # removes its own part of the gap only (other stops remain)
    reason: str = ""


def actions(data: ReportData, n: int = 3) -> list[Action]:
    """The sources (or pairs/plans) that keep most margin, one entry per source, with the lines
    they help; when fewer than n keep any, those that close their own part of the gap follow."""
    best: dict[str, Action] = {}
    own: dict[str, Action] = {}
    for line, ranking in data.rankings.items():
        for rec in ranking.records:
            if _pos(rec.lost_margin_avoided):
                _merge(best, rec, line, rec.company_margin_avoided, rec.days_removed, False)
            elif _pos(rec.own_gap_lost_margin_avoided):
                _merge(own, rec, line, rec.own_gap_lost_margin_avoided, rec.own_days_removed,
                       True)  # fmt: skip
    ranked = sorted(best.values(), key=lambda a: -a.margin_avoided)
    extra = sorted((a for k, a in own.items() if k not in best), key=lambda a: -a.margin_avoided)
    return (ranked + extra)[:n]


def _pos(v: float) -> bool:
    return math.isfinite(v) and v > 0


def _merge(
    into: dict[str, Action], rec: Any, line: str, avoided: float, days: float, own: bool
) -> None:
    """Fold one line's ranking record into the source's action (the company figure is the same
    in every line's ranking; days add up over the lines it helps)."""
    a = into.setdefault(rec.source, Action(rec.source, rec.kind, own_gap=own))
    a.lines.append(line)
    a.days_removed += days if math.isfinite(days) else 0.0
    if avoided >= a.margin_avoided:
        a.margin_avoided, a.available_from = avoided, rec.available_from
        a.premium, a.reason = rec.premium_cost, (rec.reasons[0] if rec.reasons else "")


def actions_blocks(data: ReportData) -> list[Any]:
    if not data.options.alternatives:
        return [Paragraph("Alternatives were not ranked for this report.", "note")]
    if not data.at_risk:
        return []
    acts = actions(data)
    if not acts:
        return [Paragraph("No ranked alternative source removes shutdown days under this "
                          "scenario; see the line pages for what each candidate lacks.", "body")]  # fmt: skip
    cur = data.settings.currency
    cols = [Column("#", "int", 0.2), Column("Action", weight=2.0), Column("Lines", weight=1.2),
            Column("Delivers from", "date"), Column("Shutdown days removed", "days"),
            Column(f"Margin kept ({cur})", "money"), Column(f"Premium ({cur})", "money")]  # fmt: skip
    rows = [(i + 1, ("Qualify " if a.kind != "design" else "Introduce ") + a.source
             + (" (own gap)" if a.own_gap else ""), ", ".join(a.lines), a.available_from,
             a.days_removed, a.margin_avoided, a.premium) for i, a in enumerate(acts)]  # fmt: skip
    why = [f"{a.source}: {a.reason}" for a in acts if a.reason]
    title = (
        "The action that removes most risk"
        if len(acts) == 1
        else (f"The {len(acts)} actions that remove most risk")
    )
    return [Table(cols, rows, title, "Actions",
                  ["safe" if not a.own_gap else "warn" for a in acts],
                  "Margin kept: margin no longer lost over every line when the action is taken "
                  "now; own gap: removes its share only once the line's other stops are solved."),
            Bullets(why)]  # fmt: skip
