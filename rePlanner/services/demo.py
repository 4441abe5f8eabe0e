"""The demo company: a fictional automaker whose data makes rePlanner's value obvious at once.

DemoPlan(seed) (services/demo_plan.py) turns the catalogues (demo_catalog.py, demo_products.py)
into table rows; create_demo() writes them (demo_write.py: the database assigns the ids) in one
unaudited bulk session plus one BULK audit entry. sample_bom() and write_sample_workbooks() export the showcase line's BOM as sample files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from rePlanner.domain.enums import AuditAction
from rePlanner.domain.errors import ReplannerError
from rePlanner.io.sample_workbooks import BomRow, write_samples
from rePlanner.persistence import models as m
from rePlanner.persistence.database import Database
from rePlanner.services import demo_catalog as cat
from rePlanner.services.demo_catalog import Item
from rePlanner.services.demo_master import DEMO, Row
from rePlanner.services.demo_plan import DEFAULT_SEED, TABLES, DemoPlan
from rePlanner.services.demo_products import ALTERNATIVES, LINES, SAMPLE_LINE
from rePlanner.services.demo_write import insert_tables
from rePlanner.services.session import current_user

__all__ = ["DEFAULT_SEED", "DemoPlan", "DemoSummary", "create_demo", "sample_bom",
           "write_sample_workbooks"]  # fmt: skip


@dataclass(frozen=True)
class DemoSummary:
    company_name: str
    seed: int
    counts: dict[str, int]  # rows inserted per table (materials: created because missing)


def create_demo(db: Database, user: str | None = None, seed: int = DEFAULT_SEED) -> DemoSummary:
    """Fill an empty database with the fictional automaker; refuse if it holds company data."""
    who = user or current_user()
    with db.session(who, audit=False) as s:
        _refuse_unless_empty(s)
        plan = DemoPlan(seed)
        materials, created = _material_ids(s)
        tables = [m.Base.metadata.tables[name] for name in TABLES]
        written = insert_tables(
            s, tables, lambda name: [_resolve(row, materials, who) for row in plan.rows[name]]
        )
        counts = {"materials": created, **written}
        counts["alternative_materials"] = _alternative_materials(s, materials)
        _record(s, who, seed, counts)
    return DemoSummary(cat.COMPANY, seed, counts)


def _alternative_materials(s: Session, materials: dict[Item, int]) -> int:
    """What each demo alternative still needs and how much of it is Chinese (ids by name: the
    alternatives get theirs from the database, next to the reference producers)."""
    src = m.AlternativeSource
    ids = dict(s.execute(select(src.name, src.id).where(src.origin == DEMO)).tuples().all())
    rows = [{"alternative_id": ids[a.name], "material_id": materials[(e, st)], "china_share": c}
            for a in ALTERNATIVES for e, st, c in a.depends]  # fmt: skip
    if rows:
        s.execute(insert(m.AlternativeMaterial), rows)
    return len(rows)


def _refuse_unless_empty(s: Session) -> None:
    # mixing invented suppliers into real data would mislead
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


def _resolve(row: Row, materials: dict[Item, int], user: str) -> Row:
    """A plan row ready to insert: material keys become ids, created_by the acting user."""
    out = dict(row)
    if isinstance(out.get("material_id"), tuple):
        out["material_id"] = materials[out["material_id"]]
    if "created_by" in out:
        out["created_by"] = user
    return out


DEMO_LABEL = "Confidential · demo data"  # printed on every report page


def _record(s: Session, who: str, seed: int, counts: dict[str, int]) -> None:
    """Company name and seed for the UI, and the one audit entry for the whole bulk load."""
    for key, value in (("company_name", cat.COMPANY), ("demo_seed", str(seed)),
                       ("confidentiality_label", DEMO_LABEL)):  # fmt: skip
        s.merge(m.AppMeta(key=key, value=value))
    shown = ", ".join(f"{n} {table.replace('_', ' ')}" for table, n in counts.items() if n)
    s.add(m.AuditEntry(user=who, action=AuditAction.BULK, entity="demo",
                       summary=f"created demo company {cat.COMPANY} (seed {seed}): {shown}",
                       changes={"seed": seed, "counts": counts}))  # fmt: skip


# --- sample workbooks -------------------------------------------------------------------------


def sample_bom(seed: int = DEFAULT_SEED, line: str = SAMPLE_LINE) -> list[BomRow]:
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
        # in-house assemblies carry no price: the plant does not buy them
        price = plan.part_price.get(b["part_id"]) if b["supplier_id"] else None
        rows.append(BomRow(b["level"], part["part_number"], part["description"], b["quantity"],
                           part["uom"], names.get(b["supplier_id"]), price or None))  # fmt: skip
    return rows


def write_sample_workbooks(folder: str | Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write bom_clean/bom_multilevel/bom_messy.xlsx for the showcase line into `folder`."""
    spec = next(line for line in LINES if line.key == SAMPLE_LINE)
    plant = next(p for p in cat.PLANTS if p.key == spec.plant)
    title = f"Line {spec.name} - {spec.program} ({spec.powertrain}), Plant {plant.city}"
    return write_samples(folder, sample_bom(seed), company=cat.COMPANY, title=title)
