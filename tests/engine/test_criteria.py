"""Criteria view of alternative sources: formulas, unknowns, reasons, ranks and weights."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

import pytest

from rePlanner.domain import regions
from rePlanner.engine.criteria import (
    CRITERIA,
    Candidate,
    CriteriaRow,
    Need,
    Plant,
    Weights,
    score,
)

STUTTGART = Plant("Germany", 48.776, 9.183)
NEED = Need(per_day=500, required_certifications=("IATF 16949",))
ONLY = {name: 0.0 for name in CRITERIA}


def _only(**weights: float) -> Weights:
    """Weights that are 0 except the ones named."""
    return Weights(**{**ONLY, **weights})


def _one(candidate: Candidate, plant: Plant = STUTTGART, need: Need = NEED) -> CriteriaRow:
    (row,) = score([candidate], plant, need)
    return row


def _full(key: str = "a", name: str = "Alpha", **changes: Any) -> Candidate:
    base = Candidate(
        key,
        name,
        capacity_per_day=400,
        qualify_days=90,
        premium_pct=20,
        china_share=0.4,
        country="Germany",
        latitude=48.137,  # Munich
        longitude=11.575,
        certifications=("IATF 16949:2016", "ISO 14001"),
        country_risk=0.3,
    )
    return replace(base, **changes)


def test_sub_scores_match_the_documented_formulas() -> None:
    row = _one(_full())
    km = regions.distance_km(48.776, 9.183, 48.137, 11.575)
    assert row.scores["capacity"] == pytest.approx(400 / 500)
    assert row.scores["time"] == pytest.approx(1 / (1 + 90 / 90))
    assert row.scores["premium"] == pytest.approx(1 / (1 + 20 / 20))
    assert row.scores["china"] == pytest.approx(0.6)
    assert row.scores["country_risk"] == pytest.approx(0.7)
    assert row.scores["certifications"] == 1.0
    # Same country: locality 1, averaged with the distance score.
    assert row.scores["proximity"] == pytest.approx((1 + 1 / (1 + km / 1000)) / 2)
    assert row.distance_km == pytest.approx(km)
    assert row.unknown == ()


@pytest.mark.parametrize(
    ("change", "criterion", "expected"),
    [
        ({"capacity_per_day": 1000}, "capacity", 1.0),
        ({"capacity_per_day": 125}, "capacity", 0.25),
        ({"qualify_days": 180}, "time", 1 / 3),
        ({"qualify_days": 0}, "time", 1.0),
        ({"premium_pct": 60}, "premium", 0.25),
        ({"premium_pct": -10}, "premium", 1.0),
        ({"china_share": 1.0}, "china", 0.0),
        ({"country_risk": 0.0}, "country_risk", 1.0),
        ({"certifications": ("ISO 9001",)}, "certifications", 0.0),
    ],
)
def test_sub_score_cases(change: dict[str, Any], criterion: str, expected: float) -> None:
    assert _one(_full(**change)).scores[criterion] == pytest.approx(expected)


def test_certifications_score_the_share_held_and_match_loosely() -> None:
    need = Need(500, ("IATF 16949", "ISO 14001", "ISO 45001"))
    row = _one(_full(certifications=("iatf-16949", "ISO14001:2015")), need=need)
    assert row.scores["certifications"] == pytest.approx(2 / 3)
    assert "missing certification ISO 45001" in row.reasons


def test_total_is_the_normalised_weighted_mean() -> None:
    (row,) = score([_full()], STUTTGART, NEED, _only(capacity=3, time=1))
    assert row.total == pytest.approx((3 * 0.8 + 1 * 0.5) / 4)
    (same,) = score([_full()], STUTTGART, NEED, _only(capacity=30, time=10))
    assert same.total == pytest.approx(row.total)


def test_reasons_name_strengths_and_weaknesses_in_words() -> None:
    candidate = _full(qualify_days=120, certifications=("ISO 9001",), premium_pct=0)
    row = _one(candidate)
    assert "covers 80 % of the need (400 of 500 per day)" in row.details["capacity"]
    assert row.details["time"] == "delivers in 120 days"
    assert row.details["china"] == "depends on China for 40 % of its material"
    assert "missing certification IATF 16949" in row.reasons
    assert "same country as the plant (Germany)" in row.details["proximity"]
    # Strongest first: no premium (score 1) beats everything else; weakest last.
    assert row.reasons[0] == "no cost premium"
    assert row.reasons[-1] == "missing certification IATF 16949"


def test_same_trade_region_and_distance_from_centroids() -> None:
    row = _one(Candidate("ee", "Narva", country="Estonia"))
    assert row.local is True
    assert row.region == "EU"
    assert "same trade region as the plant (EU)" in row.details["proximity"]
    assert "km from the plant (estimated from country centroids)" in row.details["proximity"]
    lat, lon = regions.centroid("Estonia") or (0.0, 0.0)
    km = regions.distance_km(48.776, 9.183, lat, lon)
    assert row.distance_km == pytest.approx(km)
    assert f"{km:,.0f} km" in row.details["proximity"]
    assert row.scores["proximity"] == pytest.approx((0.5 + 1 / (1 + km / 1000)) / 2)


def test_outside_the_region_is_not_local() -> None:
    row = _one(Candidate("us", "Fort Worth", country="USA", latitude=32.75, longitude=-97.33))
    assert row.local is False
    assert row.region is None
    km = regions.distance_km(48.776, 9.183, 32.75, -97.33)
    assert row.scores["proximity"] == pytest.approx((0 + 1 / (1 + km / 1000)) / 2)


def test_two_centroids_of_one_country_give_no_distance() -> None:
    row = _one(Candidate("de", "Somewhere in Germany", country="Deutschland"), Plant("Germany"))
    assert row.distance_km is None
    assert row.local is True
    assert row.scores["proximity"] == 1.0


def test_unknown_values_score_neutral_with_a_reason() -> None:
    row = _one(Candidate("x", "Dy-free grade", kind="design"))
    expected_unknown = CRITERIA  # every value unknown, certifications included
    assert row.unknown == expected_unknown
    assert all(row.scores[c] == 0.5 for c in expected_unknown)
    assert row.total == pytest.approx(0.5)
    for text in ("capacity unknown", "time to qualify unknown", "cost premium unknown"):
        assert any(r.startswith(text) for r in row.reasons), text
    assert "location unknown (scored neutral)" in row.reasons
    assert row.local is False


def test_unknown_need_is_neutral_and_no_requirement_scores_full() -> None:
    row = _one(_full(), need=Need())
    assert row.scores["capacity"] == 0.5
    assert "the line's daily need unknown (scored neutral)" in row.reasons
    assert row.scores["certifications"] == 1.0
    assert "certifications" not in row.unknown


def test_a_source_in_china_counts_as_china_dependent() -> None:
    row = _one(Candidate("cn", "Ningbo", country="PRC"))
    assert row.scores["china"] == 0.0
    assert "china" not in row.unknown


def test_ranks_best_first_with_ties_by_name() -> None:
    good = _full("g", "Good", premium_pct=0)
    twin_b = _full("a", "Beta")
    twin_a = _full("b", "alpha")  # ties ignore case: alpha before Beta
    rows = score([twin_b, good, twin_a], STUTTGART, NEED)
    assert [(r.rank, r.name) for r in rows] == [(1, "Good"), (2, "alpha"), (3, "Beta")]
    assert rows[1].total == rows[2].total


def test_near_expensive_versus_far_cheap_flips_with_the_weights() -> None:
    common = {"capacity_per_day": 500.0, "qualify_days": 60.0, "china_share": 0.1}
    near = Candidate("n", "Near", premium_pct=35, country="Czechia", **common)  # type: ignore[arg-type]
    far = Candidate("f", "Far", premium_pct=0, country="Vietnam", **common)  # type: ignore[arg-type]
    proximity_first = score([far, near], STUTTGART, NEED, Weights.parse("proximity=5,premium=1"))
    premium_first = score([far, near], STUTTGART, NEED, Weights.parse("proximity=1,premium=5"))
    assert [r.key for r in proximity_first] == ["n", "f"]
    assert [r.key for r in premium_first] == ["f", "n"]


def _random_candidates(rng: random.Random, n: int) -> list[Candidate]:
    countries = ["Germany", "France", "Czechia", "USA", "Japan", "China", "Brazil", None]
    return [
        Candidate(
            f"k{i}",
            f"Source {i}",
            capacity_per_day=rng.choice([None, rng.uniform(0, 900)]),
            qualify_days=rng.uniform(0, 400),
            premium_pct=rng.uniform(0, 50),
            china_share=rng.choice([None, rng.random()]),
            country=rng.choice(countries),
            certifications=rng.choice([None, (), ("IATF 16949",)]),
            country_risk=rng.random(),
        )
        for i in range(n)
    ]


def test_raising_a_weight_never_moves_a_better_candidate_down() -> None:
    rng = random.Random(7)
    moved_up = 0
    for _ in range(40):
        candidates = _random_candidates(rng, 6)
        base = Weights(**{c: rng.uniform(0.2, 2) for c in CRITERIA})
        before = {r.key: r for r in score(candidates, STUTTGART, NEED, base)}
        for criterion in CRITERIA:
            raised = replace(base, **{criterion: getattr(base, criterion) * 4})
            after = {r.key: r for r in score(candidates, STUTTGART, NEED, raised)}
            for a in before.values():
                for b in before.values():
                    if a.scores[criterion] > b.scores[criterion] and a.rank < b.rank:
                        assert after[a.key].rank < after[b.key].rank, (criterion, a.key, b.key)
            best = max(before.values(), key=lambda r: r.scores[criterion])
            assert after[best.key].rank <= best.rank
            moved_up += after[best.key].rank < best.rank
    assert moved_up > 0  # the property was exercised, not vacuously true


def test_weights_parse() -> None:
    w = Weights.parse(" capacity=2, time=0.5 ,")
    assert (w.capacity, w.time, w.premium, w.certifications) == (2.0, 0.5, 1.0, 1.0)
    assert Weights.parse("") == Weights()
    assert sum(w.normalised().values()) == pytest.approx(1.0)
    assert w.normalised()["capacity"] == pytest.approx(2 / 7.5)


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        ("speed=1", ["'speed'", "valid keys: capacity, time, premium, china, proximity"]),
        ("time=fast", ["time", "'fast'"]),
        ("time=-1", ["time", "-1"]),
        ("proximity", ["'proximity'", "key=value"]),
        ("time=1,time=2", ["'time'", "twice"]),
        (",".join(f"{c}=0" for c in CRITERIA), ["at least one weight"]),
    ],
)
def test_weights_parse_errors_name_the_problem(text: str, fragments: list[str]) -> None:
    with pytest.raises(ValueError) as err:
        Weights.parse(text)
    for fragment in fragments:
        assert fragment in str(err.value)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"china_share": 1.5}, "china_share"),
        ({"country_risk": -0.1}, "country_risk"),
        ({"capacity_per_day": -1}, "capacity_per_day"),
        ({"kind": "robot"}, "kind"),
        ({"latitude": 123.0}, "latitude"),
    ],
)
def test_candidate_refuses_bad_values(change: dict[str, Any], field: str) -> None:
    with pytest.raises(ValueError, match=field):
        _full(**change)


def test_duplicate_keys_are_refused() -> None:
    with pytest.raises(ValueError, match="unique"):
        score([_full("a", "One"), _full("a", "Two")], STUTTGART, NEED)
