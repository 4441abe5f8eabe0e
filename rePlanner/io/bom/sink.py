"""Collects import issues with file and sheet filled in, capped per code for huge files."""

from __future__ import annotations

from collections import Counter
from typing import Any

from rePlanner.domain.imports import ImportIssue
from rePlanner.io.bom.messages import MAX_PER_CODE, MESSAGES


class _Words(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return ""


class IssueSink:
    def __init__(self, file: str, sheet: str, limit: int = MAX_PER_CODE) -> None:
        self.file, self.sheet, self.limit = file, sheet, limit
        self.issues: list[ImportIssue] = []
        self.counts: Counter[str] = Counter()

    def add(
        self,
        code: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: Any = None,
        **words: Any,
    ) -> None:
        self.counts[code] += 1
        if self.counts[code] > self.limit:
            return
        severity, template = MESSAGES[code]
        shown = "" if value is None else value
        message = template.format_map(_Words(value=shown, **words))
        self.issues.append(
            ImportIssue(severity, message, self.file, self.sheet, row, column, value, code)
        )

    def finish(self) -> list[ImportIssue]:
        """All issues, with one summary per code that went over the limit."""
        for code, count in self.counts.items():
            if count > self.limit:
                severity = MESSAGES[code][0]
                template = MESSAGES["more_issues"][1]
                message = template.format(count=count - self.limit, value=code, first=self.limit)
                self.issues.append(ImportIssue(severity, message, self.file, self.sheet, code=code))
        return self.issues
