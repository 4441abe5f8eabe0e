"""Master data of the demo company: suppliers, sites and parts as rows with plan ids.

Pure Python; the caller's seeded RNG draws the part numbers, so the call order is part of the
output and must not change for a given seed.
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any, NamedTuple

from rePlanner.domain.enums import Origin
from rePlanner.services import demo_catalog as cat
from rePlanner.services.demo_catalog import GRADES, Item
from rePlanner.services.demo_products import FAMILY, Family, LineSpec

DEMO = Origin.DEMO
Row = dict[str, Any]
Tables = dict[str, list[Row]]
OWN = "nordwerk"  # supplier key of our own plants


class SiteInfo(NamedTuple):
    supplier: str  # supplier key
    country: str
    position: tuple[float, float]  # latitude, longitude


def add_row(tables: Tables, table: str, **row: Any) -> int:
    """Append a row with the next plan id of its table and return that id."""
    rows = tables[table]
    row = {"id": len(rows) + 1, **row}
    rows.append(row)
    return int(row["id"])


class MasterData:
    """Suppliers, sites and parts, plus the lookups the network builder needs."""

    def __init__(self, tables: Tables, rng: random.Random) -> None:
        self.tables, self.rng = tables, rng
        self.supplier_ids: dict[str, int] = {}
        self.tiers: dict[str, int] = {}
        self.sites: dict[int, SiteInfo] = {}
        self.sites_of: dict[str, list[int]] = defaultdict(list)
        self.part_ids: dict[tuple[str, str | None], int] = {}  # (family, program code) -> id
        self.numbers: set[str] = set()
        self.part_price: dict[int, float] = {}
        self.content: dict[int, list[tuple[Item, float]]] = {}  # kg of material per unit

    # --- companies ------------------------------------------------------------------------

    def add_companies(self) -> None:
        self._supplier(OWN, cat.COMPANY, "Germany", 0, "Our own plants (fictional demo)")
        for p in cat.PLANTS:
            self._site(OWN, f"Plant {p.city}", p.city, p.country, p.lat, p.lon)
        for s in cat.SUPPLIERS:
            self._supplier(s.key, s.name, s.country, s.tier, f"Fictional demo supplier: {s.role}")
            for city, country, lat, lon in s.sites:
                self._site(s.key, city, city, country, lat, lon)

    def plant_site(self, plant_key: str) -> int:
        """Our site id of a catalogue plant (plants are added in catalogue order)."""
        return self.sites_of[OWN][[p.key for p in cat.PLANTS].index(plant_key)]

    def _supplier(self, key: str, name: str, country: str, tier: int, notes: str) -> None:
        sid = add_row(self.tables, "suppliers", name=name, country=country,
                      region=cat.REGION[country], tier=tier, is_internal=tier == 0, notes=notes,
                      origin=DEMO)  # fmt: skip
        self.supplier_ids[key], self.tiers[key] = sid, tier

    def _site(self, key: str, name: str, city: str, country: str, lat: float, lon: float) -> None:
        sid = add_row(self.tables, "sites", supplier_id=self.supplier_ids[key], name=name,
                      country=country, city=city, region=cat.REGION[country], latitude=lat,
                      longitude=lon, origin=DEMO)  # fmt: skip
        self.sites[sid] = SiteInfo(key, country, (lat, lon))
        self.sites_of[key].append(sid)

    # --- parts ----------------------------------------------------------------------------

    def part(self, f: Family, line: LineSpec | None) -> int:
        """The part of family `f`; program-scoped ("P") families get one part per program."""
        code = line.code if line is not None and f.scope == "P" else None
        key = (f.key, code)
        if key not in self.part_ids:
            number = f.number or self._number(code or "000", f.group)
            desc = f"{f.desc}, {line.program}" if code and line else f.desc
            pid = self._new_part(number, desc, f.category, f.uom)
            self.part_price[pid] = f.price
            self.content[pid] = part_content(f)
            self.part_ids[key] = pid
        return self.part_ids[key]

    def magnet_part(self, f: Family) -> int:
        """The magnet set inside a part of family `f`, bought by its maker from a magnet maker."""
        key = ("magnet:" + f.key, None)
        if key not in self.part_ids:
            assert f.magnet is not None
            grade, kg = f.magnet
            number = f"{grade.split('-')[0]}-{self.rng.randrange(1000, 10000)}"
            pid = self._new_part(number, f"Magnet set {grade} for {f.desc}", "magnet", "set")
            _, dy, tb = GRADES[grade]
            # NdFeB base price plus the heavy rare earths, which dominate a high-grade magnet
            self.part_price[pid] = round(kg * (55 + 800 * dy + 3000 * tb), 2)
            self.content[pid] = magnet_content(grade, kg)
            self.part_ids[key] = pid
        return self.part_ids[key]

    def _number(self, prefix: str, group: int) -> str:
        """Program code + function group + random suffix, like a real numbering scheme."""
        while True:
            number = (
                f"{prefix}{group:03d}{self.rng.randrange(100):02d}{self.rng.randrange(10, 100)}"
            )
            if number not in self.numbers:
                return number

    def _new_part(self, number: str, desc: str, category: str, uom: str) -> int:
        pid = add_row(self.tables, "parts", part_number=number, description=desc, uom=uom,
                      category=category, notes=None, origin=DEMO)  # fmt: skip
        self.numbers.add(number)
        return pid


def magnet_content(grade: str, kg: float) -> list[tuple[Item, float]]:
    """kg of magnet and of each rare-earth metal in `kg` of magnet of `grade`."""
    ndpr, dy, tb = GRADES[grade]
    nd = ndpr * cat.ND_SHARE_OF_NDPR
    content = [(("NdFeB", "magnet"), kg), (("Nd", "metal"), kg * nd),
               (("Pr", "metal"), kg * (ndpr - nd)), (cat.DY, kg * dy), (cat.TB, kg * tb)]  # fmt: skip
    return [(item, q) for item, q in content if q > 0]  # N grades hold no Dy or Tb


def part_content(f: Family) -> list[tuple[Item, float]]:
    """Material per unit of a part: its magnets, its chips' content and its own materials."""
    total: dict[Item, float] = defaultdict(float)
    parts = magnet_content(*f.magnet) if f.magnet else []
    parts += [(item, kg * n) for chip, n in f.chips for item, kg in FAMILY[chip].materials]
    for item, kg in parts + list(f.materials):
        total[item] += kg
    return list(total.items())
