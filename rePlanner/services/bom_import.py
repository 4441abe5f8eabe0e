"""Importing a BOM: read the file, match it against the database, preview, then commit.

    parsed = read_bom_file(path, sheet=..., profile=...)       # io: rows -> ParsedBom
    preview = match_bom(db, parsed, "B1 Norvik")                # nothing written
    if preview.ok: result = commit_bom(db, preview)             # one unit of work

The preview lists every issue at once (the file's and the matching's), the parts to be created,
how each supplier name was matched and the diff against the line's current revision.
Unknown suppliers are errors unless the user confirms a candidate (`supplier_choices`, or
`accept_suppliers_above`) or asks for them to be created (`create_suppliers`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rePlanner.domain.imports import ImportIssue, ParsedBom, Severity
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.io.files import file_sha256
from rePlanner.persistence.database import Database
from rePlanner.services.bom_import_diff import (
    BomDiff,
    FileLine,
    KeyedLine,
    all_added,
    diff_keyed,
    keyed,
)
from rePlanner.services.bom_import_match import (
    LineTarget,
    PartsMatch,
    SupplierMatch,
    match_parts,
    match_suppliers,
    norm,
    resolve_target,
)
from rePlanner.services.bom_query import keyed_revision
from rePlanner.services.session import current_user


@dataclass
class BomPreview:
    parsed: ParsedBom
    line_name: str
    target: LineTarget | None  # None: the line could not be resolved (see issues)
    parts: PartsMatch
    suppliers: dict[str, SupplierMatch]  # by normalised name as written in the file
    issues: list[ImportIssue]
    diff: BomDiff
    file_sha256: str | None = None
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.target is not None and not self.errors

    @property
    def errors(self) -> list[ImportIssue]:
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def next_revision(self) -> int:
        return (self.target.last_revision if self.target else 0) + 1

    def supplier_for(self, name: str | None) -> SupplierMatch | None:
        return self.suppliers.get(norm(name)) if name and name.strip() else None

    def as_dict(self, diff_limit: int | None = None) -> dict[str, Any]:
        """The import-bom JSON (without the commit's own fields)."""
        t = self.target
        return {
            "ok": self.ok,
            "file": self.parsed.file,
            "sheet": self.parsed.sheet,
            "line": t.name if t else self.line_name,
            "plant_site_id": t.plant_site_id if t else None,
            "create_line": bool(t and t.create),
            "rows_read": self.parsed.rows_read,
            "lines": len(self.parsed.lines),
            "current_revision": t.current_revision if t else None,
            "next_revision": self.next_revision if t else None,
            "parts": {"new": len(self.parts.new), "existing": len(self.parts.existing)},
            "suppliers": [m.as_dict() for m in self.suppliers.values()],
            "issues": [i.as_dict() for i in self.issues],
            "diff": self.diff.as_dict(diff_limit),
        }


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building 100k's of small acyclic objects.

    Each collection walks every live object; with a 500k-line BOM in memory that tripled the
    time of a match. Reference counting still frees everything as usual.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def match_bom(
    db: Database,
    parsed: ParsedBom,
    line: str,
    *,
    plant: str | None = None,
    create_line: bool = False,
    accept_suppliers_above: float | None = None,
    create_suppliers: bool = False,
    supplier_choices: Mapping[str, int | None] | None = None,
    sha256: str | None = None,
    progress: Progress | None = None,
) -> BomPreview:
    """Match `parsed` against the database for production line `line`; writes nothing.

    `progress` hears each step and is checked for a cancel between steps and between chunks
    of parts; a cancel raises Cancelled.
    """
    options = {"plant": plant, "create_line": create_line, "create_suppliers": create_suppliers,
               "accept_suppliers_above": accept_suppliers_above}  # fmt: skip
    with gc_paused():
        return _match(db, parsed, line, options, supplier_choices, sha256,
                      progress or NullProgress())  # fmt: skip


def _match(
    db: Database,
    parsed: ParsedBom,
    line: str,
    options: dict[str, Any],
    supplier_choices: Mapping[str, int | None] | None,
    sha256: str | None,
    prog: Progress,
) -> BomPreview:
    what, steps = "matching the BOM", 4
    check(prog, what)
    with db.session(current_user(), audit=False) as s:
        prog.update(0, steps, "matching the production line")
        target, line_issues = resolve_target(
            s, line, options["plant"], options["create_line"], parsed.file
        )
        prog.update(1, steps, "matching parts")
        parts = match_parts(s, parsed, progress=prog)
        prog.update(2, steps, "matching suppliers")
        check(prog, what)
        suppliers, sup_issues = match_suppliers(
            s, parsed, options["accept_suppliers_above"], options["create_suppliers"],
            supplier_choices,
        )  # fmt: skip
        prog.update(3, steps, "comparing with the current BOM")
        check(prog, what)
        old = {}
        if target is not None and target.current_revision_id is not None:
            old = keyed_revision(s, target.current_revision_id)
    check(prog, what)
    issues = [*parsed.issues, *line_issues, *parts.issues, *sup_issues]
    if not parsed.lines and parsed.ok:
        issues.append(ImportIssue(
            Severity.ERROR,
            f"no BOM lines were found in sheet {parsed.sheet!r}: check that it is the BOM sheet "
            "and that the part number and quantity columns are mapped",
            parsed.file, parsed.sheet, code="bom_empty",
        ))  # fmt: skip
    against = target.current_revision if target else None
    lines = _file_lines(parsed, suppliers)
    if old:
        new = keyed((path, pn, KeyedLine(q, sup, row)) for path, pn, q, sup, row in lines)
        diff = diff_keyed(old, new, against)
    else:
        diff = all_added(lines, against)  # the line's first BOM: no keys needed
    check(prog, what)
    prog.update(steps, steps, "matched")
    sha = sha256 or file_sha256(parsed.file)
    return BomPreview(parsed, line, target, parts, suppliers, issues, diff, sha, options)


def _file_lines(parsed: ParsedBom, suppliers: dict[str, SupplierMatch]) -> Iterator[FileLine]:
    """(parent part path, part number, quantity, supplier, row) of each line, in file order."""
    lines = parsed.lines
    paths: list[tuple[str, ...] | None] = [None] * len(lines)  # parent part path of each line
    below: dict[int, tuple[str, ...]] = {}  # line index -> path down to and including it

    def path_below(i: int) -> tuple[str, ...]:
        chain: list[int] = []
        j: int | None = i
        while j is not None and j not in below:
            chain.append(j)
            if len(chain) > len(lines):  # a cycle: the parser reports it as an error
                return ()
            j = lines[j].parent
        base = () if j is None else below[j]
        for k in reversed(chain):
            base = below[k] = (*base, lines[k].part_number)
        return base

    names: dict[str | None, str | None] = {None: None}  # file spelling -> database spelling
    for name in {ln.supplier for ln in lines}:
        m = suppliers.get(norm(name)) if name and name.strip() else None
        names[name] = m.resolved_name if m else None

    for i, ln in enumerate(lines):
        p = ln.parent
        if p is None:
            path: tuple[str, ...] = ()
        elif (path := below.get(p)) is None:  # type: ignore[assignment]
            above = paths[p] if p < i else None  # the parser puts parents first
            path = below[p] = (*above, lines[p].part_number) if above is not None else path_below(p)
        paths[i] = path
        yield path, ln.part_number, ln.quantity, names[ln.supplier], ln.row


def read_bom_file(
    path: str | Path,
    *,
    sheet: str | None = None,
    profile: dict[str, Any] | None = None,
    max_rows: int | None = None,
    progress: Progress | None = None,
) -> ParsedBom:
    """Read and parse a BOM file: the one place that joins the readers and the parser.

    `sheet` None: the sheet that looks most like a BOM. `profile` is a saved mapping
    (io.bom.mapping_to_profile's dict); without it the columns are suggested from the headers.
    `max_rows` raises or lowers the reader's row limit. Hostile or unreadable files raise
    DataFileError, a profile that does not fit the file MappingProfileError.
    """
    from rePlanner.io.bom import (
        apply_profile_to_rows,
        choose_sheet,
        parse_bom,
        suggest_mapping,
    )
    from rePlanner.io.spreadsheet import DETECT_ROWS, Limits, open_workbook

    prog = progress or NullProgress()
    limits = Limits(max_rows=max_rows) if max_rows else Limits()
    with gc_paused(), open_workbook(path, limits=limits) as book:
        if sheet is None:
            heads = {n: book.read_sheet(n, DETECT_ROWS).rows for n in book.sheet_names()}
            sheet = choose_sheet(heads)
        head = book.read_sheet(sheet, DETECT_ROWS)
        if profile:
            mapping = apply_profile_to_rows(profile, head.rows, head.first_row)
        else:
            mapping = suggest_mapping(head.rows, head.first_row)
        return parse_bom(
            book.iter_rows(sheet, prog, start=mapping.header_row),
            file=str(path), sheet=sheet, first_row=mapping.header_row + 1,
            formatting=book.read_formatting(sheet), mapping=mapping, progress=prog,
            total_rows=max(0, (book.sheet_rows(sheet) or 0) - mapping.header_row),
        )  # fmt: skip
