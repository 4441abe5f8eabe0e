"""Imported peer workbooks compile to the peer's own network; the demo compiles whole."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, func, select

from rePlanner.persistence.database import Database
from rePlanner.persistence.models import ProductionLine, SupplyNode
from rePlanner.services.demo import create_demo
from rePlanner.services.network_import import import_network
from rePlanner.services.network_model import CompiledNetwork, compile_network

PEER = Path("/work/shared/peer")


def peer_groups(peer: dict[str, Any]) -> set[tuple[str, frozenset[tuple[str, float]]]]:
    return {
        (consumer, frozenset((s, float(g["ratio"])) for s in g["suppliers"]))
        for consumer, groups in peer["bom"].items()
        for g in groups
    }


def our_groups(c: CompiledNetwork) -> set[tuple[str, frozenset[tuple[str, float]]]]:
    name = [i.supplier for i in c.nodes]  # imported node X is supplier X
    return {
        (
            name[g.consumer],
            frozenset((name[s], r) for s, r in zip(g.suppliers, g.ratios, strict=True)),
        )
        for g in c.network.inputs
    }


def same(a: float, b: float | None, default: float) -> bool:
    b = default if b is None else float(b)
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.mark.parametrize("name", ["small", "medium"])
def test_imported_peer_network_equals_the_peers(db, name):
    assert import_network(db, PEER / f"{name}.xlsx").ok
    peer = json.loads((PEER / f"{name}.json").read_text())
    c = compile_network(db)
    net = c.network
    assert net.size == len(peer["nodes"])  # each product is ONE node, not line + node
    at = {i.supplier: k for k, i in enumerate(c.nodes)}
    for n in peer["nodes"]:
        k = at[n["id"]]
        assert same(net.capacity[k], n["capacity_per_day"], math.inf), n["id"]
        assert same(net.inventory[k], n["inventory"], 0.0), n["id"]
        assert same(net.ttr[k], n["ttr_days"], math.nan), n["id"]
        assert same(net.demand[k], n["demand_per_day"], 0.0), n["id"]
        assert same(net.profit[k], n["profit_per_unit"], 0.0), n["id"]
        assert (c.nodes[k].line_id is not None) == (n["kind"] == "product")
    assert our_groups(c) == peer_groups(peer)
    assert len(net.inputs) == sum(len(g) for g in peer["bom"].values())
    assert c.warnings == []


def test_network_scope_by_name(db):
    assert import_network(db, PEER / "small.xlsx").ok
    assert import_network(db, PEER / "small.xlsx", name="copy").ok
    assert compile_network(db).network.size == 70
    for scope in ("copy", "Network copy", "COPY"):
        c = compile_network(db, scope=scope)
        assert c.network.size == 35 and {i.site for i in c.nodes} == {"Network copy"}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Database:
    from rePlanner.persistence.database import open_database

    db = open_database(str(tmp_path_factory.mktemp("demo") / "demo.sqlite"))
    create_demo(db, user="tester")
    yield db
    db.dispose()


def test_demo_compiles_every_node_and_line_with_inputs(demo):
    with demo.session("tester", audit=False) as s:
        nodes = s.scalar(select(func.count()).select_from(SupplyNode))
        lines = s.scalar(select(func.count()).select_from(ProductionLine))
    c = compile_network(demo)
    net = c.network
    assert net.size == nodes + lines and len(set(net.ids)) == net.size
    consumers = {g.consumer for g in net.inputs}
    assert all(i in consumers for i in c.index_of_line().values())
    assert int(net.is_product.sum()) == lines
    assert all(g.suppliers and all(r > 0 for r in g.ratios) for g in net.inputs)
    for g in net.inputs:  # a group's suppliers all make the same item
        assert len({c.nodes[s].item for s in g.suppliers}) == 1


def test_demo_compiles_with_one_query_per_table(demo):
    statements: list[str] = []

    def count(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(demo.engine, "before_cursor_execute", count)
    try:
        compile_network(demo)
    finally:
        event.remove(demo.engine, "before_cursor_execute", count)
    assert len(statements) <= 10, statements  # 10 tables read, none row by row
