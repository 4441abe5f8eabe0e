"""The dashboard's numbers: a line x material heat map of survival vs recovery time, the top
risks of a scenario, the policy calendar and the quota history. No Qt.

Heat map: one scenario per material element our lines' parts contain, each cutting that
element off from China for `duration_days` (no measure named, so no licence wait: TTR = the
stop). All of them run on ONE prepared ScenarioContext (the network is compiled once). Per
line x element the cell keeps the line's own TTS, the TTR, TTS/TTR and the losses; None means
infinite (never runs short, open-ended) or unknown, as in scenario results.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import select

from rePlanner.domain.policy import MeasureState, measure_status
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.alternatives_plan import default_inputs
from rePlanner.services.scenario import get_scenario
from rePlanner.services.scenario_run import ScenarioContext, ScenarioRun
from rePlanner.services.session import current_user
from rePlanner.services.tables import Column, TableData

Level = Literal["shutdown", "close", "ok"]
CLOSE_RATIO = 1.25  # TTS within 25 % above TTR: one late ship away from a stop
_TINY = 1e-6


# --- heat map ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    line: str
    element: str
    tts_days: float | None  # the line's own time to survive; None: never runs short
    ttr_days: float | None  # None: open-ended
    ratio: float | None  # TTS / TTR; None when the line never runs short (or TTR is 0)
    shutdown_days: float | None
    lost_vehicles: float | None
    lost_margin: float | None
    binding: str | None = None  # what runs out first, when the line stops

    @property
    def level(self) -> Level:
        """shutdown: the line stops (TTS < TTR, or shared parts go to other lines); close:
        TTS < 1.25 x TTR; ok: TTS >= 1.25 x TTR or never short."""
        if (self.shutdown_days or 0.0) > _TINY or (self.ratio is not None and self.ratio < 1):
            return "shutdown"
        if self.ratio is not None and self.ratio < CLOSE_RATIO:
            return "close"
        return "ok"


@dataclass
class HeatMap:
    duration_days: float | None
    lines: list[str] = field(default_factory=list)
    elements: list[str] = field(default_factory=list)
    cells: dict[tuple[str, str], HeatCell] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    data_as_of: datetime | None = None

    def cell(self, line: str, element: str) -> HeatCell | None:
        return self.cells.get((line, element))


def line_elements(db: Database) -> list[str]:
    """Elements of the materials in the parts of the lines' current BOMs (any BOM level)."""
    pm, mat, bl, rev = m.PartMaterial, m.Material, m.BomLine, m.BomRevision
    query = (
        select(mat.element)
        .join(pm, pm.material_id == mat.id)
        .join(bl, bl.part_id == pm.part_id)
        .join(rev, (rev.id == bl.revision_id) & rev.is_current.is_(True))
        .distinct()
    )
    with db.session(current_user(), audit=False) as s:
        return sorted(set(s.scalars(query)), key=str.casefold)


def cut_off_inputs(element: str, duration_days: float | None) -> ScenarioInputs:
    """The heat map's scenario for one element: China stops it, no licence wait after."""
    return ScenarioInputs(materials=(element,), duration_days=duration_days)


def heat_map(
    db: Database, *, duration_days: float | None = 90.0, materials: list[str] | None = None,
    progress: Progress | None = None,
) -> HeatMap:  # fmt: skip
    p = progress or NullProgress()
    elements = list(materials) if materials is not None else line_elements(db)
    inputs = [cut_off_inputs(e, duration_days) for e in elements]
    p.update(0, len(elements) + 1, "Reading the supply network…")
    ctx = ScenarioContext.prepare(db, *inputs)
    return heat_map_on(ctx, elements, duration_days, p, offset=1)


def heat_map_on(
    ctx: ScenarioContext, elements: list[str], duration_days: float | None, p: Progress,
    offset: int = 0, total: int | None = None,
) -> HeatMap:  # fmt: skip
    """The heat map on a prepared context (`offset`/`total`: steps before it / in all)."""
    out = HeatMap(duration_days, elements=list(elements), data_as_of=ctx.data_as_of)
    total = total or len(elements) + offset
    for i, element in enumerate(elements):
        check(p, "the heat map")
        p.update(offset + i, total, f"Cutting off {element} from China…")
        run = ctx.evaluate(cut_off_inputs(element, duration_days))
        for row in run.results["lines"]:
            name = row["line"]
            if name not in out.lines:
                out.lines.append(name)
            out.cells[(name, element)] = _cell(row, element)
        out.warnings += [w for w in run.warnings if w not in out.warnings]
    p.update(offset + len(elements), total, "Heat map ready")
    return out


def _cell(row: dict[str, Any], element: str) -> HeatCell:
    return HeatCell(
        line=row["line"], element=element, tts_days=row["tts_days"], ttr_days=row["ttr_days"],
        ratio=_ratio(row["tts_days"], row["ttr_days"]), shutdown_days=row["shutdown_days"],
        lost_vehicles=row["lost_vehicles"], lost_margin=row["lost_margin"],
        binding=_binding(row) if row["at_risk"] else None,
    )  # fmt: skip


def _ratio(tts: float | None, ttr: float | None) -> float | None:
    if tts is None:
        return None  # never runs short
    if ttr is None:
        return 0.0  # runs short during an open-ended stop
    return tts / ttr if ttr > 0 else None


def _binding(row: dict[str, Any]) -> str | None:
    b = next((b for b in row["binding"] if b["kind"] != "demand"), None)
    return (b["detail"] or b["node"]) if b else None


# --- top risks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Risk:
    line: str
    plant: str | None
    line_id: int | None
    tts_days: float | None
    ttr_days: float | None
    shutdown_days: float | None  # None: infinite (open-ended stop)
    lost_vehicles: float | None  # None: unknown (open-ended)
    lost_margin: float | None
    binding: str | None


@dataclass
class TopRisks:
    scenario: str
    inputs: ScenarioInputs
    risks: list[Risk]
    at_risk: int  # lines at risk in all (risks holds the first n)
    lines: int  # lines in the scenario
    warnings: list[str] = field(default_factory=list)


def scenario_inputs(db: Database, scenario: str | None) -> tuple[str, ScenarioInputs]:
    """A saved scenario by name, or the default (licence measures in force today)."""
    if scenario:
        info = get_scenario(db, scenario)
        return info.name, info.inputs
    return default_inputs(db)


def top_risks(
    db: Database, scenario: str | None = None, n: int = 10, progress: Progress | None = None
) -> TopRisks:
    p = progress or NullProgress()
    label, inputs = scenario_inputs(db, scenario)
    p.update(0, 2, "Reading the supply network…")
    ctx = ScenarioContext.prepare(db, inputs)
    check(p, "the risk list")
    p.update(1, 2, f"Running {label}…")
    top = risks_of(ctx.evaluate(inputs), label, n)
    p.update(2, 2, "Risks ready")
    return top


def risks_of(run: ScenarioRun, label: str, n: int = 10) -> TopRisks:
    """The lines at risk in `run`, the largest lost margin first (unknown = open-ended first)."""
    rows = [r for r in run.results["lines"] if r["at_risk"]]
    rows.sort(key=lambda r: (-_big(r["lost_margin"]), -_big(r["shutdown_days"]), r["line"]))
    risks = [
        Risk(r["line"], r["plant"], r["line_id"], r["tts_days"], r["ttr_days"],
             r["shutdown_days"], r["lost_vehicles"], r["lost_margin"], _binding(r))
        for r in rows[:n]
    ]  # fmt: skip
    return TopRisks(label, run.inputs, risks, len(rows), len(run.results["lines"]), run.warnings)


def risk_overview(
    db: Database, *, duration_days: float | None = 90.0, scenario: str | None = None,
    n: int = 10, progress: Progress | None = None,
) -> tuple[HeatMap, TopRisks]:  # fmt: skip
    """The heat map and the top risks on one compiled network (what the dashboard shows)."""
    p = progress or NullProgress()
    elements = line_elements(db)
    label, inputs = scenario_inputs(db, scenario)
    cuts = [cut_off_inputs(e, duration_days) for e in elements]
    total = len(elements) + 2
    p.update(0, total, "Reading the supply network…")
    ctx = ScenarioContext.prepare(db, *cuts, inputs)
    heat = heat_map_on(ctx, elements, duration_days, p, offset=1, total=total)
    check(p, "the risk list")
    p.update(total - 1, total, f"Running {label}…")
    top = risks_of(ctx.evaluate(inputs), label, n)
    p.update(total, total, "Done")
    return heat, top


def _big(v: float | None) -> float:
    return math.inf if v is None else v


RISK_COLUMNS = [
    Column("line", "Line"),
    Column("plant", "Plant"),
    Column("shutdown_days", "Shutdown d", "number", "Calendar days the line stands still"),
    Column("lost_vehicles", "Lost vehicles", "int", "Vehicles not built during the stop"),
    Column("lost_margin", "Lost margin", "int", "Lost vehicles x margin per vehicle"),
    Column("tts_days", "TTS d", "number", "Time to survive: days the line runs on stock"),
    Column("ttr_days", "TTR d", "number", "Time to recover: days until supply is back"),
    Column("binding", "Runs out first", "text", "The item or capacity that stops the line"),
]


def risks_table(top: TopRisks) -> TableData:
    """Rows for the UI: infinite days are math.inf (the UI words them), losses rounded."""
    data = TableData(RISK_COLUMNS)
    for r in top.risks:
        data.keys.append(r.line_id or 0)
        data.rows.append((r.line, r.plant, _inf(r.shutdown_days), _whole(r.lost_vehicles),
                          _whole(r.lost_margin), _inf(r.tts_days), _inf(r.ttr_days),
                          r.binding))  # fmt: skip
    return data


def _inf(v: float | None) -> float:
    return math.inf if v is None else v


def _whole(v: float | None) -> int | None:
    return None if v is None else round(v)  # None: unknown (open-ended)


# --- policy calendar ---------------------------------------------------------------------------

EventKind = Literal["takes_effect", "suspension_starts", "suspension_ends", "ends"]


@dataclass(frozen=True)
class MeasureEntry:
    measure_id: int
    code: str
    title: str
    state: str  # MeasureState value: in_force or suspension_lapsed (applies again: check)
    since: date | None
    source_url: str | None


@dataclass(frozen=True)
class CalendarEvent:
    day: date  # as recorded: suspension and end dates are the last day (inclusive)
    kind: EventKind
    measure_id: int
    code: str
    title: str
    source_url: str | None
    days_away: int  # negative: a recent event (within the look-back)


@dataclass
class PolicyCalendar:
    on: date
    in_force: list[MeasureEntry]
    events: list[CalendarEvent]  # recent then upcoming, by date

    @property
    def upcoming(self) -> list[CalendarEvent]:
        return [e for e in self.events if e.days_away >= 0]


_APPLIES = (MeasureState.IN_FORCE, MeasureState.SUSPENSION_LAPSED)
_EVENT_FIELDS: tuple[tuple[str, EventKind], ...] = (
    ("date_effective", "takes_effect"), ("suspended_from", "suspension_starts"),
    ("suspended_until", "suspension_ends"), ("date_ends", "ends"),
)  # fmt: skip


def policy_calendar(
    db: Database, on: date | None = None, horizon_days: int = 365, lookback_days: int = 60
) -> PolicyCalendar:
    """Measures that apply on `on` (today) and dated events from `lookback_days` before it
    (a suspension that just lapsed needs a check) to `horizon_days` after it."""
    day = on or date.today()
    first, last = day - timedelta(days=lookback_days), day + timedelta(days=horizon_days)
    in_force, events = [], []
    for x in crud.find(db, "policy measure"):
        state = measure_status(x["date_effective"], x["suspended_from"], x["suspended_until"],
                               day, date_ends=x["date_ends"]).state  # fmt: skip
        if state in _APPLIES:
            in_force.append(MeasureEntry(x["id"], x["code"], x["title"], state.value,
                                         x["date_effective"], x["source_url"]))  # fmt: skip
        for name, kind in _EVENT_FIELDS:
            when = x[name]
            if when is not None and first <= when <= last:
                events.append(CalendarEvent(when, kind, x["id"], x["code"], x["title"],
                                            x["source_url"], (when - day).days))  # fmt: skip
    in_force.sort(key=lambda e: (e.state != MeasureState.SUSPENSION_LAPSED, e.code))
    events.sort(key=lambda e: (e.day, e.code))
    return PolicyCalendar(day, in_force, events)


# --- quota history -----------------------------------------------------------------------------

_TRUST = {"confirmed": 0, "derived": 1, "unconfirmed": 2}  # weakest decides


@dataclass(frozen=True)
class QuotaPoint:
    year: int
    kind: str  # QuotaKind value: mining, smelting_separation
    tonnes: float | None  # None: not published
    confidence: str | None  # the weakest of the rows counted
    basis: Literal["annual", "batches", "not published"]
    partial: bool = False  # some batches were not published: the sum is a lower bound
    source_url: str | None = None


def quota_history(db: Database) -> list[QuotaPoint]:
    """Per year and kind: the annual total when published, else the sum of the batches."""
    groups: dict[tuple[int, str], list[dict[str, Any]]] = defaultdict(list)
    for q in crud.find(db, "quota batch"):
        groups[(q["year"], str(getattr(q["kind"], "value", q["kind"])))].append(q)
    return [_quota_point(year, kind, rows) for (year, kind), rows in sorted(groups.items())]


def _quota_point(year: int, kind: str, rows: list[dict[str, Any]]) -> QuotaPoint:
    annual = [q for q in rows if _is_annual(q) and q["volume_t"] is not None]
    if annual:
        return QuotaPoint(year, kind, float(annual[0]["volume_t"]), _weakest(annual[:1]),
                          "annual", False, annual[0]["source_url"])  # fmt: skip
    batches = [q for q in rows if q["batch"].strip().casefold().startswith("batch")]
    known = [q for q in batches if q["volume_t"] is not None]
    if not known:
        return QuotaPoint(year, kind, None, _weakest(rows), "not published")
    total = math.fsum(float(q["volume_t"]) for q in known)
    # an annual total exists but is unpublished, or a batch is: the sum is a lower bound
    partial = len(known) < len(batches) or any(_is_annual(q) for q in rows)
    return QuotaPoint(year, kind, total, _weakest(known), "batches", partial,
                      known[0]["source_url"])  # fmt: skip


def _is_annual(q: dict[str, Any]) -> bool:
    return str(q["batch"]).strip().casefold() == "annual"


def _weakest(rows: list[dict[str, Any]]) -> str | None:
    marks = [str(getattr(q["confidence"], "value", q["confidence"])) for q in rows
             if q["confidence"] is not None]  # fmt: skip
    return max(marks, key=lambda c: _TRUST.get(c, 3)) if marks else None
