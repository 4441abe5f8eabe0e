"""Exposure on the demo company: B1 Norvik needs export licences for Dy and Tb under EC07."""

from __future__ import annotations

from datetime import date

import pytest

from rePlanner.services.exposure import exposure
from rePlanner.services.supply_risk import supply_risk
from rePlanner.services.workspace import build_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    result = build_demo(str(tmp_path_factory.mktemp("demo") / "demo.sqlite"))
    yield result.db
    result.db.dispose()


def test_b1_norvik_needs_licences_for_dy_and_tb_under_ec07(demo):
    report = exposure(demo, on=date(2026, 1, 15), line="B1 Norvik")
    (line,) = report.lines
    mats = {m.material: m for m in line.materials}
    for name in ("Dy metal", "Tb metal"):
        m = mats[name]
        assert m.kg_per_vehicle > 0
        assert "EC07" in m.licence_measures and m.licence_needed
        assert ("EC07", "in_force") in {(h.code, h.status) for h in m.measures}
        assert m.china_share["oxide"] > 0.5  # heavy rare earths are separated in China
    assert "EC07" not in {h.code for h in mats["Pr metal"].measures}
    # EC07 covers NdFeB magnets (with Dy/Tb), not the Nd metal inside them
    assert "EC07" not in {h.code for h in mats["Nd metal"].measures}
    assert "EC07" in mats["NdFeB magnet"].licence_measures


def test_before_april_2025_ec07_does_not_apply(demo):
    report = exposure(demo, on=date(2025, 3, 1), line="B1 Norvik")
    dy = next(m for m in report.lines[0].materials if m.material == "Dy metal")
    assert "EC07" not in {h.code for h in dy.measures} and not dy.licence_needed


def test_every_line_and_a_supply_risk_per_material(demo):
    report = exposure(demo, on=date(2026, 1, 15))
    assert len(report.lines) == 7 and report.parts and report.suppliers
    risks = {r.material: r for r in supply_risk(demo, on=date(2026, 1, 15))}
    dy = risks["Dy metal"]
    assert dy.alarm and dy.alarm_country == "China" and dy.china_trade == 1.5
    assert dy.supply_risk is not None and sum(dy.our_shares.values()) == pytest.approx(1.0)


def test_ec07_reaches_the_magnets_of_parts_holding_dy_or_tb_only(demo):
    # EC07 covers "NdFeB magnet material containing Tb or Dy": N-grade magnets (speakers,
    # cabin comfort motors) hold neither, so their magnets are not covered
    report = exposure(demo, on=date(2026, 1, 15))
    content: dict[tuple[str, str], dict[str, list[str]]] = {}
    for p in report.parts:
        content.setdefault((p["line"], p["part"]), {})[p["material"]] = p["measures"]
    seen = set()
    for mats in content.values():
        if "NdFeB magnet" in mats:
            heavy = "Dy metal" in mats or "Tb metal" in mats
            assert ("EC07" in mats["NdFeB magnet"]) == heavy
            seen.add(heavy)
    assert seen == {True, False}  # both kinds of magnet part are in the demo
