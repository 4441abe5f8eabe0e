"""Find the header row of a BOM (under titles, logos and blank rows) and the sheet that holds it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from rePlanner.domain.imports import BomField
from rePlanner.io.bom.match import best_field
from rePlanner.io.bom.text import is_blank, looks_numeric, normalize_label

SCAN_ROWS = 100  # the header is within the first rows of any export we know
MIN_FIELD_SCORE = 0.6
_BOM_SHEET_WORDS = ("bom", "stuckliste", "stueckliste", "nomenclature", "lista de materiales",
                    "物料清单", "部品表", "構成表", "bill of material")  # fmt: skip


@dataclass(frozen=True)
class HeaderGuess:
    index: int  # 0-based index into the rows looked at; -1 when nothing looks like a header
    row: int  # Excel row number of the header (0 when not found)
    score: float  # higher is surer; 0 means no header was recognised
    fields: frozenset[BomField] = field(default_factory=frozenset)


def _filled(row: Sequence[Any]) -> list[Any]:
    return [v for v in row if not is_blank(v)]


def _label_fields(row: Sequence[Any]) -> dict[BomField, float]:
    best: dict[BomField, float] = {}
    for value in row:
        f, score = best_field(value, fuzzy=False)
        if f is not None and score >= MIN_FIELD_SCORE:
            best[f] = max(best.get(f, 0.0), score)
    return best


def _data_follows(rows: Sequence[Sequence[Any]], index: int, width: int) -> bool:
    """Whether rows under `index` look like data: filled rows with at least one number."""
    seen = good = 0
    for row in rows[index + 1 : index + 12]:
        filled = _filled(row)
        if not filled:
            continue
        seen += 1
        good += len(filled) >= max(2, width // 2) and any(looks_numeric(v) for v in filled)
        if seen == 5:
            break
    return good >= min(2, seen) and good > 0


def row_score(rows: Sequence[Sequence[Any]], index: int) -> tuple[float, frozenset[BomField]]:
    """How much rows[index] looks like a BOM header row."""
    filled = _filled(rows[index])
    if len(filled) < 2:
        return 0.0, frozenset()  # titles, logos and merged banners fill one cell
    fields = _label_fields(rows[index])
    if len(fields) < 2:
        return 0.0, frozenset(fields)
    labels = sum(isinstance(v, str) and not looks_numeric(v) for v in filled) / len(filled)
    score = sum(fields.values()) + 0.5 * labels
    score += 0.5 * (BomField.PART_NUMBER in fields)
    score += 0.5 * _data_follows(rows, index, len(filled))
    return score, frozenset(fields)


def find_header(rows: Sequence[Sequence[Any]], first_row: int = 1) -> HeaderGuess:
    """The most header-like row among the first SCAN_ROWS rows (Excel numbering from first_row)."""
    best = HeaderGuess(-1, 0, 0.0)
    for i in range(min(len(rows), SCAN_ROWS)):
        score, fields = row_score(rows, i)
        if score > best.score:
            best = HeaderGuess(i, first_row + i, score, fields)
    return best


def first_label_row(rows: Sequence[Sequence[Any]], first_row: int = 1) -> HeaderGuess:
    """Fallback for unknown header words: the first row of two or more text labels."""
    for i, row in enumerate(rows[:SCAN_ROWS]):
        filled = _filled(row)
        if len(filled) >= 2 and all(isinstance(v, str) and not looks_numeric(v) for v in filled):
            return HeaderGuess(i, first_row + i, 0.0)
    return HeaderGuess(-1, 0, 0.0)


def _name_bonus(name: str) -> float:
    label = normalize_label(name).replace(" ", "")
    return 0.25 if any(w.replace(" ", "") in label for w in _BOM_SHEET_WORDS) else 0.0


def choose_sheet(heads: dict[str, list[list[Any]]]) -> str:
    """The sheet that looks most like a BOM, given the first rows of each sheet (in file order).

    Ties go to the earlier sheet; when no sheet has a recognisable header, a sheet named like a
    BOM ("BOM", "Stückliste", ...) wins, else the first sheet that is not empty.
    """
    if not heads:
        raise ValueError("the workbook has no sheets")
    best_name, best_score = "", -1.0
    for name, rows in heads.items():
        score = find_header(rows).score
        score += _name_bonus(name) + (0.01 if any(_filled(r) for r in rows) else 0.0)
        if score > best_score:
            best_name, best_score = name, score
    return best_name
