"""Turning the data rows of a mapped sheet into BomLineIn, one row at a time.

Only mapped columns are looked at. What the structure needs later (level cells, indentation,
parent part numbers) is kept in compact int arrays, so a 500,000-row BOM holds little more than
its BomLineIn objects.

This runs for every row of files with hundreds of thousands of them: the mapped cells are picked
with one itemgetter call, the usual cells (text, whole and decimal numbers) are read inline and
anything else goes to the readers in cells.py, which decide every unusual case. Repeated texts
(descriptions, suppliers, units) share one string object.
"""

from __future__ import annotations

import math
import string
from array import array
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from rePlanner.domain.imports import BomField, BomLineIn, ColumnMapping, Formatting
from rePlanner.io.bom import cells
from rePlanner.io.bom.mapping import column_name
from rePlanner.io.bom.sink import IssueSink
from rePlanner.io.bom.text import TOTAL_WORDS, is_blank, is_number, is_total_label, normalize_unit

F = BomField
Cells = tuple[Any, ...]  # the mapped cells of one row, in the order of RowReader.fields
_TOTAL_FIRST = frozenset(w[0] for w in TOTAL_WORDS)  # a total label starts with one of these
_INTERN_MAX = 100_000  # distinct texts shared; beyond that a cache would cost more than it saves
_INF = math.inf
# first characters that cannot start a total label: digits, and letters no total word starts with
_PLAIN_START = frozenset(
    ch for ch in string.digits + string.ascii_letters if ch.casefold() not in _TOTAL_FIRST
)


class RowReader:
    def __init__(self, mapping: ColumnMapping, formatting: Formatting | None, sink: IssueSink):
        self.mapping, self.sink = mapping, sink
        self.formatting = formatting or Formatting()
        self.cols = dict(mapping.columns)
        self.fields = list(self.cols)
        self.names = {f: column_name(mapping, f) for f in self.cols}
        self.lines: list[BomLineIn] = []
        self._hidden_rows = self.formatting.hidden_rows
        self.level_num, self.level_depth = array("i"), array("i")
        self.position_depth = array("i")
        self.indent = {f: array("i") for f in (F.DESCRIPTION, F.PART_NUMBER)}
        self.spaces = {f: array("i") for f in (F.DESCRIPTION, F.PART_NUMBER)}
        self.parents: list[str | None] = []
        self._implicit = F.LEVEL not in self.cols and F.PARENT not in self.cols
        self.level_outline = self.position_outline = False
        self._pending: list[tuple[int, Cells]] = []  # rows without a part number: footer?
        self._hidden: list[tuple[int, int]] = []  # runs of hidden data rows
        self._numeric_pn: list[int] = []  # [count, first row]
        self._fill: dict[int, tuple[int, Any]] = {}  # column -> (last row, value) of merges
        self._merges: dict[int, list[tuple[int, int]]] = {}
        for r1, c1, r2, _c2 in self.formatting.merged:
            if r2 > r1 and c1 - 1 in self.cols.values():
                self._merges.setdefault(r1, []).append((c1 - 1, r2))
        self._pos = {f: i for i, f in enumerate(self.fields)}  # field -> index in Cells
        at = self._pos.get
        self._ipn, self._iqty, self._iunit = (
            at(F.PART_NUMBER, -1),
            at(F.QUANTITY, -1),
            at(F.UNIT, -1),
        )
        self._idesc, self._isup, self._ipos = (
            at(F.DESCRIPTION, -1),
            at(F.SUPPLIER, -1),
            at(F.POSITION, -1),
        )
        self._ilevel, self._iparent = at(F.LEVEL, -1), at(F.PARENT, -1)
        self._width = max(self.cols.values(), default=-1) + 1
        self._pick = _picker(list(self.cols.values()))
        self._strings: dict[str, str] = {}
        self._units: dict[Any, tuple[str | None, str | None]] = {}

    @property
    def rows_read(self) -> int:
        """Data rows read as lines (blank, total and footer rows are not)."""
        return len(self.lines)

    # --- one row ------------------------------------------------------------------------

    def _cells(self, number: int, row: Sequence[Any]) -> Cells:
        width = len(row)
        got = self._pick(row if width >= self._width else [*row, *[None] * (self._width - width)])
        if not self._merges:
            return got
        for col, last in self._merges.get(number, ()):
            if col < width:
                self._fill[col] = (last, row[col])  # a value merged down over several rows
        if not self._fill:
            return got
        out = list(got)
        for k, col in enumerate(self.cols.values()):
            fill = self._fill.get(col)
            if fill is not None and number <= fill[0] and is_blank(out[k]):
                out[k] = fill[1]
        return tuple(out)

    def feed(self, number: int, row: Sequence[Any]) -> None:
        """Read Excel row `number` (a data row under the header)."""
        got = self._cells(number, row)
        pn = got[self._ipn]
        pn_blank = pn is None or (type(pn) is str and (not pn or pn.isspace()))
        if pn_blank and all(is_blank(v) for v in got):
            return
        if pn_blank or (
            type(pn) is str
            and pn[:1] not in _PLAIN_START  # cheap: most part numbers stop here
            and is_total_label(pn)
            and not any(ch.isdigit() for ch in pn)
        ):
            total = next((v for v in row if is_total_label(v)), None)
            if total is not None:
                self.sink.add("totals_skipped", row=number, value=str(total).strip())
                return
        if pn_blank and _footer_like(got):
            self._pending.append((number, got))  # a footer if no part follows it
            return
        if self._pending:
            for pending in self._pending:
                self._line(*pending)
            self._pending.clear()
        self._line(number, got)

    def _add(self, code: str | None, f: BomField, number: int, value: Any, **words: Any) -> None:
        if code == "part_number_int":
            if not self._numeric_pn:
                self._numeric_pn = [0, number]
            self._numeric_pn[0] += 1
        elif code:
            self.sink.add(code, row=number, column=self.names.get(f), value=value, **words)

    def _share(self, text: str | None) -> str | None:
        """The one copy of a repeated text (descriptions and suppliers repeat a lot)."""
        if not text:
            return text
        strings = self._strings
        return (
            strings.setdefault(text, text)
            if len(strings) < _INTERN_MAX
            else strings.get(text, text)
        )

    def _line(self, number: int, got: Cells) -> None:
        """One BOM line; the usual cells are read right here, the rest by cells.py."""
        raw = got[self._ipn]
        if type(raw) is not str or not (pn := raw.strip()):
            pn, code = cells.part_number(raw)  # type: ignore[assignment]
            self._add(code, F.PART_NUMBER, number, raw, parsed=pn)
        unit = None
        if self._iunit >= 0:
            raw = got[self._iunit]
            known = self._units.get(raw) if type(raw) is str else None
            unit = known[0] if known is not None and known[1] is None else self._unit(number, raw)
        if self._iqty < 0:
            qty: float | None = 1.0
        else:
            raw = got[self._iqty]
            t = type(raw)
            if (t is float or t is int) and 0 < raw < _INF:
                qty = float(raw)  # the usual case: a positive number, no unit in the cell
            else:
                qty, unit = self._quantity(number, raw, unit)
        description = supplier = None
        strings = self._strings
        if self._idesc >= 0:
            raw = got[self._idesc]
            if type(raw) is not str:
                description = self._text(F.DESCRIPTION, number, raw)
            elif text := raw.strip():
                description = strings.get(text) or self._share(text)
        if self._isup >= 0:
            raw = got[self._isup]
            if type(raw) is not str:
                supplier = self._text(F.SUPPLIER, number, raw)
            elif text := raw.strip():
                supplier = strings.get(text) or self._share(text)
        position = 0
        if self._ipos >= 0:
            position, depth = cells.position(got[self._ipos])
            self.position_depth.append(depth)
            self.position_outline |= depth > 1
        if self._ilevel >= 0:
            raw = got[self._ilevel]
            if type(raw) is int:
                self.level_num.append(raw)  # the usual case: a level number
                self.level_depth.append(1)
            else:
                self._level(number, raw)
        if self._iparent >= 0 or self._implicit:
            self._structure(number, got)
        if self._hidden_rows and number in self._hidden_rows:
            self._hide(number)
        self.lines.append(BomLineIn(number, pn or "", qty or 0.0, 1, None, description, unit,
                                    supplier, position))  # fmt: skip

    def _text(self, f: BomField, number: int, value: Any) -> str | None:
        """A description or supplier cell that is not text (a number, a date, an error)."""
        if value is None:
            return None
        text, code = cells.text(value)
        self._add(code, f, number, value)
        return self._share(text)

    def _unit(self, number: int, value: Any) -> str | None:
        known = self._units.get(value) if type(value) is str else None
        if known is None:
            known = cells.unit(value)
            if type(value) is str and len(self._units) < _INTERN_MAX:
                self._units[value] = (self._share(known[0]), known[1])
        unit, code = known
        if code:
            self._add(code, F.UNIT, number, value)
        return unit

    def _quantity(self, number: int, raw: Any, unit: str | None) -> tuple[float | None, str | None]:
        """A quantity cell other than a positive number, and the unit it may carry."""
        qty, in_cell, codes = cells.quantity(raw)
        said = (normalize_unit(in_cell) or in_cell) if in_cell else None
        for code in codes:
            self._add(code, F.QUANTITY, number, raw, parsed=f"{qty:g}" if qty else "", unit=said)
        if said and unit is None:
            unit = said
            if normalize_unit(said) is None:
                self._add("unit_unknown", F.QUANTITY, number, in_cell)
        elif said and said != unit:
            self._add("unit_conflict", F.QUANTITY, number, raw, parsed=said, unit=unit)
        return qty, unit

    def _level(self, number: int, raw: Any) -> None:
        lv, depth, code = cells.level(raw)
        self._add(code, F.LEVEL, number, raw)
        self.level_num.append(lv)
        self.level_depth.append(depth)
        self.level_outline |= depth > 1 and lv < 0  # "1.2.3", not "..2"

    def _structure(self, number: int, got: Cells) -> None:
        """Parent part numbers, or the indentation that may give the levels."""
        if self._iparent >= 0:
            raw = got[self._iparent]
            if type(raw) is str:
                self.parents.append(self._share(raw.strip() or None))
            else:
                self.parents.append(cells.part_number(raw)[0])
        if not self._implicit:
            return  # a level or parent column gives the structure: indentation is not needed
        indents = self.formatting.indents
        for f in (F.DESCRIPTION, F.PART_NUMBER):
            k = self._pos.get(f)
            if k is None:
                continue
            self.indent[f].append(indents.get((number, self.cols[f]), 0) if indents else 0)
            self.spaces[f].append(cells.leading_spaces(got[k]))

    def _hide(self, number: int) -> None:
        if self._hidden and self._hidden[-1][1] == number - 1:
            self._hidden[-1] = (self._hidden[-1][0], number)
        else:
            self._hidden.append((number, number))

    # --- after the last row --------------------------------------------------------------

    def close(self) -> None:
        """Report what could only be judged at the end: footers, hidden runs, numeric cells."""
        for number, got in self._pending:
            shown = next((v for v in got if not is_blank(v)), None)
            self.sink.add("footer_skipped", row=number, value=shown)
        self._pending.clear()
        for first, last in self._hidden:
            rows = f"Row {first} is" if first == last else f"Rows {first}–{last} are"
            self.sink.add("hidden_rows", row=first, rows=rows)
        if self._numeric_pn:
            count, first = self._numeric_pn
            self.sink.add("part_number_numbers", row=first, column=self.names[F.PART_NUMBER],
                          count=count, first=first)  # fmt: skip
        self._strings.clear()  # the lines keep what they use
        self._units.clear()


def _picker(columns: list[int]) -> Callable[[Sequence[Any]], Cells]:
    """row -> the mapped cells as a tuple, in one C call."""
    if len(columns) == 1:
        col = columns[0]
        return lambda row: (row[col],)
    return itemgetter(*columns)


def _footer_like(got: Cells) -> bool:
    """Only numbers (a sum under the quantity column), or a single note."""
    filled = [v for v in got if not is_blank(v)]
    return all(is_number(v) for v in filled) or len(filled) == 1
