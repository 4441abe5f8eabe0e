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


class RowReader:
    def __init__(self, mapping: ColumnMapping, formatting: Formatting | None, sink: IssueSink):
        self.mapping, self.sink = mapping, sink
        self.formatting = formatting or Formatting()
        self.cols = dict(mapping.columns)
        self.fields = list(self.cols)
        self.names = {f: column_name(mapping, f) for f in self.cols}
        self.lines: list[BomLineIn] = []
        self.rows_read = 0
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
        self._width = max(self.cols.values(), default=-1) + 1
        self._pick = _picker(list(self.cols.values()))
        self._strings: dict[str, str] = {}
        self._units: dict[Any, tuple[str | None, str | None]] = {}

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
        pn = got[self._pos[F.PART_NUMBER]]
        pn_blank = is_blank(pn)
        if pn_blank and all(is_blank(v) for v in got):
            return
        if pn_blank or (
            type(pn) is str
            and pn.lstrip()[:1].casefold()[:1] in _TOTAL_FIRST  # cheap: most rows stop here
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
        shared = self._strings.get(text)
        if shared is not None:
            return shared
        if len(self._strings) < _INTERN_MAX:
            self._strings[text] = text
        return text

    def _line(self, number: int, got: Cells) -> None:
        self.rows_read += 1
        pos = self._pos
        raw_pn = got[pos[F.PART_NUMBER]]
        if type(raw_pn) is str and (pn := raw_pn.strip()):
            pass  # the usual case: text as typed
        else:
            pn, code = cells.part_number(raw_pn)  # type: ignore[assignment]
            self._add(code, F.PART_NUMBER, number, raw_pn, parsed=pn)
        qty, unit = self._quantity(number, got)
        description = self._text(F.DESCRIPTION, number, got)
        supplier = self._text(F.SUPPLIER, number, got)
        position = 0
        if F.POSITION in pos:
            position, depth = cells.position(got[pos[F.POSITION]])
            self.position_depth.append(depth)
            self.position_outline |= depth > 1
        self._structure(number, got)
        hidden = self.formatting.hidden_rows
        if hidden and number in hidden:
            self._hide(number)
        line = BomLineIn(number, pn or "", qty or 0.0, 1, None, description, unit, supplier,
                         position)  # fmt: skip
        self.lines.append(line)

    def _text(self, f: BomField, number: int, got: Cells) -> str | None:
        k = self._pos.get(f)
        if k is None:
            return None
        value = got[k]
        if type(value) is str:
            return self._share(value.strip() or None)
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

    def _quantity(self, number: int, got: Cells) -> tuple[float | None, str | None]:
        pos = self._pos
        unit = self._unit(number, got[pos[F.UNIT]]) if F.UNIT in pos else None
        k = pos.get(F.QUANTITY)
        if k is None:
            return 1.0, unit
        raw = got[k]
        t = type(raw)
        if (t is float or t is int) and 0 < raw < _INF:
            return float(raw), unit  # the usual case: a positive number, no unit in the cell
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

    def _structure(self, number: int, got: Cells) -> None:
        pos = self._pos
        if F.LEVEL in pos:
            raw = got[pos[F.LEVEL]]
            if type(raw) is int:
                lv, depth = raw, 1  # the usual case: a level number
            else:
                lv, depth, code = cells.level(raw)
                self._add(code, F.LEVEL, number, raw)
            self.level_num.append(lv)
            self.level_depth.append(depth)
            self.level_outline |= depth > 1 and lv < 0  # "1.2.3", not "..2"
        if F.PARENT in pos:
            raw = got[pos[F.PARENT]]
            if type(raw) is str:
                self.parents.append(self._share(raw.strip() or None))
            else:
                self.parents.append(cells.part_number(raw)[0])
        if not self._implicit:
            return  # a level or parent column gives the structure: indentation is not needed
        indents = self.formatting.indents
        for f in (F.DESCRIPTION, F.PART_NUMBER):
            k = pos.get(f)
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
    return itemgetter(*columns)  # type: ignore[return-value]


def _footer_like(got: Cells) -> bool:
    """Only numbers (a sum under the quantity column), or a single note."""
    filled = [v for v in got if not is_blank(v)]
    return all(is_number(v) for v in filled) or len(filled) == 1
