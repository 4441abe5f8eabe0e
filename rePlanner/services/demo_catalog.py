"""Static catalogue of the fictional demo automaker "Nordwerk Automotive".

Every company here is invented; any likeness to a real firm is unintended. Orders of magnitude of
magnet content follow resources/refdata/part_content.csv (cited per figure below); gallium,
germanium and graphite quantities are illustrative orders of magnitude, not sourced figures.
services/demo.py turns this catalogue into rows (part numbers, inventories, ...) with a seeded RNG.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rePlanner.domain.enums import Powertrain, SourceKind, SourceStatus

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

# Magnet grades as mass fractions (NdPr, Dy, Tb). part_content.csv: rare-earth metals are ~30 %
# of magnet mass (Porsche/Autocar); conventional high-temperature grades carry ~10 % Dy+Tb
# (discovermaterials); grain-boundary diffusion needs 1/2-1/3 of that (IEEE Electrification 2017);
# a low-Dy magnet seized by Chinese customs held 1.9 % Dy (couragemagnet).
GRADES: dict[str, tuple[float, float, float]] = {
    "48UH": (0.290, 0.065, 0.008),  # traction, conventional alloying
    "45SH-GBD": (0.300, 0.022, 0.006),  # traction, grain-boundary diffused
    "42SH": (0.300, 0.040, 0.003),  # EPS, pumps, e-compressor (hot environments)
    "40H": (0.305, 0.019, 0.001),  # small comfort motors, actuators, sensors
    "N42": (0.310, 0.005, 0.0005),  # speakers (cool, low coercivity needed)
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
    _s("doors", "Kaltenbach Tuersysteme GmbH", "Germany", 1, "door systems", ("Coburg", "Germany", 50.26, 10.96), ("Silao", "Mexico", 20.94, -101.43)),
    _s("micro_jp", "Hoshino Micro Motor Co., Ltd.", "Japan", 1, "small motors", ("Hamamatsu", "Japan", 34.71, 137.73), ("Penang", "Malaysia", 5.41, 100.33)),
    _s("micro_cn", "Zhejiang Jinli Micromotor Co., Ltd.", "China", 1, "small motors", ("Ningbo", "China", 29.87, 121.54)),
    _s("micro_pl", "Motorika Polska Sp. z o.o.", "Poland", 1, "small motors", ("Wroclaw", "Poland", 51.11, 17.04)),
    _s("micro_us", "Apex Drive Motors Inc.", "USA", 1, "small motors, wipers", ("Dayton", "USA", 39.76, -84.19), ("Ciudad Juarez", "Mexico", 31.69, -106.42)),
    _s("edrive_de", "Rheintal E-Drive GmbH", "Germany", 1, "traction motors", ("Mannheim", "Germany", 49.49, 8.47)),
    _s("edrive_kr", "Daesan Powertrain Co., Ltd.", "Korea", 1, "traction motors, DHT", ("Changwon", "Korea", 35.23, 128.68), ("Monterrey", "Mexico", 25.69, -100.32)),
    _s("edrive_cn", "Suzhou Huachuang E-Drive Co., Ltd.", "China", 1, "traction motors", ("Suzhou", "China", 31.30, 120.62)),
    _s("hybrid_jp", "Kanto Electric Drive Corp.", "Japan", 1, "hybrid transaxles", ("Kariya", "Japan", 34.99, 136.99), ("San Luis Potosi", "Mexico", 22.15, -100.98)),
    _s("eps_de", "Lenkwerk Aalen AG", "Germany", 1, "steering", ("Aalen", "Germany", 48.84, 10.09), ("Queretaro", "Mexico", 20.59, -100.39)),
    _s("eps_kr", "Hanbit Steering Systems Co.", "Korea", 1, "steering", ("Ulsan", "Korea", 35.54, 129.31), ("Zilina", "Slovakia", 49.22, 18.74)),
    _s("brakes", "Bremstechnik Fulda GmbH", "Germany", 1, "brakes", ("Fulda", "Germany", 50.55, 9.68), ("Apodaca", "Mexico", 25.78, -100.19)),
    _s("sens_ee", "Sensorica Tallinn AS", "Estonia", 1, "sensors", ("Tallinn", "Estonia", 59.44, 24.75)),
    _s("sens_cn", "Shenzhen Ruixin Sensor Technology Co.", "China", 1, "sensors", ("Shenzhen", "China", 22.54, 114.06)),
    _s("sens_jp", "Tokai Sensing Ltd.", "Japan", 1, "sensors", ("Nagoya", "Japan", 35.18, 136.91)),
    _s("audio_de", "Klangwerk Audio GmbH", "Germany", 1, "audio", ("Straubing", "Germany", 48.88, 12.57)),
    _s("audio_cn", "Dongguan Hexin Acoustics Co., Ltd.", "China", 1, "speakers", ("Dongguan", "China", 23.02, 113.75)),
    _s("audio_vn", "Saigon Acoustic Components JSC", "Vietnam", 1, "speakers", ("Binh Duong", "Vietnam", 11.17, 106.67)),
    _s("thermal", "Thermalis SAS", "France", 1, "thermal systems", ("Lyon", "France", 45.76, 4.84), ("Valladolid", "Spain", 41.65, -4.72)),
    _s("power_el", "Voltaris Power Electronics GmbH", "Germany", 1, "power electronics", ("Regensburg", "Germany", 49.01, 12.10), ("Guadalajara", "Mexico", 20.67, -103.35)),
    _s("ecu_vn", "Mekong Electronics JSC", "Vietnam", 1, "ECUs, displays", ("Hanoi", "Vietnam", 21.03, 105.85)),
    _s("lighting", "Lumora Lighting S.A.", "France", 1, "lighting", ("Angers", "France", 47.47, -0.55), ("Jihlava", "Czechia", 49.40, 15.59)),
    _s("radar_us", "Keystone Radar Systems Inc.", "USA", 1, "radar", ("Auburn Hills", "USA", 42.69, -83.23)),
    _s("camera_my", "Penang Optoelectronics Sdn. Bhd.", "Malaysia", 1, "cameras", ("Penang", "Malaysia", 5.41, 100.33)),
    _s("cells_kr", "Hanul Energy Solution Co.", "Korea", 1, "battery cells", ("Ochang", "Korea", 36.71, 127.49), ("Holland", "USA", 42.79, -86.11)),
    _s("cells_cn", "Fujian Qingyuan Battery Co., Ltd.", "China", 1, "battery cells", ("Fuzhou", "China", 26.07, 119.30), ("Debrecen", "Hungary", 47.53, 21.63)),
    _s("stamping", "Presswerk Salzgitter-Nord GmbH", "Germany", 1, "stampings", ("Salzgitter", "Germany", 52.15, 10.33)),
    _s("harness", "Cableados del Bajio S.A. de C.V.", "Mexico", 1, "wiring harnesses", ("Leon", "Mexico", 21.12, -101.68), ("Tangier", "Morocco", 35.76, -5.83)),
    _s("glass", "Sklarna Morava a.s.", "Czechia", 1, "glazing", ("Zlin", "Czechia", 49.22, 17.67)),
    _s("plastics", "Plastiform Poznan Sp. z o.o.", "Poland", 1, "plastics, cockpits", ("Poznan", "Poland", 52.41, 16.93), ("Saltillo", "Mexico", 25.43, -100.99)),
    _s("castings", "Ironridge Castings LLC", "USA", 1, "castings", ("Saginaw", "USA", 43.42, -83.95)),
    _s("chassis", "Allgaeu Fahrwerk GmbH", "Germany", 1, "axles, wheels", ("Kempten", "Germany", 47.73, 10.31), ("Puebla", "Mexico", 19.04, -98.21)),
    _s("gears", "Tatsumi Gear Works Co.", "Japan", 1, "gears, transmissions", ("Okazaki", "Japan", 34.95, 137.17)),
    _s("engine_el", "Zuendtechnik Bamberg GmbH", "Germany", 1, "engine electrics", ("Bamberg", "Germany", 49.89, 10.89), ("Celaya", "Mexico", 20.52, -100.81)),
    # tier 2: magnet makers, compound semiconductors, anode materials
    _s("mag_baotou", "Baotou Jinshan Magnetic Materials Co., Ltd.", "China", 2, "sintered NdFeB", ("Baotou", "China", 40.66, 109.84)),
    _s("mag_ningbo", "Ningbo Haitian Magnet Co., Ltd.", "China", 2, "sintered NdFeB", ("Ningbo", "China", 29.87, 121.54)),
    _s("mag_ganzhou", "Ganzhou Hengyuan Magnetics Co., Ltd.", "China", 2, "sintered NdFeB", ("Ganzhou", "China", 25.83, 114.93)),
    _s("mag_tianjin", "Tianjin Beichen Permanent Magnet Co.", "China", 2, "sintered NdFeB", ("Tianjin", "China", 39.13, 117.20)),
    _s("mag_jp", "Echigo Magnet Works KK", "Japan", 2, "sintered NdFeB", ("Niigata", "Japan", 37.92, 139.04), ("Hai Phong", "Vietnam", 20.84, 106.69)),
    _s("mag_ee", "Baltic Magnetics OU", "Estonia", 2, "sintered NdFeB", ("Johvi", "Estonia", 59.36, 27.41)),
    _s("mag_de", "Magnetwerk Siegen GmbH", "Germany", 2, "sintered NdFeB", ("Siegen", "Germany", 50.88, 8.02)),
    _s("mag_us", "Lone Star Magnetics LLC", "USA", 2, "sintered NdFeB", ("Abilene", "USA", 32.45, -99.73)),
    _s("mag_kr", "Daehan Magnet Co., Ltd.", "Korea", 2, "sintered NdFeB", ("Gumi", "Korea", 36.12, 128.34)),
    _s("chip_de", "Dresden Compound Semiconductor GmbH", "Germany", 2, "GaN devices", ("Dresden", "Germany", 51.05, 13.74)),
    _s("chip_tw", "Formosa Wide-Bandgap Corp.", "Taiwan", 2, "RF chips", ("Hsinchu", "Taiwan", 24.80, 120.97)),
    _s("anode_cn", "Shandong Tianhe Anode Materials Co.", "China", 2, "artificial graphite anode", ("Qingdao", "China", 36.07, 120.38)),
    _s("anode_kr", "Gwangyang Anode Materials Co.", "Korea", 2, "spherical graphite", ("Gwangyang", "Korea", 34.94, 127.70)),
    # tier 3: separators and metal makers
    _s("sep_baiyun", "Baiyun Rare Earth Separation Co., Ltd.", "China", 3, "separation, metal", ("Baotou", "China", 40.60, 110.00)),
    _s("sep_ganlong", "Jiangxi Ganlong Rare Earth Smelting Co.", "China", 3, "heavy RE separation, metal", ("Ganzhou", "China", 25.85, 114.95)),
    _s("met_leshan", "Sichuan Leshan Rare Earth Metals Co.", "China", 3, "RE metals", ("Leshan", "China", 29.55, 103.77)),
    _s("sep_pahang", "Pahang Rare Earth Processing Sdn. Bhd.", "Malaysia", 3, "separation", ("Kuantan", "Malaysia", 3.82, 103.33)),
    _s("sep_virumaa", "Virumaa Separation Works AS", "Estonia", 3, "separation", ("Sillamae", "Estonia", 59.40, 27.76)),
    _s("sep_atl", "Atlantique Terres Rares SAS", "France", 3, "separation", ("Saint-Nazaire", "France", 47.27, -2.21)),
    _s("met_kyushu", "Kitakyushu Rare Metals KK", "Japan", 3, "RE metals", ("Kitakyushu", "Japan", 33.88, 130.88)),
    _s("met_vn", "Vietnam Rare Earth Metals JSC", "Vietnam", 3, "RE metals", ("Lao Cai", "Vietnam", 22.49, 103.97)),
    _s("ga_cn", "Shanxi Gallium Recovery Co., Ltd.", "China", 3, "gallium", ("Taiyuan", "China", 37.87, 112.55)),
    _s("ga_de", "Stolberg Gallium GmbH", "Germany", 3, "gallium", ("Stolberg", "Germany", 50.77, 6.23)),
    _s("ge_cn", "Yunnan Lincang Germanium Co.", "China", 3, "germanium", ("Lincang", "China", 23.88, 100.09)),
    _s("ge_be", "Ardennes Germanium S.A.", "Belgium", 3, "germanium", ("Liege", "Belgium", 50.63, 5.57)),
    # tier 4: mines
    _s("mine_im", "Inner Mongolia Steppe Mining Co.", "China", 4, "RE mine", ("Bayan Obo", "China", 41.78, 109.97)),
    _s("mine_longnan", "Longnan Ionic Clay Mining Co.", "China", 4, "ionic clay mine", ("Longnan", "China", 24.91, 114.79)),
    _s("mine_kachin", "Kachin Highlands Minerals Ltd.", "Myanmar", 4, "ionic clay mine", ("Chipwi", "Myanmar", 25.87, 98.13)),
    _s("mine_au", "Yilgarn Rare Earths Ltd.", "Australia", 4, "RE mine", ("Laverton", "Australia", -28.63, 122.40)),
    _s("mine_us", "Mojave Ridge Minerals Inc.", "USA", 4, "RE mine", ("Mountain Springs", "USA", 35.48, -115.53)),
    _s("mine_br", "Goias Terras Raras S.A.", "Brazil", 4, "ionic clay mine", ("Minacu", "Brazil", -13.53, -48.22)),
    _s("gr_cn", "Heilongjiang Jixi Graphite Mining Co.", "China", 4, "graphite mine", ("Jixi", "China", 45.30, 130.97)),
    _s("gr_mz", "Cabo Delgado Graphite Lda.", "Mozambique", 4, "graphite mine", ("Balama", "Mozambique", -13.35, 38.57)),
)  # fmt: skip

NM, DY, TB = ("NdPr", "metal"), ("Dy", "metal"), ("Tb", "metal")
NO, DO, TO, REO = ("NdPr", "oxide"), ("Dy", "oxide"), ("Tb", "oxide"), ("REO", "ore")
GA, GE = ("Ga", "metal"), ("Ge", "metal")
GR, GA_ANODE = ("graphite", "commodity"), ("graphite-anode", "commodity")

# Where each supplier buys its inputs: "magnet" (magnet sets) or a material item.
INPUTS: dict[str, dict[str | Item, Sources]] = {
    "micro_jp": {"magnet": (("mag_jp", 0.6), ("mag_ningbo", 0.4))},
    "micro_cn": {"magnet": (("mag_ningbo", 1.0),)},
    "micro_pl": {"magnet": (("mag_ee", 0.5), ("mag_ganzhou", 0.5))},
    "micro_us": {"magnet": (("mag_us", 0.6), ("mag_tianjin", 0.4))},
    "edrive_de": {"magnet": (("mag_baotou", 1.0),)},  # single-sourced Chinese: the weak spot
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


@dataclass(frozen=True)
class Family:
    """A kind of part; P-scope families get one part number per program."""

    key: str
    desc: str
    category: str
    group: int  # function group, part of the part number
    makers: Sources = ()  # () = assembled in-house, no supply node of its own
    scope: str = "C"
    uom: str = "pc"
    magnet: tuple[str, float] | None = None  # (grade, kg NdFeB per unit)
    materials: tuple[tuple[Item, float], ...] = ()  # direct content, kg per unit
    chips: tuple[tuple[str, float], ...] = ()  # (chip family, pieces per unit)
    price: float = 0.0  # EUR per unit, indicative
    number: str | None = None  # fixed part number (odd formats the sample workbooks show)


def _f(
    key: str, desc: str, category: str, group: int, makers: Sources = (), **kw: object
) -> Family:
    return Family(key, desc, category, group, makers, **kw)  # type: ignore[arg-type]


# Magnet masses: traction motors 1-2 kg (thevoltbridge; 1.2 kg per 100 kW, mainrich), EV/hybrid
# motors 1.3-2 kg (Neo Narva); EPS up to 0.2 kg (pmarketresearch); small comfort motors a few to
# tens of grams (~0.1 kg NdFeB across all small parts of a conventional car, beikemagnets).
FAMILIES = (
    # body, glazing, harness
    _f("body_in_white", "Body-in-white", "body", 100, scope="P"),
    _f("roof_panel", "Roof panel, outer", "body", 110, (("stamping", 1.0),), scope="P", price=58),
    _f("side_panel_lh", "Body side panel LH", "body", 111, (("stamping", 1.0),), scope="P", price=142),
    _f("side_panel_rh", "Body side panel RH", "body", 112, (("stamping", 1.0),), scope="P", price=142),
    _f("clip_trim", "Clip, trim panel", "fastener", 190, (("plastics", 1.0),), price=0.04, number="1E5"),
    _f("adhesive", "Structural adhesive 1K epoxy", "consumable", 191, (("plastics", 1.0),), uom="kg", price=14, number="0009891205"),
    _f("windscreen", "Windscreen, acoustic laminated", "glazing", 150, (("glass", 1.0),), scope="P", price=185),
    _f("main_harness", "Wiring harness, main", "electrical", 540, (("harness", 1.0),), scope="P", price=610),
    _f("conn_16pin", "Connector housing 16-pin, sealed", "electrical", 541, (("harness", 1.0),), price=0.85, number="4065710082351927"),
    # chassis, brakes, steering
    _f("front_axle", "Front axle module", "chassis", 200, (("chassis", 1.0),), scope="P", price=820),
    _f("rear_axle", "Rear axle module", "chassis", 201, (("chassis", 1.0),), scope="P", price=760),
    _f("wheel", "Wheel, alloy 18x7.5J", "chassis", 202, (("chassis", 1.0),), price=95),
    _f("brake_system", "Brake system", "chassis", 210, scope="P"),
    _f("esc_unit", "ESC hydraulic unit with pump motor", "brakes", 211, (("brakes", 1.0),), magnet=("42SH", 0.045), price=165),
    _f("e_booster", "Electromechanical brake booster", "brakes", 212, (("brakes", 1.0),), magnet=("42SH", 0.09), price=240),
    _f("caliper", "Brake caliper", "brakes", 213, (("brakes", 1.0),), price=48),
    _f("wheel_speed_sensor", "Wheel speed sensor, active", "sensor", 214, (("sens_ee", 0.5), ("sens_cn", 0.5)), magnet=("40H", 0.002), price=7.5),
    _f("eps_rack", "Electric power steering rack", "steering", 460, (("eps_de", 1.0),), scope="P", price=420),
    _f("eps_motor", "EPS motor, brushless", "motor", 461, (("eps_de", 1.0),), magnet=("42SH", 0.16), price=95),
    _f("torque_sensor", "Steering torque sensor", "sensor", 462, (("sens_jp", 1.0),), magnet=("40H", 0.004), price=18),
    # seats and doors
    _f("front_seat_lh", "Front seat assembly, driver", "seats", 880, (("seats_de", 1.0),), scope="P", price=780),
    _f("front_seat_rh", "Front seat assembly, passenger", "seats", 881, (("seats_de", 1.0),), scope="P", price=740),
    _f("rear_seat", "Rear seat bench", "seats", 882, (("seats_de", 1.0),), scope="P", price=390),
    _f("seat_motor_slide", "Seat motor, fore/aft", "motor", 883, (("micro_jp", 0.6), ("micro_cn", 0.4)), magnet=("40H", 0.03), price=14),
    _f("seat_motor_height", "Seat motor, height", "motor", 884, (("micro_jp", 0.6), ("micro_cn", 0.4)), magnet=("40H", 0.03), price=14),
    _f("seat_motor_recline", "Seat motor, recline", "motor", 885, (("micro_jp", 1.0),), magnet=("40H", 0.035), price=16),
    _f("seat_motor_lumbar", "Seat motor, lumbar pump", "motor", 886, (("micro_pl", 1.0),), magnet=("40H", 0.012), price=11),
    _f("seat_fan", "Seat ventilation fan", "motor", 887, (("micro_pl", 1.0),), magnet=("40H", 0.008), price=9),
    _f("door_front_lh", "Front door assembly LH", "doors", 720, scope="P"),
    _f("door_front_rh", "Front door assembly RH", "doors", 721, scope="P"),
    _f("door_rear_lh", "Rear door assembly LH", "doors", 722, scope="P"),
    _f("door_rear_rh", "Rear door assembly RH", "doors", 723, scope="P"),
    _f("regulator_front", "Window regulator, front", "doors", 724, (("doors", 1.0),), price=38),
    _f("regulator_rear", "Window regulator, rear", "doors", 725, (("doors", 1.0),), price=34),
    _f("window_motor", "Window lifter motor", "motor", 726, (("micro_jp", 0.5), ("micro_pl", 0.5)), magnet=("40H", 0.03), price=13),
    _f("mirror", "Exterior mirror, power fold", "doors", 727, (("doors", 1.0),), price=88),
    _f("mirror_motor", "Mirror adjust motor", "motor", 728, (("micro_cn", 1.0),), magnet=("40H", 0.005), price=4.2),
    _f("door_latch", "Door latch with actuator", "doors", 729, (("doors", 1.0),), price=21),
    # audio, thermal, HVAC, wipers
    _f("audio_system", "Audio system", "audio", 820, scope="P"),
    _f("amplifier", "Audio amplifier 12-channel", "audio", 821, (("audio_de", 1.0),), price=120),
    _f("tweeter", "Speaker, tweeter 25 mm", "speaker", 822, (("audio_cn", 0.6), ("audio_vn", 0.4)), magnet=("N42", 0.008), price=4.5),
    _f("midrange", "Speaker, midrange 100 mm", "speaker", 823, (("audio_cn", 0.6), ("audio_vn", 0.4)), magnet=("N42", 0.02), price=8.0),
    _f("woofer", "Speaker, woofer 165 mm", "speaker", 824, (("audio_de", 1.0),), magnet=("N42", 0.035), price=14),
    _f("subwoofer", "Subwoofer 200 mm", "speaker", 825, (("audio_de", 1.0),), magnet=("N42", 0.06), price=38),
    _f("thermal_module", "Thermal management module", "thermal", 830, scope="P"),
    _f("e_compressor", "Electric A/C compressor 800 V", "thermal", 831, (("thermal", 1.0),), magnet=("42SH", 0.25), price=520),
    _f("water_pump", "Electric coolant pump", "motor", 832, (("thermal", 1.0),), magnet=("42SH", 0.03), price=42),
    _f("radiator_fan", "Radiator fan, brushless", "motor", 833, (("thermal", 1.0),), magnet=("42SH", 0.06), price=70),
    _f("coolant_valve", "Coolant valve actuator", "motor", 834, (("micro_pl", 1.0),), magnet=("40H", 0.004), price=9),
    _f("coolant", "Coolant G13", "consumable", 835, (("thermal", 1.0),), uom="l", price=3.1, number="0008392100"),
    _f("hvac_unit", "HVAC unit", "thermal", 836, (("thermal", 1.0),), scope="P", price=310),
    _f("blower_motor", "HVAC blower motor", "motor", 837, (("micro_jp", 1.0),), magnet=("40H", 0.02), price=24),
    _f("flap_actuator", "HVAC flap actuator", "motor", 838, (("micro_cn", 1.0),), magnet=("40H", 0.002), price=3.8),
    _f("wiper_system", "Windscreen wiper system", "wipers", 850, (("micro_us", 1.0),), scope="P", price=96),
    _f("wiper_motor", "Wiper motor", "motor", 851, (("micro_us", 1.0),), magnet=("40H", 0.05), price=32),
    # lighting, ADAS, interior electronics
    _f("headlamp_lh", "LED headlamp LH", "lighting", 600, (("lighting", 1.0),), scope="P", materials=((GA, 0.0003),), price=290),
    _f("headlamp_rh", "LED headlamp RH", "lighting", 601, (("lighting", 1.0),), scope="P", materials=((GA, 0.0003),), price=290),
    _f("tail_lamp", "LED tail lamp", "lighting", 602, (("lighting", 1.0),), scope="P", materials=((GA, 0.0001),), price=85),
    _f("adas_set", "ADAS sensor set", "ADAS", 900, scope="P"),
    _f("front_radar", "Front radar 77 GHz", "ADAS", 901, (("radar_us", 1.0),), chips=(("rf_mmic", 2),), price=110),
    _f("corner_radar", "Corner radar 77 GHz", "ADAS", 902, (("radar_us", 1.0),), chips=(("rf_mmic", 1),), price=62),
    _f("front_camera", "Front camera, 8 MP", "ADAS", 903, (("camera_my", 1.0),), materials=((GA, 0.00002),), price=95),
    _f("thermal_camera", "Night-vision thermal camera", "ADAS", 904, (("camera_my", 1.0),), materials=((GE, 0.015),), price=640),
    _f("ultrasonic", "Ultrasonic park sensor", "sensor", 905, (("sens_cn", 1.0),), price=6.5),
    _f("instrument_panel", "Instrument panel carrier", "interior", 950, (("plastics", 1.0),), scope="P", price=230),
    _f("cluster_display", "Instrument cluster display 12.3 in", "electronics", 951, (("ecu_vn", 1.0),), materials=((GA, 0.00005),), price=180),
    _f("central_display", "Central display 14.5 in", "electronics", 952, (("ecu_vn", 1.0),), materials=((GA, 0.00006),), price=260),
    _f("bumper_front", "Bumper fascia, front", "exterior", 160, (("plastics", 1.0),), scope="P", price=120),
    _f("bumper_rear", "Bumper fascia, rear", "exterior", 161, (("plastics", 1.0),), scope="P", price=105),
    _f("body_ecu", "Body control module", "electronics", 542, (("ecu_vn", 1.0),), price=75),
    # electric drive, battery, power electronics
    _f("edu_front", "Electric drive unit, front", "e-drive", 330, scope="P"),
    _f("edu_rear", "Electric drive unit, rear", "e-drive", 331, scope="P"),
    _f("tm_aurora_front", "Traction motor TM-150, PMSM", "traction motor", 332, (("edrive_de", 1.0),), magnet=("48UH", 1.3), price=690),
    _f("tm_aurora_rear", "Traction motor TM-210, PMSM", "traction motor", 333, (("edrive_de", 1.0),), magnet=("48UH", 1.8), price=860),
    _f("tm_sierra", "Traction motor DS-230, PMSM", "traction motor", 334, (("edrive_kr", 1.0),), magnet=("45SH-GBD", 2.0), price=910),
    _f("tm_mira_e", "Traction motor HC-110, PMSM", "traction motor", 335, (("edrive_cn", 1.0),), magnet=("45SH-GBD", 1.2), price=520),
    _f("inverter", "Traction inverter, SiC", "power electronics", 336, (("power_el", 1.0),), price=480),
    _f("reducer", "Reduction gearbox", "e-drive", 337, (("gears", 1.0),), scope="P", price=310),
    _f("oil_pump", "E-drive oil pump", "motor", 338, (("thermal", 1.0),), magnet=("42SH", 0.02), price=38),
    _f("hv_battery", "HV battery pack", "battery", 350, scope="P"),
    _f("cell_module", "Cell module", "battery", 351, scope="P"),
    _f("cell_aurora", "Prismatic cell 0.95 kWh", "battery cell", 352, (("cells_kr", 1.0),), materials=((GA_ANODE, 0.62), (GR, 0.33)), price=88),
    _f("cell_sierra", "Prismatic cell 1.10 kWh", "battery cell", 353, (("cells_kr", 1.0),), materials=((GA_ANODE, 0.72), (GR, 0.38)), price=98),
    _f("cell_mira_e", "LFP prismatic cell 0.60 kWh", "battery cell", 354, (("cells_cn", 1.0),), materials=((GA_ANODE, 0.45), (GR, 0.20)), price=41),
    _f("cell_phev", "Pouch cell 0.30 kWh", "battery cell", 355, (("cells_kr", 1.0),), materials=((GA_ANODE, 0.21), (GR, 0.10)), price=31),
    _f("cell_hev", "Hybrid cell 0.05 kWh", "battery cell", 356, (("cells_cn", 1.0),), materials=((GA_ANODE, 0.05),), price=9),
    _f("bms", "Battery management controller", "power electronics", 357, (("power_el", 1.0),), price=140),
    _f("pack_housing", "Battery housing, cast aluminium", "battery", 358, (("castings", 1.0),), scope="P", price=260),
    _f("power_electronics", "Charging and DC/DC module", "power electronics", 360, scope="P"),
    _f("obc", "On-board charger 11 kW, GaN", "power electronics", 361, (("power_el", 1.0),), chips=(("gan_fet", 12),), price=390),
    _f("dcdc", "DC/DC converter 3.5 kW, GaN", "power electronics", 362, (("power_el", 1.0),), chips=(("gan_fet", 4),), price=160),
    _f("gan_fet", "GaN power transistor 650 V", "semiconductor", 363, (("chip_de", 1.0),), materials=((GA, 0.00001),), price=4.8),
    _f("rf_mmic", "77 GHz radar MMIC, SiGe/GaAs", "semiconductor", 906, (("chip_tw", 1.0),), materials=((GA, 0.00004), (GE, 0.00002)), price=9.5),
    # hybrids and combustion engines
    _f("phev_dht", "Dedicated hybrid transmission", "e-drive", 340, (("edrive_kr", 1.0),), scope="P", price=1650),
    _f("tm_vela", "Hybrid traction motor DS-80", "traction motor", 341, (("edrive_kr", 1.0),), magnet=("45SH-GBD", 1.4), price=560),
    _f("hybrid_transaxle", "Hybrid transaxle", "e-drive", 342, (("hybrid_jp", 1.0),), scope="P", price=1480),
    _f("mg1", "Motor-generator MG1", "traction motor", 343, (("hybrid_jp", 1.0),), magnet=("45SH-GBD", 1.0), price=310),
    _f("mg2", "Motor-generator MG2", "traction motor", 344, (("hybrid_jp", 1.0),), magnet=("45SH-GBD", 1.3), price=470),
    _f("engine", "Engine assembly", "engine", 300, scope="P"),
    _f("cylinder_block", "Cylinder block, machined", "engine", 301, (("castings", 1.0),), scope="P", price=340),
    _f("starter", "Starter motor", "engine electrics", 302, (("engine_el", 1.0),), price=85),
    _f("alternator", "Alternator 180 A", "engine electrics", 303, (("engine_el", 1.0),), price=120),
    _f("fuel_pump", "Fuel pump module, brushless", "motor", 304, (("engine_el", 1.0),), magnet=("40H", 0.012), price=64),
    _f("throttle_body", "Electronic throttle body", "motor", 305, (("engine_el", 1.0),), magnet=("40H", 0.006), price=58),
    _f("turbo_actuator", "Turbocharger wastegate actuator", "motor", 306, (("engine_el", 1.0),), magnet=("40H", 0.01), price=72),
    _f("injector", "Fuel injector", "engine electrics", 307, (("engine_el", 1.0),), price=26),
    _f("ignition_coil", "Ignition coil", "engine electrics", 308, (("engine_el", 1.0),), price=19),
    _f("cam_sensor", "Camshaft position sensor", "sensor", 309, (("sens_jp", 0.5), ("sens_ee", 0.5)), magnet=("40H", 0.002), price=8.5),
    _f("transmission", "Automatic transmission 8-speed", "transmission", 320, (("gears", 1.0),), scope="P", price=1250),
    _f("shift_actuator", "Transmission shift actuator", "motor", 321, (("micro_jp", 1.0),), magnet=("40H", 0.015), price=34),
)  # fmt: skip
FAMILY = {f.key: f for f in FAMILIES}

Tree = tuple[tuple[str, float, "Tree"], ...]  # (family key, quantity per parent, children)


def _t(*nodes: tuple[Any, ...]) -> Tree:
    return tuple((n[0], n[1], n[2] if len(n) > 2 else ()) for n in nodes)


SEATS_FULL = _t(
    ("seat_motor_slide", 1),
    ("seat_motor_height", 1),
    ("seat_motor_recline", 1),
    ("seat_motor_lumbar", 1),
    ("seat_fan", 2),
)
SEATS_BASE = _t(("seat_motor_slide", 1), ("seat_motor_height", 1))
DOOR_FRONT = _t(
    ("regulator_front", 1, _t(("window_motor", 1))),
    ("mirror", 1, _t(("mirror_motor", 2))),
    ("door_latch", 1),
    ("clip_trim", 12),
)
DOOR_REAR = _t(("regulator_rear", 1, _t(("window_motor", 1))), ("door_latch", 1), ("clip_trim", 8))
MODULES: dict[str, Tree] = {
    "body": _t(("body_in_white", 1, _t(("roof_panel", 1), ("side_panel_lh", 1), ("side_panel_rh", 1), ("clip_trim", 24), ("adhesive", 1.5))), ("windscreen", 1), ("main_harness", 1, _t(("conn_16pin", 6)))),
    "chassis": _t(("front_axle", 1), ("rear_axle", 1), ("wheel", 4)),
    "brakes": _t(("brake_system", 1, _t(("esc_unit", 1), ("wheel_speed_sensor", 4), ("caliper", 4)))),
    "brakes_e": _t(("brake_system", 1, _t(("esc_unit", 1), ("e_booster", 1), ("wheel_speed_sensor", 4), ("caliper", 4)))),
    "steering": _t(("eps_rack", 1, _t(("eps_motor", 1), ("torque_sensor", 1)))),
    "seats_full": _t(("front_seat_lh", 1, SEATS_FULL), ("front_seat_rh", 1, SEATS_FULL), ("rear_seat", 1)),
    "seats_base": _t(("front_seat_lh", 1, SEATS_BASE), ("front_seat_rh", 1, SEATS_BASE[:1]), ("rear_seat", 1)),
    "doors": _t(("door_front_lh", 1, DOOR_FRONT), ("door_front_rh", 1, DOOR_FRONT), ("door_rear_lh", 1, DOOR_REAR), ("door_rear_rh", 1, DOOR_REAR)),
    "audio_premium": _t(("audio_system", 1, _t(("amplifier", 1), ("tweeter", 6), ("midrange", 6), ("woofer", 2), ("subwoofer", 1)))),
    "audio_base": _t(("audio_system", 1, _t(("tweeter", 2), ("midrange", 4)))),
    "thermal_ev": _t(("thermal_module", 1, _t(("e_compressor", 1), ("water_pump", 2), ("radiator_fan", 1), ("coolant_valve", 3), ("coolant", 8.5)))),
    "thermal_ice": _t(("thermal_module", 1, _t(("water_pump", 1), ("radiator_fan", 1), ("coolant", 7.0)))),
    "hvac": _t(("hvac_unit", 1, _t(("blower_motor", 1), ("flap_actuator", 4)))),
    "wipers": _t(("wiper_system", 1, _t(("wiper_motor", 1)))),
    "lighting": _t(("headlamp_lh", 1), ("headlamp_rh", 1), ("tail_lamp", 2)),
    "adas_premium": _t(("adas_set", 1, _t(("front_radar", 1), ("corner_radar", 4), ("front_camera", 1), ("thermal_camera", 1), ("ultrasonic", 12)))),
    "adas_base": _t(("adas_set", 1, _t(("front_radar", 1), ("front_camera", 1), ("ultrasonic", 8)))),
    "interior": _t(("instrument_panel", 1, _t(("cluster_display", 1), ("central_display", 1))), ("bumper_front", 1), ("bumper_rear", 1), ("body_ecu", 1)),
    "edu_aurora": _t(("edu_front", 1, _t(("tm_aurora_front", 1), ("inverter", 1), ("reducer", 1))), ("edu_rear", 1, _t(("tm_aurora_rear", 1), ("inverter", 1), ("reducer", 1), ("oil_pump", 1)))),
    "edu_sierra": _t(("edu_rear", 1, _t(("tm_sierra", 1), ("inverter", 1), ("reducer", 1), ("oil_pump", 1)))),
    "edu_mira_e": _t(("edu_rear", 1, _t(("tm_mira_e", 1), ("inverter", 1), ("reducer", 1)))),
    "battery_aurora": _t(("hv_battery", 1, _t(("cell_module", 8, _t(("cell_aurora", 12))), ("bms", 1), ("pack_housing", 1)))),
    "battery_sierra": _t(("hv_battery", 1, _t(("cell_module", 8, _t(("cell_sierra", 12))), ("bms", 1), ("pack_housing", 1)))),
    "battery_mira_e": _t(("hv_battery", 1, _t(("cell_module", 6, _t(("cell_mira_e", 16))), ("bms", 1), ("pack_housing", 1)))),
    "battery_phev": _t(("hv_battery", 1, _t(("cell_module", 4, _t(("cell_phev", 24))), ("bms", 1), ("pack_housing", 1)))),
    "battery_hev": _t(("hv_battery", 1, _t(("cell_module", 2, _t(("cell_hev", 30))), ("bms", 1)))),
    "charging": _t(("power_electronics", 1, _t(("obc", 1), ("dcdc", 1)))),
    "dht": _t(("phev_dht", 1, _t(("tm_vela", 1)))),
    "transaxle": _t(("hybrid_transaxle", 1, _t(("mg1", 1), ("mg2", 1)))),
    "engine": _t(("engine", 1, _t(("cylinder_block", 1), ("starter", 1), ("alternator", 1), ("fuel_pump", 1), ("throttle_body", 1), ("turbo_actuator", 1), ("injector", 4), ("ignition_coil", 4), ("cam_sensor", 2)))),
    "transmission": _t(("transmission", 1, _t(("shift_actuator", 1)))),
}  # fmt: skip
COMMON = ("body", "chassis", "steering", "doors", "hvac", "wipers", "lighting", "interior")


@dataclass(frozen=True)
class LineSpec:
    key: str
    name: str
    plant: str
    program: str
    code: str  # three digits that open the program's part numbers
    powertrain: Powertrain
    rate: float  # vehicles per working day
    margin: float  # EUR per vehicle
    modules: tuple[str, ...]
    overrides: dict[str, Sources] = field(default_factory=dict)  # family -> makers
    tight: frozenset[str] = frozenset()  # families whose chain holds only days of stock
    safe: bool = False  # every node serving this line holds weeks of stock
    revisions: int = 1
    description: str = ""


def _mods(*extra: str) -> tuple[str, ...]:
    return COMMON + extra


LINES = (
    LineSpec("aurora", "B1 Aurora", "bremen", "Aurora EV", "213", Powertrain.BEV, 420, 4800,
             _mods("edu_aurora", "battery_aurora", "charging", "thermal_ev", "brakes_e", "seats_full", "audio_premium", "adas_premium"),
             tight=frozenset({"tm_aurora_front", "tm_aurora_rear"}), revisions=2,
             description="Premium dual-motor BEV SUV, 77 kWh"),
    LineSpec("vela", "B2 Vela", "bremen", "Vela PHEV", "247", Powertrain.PHEV, 560, 3400,
             _mods("dht", "engine", "battery_phev", "charging", "thermal_ice", "brakes_e", "seats_full", "audio_base", "adas_base"),
             overrides={"seat_motor_slide": (("micro_cn", 1.0),), "seat_motor_height": (("micro_cn", 1.0),)},
             description="Plug-in hybrid estate, 29 kWh"),
    LineSpec("kestrel", "B3 Kestrel", "bremen", "Kestrel", "118", Powertrain.ICE, 880, 2200,
             _mods("engine", "transmission", "thermal_ice", "brakes", "seats_base", "audio_base", "adas_base"),
             revisions=2, description="Compact hatchback, 1.5 l turbo petrol"),
    LineSpec("sierra_ev", "S1 Sierra EV", "saltillo", "Sierra EV", "296", Powertrain.BEV, 360, 5900,
             _mods("edu_sierra", "battery_sierra", "charging", "thermal_ev", "brakes_e", "seats_full", "audio_premium", "adas_premium"),
             overrides={"front_seat_lh": (("seats_mx", 1.0),), "front_seat_rh": (("seats_mx", 1.0),), "rear_seat": (("seats_mx", 1.0),)},
             description="Electric pickup, rear motor, 105 kWh"),
    LineSpec("sierra_hev", "S2 Sierra Hybrid", "saltillo", "Sierra Hybrid", "297", Powertrain.HEV, 760, 2700,
             _mods("transaxle", "engine", "battery_hev", "thermal_ice", "brakes_e", "seats_base", "audio_base", "adas_base"),
             overrides={"front_seat_lh": (("seats_mx", 1.0),), "front_seat_rh": (("seats_mx", 1.0),), "rear_seat": (("seats_mx", 1.0),), "eps_rack": (("eps_de", 0.6), ("eps_kr", 0.4))},
             description="Full-hybrid pickup"),
    LineSpec("mira", "O1 Mira", "ostrava", "Mira", "177", Powertrain.ICE, 1150, 1550,
             _mods("engine", "transmission", "thermal_ice", "brakes", "seats_base", "audio_base", "adas_base"),
             overrides={"eps_rack": (("eps_kr", 0.6), ("eps_de", 0.4)), "eps_motor": (("eps_kr", 1.0),), "seat_motor_slide": (("micro_jp", 0.5), ("micro_pl", 0.5)), "seat_motor_height": (("micro_jp", 0.5), ("micro_pl", 0.5)), "mirror_motor": (("micro_pl", 0.5), ("micro_jp", 0.5))},
             safe=True, description="Compact crossover, 1.0 l turbo petrol"),
    LineSpec("mira_e", "O2 Mira e", "ostrava", "Mira e", "178", Powertrain.BEV, 480, 2600,
             _mods("edu_mira_e", "battery_mira_e", "charging", "thermal_ev", "brakes_e", "seats_base", "audio_base", "adas_base"),
             description="Compact electric crossover, LFP 58 kWh"),
)  # fmt: skip
SAMPLE_LINE = "aurora"


@dataclass(frozen=True)
class AlternativeSpec:
    name: str
    kind: SourceKind
    supplier: str | None
    family: str  # the part (or, with magnet=True, the magnet set of that part) it replaces
    magnet: bool
    product: str
    capacity_per_day: float | None
    qualification_days: float
    ramp_days: float
    cost_premium_pct: float
    china_share: float
    status: SourceStatus
    timing: str
    city: str | None = None  # the supplier site offering it (default: its first site)


ALTERNATIVES = (
    AlternativeSpec("Baltic Magnetics: GBD rotor magnets for TM-210", SourceKind.SUPPLIER, "mag_ee", "tm_aurora_rear", True, "Sintered NdFeB 45SH-GBD rotor magnet set", 300, 120, 60, 18, 0.25, SourceStatus.IN_QUALIFICATION, "PPAP samples approved; run-at-rate trial planned"),
    AlternativeSpec("Magnetwerk Siegen: rotor magnets for TM-150", SourceKind.SUPPLIER, "mag_de", "tm_aurora_front", True, "Sintered NdFeB 48UH rotor magnet set", 250, 150, 90, 24, 0.45, SourceStatus.CANDIDATE, "Quotation received; Dy still bought from China"),
    AlternativeSpec("Heavy-rare-earth-free rotor for TM-210", SourceKind.DESIGN, "edrive_de", "tm_aurora_rear", False, "Fine-grain HRE-free NdFeB grade with improved rotor cooling", None, 270, 60, 6, 0.6, SourceStatus.CANDIDATE, "Needs motor re-validation and type approval update"),
    AlternativeSpec("Lone Star Magnetics: EPS motor magnets", SourceKind.SUPPLIER, "mag_us", "eps_motor", True, "Sintered NdFeB 42SH arc segments", 1500, 90, 45, 15, 0.1, SourceStatus.QUALIFIED, "Qualified for a sister program; capacity free from Q3"),
    AlternativeSpec("Hoshino Micro Motor (Penang): seat adjuster motors", SourceKind.SUPPLIER, "micro_jp", "seat_motor_slide", False, "Seat motor, fore/aft (drop-in)", 4000, 60, 30, 7, 0.4, SourceStatus.CANDIDATE, "Same drawing already supplied to Bremen B1", "Penang"),
    AlternativeSpec("Ferrite seat-height motor", SourceKind.DESIGN, None, "seat_motor_height", False, "Ferrite-magnet seat motor, 40 g heavier", None, 180, 30, 3, 0.0, SourceStatus.CANDIDATE, "Seat maker to confirm package space"),
)  # fmt: skip
