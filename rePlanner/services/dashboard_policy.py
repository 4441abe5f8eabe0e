"""The dashboard's policy calendar (measures in force, dated events) and quota history. No Qt."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from rePlanner.domain.policy import MeasureState, measure_status
from rePlanner.persistence.database import Database
from rePlanner.services import crud

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
