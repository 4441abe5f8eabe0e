"""bom_view: material content rolled up the tree (once per branch), where-used for parts and
materials across lines' current revisions, line and material choices."""

from __future__ import annotations

import math

import pytest

from rePlanner.domain.errors import NotFoundError
from rePlanner.domain.progress import Cancelled
from rePlanner.services import crud
from rePlanner.services.bom_query import bom_tree
from rePlanner.services.bom_view import (
    bom_view,
    line_choices,
    material_choices,
    material_where_used,
    part_where_used,
)


def add(db, entity, **values):
    return crud.create(db, entity, values)["id"]


@pytest.fixture
def plant(db):
    """Line L1 (rev 1 old, rev 2 current) and L2 at one plant, L1 again at a second plant.

    L1 rev 2:  DRIVE x2 (lists Nd 0.5)          L2: DOOR x2 (no content)
                 MOTOR x1 (Nd 0.2, Dy 0.01)           MOTOR x2
               DOOR x1 (no content)
                 MOTOR x3
    """
    us = add(db, "supplier", name="Us", country="Germany", tier=0, is_internal=True)
    sites = [add(db, "site", supplier_id=us, name=n, country="Germany") for n in ("P1", "P2")]
    prog = add(db, "program", name="EV", powertrain="BEV")
    nd = add(db, "material", element="Nd", stage="metal", name="Neodymium metal")
    dy = add(db, "material", element="Dy", stage="metal", name="Dysprosium metal")
    add(db, "material", element="Dy", stage="oxide", name="Dysprosium oxide")  # in no part
    p = {n: add(db, "part", part_number=n, description=n.title())
         for n in ("0DRIVE", "0MOTOR", "0DOOR")}  # fmt: skip
    add(db, "part material", part_id=p["0DRIVE"], material_id=nd, kg_per_unit=0.5)
    add(db, "part material", part_id=p["0MOTOR"], material_id=nd, kg_per_unit=0.2)
    add(db, "part material", part_id=p["0MOTOR"], material_id=dy, kg_per_unit=0.01)

    def line(name, site):
        return add(db, "production line", name=name, plant_site_id=site, program_id=prog,
                   rate_per_day=10, margin_per_vehicle=1)  # fmt: skip

    def bom(line_id, revision, current, tree):
        rev = add(db, "BOM revision", line_id=line_id, revision=revision, is_current=current)
        for pos, (top, qty, kids) in enumerate(tree):
            up = add(db, "BOM line", revision_id=rev, part_id=p[top], quantity=qty, level=1,
                     position=pos * 10)  # fmt: skip
            for k, (kid, kq) in enumerate(kids):
                add(db, "BOM line", revision_id=rev, part_id=p[kid], quantity=kq, level=2,
                    parent_id=up, position=pos * 10 + k + 1)  # fmt: skip

    l1 = line("L1", sites[0])
    bom(l1, 1, False, [("0MOTOR", 1, [])])  # an old revision: never where-used
    bom(l1, 2, True, [("0DRIVE", 2, [("0MOTOR", 1)]), ("0DOOR", 1, [("0MOTOR", 3)])])
    bom(line("L2", sites[0]), 1, True, [("0DOOR", 2, [("0MOTOR", 2)])])
    bom(line("L1", sites[1]), 1, True, [("0MOTOR", 4, [])])
    return {"nd": nd, "dy": dy}


def content(view, part):
    labels = {m.id: m.label for m in view.materials.values()}
    return [{labels[m]: kg for m, kg in r.content} for r in view.rows if r.part_number == part]


def test_tree_rows_follow_the_query_service(db, plant):
    view = bom_view(db, "L1", plant="P1")
    assert view.revision == 2
    expected = [(r["part_number"], r["level"], r["quantity"], r["extended_quantity"])
                for r in bom_tree(db, "L1", plant="P1")]  # fmt: skip
    assert [(r.part_number, r.level, r.quantity, r.extended_quantity) for r in view.rows] == (
        expected
    )
    assert [r.part_number for r in bom_view(db, "L1", revision=1, plant="P1").rows] == ["0MOTOR"]


def test_material_content_counts_once_per_branch(db, plant):
    view = bom_view(db, "L1", plant="P1")
    # DRIVE lists Nd itself: its 2 x 0.5 includes the motor's Nd; Dy comes from the motor
    drive = content(view, "0DRIVE")[0]
    assert drive == pytest.approx({"Nd": 1.0, "Dy": 0.02})
    motor_in_drive, motor_in_door = content(view, "0MOTOR")
    assert motor_in_drive == pytest.approx({"Nd": 0.4, "Dy": 0.02})  # 2 per vehicle
    assert motor_in_door == pytest.approx({"Nd": 0.6, "Dy": 0.03})  # 3 per vehicle
    assert content(view, "0DOOR")[0] == pytest.approx({"Nd": 0.6, "Dy": 0.03})  # its motors'
    first = view.rows[0].content
    assert first[0][1] >= first[-1][1]  # largest first


def test_part_where_used_lists_current_revisions_with_parents(db, plant):
    rows = part_where_used(db, "0MOTOR")
    got = sorted(((w.line, w.parent_part_number, w.quantity, w.extended_quantity) for w in rows),
                 key=lambda t: (t[0], t[1] or ""))  # fmt: skip
    assert got == [("L1 (P1)", "0DOOR", 3.0, 3.0), ("L1 (P1)", "0DRIVE", 1.0, 2.0),
                   ("L1 (P2)", None, 4.0, 4.0), ("L2", "0DOOR", 2.0, 4.0)]  # fmt: skip
    assert part_where_used(db, "NOPE") == []


def test_same_part_under_the_same_parent_is_one_row(db, plant):
    door = crud.find(db, "part", part_number="0DOOR")[0]["id"]
    motor = crud.find(db, "part", part_number="0MOTOR")[0]["id"]
    line = crud.find(db, "production line", name="L2")[0]["id"]
    rev = crud.find(db, "BOM revision", line_id=line)[0]["id"]
    up = add(db, "BOM line", revision_id=rev, part_id=door, quantity=1, level=1, position=50)
    add(db, "BOM line", revision_id=rev, part_id=motor, quantity=2, level=2, parent_id=up,
        position=51)  # fmt: skip  # a second door with the same motor count
    l2 = [w for w in part_where_used(db, "0MOTOR") if w.line == "L2"]
    assert [(w.occurrences, w.extended_quantity) for w in l2] == [(2, 6.0)]


def test_material_where_used_marks_what_an_assembly_already_counts(db, plant):
    rows = material_where_used(db, plant["nd"])
    l1 = {(w.part_number, w.parent_part_number): w for w in rows if w.line == "L1 (P1)"}
    assert l1[("0MOTOR", "0DRIVE")].in_assembly  # inside DRIVE, which lists Nd itself
    assert not l1[("0MOTOR", "0DOOR")].in_assembly
    assert l1[("0DRIVE", None)].kg_per_vehicle == pytest.approx(1.0)
    view = bom_view(db, "L1", plant="P1")
    top = sum(kg for r in view.rows if r.parent_id is None for m, kg in r.content
              if m == plant["nd"])  # fmt: skip
    counted = sum(w.kg_per_vehicle for w in rows if w.line == "L1 (P1)" and not w.in_assembly)
    assert math.isclose(counted, top)  # the page's tree and where-used agree
    assert not any(w.in_assembly for w in material_where_used(db, plant["dy"]))


def test_where_used_stops_when_cancelled(db, plant):
    class Stop:
        def update(self, *_a):
            pass

        def cancelled(self):
            return True

    with pytest.raises(Cancelled):
        part_where_used(db, "0MOTOR", progress=Stop())


def test_choices(db, plant):
    assert [c.label for c in line_choices(db)] == ["L1 (P1)", "L1 (P2)", "L2"]
    assert line_choices(db)[2].plant is None
    assert [m.label for m in material_choices(db)] == ["Dy", "Nd"]  # Dy oxide is in no part
    with pytest.raises(NotFoundError):
        bom_view(db, "L9")
