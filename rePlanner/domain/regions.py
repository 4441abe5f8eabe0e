"""Countries, trade regions and distances for judging how local an alternative source is.

Stdlib only. Country names arrive as free text ("USA", "U.S.", "Korea, Republic of",
"Burma (Myanmar)"); `lookup` maps them to one `Country` (canonical English name, ISO-3166
alpha-2 code) or None when the text names no known country ("World", "Top 3", "").
The data (aliases, approximate centroids, bloc members) lives in regions_data.py.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from rePlanner.domain.regions_data import BLOCS, COUNTRIES

EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


@dataclass(frozen=True)
class Country:
    code: str  # ISO-3166 alpha-2
    code3: str  # ISO-3166 alpha-3
    name: str  # canonical English name
    latitude: float  # approximate geographic centroid, see regions_data
    longitude: float


def _key(text: str) -> str:
    """Matching key: no accents, case, dots or apostrophes; other punctuation -> spaces."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[.'\u2019]", "", plain.replace("&", " and "))
    plain = " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())
    return plain.removeprefix("the ")


def _build_index() -> tuple[dict[str, Country], dict[str, Country]]:
    by_code: dict[str, Country] = {}
    by_key: dict[str, Country] = {}
    for code, code3, name, lat, lon, aliases in COUNTRIES:
        country = Country(code, code3, name, lat, lon)
        by_code[code] = country
        for alias in (code, code3, name, *filter(None, aliases.split("|"))):
            key = _key(alias)
            if key in by_key and by_key[key] != country:
                raise RuntimeError(f"alias {alias!r} names two countries")  # a data bug
            by_key[key] = country
    return by_code, by_key


_BY_CODE, _BY_KEY = _build_index()
# Blocs from most to least specific (fewest members first; declaration order breaks ties).
_BLOC_ORDER = sorted(BLOCS, key=lambda name: (len(BLOCS[name]), list(BLOCS).index(name)))


def lookup(country: str | None) -> Country | None:
    """The country a free-text name, alias or ISO code denotes; None when unknown or empty."""
    if not country:
        return None
    return _BY_KEY.get(_key(country))


def normalize_country(country: str | None) -> tuple[str, str] | None:
    """(canonical English name, ISO alpha-2 code), e.g. "U.S." -> ("United States", "US")."""
    found = lookup(country)
    return (found.name, found.code) if found else None


def country_code(country: str | None) -> str | None:
    found = lookup(country)
    return found.code if found else None


def country_name(country: str | None) -> str | None:
    """Canonical English name; None when the text names no known country."""
    found = lookup(country)
    return found.name if found else None


def by_code(code: str) -> Country | None:
    return _BY_CODE.get(code.upper())


def all_countries() -> list[Country]:
    return sorted(_BY_CODE.values(), key=lambda c: c.name)


def trade_blocs(country: str | None) -> tuple[str, ...]:
    """Blocs the country belongs to, most specific (fewest members) first."""
    found = lookup(country)
    if found is None:
        return ()
    return tuple(name for name in _BLOC_ORDER if found.code in BLOCS[name])


def home_region(country: str | None) -> str | None:
    """A label for grouping: its tightest bloc (EU, USMCA, Mercosur, ...) or else its own name.

    The UK, Japan, South Korea, Australia and India are regions of their own: the wide
    partnerships they are in (CPTPP, RCEP) are not used as a home region.
    """
    found = lookup(country)
    if found is None:
        return None
    for name in ("EU", "EFTA", "USMCA", "Mercosur", "ASEAN"):
        if found.code in BLOCS[name]:
            return name
    return found.name


def same_country(country_a: str | None, country_b: str | None) -> bool:
    a, b = lookup(country_a), lookup(country_b)
    return a is not None and a == b


def same_region(country_a: str | None, country_b: str | None) -> str | None:
    """The most specific trade bloc both countries belong to, or None.

    Same-country pairs still get their bloc (Germany-Germany -> "EU"); use `same_country` for
    that test. Unknown countries share nothing.
    """
    a, b = lookup(country_a), lookup(country_b)
    if a is None or b is None:
        return None
    for name in _BLOC_ORDER:
        members = BLOCS[name]
        if a.code in members and b.code in members:
            return name
    return None


def centroid(country: str | None) -> tuple[float, float] | None:
    """Approximate geographic centroid (lat, lon) for distance when a site has no coordinates."""
    found = lookup(country)
    return (found.latitude, found.longitude) if found else None


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance in km on a spherical Earth (error < 0.5 %)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    h = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
