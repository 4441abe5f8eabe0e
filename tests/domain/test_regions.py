"""Country normalisation, trade blocs, centroids and haversine distance."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from rePlanner.domain import regions
from rePlanner.domain.regions_data import BLOCS

REFDATA = Path(__file__).resolve().parents[2] / "resources" / "refdata"


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("USA", "United States", "US"),
        ("US", "United States", "US"),
        ("United States", "United States", "US"),
        ("U.S.", "United States", "US"),
        ("u.s.a.", "United States", "US"),
        ("United States of America", "United States", "US"),
        ("  united   STATES ", "United States", "US"),
        ("UK", "United Kingdom", "GB"),
        ("United Kingdom", "United Kingdom", "GB"),
        ("Great Britain", "United Kingdom", "GB"),
        ("Korea", "South Korea", "KR"),
        ("South Korea", "South Korea", "KR"),
        ("Republic of Korea", "South Korea", "KR"),
        ("Korea, Republic of", "South Korea", "KR"),
        ("Czechia", "Czechia", "CZ"),
        ("Czech Republic", "Czechia", "CZ"),
        ("PRC", "China", "CN"),
        ("china", "China", "CN"),
        ("People's Republic of China", "China", "CN"),
        ("Burma (Myanmar)", "Myanmar", "MM"),
        ("Türkiye", "Turkey", "TR"),
        ("The Netherlands", "Netherlands", "NL"),
        ("DEU", "Germany", "DE"),
        ("de", "Germany", "DE"),
        ("Viet Nam", "Vietnam", "VN"),
        ("Russian Federation", "Russia", "RU"),
    ],
)
def test_aliases_normalise_to_one_country(text: str, name: str, code: str) -> None:
    assert regions.normalize_country(text) == (name, code)
    assert regions.country_code(text) == code
    assert regions.country_name(text) == name


@pytest.mark.parametrize("text", [None, "", "   ", "World", "Top 3", "Atlantis"])
def test_non_countries_normalise_to_none(text: str | None) -> None:
    assert regions.normalize_country(text) is None
    assert regions.centroid(text) is None
    assert regions.trade_blocs(text) == ()


def _refdata_countries() -> set[str]:
    names: set[str] = set()
    with (REFDATA / "market_share.csv").open(encoding="utf-8") as f:
        names |= {row["country"] for row in csv.DictReader(f)}
    with (REFDATA / "alt_producers.csv").open(encoding="utf-8") as f:
        names |= {row["hq_country"] for row in csv.DictReader(f)}
    return names - {"World", "Top 3", ""}


def test_every_refdata_country_resolves_with_a_centroid() -> None:
    names = _refdata_countries()
    assert len(names) >= 15  # the CSVs really were read
    unresolved = sorted(n for n in names if regions.centroid(n) is None)
    assert unresolved == []


# The 40 largest vehicle producers (OICA 2023), by alpha-2 code.
_PRODUCERS = (
    "CN US JP IN KR DE MX ES BR TH CA FR TR CZ ID SK GB IR IT MY RU MA ZA AR HU RO PL PT BE UZ "
    "VN PK SE AT TW SI EG PH KZ RS"
)
TOP_PRODUCERS = _PRODUCERS.split()


def test_top_vehicle_producers_have_centroids() -> None:
    assert len(TOP_PRODUCERS) == 40
    missing = [code for code in TOP_PRODUCERS if regions.by_code(code) is None]
    assert missing == []


@pytest.mark.parametrize(
    ("country", "capital", "max_km"),
    [
        ("Germany", (52.52, 13.40), 400),
        ("France", (48.86, 2.35), 400),
        ("Japan", (35.68, 139.69), 300),
        ("South Korea", (37.57, 126.98), 300),
        ("Mexico", (19.43, -99.13), 600),
        ("India", (28.61, 77.21), 1000),
        ("China", (39.90, 116.40), 1500),
        ("United States", (38.91, -77.04), 2000),
        ("Brazil", (-15.79, -47.88), 600),
        ("Australia", (-35.28, 149.13), 2000),
        ("Estonia", (59.44, 24.75), 200),
        ("Thailand", (13.76, 100.50), 400),
        ("Argentina", (-34.60, -58.38), 800),
        ("South Africa", (-25.75, 28.19), 900),
        ("Czechia", (50.08, 14.44), 300),
        ("Spain", (40.42, -3.70), 300),
        ("Italy", (41.90, 12.50), 300),
        ("United Kingdom", (51.51, -0.13), 400),
        ("Poland", (52.23, 21.01), 300),
        ("Turkey", (39.93, 32.86), 400),
        ("Canada", (45.42, -75.70), 3000),
        ("Russia", (55.76, 37.62), 4500),
        ("Vietnam", (21.03, 105.85), 900),
        ("Indonesia", (-6.21, 106.85), 1200),
        ("Malaysia", (3.14, 101.69), 300),
        ("Morocco", (34.02, -6.84), 400),
        ("Egypt", (30.04, 31.24), 600),
        ("Iran", (35.69, 51.39), 600),
        ("Sweden", (59.33, 18.07), 500),
        ("Hungary", (47.50, 19.04), 300),
        ("Slovakia", (48.15, 17.11), 300),
        ("Romania", (44.43, 26.10), 300),
        ("Uzbekistan", (41.30, 69.24), 600),
    ],
)
def test_centroids_lie_near_the_capital(
    country: str, capital: tuple[float, float], max_km: float
) -> None:
    # Guards swapped or sign-flipped coordinates in the data table.
    point = regions.centroid(country)
    assert point is not None
    assert regions.distance_km(*point, *capital) < max_km


def test_eu_has_27_members_and_usmca_three() -> None:
    eu = BLOCS["EU"]
    assert len(eu) == 27
    assert {"DE", "FR", "CZ", "EE", "IE", "HR"} <= eu
    assert not {"GB", "CH", "NO", "TR"} & eu
    assert BLOCS["USMCA"] == {"US", "MX", "CA"}
    assert "EU" in regions.trade_blocs("Czech Republic")
    assert "USMCA" in regions.trade_blocs("U.S.")
    assert "EU" not in regions.trade_blocs("UK")


def test_every_bloc_member_is_a_known_country() -> None:
    for name, members in BLOCS.items():
        unknown = [code for code in members if regions.by_code(code) is None]
        assert unknown == [], name


def test_trade_blocs_are_most_specific_first() -> None:
    assert regions.trade_blocs("Mexico") == ("USMCA", "CPTPP")
    assert regions.trade_blocs("Vietnam") == ("ASEAN", "CPTPP", "RCEP")
    assert regions.trade_blocs("Germany") == ("EU", "EU-Turkey customs union", "EEA")
    assert regions.trade_blocs("India") == ()


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Germany", "France", "EU"),
        ("Germany", "Germany", "EU"),
        ("Mexico", "Canada", "USMCA"),
        ("USA", "Mexico", "USMCA"),
        ("Thailand", "Malaysia", "ASEAN"),
        ("Japan", "Vietnam", "CPTPP"),
        ("UK", "Japan", "CPTPP"),
        ("Japan", "Korea", "RCEP"),
        ("China", "Australia", "RCEP"),
        ("Brazil", "Argentina", "Mercosur"),
        ("Norway", "Germany", "EEA"),
        ("Norway", "Switzerland", "EFTA"),
        ("Turkey", "Czechia", "EU-Turkey customs union"),
        ("UK", "Germany", None),
        ("Switzerland", "Germany", None),
        ("USA", "Germany", None),
        ("India", "Japan", None),
        ("Germany", None, None),
        ("Germany", "World", None),
    ],
)
def test_same_region(a: str, b: str | None, expected: str | None) -> None:
    assert regions.same_region(a, b) == expected
    assert regions.same_region(b, a) == expected


def test_same_country_uses_normalised_names() -> None:
    assert regions.same_country("USA", "U.S.")
    assert regions.same_country("Korea", "Republic of Korea")
    assert not regions.same_country("Germany", "Austria")
    assert not regions.same_country("World", "World")
    assert not regions.same_country(None, None)


def test_home_region() -> None:
    assert regions.home_region("Deutschland") == "EU"
    assert regions.home_region("Canada") == "USMCA"
    assert regions.home_region("Malaysia") == "ASEAN"
    assert regions.home_region("UK") == "United Kingdom"
    assert regions.home_region("Japan") == "Japan"
    assert regions.home_region("India") == "India"
    assert regions.home_region("World") is None


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((48.8566, 2.3522), (52.5200, 13.4050), 878.0),  # Paris - Berlin
        ((51.5074, -0.1278), (40.7128, -74.0060), 5570.0),  # London - New York
        ((35.6762, 139.6503), (-33.8688, 151.2093), 7820.0),  # Tokyo - Sydney
    ],
)
def test_distance_between_known_cities_within_one_percent(
    a: tuple[float, float], b: tuple[float, float], km: float
) -> None:
    assert regions.distance_km(*a, *b) == pytest.approx(km, rel=0.01)
    assert regions.distance_km(*b, *a) == pytest.approx(regions.distance_km(*a, *b))


def test_distance_edge_cases() -> None:
    assert regions.distance_km(10.0, 20.0, 10.0, 20.0) == 0.0
    half_circumference = math.pi * regions.EARTH_RADIUS_KM
    assert regions.distance_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(half_circumference)
    assert regions.distance_km(90.0, 0.0, -90.0, 0.0) == pytest.approx(half_circumference)
