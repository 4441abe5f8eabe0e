"""Import a multi-tier supply-network workbook (sheets "Nodes" and "Links") into the model.

Mapping (peer layout -> rePlanner), for a network named N (the file stem, or --name):
- every node X becomes a Supplier named X (country "Unknown" unless a Country column gives it;
  tier from the file) with ONE Site named "Network N" (the site is what ties X to N);
- at that site one SupplyNode holding the node's item: a Material with element = the item name
  and stage COMMODITY (origin IMPORT, created if missing); capacity_per_day, inventory_on_hand and
  ttr_days come from the file; notes hold "network=N; node=X; kind=...; tier=...; demand_per_day
  =...; profit_per_unit=..." (parse_node_notes reads them back);
- every link becomes a SourcingLink from -> to with quantity_per_unit = ratio, share 1 (the
  peer's alternative suppliers of one material add up; shares are not given);
- every product node (Node type "product", or tier 1 with a demand) also gets a Program
  "X (network N)" and a ProductionLine X at the internal plant site "Network N" of the internal
  supplier "Imported network", with rate_per_day = demand, margin_per_vehicle = profit and 7
  working days a week (the peer counts calendar days). The engine finds the product's node as the
  node of supplier X at site "Network N".
Re-import: the key is (node ID, network name). Importing N again updates those rows in place;
links, nodes and lines of N that are no longer in the file are deleted (a node still used by
data outside N is kept, with a warning). Another network name creates a separate network.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from rePlanner.domain.imports import ImportIssue, Severity
from rePlanner.domain.progress import NullProgress, Progress, check
from rePlanner.io.network import parse_network, read_sheets
from rePlanner.persistence.database import Database
from rePlanner.services.network_import_base import ImportResult, Tally, record_batch, run_unit
from rePlanner.services.network_import_write import NetworkWriter
from rePlanner.services.session import current_user

MAX_NAME = 100


def network_site_name(name: str) -> str:
    return f"Network {name}"


def parse_node_notes(notes: str | None) -> dict[str, str]:
    """The key=value pairs an imported node carries in its notes."""
    out: dict[str, str] = {}
    for part in (notes or "").split(";"):
        key, sep, value = part.partition("=")
        if sep:
            out[key.strip()] = value.strip()
    return out


def import_network(
    db: Database,
    path: Path | str,
    *,
    name: str | None = None,
    dry_run: bool = False,
    user: str | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Read, check and (unless dry_run or any error) write the network in one transaction."""
    file = Path(path)
    prog = progress or NullProgress()
    who = user or current_user()
    result = ImportResult("network", str(file), dry_run=dry_run, name=(name or file.stem).strip())
    prog.update(0, 3, f"reading {file.name}")
    parsed = parse_network(str(file), read_sheets(file))
    check(prog, "the network import")
    result.rows_read, result.issues = parsed.rows_read, list(parsed.issues)
    result.counts = {"nodes": len(parsed.nodes), "links": len(parsed.links)}
    assert result.name is not None
    if not result.name or len(result.name) > MAX_NAME:
        result.issues.append(_name_issue(result))
    if not parsed.ok or result.errors:
        return result
    prog.update(1, 3, "checking against the database")
    tally = Tally()

    def work(s: Session) -> None:
        assert result.name is not None
        NetworkWriter(s, parsed, network_site_name(result.name), result, tally).write(prog)
        check(prog, "the network import")
        if not result.errors and not dry_run:
            record_batch(s, result, file, "Nodes, Links", who, tally)

    run_unit(db, who, result, work)
    result.changes = tally.as_dict()
    prog.update(3, 3, "done")
    return result


def _name_issue(result: ImportResult) -> ImportIssue:
    return ImportIssue(
        Severity.ERROR,
        f"the network name must be 1 to {MAX_NAME} characters; give one with --name",
        result.file,
        value=result.name,
        code="network_name",
    )
