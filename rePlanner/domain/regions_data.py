"""Country and trade-bloc tables behind rePlanner.domain.regions. Stdlib only, data only.

Coordinates are APPROXIMATE geographic centroids (degrees, 1 decimal) used to estimate distance
when a site has no coordinates of its own; for countries split across sea (Malaysia, Norway,
the US, France, ...) the point lies on the main landmass where the industry is. They are good
to a few hundred km for small countries and much coarser for large ones (US, Canada, Russia,
China, Brazil, Australia): never use them for logistics planning.

Coverage: every country named in resources/refdata/*.csv, the 40+ largest vehicle-producing
countries (OICA), every member of the blocs below and a few critical-material producers.
"""

from __future__ import annotations

# code, alpha-3, canonical English name, approx. centroid lat, lon, extra aliases ("|"-separated).
# The alpha-2 code, the alpha-3 code and the name are aliases too; matching ignores case,
# accents, dots, apostrophes and a leading "the".
COUNTRIES: tuple[tuple[str, str, str, float, float, str], ...] = (
    # EU 27
    ("AT", "AUT", "Austria", 47.6, 14.1, "Osterreich"),
    ("BE", "BEL", "Belgium", 50.6, 4.7, "Belgique|Belgie"),
    ("BG", "BGR", "Bulgaria", 42.7, 25.5, ""),
    ("HR", "HRV", "Croatia", 45.1, 15.2, "Hrvatska"),
    ("CY", "CYP", "Cyprus", 35.0, 33.2, ""),
    ("CZ", "CZE", "Czechia", 49.8, 15.5, "Czech Republic|Cesko|Ceska republika"),
    ("DK", "DNK", "Denmark", 56.0, 10.0, "Danmark"),
    ("EE", "EST", "Estonia", 58.7, 25.5, "Eesti"),
    ("FI", "FIN", "Finland", 64.5, 26.0, "Suomi"),
    ("FR", "FRA", "France", 46.6, 2.4, "French Republic"),
    ("DE", "DEU", "Germany", 51.2, 10.4, "Deutschland|Federal Republic of Germany"),
    ("GR", "GRC", "Greece", 39.1, 22.0, "Hellas"),
    ("HU", "HUN", "Hungary", 47.2, 19.5, "Magyarorszag"),
    ("IE", "IRL", "Ireland", 53.2, -8.2, "Republic of Ireland|Eire"),
    ("IT", "ITA", "Italy", 42.8, 12.6, "Italia"),
    ("LV", "LVA", "Latvia", 56.9, 24.6, ""),
    ("LT", "LTU", "Lithuania", 55.2, 23.9, ""),
    ("LU", "LUX", "Luxembourg", 49.8, 6.1, ""),
    ("MT", "MLT", "Malta", 35.9, 14.4, ""),
    ("NL", "NLD", "Netherlands", 52.2, 5.5, "Holland|Nederland"),
    ("PL", "POL", "Poland", 52.0, 19.4, "Polska"),
    ("PT", "PRT", "Portugal", 39.6, -8.0, ""),
    ("RO", "ROU", "Romania", 45.9, 25.0, ""),
    ("SK", "SVK", "Slovakia", 48.7, 19.7, "Slovak Republic"),
    ("SI", "SVN", "Slovenia", 46.1, 14.8, ""),
    ("ES", "ESP", "Spain", 40.2, -3.6, "Espana"),
    ("SE", "SWE", "Sweden", 62.0, 15.0, "Sverige"),
    # Rest of Europe
    ("IS", "ISL", "Iceland", 64.9, -18.6, ""),
    ("LI", "LIE", "Liechtenstein", 47.2, 9.6, ""),
    ("NO", "NOR", "Norway", 61.0, 9.0, "Norge"),
    ("CH", "CHE", "Switzerland", 46.8, 8.2, "Schweiz|Suisse|Svizzera"),
    ("GB", "GBR", "United Kingdom", 54.0, -2.5,
     "UK|Great Britain|Britain|England|Scotland|Wales|Northern Ireland"),
    ("TR", "TUR", "Turkey", 39.0, 35.2, "Turkiye|Republic of Turkiye"),
    ("RS", "SRB", "Serbia", 44.0, 21.0, ""),
    ("UA", "UKR", "Ukraine", 48.4, 31.2, ""),
    ("RU", "RUS", "Russia", 61.5, 105.3, "Russian Federation"),
    ("GL", "GRL", "Greenland", 71.7, -42.6, ""),
    # Americas
    ("US", "USA", "United States", 39.8, -98.6,
     "United States of America|America|U S A|U S"),
    ("CA", "CAN", "Canada", 56.1, -106.3, ""),
    ("MX", "MEX", "Mexico", 23.6, -102.5, "United Mexican States"),
    ("BR", "BRA", "Brazil", -14.2, -51.9, "Brasil"),
    ("AR", "ARG", "Argentina", -38.4, -63.6, ""),
    ("PY", "PRY", "Paraguay", -23.4, -58.4, ""),
    ("UY", "URY", "Uruguay", -32.5, -55.8, ""),
    ("BO", "BOL", "Bolivia", -16.3, -63.6, "Plurinational State of Bolivia"),
    ("VE", "VEN", "Venezuela", 6.4, -66.6, ""),
    ("CL", "CHL", "Chile", -35.7, -71.5, ""),
    ("PE", "PER", "Peru", -9.2, -75.0, ""),
    ("CO", "COL", "Colombia", 4.6, -74.3, ""),
    ("EC", "ECU", "Ecuador", -1.8, -78.2, ""),
    # Asia and Oceania
    ("CN", "CHN", "China", 35.9, 104.2,
     "PRC|PR China|People's Republic of China|Mainland China|China PRC"),
    ("TW", "TWN", "Taiwan", 23.7, 121.0, "Chinese Taipei|Taiwan Province of China"),
    ("JP", "JPN", "Japan", 36.2, 138.3, "Nippon"),
    ("KR", "KOR", "South Korea", 35.9, 127.8,
     "Korea|Republic of Korea|Korea Republic of|Korea South|ROK"),
    ("IN", "IND", "India", 20.6, 79.0, "Bharat"),
    ("PK", "PAK", "Pakistan", 30.4, 69.3, ""),
    ("KZ", "KAZ", "Kazakhstan", 48.0, 66.9, ""),
    ("UZ", "UZB", "Uzbekistan", 41.4, 64.6, ""),
    ("MN", "MNG", "Mongolia", 46.9, 103.8, ""),
    ("IR", "IRN", "Iran", 32.4, 53.7, "Islamic Republic of Iran|Iran Islamic Republic of"),
    ("ID", "IDN", "Indonesia", -0.8, 113.9, ""),
    ("MY", "MYS", "Malaysia", 4.2, 102.0, ""),
    ("TH", "THA", "Thailand", 15.9, 101.0, ""),
    ("VN", "VNM", "Vietnam", 14.1, 108.3, "Viet Nam"),
    ("PH", "PHL", "Philippines", 12.9, 121.8, ""),
    ("SG", "SGP", "Singapore", 1.35, 103.8, ""),
    ("BN", "BRN", "Brunei", 4.5, 114.7, "Brunei Darussalam"),
    ("KH", "KHM", "Cambodia", 12.6, 105.0, "Kampuchea"),
    ("LA", "LAO", "Laos", 19.9, 102.5, "Lao PDR|Lao People's Democratic Republic"),
    ("MM", "MMR", "Myanmar", 21.9, 96.0, "Burma|Burma (Myanmar)|Myanmar (Burma)"),
    ("TL", "TLS", "Timor-Leste", -8.9, 125.7, "East Timor"),
    ("AU", "AUS", "Australia", -25.3, 133.8, ""),
    ("NZ", "NZL", "New Zealand", -40.9, 174.9, "Aotearoa"),
    # Africa
    ("MA", "MAR", "Morocco", 31.8, -7.1, ""),
    ("DZ", "DZA", "Algeria", 28.0, 1.7, ""),
    ("TN", "TUN", "Tunisia", 33.9, 9.5, ""),
    ("EG", "EGY", "Egypt", 26.8, 30.8, ""),
    ("ZA", "ZAF", "South Africa", -30.6, 22.9, "RSA"),
    ("NG", "NGA", "Nigeria", 9.1, 8.7, ""),
    ("MG", "MDG", "Madagascar", -18.8, 46.9, ""),
    ("CD", "COD", "DR Congo",  -4.0, 21.8,
     "Democratic Republic of the Congo|Congo Kinshasa|DRC|Congo DR"),
    ("MZ", "MOZ", "Mozambique", -18.7, 35.5, ""),
    ("TZ", "TZA", "Tanzania", -6.4, 34.9, "United Republic of Tanzania"),
)  # fmt: skip


def _codes(*groups: str) -> frozenset[str]:
    """Alpha-2 codes from space-separated groups (compact and easy to proofread)."""
    return frozenset(code for group in groups for code in group.split())


_EU = "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE"
_ASEAN_10 = "BN KH ID LA MY MM PH SG TH VN"

# Bloc name -> member alpha-2 codes. "Most specific" = fewest members, so e.g. Mexico-Canada is
# USMCA (not CPTPP) and Thailand-Malaysia is ASEAN (not RCEP). The UK, Japan, South Korea,
# Australia and India have no bloc of their own: they only share CPTPP / RCEP with others.
BLOCS: dict[str, frozenset[str]] = {
    "USMCA": _codes("US MX CA"),
    "EFTA": _codes("IS LI NO CH"),
    # Full members; Bolivia joined in 2024, Venezuela is suspended and left out.
    "Mercosur": _codes("AR BR PY UY BO"),
    "ASEAN": _codes(_ASEAN_10, "TL"),  # Timor-Leste admitted Oct 2025
    "CPTPP": _codes("AU BN CA CL JP MY MX NZ PE SG VN", "GB"),  # UK in force since Dec 2024
    "RCEP": _codes(_ASEAN_10, "CN JP KR AU NZ"),
    "EU": _codes(_EU),
    # Customs union for industrial goods (cars and parts move duty-free, no rules of origin).
    "EU-Turkey customs union": _codes(_EU, "TR"),
    # EU single market extended to Iceland, Liechtenstein and Norway (not Switzerland).
    "EEA": _codes(_EU, "IS LI NO"),
}
