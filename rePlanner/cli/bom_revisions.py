"""BOM revision and mapping commands: bom show|history|restore|diff, mapping list|show|delete."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from typing import Any, TypeVar

from rePlanner.cli.bom_print import print_diff
from rePlanner.cli.common import open_existing_db, out
from rePlanner.paths import resolve_db

EXIT_OK = 0
T = TypeVar("T")

# --- bom show | history | restore | diff ------------------------------------------------------


def _on_db(args: argparse.Namespace, call: Callable[[Any], T]) -> T:
    """call(db) on the existing database named by --db, closed again whatever happens."""
    db = open_existing_db(resolve_db(args.db))
    try:
        return call(db)
    finally:
        db.dispose()


def cmd_bom_show(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_query import bom_tree

    tree = _on_db(args, lambda db: bom_tree(db, args.line, args.revision, plant=args.plant))
    if args.json:
        out(json.dumps(tree, indent=2, ensure_ascii=False))
        return EXIT_OK
    out(f"{'part number':<34}{'description':<34}{'qty':>10} {'unit':<5}{'per vehicle':>12}  "
        "supplier")  # fmt: skip
    for r in tree:
        pn = "  " * (r["level"] - 1) + r["part_number"]
        out(f"{pn:<34}{(r['description'] or '')[:33]:<34}{r['quantity']:>10g} "
            f"{(r['unit'] or '')[:4]:<5}{r['extended_quantity']:>12g}  {r['supplier'] or ''}")  # fmt: skip
    return EXIT_OK


def cmd_bom_history(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_query import revision_history

    history = _on_db(args, lambda db: revision_history(db, args.line, plant=args.plant))
    if args.json:
        out(json.dumps([h.as_dict() for h in history], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not history:
        out(f"Line '{args.line}' has no BOM yet.")
    for h in history:
        mark = "*" if h.is_current else " "
        src = f"{h.file_name}, sheet '{h.sheet}'" if h.file_name else (h.note or "")
        when = h.created_at.isoformat(sep=" ", timespec="minutes")
        out(f"{mark} rev {h.revision:>3}  {when}  {h.created_by or '-':<12} "
            f"{h.lines:>7,} lines  {src}")  # fmt: skip
    return EXIT_OK


def cmd_bom_restore(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_import_restore import restore_revision

    r = _on_db(args, lambda db: restore_revision(db, args.line, args.revision, plant=args.plant))
    out(f"Revision {r.restored_from} of line '{r.line_name}' restored as revision {r.revision} "
        f"({r.lines:,} lines); earlier revisions are kept.")  # fmt: skip
    return EXIT_OK


def cmd_bom_diff(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_query import diff_revisions

    diff = _on_db(
        args, lambda db: diff_revisions(db, args.line, args.old, args.new, plant=args.plant)
    )
    if args.json:
        out(json.dumps(diff.as_dict(), indent=2, ensure_ascii=False))
    else:
        print_diff(diff)
    return EXIT_OK


# --- mapping list | show | delete -------------------------------------------------------------


def cmd_mapping_list(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_import_profiles import list_profiles

    profiles = _on_db(args, list_profiles)
    if args.json:
        out(json.dumps([p.as_dict() for p in profiles], indent=2, ensure_ascii=False))
    elif not profiles:
        out("No saved mappings (save one with import-bom --save-mapping NAME).")
    for p in profiles if not args.json else []:
        out(f"{p.name:<30} {p.kind:<10} {p.as_dict()['updated_at'] or ''}")
    return EXIT_OK


def cmd_mapping_show(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_import_profiles import load_profile

    profile = _on_db(args, lambda db: load_profile(db, args.name))
    out(json.dumps(profile.mapping, indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_mapping_delete(args: argparse.Namespace) -> int:
    from rePlanner.services.bom_import_profiles import delete_profile

    _on_db(args, lambda db: delete_profile(db, args.name))
    out(f"Mapping '{args.name}' deleted.")
    return EXIT_OK
