"""ScenarioInputs: JSON round trip, validation that names the field, TTR arithmetic."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from rePlanner.domain.errors import ValidationError
from rePlanner.domain.scenario import (
    ScenarioInputs,
    is_china,
    licence_calendar_days,
    time_to_recover,
)


def test_json_round_trip_keeps_every_field():
    x = ScenarioInputs(measures=("EC07",), start=date(2025, 4, 4), materials=("Dy/oxide",),
                       suppliers=("A",), sites=("S",), nodes=(3,), duration_days=90,
                       licence_delay_days=30, denial_share=0.25, quota_cut=0.5,
                       buffer_days=10, alternatives=(21, 22))  # fmt: skip
    back = ScenarioInputs.from_dict(json.loads(json.dumps(x.to_dict())))
    assert back == x
    assert ScenarioInputs.from_dict({}) == ScenarioInputs()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"denial_share": 1.5}, "denial_share"),
        ({"quota_cut": -0.1}, "quota_cut"),
        ({"buffer_days": "ten"}, "buffer_days"),
        ({"duration_days": -1}, "duration_days"),
        ({"measures": "EC07"}, "measures"),
        ({"alternatives": [0]}, "alternatives"),
        ({"start": "2025-13-01"}, "start"),
        ({"licence_days": 45}, "licence_days"),
    ],
)
def test_validation_names_the_field(data, field):
    with pytest.raises(ValidationError) as exc:
        ScenarioInputs.from_dict(data)
    assert exc.value.issues[0].field == field
    assert f"scenario.{field}" in str(exc.value)


def test_licence_working_days_become_calendar_days():
    assert licence_calendar_days(45, 5) == 63
    assert licence_calendar_days(42, 6) == 49
    assert licence_calendar_days(10, 7) == 10


def test_recovery_ban_plus_licence_with_denials_capped_by_quickest_alternative():
    x = ScenarioInputs(measures=("EC07",), duration_days=90, licence_delay_days=45)
    assert time_to_recover(x, licence_applies=True).days == 90 + 63
    half = ScenarioInputs(licence_delay_days=45, denial_share=0.5)
    assert time_to_recover(half, licence_applies=True).days == pytest.approx(126)
    never = ScenarioInputs(denial_share=1.0)
    assert math.isinf(time_to_recover(never, licence_applies=True).days)
    ban = ScenarioInputs(duration_days=30)
    assert time_to_recover(ban, licence_applies=False).days == 30
    assert math.isinf(time_to_recover(ScenarioInputs(), licence_applies=False).days)
    rec = time_to_recover(x, licence_applies=True, alternatives={7: 120.0, 3: 80.0})
    assert (rec.days, rec.source) == (80.0, "alternative 3")
    slow = time_to_recover(ban, licence_applies=False, alternatives={3: 80.0})
    assert (slow.days, slow.source) == (30, "ban")


def test_china_spellings():
    assert is_china("China") and is_china(" CN ") and is_china("PRC")
    assert not is_china("Taiwan") and not is_china(None)
