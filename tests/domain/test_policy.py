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


EC14_ENDS = date(2026, 11, 10)  # Announcement No. 70 of 2025 is valid until this day


def test_measure_ended_the_day_after_its_end_date() -> None:
    status = measure_status(date(2025, 11, 7), None, None, TODAY, date_ends=EC14_ENDS)
    assert status == MeasureStatus(MeasureState.ENDED, EC14_ENDS)
    next_day = measure_status(
        date(2025, 11, 7), None, None, date(2026, 11, 11), date_ends=EC14_ENDS
    )
    assert next_day == MeasureStatus(MeasureState.ENDED, EC14_ENDS)


def test_last_day_of_a_measure_still_applies() -> None:
    status = measure_status(date(2025, 11, 7), None, None, EC14_ENDS, date_ends=EC14_ENDS)
    assert status == MeasureStatus(MeasureState.IN_FORCE, date(2025, 11, 7))


def test_before_its_end_date_the_other_dates_decide() -> None:
    ends = date(2027, 6, 30)
    announced = measure_status(date(2026, 12, 1), None, None, TODAY, date_ends=ends)
    assert announced == MeasureStatus(MeasureState.ANNOUNCED, date(2026, 12, 1))
    suspended = measure_status(date(2025, 1, 1), date(2026, 1, 1), None, TODAY, date_ends=ends)
    assert suspended == MeasureStatus(MeasureState.SUSPENDED, None)
    lapsed = measure_status(date(2025, 1, 1), None, date(2026, 11, 10), TODAY, date_ends=ends)
    assert lapsed.state is MeasureState.SUSPENSION_LAPSED
    assert (
        measure_status(None, None, None, TODAY, date_ends=ends).state is MeasureState.UNKNOWN_DATE
    )


def test_ended_wins_over_a_lapsed_suspension_and_an_unknown_start() -> None:
    # Once the measure itself is over, whether its suspension lapsed no longer matters.
    lapsed = measure_status(None, date(2025, 11, 10), date(2026, 1, 31), TODAY, date_ends=EC14_ENDS)
    assert lapsed == MeasureStatus(MeasureState.ENDED, EC14_ENDS)


def test_no_end_date_keeps_the_old_behaviour() -> None:
    for on in (EC14_ENDS, TODAY, date(2099, 1, 1)):
        status = measure_status(date(2025, 11, 7), None, None, on, date_ends=None)
        assert status.state is MeasureState.IN_FORCE


def test_status_is_frozen() -> None:
    status = measure_status(None, None, None, TODAY)
    with pytest.raises(FrozenInstanceError):
        status.state = MeasureState.IN_FORCE  # type: ignore[misc]
