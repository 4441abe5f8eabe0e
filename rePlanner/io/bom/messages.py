"""Every BOM import issue: its stable code, severity and the words a buyer reads.

Placeholders: {value} the cell as written, {parsed} what it was read as, {unit}, {level}, {prev},
{path}, {rows}, {count}, {first}. Issues are capped per code (MAX_PER_CODE) so that a file with
500,000 bad rows still gives a readable list: the rest is summed up in one issue of that code.

Decisions: duplicate lines (same part twice under the same parent) are a WARNING, because the
schema allows them and some BOMs list one part at two positions; both quantities count. Hidden
rows are imported with a WARNING, because Excel hides the children of collapsed outline groups
and skipping them would silently drop parts; the warning lets the user delete obsolete rows.
"""

from __future__ import annotations

from rePlanner.domain.imports import Severity
from rePlanner.io.bom.text import KNOWN_UNITS

E, W, I = Severity.ERROR, Severity.WARNING, Severity.INFO  # noqa: E741

MAX_PER_CODE = 1000

MESSAGES: dict[str, tuple[Severity, str]] = {
    "no_header": (E, "No header row with a part number column was found in the first 100 rows. "
                     "Choose the columns yourself (column mapping)."),
    "no_part_number_column": (E, "No column is mapped to the part number, so no line can be "
                                 "imported. Choose the part number column in the column mapping."),
    "no_quantity_column": (E, "No column holds the quantity: map it with --mapping (or choose it "
                              "in the column mapping) or add a Quantity column."),
    "part_number_missing": (E, "The part number is empty. Enter it, or delete the row if it is "
                               "not a part."),
    "part_number_numeric": (W, "The part number is stored as a number in Excel and was read as "
                               '"{parsed}": leading zeros or digits may have been lost. Format '
                               "the column as Text and type the number again if it is wrong."),
    "part_number_numbers": (I, "{count} part numbers are stored as numbers in Excel (first in "
                               "row {first}); they were read as text. Check that none of them "
                               "has lost leading zeros."),
    "part_number_precision": (E, "The part number {parsed} is stored as a number with 16 or "
                                 "more digits: Excel keeps only 15, so it has already changed "
                                 "the number. Format the column as Text and type the part "
                                 "number again."),
    "part_number_date": (E, "The part number is a date ({value}): Excel probably converted it. "
                            "Format the column as Text and type the part number again."),
    "excel_error": (E, "The cell shows the Excel error {value}. Fix the formula or type the "
                       "value, then import again."),
    "quantity_missing": (E, "The quantity is empty. Enter the quantity per parent assembly."),
    "quantity_not_numeric": (E, 'The quantity "{value}" is not a number. Enter the quantity per '
                                "parent assembly as a number."),
    "quantity_date": (E, "The quantity is a date ({value}): Excel probably converted it. Format "
                         "the cell as Number and type the quantity again."),
    "quantity_zero": (E, "The quantity is 0. Enter the quantity per parent assembly, or delete "
                         "the line if the part is not used."),
    "quantity_negative": (E, "The quantity {value} is negative. Enter the quantity per parent "
                             "assembly as a positive number."),
    "quantity_decimal_comma": (W, 'The quantity "{value}" was read as {parsed} (decimal comma). '
                                  "Check that this is right."),
    "quantity_with_unit": (W, 'The quantity "{value}" contains a unit; it was read as {parsed} '
                              "{unit}. Put only the number in the quantity column."),
    "unit_conflict": (E, 'The quantity "{value}" says the unit is {parsed}, but the unit column '
                         "says {unit}. Make them agree."),
    "unit_unknown": (W, 'The unit "{value}" is not a known unit (' + ", ".join(KNOWN_UNITS)
                        + "); it was kept as written. Check it."),
    "level_invalid": (E, 'The level "{value}" is not a level. Use 1, 2, 3 ..., .1 ..2 ...3 or '
                         "outline numbers such as 1.2.3."),
    "level_outline_number": (W, "The level {value} is stored as a number, so Excel may have "
                                "changed it (1.10 becomes 1.1). Format the level column as Text "
                                "and type outline numbers such as 1.10 again."),
    "level_missing": (E, "The level is empty. Enter the level of this line in the BOM."),
    "level_jump": (E, "The level jumps from {prev} to {level}: a part at level {level} must "
                      "follow an assembly at level {parsed}. Check the level or add the "
                      "missing assembly."),
    "levels_rebased": (I, "The levels start at {first}; they were read so that {first} is the "
                          "top level under the vehicle."),
    "cycle": (E, 'Part "{value}" contains itself ({path}). A BOM cannot loop: check the level '
                 "or parent of these lines."),
    "parent_not_found": (E, 'The parent part "{value}" is not a part number of this BOM. Check '
                            "the parent, or add the parent assembly as a line."),
    "parent_ambiguous": (W, 'The parent part "{value}" appears on several lines with different '
                            "parts listed under each; this line was put under the one in row "
                            "{parsed}. Check the structure."),
    "expansion_too_large": (E, "Listing every subassembly under each parent that uses it gives "
                               'more than {count} BOM lines (stopped at part "{value}"). '
                               "Check the parent column for parts listed under their own "
                               "components, or split the BOM into several files."),
    "parent_mismatch": (W, 'The parent column says "{value}" but the levels put this line under '
                           '"{parsed}". The levels were used.'),
    "duplicate_line": (W, 'Part "{value}" is listed more than once under the same parent (also '
                          "in row {parsed}); both quantities count. Merge or delete the lines "
                          "if that is not intended."),
    "hidden_rows": (W, "{rows} hidden in Excel and imported all the same. Delete hidden rows "
                       "in the file if they are obsolete."),
    "totals_skipped": (I, "This row looks like a total ({value}) and was skipped."),
    "footer_skipped": (I, "This row after the last part looks like a footer or note and was "
                          "skipped."),
    "more_issues": (I, "{count} more rows have the same problem ({value}); only the first "
                       "{first} are listed."),
}  # fmt: skip
