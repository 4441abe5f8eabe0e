"""The criteria view's sub-scores: one formula per criterion, 0..1 (1 = best), with a sentence
on the value; engine.criteria's docstring lists the formulas. Stdlib only.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rePlanner.domain import regions
from rePlanner.engine.criteria_inputs import Candidate, Need, Plant

NEUTRAL = 0.5
TIME_HALF_DAYS = 90.0  # a quarter of qualification and ramp halves the time score
PREMIUM_HALF_PCT = 20.0  # +20 % unit cost halves the premium score
DISTANCE_HALF_KM = 1000.0  # about a day's truck drive halves the distance score
REGION_LOCALITY = 0.5  # same trade bloc, other country


@dataclass(frozen=True)
class SubScore:
    """One criterion's score for one candidate and the sentence that explains it."""

    score: float
    text: str
    known: bool = True
    skip_reason: bool = False  # same for every candidate: no reason to show


def _unknown(what: str) -> SubScore:
    return SubScore(NEUTRAL, f"{what} unknown (scored neutral)", known=False)


def _num(value: float) -> str:
    if value == int(value) or abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.3g}"


def _capacity(c: Candidate, need: Need) -> SubScore:
    if c.capacity_per_day is None:
        return _unknown("capacity")
    if not need.per_day:
        return _unknown("the line's daily need")
    ratio = c.capacity_per_day / need.per_day
    if ratio >= 1:
        text = f"covers the full need ({_num(c.capacity_per_day)} per day for {_num(need.per_day)})"
        return SubScore(1.0, text)
    pct = math.floor(ratio * 100)
    cap, per_day = _num(c.capacity_per_day), _num(need.per_day)
    return SubScore(ratio, f"covers {pct} % of the need ({cap} of {per_day} per day)")


def _time(c: Candidate) -> SubScore:
    if c.qualify_days is None:
        return _unknown("time to qualify")
    text = "can deliver now" if c.qualify_days == 0 else f"delivers in {_num(c.qualify_days)} days"
    return SubScore(1 / (1 + c.qualify_days / TIME_HALF_DAYS), text)


def _premium(c: Candidate) -> SubScore:
    p = c.premium_pct
    if p is None:
        return _unknown("cost premium")
    if p > 0:
        text = f"costs {_num(p)} % more"
    else:
        text = "no cost premium" if p == 0 else f"costs {_num(-p)} % less"
    return SubScore(1 / (1 + max(0.0, p) / PREMIUM_HALF_PCT), text)


def _china(c: Candidate) -> SubScore:
    share = c.china_share
    if share is None:
        if regions.country_code(c.country) != "CN":
            return _unknown("dependence on China")
        return SubScore(0.0, "located in China (counted as fully China-dependent)")
    if share == 0:
        return SubScore(1.0, "no dependence on Chinese material")
    return SubScore(1 - share, f"depends on China for {round(share * 100)} % of its material")


def _country_risk(c: Candidate) -> SubScore:
    if c.country_risk is None:
        return _unknown("country supply risk")
    return SubScore(
        1 - c.country_risk, f"country supply risk {c.country_risk:.2f} (0 = none, 1 = max)"
    )


def _cert_key(name: str) -> str:
    """ "IATF 16949:2016" and "iatf-16949" match: letters and digits before any ':'."""
    return re.sub(r"[^0-9a-z]", "", name.split(":")[0].casefold())


def _certifications(c: Candidate, need: Need) -> SubScore:
    required = list(dict.fromkeys(need.required_certifications))
    if not required:
        return SubScore(1.0, "no certifications required", skip_reason=True)
    if c.certifications is None:
        return _unknown("certifications")
    held = {_cert_key(h) for h in c.certifications}
    missing = [r for r in required if _cert_key(r) not in held]
    if not missing:
        return SubScore(1.0, f"holds the required certifications ({', '.join(required)})")
    noun = "certification" if len(missing) == 1 else "certifications"
    return SubScore(1 - len(missing) / len(required), f"missing {noun} {', '.join(missing)}")


@dataclass(frozen=True)
class Where:
    """The proximity sub-score and the facts behind it (locality, trade bloc, distance)."""

    sub: SubScore
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


def _proximity(c: Candidate, plant: Plant) -> Where:
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
        return Where(_unknown("location"), False, None, None)
    sub = SubScore(sum(p[0] for p in parts) / len(parts), "; ".join(p[1] for p in parts))
    return Where(sub, bool(loc and loc[0] > 0), loc[2] if loc else None, km)


def sub_scores(c: Candidate, plant: Plant, need: Need) -> tuple[dict[str, SubScore], Where]:
    """Every criterion's sub-score in CRITERIA order, and where the candidate is."""
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
    return subs, where
