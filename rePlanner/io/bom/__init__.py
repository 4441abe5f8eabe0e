"""BOM sheets: header detection, column mapping, structure and validation (rows -> ParsedBom).

Input is plain rows (lists of cell values as the readers in io/spreadsheet give them) plus an
optional Formatting; nothing here opens files or touches the database.
"""

from __future__ import annotations

from rePlanner.io.bom.header import HeaderGuess, choose_sheet, find_header
from rePlanner.io.bom.mapping import (
    MappingProfileError,
    apply_profile,
    apply_profile_to_rows,
    column_name,
    mapping_to_profile,
    override,
    suggest_mapping,
)
from rePlanner.io.bom.match import field_scores
from rePlanner.io.bom.parser import parse_bom
from rePlanner.io.bom.text import KNOWN_UNITS, normalize_unit

__all__ = [
    "KNOWN_UNITS",
    "HeaderGuess",
    "MappingProfileError",
    "apply_profile",
    "apply_profile_to_rows",
    "choose_sheet",
    "column_name",
    "field_scores",
    "find_header",
    "mapping_to_profile",
    "normalize_unit",
    "override",
    "parse_bom",
    "suggest_mapping",
]
