"""Transparent multi-criteria view of alternative sources for a production line at risk.

Shown beside the value ranking (engine re-runs): every criterion gets a sub-score in 0..1
(1 = best) from a fixed, explainable formula, the total is the weighted mean with the user's
weights (normalised to sum 1) and every row says in words why it ranks where it does.

Sub-score formulas (absolute, so adding a candidate never changes another one's scores):
- capacity:       min(1, capacity_per_day / need_per_day)
- time:           1 / (1 + qualify_days / 90)       -> 0 d: 1, 90 d: 0.5, 180 d: 0.33, 1 y: 0.2
- premium:        1 / (1 + max(0, premium_pct) / 20) -> 0 %: 1, +20 %: 0.5, +60 %: 0.25
- china:          1 - china_share   (a source located in China counts as share 1 when unknown)
- proximity:      mean of locality and distance, whichever is known:
                  locality = 1 same country, 0.5 same trade bloc (regions.same_region), else 0;
                  distance = 1 / (1 + km / 1000), km by haversine from the site coordinates or,
                  failing those, approximate country centroids (dropped when both ends are the
                  centroid of the same country: that distance says nothing)
- country_risk:   1 - country_risk  (supplied by the caller, 0..1, higher = riskier)
- certifications: share of the required certifications held (1 when none are required)
A value that is unknown scores a neutral 0.5 and adds a reason saying so.

Predictability: the total is linear in the sub-scores, so raising one criterion's weight can
only move a candidate that is better on it up relative to one that is worse on it.
Stdlib only: no database, no Qt. The inputs are in engine.criteria_inputs, the sub-score
formulas in engine.criteria_scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from rePlanner.engine.criteria_inputs import (
    CRITERIA,
    KINDS,
    LABELS,
    Candidate,
    Need,
    Plant,
    Weights,
)
from rePlanner.engine.criteria_scores import (
    DISTANCE_HALF_KM,
    NEUTRAL,
    PREMIUM_HALF_PCT,
    REGION_LOCALITY,
    TIME_HALF_DAYS,
    SubScore,
    sub_scores,
)

__all__ = [
    "CRITERIA", "DISTANCE_HALF_KM", "KINDS", "LABELS", "NEUTRAL", "PREMIUM_HALF_PCT",
    "REGION_LOCALITY", "TIME_HALF_DAYS", "Candidate", "CriteriaRow", "Need", "Plant", "Weights",
    "score",
]  # fmt: skip


@dataclass(frozen=True)
class CriteriaRow:
    key: str
    name: str
    kind: str
    scores: Mapping[str, float]  # criterion -> sub-score 0..1, 1 = best
    details: Mapping[str, str]  # criterion -> one sentence on its value
    unknown: tuple[str, ...]  # criteria scored neutral because the value is unknown
    total: float  # weighted mean of the sub-scores, 0..1
    rank: int  # 1 = best; ties by name
    local: bool  # same country or same trade bloc as the plant
    region: str | None  # the shared trade bloc, if any
    distance_km: float | None
    reasons: tuple[str, ...]  # strongest first, then weakest (worst last), then unknowns


def _reasons(subs: Mapping[str, SubScore], norm: Mapping[str, float]) -> tuple[str, ...]:
    """Strongest points first, then the weakest (worst last), then every unknown value.

    Points are ranked by weighted effect, weight x (sub-score - 0.5): up to two strengths and
    two weaknesses, plus a missing certification whatever its effect.
    """
    scored = [
        (norm[k] * (s.score - NEUTRAL), k)
        for k, s in subs.items()
        if s.known and not s.skip_reason and norm[k] > 0
    ]
    scored.sort(key=lambda t: (-t[0], CRITERIA.index(t[1])))
    strong = [k for effect, k in scored[:2] if effect > 0]
    weak = {k for effect, k in scored[-2:] if effect < 0}
    certs = subs["certifications"]
    if norm["certifications"] > 0 and certs.known and certs.score < 1:
        weak.add("certifications")  # a missing certificate is always worth saying
    weakest_last = [k for _, k in scored if k in weak]
    unknown = [k for k, s in subs.items() if not s.known and norm[k] > 0]
    return tuple(subs[k].text for k in dict.fromkeys(strong + weakest_last + unknown))


def _row(c: Candidate, plant: Plant, need: Need, norm: Mapping[str, float]) -> CriteriaRow:
    subs, where = sub_scores(c, plant, need)
    return CriteriaRow(
        key=c.key,
        name=c.name,
        kind=c.kind,
        scores={k: s.score for k, s in subs.items()},
        details={k: s.text for k, s in subs.items()},
        unknown=tuple(k for k, s in subs.items() if not s.known),
        total=sum(norm[k] * s.score for k, s in subs.items()),
        rank=0,
        local=where.local,
        region=where.region,
        distance_km=where.km,
        reasons=_reasons(subs, norm),
    )


def score(
    candidates: Sequence[Candidate],
    plant: Plant,
    need: Need,
    weights: Weights | None = None,
) -> list[CriteriaRow]:
    """One row per candidate, best first (rank 1); equal totals are ordered by name."""
    keys = [c.key for c in candidates]
    if len(set(keys)) != len(keys):
        raise ValueError(f"candidate keys must be unique: {sorted(keys)}")
    norm = (weights or Weights()).normalised()
    rows = [_row(c, plant, need, norm) for c in candidates]
    rows.sort(key=lambda r: (-round(r.total, 12), r.name.casefold(), r.key))
    return [replace(row, rank=i) for i, row in enumerate(rows, start=1)]
