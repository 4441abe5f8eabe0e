"""What the criteria view of alternative sources scores: the candidates, the plant, the
line's need and the user's weights, each checked on construction. Stdlib only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

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
