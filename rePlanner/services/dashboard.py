"""The dashboard's numbers: a line x material heat map of survival vs recovery time
(services.dashboard_heat), the top risks of a scenario (services.dashboard_risks), the policy
calendar and the quota history (services.dashboard_policy). No Qt.

This module gathers them: the UI and the report import them from here.
"""

from __future__ import annotations

from rePlanner.services.dashboard_heat import (
    CLOSE_RATIO,
    HeatCell,
    HeatMap,
    Level,
    cut_off_inputs,
    heat_map,
    heat_map_on,
    line_elements,
)
from rePlanner.services.dashboard_policy import (
    CalendarEvent,
    EventKind,
    MeasureEntry,
    PolicyCalendar,
    QuotaPoint,
    policy_calendar,
    quota_history,
)
from rePlanner.services.dashboard_risks import (
    RISK_COLUMNS,
    Risk,
    TopRisks,
    risk_overview,
    risks_of,
    risks_table,
    scenario_inputs,
    top_risks,
)

__all__ = [
    "CLOSE_RATIO", "RISK_COLUMNS", "CalendarEvent", "EventKind", "HeatCell", "HeatMap", "Level",
    "MeasureEntry", "PolicyCalendar", "QuotaPoint", "Risk", "TopRisks", "cut_off_inputs",
    "heat_map", "heat_map_on", "line_elements", "policy_calendar", "quota_history",
    "risk_overview", "risks_of", "risks_table", "scenario_inputs", "top_risks",
]  # fmt: skip
