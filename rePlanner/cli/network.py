"""Sub-commands: import-network, import-suppliers and template (bom, suppliers).

Exit codes as everywhere: 0 imported (or a clean dry run), 1 errors blocked the import and nothing
was written (issues listed), 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rePlanner.cli.common import fraction as _fraction

EXIT_OK, EXIT_ERROR = 0, 1


def register(sub: Any, db_option: Callable[..., None]) -> None:
    """Add this module's commands to the `replanner` parser (`sub` = its sub-parsers)."""
    net = sub.add_parser(
        "import-network",
        help="import a supply-network workbook (sheets Nodes and Links)",
        description="Import a multi-tier supply network. Re-importing the same network name "
        "updates it in place.",
    )
    db_option(net, top=False)
    net.add_argument("file", type=Path, help="the .xlsx workbook")
    net.add_argument("--name", help="network name (default: the file name without extension)")
    _common(net)
    net.set_defaults(func=cmd_import_network)

    sup = sub.add_parser(
        "import-suppliers",
        help="import suppliers, sites and part-supplier links from a workbook",
    )
    db_option(sup, top=False)
    sup.add_argument("file", type=Path, help="the .xlsx workbook")
    sup.add_argument("--accept-suppliers-above", type=_fraction, metavar="X",
                     help="take a known supplier whose name is at least X similar (0..1, e.g. "
                          "0.9) to one in the file, instead of an error")  # fmt: skip
    _common(sup)
    sup.set_defaults(func=cmd_import_suppliers)

    tpl = sub.add_parser("template", help="write an empty workbook to fill in and import")
    tpl.add_argument("kind", choices=("bom", "suppliers"), help="which template")
    tpl.add_argument("out", type=Path, help="the .xlsx file to write")
    tpl.set_defaults(func=cmd_template)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dry-run", action="store_true", help="check and show; write nothing")
    p.add_argument("--json", action="store_true", help="print the result as JSON")


def cmd_import_network(args: argparse.Namespace) -> int:
    from rePlanner.services.network_import import import_network

    return run_import(args, lambda db: import_network(db, args.file, name=args.name,
                                                dry_run=args.dry_run))  # fmt: skip


def cmd_import_suppliers(args: argparse.Namespace) -> int:
    from rePlanner.services.supplier_import import import_suppliers

    return run_import(args, lambda db: import_suppliers(
        db, args.file, dry_run=args.dry_run, accept_suppliers_above=args.accept_suppliers_above
    ))  # fmt: skip


def run_import(args: argparse.Namespace, do: Callable[[Any], Any]) -> int:
    from rePlanner.cli.common import open_existing_db
    from rePlanner.domain.errors import ReplannerError
    from rePlanner.paths import resolve_db

    if not args.file.is_file():
        raise ReplannerError(f"{args.file}: no such file")
    db = open_existing_db(resolve_db(args.db))
    try:
        result = do(db)
    finally:
        db.dispose()
    if args.json:
        sys.stdout.write(json.dumps(result.as_dict(), indent=2, default=str) + "\n")
    else:
        _print(result)
    return EXIT_OK if result.ok else EXIT_ERROR


def _print(result: Any) -> None:
    for issue in result.issues:
        where = ", ".join(
            x for x in (
                issue.sheet and f"sheet {issue.sheet!r}", issue.row and f"row {issue.row}",
                issue.column and f"column {issue.column!r}",
            ) if x
        )  # fmt: skip
        value = f" (value {issue.value!r})" if issue.value is not None else ""
        sys.stderr.write(f"{issue.severity.value}: {where or issue.file}: {issue.message}{value}\n")
    what = f"{result.kind} {result.name!r}" if result.name else result.kind
    counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in result.counts.items())
    if not result.ok:
        sys.stderr.write(f"Not imported: {len(result.errors)} error(s); nothing was changed.\n")
        return
    verb = "Checked (dry run, nothing written)" if result.dry_run else "Imported"
    sys.stdout.write(f"{verb} {what} from {result.file}: {result.rows_read} rows, {counts}\n")
    for entity, acts in result.changes.items():
        done = ", ".join(f"{n} {a}" for a, n in acts.items() if n)
        sys.stdout.write(f"  {entity}: {done}\n")


def cmd_template(args: argparse.Namespace) -> int:
    from rePlanner.domain.errors import ReplannerError
    from rePlanner.io.bom.template import write_bom_template
    from rePlanner.io.network import write_supplier_template

    write = write_bom_template if args.kind == "bom" else write_supplier_template
    try:
        path = write(args.out)
    except OSError as exc:
        raise ReplannerError(f"{args.out}: cannot write the template ({exc.strerror})") from exc
    sys.stdout.write(f"Template written: {path}\n")
    return EXIT_OK
