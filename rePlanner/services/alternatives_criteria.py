"""Inputs of the criteria view (engine/criteria.py) for alternative sources from the database:
each candidate's need per day for the lines concerned, its own China exposure, location,
certifications and the supply risk of its country (governance score / 10, where sourced)."""

from __future__ import annotations

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


def needs_per_day(compiled: CompiledNetwork, target: Target, rows: list[Any]) -> dict[int, Any]:
    """Per candidate: units per day of its item the target's lines consume (None: none)."""
    from rePlanner.engine.scenario import daily_flow

    net = compiled.network
    demand = net.demand.copy()
    keep = {i for i, n in enumerate(compiled.nodes) if n.label in target.lines}
    for i in range(len(demand)):
        if i not in keep:
            demand[i] = 0.0
    flow = daily_flow(replace(net, demand=demand))  # once for every candidate
    return {r.id: _need(compiled, flow, r) for r in rows}


def _need(compiled: CompiledNetwork, flow: Any, row: Any) -> float | None:
    """The flow into every consumer (not itself a maker of the item) from nodes making it."""
    makers = {i for i, n in enumerate(compiled.nodes) if n.line_id is None and (
        (row.part_id is not None and n.part_id == row.part_id)
        or (row.material_id is not None and n.material_id == row.material_id))}  # fmt: skip
    total = 0.0
    for g in compiled.network.inputs if makers else []:
        if g.consumer in makers:
            continue
        ratio = next((r for s, r in zip(g.suppliers, g.ratios, strict=True) if s in makers), None)
        if ratio is not None:
            total += float(flow[g.consumer]) * ratio
    return total if total > 0 else None


def criteria_rows(
    rows: list[Any], target: Target, need: dict[int, float | None], risk: dict[str, float],
    weights: Any, shares: dict[int, float | None], days: dict[int, float | None],
    usable: dict[int, float | None],
) -> dict[int, Any]:  # fmt: skip
    """Criteria row per candidate id, ranked over all candidates (1 = best). Capacity is what
    the scenario leaves usable and time the days until it delivers, as in the value view."""
    from rePlanner.engine.criteria import Candidate, Need, Plant, score

    p = target.plant
    plant = _safe(Plant, p.get("country"), latitude=p.get("latitude"),
                  longitude=p.get("longitude"))  # fmt: skip
    out = {}
    for r in rows:
        certs = tuple(c.strip() for c in (r.certifications or "").replace(";", ",").split(",")
                      if c.strip()) or None  # fmt: skip
        cap = usable.get(r.id, r.capacity_per_day)
        if cap is None:
            cap = r.capacity_per_day  # unlimited under the scenario: score what it states
        cand = _safe(Candidate, str(r.id), r.name, str(r.kind), cap, days.get(r.id),
                     r.cost_premium_pct, shares.get(r.id, r.china_share), r.country,
                     latitude=r.latitude, longitude=r.longitude, certifications=certs,
                     country_risk=risk.get((r.country or "").casefold()))  # fmt: skip
        (row,) = score([cand], plant, Need(need.get(r.id)), weights)
        out[r.id] = row
    ranked = sorted(out.values(), key=lambda x: (-round(x.total, 12), x.name.casefold(), x.key))
    for k, row in enumerate(ranked, start=1):
        out[int(row.key)] = replace(row, rank=k)
    return out


def _safe(cls: Any, *args: Any, **kw: Any) -> Any:
    """Build a criteria Candidate/Plant; coordinates out of range are dropped, not fatal (the
    ranking must not die on one mistyped latitude; the distance is then estimated)."""
    try:
        return cls(*args, **kw)
    except ValueError:
        return cls(*args, **{**kw, "latitude": None, "longitude": None})
