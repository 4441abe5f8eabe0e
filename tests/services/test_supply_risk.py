"""Supply-risk score (EU CRM formula) on the hand-made network of test_exposure.

Dy metal: no metal maker on the chain, so our mix is taken at the magnet stage (the nearest
downstream stage with sites): China 0.6, Japan 0.4. With measure OX in force on Dy oxide,
t_China = 1.5: HHI(ours) = 0.6^2 x 1.5 + 0.4^2 = 0.70. Global (market shares, rare earths /
separation / 2024): China 0.9, Malaysia 0.05: HHI = 0.81 x 1.5 + 0.0025 = 1.2175.
SR with IR = 1, EoL_RIR = 0, SI = 1: 1.2175 / 2 + 0.70 / 2 = 0.95875.
"""

from __future__ import annotations

from datetime import date

import pytest

from rePlanner.services import crud
from rePlanner.services.supply_risk import supply_risk
from tests.services.test_exposure import ON, Hand


@pytest.fixture
def hand(db) -> Hand:
    h = Hand(db)
    for country, share in (("China", 0.9), ("Malaysia", 0.05)):
        crud.create(db, "market share", {"commodity": "rare earths", "stage": "separation",
                                         "year": 2024, "country": country, "share": share})  # fmt: skip
    return h


def dy(rows):
    return next(r for r in rows if r.material == "Dy metal")


def test_formula_on_the_hand_case_with_a_measure_in_force(hand):
    hand.measure("OX", [hand.dy_oxide], date_effective=date(2025, 4, 4), licence_required=True)
    r = dy(supply_risk(hand.db, on=ON))
    assert r.stage_used == "magnet"
    assert r.our_shares == pytest.approx({"China": 0.6, "Japan": 0.4})
    assert r.china_trade == 1.5
    assert r.hhi_ours == pytest.approx(0.70)
    assert r.hhi_global == pytest.approx(1.2175)
    assert r.global_coverage == pytest.approx(0.95)
    assert r.supply_risk == pytest.approx(0.95875)
    assert r.alarm and r.alarm_country == "China"
    assert not r.governance_applied  # no sourced WGI table: WGI = 1
    r = dy(supply_risk(hand.db, on=ON, import_reliance=0.5, eol_rir=0.2, substitution=0.9))
    assert r.supply_risk == pytest.approx((1.2175 * 0.25 + 0.70 * 0.75) * 0.8 * 0.9)


def test_without_a_measure_in_force_china_is_not_penalised(hand):
    hand.measure("OX", [hand.dy_oxide], date_effective=date(2025, 4, 4), licence_required=True)
    r = dy(supply_risk(hand.db, on=date(2024, 6, 1)))
    assert r.china_trade == 1.0
    assert r.hhi_ours == pytest.approx(0.36 + 0.16)
    assert r.hhi_global == pytest.approx(0.81 + 0.0025)


def test_alarm_threshold_is_configurable(hand):
    r = dy(supply_risk(hand.db, on=ON, alarm_share=0.7))
    assert not r.alarm and r.alarm_country is None


def test_no_market_shares_gives_no_score_but_keeps_our_hhi(db):
    h = Hand(db)
    r = dy(supply_risk(h.db, on=ON))
    assert r.hhi_global is None and r.supply_risk is None
    assert r.hhi_ours == pytest.approx(0.52)
