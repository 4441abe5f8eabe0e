"""Inputs of the criteria view (engine/criteria.py) for alternative sources from the database:
each candidate's need per day for the lines concerned, its own China exposure, location,
certifications and the supply risk of its country (governance score / 10, where sourced)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from rePlanner.domain.errors import ValidationError
from rePlanner.services.alternatives_target import Target
from rePlanner.services.network_model import CompiledNetwork


def parse_weights(text: str | None) -> Any:
    from rePlanner.engine.criteria import Weights

    try:
        return Weights.parse(text) if text else Weights()
    except ValueError as exc:
        raise ValidationError.single("alternatives", "weights", text, str(exc)) from None


def need_per_day(compiled: CompiledNetwork, target: Target, row: Any) -> float | None:
    """Units per day of the candidate's item that the target's lines consume: the flow into
    every consumer (not itself a maker of the item) from nodes making it; None if none."""
    from rePlanner.engine.scenario import daily_flow

    net = compiled.network
    makers = {i for i, n in enumerate(compiled.nodes) if n.line_id is None and (
        (row.part_id is not None and n.part_id == row.part_id)
        or (row.material_id is not None and n.material_id == row.material_id))}  # fmt: skip
    if not makers:
        return None
    demand = net.demand.copy()
    keep = {i for i, n in enumerate(compiled.nodes) if n.label in target.lines}
    for i in range(len(demand)):
        if i not in keep:
            demand[i] = 0.0
    flow = daily_flow(replace(net, demand=demand))
    total = 0.0
    for g in net.inputs:
        if g.consumer in makers:
            continue
        ratio = next((r for s, r in zip(g.suppliers, g.ratios, strict=True) if s in makers), None)
        if ratio is not None:
            total += float(flow[g.consumer]) * ratio
    return total if total > 0 else None


def criteria_rows(
    rows: list[Any], target: Target, need: dict[int, float | None], risk: dict[str, float],
    weights: Any, shares: dict[int, float | None] | None = None,
) -> dict[int, Any]:  # fmt: skip
    """Criteria row per candidate id, ranked over all candidates (1 = best)."""
    from rePlanner.engine.criteria import Candidate, Need, Plant, score

    p = target.plant
    plant = Plant(p.get("country"), p.get("latitude"), p.get("longitude"))
    out = {}
    for r in rows:
        days = [d for d in (r.qualification_days, r.ramp_days) if d is not None]
        certs = tuple(c.strip() for c in (r.certifications or "").replace(";", ",").split(",")
                      if c.strip()) or None  # fmt: skip
        cand = Candidate(str(r.id), r.name, str(r.kind), r.capacity_per_day,
                         sum(days) if days else None, r.cost_premium_pct,
                         (shares or {}).get(r.id, r.china_share), r.country, r.latitude,
                         r.longitude, certs,
                         risk.get((r.country or "").casefold()))  # fmt: skip
        (row,) = score([cand], plant, Need(need.get(r.id)), weights)
        out[r.id] = row
    ranked = sorted(out.values(), key=lambda x: (-round(x.total, 12), x.name.casefold(), x.key))
    for k, row in enumerate(ranked, start=1):
        out[int(row.key)] = replace(row, rank=k)
    return out


def finite(v: float | None) -> float | None:
    return v if v is not None and math.isfinite(v) else None
