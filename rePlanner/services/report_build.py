"""build_report: one use case for the GUI's Reports page and `replanner report`/`export`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rePlanner.domain.progress import Progress
from rePlanner.io.report.document import Report, Section
from rePlanner.persistence.database import Database
from rePlanner.services.report_annex import (
    assumptions_section,
    exposure_section,
    policy_section,
    whatif_section,
)
from rePlanner.services.report_data import ReportData, ReportOptions, gather
from rePlanner.services.report_lines import excel_tables, line_sections
from rePlanner.services.report_scope import ReportScope, parse_scope
from rePlanner.services.report_summary import TITLE, cover, summary


@dataclass
class BuiltReport:
    report: Report
    data: ReportData  # the figures the document states (tests compare them with the PDF)


def build_report(
    db: Database, *, scope: ReportScope | str | None = None, scenario: str | None = None,
    options: ReportOptions | None = None, progress: Progress | None = None,
    today: date | None = None,
) -> BuiltReport:  # fmt: skip
    """The risk report for `scope` under the saved scenario `scenario` (None: the licence
    measures in force today). Reads only; nothing is written to the database."""
    sc = scope if isinstance(scope, ReportScope) else parse_scope(scope)
    data = gather(db, sc, scenario, options or ReportOptions(), progress, today)
    return BuiltReport(document(data), data)


def document(data: ReportData) -> Report:
    sections: list[Section] = [summary(data), *line_sections(data), exposure_section(data)]
    what = whatif_section(data)
    if what is not None:
        sections.append(what)
    sections += [policy_section(data), assumptions_section(data)]
    company = data.settings.company_name
    header = f"{company} · {TITLE}" if company else TITLE
    return Report(cover(data, _logo(data.settings.report_logo)), sections,
                  f"{header} · {data.scope.label} · {data.scenario}", excel_tables(data))  # fmt: skip


def _logo(path: str) -> str | None:
    return path if path and Path(path).is_file() else None
