"""BOM commands: import-bom, bom show|history|restore|diff, mapping list|show|delete.

The parsers and import-bom live here; the text output in cli.bom_print, the revision and
mapping commands in cli.bom_revisions.

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

from rePlanner.cli.bom_print import (
    DIFF_SHOWN,
    ISSUES_SHOWN,
    located,
    print_diff,
    print_issues,
    print_outcome,
    print_preview,
)
from rePlanner.cli.bom_revisions import (
    cmd_bom_diff,
    cmd_bom_history,
    cmd_bom_restore,
    cmd_bom_show,
    cmd_mapping_delete,
    cmd_mapping_list,
    cmd_mapping_show,
)
from rePlanner.cli.common import err as _err
from rePlanner.cli.common import finish, open_existing_db, terminal_progress
from rePlanner.cli.common import fraction as _fraction
from rePlanner.cli.common import out as _out
from rePlanner.cli.common import positive as _positive
from rePlanner.domain.errors import DataFileError, ReplannerError
from rePlanner.domain.imports import ImportIssue, Severity
from rePlanner.domain.progress import Progress
from rePlanner.paths import resolve_db

__all__ = [
    "DIFF_JSON", "DIFF_SHOWN", "EXIT_ERROR", "EXIT_OK", "ISSUES_SHOWN", "cmd_bom_diff",
    "cmd_bom_history", "cmd_bom_restore", "cmd_bom_show", "cmd_import_bom", "cmd_mapping_delete",
    "cmd_mapping_list", "cmd_mapping_show", "located", "print_diff", "print_issues",
    "print_outcome", "print_preview", "register",
]  # fmt: skip

EXIT_OK, EXIT_ERROR = 0, 1
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
        print_preview(preview)
        print_outcome(preview, result, args, saved)
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
