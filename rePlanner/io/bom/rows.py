"""Turning the data rows of a mapped sheet into BomLineIn, one row at a time.

Only mapped columns are looked at. What the structure needs later (level cells, indentation,
parent part numbers) is kept in compact int arrays, so a 500,000-row BOM holds little more than
its BomLineIn objects.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Sequence
from typing import Any

from rePlanner.domain.imports import BomField, BomLineIn, ColumnMapping, Formatting
from rePlanner.io.bom import cells
from rePlanner.io.bom.mapping import column_name
from rePlanner.io.bom.sink import IssueSink
from rePlanner.io.bom.text import is_blank, is_number, is_total_label, normalize_unit

F = BomField
Cells = dict[BomField, Any]


class RowReader:
    def __init__(self, mapping: ColumnMapping, formatting: Formatting | None, sink: IssueSink):
        self.mapping, self.sink = mapping, sink
        self.formatting = formatting or Formatting()
        self.cols = dict(mapping.columns)
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

    # --- one row ------------------------------------------------------------------------

    def _cells(self, number: int, row: Sequence[Any]) -> Cells:
        for col, last in self._merges.get(number, ()):
            if col < len(row):
                self._fill[col] = (last, row[col])  # a value merged down over several rows
        out: Cells = {}
        for f, col in self.cols.items():
            value = row[col] if col < len(row) else None
            if (
                self._fill
                and is_blank(value)
                and col in self._fill
                and number <= self._fill[col][0]
            ):
                value = self._fill[col][1]
            out[f] = value
        return out

    def feed(self, number: int, row: Sequence[Any]) -> None:
        """Read Excel row `number` (a data row under the header)."""
        got = self._cells(number, row)
        if all(is_blank(v) for v in got.values()):
            return
        pn = got.get(F.PART_NUMBER)
        if is_blank(pn) or (is_total_label(pn) and not any(ch.isdigit() for ch in str(pn))):
            total = next((v for v in row if is_total_label(v)), None)
            if total is not None:
                self.sink.add("totals_skipped", row=number, value=str(total).strip())
                return
        if is_blank(pn) and _footer_like(got):
            self._pending.append((number, got))  # a footer if no part follows it
            return
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

    def _line(self, number: int, got: Cells) -> None:
        self.rows_read += 1
        raw_pn = got.get(F.PART_NUMBER)
        pn, code = cells.part_number(raw_pn)
        self._add(code, F.PART_NUMBER, number, raw_pn, parsed=pn)
        qty, unit = self._quantity(number, got)
        description = self._text(F.DESCRIPTION, number, got)
        supplier = self._text(F.SUPPLIER, number, got)
        position = 0
        if F.POSITION in self.cols:
            position, depth = cells.position(got[F.POSITION])
            self.position_depth.append(depth)
            self.position_outline |= depth > 1
        self._structure(number, got)
        if number in self.formatting.hidden_rows:
            self._hide(number)
        line = BomLineIn(number, pn or "", qty or 0.0, 1, None, description, unit,
                         sys.intern(supplier) if supplier else None, position)  # fmt: skip
        self.lines.append(line)

    def _text(self, f: BomField, number: int, got: Cells) -> str | None:
        if f not in self.cols:
            return None
        text, code = cells.text(got[f])
        self._add(code, f, number, got[f])
        return text

    def _quantity(self, number: int, got: Cells) -> tuple[float | None, str | None]:
        unit: str | None = None
        if F.UNIT in self.cols:
            unit, code = cells.unit(got[F.UNIT])
            self._add(code, F.UNIT, number, got[F.UNIT])
        if F.QUANTITY not in self.cols:
            return 1.0, unit
        raw = got[F.QUANTITY]
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
        if F.LEVEL in self.cols:
            lv, depth, code = cells.level(got[F.LEVEL])
            self._add(code, F.LEVEL, number, got[F.LEVEL])
            self.level_num.append(lv)
            self.level_depth.append(depth)
            self.level_outline |= depth > 1 and lv < 0  # "1.2.3", not "..2"
        if F.PARENT in self.cols:
            self.parents.append(cells.part_number(got[F.PARENT])[0])
        if not self._implicit:
            return  # a level or parent column gives the structure: indentation is not needed
        indents = self.formatting.indents
        for f in (F.DESCRIPTION, F.PART_NUMBER):
            col = self.cols.get(f)
            if col is None:
                continue
            self.indent[f].append(indents.get((number, col), 0) if indents else 0)
            self.spaces[f].append(cells.leading_spaces(got[f]))

    def _hide(self, number: int) -> None:
        if self._hidden and self._hidden[-1][1] == number - 1:
            self._hidden[-1] = (self._hidden[-1][0], number)
        else:
            self._hidden.append((number, number))

    # --- after the last row --------------------------------------------------------------

    def close(self) -> None:
        """Report what could only be judged at the end: footers, hidden runs, numeric cells."""
        for number, got in self._pending:
            shown = next((v for v in got.values() if not is_blank(v)), None)
            self.sink.add("footer_skipped", row=number, value=shown)
        self._pending.clear()
        for first, last in self._hidden:
            rows = f"Row {first} is" if first == last else f"Rows {first}–{last} are"
            self.sink.add("hidden_rows", row=first, rows=rows)
        if self._numeric_pn:
            count, first = self._numeric_pn
            self.sink.add("part_number_numbers", row=first, column=self.names[F.PART_NUMBER],
                          count=count, first=first)  # fmt: skip


def _footer_like(got: Cells) -> bool:
    """Only numbers (a sum under the quantity column), or a single note."""
    filled = [v for v in got.values() if not is_blank(v)]
    return all(is_number(v) for v in filled) or len(filled) == 1
