"""Matching a parsed BOM against the database: the line, its parts, its suppliers.

Parts match by exact part number (text: "0042" is not "42"). Suppliers match by name ignoring
case and spacing; a name that matches nothing gets close candidates (difflib ratio) that a person
must confirm: by choosing one, by a threshold (`accept_above`), or by asking to create it. Asking
to create never creates a near-duplicate: a name with a candidate of at least CLOSE_CANDIDATE
("Magnetik Co" next to "Magnetic Co") stays an error until it is corrected, chosen or accepted.
The supplier workbook import (supplier_import.py) matches names with the same functions.
"""

from __future__ import annotations

import difflib
import functools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from rePlanner.domain.errors import NotFoundError, ReplannerError
from rePlanner.domain.imports import BomField, ImportIssue, ParsedBom, Severity
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.persistence.models import BomRevision, Part, Program, Supplier
from rePlanner.services.bom_import_units import unit_issues
from rePlanner.services.bom_query import find_line, find_plant, plant_label, plant_sites

CANDIDATE_CUTOFF = 0.6  # weaker likenesses are noise, not suggestions
CLOSE_CANDIDATE = 0.85  # this alike is probably a typo: never created as a new supplier
SCAN_CHECK = 50_000  # rows between cancel checks while scanning
MAX_CANDIDATES = 3
PART_NUMBER_MAX = 80  # parts.part_number
DESCRIPTION_MAX = 300
UOM_MAX = 16


@functools.lru_cache(maxsize=8192)  # the same few supplier names on 500k lines
def norm(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class LineTarget:
    """The production line a BOM goes to; `create` means it is made on commit."""

    name: str
    line_id: int | None = None
    plant_site_id: int | None = None
    plant: str | None = None
    create: bool = False
    program_id: int | None = None  # an existing program of the line's name (when creating)
    current_revision_id: int | None = None
    current_revision: int | None = None
    last_revision: int = 0  # highest revision number so far (restored ones included)


def resolve_target(
    s: Session, name: str, plant: str | None, create: bool, file: str
) -> tuple[LineTarget | None, list[ImportIssue]]:
    def issue(message: str, code: str) -> list[ImportIssue]:
        return [ImportIssue(Severity.ERROR, message, file, code=code)]

    try:
        line = find_line(s, name, plant)
    except NotFoundError:
        if not create:
            return None, issue(
                f"there is no production line {name!r}"
                + (f" at {plant!r}" if plant else "")
                + "; check the name, or add --create-line to create it",
                "line_not_found",
            )
        return _new_target(s, name, plant, file)
    except ReplannerError as exc:
        return None, issue(str(exc), "line_ambiguous")
    target = LineTarget(name=line.name, line_id=line.id, plant_site_id=line.plant_site_id)
    revs = list(s.scalars(select(BomRevision).where(BomRevision.line_id == line.id)))
    target.last_revision = max((r.revision for r in revs), default=0)
    current = max((r for r in revs if r.is_current), key=lambda r: r.revision, default=None)
    if current is not None:
        target.current_revision_id, target.current_revision = current.id, current.revision
    return target, []


def _new_target(
    s: Session, name: str, plant: str | None, file: str
) -> tuple[LineTarget | None, list[ImportIssue]]:
    try:
        if plant:
            site = find_plant(s, plant)
        else:
            sites = plant_sites(s)
            if len(sites) != 1:
                known = ", ".join(repr(plant_label(x)) for x in sites)
                raise ReplannerError(
                    f"say at which plant to create line {name!r} with --plant ({known})"
                    if sites
                    else "the database has no plant of our own yet: add our company as a "
                    "supplier marked internal with a site for the plant, then import again"
                )
            site = sites[0]
    except ReplannerError as exc:
        return None, [ImportIssue(Severity.ERROR, str(exc), file, code="plant_not_found")]
    program = s.scalars(select(Program).where(Program.name == name.strip())).first()
    target = LineTarget(name=name.strip(), plant_site_id=site.id, plant=plant_label(site),
                        create=True, program_id=program.id if program else None)  # fmt: skip
    note = ImportIssue(
        Severity.WARNING,
        f"production line {target.name!r} will be created at {target.plant!r} with 0 vehicles "
        "per day and a margin of 0 EUR per vehicle"
        + ("" if program else f", building a new program {target.name!r} (powertrain ICE)")
        + ": set the real figures in the app before running scenarios",
        file,
        code="line_created",
    )
    return target, [note]


@dataclass(frozen=True, slots=True)  # one per new part: 500k on a first import
class NewPart:
    part_number: str
    description: str | None
    uom: str
    row: int


@dataclass
class PartsMatch:
    existing: dict[str, int] = field(default_factory=dict)  # part number -> id
    new: dict[str, NewPart] = field(default_factory=dict)
    issues: list[ImportIssue] = field(default_factory=list)


def known_parts(
    s: Session,
    numbers: Sequence[str],
    *columns: str,
    chunk: int = 900,
    progress: Progress | None = None,
) -> Iterator[tuple[Any, ...]]:
    """(part_number, *columns) of the parts among `numbers` that are in the database.

    When the parts table is not much bigger than the list, one scan is far cheaper than
    hundreds of IN (...) look-ups (a first import of a 100k BOM into an empty database).
    Core columns, not ORM attributes: half the cost per row. `progress` is checked for a
    cancel between chunks.
    """
    prog = progress or NullProgress()
    parts = Part.__table__.c
    wanted_cols = [parts.part_number, *(parts[c] for c in columns)]
    total = s.scalar(select(func.count()).select_from(Part)) or 0
    if total <= 4 * len(numbers):
        wanted = set(numbers)
        for n, row in enumerate(s.execute(select(*wanted_cols)).tuples()):
            if n % SCAN_CHECK == 0:
                check(prog, "matching the parts")
            if row[0] in wanted:
                yield row
        return
    for k in range(0, len(numbers), chunk):
        check(prog, "matching the parts")
        stmt = select(*wanted_cols).where(parts.part_number.in_(numbers[k : k + chunk]))
        yield from s.execute(stmt).tuples()


def match_parts(
    s: Session, parsed: ParsedBom, chunk: int = 900, progress: Progress | None = None
) -> PartsMatch:
    """Existing and new parts; differing descriptions and units are reported."""
    first: dict[str, int] = {}  # part number -> index of its first line
    for i, ln in enumerate(parsed.lines):
        if ln.part_number not in first:
            first[ln.part_number] = i
    out = PartsMatch()
    desc_col = parsed.mapping.header_of(BomField.DESCRIPTION)
    lines = parsed.lines
    units: dict[str, str] = {}  # part number -> its unit (database, else the new part's)
    found = known_parts(s, list(first), "id", "description", "uom", chunk=chunk, progress=progress)
    for pn, pid, desc, uom in found:
        out.existing[pn] = pid
        units[pn] = uom
        ln = lines[first[pn]]
        file_desc = ln.description
        if file_desc and desc and file_desc != desc and norm(file_desc) != norm(desc):
            out.issues.append(ImportIssue(
                Severity.INFO,
                f"part {pn} is called {desc!r} in the database; the file's description is "
                "not taken over (edit the part if the file is right)",
                parsed.file, parsed.sheet, ln.row, desc_col, ln.description,
                "part_description_differs",
            ))  # fmt: skip
    pn_col = parsed.mapping.header_of(BomField.PART_NUMBER)
    for pn, i in first.items():
        if pn in out.existing:
            continue
        ln = parsed.lines[i]
        if len(pn) > PART_NUMBER_MAX:
            out.issues.append(ImportIssue(
                Severity.ERROR,
                f"part number is {len(pn)} characters long; at most {PART_NUMBER_MAX} fit: check "
                "that the part number column is the right one",
                parsed.file, parsed.sheet, ln.row, pn_col, pn, "part_number_too_long",
            ))  # fmt: skip
            continue
        desc = ln.description[:DESCRIPTION_MAX] if ln.description else None
        uom = (ln.unit or "pc")[:UOM_MAX]
        out.new[pn] = NewPart(pn, desc, uom, ln.row)
        if ln.unit:
            units[pn] = uom
    check(progress or NullProgress(), "matching the parts")
    out.issues.extend(unit_issues(parsed, units, set(out.existing)))
    return out


@dataclass
class SupplierMatch:
    """One supplier name as written in the file and what it was matched to."""

    name: str
    rows: int  # lines naming it
    first_row: int
    status: str  # exact | accepted | chosen | new | unresolved
    supplier_id: int | None = None
    supplier_name: str | None = None  # the database's spelling
    candidates: list[tuple[str, float]] = field(default_factory=list)

    @property
    def close(self) -> bool:
        """A candidate so alike that this name is probably a typo of it."""
        return bool(self.candidates) and self.candidates[0][1] >= CLOSE_CANDIDATE

    @property
    def resolved_name(self) -> str:
        return self.supplier_name or self.name

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "rows": self.rows, "first_row": self.first_row,
                "status": self.status, "supplier": self.supplier_name,
                "candidates": [{"name": n, "similarity": round(r, 3)}
                               for n, r in self.candidates]}  # fmt: skip


def _supplier_names(parsed: ParsedBom) -> dict[str, SupplierMatch]:
    found: dict[str, SupplierMatch] = {}
    for ln in parsed.lines:
        if ln.supplier and ln.supplier.strip():
            key = norm(ln.supplier)
            if key in found:
                found[key].rows += 1
            else:
                found[key] = SupplierMatch(" ".join(ln.supplier.split()), 1, ln.row, "unresolved")
    return found


def known_suppliers(s: Session) -> dict[str, tuple[int, str]]:
    """Every supplier as normalised name -> (id, name as stored)."""
    return {norm(n): (i, n) for i, n in s.execute(select(Supplier.id, Supplier.name)).tuples()}


def resolve_supplier(
    m: SupplierMatch,
    known: dict[str, tuple[int, str]],
    accept_above: float | None = None,
    create: bool = False,
    choice: tuple[bool, int | None] = (False, None),
) -> None:
    """Set m's status: exact, chosen (`choice` = (made, id or None to create)), accepted above
    the threshold, new (only when `create` and nothing close exists), else unresolved."""
    key = norm(m.name)
    if key in known:
        m.status, (m.supplier_id, m.supplier_name) = "exact", known[key]
        return
    m.candidates = _candidates(key, known)
    by_id = {i: n for i, n in known.values()}
    if choice[0]:
        sid = choice[1]
        m.status = "chosen" if sid is not None else "new"
        m.supplier_id, m.supplier_name = sid, by_id.get(sid) if sid is not None else None
    elif m.candidates and accept_above is not None and m.candidates[0][1] >= accept_above:
        m.status, m.supplier_name = "accepted", m.candidates[0][0]
        m.supplier_id = known[norm(m.supplier_name)][0]
    elif create and not m.close:
        m.status = "new"


def match_suppliers(
    s: Session,
    parsed: ParsedBom,
    accept_above: float | None = None,
    create: bool = False,
    choices: Mapping[str, int | None] | None = None,
) -> tuple[dict[str, SupplierMatch], list[ImportIssue]]:
    """Supplier matches keyed by normalised file name, and the issues they raise.

    `choices` (a person's confirmations, by file name): a supplier id, or None to create it.
    """
    found = _supplier_names(parsed)
    known = known_suppliers(s)
    chosen = {norm(k): v for k, v in (choices or {}).items()}
    issues: list[ImportIssue] = []
    for key, m in found.items():
        resolve_supplier(m, known, accept_above, create, (key in chosen, chosen.get(key)))
        if m.status != "exact":
            issues.append(_supplier_issue(parsed, m, create))
    return found, issues


def _candidates(key: str, known: dict[str, tuple[int, str]]) -> list[tuple[str, float]]:
    close = difflib.get_close_matches(key, list(known), n=MAX_CANDIDATES, cutoff=CANDIDATE_CUTOFF)
    return [(known[c][1], difflib.SequenceMatcher(None, key, c).ratio()) for c in close]


def unresolved_hint(m: SupplierMatch, create: bool, create_flag: str) -> str:
    """What to do about a supplier name that matched nothing (shared by both imports)."""
    if not m.candidates:
        return f"correct the name, or use {create_flag} to add it as a new supplier"
    best, ratio = m.candidates[0]
    accept = f"accept it with --accept-suppliers-above {math.floor(ratio * 100) / 100:.2f}"
    if m.close:
        why = f" ({create_flag} does not create look-alikes)" if create else ""
        return f"it looks like {best!r} ({ratio:.2f}){why}: correct the name, or {accept}"
    return (f"did you mean {best!r} ({ratio:.2f})? Correct the name, {accept}, or use "
            f"{create_flag} to add it as a new supplier")  # fmt: skip


def _supplier_issue(parsed: ParsedBom, m: SupplierMatch, create: bool) -> ImportIssue:
    where = f"named on {m.rows} line{'s' if m.rows != 1 else ''}"
    if m.status in ("accepted", "chosen"):
        sev, code = Severity.WARNING, "supplier_matched_fuzzy"
        msg = f"supplier {m.name!r} ({where}) taken as {m.supplier_name!r}"
    elif m.status == "new":
        sev, code = Severity.WARNING, "supplier_created"
        msg = (f"supplier {m.name!r} ({where}) is not in the database and will be created "
               "(country unknown: complete it in the app)")  # fmt: skip
    else:
        sev, code = Severity.ERROR, "supplier_unknown"
        hint = unresolved_hint(m, create, "--create-suppliers")
        msg = f"supplier {m.name!r} ({where}) is not in the database; {hint}"
    column = parsed.mapping.header_of(BomField.SUPPLIER)
    return ImportIssue(sev, msg, parsed.file, parsed.sheet, m.first_row, column, m.name, code)
