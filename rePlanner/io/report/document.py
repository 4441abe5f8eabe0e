"""Blocks of a risk report. Plain data: services fill it, `ui.printing` lays it out on paper,
`services.report_export` writes its tables to Excel. Values stay typed (numbers as numbers); the
one text form of a value is `io.report.values.format_value`, shared by PDF and tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

# How a column's values are shown: "text" wraps; every other kind is one line, right-aligned.
ColumnKind = Literal["text", "int", "number", "money", "days", "share", "date"]
# Row colouring: "risk" (a line stops), "warn" (short of recovery), "safe", or None.
Flag = Literal["risk", "warn", "safe"] | None
TextStyle = Literal["body", "lead", "note", "small"]
HeatLevel = Literal["stop", "close", "ok"]


@dataclass(frozen=True)
class Column:
    title: str
    kind: ColumnKind = "text"
    weight: float = 1.0  # share of spare width a wrapping text column may take


@dataclass
class Table:
    columns: list[Column]
    rows: list[tuple[Any, ...]]
    title: str | None = None
    sheet: str | None = None  # Excel sheet name; None: not exported
    flags: list[Flag] = field(default_factory=list)  # one per row, or empty
    note: str | None = None  # printed under the table (units, sources)
    empty_text: str = "None."  # printed instead of an empty table


@dataclass
class Paragraph:
    text: str
    style: TextStyle = "body"


@dataclass
class Bullets:
    items: list[str]


@dataclass
class KeyFigures:
    """A row of boxed headline figures: (label, value already worded, flag)."""

    items: list[tuple[str, str, Flag]]


@dataclass
class SurvivalBars:
    """Per line a pair of horizontal bars: time to survive vs time to recover (days).
    None for TTS: never runs short; None for TTR: open-ended."""

    title: str
    labels: list[str]
    tts_days: list[float | None]
    ttr_days: list[float | None]
    at_risk: list[bool] = field(default_factory=list)  # the engine's verdict; empty: TTS < TTR


@dataclass
class HeatGrid:
    """Rows x columns of cells coloured by the engine's verdict `level`: "stop" (the line
    stops), "close" (survives with less than a quarter of the recovery time to spare), "ok";
    a cell with no level is blank. `ratio` (TTS / TTR) is kept for readers of the data."""

    title: str
    rows: list[str]
    columns: list[str]
    ratio: dict[tuple[str, str], float | None]
    text: dict[tuple[str, str], str]  # short text inside each cell
    legend: str = ""
    level: dict[tuple[str, str], HeatLevel] = field(default_factory=dict)


@dataclass
class LineChart:
    """Series over x labels (e.g. quota per year); None leaves a gap. `lower_bound[i][j]`
    True: that point is only a lower bound (drawn hollow, named in the legend), not joined."""

    title: str
    x_labels: list[str]
    series: list[tuple[str, list[float | None]]]
    unit: str = ""
    lower_bound: list[list[bool]] = field(default_factory=list)


@dataclass
class Histogram:
    """Bars over bin edges (len(counts) + 1 edges) with labelled markers (P50, P90)."""

    title: str
    edges: list[float]
    counts: list[int]
    markers: list[tuple[str, float]] = field(default_factory=list)
    unit: str = ""


Block = Paragraph | Bullets | KeyFigures | Table | SurvivalBars | HeatGrid | LineChart | Histogram


@dataclass
class Section:
    """A heading and its blocks. Level 1 starts a new page and enters the table of contents;
    level 2 enters the contents indented and starts a new page only when `new_page`."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 1
    new_page: bool | None = None  # None: level 1 yes, level 2 no


@dataclass
class Cover:
    title: str
    company: str
    scope: str
    scenario: str
    report_date: date
    confidentiality: str = ""
    logo_path: str | None = None  # PNG/SVG from settings; missing file: no logo
    lines: list[str] = field(default_factory=list)  # extra cover lines (data as of, ...)


@dataclass
class Report:
    cover: Cover
    sections: list[Section]
    header: str = ""  # left of the running header; the confidentiality label goes right
    excel_only: list[Table] = field(default_factory=list)  # fuller tables for the workbook

    def tables(self) -> list[Table]:
        """Every table that goes to Excel, in report order, then the Excel-only ones."""
        out: list[Table] = []
        for s in self.sections:
            out.extend(b for b in s.blocks if isinstance(b, Table) and b.sheet)
        return out + [t for t in self.excel_only if t.sheet]
