"""BOM commands: import-bom, bom show|history|restore|diff, mapping list|show|delete.

import-bom exits 0 when the BOM was imported (or a dry run found no errors), 1 when errors
blocked it (nothing written), 2 on bad usage. Issues are printed all at once, located as
"sheet 'BOM' row 12, column 'Menge' ('2,5x'): message".
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rePlanner.cli.common import count as _count
from rePlanner.cli.common import err as _err
from rePlanner.cli.common import finish, open_existing_db, terminal_progress
from rePlanner.cli.common import fraction as _fraction
from rePlanner.cli.common import out as _out
from rePlanner.cli.common import positive as _positive
from rePlanner.domain.errors import DataFileError, ReplannerError
from rePlanner.domain.imports import ImportIssue, Severity
from rePlanner.domain.progress import Progress
from rePlanner.paths import resolve_db

EXIT_OK, EXIT_ERROR = 0, 1
ISSUES_SHOWN = 200  # in text output; --json has them all
DIFF_SHOWN = 50
DIFF_JSON = 1000  # entries per diff list in --json (counts are always complete)


def register(sub: Any, db_option: Callable[..., None]) -> None:
    """Add this module's commands to the `replanner` parser (`sub` = its sub-parsers)."""
    _import_parser(sub, db_option)
    _bom_parsers(sub, db_option)
    _mapping_parsers(sub, db_option)


def _line_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--line", required=True, help="production line name")
    p.add_argument("--plant", help="plant (site name or city) when the line name is not unique")


def _import_parser(sub: Any, db_option: Callable[..., None]) -> None:
    p = sub.add_parser(
        "import-bom",
        help="import a BOM workbook (xlsx, xlsm, xls, ods, csv) as a line's new revision",
        description="Read a BOM, check it, match parts and suppliers, show the changes against "
        "the line's current BOM and, when there are no errors, save it as a new revision.",
    )
    db_option(p, top=False)
    p.add_argument("file", type=Path, help="the BOM file")
    _line_args(p)
    p.add_argument("--create-line", action="store_true",
                   help="create the production line if it does not exist (rate and margin 0)")  # fmt: skip
    p.add_argument("--sheet", help="sheet to read (default: the one that looks like a BOM)")
    p.add_argument("--mapping", metavar="NAME_OR_FILE",
                   help="column mapping: a saved profile's name or a JSON file")  # fmt: skip
    p.add_argument("--save-mapping", metavar="NAME",
                   help="save the column mapping used under this name (after a real import)")  # fmt: skip
    p.add_argument("--accept-suppliers-above", type=_fraction, metavar="X",
                   help="take a suggested supplier when its name similarity is at least X "
                        "(0..1, e.g. 0.9)")  # fmt: skip
    p.add_argument("--create-suppliers", action="store_true",
                   help="create suppliers the database does not know (instead of an error)")  # fmt: skip
    p.add_argument("--dry-run", action="store_true", help="check and preview; write nothing")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.add_argument("--max-rows", type=_positive, metavar="N",
                   help="largest sheet to accept, in rows (default 600,000): a longer sheet is "
                        "refused, not cut short")  # fmt: skip
    p.set_defaults(func=cmd_import_bom)


def _bom_parsers(sub: Any, db_option: Callable[..., None]) -> None:
    bom = sub.add_parser("bom", help="show, compare and restore BOM revisions")
    acts = bom.add_subparsers(dest="bom_command", metavar="ACTION", required=True)
    show = acts.add_parser("show", help="a line's BOM as a tree (current revision by default)")
    db_option(show, top=False)
    _line_args(show)
    show.add_argument("--revision", type=_positive, metavar="N")
    show.add_argument("--json", action="store_true", help="print a list of records as JSON")
    show.set_defaults(func=cmd_bom_show)
    hist = acts.add_parser("history", help="a line's BOM revisions and where they came from")
    db_option(hist, top=False)
    _line_args(hist)
    hist.add_argument("--json", action="store_true")
    hist.set_defaults(func=cmd_bom_history)
    rest = acts.add_parser("restore", help="make an older revision current again (as a new one)")
    db_option(rest, top=False)
    _line_args(rest)
    rest.add_argument("--revision", type=_positive, metavar="N", required=True)
    rest.set_defaults(func=cmd_bom_restore)
    diff = acts.add_parser("diff", help="what changed between two revisions of a line")
    db_option(diff, top=False)
    _line_args(diff)
    diff.add_argument("old", type=_positive, metavar="A")
    diff.add_argument("new", type=_positive, metavar="B")
    diff.add_argument("--json", action="store_true")
    diff.set_defaults(func=cmd_bom_diff)


def _mapping_parsers(sub: Any, db_option: Callable[..., None]) -> None:
    mp = sub.add_parser("mapping", help="saved column mappings for imports")
    acts = mp.add_subparsers(dest="mapping_command", metavar="ACTION", required=True)
    ls = acts.add_parser("list", help="the saved mappings")
    db_option(ls, top=False)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_mapping_list)
    for name, func, text in (("show", cmd_mapping_show, "print a saved mapping as JSON"),
                             ("delete", cmd_mapping_delete, "delete a saved mapping")):  # fmt: skip
        p = acts.add_parser(name, help=text)
        db_option(p, top=False)
        p.add_argument("name")
        p.set_defaults(func=func)


# --- import-bom -------------------------------------------------------------------------------


def cmd_import_bom(args: argparse.Namespace) -> int:
    if not args.file.is_file():
        return _file_failed(args, DataFileError(str(args.file), "no such file"))
    try:
        db = open_existing_db(resolve_db(args.db))
    except ReplannerError as exc:
        return _file_failed(args, exc)
    progress = terminal_progress()
    try:
        return _import(db, args, progress)
    except ReplannerError as exc:  # unreadable file, unfitting mapping, busy database, cancel
        return _file_failed(args, exc)
    finally:
        finish(progress)
        db.dispose()


def _import(db: Any, args: argparse.Namespace, progress: Progress) -> int:
    from rePlanner.services.bom_import import match_bom, read_bom_file
    from rePlanner.services.bom_import_commit import commit_bom
    from rePlanner.services.bom_import_profiles import resolve_mapping

    profile = resolve_mapping(db, args.mapping) if args.mapping else None
    parsed = read_bom_file(args.file, sheet=args.sheet, profile=profile,
                           max_rows=args.max_rows, progress=progress)  # fmt: skip
    preview = match_bom(
        db, parsed, args.line, plant=args.plant, create_line=args.create_line,
        accept_suppliers_above=args.accept_suppliers_above,
        create_suppliers=args.create_suppliers, progress=progress,
    )  # fmt: skip
    result = None
    saved = None
    if preview.ok and not args.dry_run:
        result = commit_bom(db, preview, progress=progress)
        if args.save_mapping:
            saved = _save_mapping(db, args.save_mapping, parsed.mapping)
    finish(progress)
    if args.json:
        out = preview.as_dict(diff_limit=DIFF_JSON)
        out.update(dry_run=args.dry_run, lines_imported=result.lines_imported if result else 0,
                   revision=result.revision if result else None, mapping_saved=saved)  # fmt: skip
        _out(json.dumps(out, indent=2, ensure_ascii=False, default=str))
    else:
        _print_preview(preview)
        _print_outcome(preview, result, args, saved)
    return EXIT_OK if preview.ok else EXIT_ERROR


def _save_mapping(db: Any, name: str, mapping: Any) -> str:
    from rePlanner.io.bom import mapping_to_profile
    from rePlanner.services.bom_import_profiles import save_profile

    return save_profile(db, name, mapping_to_profile(mapping)).name


def _file_failed(args: argparse.Namespace, exc: ReplannerError) -> int:
    """A failure before any preview (e.g. a file that cannot be read): one issue, same shapes."""
    issue = ImportIssue(Severity.ERROR, str(exc), str(getattr(exc, "file", args.file)),
                        getattr(exc, "sheet", None), getattr(exc, "row", None),
                        getattr(exc, "column", None), getattr(exc, "value", None),
                        "file_unreadable" if isinstance(exc, DataFileError) else "refused")  # fmt: skip
    if args.json:
        _out(json.dumps({"ok": False, "file": str(args.file), "rows_read": 0, "lines_imported": 0,
                         "revision": None, "issues": [issue.as_dict()], "diff": {}},
                        indent=2, ensure_ascii=False))  # fmt: skip
    else:
        _err(f"replanner: error: {exc}")
        _err("Nothing was imported.")
    return EXIT_ERROR


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


def _print_preview(preview: Any) -> None:
    parsed, t = preview.parsed, preview.target
    _out(f"Read {parsed.rows_read:,} rows from {parsed.file}, sheet '{parsed.sheet}': "
         f"{len(parsed.lines):,} BOM lines")  # fmt: skip
    if t is not None:
        state = (
            "to be created"
            if t.create
            else (f"current revision {t.current_revision}" if t.current_revision else "no BOM yet")
        )
        _out(f"Line '{t.name}' ({state})")
    _out(f"Parts: {len(preview.parts.new):,} new, {len(preview.parts.existing):,} known")
    if preview.suppliers:
        by: dict[str, int] = {}
        for m in preview.suppliers.values():
            by[m.status] = by.get(m.status, 0) + 1
        _out("Suppliers: " + ", ".join(f"{n} {status}" for status, n in sorted(by.items())))
    _print_diff(preview.diff)
    _print_issues(preview.issues)


def _print_diff(diff: Any) -> None:
    c = diff.counts()
    against = f"revision {diff.against}" if diff.against else "an empty BOM"
    _out(f"Changes against {against}: {c['added']:,} added, {c['removed']:,} removed, "
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
        _out(line)
    if len(rows) > DIFF_SHOWN:
        _out(f"  ... and {len(rows) - DIFF_SHOWN:,} more changes (--json lists them)")


def _print_issues(issues: list[ImportIssue]) -> None:
    if not issues:
        return
    n = {s: sum(1 for i in issues if i.severity is s) for s in Severity}
    _out(f"Issues: {_count(n[Severity.ERROR], 'error')}, "
         f"{_count(n[Severity.WARNING], 'warning')}, {_count(n[Severity.INFO], 'note')}")  # fmt: skip
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    ranked = sorted(issues, key=lambda i: (order[i.severity], i.row or 0))
    for i in ranked[:ISSUES_SHOWN]:
        _out(f"  {i.severity.value:<8}{located(i)}")
    if len(issues) > ISSUES_SHOWN:
        _out(f"  ... and {len(issues) - ISSUES_SHOWN:,} more (--json lists them all)")


def _print_outcome(preview: Any, result: Any, args: argparse.Namespace, saved: str | None) -> None:
    if not preview.ok:
        n = len(preview.errors)
        _err(f"Nothing was imported: fix the {n} error{'s' if n != 1 else ''} above and run "
             "the import again.")  # fmt: skip
    elif result is None:
        _out(f"Dry run: nothing was written (would become revision {preview.next_revision}).")
        if args.save_mapping:
            _out("The mapping was not saved (dry run).")
    else:
        _out(f"Imported {result.lines_imported:,} lines as revision {result.revision} of line "
             f"'{result.line_name}' (import batch {result.import_batch_id}).")  # fmt: skip
        if saved:
            _out(f"Column mapping saved as '{saved}'.")


# --- bom show | history | restore | diff ------------------------------------------------------


def _open_existing(args: argparse.Namespace) -> Any:
    return open_existing_db(resolve_db(args.db))


def cmd_bom_show(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_query import bom_tree

    db = _open_existing(args)
    try:
        tree = bom_tree(db, args.line, args.revision, plant=args.plant)
    finally:
        db.dispose()
    if args.json:
        _out(json.dumps(tree, indent=2, ensure_ascii=False))
        return EXIT_OK
    _out(f"{'part number':<34}{'description':<34}{'qty':>10} {'unit':<5}{'per vehicle':>12}  "
         "supplier")  # fmt: skip
    for r in tree:
        pn = "  " * (r["level"] - 1) + r["part_number"]
        _out(f"{pn:<34}{(r['description'] or '')[:33]:<34}{r['quantity']:>10g} "
             f"{(r['unit'] or '')[:4]:<5}{r['extended_quantity']:>12g}  {r['supplier'] or ''}")  # fmt: skip
    return EXIT_OK


def cmd_bom_history(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_query import revision_history

    db = _open_existing(args)
    try:
        history = revision_history(db, args.line, plant=args.plant)
    finally:
        db.dispose()
    if args.json:
        _out(json.dumps([h.as_dict() for h in history], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not history:
        _out(f"Line '{args.line}' has no BOM yet.")
    for h in history:
        mark = "*" if h.is_current else " "
        src = f"{h.file_name}, sheet '{h.sheet}'" if h.file_name else (h.note or "")
        when = h.created_at.isoformat(sep=" ", timespec="minutes")
        _out(f"{mark} rev {h.revision:>3}  {when}  {h.created_by or '-':<12} "
             f"{h.lines:>7,} lines  {src}")  # fmt: skip
    return EXIT_OK


def cmd_bom_restore(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_import_restore import restore_revision

    db = _open_existing(args)
    try:
        r = restore_revision(db, args.line, args.revision, plant=args.plant)
    finally:
        db.dispose()
    _out(f"Revision {r.restored_from} of line '{r.line_name}' restored as revision {r.revision} "
         f"({r.lines:,} lines); earlier revisions are kept.")  # fmt: skip
    return EXIT_OK


def cmd_bom_diff(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_query import diff_revisions

    db = _open_existing(args)
    try:
        diff = diff_revisions(db, args.line, args.old, args.new, plant=args.plant)
    finally:
        db.dispose()
    if args.json:
        _out(json.dumps(diff.as_dict(), indent=2, ensure_ascii=False))
    else:
        _print_diff(diff)
    return EXIT_OK


# --- mapping list | show | delete -------------------------------------------------------------


def cmd_mapping_list(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_import_profiles import list_profiles

    db = _open_existing(args)
    try:
        profiles = list_profiles(db)
    finally:
        db.dispose()
    if args.json:
        _out(json.dumps([p.as_dict() for p in profiles], indent=2, ensure_ascii=False))
    elif not profiles:
        _out("No saved mappings (save one with import-bom --save-mapping NAME).")
    for p in profiles if not args.json else []:
        _out(f"{p.name:<30} {p.kind:<10} {p.as_dict()['updated_at'] or ''}")
    return EXIT_OK


def cmd_mapping_show(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_import_profiles import load_profile

    db = _open_existing(args)
    try:
        profile = load_profile(db, args.name)
    finally:
        db.dispose()
    _out(json.dumps(profile.mapping, indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_mapping_delete(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_import_profiles import delete_profile

    db = _open_existing(args)
    try:
        delete_profile(db, args.name)
    finally:
        db.dispose()
    _out(f"Mapping '{args.name}' deleted.")
    return EXIT_OK
