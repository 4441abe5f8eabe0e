"""Reading and checking network workbooks: the peer's files as-is, and every refusal located."""

from __future__ import annotations

from pathlib import Path

import pytest

from rePlanner.domain.errors import DataFileError
from rePlanner.domain.imports import Severity
from rePlanner.io.network import parse_network, read_sheets
from tests.io.network.helpers import (
    LINK_HEADER,
    LINKS,
    NODE_HEADER,
    NODES,
    PEER,
    network_book,
    write_book,
)


def parse(path: Path):
    return parse_network(str(path), read_sheets(path))


def codes(parsed) -> list[str]:
    return [i.code for i in parsed.issues if i.severity is Severity.ERROR]


@pytest.mark.parametrize(("name", "nodes", "links", "products"),
                         [("small", 35, 44, 5), ("medium", 510, 601, 60)])  # fmt: skip
def test_peer_workbooks_parse_without_issues(name, nodes, links, products):
    parsed = parse(PEER / f"{name}.xlsx")
    assert parsed.issues == []
    assert (len(parsed.nodes), len(parsed.links)) == (nodes, links)
    assert sum(n.is_product for n in parsed.nodes) == products


def test_clean_book_reads_values(tmp_path):
    parsed = parse(network_book(tmp_path / "n.xlsx"))
    assert parsed.ok
    p1 = parsed.nodes[0]
    assert (p1.id, p1.tier, p1.capacity, p1.inventory, p1.demand, p1.profit, p1.ttr) == (
        "P1", 1, 100, 50, 40, 2.5, 3)  # fmt: skip
    assert p1.is_product and not parsed.nodes[1].is_product
    assert [(lk.source, lk.target, lk.ratio) for lk in parsed.links][2] == ("R1", "S1", 1.5)


def test_unknown_node_in_links_is_located(tmp_path):
    parsed = parse(network_book(tmp_path / "n.xlsx", links=[*LINKS, ["S9", "P1", "steel", 1]]))
    issue = next(i for i in parsed.issues if i.code == "unknown_node")
    assert (issue.sheet, issue.row, issue.column, issue.value) == ("Links", 5, "From node", "S9")


def test_negative_duplicate_and_non_numeric_all_reported(tmp_path):
    nodes = [*NODES, ["S1", 2, "supplier", "x", 1, 1, None, None, 1],
             ["S3", 2, "supplier", "x", -5, "lots", None, None, 1]]  # fmt: skip
    parsed = parse(network_book(tmp_path / "n.xlsx", nodes=nodes))
    found = {(i.code, i.row, i.column) for i in parsed.issues}
    assert ("duplicate_id", 6, "Node ID") in found
    assert ("out_of_range", 7, "Capacity per day") in found
    assert ("not_num", 7, "Inventory (units)") in found
    assert not parsed.ok


def test_zero_ratio_and_self_link_refused(tmp_path):
    links = [*LINKS, ["S2", "S2", "steel", 1], ["R1", "S2", "ore", 0]]
    parsed = parse(network_book(tmp_path / "n.xlsx", links=links))
    assert {"self_link", "out_of_range"} <= set(codes(parsed))


def test_cycle_is_refused_with_its_path(tmp_path):
    links = [*LINKS, ["P1", "R1", "x", 1]]
    parsed = parse(network_book(tmp_path / "n.xlsx", links=links))
    cycle = next(i for i in parsed.issues if i.code == "cycle")
    assert set(cycle.value.split(" -> ")) == {"P1", "R1", "S1"}


def test_missing_sheet_and_header_are_named(tmp_path):
    path = write_book(tmp_path / "n.xlsx", {"Nodes": [["Foo", "Bar"], [1, 2]]})
    parsed = parse(path)
    assert set(codes(parsed)) == {"sheet_missing"}
    path = write_book(tmp_path / "m.xlsx", {"Nodes": [["Foo"], [1]], "Links": [LINK_HEADER]})
    assert "header_missing" in codes(parse(path))


def test_title_rows_and_german_headers(tmp_path):
    header = ["Knoten", "Stufe", "Typ", "Material", "Kapazität pro Tag", "Bestand", "Bedarf",
              "Marge", "Wiederanlaufzeit"]  # fmt: skip
    path = write_book(tmp_path / "n.xlsx", {
        "Knoten": [["Lieferkette 2025"], [], header, *NODES],
        "Kanten": [["Von", "Nach", "Material", "Menge"], *LINKS],
    })  # fmt: skip
    parsed = parse(path)
    assert parsed.ok, parsed.issues
    assert parsed.nodes[0].row == 4 and parsed.nodes[0].capacity == 100


def test_not_a_workbook_is_a_data_file_error(tmp_path):
    bad = tmp_path / "n.xlsx"
    bad.write_bytes(b"PK\x03\x04 truncated zip")
    with pytest.raises(DataFileError) as err:
        read_sheets(bad)
    assert str(bad) in str(err.value)


def test_excel_error_cell_reported(tmp_path):
    nodes = [[*NODES[0][:4], "#REF!", *NODES[0][5:]], *NODES[1:]]
    parsed = parse(network_book(tmp_path / "n.xlsx", nodes=nodes))
    issue = next(i for i in parsed.issues if i.code == "error_cell")
    assert (issue.row, issue.column, str(issue.value)) == (2, "Capacity per day", "#REF!")
    assert NODE_HEADER[4] == "Capacity per day"
