"""Where a policy measure stands on a given day, from its effective, suspension and end dates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class MeasureState(StrEnum):
    ANNOUNCED = "announced"  # published, not yet effective
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"
    # The suspension has ended: by law the measure applies again unless the suspension was
    # extended, which the data may not show yet; the user has to check.
    SUSPENSION_LAPSED = "suspension_lapsed"
    UNKNOWN_DATE = "unknown_date"  # no effective date known
    ENDED = "ended"  # the measure itself has stopped applying (its own end date has passed)


@dataclass(frozen=True)
class MeasureStatus:
    """`detail` is the date that matters for the state.

    announced: the day it takes effect; in_force: the day it took effect (None if unknown);
    suspended: the day it applies again (None if open-ended); suspension_lapsed: the last day
    of the suspension; unknown_date: None; ended: the measure's own last day.
    """

    state: MeasureState
    detail: date | None = None


def measure_status(
    date_effective: date | None,
    suspended_from: date | None,
    suspended_until: date | None,
    on: date,
    *,
    date_ends: date | None = None,
) -> MeasureStatus:
    """Status on `on`; suspension and end dates are inclusive.

    Suspended until the 10th: applies again on the 11th. Ends on the 10th: still applies that
    day, ended on the 11th; until then the other dates decide.
    """
    if date_ends is not None and on > date_ends:
        return MeasureStatus(MeasureState.ENDED, date_ends)
    if date_effective is not None and on < date_effective:
        return MeasureStatus(MeasureState.ANNOUNCED, date_effective)
    suspension = _suspension_status(suspended_from, suspended_until, on)
    if suspension is not None:
        return suspension
    if date_effective is None:
        return MeasureStatus(MeasureState.UNKNOWN_DATE)
    return MeasureStatus(MeasureState.IN_FORCE, date_effective)


def _suspension_status(start: date | None, until: date | None, on: date) -> MeasureStatus | None:
    """None when no suspension is known or it has not started yet."""
    if start is None and until is None:
        return None
    if start is not None and on < start:
        return None
    if until is None:
        return MeasureStatus(MeasureState.SUSPENDED)
    if on <= until:
        return MeasureStatus(MeasureState.SUSPENDED, until + timedelta(days=1))
    return MeasureStatus(MeasureState.SUSPENSION_LAPSED, until)
