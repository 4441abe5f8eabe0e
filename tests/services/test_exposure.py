"""Exposure roll-up on a hand-made database whose China shares are computed by hand.

One line, 2-level BOM: Seat x2 (assembled in-house, no plant node) -> Magnet x3, so 6 magnets
per vehicle. The plant buys magnets 60 % from a Chinese and 40 % from a Japanese magnet maker.
The Chinese maker takes Dy oxide from a Chinese separator (ore from a Chinese mine); the
Japanese maker from a Malaysian separator buying ore 50/50 from a Chinese and an Australian mine.

Dy, by hand: magnet stage 0.6 (the Chinese maker); oxide 0.6 x 1 + 0.4 x 0 = 0.6; metal: no
metal maker on the chain, unknown; ore 0.6 x 1 + 0.4 x (0.5 x 1 + 0.5 x 0) = 0.8; any stage
0.6 x 1 + 0.4 x 0.5 = 0.8. kg per vehicle: 2 x 3 x 0.005 = 0.03.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from rePlanner.domain.errors import ReplannerError
from rePlanner.persistence.database import Database
from rePlanner.services import crud
from rePlanner.services.exposure import exposure

ON = date(2026, 1, 1)


class Hand:
    def __init__(self, db: Database) -> None:
        self.db = db
        us = self.add("supplier", name="Us", country="Germany", tier=0, is_internal=True)
        self.plant = self.add("site", supplier_id=us, name="Plant", country="Germany")
        self.seat = self.add("part", part_number="0100", description="Seat")
        self.magnet = self.add("part", part_number="0200", description="Magnet")
        self.dy_metal = self.add("material", element="Dy", stage="metal", name="Dy metal")
        self.dy_oxide = self.add("material", element="Dy", stage="oxide", name="Dy oxide")
        self.nd_metal = self.add("material", element="Nd", stage="metal", name="Nd metal")
        reo = self.add("material", element="REO", stage="ore", name="Concentrate")
        self.add("part material", part_id=self.magnet, material_id=self.dy_metal, kg_per_unit=0.005)
        self.add("part material", part_id=self.magnet, material_id=self.nd_metal, kg_per_unit=0.02)
        site = {key: self.site(key, country) for key, country in (
            ("MagCN", "China"), ("MagJP", "Japan"), ("SepCN", "China"), ("SepMY", "Malaysia"),
            ("MineCN", "China"), ("MineAU", "Australia"))}  # fmt: skip
        self.n = {
            "plant": self.add("supply node", site_id=self.plant, part_id=self.magnet),
            "mag_cn": self.add("supply node", site_id=site["MagCN"], part_id=self.magnet),
            "mag_jp": self.add("supply node", site_id=site["MagJP"], part_id=self.magnet),
            "sep_cn": self.add("supply node", site_id=site["SepCN"], material_id=self.dy_oxide),
            "sep_my": self.add("supply node", site_id=site["SepMY"], material_id=self.dy_oxide),
            "mine_cn": self.add("supply node", site_id=site["MineCN"], material_id=reo),
            "mine_au": self.add("supply node", site_id=site["MineAU"], material_id=reo),
        }
        for src, dst, share, qty in (
            ("mag_cn", "plant", 0.6, 1), ("mag_jp", "plant", 0.4, 1),
            ("sep_cn", "mag_cn", 1.0, 0.006), ("sep_my", "mag_jp", 1.0, 0.006),
            ("mine_cn", "sep_cn", 1.0, 20), ("mine_cn", "sep_my", 0.5, 20),
            ("mine_au", "sep_my", 0.5, 20),
        ):  # fmt: skip
            self.add("sourcing link", from_node_id=self.n[src], to_node_id=self.n[dst],
                     share=share, quantity_per_unit=qty)  # fmt: skip
        program = self.add("program", name="EV", powertrain="BEV")
        self.line = self.add("production line", name="L1", plant_site_id=self.plant,
                             program_id=program, rate_per_day=100, margin_per_vehicle=500)  # fmt: skip
        rev = self.add("BOM revision", line_id=self.line, revision=1, is_current=True)
        seat = self.add("BOM line", revision_id=rev, part_id=self.seat, quantity=2, level=1)
        self.add("BOM line", revision_id=rev, parent_id=seat, part_id=self.magnet, quantity=3,
                 level=2)  # fmt: skip

    def add(self, entity: str, **values: Any) -> int:
        return int(crud.create(self.db, entity, values)["id"])

    def site(self, name: str, country: str) -> int:
        sup = self.add("supplier", name=name, country=country, tier=1)
        return self.add("site", supplier_id=sup, name=f"{name} site", country=country)

    def measure(self, code: str, materials: list[int], **values: Any) -> int:
        mid = self.add("policy measure", code=code, kind="export_control", title=code, **values)
        for m in materials:
            crud.create(self.db, "measure material", {"measure_id": mid, "material_id": m})
        return mid


@pytest.fixture
def hand(db: Database) -> Hand:
    return Hand(db)


def material(report: Any, name: str) -> Any:
    (line,) = report.lines
    return next(m for m in line.materials if m.material == name)


def test_china_shares_by_stage_follow_links_and_their_shares(hand):
    dy = material(exposure(hand.db, on=ON), "Dy metal")
    assert dy.kg_per_vehicle == pytest.approx(0.03)
    assert dy.china_share["magnet"] == pytest.approx(0.6)
    assert dy.china_share["oxide"] == pytest.approx(0.6)
    assert dy.china_share["metal"] is None  # no metal maker on this chain
    assert dy.china_share["ore"] == pytest.approx(0.8)
    assert dy.china_share_any == pytest.approx(0.8)


def test_a_material_whose_chain_is_not_modelled_has_no_stage_shares(hand):
    # Nd: the magnet makers carry it (their part lists it), nothing above them does
    nd = material(exposure(hand.db, on=ON), "Nd metal")
    assert nd.kg_per_vehicle == pytest.approx(6 * 0.02)
    assert set(nd.china_share.values()) == {None}
    assert nd.china_share_any == pytest.approx(0.6)  # the Chinese maker itself


def test_parts_and_suppliers_roll_up(hand):
    report = exposure(hand.db, on=ON)
    parts = {(p["part"], p["material"]): p for p in report.parts}
    assert parts[("Magnet 0200", "Dy metal")]["kg_per_vehicle"] == pytest.approx(0.03)
    sup = {(s["supplier"], s["material"]): s for s in report.suppliers}
    assert sup[("MagCN", "Dy metal")]["kg_per_vehicle"] == pytest.approx(0.018)
    assert sup[("MagJP", "Dy metal")]["kg_per_vehicle"] == pytest.approx(0.012)
    assert sup[("MagJP", "Dy metal")]["china_share_any"] == pytest.approx(0.5)
    fleet = {m["material"]: m for m in report.materials}
    assert fleet["Dy metal"]["kg_per_day"] == pytest.approx(100 * 0.03)


def test_an_assembly_listing_a_material_includes_its_components(hand):
    crud.create(hand.db, "part material",
                {"part_id": hand.seat, "material_id": hand.dy_metal, "kg_per_unit": 0.1})  # fmt: skip
    dy = material(exposure(hand.db, on=ON), "Dy metal")
    assert dy.kg_per_vehicle == pytest.approx(2 * 0.1)  # not + 6 x 0.005 again


def test_measure_in_force_needs_a_licence_and_suspended_one_is_toggled(hand):
    hand.measure("OX", [hand.dy_oxide], date_effective=date(2025, 4, 4), licence_required=True)
    hand.measure("SUS", [hand.dy_metal], date_effective=date(2025, 1, 1),
                 suspended_from=date(2025, 11, 1), suspended_until=date(2026, 12, 31),
                 licence_required=True)  # fmt: skip
    dy = material(exposure(hand.db, on=ON), "Dy metal")
    assert [(h.code, h.status) for h in dy.measures] == [("OX", "in_force")]
    assert dy.licence_needed and dy.licence_measures == ["OX"]
    dy = material(exposure(hand.db, on=ON, reactivate_suspended=True), "Dy metal")
    assert [(h.code, h.status) for h in dy.measures] == [("OX", "in_force"), ("SUS", "suspended")]
    assert dy.licence_measures == ["OX", "SUS"]  # metal stage unknown: the any-stage share
    assert material(exposure(hand.db, on=ON), "Nd metal").measures == []


def test_no_licence_before_measures_take_effect_or_without_china(hand):
    hand.measure("OX", [hand.dy_oxide], date_effective=date(2025, 4, 4), licence_required=True)
    dy = material(exposure(hand.db, on=date(2024, 6, 1)), "Dy metal")
    assert dy.measures == [] and not dy.licence_needed
    # the whole chain moved out of China: the measure applies, no licence is needed
    for key in ("mag_cn", "sep_cn", "mine_cn"):
        site = crud.get(hand.db, "supply node", hand.n[key])["site_id"]
        crud.update(hand.db, "site", site, {"country": "Vietnam"})
    dy = material(exposure(hand.db, on=ON), "Dy metal")
    assert [h.code for h in dy.measures] == ["OX"] and not dy.licence_needed
    assert dy.china_share_any == 0


def test_unknown_line_is_refused(hand):
    with pytest.raises(ReplannerError, match="no production line is called 'X9'"):
        exposure(hand.db, line="X9")
    assert [ln.line for ln in exposure(hand.db, line=" l1 ").lines] == ["L1"]


# --- which measures reach which material: element stages, magnets "containing X" ---------------


def magnet_hand(hand: Hand) -> dict[str, int]:
    """The magnet part also lists its NdFeB magnet (it holds Dy); a speaker (no plant node, one
    per vehicle, China share stated 1.0) holds a plain NdFeB magnet without Dy or Tb."""
    ids = {
        "ndfeb": hand.add("material", element="NdFeB", stage="magnet", name="NdFeB magnet"),
        "ho_oxide": hand.add("material", element="Ho", stage="oxide", name="Ho oxide"),
        "ho_metal": hand.add("material", element="Ho", stage="metal", name="Ho metal"),
        "ga_metal": hand.add("material", element="Ga", stage="metal", name="Ga metal"),
        "speaker": hand.add("part", part_number="0300", description="Speaker"),
    }
    hand.add("part material", part_id=hand.magnet, material_id=ids["ndfeb"], kg_per_unit=0.1)
    hand.add("part material", part_id=ids["speaker"], material_id=ids["ndfeb"], kg_per_unit=0.05,
             china_share=1.0)  # fmt: skip
    rev = crud.find(hand.db, "BOM revision", line_id=hand.line)[0]["id"]
    hand.add("BOM line", revision_id=rev, part_id=ids["speaker"], quantity=1, level=1)
    return ids


def codes(item: Any) -> list[str]:
    return [h.code for h in item.measures]


def part_measures(report: Any, part: str, name: str) -> list[str]:
    return next(p["measures"] for p in report.parts
                if p["part"].startswith(part) and p["material"] == name)  # fmt: skip


def test_a_magnet_measure_reaches_only_magnets_holding_its_elements(hand):
    ids = magnet_hand(hand)
    eff = {"date_effective": date(2025, 4, 4), "licence_required": True}
    # like EC07: Dy oxide and metal, and NdFeB magnets containing Dy
    hand.measure("DY", [hand.dy_oxide, hand.dy_metal, ids["ndfeb"]], **eff)
    # like EC10: Ho, and magnets containing Ho: the magnet part holds no Ho
    hand.measure("HO", [ids["ho_oxide"], ids["ho_metal"], ids["ndfeb"]], **eff)
    report = exposure(hand.db, on=ON)
    ndfeb = material(report, "NdFeB magnet")
    assert codes(ndfeb) == ["DY"] and ndfeb.licence_measures == ["DY"]
    assert part_measures(report, "Magnet", "NdFeB magnet") == ["DY"]
    assert part_measures(report, "Speaker", "NdFeB magnet") == []  # no Dy in a speaker magnet
    assert codes(material(report, "Dy metal")) == ["DY"]
    assert codes(material(report, "Nd metal")) == []  # the Nd inside the magnet: not covered


def test_a_magnet_measure_reaches_a_part_once_it_holds_the_element(hand):
    ids = magnet_hand(hand)
    hand.measure("HO", [ids["ho_oxide"], ids["ndfeb"]], date_effective=date(2025, 1, 1))
    hand.add("part material", part_id=ids["speaker"], material_id=ids["ho_metal"],
             kg_per_unit=0.001)  # fmt: skip
    report = exposure(hand.db, on=ON)
    assert part_measures(report, "Speaker", "NdFeB magnet") == ["HO"]
    assert part_measures(report, "Speaker", "Ho metal") == ["HO"]  # oxide reaches the metal
    assert part_measures(report, "Magnet", "NdFeB magnet") == []


def test_a_measure_naming_only_magnets_reaches_every_magnet_of_that_kind(hand):
    ids = magnet_hand(hand)
    hand.measure("MAG", [ids["ndfeb"]], date_effective=date(2025, 1, 1), licence_required=True)
    report = exposure(hand.db, on=ON)
    assert part_measures(report, "Magnet", "NdFeB magnet") == ["MAG"]
    assert part_measures(report, "Speaker", "NdFeB magnet") == ["MAG"]
    assert codes(material(report, "Dy metal")) == [] and codes(material(report, "Nd metal")) == []


def test_element_measures_reach_later_stages_only_and_not_other_elements(hand):
    ids = magnet_hand(hand)
    hand.add("part material", part_id=hand.magnet, material_id=hand.dy_oxide, kg_per_unit=0.001)
    hand.measure("METAL", [hand.dy_metal], date_effective=date(2025, 1, 1))
    hand.measure("GA", [ids["ga_metal"]], date_effective=date(2025, 1, 1))
    report = exposure(hand.db, on=ON)
    assert codes(material(report, "Dy metal")) == ["METAL"]
    assert codes(material(report, "Dy oxide")) == []  # oxide can still leave China
    assert codes(material(report, "NdFeB magnet")) == []  # magnets are items of their own
    assert codes(material(report, "Nd metal")) == []


@pytest.mark.parametrize(
    ("covered", "row", "content", "expected"),
    [
        ([("Dy", "oxide")], ("Dy", "metal"), [], [("Dy", "oxide")]),
        ([("Dy", "ore")], ("Dy", "oxide"), [], [("Dy", "ore")]),
        ([("Dy", "metal")], ("Dy", "oxide"), [], []),  # not upstream
        ([("Nd", "oxide")], ("NdPr", "oxide"), [], [("Nd", "oxide")]),  # NdPr holds Nd
        ([("REO", "ore")], ("Tb", "oxide"), [], [("REO", "ore")]),  # concentrate of all REs
        ([("Dy", "metal")], ("Tb", "metal"), [], []),
        ([("Dy", "metal")], ("NdFeB", "magnet"), [("Dy", "metal")], []),
        ([("Dy", "metal"), ("NdFeB", "magnet")], ("NdFeB", "magnet"), [("Tb", "metal")], []),
        ([("Tb", "metal"), ("NdFeB", "magnet")], ("NdFeB", "magnet"), [("Tb", "metal")],
         [("NdFeB", "magnet")]),
        ([("Sm", "oxide"), ("SmCo", "magnet")], ("SmCo", "magnet"), [], [("SmCo", "magnet")]),
        ([("SmCo", "magnet")], ("NdFeB", "magnet"), [("Sm", "metal")], []),
        ([("graphite", "commodity")], ("graphite-anode", "commodity"), [], []),
        ([("graphite", "commodity")], ("graphite", "commodity"), [], [("graphite", "commodity")]),
        ([("Ga", "metal")], ("Ge", "metal"), [], []),
    ],
)  # fmt: skip
def test_measure_reach_rule(covered, row, content, expected):
    from rePlanner.engine.exposure import measure_reach

    assert measure_reach(covered, row, [row, *content]) == expected
