"""Column mapping: suggestions from header names, user overrides, and reusable named profiles."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from rePlanner.domain.errors import ReplannerError
from rePlanner.domain.imports import BomField, ColumnMapping
from rePlanner.io.bom.header import SCAN_ROWS, find_header, first_label_row
from rePlanner.io.bom.match import field_scores
from rePlanner.io.bom.text import cell_text, is_blank, is_number, normalize_label

MIN_SCORE = 0.6  # below this a column is not suggested at all
SAMPLE_ROWS = 50  # data rows looked at to tell a position column from a part number column


class MappingProfileError(ReplannerError):
    """A saved mapping profile does not fit the file (a header is missing or a field unknown)."""


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters.upper():
        index = index * 26 + ord(ch) - ord("A") + 1
    return index - 1


def column_name(mapping: ColumnMapping, f: BomField) -> str | None:
    """The header text of the field's column, or its letter when the header cell is empty."""
    col = mapping.columns.get(f)
    if col is None:
        return None
    return mapping.header_of(f) or _column_letter(col)


def _is_counter(values: list[Any]) -> bool:
    """Small whole numbers going up: 10, 20, 30 is a position column, not part numbers."""
    nums = [int(v) for v in values if is_number(v) and float(v).is_integer()]
    if len(nums) < max(2, 0.8 * len(values)):
        return False
    return all(0 <= n < 100_000 for n in nums) and all(
        a < b for a, b in zip(nums, nums[1:], strict=False)
    )


def _adjust(f: BomField, score: float, sample: list[Any]) -> float:
    if f is BomField.PART_NUMBER and _is_counter(sample):
        return score - 0.1
    if f is BomField.QUANTITY and sample:
        numeric = sum(is_number(v) or bool(re.match(r"\s*\d", str(v))) for v in sample)
        return score if numeric >= len(sample) / 2 else score - 0.3
    return score


def _candidates(
    headers: list[Any], data: Sequence[Sequence[Any]]
) -> list[tuple[float, int, BomField]]:
    found = []
    for col, header in enumerate(headers):
        sample = [r[col] for r in data if col < len(r) and not is_blank(r[col])]
        for f, score in field_scores(header).items():
            found.append((round(_adjust(f, score, sample), 3), col, f))
    found.sort(key=lambda c: (-c[0], c[1]))
    return found


def _assign(
    candidates: list[tuple[float, int, BomField]],
) -> tuple[dict[BomField, int], dict[BomField, float]]:
    columns: dict[BomField, int] = {}
    scores: dict[BomField, float] = {}
    for score, col, f in candidates:
        if score >= MIN_SCORE and f not in columns and col not in columns.values():
            columns[f], scores[f] = col, min(score, 1.0)
    if BomField.PART_NUMBER not in columns:
        # without a part number nothing imports: take it back from a weaker use of "Item"
        for score, col, f in candidates:
            if f is BomField.PART_NUMBER and score >= MIN_SCORE:
                owner = next((k for k, c in columns.items() if c == col), None)
                if owner is not None:
                    del columns[owner], scores[owner]
                columns[f], scores[f] = col, min(score, 1.0)
                break
    return columns, scores


def suggest_mapping(rows: Sequence[Sequence[Any]], first_row: int = 1) -> ColumnMapping:
    """Find the header row among the first rows and suggest a column for every field it names.

    `rows` are the first rows of the sheet (rows[0] is Excel row `first_row`). Fields nobody
    names are left out; `scores` says how sure each suggestion is (1.0 = exact synonym).
    """
    guess = find_header(rows, first_row)
    if guess.index < 0:
        guess = first_label_row(rows, first_row)
    if guess.index < 0:
        return ColumnMapping(header_row=0, columns={})
    raw = list(rows[guess.index])
    data = rows[guess.index + 1 : guess.index + 1 + SAMPLE_ROWS]
    columns, scores = _assign(_candidates(raw, data))
    headers = [cell_text(v).strip() for v in raw]
    return ColumnMapping(guess.row, columns, headers, scores)


def override(mapping: ColumnMapping, f: BomField, column: int | None) -> ColumnMapping:
    """The mapping with `f` set to `column` (None: not imported); a column feeds one field only."""
    columns = {k: c for k, c in mapping.columns.items() if k is not f and c != column}
    scores = {k: s for k, s in mapping.scores.items() if k in columns}
    if column is not None:
        columns[f], scores[f] = column, 1.0
    return ColumnMapping(mapping.header_row, columns, list(mapping.headers), scores)


def mapping_to_profile(mapping: ColumnMapping) -> dict[str, str]:
    """field -> header text (JSON-able), so the profile still fits when columns move.

    A column without a header text is saved by its letter in brackets, e.g. "[C]".
    """
    profile = {}
    for f, col in sorted(mapping.columns.items(), key=lambda kv: kv[1]):
        header = mapping.header_of(f)
        profile[f.value] = header if header else f"[{_column_letter(col)}]"
    return profile


def _find_column(wanted: str, headers: Sequence[str]) -> int | None:
    texts = [h.strip() for h in headers]
    if wanted.strip() in texts:
        return texts.index(wanted.strip())
    key = normalize_label(wanted)
    for i, h in enumerate(texts):
        if key and normalize_label(h) == key:
            return i
    letter = re.fullmatch(r"\[([A-Za-z]{1,3})\]", wanted.strip())
    return _column_index(letter.group(1)) if letter else None


def _fields(profile: dict[str, Any]) -> dict[BomField, str]:
    known = {f.value: f for f in BomField}
    unknown = [k for k in profile if k not in known]
    if unknown:
        names = ", ".join(sorted(known))
        raise MappingProfileError(
            f"the mapping profile names unknown field(s) {', '.join(map(repr, unknown))}; "
            f"known fields are: {names}"
        )
    return {known[k]: str(v) for k, v in profile.items() if v not in (None, "")}


def apply_profile(
    profile: dict[str, Any], headers: Sequence[Any], header_row: int = 1
) -> ColumnMapping:
    """The mapping a saved profile gives for these headers; no suggestions are mixed in.

    Raises MappingProfileError naming every header the file lacks.
    """
    texts = [cell_text(h).strip() for h in headers]
    columns, missing = {}, []
    for f, wanted in _fields(profile).items():
        col = _find_column(wanted, texts)
        if col is None:
            missing.append(f'"{wanted}" (for {f.value.replace("_", " ")})')
        else:
            columns[f] = col
    if missing:
        shown = ", ".join(f'"{t}"' for t in texts if t) or "none"
        raise MappingProfileError(
            f"the file has no column {' and no column '.join(missing)} that the mapping profile "
            f"expects (header row {header_row} has: {shown}); choose the columns again or "
            "use another profile"
        )
    return ColumnMapping(header_row, columns, texts, {f: 1.0 for f in columns})


def apply_profile_to_rows(
    profile: dict[str, Any], rows: Sequence[Sequence[Any]], first_row: int = 1
) -> ColumnMapping:
    """Find the header row holding the profile's headers (it may have moved) and apply it."""
    wanted = list(_fields(profile).values())
    best_index, best_hits = 0, -1
    for i, row in enumerate(rows[:SCAN_ROWS]):
        texts = [cell_text(v).strip() for v in row]
        hits = sum(_find_column(w, texts) is not None and not w.startswith("[") for w in wanted)
        if hits > best_hits:
            best_index, best_hits = i, hits
    headers = list(rows[best_index]) if rows else []
    return apply_profile(profile, headers, first_row + best_index)
