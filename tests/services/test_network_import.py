"""Network import into a real SQLite file: peer round trip, re-import, all or nothing."""

from __future__ import annotations

import json
import sqlite3

import pytest
from sqlalchemy import select

from rePlanner.persistence.models import (
    ProductionLine,
    Site,
    SourcingLink,
    Supplier,
    SupplyNode,
)
from rePlanner.services.network_import import import_network, network_site_name, parse_node_notes
from tests.io.network.helpers import LINKS, NODES, PEER, network_book

TABLES = ("suppliers", "sites", "supply_nodes", "sourcing_links", "materials", "programs",
          "production_lines", "import_batches", "audit_log")  # fmt: skip


def counts(db_path) -> dict[str, int]:
    with sqlite3.connect(db_path) as c:
        return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def network_rows(db, name: str):
    """{node id: SupplyNode}, {(from id, to id): SourcingLink}, {line name: ProductionLine}."""
    with db.session("t", audit=False) as s:
        nodes = dict(s.execute(
            select(Supplier.name, SupplyNode).join(Site, Site.supplier_id == Supplier.id)
            .join(SupplyNode, SupplyNode.site_id == Site.id)
            .where(Site.name == network_site_name(name), Supplier.is_internal.is_(False))
        ).all())  # fmt: skip
        by_id = {n.id: k for k, n in nodes.items()}
        links = {(by_id[lk.from_node_id], by_id[lk.to_node_id]): lk
                 for lk in s.scalars(select(SourcingLink))
                 if lk.from_node_id in by_id and lk.to_node_id in by_id}  # fmt: skip
        plant = s.scalars(
            select(Site)
            .join(Supplier)
            .where(Supplier.is_internal.is_(True), Site.name == network_site_name(name))
        ).one()
        lines = {ln.name: ln for ln in s.scalars(
            select(ProductionLine).where(ProductionLine.plant_site_id == plant.id))}  # fmt: skip
    return nodes, links, lines


def test_small_peer_network_round_trips(db):
    result = import_network(db, PEER / "small.xlsx")
    assert result.ok and result.name == "small", result.issues
    peer = json.loads((PEER / "small.json").read_text())
    nodes, links, lines = network_rows(db, "small")
    assert (len(nodes), len(links)) == (len(peer["nodes"]), len(peer["edges"])) == (35, 44)
    for n in peer["nodes"]:
        node = nodes[n["id"]]
        assert (node.capacity_per_day, node.inventory_on_hand, node.ttr_days) == (
            n["capacity_per_day"], n["inventory"], n["ttr_days"])  # fmt: skip
        notes = parse_node_notes(node.notes)
        assert notes["network"] == "small" and notes["node"] == n["id"]
        if n["kind"] == "product":
            assert float(notes["demand_per_day"]) == n["demand_per_day"]
            assert float(notes["profit_per_unit"]) == n["profit_per_unit"]
            line = lines[n["id"]]
            assert (line.rate_per_day, line.margin_per_vehicle) == (
                n["demand_per_day"], n["profit_per_unit"])  # fmt: skip
        else:
            assert "demand_per_day" not in notes and n["id"] not in lines
    assert len(lines) == 5
    for e in peer["edges"]:
        assert links[e["from"], e["to"]].quantity_per_unit == e["ratio"]


def test_medium_counts_equal_the_peer(db):
    result = import_network(db, PEER / "medium.xlsx")
    assert result.ok and result.counts == {"nodes": 510, "links": 601}
    nodes, links, lines = network_rows(db, "medium")
    assert (len(nodes), len(links), len(lines)) == (510, 601, 60)


def test_reimport_updates_in_place(db, db_path):
    assert import_network(db, PEER / "small.xlsx").ok
    before = counts(db_path)
    again = import_network(db, PEER / "small.xlsx")
    after = counts(db_path)
    assert again.ok
    assert {t: after[t] - before[t] for t in TABLES} == {
        **dict.fromkeys(TABLES, 0), "import_batches": 1, "audit_log": 1}  # fmt: skip
    assert again.changes["supply node"]["created"] == 0
    assert again.changes["supply node"]["unchanged"] == 35


def test_reimport_applies_changes_and_removals(db, tmp_path):
    path = network_book(tmp_path / "plant.xlsx")
    assert import_network(db, path).ok
    nodes = [[*NODES[0][:4], 120, *NODES[0][5:]], *NODES[1:3]]  # R1 gone, P1 capacity 120
    network_book(path, nodes=nodes, links=LINKS[:2])
    result = import_network(db, path)
    assert result.ok, result.issues
    found, links, _ = network_rows(db, "plant")
    assert set(found) == {"P1", "S1", "S2"} and set(links) == {("S1", "P1"), ("S2", "P1")}
    assert found["P1"].capacity_per_day == 120
    assert result.changes["supply node"]["deleted"] == 1
    assert result.changes["sourcing link"]["deleted"] == 1


def test_other_name_makes_a_separate_network(db):
    assert import_network(db, PEER / "small.xlsx").ok
    assert import_network(db, PEER / "small.xlsx", name="copy").ok
    assert len(network_rows(db, "small")[0]) == len(network_rows(db, "copy")[0]) == 35


@pytest.mark.parametrize("links", [
    [*LINKS, ["S9", "P1", "steel", 1]],  # unknown node
    [*LINKS, ["P1", "R1", "x", 1]],  # cycle
    [*LINKS, ["S2", "S1", "steel", -1]],  # negative ratio
])  # fmt: skip
def test_any_error_writes_nothing(db, tmp_path, links, db_snapshot):
    assert import_network(db, PEER / "small.xlsx").ok
    before = db_snapshot(db)
    result = import_network(db, network_book(tmp_path / "bad.xlsx", links=links))
    assert not result.ok and result.errors
    assert db_snapshot(db) == before


def test_dry_run_writes_nothing_but_reports(db, db_snapshot):
    assert import_network(db, PEER / "small.xlsx").ok
    before = db_snapshot(db)
    result = import_network(db, PEER / "small.xlsx", dry_run=True)  # updates, rolled back
    assert result.ok and result.dry_run and result.batch_id is None
    assert result.changes["supply node"]["unchanged"] == 35
    result = import_network(db, PEER / "small.xlsx", name="other", dry_run=True)  # inserts
    assert result.changes["supply node"]["created"] == 35
    assert db_snapshot(db) == before


def test_one_bulk_audit_entry_and_batch(db, db_path):
    result = import_network(db, PEER / "small.xlsx")
    with sqlite3.connect(db_path) as c:
        audit = c.execute("SELECT action, entity, entity_id FROM audit_log").fetchall()
        batch = c.execute("SELECT id, kind, row_count FROM import_batches").fetchall()
    assert audit == [("bulk", "network", "small")]
    assert batch == [(result.batch_id, "network", 79)]
