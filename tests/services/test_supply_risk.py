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
from rePlanner.services.governance import load_governance
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
    assert r.governance_applied is False  # no governance scores loaded: WGI = 1
    assert r.governance_missing == ["China", "Japan", "Malaysia"]
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


# Governance scores below are MADE-UP TEST DATA, not World Bank figures.
WGI = {"China": 6.0, "Japan": 2.0, "Malaysia": 4.0}


def scores(db, tmp_path, countries):
    path = tmp_path / "governance.csv"
    path.write_text("country,wgi_score,notes\n" + "".join(
        f"{c},{WGI[c]},TEST DATA - made up\n" for c in countries), encoding="utf-8")  # fmt: skip
    load_governance(db, path)


def test_governance_weights_every_country_when_all_have_a_score(hand, tmp_path):
    hand.measure("OX", [hand.dy_oxide], date_effective=date(2025, 4, 4), licence_required=True)
    scores(hand.db, tmp_path, ["China", "Japan", "Malaysia"])
    r = dy(supply_risk(hand.db, on=ON))
    assert r.governance_applied is True and r.governance_missing == []
    ours = 0.36 * 6.0 * 1.5 + 0.16 * 2.0
    world = 0.81 * 6.0 * 1.5 + 0.0025 * 4.0
    assert r.hhi_ours == pytest.approx(ours)
    assert r.hhi_global == pytest.approx(world)
    assert r.supply_risk == pytest.approx(world / 2 + ours / 2)
    assert r.notes[0].startswith("governance applied")


def test_partial_governance_names_the_countries_left_unweighted(hand, tmp_path):
    scores(hand.db, tmp_path, ["China"])
    r = dy(supply_risk(hand.db, on=date(2024, 6, 1)))
    assert r.governance_applied == "partial"
    assert r.governance_missing == ["Japan", "Malaysia"]
    assert r.hhi_ours == pytest.approx(0.36 * 6.0 + 0.16 * 1.0)  # Japan: WGI = 1, not guessed
    assert r.hhi_global == pytest.approx(0.81 * 6.0 + 0.0025 * 1.0)
    assert "no score for Japan, Malaysia" in r.notes[0]


def test_scores_of_other_countries_only_leave_governance_unapplied(hand, tmp_path):
    path = tmp_path / "governance.csv"
    path.write_text("country,wgi_score,notes\nPeru,5.0,TEST DATA - made up\n", encoding="utf-8")
    load_governance(hand.db, path)
    r = dy(supply_risk(hand.db, on=date(2024, 6, 1)))
    assert r.governance_applied is False
    assert r.hhi_ours == pytest.approx(0.36 + 0.16)
