"""Sub-commands: import-alternatives FILE and alternatives-template OUT.xlsx.

`template` already takes a fixed choice (bom, suppliers) in cli/network.py, so the template of
alternative sources has its own command. Exit codes as for import-suppliers: 0 imported (or a
clean dry run), 1 errors blocked the import and nothing was written (issues listed), 2 usage.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rePlanner.cli.common import out
from rePlanner.cli.network import EXIT_OK, run_import


def register(sub: Any, db_option: Callable[..., None]) -> None:
    """Add this module's commands to the `replanner` parser (`sub` = its sub-parsers)."""
    imp = sub.add_parser(
        "import-alternatives",
        help="import alternative sources (candidate suppliers, design alternatives)",
        description="Import alternative sources from an Excel or CSV file (sheet "
        "'Alternatives' or the first). Re-importing updates the alternatives it finds by name "
        "and part or material; any error writes nothing.",
    )
    db_option(imp, top=False)
    imp.add_argument("file", type=Path, help="the .xlsx or .csv file")
    imp.add_argument("--dry-run", action="store_true", help="check and show; write nothing")
    imp.add_argument("--json", action="store_true", help="print the result as JSON")
    imp.set_defaults(func=cmd_import_alternatives)

    tpl = sub.add_parser(
        "alternatives-template",
        help="write an alternative-sources workbook to fill in and import",
    )
    tpl.add_argument("out", type=Path, help="the .xlsx file to write")
    tpl.set_defaults(func=cmd_alternatives_template)


def cmd_import_alternatives(args: argparse.Namespace) -> int:
    from rePlanner.services.alternative_import import AlternativeImportError, import_alternatives

    def do(db: Any) -> Any:
        try:
            return import_alternatives(db, args.file, dry_run=args.dry_run)
        except AlternativeImportError as exc:  # listed issue by issue like the other imports
            return exc.result

    return run_import(args, do)


def cmd_alternatives_template(args: argparse.Namespace) -> int:
    from rePlanner.domain.errors import ReplannerError
    from rePlanner.io.network.alternatives_template import write_alternatives_template

    try:
        path = write_alternatives_template(args.out)
    except OSError as exc:
        raise ReplannerError(f"{args.out}: cannot write the template ({exc.strerror})") from exc
    out(f"Template written: {path}")
    return EXIT_OK
