"""What the import wizard needs for the fixed-layout workbooks: which kind a file is, a dry run
(the check) and the commit, for supplier, supply-network and alternative-source workbooks.

These files have fixed sheets and columns, so there is no mapping step: the kind is guessed from
sheet names and headers, the dry run lists every issue and what would change, and the commit
runs the same service for real. Every kind is all or nothing; the commit also checks for Cancel
just before the transaction commits, so a cancelled import writes nothing even when the service
itself (alternatives) takes no progress.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rePlanner.domain.imports import BomField, SheetData
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.services.bom_import_inspect import BomFileHead, inspect_bom_file, suggest_bom_mapping
from rePlanner.services.network_import_base import ImportResult
from rePlanner.services.tables import Column, TableData

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from rePlanner.persistence.database import Database


class WorkbookKind(StrEnum):
    BOM = "bom"
    SUPPLIERS = "suppliers"
    NETWORK = "network"
    ALTERNATIVES = "alternatives"


# columns only an alternative-sources sheet has (a supplier sheet shares Name and Country)
_ALTERNATIVE_ONLY = {"kind", "material", "capacity_per_day", "capacity_text",
                     "earliest_available", "qualification_days", "ramp_days",
                     "cost_premium_pct", "status", "confidence", "depends_on", "certifications"}  # fmt: skip


@dataclass
class KindGuess:
    """The kind a workbook looks like (None: not recognised) and why, for the user."""

    kind: WorkbookKind | None
    reason: str
    head: BomFileHead  # the sheets' first rows (the BOM path reuses them)


def detect_kind(path: str | Path, progress: Progress | None = None) -> KindGuess:
    """Read the first rows of every sheet and guess the kind (hostile files raise)."""
    head = inspect_bom_file(path, progress)
    kind, reason = guess_kind(head.heads, str(path))
    return KindGuess(kind, reason, head)


def guess_kind(
    heads: dict[str, list[list[Any]]], file: str = ""
) -> tuple[WorkbookKind | None, str]:
    """The kind from sheet names first, then headers: (kind, reason) or (None, reason)."""
    from rePlanner.io.network.alternatives import ALTERNATIVE_COLS, SHEET_NAMES
    from rePlanner.io.network.cells import find_table, norm
    from rePlanner.io.network.network import LINK_SHEETS, NODE_SHEETS
    from rePlanner.io.network.suppliers import LINK_COLS, SUPPLIER_COLS

    names = {norm(n): n for n in heads}
    nodes = next((names[n] for n in NODE_SHEETS if n in names), None)
    links = next((names[n] for n in LINK_SHEETS if n in names), None)
    if nodes and links:
        return WorkbookKind.NETWORK, f"sheets “{nodes}” and “{links}”: a supply network"
    alt = next((names[n] for n in SHEET_NAMES if n in names), None)
    if alt:
        return WorkbookKind.ALTERNATIVES, f"sheet “{alt}”: alternative sources"
    sheets = [SheetData(file, n, rows) for n, rows in heads.items()]
    for sheet in sheets:
        table = find_table(sheet, ALTERNATIVE_COLS)
        if table is not None and len(table.columns.keys() & _ALTERNATIVE_ONLY) >= 2:
            return WorkbookKind.ALTERNATIVES, f"the columns of sheet “{sheet.sheet}”: " \
                "alternative sources"  # fmt: skip
    for sheet in sheets:
        if find_table(sheet, LINK_COLS) or find_table(sheet, SUPPLIER_COLS):
            return WorkbookKind.SUPPLIERS, f"the columns of sheet “{sheet.sheet}”: suppliers"
    for sheet in sheets:
        cols = suggest_bom_mapping(sheet.rows).columns if sheet.rows else {}
        if BomField.PART_NUMBER in cols and BomField.QUANTITY in cols:
            return WorkbookKind.BOM, f"the columns of sheet “{sheet.sheet}”: a BOM"
    return None, "no sheet looks like a BOM, supplier, network or alternatives workbook"


def check_workbook(
    db: Database,
    path: str | Path,
    kind: WorkbookKind,
    *,
    name: str | None = None,
    accept_suppliers_above: float | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """The dry run: every issue and what would change; nothing is written."""
    return _run(db, path, kind, True, name, accept_suppliers_above, progress or NullProgress())


def import_workbook(
    db: Database,
    path: str | Path,
    kind: WorkbookKind,
    *,
    name: str | None = None,
    accept_suppliers_above: float | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import for real, all or nothing; errors come back in the result (`ok` False), a Cancel
    up to the moment of the commit raises Cancelled with nothing written."""
    prog = progress or NullProgress()
    gated = cast("Database", _CommitGate(db, prog))
    return _run(gated, path, kind, False, name, accept_suppliers_above, prog)


def _run(
    db: Database,
    path: str | Path,
    kind: WorkbookKind,
    dry_run: bool,
    name: str | None,
    accept: float | None,
    prog: Progress,
) -> ImportResult:
    from rePlanner.services.alternative_import import AlternativeImportError, import_alternatives
    from rePlanner.services.network_import import import_network
    from rePlanner.services.supplier_import import import_suppliers

    check(prog, "the import")
    if kind is WorkbookKind.SUPPLIERS:
        return import_suppliers(db, path, dry_run=dry_run, accept_suppliers_above=accept,
                                progress=prog)  # fmt: skip
    if kind is WorkbookKind.NETWORK:
        return import_network(db, path, name=name, dry_run=dry_run, progress=prog)
    if kind is WorkbookKind.ALTERNATIVES:
        prog.update(0, 1, f"reading {Path(path).name}")  # the service reports no progress
        try:
            result: ImportResult = import_alternatives(db, path, dry_run=dry_run)
        except AlternativeImportError as exc:  # listed issue by issue like the other kinds
            result = exc.result
        prog.update(1, 1, "done")
        return result
    raise ValueError(f"{kind}: BOM files are imported through bom_import")


class _CommitGate:
    """The database as an import sees it, but each unit of work checks for Cancel just before
    it commits (raising inside the session rolls it back)."""

    def __init__(self, db: Database, progress: Progress) -> None:
        self._db, self._progress = db, progress

    def __getattr__(self, name: str) -> Any:
        return getattr(self._db, name)

    @contextmanager
    def session(self, user: str, *, audit: bool = True) -> Iterator[Session]:
        with self._db.session(user, audit=audit) as s:
            yield s
            check(self._progress, "the import")


ACTIONS = (("created", "Created"), ("updated", "Updated"), ("deleted", "Deleted"),
           ("unchanged", "Unchanged"))  # fmt: skip


def changes_table(result: ImportResult) -> TableData:
    """What the import creates, updates, deletes or leaves alone, one row per kind of record."""
    columns = [Column("entity", "Records", tip="The kind of record the import writes")]
    columns += [Column(key, title, "int", tip=f"{title} by this import") for key, title in ACTIONS]
    rows = [(entity.capitalize(), *(acts.get(k, 0) for k, _ in ACTIONS))
            for entity, acts in result.changes.items()]  # fmt: skip
    return TableData(columns=columns, rows=rows, keys=list(range(len(rows))))


def held_text(result: ImportResult) -> str:
    """'2 suppliers, 3 part suppliers': what the file holds, in words."""
    return ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in result.counts.items())
