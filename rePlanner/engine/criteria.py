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
Stdlib only: no database, no Qt.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace

from rePlanner.domain import regions

CRITERIA: tuple[str, ...] = (
    "capacity", "time", "premium", "china", "proximity", "country_risk", "certifications",
)  # fmt: skip
LABELS: dict[str, str] = {
    "capacity": "Capacity vs need",
    "time": "Time to qualify",
    "premium": "Cost premium",
    "china": "Own China exposure",
    "proximity": "Proximity to the plant",
    "country_risk": "Country supply risk",
    "certifications": "Certifications",
}
NEUTRAL = 0.5
TIME_HALF_DAYS = 90.0  # a quarter of qualification and ramp halves the time score
PREMIUM_HALF_PCT = 20.0  # +20 % unit cost halves the premium score
DISTANCE_HALF_KM = 1000.0  # about a day's truck drive halves the distance score
REGION_LOCALITY = 0.5  # same trade bloc, other country
KINDS = ("supplier", "design")


def _check(owner: str, name: str, value: float | None, low: float, high: float) -> None:
    if value is None:
        return
    if not (isinstance(value, int | float) and math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{owner}: {name} = {value!r} must be a number in [{low}, {high}]")


@dataclass(frozen=True)
class Candidate:
    """One alternative source: a supplier or a design alternative (e.g. a Dy-free grade)."""

    key: str
    name: str
    kind: str = "supplier"
    capacity_per_day: float | None = None
    qualify_days: float | None = None  # qualification + ramp: days until it delivers
    premium_pct: float | None = None  # unit cost premium in percent (12.0 = +12 %)
    china_share: float | None = None  # its own dependence on Chinese material, 0..1
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    certifications: tuple[str, ...] | None = None  # None = not known
    country_risk: float | None = None  # 0..1, higher = riskier

    def __post_init__(self) -> None:
        owner = f"candidate {self.key!r}"
        if self.kind not in KINDS:
            raise ValueError(f"{owner}: kind = {self.kind!r} must be one of {', '.join(KINDS)}")
        _check(owner, "capacity_per_day", self.capacity_per_day, 0, math.inf)
        _check(owner, "qualify_days", self.qualify_days, 0, math.inf)
        _check(owner, "premium_pct", self.premium_pct, -100, math.inf)
        _check(owner, "china_share", self.china_share, 0, 1)
        _check(owner, "country_risk", self.country_risk, 0, 1)
        _check(owner, "latitude", self.latitude, -90, 90)
        _check(owner, "longitude", self.longitude, -180, 180)


@dataclass(frozen=True)
class Plant:
    country: str | None = None
    latitude: float | None = None
    longitude: float | None = None

    def __post_init__(self) -> None:
        _check("plant", "latitude", self.latitude, -90, 90)
        _check("plant", "longitude", self.longitude, -180, 180)


@dataclass(frozen=True)
class Need:
    per_day: float | None = None  # the line's daily need of the item
    required_certifications: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check("need", "per_day", self.per_day, 0, math.inf)


@dataclass(frozen=True)
class Weights:
    """Relative importance of each criterion; only the ratios matter (normalised to sum 1)."""

    capacity: float = 1.0
    time: float = 1.0
    premium: float = 1.0
    china: float = 1.0
    proximity: float = 1.0
    country_risk: float = 1.0
    certifications: float = 1.0

    def __post_init__(self) -> None:
        for name, value in self.as_dict().items():
            _check("weights", name, value, 0, math.inf)
        if not any(self.as_dict().values()):
            raise ValueError("weights: at least one weight must be above 0")

    @classmethod
    def parse(cls, text: str) -> Weights:
        """Weights from "capacity=2,time=1"; keys left out keep their default of 1."""
        valid = f"valid keys: {', '.join(CRITERIA)}"
        values: dict[str, float] = {}
        for part in filter(None, (p.strip() for p in text.split(","))):
            name, sep, raw = (s.strip() for s in part.partition("="))
            if not sep:
                raise ValueError(f"weight {part!r} is not key=value; {valid}")
            if name not in CRITERIA:
                raise ValueError(f"unknown weight key {name!r}; {valid}")
            if name in values:
                raise ValueError(f"weight key {name!r} given twice")
            try:
                values[name] = float(raw)
            except ValueError:
                raise ValueError(f"weight {name} = {raw!r} is not a number") from None
        return cls(**values)

    def as_dict(self) -> dict[str, float]:
        return {f.name: float(getattr(self, f.name)) for f in fields(self)}

    def normalised(self) -> dict[str, float]:
        raw = self.as_dict()
        total = sum(raw.values())
        return {name: value / total for name, value in raw.items()}


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


@dataclass(frozen=True)
class _Sub:
    score: float
    text: str
    known: bool = True
    skip_reason: bool = False  # same for every candidate: no reason to show


def _unknown(what: str) -> _Sub:
    return _Sub(NEUTRAL, f"{what} unknown (scored neutral)", known=False)


def _num(value: float) -> str:
    if value == int(value) or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.3g}"


def _capacity(c: Candidate, need: Need) -> _Sub:
    if c.capacity_per_day is None:
        return _unknown("capacity")
    if not need.per_day:
        return _unknown("the line's daily need")
    ratio = c.capacity_per_day / need.per_day
    if ratio >= 1:
        text = f"covers the full need ({_num(c.capacity_per_day)} per day for {_num(need.per_day)})"
        return _Sub(1.0, text)
    pct = math.floor(ratio * 100)
    cap, per_day = _num(c.capacity_per_day), _num(need.per_day)
    return _Sub(ratio, f"covers {pct} % of the need ({cap} of {per_day} per day)")


def _time(c: Candidate) -> _Sub:
    if c.qualify_days is None:
        return _unknown("time to qualify")
    text = "can deliver now" if c.qualify_days == 0 else f"delivers in {_num(c.qualify_days)} days"
    return _Sub(1 / (1 + c.qualify_days / TIME_HALF_DAYS), text)


def _premium(c: Candidate) -> _Sub:
    p = c.premium_pct
    if p is None:
        return _unknown("cost premium")
    if p > 0:
        text = f"costs {_num(p)} % more"
    else:
        text = "no cost premium" if p == 0 else f"costs {_num(-p)} % less"
    return _Sub(1 / (1 + max(0.0, p) / PREMIUM_HALF_PCT), text)


def _china(c: Candidate) -> _Sub:
    share = c.china_share
    if share is None:
        if regions.country_code(c.country) != "CN":
            return _unknown("dependence on China")
        return _Sub(0.0, "located in China (counted as fully China-dependent)")
    if share == 0:
        return _Sub(1.0, "no dependence on Chinese material")
    return _Sub(1 - share, f"depends on China for {round(share * 100)} % of its material")


def _country_risk(c: Candidate) -> _Sub:
    if c.country_risk is None:
        return _unknown("country supply risk")
    return _Sub(1 - c.country_risk, f"country supply risk {c.country_risk:.2f} (0 = none, 1 = max)")


def _cert_key(name: str) -> str:
    """ "IATF 16949:2016" and "iatf-16949" match: letters and digits before any ':'."""
    return re.sub(r"[^0-9a-z]", "", name.split(":")[0].casefold())


def _certifications(c: Candidate, need: Need) -> _Sub:
    required = list(dict.fromkeys(need.required_certifications))
    if not required:
        return _Sub(1.0, "no certifications required", skip_reason=True)
    if c.certifications is None:
        return _unknown("certifications")
    held = {_cert_key(h) for h in c.certifications}
    missing = [r for r in required if _cert_key(r) not in held]
    if not missing:
        return _Sub(1.0, f"holds the required certifications ({', '.join(required)})")
    noun = "certification" if len(missing) == 1 else "certifications"
    return _Sub(1 - len(missing) / len(required), f"missing {noun} {', '.join(missing)}")


@dataclass(frozen=True)
class _Where:
    sub: _Sub
    local: bool
    region: str | None
    km: float | None


def _position(
    lat: float | None, lon: float | None, country: str | None
) -> tuple[float, float, bool] | None:
    """(lat, lon, estimated): the site's own coordinates, else its country's centroid."""
    if lat is not None and lon is not None:
        return lat, lon, False
    point = regions.centroid(country)
    return (point[0], point[1], True) if point else None


def _locality(c: Candidate, plant: Plant) -> tuple[float, str, str | None] | None:
    if regions.lookup(c.country) is None or regions.lookup(plant.country) is None:
        return None
    bloc = regions.same_region(c.country, plant.country)
    if regions.same_country(c.country, plant.country):
        return 1.0, f"same country as the plant ({regions.country_name(c.country)})", bloc
    if bloc:
        return REGION_LOCALITY, f"same trade region as the plant ({bloc})", bloc
    return 0.0, "outside the plant's country and trade regions", None


def _proximity(c: Candidate, plant: Plant) -> _Where:
    parts: list[tuple[float, str]] = []
    loc = _locality(c, plant)
    if loc:
        parts.append(loc[:2])
    here = _position(c.latitude, c.longitude, c.country)
    there = _position(plant.latitude, plant.longitude, plant.country)
    km = None
    # Two centroids of one country are the same point: that distance says nothing.
    same_centroid = bool(here and there and here[2] and there[2] and loc and loc[0] == 1.0)
    if here and there and not same_centroid:
        km = regions.distance_km(here[0], here[1], there[0], there[1])
        note = " (estimated from country centroids)" if here[2] or there[2] else ""
        parts.append((1 / (1 + km / DISTANCE_HALF_KM), f"{km:,.0f} km from the plant{note}"))
    if not parts:
        return _Where(_unknown("location"), False, None, None)
    sub = _Sub(sum(p[0] for p in parts) / len(parts), "; ".join(p[1] for p in parts))
    return _Where(sub, bool(loc and loc[0] > 0), loc[2] if loc else None, km)


def _reasons(subs: Mapping[str, _Sub], norm: Mapping[str, float]) -> tuple[str, ...]:
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
    where = _proximity(c, plant)
    subs = {
        "capacity": _capacity(c, need),
        "time": _time(c),
        "premium": _premium(c),
        "china": _china(c),
        "proximity": where.sub,
        "country_risk": _country_risk(c),
        "certifications": _certifications(c, need),
    }
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
