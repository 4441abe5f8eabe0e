"""One record of a reference CSV: typed access to its cells, errors located at that row."""

from __future__ import annotations

import math
import re
from datetime import date
from enum import StrEnum
from typing import Any, NoReturn, TypeVar

from rePlanner.domain.enums import Confidence, Stage
from rePlanner.domain.errors import DataFileError

Row = dict[str, Any]
E = TypeVar("E", bound=StrEnum)

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
_TRUE, _FALSE = {"true", "yes", "1"}, {"false", "no", "0"}
YEARS = (1900, 2100)  # years and dates outside these are refused as typos


class Cells:
    """One CSV record: typed access to its cells, errors located at this row."""

    def __init__(self, file: str, row: int, values: dict[str, str], headers: dict[str, str]):
        # values and headers are keyed by the lower-case column name
        self.file, self.row, self.values, self.headers = file, row, values, headers

    def fail(self, col: str, message: str, value: object = None) -> NoReturn:
        column = self.headers.get(col, col)
        raise DataFileError(self.file, message, row=self.row, column=column, value=value)

    def has(self, col: str) -> bool:
        """Whether the file has this (optional) column at all."""
        return col in self.headers

    def text(self, col: str) -> str | None:
        return self.values.get(col, "").strip() or None

    def required(self, col: str) -> str:
        value = self.text(col)
        if value is None:
            self.fail(col, "a value is required here")
        return value

    def number(self, col: str, *, bound: bool = False) -> tuple[float | None, str | None]:
        """(number, qualifier); with bound=True '>90' gives (90.0, '>')."""
        raw = self.text(col)
        if raw is None:
            return None, None
        qualifier = raw[0] if bound and raw[0] in "<>~" else None
        digits = raw[1:].strip() if qualifier else raw
        if _THOUSANDS.fullmatch(digits):
            digits = digits.replace(",", "")
        try:
            value = float(digits)
        except ValueError:
            self.fail(col, "not a number", raw)
        if value < 0 or not math.isfinite(value):
            self.fail(col, "must be a number of zero or more", raw)
        return value, qualifier

    def amount(self, col: str) -> float | None:
        return self.number(col)[0]

    def integer(self, col: str) -> int | None:
        value = self.amount(col)
        if value is not None and value != int(value):
            self.fail(col, "not a whole number", self.text(col))
        return None if value is None else int(value)

    def year(self, col: str) -> int | None:
        """A year from 1900 to 2100, or blank: anything else is a typo, not data."""
        value = self.integer(col)
        if value is not None and not YEARS[0] <= value <= YEARS[1]:
            self.fail(col, f"must be a year from {YEARS[0]} to {YEARS[1]}", self.text(col))
        return value

    def iso_date(self, col: str) -> date | None:
        """A date written YYYY-MM-DD, or blank."""
        raw = self.text(col)
        if raw is None:
            return None
        if not _ISO.fullmatch(raw):
            self.fail(col, "not a date written YYYY-MM-DD", raw)
        return self._date(col, raw)

    def date_in_text(self, col: str) -> date | None:
        """Free text that may hold dates: each one must be real; a bare date is returned."""
        raw = self.text(col) or ""
        for token in _ISO.findall(raw):
            self._date(col, token)
        return self._date(col, raw) if _ISO.fullmatch(raw) else None

    def _date(self, col: str, raw: str) -> date:
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            self.fail(col, "not a real calendar date", raw)
        if not YEARS[0] <= day.year <= YEARS[1]:
            self.fail(col, f"must be in a year from {YEARS[0]} to {YEARS[1]}", raw)
        return day

    def boolean(self, col: str) -> bool:
        raw = (self.text(col) or "").lower()
        if raw not in _TRUE | _FALSE:
            self.fail(col, "give true or false", self.text(col))
        return raw in _TRUE

    def enum(self, col: str, enum: type[E]) -> E:
        raw = self.required(col)
        try:
            return enum(raw.lower())
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self.fail(col, f"not one of: {allowed}", raw)

    def confidence(self) -> Confidence:
        return self.enum("confidence", Confidence)

    def material_keys(self, col: str) -> list[tuple[str, Stage]]:
        keys = []
        for item in (self.text(col) or "").replace(",", ";").split(";"):
            if not item.strip():
                continue
            element, sep, stage = item.strip().partition(":")
            if not sep or not element.strip():
                self.fail(col, "write materials as element:stage; element:stage", item.strip())
            try:
                keys.append((element.strip(), Stage(stage.strip().lower())))
            except ValueError:
                self.fail(col, f"unknown stage in {item.strip()!r}", stage.strip())
        return keys

    def check_order(self, row: Row, *cols: str) -> None:
        """The given (non-blank) values of cols must not decrease, in the order named."""
        given = [(col, row[col]) for col in cols if row.get(col) is not None]
        for (_, low), (col, high) in zip(given, given[1:], strict=False):
            if high < low:
                self.fail(col, f"must not be less than {low}", str(high))
