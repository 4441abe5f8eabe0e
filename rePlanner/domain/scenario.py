"""A scenario's inputs (what bites, what stops, for how long) and its time-to-recover arithmetic.

Stdlib only. `ScenarioInputs` is stored as JSON in scenarios.inputs and copied into every
scenario_results row, so `from_dict(to_dict(x)) == x` and a bad value is refused naming its field.

Fields (all optional; an empty scenario disrupts nothing):
- measures: policy-measure codes that bite (e.g. "EC07"); start: the day they bite (ISO date).
- materials: "Dy", "Dy/oxide" or "NdFeB/magnet": narrows the measures' materials to these (or,
  without measures, is the set of materials cut off). Nodes at Chinese sites holding such a
  material, or a part that contains one, are disrupted.
- suppliers, sites (names) and nodes (supply node ids): disrupted outright, wherever they are.
- duration_days: how long supply stops (ban length, licences not issued); None = open-ended.
- licence_delay_days: working days one export licence takes once issued again (nominal 45).
- denial_share: share of licence applications denied (0..1); each denial means a new wait.
- quota_cut: share (0..1) cut from the capacity of Chinese mining (ore) and separation (oxide)
  nodes of the scenario's materials (all their materials when none are named).
- buffer_days: extra stock at our plants, days x the node's daily flow.
- alternatives: alternative_sources ids activated: each joins the network as a source from
  the day it delivers (qualification + ramp), up to its capacity (services/scenario_sources.py).
- hold_stock: the disrupted suppliers also hold back their stock on hand (an export stop keeps
  what sits in the Chinese warehouse; goods in transit still arrive). Off by default, as in the
  model of Simchi-Levi et al., where a disrupted node still ships its stock.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any

from rePlanner.domain.errors import ValidationError, ValidationIssue

NOMINAL_LICENCE_WORKING_DAYS = 45.0
CHINA = frozenset({"china", "cn", "chn", "prc", "people's republic of china", "pr china"})
_ENTITY = "scenario"


def is_china(country: str | None) -> bool:
    return (country or "").strip().casefold() in CHINA


@dataclass(frozen=True)
class ScenarioInputs:
    measures: tuple[str, ...] = ()
    start: date | None = None
    materials: tuple[str, ...] = ()
    suppliers: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    nodes: tuple[int, ...] = ()
    duration_days: float | None = None
    licence_delay_days: float = NOMINAL_LICENCE_WORKING_DAYS
    denial_share: float = 0.0
    quota_cut: float = 0.0
    buffer_days: float = 0.0
    alternatives: tuple[int, ...] = ()
    hold_stock: bool = False

    def __post_init__(self) -> None:
        issues = _check(self)
        if issues:
            raise ValidationError(issues)

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["start"] = self.start.isoformat() if self.start else None
        return {k: list(v) if isinstance(v, tuple) else v for k, v in d.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScenarioInputs:
        if not isinstance(data, dict):
            raise ValidationError.single(_ENTITY, "inputs", data, "must be a JSON object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            known_list = ", ".join(sorted(known))
            raise ValidationError.single(_ENTITY, unknown[0], data[unknown[0]],
                                         f"unknown input; known: {known_list}")  # fmt: skip
        values: dict[str, Any] = {}
        issues: list[ValidationIssue] = []
        for name, raw in data.items():
            try:
                values[name] = _convert(name, raw)
            except (TypeError, ValueError) as exc:
                issues.append(ValidationIssue(_ENTITY, name, raw, str(exc)))
        if issues:
            raise ValidationError(issues)
        return cls(**values)

    def material_keys(self) -> list[tuple[str, str | None]]:
        """(element, stage or None) per entry of `materials`, case-folded."""
        return [material_key(m) for m in self.materials]


def material_key(text: str) -> tuple[str, str | None]:
    element, _, stage = text.replace(" ", "/", 1).partition("/")
    return element.strip().casefold(), (stage.strip().casefold() or None)


_TEXTS = ("measures", "materials", "suppliers", "sites")
_IDS = ("nodes", "alternatives")
_FLAGS = ("hold_stock",)
_NUMBERS = ("duration_days", "licence_delay_days", "denial_share", "quota_cut", "buffer_days")


def _convert(name: str, raw: Any) -> Any:
    if name in _FLAGS:
        if not isinstance(raw, bool):
            raise TypeError("must be true or false")
        return raw
    if name in _TEXTS or name in _IDS:
        if not isinstance(raw, list | tuple):
            raise TypeError("must be a list")
        if name in _IDS:
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in raw):
                raise TypeError("must be a list of whole numbers (ids)")
            return tuple(raw)
        if not all(isinstance(v, str) for v in raw):
            raise TypeError("must be a list of texts")
        return tuple(raw)
    if name == "start":
        return None if raw is None else date.fromisoformat(str(raw))
    if raw is None and name == "duration_days":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise TypeError("must be a number")
    return float(raw)


def _check(x: ScenarioInputs) -> list[ValidationIssue]:
    bad: list[ValidationIssue] = []

    def need(ok: bool, name: str, reason: str) -> None:
        if not ok:
            bad.append(ValidationIssue(_ENTITY, name, getattr(x, name), reason))

    for name in _TEXTS:
        need(all(isinstance(v, str) and v.strip() for v in getattr(x, name)), name,
             "entries must be non-empty texts")  # fmt: skip
    for name in _IDS:
        need(all(isinstance(v, int) and v > 0 for v in getattr(x, name)), name,
             "entries must be positive ids")  # fmt: skip
    need(isinstance(x.hold_stock, bool), "hold_stock", "must be true or false")
    d = x.duration_days
    need(d is None or (math.isfinite(d) and d >= 0), "duration_days", "must be >= 0 days")
    need(_finite_at_least(x.licence_delay_days, 0), "licence_delay_days", "must be >= 0 days")
    need(_share(x.denial_share), "denial_share", "must be a share from 0 to 1")
    need(_share(x.quota_cut), "quota_cut", "must be a share from 0 to 1")
    need(_finite_at_least(x.buffer_days, 0), "buffer_days", "must be >= 0 days")
    return bad


def _finite_at_least(v: float, low: float) -> bool:
    return isinstance(v, int | float) and math.isfinite(v) and v >= low


def _share(v: float) -> bool:
    return isinstance(v, int | float) and 0.0 <= v <= 1.0


# ---- time to recover ------------------------------------------------------------------------
@dataclass(frozen=True)
class Recovery:
    """TTR in calendar days and how it came about (for the report)."""

    days: float  # math.inf when nothing ends the disruption
    source: str  # "ban+licence", "ban", "licence", "alternative <id>", "open-ended"
    parts: dict[str, float] = field(default_factory=dict)


def licence_calendar_days(working_days: float, working_days_per_week: float) -> float:
    """Working days to calendar days on a week of `working_days_per_week` (1..7)."""
    week = min(7.0, max(1.0, float(working_days_per_week)))
    return working_days * 7.0 / week


def time_to_recover(
    inputs: ScenarioInputs,
    *,
    licence_applies: bool,
    working_days_per_week: float = 5.0,
    alternatives: dict[int, float] | None = None,
) -> Recovery:
    """TTR = ban length + expected licence wait, capped by the quickest activated alternative.

    The licence wait is counted after the ban (no licence is granted while supply is stopped);
    with a denial share p the expected number of applications is 1 / (1 - p) (geometric), so
    p = 1 means licences never come. Without licences the ban length alone; without a ban
    length and licences the disruption is open-ended (inf). `alternatives` maps an activated
    alternative's id to its days until it delivers (qualification + ramp).
    """
    ban = inputs.duration_days
    parts: dict[str, float] = {}
    days, source = math.inf, "open-ended"
    if licence_applies:
        wait = licence_calendar_days(inputs.licence_delay_days, working_days_per_week)
        wait = math.inf if inputs.denial_share >= 1.0 else wait / (1.0 - inputs.denial_share)
        parts["licence"] = wait
        days, source = (ban or 0.0) + wait, "ban+licence" if ban else "licence"
    elif ban is not None:
        days, source = ban, "ban"
    if ban is not None:
        parts["ban"] = ban
    for alt_id, alt_days in sorted((alternatives or {}).items(), key=lambda kv: (kv[1], kv[0])):
        parts[f"alternative {alt_id}"] = alt_days
        if alt_days < days:  # sorted quickest first: only the first can cap
            days, source = alt_days, f"alternative {alt_id}"
    return Recovery(days, source, parts)
