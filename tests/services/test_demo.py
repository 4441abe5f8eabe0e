"""The demo company: realistic shape and names, deterministic, refuses to mix with real data.

The supply network (stock, transit, exposed and safe lines) is tested in test_demo_network.py.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, insert, select

from rePlanner.domain.enums import AuditAction, Origin
from rePlanner.domain.errors import ReplannerError
from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database, open_database
from rePlanner.services.demo import create_demo

TIMESTAMPS = {"created_at", "updated_at", "at", "run_at", "imported_at"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = open_database(str(tmp_path_factory.mktemp("demo") / "demo.sqlite"))
    summary = create_demo(db, user="tester")
    yield db, summary
    db.dispose()


def rows(db: Database, model: Any) -> list[Any]:
    with db.session("tester") as s:
        return list(s.scalars(select(model)))


# --- shape of the company ---------------------------------------------------------------------


def test_summary_matches_the_tables_and_one_bulk_audit_entry(demo):
    db, summary = demo
    assert summary.company_name == "Nordwerk Automotive" and summary.seed == 2026
    with db.session("tester") as s:
        for table, model in (("suppliers", m.Supplier), ("parts", m.Part),
                             ("supply_nodes", m.SupplyNode), ("bom_lines", m.BomLine)):  # fmt: skip
            assert summary.counts[table] == s.scalar(select(func.count()).select_from(model))
        meta = {a.key: a.value for a in s.scalars(select(m.AppMeta))}
        audit = list(s.scalars(select(m.AuditEntry)))
        origins = set(s.scalars(select(m.SupplyNode.origin))) | set(
            s.scalars(select(m.Part.origin))
        )
    assert meta["company_name"] == "Nordwerk Automotive" and meta["demo_seed"] == "2026"
    assert [(a.action, a.entity) for a in audit] == [(AuditAction.BULK, "demo")]
    assert "Nordwerk Automotive" in audit[0].summary
    assert origins == {Origin.DEMO}


def test_suppliers_span_tiers_and_countries(demo):
    suppliers = rows(demo[0], m.Supplier)
    sites = rows(demo[0], m.Site)
    per_supplier = Counter(site.supplier_id for site in sites)
    internal = [s for s in suppliers if s.is_internal]
    assert len(suppliers) >= 50
    assert len({s.country for s in suppliers}) >= 10
    assert {s.tier for s in suppliers} == {0, 1, 2, 3, 4}
    assert len(internal) == 1 and internal[0].tier == 0 and per_supplier[internal[0].id] == 3
    # bulky-part makers add a site near each plant's region
    assert all(1 <= per_supplier[s.id] <= 3 for s in suppliers if not s.is_internal)
    countries = {site.country for site in sites if site.supplier_id == internal[0].id}
    assert len(countries) == 3


def test_lines_mix_powertrains_rates_and_margins(demo):
    db = demo[0]
    lines = rows(db, m.ProductionLine)
    programs = {p.id: p for p in rows(db, m.Program)}
    with db.session("tester") as s:
        plants = set(s.scalars(select(m.Site.id).join(m.Supplier).where(m.Supplier.is_internal)))
    assert 6 <= len(lines) <= 8
    assert len({programs[line.program_id].powertrain for line in lines}) >= 3
    assert all(300 <= line.rate_per_day <= 1200 for line in lines)
    assert all(3000 <= line.margin_per_vehicle <= 12000 for line in lines)
    # contribution margin per vehicle: compact ICE lowest, premium BEV highest, twins close
    margin = {programs[line.program_id].name: line.margin_per_vehicle for line in lines}
    kinds = {programs[line.program_id].name: programs[line.program_id].powertrain for line in lines}
    assert min(margin, key=margin.__getitem__) in {n for n, k in kinds.items() if k == "ICE"}
    assert kinds[max(margin, key=margin.__getitem__)] == "BEV"
    assert 0.8 * margin["Brazos EV"] <= margin["Brazos Hybrid"] < margin["Brazos EV"]
    assert {line.plant_site_id for line in lines} == plants


def test_parts_are_text_numbers_some_with_leading_zeros(demo):
    parts = rows(demo[0], m.Part)
    numbers = [p.part_number for p in parts]
    assert 200 <= len(parts) <= 800
    assert all(isinstance(n, str) for n in numbers) and len(set(numbers)) == len(numbers)
    assert sum(n.startswith("0") for n in numbers) >= 20
    assert "1E5" in numbers and any(len(n) > 15 and n.isdigit() for n in numbers)


def test_every_line_has_one_current_multilevel_bom(demo):
    db = demo[0]
    revisions = rows(db, m.BomRevision)
    bom = {b.id: b for b in rows(db, m.BomLine)}
    for line in rows(db, m.ProductionLine):
        current = [r for r in revisions if r.line_id == line.id and r.is_current]
        assert len(current) == 1, line.name
        mine = [b for b in bom.values() if b.revision_id == current[0].id]
        assert max(b.level for b in mine) >= 3, line.name
        for b in mine:
            parent = bom.get(b.parent_id)
            assert (b.level == 1) if parent is None else (b.level == parent.level + 1)
            assert parent is None or parent.revision_id == b.revision_id
    assert any(not r.is_current for r in revisions)  # superseded revisions exist too


# Real firms and models the fictional demo must not echo, and real firms' unique sites.
REAL_NAMES = ("Vietnam Rare Earth", "Lincang", "Hanul", "Qingyuan", "Jinli", "Haitian", "Jinshan",
              "Sierra", "Mira", "Aurora", "Echigo", "Kanto", "Tokai", "Ironridge", "Salzgitter")  # fmt: skip
REAL_SITES = ("Debrecen", "Holland", "Ochang", "Mountain Springs", "Minacu", "Balama", "Laverton",
              "Sillamae", "Kuantan", "Bayan Obo", "Lincang", "Hai Phong", "Bamberg", "Kariya")  # fmt: skip


def test_names_are_fictional_and_avoid_real_firms_unique_sites(demo):
    db = demo[0]
    names = [s.name for s in rows(db, m.Supplier)] + [p.name for p in rows(db, m.Program)]
    names += [line.name for line in rows(db, m.ProductionLine)]
    names += [a.name for a in rows(db, m.AlternativeSource)]
    assert not [n for n in names if any(real.lower() in n.lower() for real in REAL_NAMES)]
    cities = {site.city for site in rows(db, m.Site)}
    assert not cities & set(REAL_SITES)


def test_battery_sizes_fit_the_powertrain(demo):
    """kWh per vehicle from the BOM: BEV 50-110, PHEV 15-35, full hybrid 1.5-2."""
    db = demo[0]
    programs = {p.id: p for p in rows(db, m.Program)}
    parts = {p.id: p for p in rows(db, m.Part)}
    current = {r.id: r.line_id for r in rows(db, m.BomRevision) if r.is_current}
    bom = {b.id: b for b in rows(db, m.BomLine) if b.revision_id in current}
    kwh: dict[int, float] = defaultdict(float)
    for b in bom.values():
        found = re.search(r"([\d.]+) kWh", parts[b.part_id].description)
        if found and parts[b.part_id].category == "battery cell":
            qty, parent = b.quantity, bom.get(b.parent_id)
            while parent is not None:
                qty, parent = qty * parent.quantity, bom.get(parent.parent_id)
            kwh[current[b.revision_id]] += qty * float(found.group(1))
    ranges = {"BEV": (50, 110), "PHEV": (15, 35), "HEV": (1.5, 2.0)}
    for line in rows(db, m.ProductionLine):
        kind = programs[line.program_id].powertrain
        if kind in ranges:
            low, high = ranges[kind]
            assert low <= kwh[line.id] <= high, (line.name, kwh[line.id])
    assert {programs[line.program_id].powertrain for line in rows(db, m.ProductionLine)} >= set(
        ranges
    )


# --- determinism, refusal, reference data -----------------------------------------------


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    out = {}
    with db.engine.connect() as conn:
        for table in m.Base.metadata.sorted_tables:
            cols = [c for c in table.columns if c.name not in TIMESTAMPS]
            out[table.name] = [
                tuple(r) for r in conn.execute(select(*cols).order_by(*table.primary_key.columns))
            ]
    return out


def fresh(path: Path, seed: int) -> dict[str, list[tuple[Any, ...]]]:
    db = open_database(str(path))
    try:
        create_demo(db, user="tester", seed=seed)
        return dump(db)
    finally:
        db.dispose()


def test_same_seed_same_data_other_seed_other_data(tmp_path):
    first, again = fresh(tmp_path / "a.sqlite", 2026), fresh(tmp_path / "b.sqlite", 2026)
    other = fresh(tmp_path / "c.sqlite", 7)
    assert first == again
    assert first["supply_nodes"] != other["supply_nodes"]
    assert first["parts"] != other["parts"]
    assert len(first["suppliers"]) == len(other["suppliers"])


def test_refuses_a_database_that_holds_company_data(db):
    with db.session("tester") as s:
        s.add(m.Supplier(name="Existing GmbH", country="Germany"))
    with pytest.raises(ReplannerError, match=r"already holds 1 supplier\. Create a new"):
        create_demo(db, user="tester")
    with db.session("tester") as s:
        assert s.scalar(select(func.count()).select_from(m.Part)) == 0
        assert s.scalar(select(func.count()).select_from(m.AppMeta)) == 0


def test_second_demo_is_refused(demo):
    with pytest.raises(ReplannerError, match="empty database"):
        create_demo(demo[0], user="tester")


def test_works_beside_reference_data_and_creates_missing_materials(db):
    with db.session("tester", audit=False) as s:
        s.add(
            m.AlternativeSource(name="Reference producer", kind="supplier", origin=Origin.REFERENCE)
        )
        s.execute(insert(m.Material), [
            {"element": "Dy", "stage": "metal", "name": "Dysprosium (ref)", "origin": Origin.REFERENCE},
            {"element": "NdFeB", "stage": "magnet", "name": "NdFeB (ref)", "origin": Origin.REFERENCE},
        ])  # fmt: skip
    summary = create_demo(db, user="tester")
    mats = rows(db, m.Material)
    by_key = {(x.element, x.stage): x for x in mats}
    assert by_key[("Dy", "metal")].origin == Origin.REFERENCE
    assert by_key[("NdPr", "oxide")].origin == Origin.DEMO
    assert summary.counts["materials"] == len(mats) - 2
    with db.session("tester") as s:
        dy_users = s.scalar(select(func.count()).select_from(m.PartMaterial)
                            .where(m.PartMaterial.material_id == by_key[("Dy", "metal")].id))  # fmt: skip
    assert dy_users >= 30
    assert len(rows(db, m.AlternativeSource)) == 1 + 7
