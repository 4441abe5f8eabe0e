"""Text output of the BOM commands: an import's preview, issues and outcome, a BOM diff."""

from __future__ import annotations

import argparse
from typing import Any

from rePlanner.cli.common import count, err, out
from rePlanner.domain.imports import ImportIssue, Severity

ISSUES_SHOWN = 200  # in text output; --json has them all
DIFF_SHOWN = 50


def located(issue: ImportIssue) -> str:
    """ "sheet 'BOM' row 12, column 'Menge' ('2,5x'): message" (parts left out when unknown)."""
    head = " ".join(
        x for x in (f"sheet '{issue.sheet}'" if issue.sheet else "",
                    f"row {issue.row}" if issue.row is not None else "") if x
    )  # fmt: skip
    col = f"column '{issue.column}'" if issue.column else ""
    val = f"('{issue.value}')" if issue.value not in (None, "") else ""
    where = ", ".join(x for x in (head, " ".join(y for y in (col, val) if y)) if x)
    return f"{where}: {issue.message}" if where else issue.message


def print_preview(preview: Any) -> None:
    parsed, t = preview.parsed, preview.target
    out(f"Read {parsed.rows_read:,} rows from {parsed.file}, sheet '{parsed.sheet}': "
        f"{len(parsed.lines):,} BOM lines")  # fmt: skip
    if t is not None:
        state = (
            "to be created"
            if t.create
            else (f"current revision {t.current_revision}" if t.current_revision else "no BOM yet")
        )
        out(f"Line '{t.name}' ({state})")
    out(f"Parts: {len(preview.parts.new):,} new, {len(preview.parts.existing):,} known")
    if preview.suppliers:
        by: dict[str, int] = {}
        for m in preview.suppliers.values():
            by[m.status] = by.get(m.status, 0) + 1
        out("Suppliers: " + ", ".join(f"{n} {status}" for status, n in sorted(by.items())))
    print_diff(preview.diff)
    print_issues(preview.issues)


def print_diff(diff: Any) -> None:
    c = diff.counts()
    against = f"revision {diff.against}" if diff.against else "an empty BOM"
    out(f"Changes against {against}: {c['added']:,} added, {c['removed']:,} removed, "
        f"{c['quantity_changed']:,} quantity changed, {c['supplier_changed']:,} supplier "
        f"changed, {c['unchanged']:,} unchanged")  # fmt: skip
    if diff.against is None:
        return
    rows: list[str] = []
    for a in diff.added:
        rows.append(f"  + {' > '.join((*a.parent_path, a.part_number))}  qty {a.quantity:g}")
    for r in diff.removed:
        rows.append(f"  - {' > '.join((*r.parent_path, r.part_number))}  qty {r.quantity:g}")
    for ch in diff.changed:
        what = []
        if ch.quantity_changed:
            what.append(f"quantity {ch.old_quantity:g} -> {ch.new_quantity:g}")
        if ch.supplier_changed:
            what.append(f"supplier {ch.old_supplier or '-'} -> {ch.new_supplier or '-'}")
        rows.append(f"  ~ {' > '.join((*ch.parent_path, ch.part_number))}: {', '.join(what)}")
    for line in rows[:DIFF_SHOWN]:
        out(line)
    if len(rows) > DIFF_SHOWN:
        out(f"  ... and {len(rows) - DIFF_SHOWN:,} more changes (--json lists them)")


def print_issues(issues: list[ImportIssue]) -> None:
    if not issues:
        return
    n = {s: sum(1 for i in issues if i.severity is s) for s in Severity}
    out(f"Issues: {count(n[Severity.ERROR], 'error')}, "
        f"{count(n[Severity.WARNING], 'warning')}, {count(n[Severity.INFO], 'note')}")  # fmt: skip
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    ranked = sorted(issues, key=lambda i: (order[i.severity], i.row or 0))
    for i in ranked[:ISSUES_SHOWN]:
        out(f"  {i.severity.value:<8}{located(i)}")
    if len(issues) > ISSUES_SHOWN:
        out(f"  ... and {len(issues) - ISSUES_SHOWN:,} more (--json lists them all)")


def print_outcome(preview: Any, result: Any, args: argparse.Namespace, saved: str | None) -> None:
    if not preview.ok:
        n = len(preview.errors)
        err(f"Nothing was imported: fix the {n} error{'s' if n != 1 else ''} above and run "
            "the import again.")  # fmt: skip
    elif result is None:
        out(f"Dry run: nothing was written (would become revision {preview.next_revision}).")
        if args.save_mapping:
            out("The mapping was not saved (dry run).")
    else:
        out(f"Imported {result.lines_imported:,} lines as revision {result.revision} of line "
            f"'{result.line_name}' (import batch {result.import_batch_id}).")  # fmt: skip
        if saved:
            out(f"Column mapping saved as '{saved}'.")
