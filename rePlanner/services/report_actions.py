"""The executive summary's "actions that remove most risk": the ranked alternative sources
(or pairs and plans) that keep most margin over every line, one entry per source, with the
lines they help and the reason from the line they help most."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from rePlanner.io.report.document import Bullets, Column, Paragraph, Table
from rePlanner.services.report_data import ReportData


@dataclass
class Action:
    source: str
    kind: str  # supplier, design, pair, plan
    ids: frozenset[int] = frozenset()
    lines: list[str] = field(default_factory=list)
    available_from: Any = None
    days_removed: float = 0.0  # over the lines it helps
    margin_avoided: float = 0.0  # every line (company), as the ranking values it
    premium: float | None = None
    own_gap: bool = False  # removes its own part of the gap only (other stops remain)
    reason: str = ""
    _best_line: float = -math.inf  # the largest saving on one line: whose reason is shown


def actions(data: ReportData, n: int = 3) -> list[Action]:
    """The n best; when fewer keep margin, those that close their own part of the gap follow.
    A pair or plan that only adds sources to a listed action, for no more margin, is left out."""
    best: dict[str, Action] = {}
    own: dict[str, Action] = {}
    for line, ranking in data.rankings.items():
        for rec in ranking.records:
            if _pos(rec.lost_margin_avoided):
                _merge(best, rec, line, rec.company_margin_avoided, rec.lost_margin_avoided,
                       rec.days_removed, False)  # fmt: skip
            elif _pos(rec.own_gap_lost_margin_avoided):
                _merge(own, rec, line, rec.own_gap_lost_margin_avoided,
                       rec.own_gap_lost_margin_avoided, rec.own_days_removed, True)  # fmt: skip
    ranked = sorted(best.values(), key=lambda a: -a.margin_avoided)
    extra = sorted((a for k, a in own.items() if k not in best), key=lambda a: -a.margin_avoided)
    out: list[Action] = []
    for a in ranked + extra:
        if not any(_covered_by(a, b) for b in out):
            out.append(a)
    return out[:n]


def _covered_by(a: Action, b: Action) -> bool:
    return bool(b.ids) and b.ids < a.ids and a.margin_avoided <= b.margin_avoided + 0.5


def _pos(v: float) -> bool:
    return math.isfinite(v) and v > 0


def _merge(
    into: dict[str, Action], rec: Any, line: str, company: float, on_line: float, days: float,
    own: bool,
) -> None:  # fmt: skip
    """Fold one line's ranking record into the source's action: the company figure is the same
    in every line's ranking; days add up over the lines it helps; the reason is the one from
    the line it helps most, named."""
    a = into.setdefault(rec.source, Action(rec.source, rec.kind, frozenset(rec.alternative_ids),
                                           own_gap=own))  # fmt: skip
    a.lines.append(line)
    a.days_removed += days if math.isfinite(days) else 0.0
    a.margin_avoided = max(a.margin_avoided, company)
    if on_line > a._best_line:
        a._best_line, a.available_from, a.premium = on_line, rec.available_from, rec.premium_cost
        a.reason = f"on {line}: {rec.reasons[0]}" if rec.reasons else ""


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
    cols = [Column("#", "int", 0.2), Column("Action", weight=2.0), Column("Kind", weight=0.5),
            Column("Lines helped", weight=1.2), Column("Delivers from", "date"),
            Column("Shutdown days removed", "days"),
            Column(f"Margin kept, all lines ({cur})", "money"),
            Column(f"Premium ({cur})", "money")]  # fmt: skip
    rows = [(i + 1, a.source + (" (own gap)" if a.own_gap else ""), a.kind, ", ".join(a.lines),
             a.available_from, a.days_removed, a.margin_avoided, a.premium)
            for i, a in enumerate(acts)]  # fmt: skip
    title = ("The action that removes most risk" if len(acts) == 1
             else f"The {len(acts)} actions that remove most risk")  # fmt: skip
    note = ("Margin kept: margin no longer lost over every line if the action is taken now (a "
            "line page shows what it keeps on that line alone); own gap: removes its share only "
            "once the line's other stops are solved.")  # fmt: skip
    why = [f"{a.source}, {a.reason}" for a in acts if a.reason]
    return [Table(cols, rows, title, "Actions", ["warn" if a.own_gap else "safe" for a in acts],
                  note), Bullets(why)]  # fmt: skip
