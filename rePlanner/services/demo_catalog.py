"""Static catalogue of the fictional demo automaker "Nordwerk Automotive": companies and materials.

Every company here is invented; any likeness to a real firm is unintended. Orders of magnitude of
magnet content follow resources/refdata/part_content.csv (cited per figure below); gallium,
germanium and graphite quantities are illustrative orders of magnitude, not sourced figures.
Parts, BOM modules, lines and alternatives are in demo_products.py; demo_plan.py turns both into
rows (part numbers, inventories, ...) with a seeded RNG.
"""

from __future__ import annotations

from dataclasses import dataclass

COMPANY = "Nordwerk Automotive"
Item = tuple[str, str]  # (element, stage) of a material
Sources = tuple[tuple[str, float], ...]  # (supplier key, share of volume)
SiteSpec = tuple[str, str, float, float]  # city, country, latitude, longitude

REGION = {
    "Germany": "Europe", "Czechia": "Europe", "Poland": "Europe", "Slovakia": "Europe",
    "Hungary": "Europe", "France": "Europe", "Spain": "Europe", "Belgium": "Europe",
    "Estonia": "Europe", "Morocco": "Africa", "Mozambique": "Africa", "Mexico": "North America",
    "USA": "North America", "Brazil": "South America", "China": "Asia", "Japan": "Asia",
    "Korea": "Asia", "Taiwan": "Asia", "Vietnam": "Asia", "Malaysia": "Asia", "Myanmar": "Asia",
    "Australia": "Oceania",
}  # fmt: skip

# Materials the demo needs; created (origin DEMO) only when the reference list lacks them.
MATERIALS: dict[Item, tuple[str, str]] = {
    ("NdFeB", "magnet"): ("Sintered NdFeB permanent magnet", "magnet"),
    ("Nd", "metal"): ("Neodymium metal / alloy", "light RE"),
    ("Pr", "metal"): ("Praseodymium metal / alloy", "light RE"),
    ("NdPr", "metal"): ("Neodymium-praseodymium (NdPr) metal / alloy", "light RE"),
    ("Dy", "metal"): ("Dysprosium metal / alloy", "heavy RE"),
    ("Tb", "metal"): ("Terbium metal / alloy", "heavy RE"),
    ("NdPr", "oxide"): ("Neodymium-praseodymium (NdPr) oxide", "light RE"),
    ("Dy", "oxide"): ("Dysprosium oxide", "heavy RE"),
    ("Tb", "oxide"): ("Terbium oxide", "heavy RE"),
    ("REO", "ore"): ("Mixed rare-earth concentrate", "mixed RE"),
    ("Ga", "metal"): ("Gallium metal", "electronics"),
    ("Ge", "metal"): ("Germanium metal", "electronics"),
    ("graphite", "commodity"): ("Natural flake / spherical graphite", "battery"),
    ("graphite-anode", "commodity"): ("Artificial graphite anode material", "battery"),
}

# Magnet grades as mass fractions (NdPr, Dy, Tb), chosen by operating temperature. part_content.csv:
# rare-earth metals are ~30 % of magnet mass (Porsche/Autocar); conventional high-temperature grades
# carry ~10 % Dy+Tb (discovermaterials); grain-boundary diffusion needs 1/2-1/3 of that (IEEE
# Electrification 2017); a low-Dy magnet seized by Chinese customs held 1.9 % Dy (couragemagnet).
# Magnets that stay cool (speakers, cabin comfort motors, a steering-column sensor) need no heavy
# rare earths at all: N grades are plain NdPr-Fe-B.
GRADES: dict[str, tuple[float, float, float]] = {
    "48UH": (0.290, 0.060, 0.008),  # traction, conventional alloying (180 C)
    "45SH-GBD": (0.300, 0.022, 0.006),  # traction, grain-boundary diffused (150 C)
    "42SH": (0.300, 0.040, 0.003),  # EPS, ESC pump, brake booster, pumps, fans, e-compressor
    "40H": (0.305, 0.024, 0.001),  # engine-bay and wheel-hub motors and sensors (120 C)
    "N40": (0.310, 0.0, 0.0),  # cabin comfort motors, steering-column sensor (below 80 C)
    "N42": (0.315, 0.0, 0.0),  # speakers
}
ND_SHARE_OF_NDPR = 0.76  # didymium is roughly 3:1 Nd:Pr
OXIDE_PER_METAL = {"NdPr": 1.17, "Dy": 1.15, "Tb": 1.18}  # stoichiometric kg oxide per kg metal
# kg of mixed REO allocated per kg of separated oxide (NdPr ~20 % of bastnaesite REO; Dy ~5 % and
# Tb ~0.8 % of ionic-clay REO). Joint products: this allocates, it does not add up physically.
REO_PER_OXIDE = {"NdPr": 5.0, "Dy": 20.0, "Tb": 120.0}
FLAKE_PER_SPHERICAL = 2.2  # spheronising natural flake keeps roughly 45 % of the mass
MATERIAL_PRICE = {  # EUR per kg, indicative
    ("NdPr", "metal"): 78.0, ("Dy", "metal"): 330.0, ("Tb", "metal"): 1050.0,
    ("NdPr", "oxide"): 62.0, ("Dy", "oxide"): 250.0, ("Tb", "oxide"): 880.0, ("REO", "ore"): 6.0,
    ("Ga", "metal"): 480.0, ("Ge", "metal"): 2400.0, ("graphite", "commodity"): 1.8,
    ("graphite-anode", "commodity"): 6.5,
}  # fmt: skip


@dataclass(frozen=True)
class Plant:
    key: str
    city: str
    country: str
    lat: float
    lon: float


PLANTS = (
    Plant("bremen", "Bremen", "Germany", 53.08, 8.80),
    Plant("saltillo", "Saltillo", "Mexico", 25.42, -101.00),
    Plant("ostrava", "Ostrava", "Czechia", 49.82, 18.26),
)


@dataclass(frozen=True)
class SupplierSpec:
    key: str
    name: str
    country: str
    tier: int
    sites: tuple[SiteSpec, ...]
    role: str


def _s(key: str, name: str, country: str, tier: int, role: str, *sites: SiteSpec) -> SupplierSpec:
    return SupplierSpec(key, name, country, tier, sites, role)


SUPPLIERS = (
    # tier 1: module, motor and electronics makers
    _s("seats_de", "Sitzwerk Lindner GmbH", "Germany", 1, "seats", ("Chemnitz", "Germany", 50.83, 12.92), ("Plzen", "Czechia", 49.74, 13.37)),
    _s("seats_mx", "Asientos del Norte S.A. de C.V.", "Mexico", 1, "seats", ("Ramos Arizpe", "Mexico", 25.54, -100.95)),
    _s("doors", "Kahlgrund Tuersysteme GmbH", "Germany", 1, "door modules (JIS)", ("Coburg", "Germany", 50.26, 10.96), ("Silao", "Mexico", 20.94, -101.43)),
    _s("micro_jp", "Sakuragi Micro Motor Co., Ltd.", "Japan", 1, "small motors", ("Hamamatsu", "Japan", 34.71, 137.73), ("Penang", "Malaysia", 5.41, 100.33)),
    _s("micro_cn", "Zhejiang Lanxi Micromotor Co., Ltd.", "China", 1, "small motors", ("Lanxi", "China", 29.21, 119.46)),
    _s("micro_pl", "Motorika Polska Sp. z o.o.", "Poland", 1, "small motors", ("Wroclaw", "Poland", 51.11, 17.04)),
    _s("micro_us", "Apex Drive Motors Inc.", "USA", 1, "small motors, wipers", ("Dayton", "USA", 39.76, -84.19), ("Ciudad Juarez", "Mexico", 31.69, -106.42)),
    _s("edrive_de", "Rheintal E-Drive GmbH", "Germany", 1, "traction motors", ("Mannheim", "Germany", 49.49, 8.47)),
    _s("edrive_kr", "Daesan Powertrain Co., Ltd.", "Korea", 1, "traction motors, DHT", ("Changwon", "Korea", 35.23, 128.68), ("Monterrey", "Mexico", 25.69, -100.32)),
    _s("edrive_cn", "Suzhou Huachuang E-Drive Co., Ltd.", "China", 1, "traction motors", ("Suzhou", "China", 31.30, 120.62)),
    _s("hybrid_jp", "Mikawa Electric Drive Corp.", "Japan", 1, "hybrid transaxles", ("Toyohashi", "Japan", 34.77, 137.39), ("San Luis Potosi", "Mexico", 22.15, -100.98)),
    _s("eps_de", "Lenkwerk Aalen AG", "Germany", 1, "steering", ("Aalen", "Germany", 48.84, 10.09), ("Queretaro", "Mexico", 20.59, -100.39)),
    _s("eps_kr", "Hanbit Steering Systems Co.", "Korea", 1, "steering", ("Ulsan", "Korea", 35.54, 129.31), ("Martin", "Slovakia", 49.07, 18.92)),
    _s("brakes", "Bremstechnik Fulda GmbH", "Germany", 1, "brakes", ("Fulda", "Germany", 50.55, 9.68), ("Apodaca", "Mexico", 25.78, -100.19)),
    _s("sens_ee", "Sensorica Tallinn AS", "Estonia", 1, "sensors", ("Tallinn", "Estonia", 59.44, 24.75)),
    _s("sens_cn", "Shenzhen Ruixin Sensor Technology Co.", "China", 1, "sensors", ("Shenzhen", "China", 22.54, 114.06)),
    _s("sens_jp", "Owari Sensing Ltd.", "Japan", 1, "sensors", ("Nagoya", "Japan", 35.18, 136.91)),
    _s("audio_de", "Klangwerk Audio GmbH", "Germany", 1, "audio", ("Straubing", "Germany", 48.88, 12.57)),
    _s("audio_cn", "Dongguan Hexin Acoustics Co., Ltd.", "China", 1, "speakers", ("Dongguan", "China", 23.02, 113.75)),
    _s("audio_vn", "Saigon Acoustic Components JSC", "Vietnam", 1, "speakers", ("Binh Duong", "Vietnam", 11.17, 106.67)),
    _s("thermal", "Thermalis SAS", "France", 1, "thermal systems, HVAC", ("Lyon", "France", 45.76, 4.84), ("Valladolid", "Spain", 41.65, -4.72), ("Escobedo", "Mexico", 25.80, -100.32)),
    _s("power_el", "Voltaris Power Electronics GmbH", "Germany", 1, "power electronics", ("Regensburg", "Germany", 49.01, 12.10), ("Guadalajara", "Mexico", 20.67, -103.35)),
    _s("ecu_vn", "Mekong Electronics JSC", "Vietnam", 1, "ECUs, displays", ("Hanoi", "Vietnam", 21.03, 105.85)),
    _s("lighting", "Lumora Lighting S.A.", "France", 1, "lighting", ("Angers", "France", 47.47, -0.55), ("Jihlava", "Czechia", 49.40, 15.59), ("San Juan del Rio", "Mexico", 20.39, -99.99)),
    _s("radar_us", "Keystone Radar Systems Inc.", "USA", 1, "radar", ("Auburn Hills", "USA", 42.69, -83.23)),
    _s("camera_my", "Penang Optoelectronics Sdn. Bhd.", "Malaysia", 1, "cameras", ("Penang", "Malaysia", 5.41, 100.33)),
    _s("cells_kr", "Saebyeok Cell Co., Ltd.", "Korea", 1, "battery cells", ("Iksan", "Korea", 35.95, 126.96), ("Miskolc", "Hungary", 48.10, 20.78), ("Temple", "USA", 31.10, -97.34)),
    _s("cells_cn", "Hubei Hanshui Power Battery Co., Ltd.", "China", 1, "battery cells", ("Xiangyang", "China", 32.01, 112.12)),
    _s("stamping", "Presswerk Weserbergland GmbH", "Germany", 1, "hot-formed stampings (local press shop)", ("Hameln", "Germany", 52.10, 9.36), ("Frydek-Mistek", "Czechia", 49.68, 18.35), ("Arteaga", "Mexico", 25.45, -100.85)),
    _s("harness", "Cableados del Bajio S.A. de C.V.", "Mexico", 1, "wiring harnesses", ("Leon", "Mexico", 21.12, -101.68), ("Tangier", "Morocco", 35.76, -5.83)),
    _s("glass", "Sklarna Morava a.s.", "Czechia", 1, "glazing", ("Zlin", "Czechia", 49.22, 17.67), ("Aguascalientes", "Mexico", 21.88, -102.29)),
    _s("plastics", "Plastiform Poznan Sp. z o.o.", "Poland", 1, "plastics, cockpits", ("Poznan", "Poland", 52.41, 16.93), ("Saltillo", "Mexico", 25.43, -100.99)),
    _s("castings", "Lakeshore Castings LLC", "USA", 1, "aluminium and iron castings", ("Muskegon", "USA", 43.23, -86.25), ("Czestochowa", "Poland", 50.81, 19.12)),
    _s("chassis", "Allgaeu Fahrwerk GmbH", "Germany", 1, "axles, wheels", ("Kempten", "Germany", 47.73, 10.31), ("Puebla", "Mexico", 19.04, -98.21)),
    _s("gears", "Tatsumi Gear Works Co.", "Japan", 1, "gears, transmissions", ("Okazaki", "Japan", 34.95, 137.17)),
    _s("engine_el", "Zuendtechnik Mainfranken GmbH", "Germany", 1, "engine electrics", ("Kitzingen", "Germany", 49.74, 10.16), ("Celaya", "Mexico", 20.52, -100.81)),
    # tier 2: magnet makers, compound semiconductors, anode materials
    _s("mag_baotou", "Baotou Beiyuan Magnetic Materials Co., Ltd.", "China", 2, "sintered NdFeB", ("Baotou", "China", 40.66, 109.84)),
    _s("mag_ningbo", "Ningbo Dongqian Magnet Co., Ltd.", "China", 2, "sintered NdFeB", ("Ningbo", "China", 29.87, 121.54)),
    _s("mag_ganzhou", "Ganzhou Hengyuan Magnetics Co., Ltd.", "China", 2, "sintered NdFeB", ("Ganzhou", "China", 25.83, 114.93)),
    _s("mag_tianjin", "Tianjin Beichen Permanent Magnet Co.", "China", 2, "sintered NdFeB", ("Tianjin", "China", 39.13, 117.20)),
    _s("mag_jp", "Sanriku Magnet Works KK", "Japan", 2, "sintered NdFeB", ("Ichinoseki", "Japan", 38.93, 141.13), ("Vinh Phuc", "Vietnam", 21.31, 105.60)),
    _s("mag_ee", "Baltic Magnetics OU", "Estonia", 2, "sintered NdFeB", ("Johvi", "Estonia", 59.36, 27.41)),
    _s("mag_de", "Magnetwerk Siegen GmbH", "Germany", 2, "sintered NdFeB", ("Siegen", "Germany", 50.88, 8.02)),
    _s("mag_us", "Lone Star Magnetics LLC", "USA", 2, "sintered NdFeB", ("Abilene", "USA", 32.45, -99.73)),
    _s("mag_kr", "Daehan Magnet Co., Ltd.", "Korea", 2, "sintered NdFeB", ("Gumi", "Korea", 36.12, 128.34)),
    _s("chip_de", "Dresden Compound Semiconductor GmbH", "Germany", 2, "GaN devices", ("Dresden", "Germany", 51.05, 13.74)),
    _s("chip_tw", "Zhubei Microwave Devices Corp.", "Taiwan", 2, "RF chips", ("Hsinchu", "Taiwan", 24.80, 120.97)),
    _s("anode_cn", "Shandong Tianhe Anode Materials Co.", "China", 2, "artificial graphite anode", ("Qingdao", "China", 36.07, 120.38)),
    _s("anode_kr", "Dangjin Anode Materials Co.", "Korea", 2, "spherical graphite", ("Dangjin", "Korea", 36.89, 126.63)),
    # tier 3: separators and metal makers
    _s("sep_baiyun", "Baiyun Rare Earth Separation Co., Ltd.", "China", 3, "separation, metal", ("Baotou", "China", 40.60, 110.00)),
    _s("sep_ganlong", "Jiangxi Ganlong Rare Earth Smelting Co.", "China", 3, "heavy RE separation, metal", ("Ganzhou", "China", 25.85, 114.95)),
    _s("met_leshan", "Sichuan Minjiang Rare Earth Metals Co.", "China", 3, "RE metals", ("Leshan", "China", 29.55, 103.77)),
    _s("sep_pahang", "Terengganu Rare Earth Processing Sdn. Bhd.", "Malaysia", 3, "separation", ("Kemaman", "Malaysia", 4.23, 103.42)),
    _s("sep_virumaa", "Virumaa Separation Works AS", "Estonia", 3, "separation", ("Kunda", "Estonia", 59.50, 26.53)),
    _s("sep_atl", "Atlantique Terres Rares SAS", "France", 3, "separation", ("Saint-Nazaire", "France", 47.27, -2.21)),
    _s("met_kyushu", "Kitakyushu Rare Metals KK", "Japan", 3, "RE metals", ("Kitakyushu", "Japan", 33.88, 130.88)),
    _s("met_vn", "Tonkin Rare Metals JSC", "Vietnam", 3, "RE metals", ("Thai Nguyen", "Vietnam", 21.59, 105.85)),
    _s("ga_cn", "Shanxi Gallium Recovery Co., Ltd.", "China", 3, "gallium", ("Taiyuan", "China", 37.87, 112.55)),
    _s("ga_de", "Stolberg Gallium GmbH", "Germany", 3, "gallium", ("Stolberg", "Germany", 50.77, 6.23)),
    _s("ge_cn", "Yunnan Honghe Germanium Co.", "China", 3, "germanium", ("Mengzi", "China", 23.37, 103.38)),
    _s("ge_be", "Ardennes Germanium S.A.", "Belgium", 3, "germanium", ("Liege", "Belgium", 50.63, 5.57)),
    # tier 4: mines
    _s("mine_im", "Inner Mongolia Steppe Mining Co.", "China", 4, "RE mine", ("Xilinhot", "China", 43.93, 116.08)),
    _s("mine_longnan", "Longnan Ionic Clay Mining Co.", "China", 4, "ionic clay mine", ("Longnan", "China", 24.91, 114.79)),
    _s("mine_kachin", "Kachin Highlands Minerals Ltd.", "Myanmar", 4, "ionic clay mine", ("Chipwi", "Myanmar", 25.87, 98.13)),
    _s("mine_au", "Yilgarn Rare Earths Ltd.", "Australia", 4, "RE mine", ("Norseman", "Australia", -32.20, 121.78)),
    _s("mine_us", "Ruby Range Minerals Inc.", "USA", 4, "RE mine", ("Elko", "USA", 40.83, -115.76)),
    _s("mine_br", "Tocantins Terras Raras S.A.", "Brazil", 4, "ionic clay mine", ("Porto Nacional", "Brazil", -10.71, -48.42)),
    _s("gr_cn", "Heilongjiang Jixi Graphite Mining Co.", "China", 4, "graphite mine", ("Jixi", "China", 45.30, 130.97)),
    _s("gr_mz", "Cabo Delgado Graphite Lda.", "Mozambique", 4, "graphite mine", ("Mueda", "Mozambique", -11.66, 39.55)),
)  # fmt: skip

NM, DY, TB = ("NdPr", "metal"), ("Dy", "metal"), ("Tb", "metal")
NO, DO, TO, REO = ("NdPr", "oxide"), ("Dy", "oxide"), ("Tb", "oxide"), ("REO", "ore")
GA, GE = ("Ga", "metal"), ("Ge", "metal")
GR, GA_ANODE = ("graphite", "commodity"), ("graphite-anode", "commodity")

# The exposed chain (line B1 Norvik): Rheintal E-Drive buys the TM-150/TM-210 rotor magnets only
# from Baotou Beiyuan. Beiyuan's export licences were held for six weeks last quarter, so the
# ~35-day sea pipeline to Mannheim ran dry; since then every licensed lot is flown in (5 days door
# to door) and Beiyuan's finished stock waits for the next licence: days of cover, not weeks.
AIR_FREIGHT = frozenset({("mag_baotou", "edrive_de")})  # (from supplier, to supplier)
AIR_LEAD_DAYS = 5.0
HOLD_NOTE = (
    "Air freight since a six-week export-licence hold emptied the ~35-day sea pipeline: only the "
    "5-day air leg is in transit, and each lot needs its own licence"
)
EXPOSED = (  # notes of the alternatives that would close this gap
    "For line B1 Norvik: its TM-150/TM-210 magnets come only from Baotou Beiyuan, by air since a "
    "six-week export-licence hold emptied the sea pipeline, so the chain holds days of cover"
)

# Where each supplier buys its inputs: "magnet" (magnet sets) or a material item.
INPUTS: dict[str, dict[str | Item, Sources]] = {
    "micro_jp": {"magnet": (("mag_jp", 0.6), ("mag_ningbo", 0.4))},
    "micro_cn": {"magnet": (("mag_ningbo", 1.0),)},
    "micro_pl": {"magnet": (("mag_ee", 0.5), ("mag_ganzhou", 0.5))},
    "micro_us": {"magnet": (("mag_us", 0.6), ("mag_tianjin", 0.4))},
    "edrive_de": {"magnet": (("mag_baotou", 1.0),)},  # single-sourced Chinese, by air: the weak spot
    "edrive_kr": {"magnet": (("mag_kr", 0.6), ("mag_baotou", 0.4))},
    "edrive_cn": {"magnet": (("mag_ganzhou", 1.0),)},
    "hybrid_jp": {"magnet": (("mag_jp", 1.0),)},
    "eps_de": {"magnet": (("mag_tianjin", 1.0),)},
    "eps_kr": {"magnet": (("mag_kr", 0.7), ("mag_ningbo", 0.3))},
    "brakes": {"magnet": (("mag_de", 0.6), ("mag_ningbo", 0.4))},
    "sens_ee": {"magnet": (("mag_ee", 0.5), ("mag_ningbo", 0.5))},
    "sens_cn": {"magnet": (("mag_ningbo", 1.0),)},
    "sens_jp": {"magnet": (("mag_jp", 1.0),)},
    "audio_de": {"magnet": (("mag_de", 0.5), ("mag_ningbo", 0.5))},
    "audio_cn": {"magnet": (("mag_ningbo", 1.0),)},
    "audio_vn": {"magnet": (("mag_jp", 0.5), ("mag_ningbo", 0.5))},
    "thermal": {"magnet": (("mag_de", 0.5), ("mag_ganzhou", 0.5))},
    "engine_el": {"magnet": (("mag_de", 0.5), ("mag_tianjin", 0.5))},
    "cells_kr": {GR: (("anode_kr", 1.0),), GA_ANODE: (("anode_cn", 1.0),)},
    "cells_cn": {GR: (("anode_kr", 0.3), ("anode_cn", 0.7)), GA_ANODE: (("anode_cn", 1.0),)},
    "anode_cn": {GR: (("gr_cn", 1.0),)},
    "anode_kr": {GR: (("gr_cn", 0.5), ("gr_mz", 0.5))},
    "chip_de": {GA: (("ga_de", 0.5), ("ga_cn", 0.5))},
    "chip_tw": {GA: (("ga_cn", 1.0),), GE: (("ge_cn", 0.6), ("ge_be", 0.4))},
    "mag_baotou": {NM: (("sep_baiyun", 1.0),), DY: (("sep_ganlong", 1.0),), TB: (("sep_ganlong", 1.0),)},
    "mag_ningbo": {NM: (("met_leshan", 0.6), ("sep_baiyun", 0.4)), DY: (("sep_ganlong", 1.0),), TB: (("sep_ganlong", 1.0),)},
    "mag_ganzhou": {NM: (("met_leshan", 1.0),), DY: (("sep_ganlong", 1.0),), TB: (("sep_ganlong", 1.0),)},
    "mag_tianjin": {NM: (("sep_baiyun", 1.0),), DY: (("sep_ganlong", 1.0),), TB: (("sep_ganlong", 1.0),)},
    "mag_jp": {NM: (("met_kyushu", 0.6), ("met_vn", 0.4)), DY: (("met_kyushu", 0.5), ("sep_ganlong", 0.5)), TB: (("met_kyushu", 0.5), ("sep_ganlong", 0.5))},
    "mag_ee": {NM: (("met_vn", 0.5), ("met_leshan", 0.5)), DY: (("met_kyushu", 1.0),), TB: (("met_kyushu", 1.0),)},
    "mag_de": {NM: (("met_kyushu", 0.5), ("met_leshan", 0.5)), DY: (("sep_ganlong", 1.0),), TB: (("sep_ganlong", 1.0),)},
    "mag_us": {NM: (("met_vn", 1.0),), DY: (("met_kyushu", 1.0),), TB: (("met_kyushu", 1.0),)},
    "mag_kr": {NM: (("met_vn", 0.5), ("met_leshan", 0.5)), DY: (("sep_ganlong", 0.7), ("met_kyushu", 0.3)), TB: (("sep_ganlong", 0.7), ("met_kyushu", 0.3))},
    "sep_baiyun": {NO: (("sep_baiyun", 1.0),), REO: (("mine_im", 1.0),)},
    "sep_ganlong": {DO: (("sep_ganlong", 1.0),), TO: (("sep_ganlong", 1.0),), REO: (("mine_longnan", 0.6), ("mine_kachin", 0.4))},
    "met_leshan": {NO: (("sep_baiyun", 1.0),)},
    "met_kyushu": {NO: (("sep_pahang", 0.7), ("sep_atl", 0.3)), DO: (("sep_pahang", 1.0),), TO: (("sep_pahang", 1.0),)},
    "met_vn": {NO: (("sep_pahang", 0.5), ("sep_virumaa", 0.5))},
    "sep_pahang": {REO: (("mine_au", 1.0),)},
    "sep_virumaa": {REO: (("mine_us", 0.5), ("mine_br", 0.5))},
    "sep_atl": {REO: (("mine_br", 1.0),)},
}  # fmt: skip
DEFAULT_INPUTS: dict[Item, Sources] = {
    GA: (("ga_cn", 0.8), ("ga_de", 0.2)),
    GE: (("ge_cn", 0.6), ("ge_be", 0.4)),
}
