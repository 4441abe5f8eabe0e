"""The sentences a ranking of alternative sources gives for each record (why it ranks there)."""

from __future__ import annotations

import math
from typing import Any

CLOSED = 1e-6


def reasons(rec: Any, per_day: float | None, used: dict[int, dict[str, Any]],
            binding: str) -> list[str]:  # fmt: skip
    out = _days(rec, binding) + _own_gap(rec)
    if rec.company_margin_avoided - rec.lost_margin_avoided > 1.0:
        out.append(f"saves {rec.company_margin_avoided:,.0f} across all lines "
                   f"({rec.lost_margin_avoided:,.0f} on these)")  # fmt: skip
    cut = [u["china_share_cut_off"] for i, u in used.items() if i in rec.alternative_ids]
    if cut and max(cut) >= 1.0:
        out.append("its own material is cut off by this scenario (China-dependent)")
    elif rec.usable_capacity == 0:
        out.append("no capacity to offer (0 per day)")
    elif rec.coverage is not None and rec.coverage < 1 and per_day:
        out.append(f"under this scenario {rec.coverage:.0%} of the need of its item "
                   f"({per_day:,.0f} per day)")  # fmt: skip
    if rec.premium_cost is None:
        out.append("cost premium unknown (no premium % or no price on the links it would "
                   "replace): ranked by the margin it saves")  # fmt: skip
    return out


def _days(rec: Any, binding: str) -> list[str]:
    before, after = rec.shutdown_days_before, rec.shutdown_days_after
    if before <= CLOSED:
        return ["the lines do not stop in this scenario: nothing to avoid"]
    if math.isinf(before):
        if math.isfinite(after):
            return [f"ends the open-ended stop: {after:,.1f} shutdown days remain"]
        others = f" (they also lack {binding})" if binding else ""
        return [f"alone it does not end the open-ended stop{others}"]
    if after <= CLOSED:
        return [f"closes the gap: {before:,.1f} shutdown days to none"]
    if before - after > CLOSED:
        return [f"removes {before - after:,.1f} of {before:,.1f} shutdown days"]
    if after - before > CLOSED:
        return [f"these lines stop {after - before:,.1f} days longer while the company loses "
                f"{rec.company_margin_avoided:,.0f} less: shared parts go to other lines"]  # fmt: skip
    why = f"the lines also stop for want of {binding}" if binding else "it comes too late"
    return [f"alone it removes no shutdown day: {why}"]


def _own_gap(rec: Any) -> list[str]:
    own_b, own_a = rec.own_gap_shutdown_days_before, rec.own_gap_shutdown_days_after
    if rec.shutdown_days_before <= CLOSED:
        return []
    if own_b <= CLOSED:
        return ["its item alone does not stop these lines in this scenario"]
    if rec.own_days_removed > CLOSED:
        return [f"on its own gap (its item's stops only): {_d(own_b)} -> {_d(own_a)} shutdown "
                "days"]  # fmt: skip
    return [f"even on its own gap it removes nothing: it delivers from day "
            f"{rec.available_after_days:,.0f}, too late or too little"]  # fmt: skip


def _d(v: float) -> str:
    return f"{v:,.1f}" if math.isfinite(v) else "open-ended"


def stated(rows: list[Any]) -> list[str]:
    """What the source itself states (reference producers): capacity, timing and the source of
    the figures, so a buyer can enter qualification time and capacity per day to rank it."""
    out = []
    for r in rows:
        said = "; ".join(t for t in (r.capacity_text, r.timing_text) if t)
        if said:
            src = f" (source: {r.source_url})" if r.source_url else ""
            out.append(f"stated: {said}{src}")
    return out
