from __future__ import annotations

from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from rePlanner.domain.policy import MeasureState, MeasureStatus, measure_status

TODAY = date(2026, 11, 29)


def test_announced_before_effective_date() -> None:
    status = measure_status(date(2026, 12, 1), None, None, TODAY)
    assert status == MeasureStatus(MeasureState.ANNOUNCED, date(2026, 12, 1))


def test_in_force_from_effective_date_inclusive() -> None:
    status = measure_status(TODAY, None, None, TODAY)
    assert status == MeasureStatus(MeasureState.IN_FORCE, TODAY)


def test_suspended_reports_the_day_it_applies_again() -> None:
    status = measure_status(date(2025, 11, 8), date(2025, 11, 10), date(2026, 11, 29), TODAY)
    assert status.state is MeasureState.SUSPENDED
    assert status.detail == date(2026, 11, 30)


def test_suspended_open_ended() -> None:
    status = measure_status(date(2025, 11, 8), date(2025, 11, 10), None, TODAY)
    assert status == MeasureStatus(MeasureState.SUSPENDED, None)


def test_suspension_until_without_start_counts_as_suspended() -> None:
    status = measure_status(date(2025, 4, 4), None, date(2026, 12, 31), TODAY)
    assert status.state is MeasureState.SUSPENDED


def test_suspension_not_started_yet_is_in_force() -> None:
    status = measure_status(date(2025, 1, 1), date(2026, 12, 1), date(2027, 1, 1), TODAY)
    assert status.state is MeasureState.IN_FORCE


def test_suspension_that_ended_is_lapsed_not_in_force() -> None:
    # The data's suspensions that ended 2026-11-10 and 2026-11-27: the user must check them.
    for until in (date(2026, 11, 10), date(2026, 11, 27)):
        status = measure_status(date(2025, 11, 8), date(2025, 11, 10), until, TODAY)
        assert status == MeasureStatus(MeasureState.SUSPENSION_LAPSED, until)


def test_last_day_of_suspension_is_still_suspended() -> None:
    status = measure_status(date(2025, 11, 8), None, TODAY, TODAY)
    assert status.state is MeasureState.SUSPENDED


def test_unknown_effective_date() -> None:
    assert measure_status(None, None, None, TODAY) == MeasureStatus(MeasureState.UNKNOWN_DATE)


def test_unknown_effective_date_but_known_suspension() -> None:
    status = measure_status(None, date(2025, 11, 10), date(2026, 11, 10), TODAY)
    assert status.state is MeasureState.SUSPENSION_LAPSED


def test_status_is_frozen() -> None:
    status = measure_status(None, None, None, TODAY)
    with pytest.raises(FrozenInstanceError):
        status.state = MeasureState.IN_FORCE  # type: ignore[misc]
