"""The alternative sources a scenario activates, read for the engine (engine/sources.py).

Each activated alternative becomes a supply node standing in for the nodes that make its part or
material, from the day it delivers (qualification + ramp, or its earliest availability when that
is later) at its capacity per day, less what its own Chinese material costs it under this
scenario: with per-material rows (alternative_materials), the largest China share among the
materials the scenario reaches; without them, its overall china_share when its own item is
reached (a covered material, or a part containing one). "Reach" is engine/exposure's
measure_reach, so a measure on Dy oxide also reaches Dy metal made from it. A source in China
making a reached item is cut off whole. A source without a capacity figure is taken as
covering whatever it stands in for (said in the warnings, since that is the optimistic reading).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rePlanner.domain.errors import ValidationError
from rePlanner.domain.scenario import ScenarioInputs, is_china
from rePlanner.engine.exposure import Item
from rePlanner.persistence.models import AlternativeMaterial, AlternativeSource, Material
from rePlanner.services.scenario_reach import Reach


@dataclass(frozen=True)
class SourceSpec:
    id: int
    name: str
    part_id: int | None
    material_id: int | None
    capacity: float | None  # per day as recorded; None = unknown
    days: float  # until it delivers, counted from the scenario start
    china_hit: float  # share of its capacity this scenario cuts off (its own Chinese material)

    def usable(self, capacity: float | None = None) -> float:
        cap = self.capacity if capacity is None else capacity
        if cap is None:
            cap = math.inf
        return 0.0 if self.china_hit >= 1.0 else cap * (1.0 - self.china_hit)


def load_sources(
    s: Session, inputs: ScenarioInputs, reach: Reach, contains: set[int],
    warnings: list[str],
) -> list[SourceSpec]:  # fmt: skip
    """`reach`: what the scenario's measures reach; `contains`: the parts they reach."""
    if not inputs.alternatives:
        return []
    a = AlternativeSource
    rows = {r.id: r for r in s.execute(select(a).where(a.id.in_(inputs.alternatives))).scalars()}
    missing = sorted(set(inputs.alternatives) - set(rows))
    if missing:
        raise ValidationError.single("scenario", "alternatives", missing,
                                     "no such alternative source")  # fmt: skip
    items = {r.id: (r.element, str(r.stage)) for r in s.execute(select(Material.id,
             Material.element, Material.stage))}  # fmt: skip
    own = _own_materials(s, list(rows))
    out: list[SourceSpec] = []
    for alt_id in inputs.alternatives:
        row = rows[alt_id]
        days = alternative_days(row, inputs.start)
        if days is None:
            warnings.append(f"alternative {alt_id} ({row.name}): no qualification, ramp or "
                            "availability date, so it cannot be placed in time")  # fmt: skip
            continue
        if row.capacity_per_day is None:
            warnings.append(f"alternative {alt_id} ({row.name}): no capacity per day recorded; "
                            "taken as covering all it stands in for (optimistic)")  # fmt: skip
        hit = _china_hit(row, own.get(alt_id, []), items, reach, contains)
        out.append(SourceSpec(alt_id, row.name, row.part_id, row.material_id,
                              row.capacity_per_day, days, hit))  # fmt: skip
    return out


def alternative_days(row: Any, start: date | None) -> float | None:
    """Qualification + ramp days, or the days until its earliest availability when later. A
    qualified source still ramps; an active one delivers now."""
    status = str(getattr(row, "status", "") or "")
    if status == "active":
        return 0.0
    qualify = None if status == "qualified" else row.qualification_days
    known = [d for d in (qualify, row.ramp_days) if d is not None]
    days = float(sum(known)) if known else None
    if row.earliest_available is not None and start is not None:
        wait = float((row.earliest_available - start).days)
        days = max(wait, days or 0.0)
    return days


def _own_materials(s: Session, ids: list[int]) -> dict[int, list[tuple[int, float]]]:
    am = AlternativeMaterial
    out: dict[int, list[tuple[int, float]]] = {}
    query = select(am.alternative_id, am.material_id, am.china_share)
    for alt_id, mat_id, share in s.execute(query.where(am.alternative_id.in_(ids))):
        out.setdefault(alt_id, []).append((mat_id, float(share or 0.0)))
    return out


def _china_hit(
    row: Any, own: list[tuple[int, float]], items: dict[int, Item], reach: Reach,
    contains: set[int],
) -> float:  # fmt: skip
    """Share of the source's capacity the scenario cuts off (see the module doc)."""
    if not reach:
        return 0.0
    made = items.get(row.material_id) if row.material_id is not None else None
    item_covered = (made is not None and reach.node(made)) or (
        row.part_id is not None and row.part_id in contains
    )
    if item_covered and is_china(row.country):
        return 1.0
    if own:
        held = [items[m] for m, _ in own]
        return max((share for m, share in own if reach.row(items[m], held)), default=0.0)
    return float(row.china_share or 0.0) if item_covered else 0.0


def attach_sources(
    compiled: Any, net: Any, sources: list[SourceSpec], *, days: float | None = None,
    capacity: float | None = None,
) -> tuple[Any, list[dict[str, Any]]]:  # fmt: skip
    """`net` (the compiled network, perhaps perturbed) with the sources added, and one report
    row per source. `days` / `capacity` override every source's (what-if and goal seek)."""
    from rePlanner.engine.sources import NewSource, add_sources  # numpy only here

    new, rows = [], []
    for x in sources:
        twins = frozenset(i for i, n in enumerate(compiled.nodes) if n.line_id is None and (
            (x.part_id is not None and n.part_id == x.part_id)
            or (x.material_id is not None and n.material_id == x.material_id)))  # fmt: skip
        start = x.days if days is None else float(days)
        usable = x.usable(capacity)
        new.append(NewSource(f"Alternative: {x.name}", twins, usable, start))
        rows.append({"id": x.id, "name": x.name, "delivers_after_days": start,
                     "capacity_per_day": x.capacity if capacity is None else capacity,
                     "usable_capacity_per_day": None if math.isinf(usable) else usable,
                     "china_share_cut_off": x.china_hit})  # fmt: skip
    grown, joined = add_sources(net, new)
    for row, n in zip(rows, joined, strict=True):
        row["stands_in_at"] = n  # input groups it joined
    return grown, rows
