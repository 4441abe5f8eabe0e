"""The demo company: a fictional automaker whose data makes rePlanner's value obvious at once.

DemoPlan(seed) turns services/demo_catalog.py into table rows (pure Python, deterministic for a
seed); create_demo() writes them in one unaudited bulk session plus one BULK audit entry.

Network conventions (what the engine can rely on): a plant node (our plant site x part) exists
for every part a plant receives, i.e. bought modules and the bought components of modules it
assembles itself. Components of a bought module are nodes at the supplier that assembles it,
linked to that supplier's node with quantity_per_unit = BOM quantity. Magnet sets, chips and
materials sit below tier 1 and never appear in a BOM; BOM parts carry the material content.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from rePlanner.domain.enums import AuditAction, Origin
from rePlanner.domain.errors import ReplannerError
from rePlanner.io.sample_workbooks import BomRow, write_samples
from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database
from rePlanner.services import demo_catalog as cat
from rePlanner.services.demo_catalog import FAMILY, GRADES, INPUTS, Family, Item, LineSpec
from rePlanner.services.session import current_user

DEFAULT_SEED = 2026
DEMO = Origin.DEMO
Row = dict[str, Any]
_MODELS: tuple[tuple[str, type[m.Base]], ...] = (
    ("suppliers", m.Supplier), ("sites", m.Site), ("parts", m.Part),
    ("part_materials", m.PartMaterial), ("programs", m.Program),
    ("production_lines", m.ProductionLine), ("bom_revisions", m.BomRevision),
    ("bom_lines", m.BomLine), ("supply_nodes", m.SupplyNode), ("sourcing_links", m.SourcingLink),
    ("alternative_sources", m.AlternativeSource),
)  # fmt: skip


@dataclass(frozen=True)
class DemoSummary:
    company_name: str
    seed: int
    counts: dict[str, int]  # rows inserted per table (materials: created because missing)


@dataclass
class _Node:
    id: int
    site: int
    item: tuple[str, Any]  # ("part", part id) or ("mat", (element, stage))
    supplier: str
    tier: int
    base: float = 0.0  # own demand per day (plant nodes: what the lines consume)


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 12742.0 * math.asin(math.sqrt(h))


def _upstream(item: Item) -> tuple[Item, float] | None:
    """What a node holding `item` consumes per unit (if its supplier buys it at all)."""
    element, stage = item
    if stage == "metal" and element in cat.OXIDE_PER_METAL:
        return (element, "oxide"), cat.OXIDE_PER_METAL[element]
    if stage == "oxide" and element in cat.REO_PER_OXIDE:
        return cat.REO, cat.REO_PER_OXIDE[element]
    if item == cat.GR:
        return cat.GR, cat.FLAKE_PER_SPHERICAL
    return None


def _qty(value: float, is_part: bool) -> float:
    """Whole units for parts, four significant digits for kilograms of material."""
    return float(round(value)) if is_part else float(f"{value:.4g}")


class DemoPlan:
    """Every demo row with explicit ids; material_id holds (element, stage) until written."""

    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.rows: dict[str, list[Row]] = {name: [] for name, _ in _MODELS}
        self.supplier_ids: dict[str, int] = {}
        self.tiers: dict[str, int] = {}
        self.site_info: dict[int, tuple[str, str, float, float]] = {}  # key, country, lat, lon
        self.sites_of: dict[str, list[int]] = defaultdict(list)
        self.part_ids: dict[tuple[str, str | None], int] = {}
        self.numbers: set[str] = set()
        self.part_family: dict[int, Family] = {}
        self.part_price: dict[int, float] = {}
        self.content: dict[int, list[tuple[Item, float]]] = {}
        self.line_ids: dict[str, int] = {}
        self.nodes: dict[tuple[int, Any], _Node] = {}
        self.links: dict[tuple[int, int], Row] = {}
        self.sourced: dict[tuple[int, int], list[_Node]] = {}
        self.fed: set[int] = set()
        self.node_lines: dict[int, set[str]] = defaultdict(set)
        self.tight: set[int] = set()
        self._companies()
        for line in cat.LINES:
            self._line(line)
        self._finish_network()
        self._part_materials()
        self._alternatives()

    # --- companies, parts ---------------------------------------------------------------

    def _add(self, table: str, **row: Any) -> int:
        rows = self.rows[table]
        row = {"id": len(rows) + 1, **row}
        rows.append(row)
        return int(row["id"])

    def _supplier(self, key: str, name: str, country: str, tier: int, notes: str) -> int:
        sid = self._add("suppliers", name=name, country=country, region=cat.REGION[country],
                        tier=tier, is_internal=tier == 0, notes=notes, origin=DEMO)  # fmt: skip
        self.supplier_ids[key], self.tiers[key] = sid, tier
        return sid

    def _site(self, key: str, name: str, city: str, country: str, lat: float, lon: float) -> None:
        sid = self._add("sites", supplier_id=self.supplier_ids[key], name=name, country=country,
                        city=city, region=cat.REGION[country], latitude=lat, longitude=lon,
                        origin=DEMO)  # fmt: skip
        self.site_info[sid] = (key, country, lat, lon)
        self.sites_of[key].append(sid)

    def _companies(self) -> None:
        self._supplier("nordwerk", cat.COMPANY, "Germany", 0, "Our own plants (fictional demo)")
        for p in cat.PLANTS:
            self._site("nordwerk", f"Plant {p.city}", p.city, p.country, p.lat, p.lon)
        for s in cat.SUPPLIERS:
            self._supplier(s.key, s.name, s.country, s.tier, f"Fictional demo supplier: {s.role}")
            for city, country, lat, lon in s.sites:
                self._site(s.key, city, city, country, lat, lon)

    def _number(self, prefix: str, group: int) -> str:
        while True:
            number = (
                f"{prefix}{group:03d}{self.rng.randrange(100):02d}{self.rng.randrange(10, 100)}"
            )
            if number not in self.numbers:
                return number

    def _new_part(self, number: str, desc: str, f: Family, category: str, uom: str) -> int:
        pid = self._add("parts", part_number=number, description=desc, uom=uom,
                        category=category, notes=None, origin=DEMO)  # fmt: skip
        self.part_family[pid] = f
        self.numbers.add(number)
        return pid

    def _part(self, f: Family, line: LineSpec | None) -> int:
        code = line.code if line is not None and f.scope == "P" else None
        key = (f.key, code)
        if key not in self.part_ids:
            number = f.number or self._number(code or "000", f.group)
            desc = f"{f.desc}, {line.program}" if code and line else f.desc
            pid = self._new_part(number, desc, f, f.category, f.uom)
            self.part_price[pid] = f.price
            self.content[pid] = _content(f)
            self.part_ids[key] = pid
        return self.part_ids[key]

    def _magnet_part(self, f: Family) -> int:
        key = ("magnet:" + f.key, None)
        if key not in self.part_ids:
            assert f.magnet is not None
            grade, kg = f.magnet
            number = f"{grade.split('-')[0]}-{self.rng.randrange(1000, 10000)}"
            pid = self._new_part(number, f"Magnet set {grade} for {f.desc}", f, "magnet", "set")
            _, dy, tb = GRADES[grade]
            self.part_price[pid] = round(kg * (55 + 800 * dy + 3000 * tb), 2)
            self.content[pid] = _magnet_content(grade, kg)
            self.part_ids[key] = pid
        return self.part_ids[key]

    # --- programs, lines, BOMs ----------------------------------------------------------

    def _line(self, line: LineSpec) -> None:
        program = self._add("programs", name=line.program, powertrain=line.powertrain,
                            description=line.description, origin=DEMO)  # fmt: skip
        plant_site = self.sites_of["nordwerk"][[p.key for p in cat.PLANTS].index(line.plant)]
        lid = self._add("production_lines", name=line.name, plant_site_id=plant_site,
                        program_id=program, rate_per_day=float(line.rate),
                        margin_per_vehicle=float(line.margin), currency="EUR",
                        working_days_per_week=5, origin=DEMO)  # fmt: skip
        self.line_ids[line.key] = lid
        for rev in range(1, line.revisions + 1):
            current = rev == line.revisions
            rid = self._add("bom_revisions", line_id=lid, revision=rev, is_current=current,
                            label="MY2026" if current else "SOP", created_by=None,
                            import_batch_id=None, note="Demo BOM")  # fmt: skip
            # the superseded revision lacked the last module added for the model year
            modules = line.modules if current else line.modules[:-1]
            counter = iter(range(10, 100000, 10))
            for module in modules:
                self._bom(line, rid, cat.MODULES[module], None, 1, counter)
        for module in line.modules:
            for spec in cat.MODULES[module]:
                self._place(line, spec, plant_site, None, 1.0)

    def _bom(self, line: LineSpec, rid: int, tree: cat.Tree, parent: int | None, level: int,
             counter: Any) -> None:  # fmt: skip
        for key, qty, children in tree:
            f = FAMILY[key]
            makers = line.overrides.get(key, f.makers)
            supplier = self.supplier_ids[max(makers, key=lambda s: s[1])[0]] if makers else None
            bid = self._add("bom_lines", revision_id=rid, parent_id=parent,
                            part_id=self._part(f, line), supplier_id=supplier,
                            quantity=float(qty), level=level, position=next(counter),
                            import_batch_id=None, source_sheet=None, source_row=None)  # fmt: skip
            self._bom(line, rid, children, bid, level + 1, counter)

    # --- supply network -----------------------------------------------------------------

    def _node(self, site: int, item: tuple[str, Any]) -> _Node:
        node = self.nodes.get((site, item))
        if node is None:
            supplier = self.site_info[site][0]
            node = _Node(len(self.nodes) + 1, site, item, supplier, self.tiers[supplier])
            self.nodes[(site, item)] = node
        return node

    def _closest(self, supplier: str, site: int) -> int:
        here = self.site_info[site][2:]
        return min(self.sites_of[supplier], key=lambda s: (_km(here, self.site_info[s][2:]), s))

    def _link(self, src: _Node, dst: _Node, qty: float, share: float) -> None:
        self.links.setdefault(
            (src.id, dst.id),
            {"from_node_id": src.id, "to_node_id": dst.id, "quantity_per_unit": round(qty, 9),
             "share": share, "currency": "EUR", "notes": None, "origin": DEMO},
        )  # fmt: skip

    def _place(self, line: LineSpec, spec: tuple[str, float, cat.Tree], plant_site: int,
               consumer: _Node | None, mult: float) -> None:  # fmt: skip
        key, qty, children = spec
        f = FAMILY[key]
        if not f.makers:  # assembled by whoever consumes it: children go to the same place
            for child in children:
                self._place(line, child, plant_site, consumer, mult * qty)
            return
        part, tight = self._part(f, line), key in line.tight
        if consumer is None:
            target, per_unit = self._node(plant_site, ("part", part)), 1.0
            target.base += line.rate * mult * qty
            self.node_lines[target.id].add(line.key)
            if tight:
                self.tight.add(target.id)
        else:
            target, per_unit = consumer, qty * mult
        for maker in self._source(line.overrides.get(key, f.makers), part, target, per_unit, tight):
            self._feed(maker, f, tight)
            for child in children:
                self._place(line, child, plant_site, maker, 1.0)

    def _source(self, makers: cat.Sources, part: int, target: _Node, per_unit: float,
                tight: bool) -> list[_Node]:  # fmt: skip
        """Supplier nodes of `part` feeding `target`; the first placement decides the sources."""
        if (target.id, part) not in self.sourced:
            found = []
            for supplier, share in makers:
                node = self._node(self._closest(supplier, target.site), ("part", part))
                self._link(node, target, per_unit, share)
                if tight:
                    self.tight.add(node.id)
                found.append(node)
            self.sourced[(target.id, part)] = found
        return self.sourced[(target.id, part)]

    def _feed(self, node: _Node, f: Family, tight: bool) -> None:
        """Place the inputs a supplier node needs: magnet sets, chips, materials."""
        if node.id in self.fed:
            return
        self.fed.add(node.id)
        if f.magnet:
            grade, kg = f.magnet
            sources = INPUTS[node.supplier]["magnet"]
            for magnet in self._source(sources, self._magnet_part(f), node, 1.0, tight):
                if magnet.id not in self.fed:
                    self.fed.add(magnet.id)
                    for item, frac in zip((cat.NM, cat.DY, cat.TB), GRADES[grade], strict=True):
                        self._supply(magnet, item, kg * frac)
        for chip, pieces in f.chips:
            cf = FAMILY[chip]
            for chip_node in self._source(cf.makers, self._part(cf, None), node, pieces, False):
                self._feed(chip_node, cf, False)
        for item, kg in f.materials:
            self._supply(node, item, kg)

    def _supply(self, consumer: _Node, item: Item, qty: float) -> None:
        sources = INPUTS.get(consumer.supplier, {}).get(item) or cat.DEFAULT_INPUTS.get(item, ())
        for supplier, share in sources:
            node = self._node(self._closest(supplier, consumer.site), ("mat", item))
            self._link(node, consumer, qty, share)
            up = _upstream(item)
            if node.id not in self.fed and up and up[0] in INPUTS.get(supplier, {}):
                self.fed.add(node.id)
                self._supply(node, *up)

    # --- stock, capacity, China share ---------------------------------------------------

    def _finish_network(self) -> None:
        out: dict[int, list[Row]] = defaultdict(list)
        into: dict[int, list[Row]] = defaultdict(list)
        for link in self.links.values():
            out[link["from_node_id"]].append(link)
            into[link["to_node_id"]].append(link)
        by_id = {n.id: n for n in self.nodes.values()}
        demand: dict[int, float] = {}
        serves: dict[int, set[str]] = {}
        china: dict[int, float] = {}

        def walk_down(nid: int) -> None:
            if nid in demand:
                return
            for link in out[nid]:
                walk_down(link["to_node_id"])
            links = out[nid]
            demand[nid] = by_id[nid].base + sum(
                demand[k["to_node_id"]] * k["quantity_per_unit"] * k["share"] for k in links
            )
            serves[nid] = self.node_lines[nid].union(*(serves[k["to_node_id"]] for k in links))

        def walk_up(nid: int) -> float:
            if nid not in china:
                china[nid] = self._china(by_id[nid], into[nid], by_id, walk_up)
            return china[nid]

        for nid in sorted(by_id):
            walk_down(nid)
            walk_up(nid)
        self.demand, self.china_of = demand, china
        safe = {line.key for line in cat.LINES if line.safe}
        for nid in sorted(by_id):
            self._node_row(by_id[nid], demand[nid], bool(serves[nid] & safe), china[nid])
        for link in self.links.values():
            self._finish_link(link, by_id)

    def _china(self, node: _Node, links: list[Row], by_id: dict[int, _Node], up: Any) -> float:
        """1 at a Chinese site; else the most China-dependent input (a scarce input stops all)."""
        if self.site_info[node.site][1] == "China":
            return 1.0
        groups: dict[Any, list[tuple[float, float]]] = defaultdict(list)
        for link in links:
            src = link["from_node_id"]
            groups[by_id[src].item].append((link["share"], up(src)))
        shares = [sum(s * c for s, c in g) / sum(s for s, _ in g) for g in groups.values()]
        return round(max(shares, default=0.0), 3)

    def _cover_days(self, node: _Node, safe: bool) -> float:
        """Days of stock: a thin chain for the exposed line, weeks for the safe one."""
        if node.id in self.tight:
            return self.rng.uniform(3.0, 3.8)
        if safe:
            return self.rng.uniform(55, 90)
        low, high = {0: (8, 30), 1: (6, 25), 2: (12, 40)}.get(node.tier, (30, 90))
        return self.rng.uniform(low, high)

    def _ttr_days(self, node: _Node) -> float:
        if node.tier == 2:
            chinese = self.site_info[node.site][1] == "China"
            return float(round(self.rng.uniform(*((120, 210) if chinese else (60, 120)))))
        low, high = {0: (5, 10), 1: (30, 90), 3: (120, 240)}.get(node.tier, (180, 365))
        return float(round(self.rng.uniform(low, high)))

    def _node_row(self, node: _Node, demand: float, safe: bool, china: float) -> None:
        is_part = node.item[0] == "part"
        stock = demand * self._cover_days(node, safe)
        transit = self.rng.uniform(0.05, 0.35)
        capacity = None if node.tier == 0 else _qty(demand * self.rng.uniform(1.15, 1.8), is_part)
        self.rows["supply_nodes"].append({
            "id": node.id, "site_id": node.site,
            "part_id": node.item[1] if is_part else None,
            "material_id": None if is_part else node.item[1],
            "capacity_per_day": capacity,
            "inventory_on_hand": _qty(stock * (1 - transit), is_part),
            "inventory_in_transit": _qty(stock * transit, is_part),
            "ttr_days": self._ttr_days(node), "china_share": china, "notes": None, "origin": DEMO,
        })  # fmt: skip

    def _finish_link(self, link: Row, by_id: dict[int, _Node]) -> None:
        src, dst = by_id[link["from_node_id"]], by_id[link["to_node_id"]]
        kind, item = src.item
        base = self.part_price[item] if kind == "part" else cat.MATERIAL_PRICE[item]
        km = _km(self.site_info[src.site][2:], self.site_info[dst.site][2:])
        lead = 1 + km / 700 if km < 4000 else 18 + km / 500  # truck / sea freight and inland
        link["price_per_unit"] = round(base * self.rng.uniform(0.92, 1.08), 2)
        link["lead_time_days"] = float(max(1, round(lead)))
        link["china_share"] = self.china_of[src.id]
        self.rows["sourcing_links"].append(link)

    # --- material content, alternatives ---------------------------------------------------

    def _part_materials(self) -> None:
        for pid, items in self.content.items():
            share = self._part_china(pid)
            for item, kg in items:
                self._add("part_materials", part_id=pid, material_id=item,
                          kg_per_unit=round(kg, 7), china_share=share, notes=None)  # fmt: skip

    def _part_china(self, pid: int) -> float | None:
        """China share of what we receive (plant nodes), else of what suppliers hold."""
        nodes = [n for n in self.nodes.values() if n.item == ("part", pid)]
        nodes = [n for n in nodes if n.tier == 0] or nodes
        weight = sum(self.demand[n.id] for n in nodes)
        if not weight:
            return None
        return round(sum(self.demand[n.id] * self.china_of[n.id] for n in nodes) / weight, 3)

    def _alternatives(self) -> None:
        for a in cat.ALTERNATIVES:
            f = FAMILY[a.family]
            part = self._magnet_part(f) if a.magnet else self._part(f, None)
            spec = next((s for s in cat.SUPPLIERS if s.key == a.supplier), None)
            site = next((x for x in spec.sites if x[0] == a.city), spec.sites[0]) if spec else None
            city, country = (site[0], site[1]) if site else (None, None)
            self.rows["alternative_sources"].append(dict(  # no id: reference rows may exist
                name=a.name, kind=a.kind,
                supplier_id=self.supplier_ids[a.supplier] if a.supplier else None,
                part_id=part, material_id=None, product=a.product,
                stage_text="magnet" if a.magnet else "part", capacity_per_day=a.capacity_per_day,
                capacity_text=f"{a.capacity_per_day:g} units/day" if a.capacity_per_day else None,
                earliest_available=None, qualification_days=a.qualification_days,
                ramp_days=a.ramp_days, cost_premium_pct=a.cost_premium_pct,
                china_share=a.china_share, country=country,
                region=cat.REGION[country] if country else None,
                location=f"{city}, {country}" if spec else None,
                certifications="IATF 16949" if spec else None, status=a.status,
                timing_text=a.timing, confidence=None, source_url=None,
                notes="Fictional demo alternative", origin=DEMO,
            ))  # fmt: skip


def _magnet_content(grade: str, kg: float) -> list[tuple[Item, float]]:
    ndpr, dy, tb = GRADES[grade]
    nd = ndpr * cat.ND_SHARE_OF_NDPR
    return [(("NdFeB", "magnet"), kg), (("Nd", "metal"), kg * nd),
            (("Pr", "metal"), kg * (ndpr - nd)), (cat.DY, kg * dy), (cat.TB, kg * tb)]  # fmt: skip


def _content(f: Family) -> list[tuple[Item, float]]:
    """Material per unit of a part: its magnets, its chips' content and its own materials."""
    total: dict[Item, float] = defaultdict(float)
    parts = _magnet_content(*f.magnet) if f.magnet else []
    parts += [(item, kg * n) for chip, n in f.chips for item, kg in FAMILY[chip].materials]
    for item, kg in parts + list(f.materials):
        total[item] += kg
    return list(total.items())


# --- writing --------------------------------------------------------------------------------


def _refuse_unless_empty(s: Session) -> None:
    held = {
        name: s.scalar(select(func.count()).select_from(model)) or 0
        for name, model in (("suppliers", m.Supplier), ("parts", m.Part), ("programs", m.Program))
    }
    if any(held.values()):
        what = ", ".join(f"{n} {name if n > 1 else name[:-1]}" for name, n in held.items() if n)
        raise ReplannerError(
            f"the demo company can only be created in a database without suppliers, parts or "
            f"programs; this one already holds {what}. Create a new, empty database for the demo."
        )


def _material_ids(s: Session) -> tuple[dict[Item, int], int]:
    """(element, stage) -> id for the demo's materials, creating the missing ones."""
    have = {(e, str(st)): i for i, e, st in s.execute(select(m.Material.id, m.Material.element,
                                                                m.Material.stage))}  # fmt: skip
    missing = [k for k in cat.MATERIALS if k not in have]
    if missing:
        rows = [{"element": e, "stage": st, "name": cat.MATERIALS[(e, st)][0],
                 "category": cat.MATERIALS[(e, st)][1], "notes": "Created by the demo",
                 "origin": DEMO} for e, st in missing]  # fmt: skip
        s.execute(insert(m.Material), rows)
        return _material_ids(s)[0], len(missing)
    return have, 0


def create_demo(db: Database, user: str | None = None, seed: int = DEFAULT_SEED) -> DemoSummary:
    """Fill an empty database with the fictional automaker; refuse if it holds company data."""
    who = user or current_user()
    with db.session(who, audit=False) as s:
        _refuse_unless_empty(s)
        plan = DemoPlan(seed)
        materials, created = _material_ids(s)
        counts = {"materials": created}
        for table, model in _MODELS:
            rows = [_resolve(row, materials, who) for row in plan.rows[table]]
            if rows:
                s.execute(insert(model), rows)
            counts[table] = len(rows)
        for key, value in (("company_name", cat.COMPANY), ("demo_seed", str(seed))):
            s.merge(m.AppMeta(key=key, value=value))
        shown = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in counts.items() if n)
        s.add(m.AuditEntry(user=who, action=AuditAction.BULK, entity="demo",
                           summary=f"created demo company {cat.COMPANY} (seed {seed}): {shown}",
                           changes={"seed": seed, "counts": counts}))  # fmt: skip
    return DemoSummary(cat.COMPANY, seed, counts)


def _resolve(row: Row, materials: dict[Item, int], user: str) -> Row:
    out = dict(row)
    if isinstance(out.get("material_id"), tuple):
        out["material_id"] = materials[out["material_id"]]
    if "created_by" in out:
        out["created_by"] = user
    return out


# --- sample workbooks -------------------------------------------------------------------------


def sample_bom(seed: int = DEFAULT_SEED, line: str = cat.SAMPLE_LINE) -> list[BomRow]:
    """The current BOM of one demo line, in tree order, as the sample workbooks show it."""
    plan = DemoPlan(seed)
    lid = plan.line_ids[line]
    rev = next(
        r["id"] for r in plan.rows["bom_revisions"] if r["line_id"] == lid and r["is_current"]
    )
    parts = {p["id"]: p for p in plan.rows["parts"]}
    names = {s["id"]: s["name"] for s in plan.rows["suppliers"]}
    rows = []
    for b in (r for r in plan.rows["bom_lines"] if r["revision_id"] == rev):
        part = parts[b["part_id"]]
        price = plan.part_price.get(b["part_id"]) if b["supplier_id"] else None
        rows.append(BomRow(b["level"], part["part_number"], part["description"], b["quantity"],
                           part["uom"], names.get(b["supplier_id"]), price or None))  # fmt: skip
    return rows


def write_sample_workbooks(folder: str | Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write bom_clean/bom_multilevel/bom_messy.xlsx for the showcase line into `folder`."""
    spec = next(line for line in cat.LINES if line.key == cat.SAMPLE_LINE)
    plant = next(p for p in cat.PLANTS if p.key == spec.plant)
    title = f"Line {spec.name} - {spec.program} ({spec.powertrain}), Plant {plant.city}"
    return write_samples(folder, sample_bom(seed), company=cat.COMPANY, title=title)
