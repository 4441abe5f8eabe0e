"""The steps of compile_network (see network_model for the semantics): scope, BOM walk, groups."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rePlanner.engine.network import InputGroup
from rePlanner.services.bom_query import Missing
from rePlanner.services.network_model_load import BomRow, LineRow, NodeRow, Tables, node_item

NETWORK_PREFIX = "Network "  # site name of an imported network (services/network_import.py)


def _norm(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def select_scope(t: Tables, scope: str | None) -> tuple[set[int], set[int]]:
    """(supply node ids, line ids) in scope: everything, or one plant / network and upstream."""
    if scope is None:
        return {n.id for n in t.nodes}, {ln.id for ln in t.lines}
    key = _norm(scope)
    sites = {
        sid
        for sid, s in t.sites.items()
        if (s.internal and key in (_norm(s.name), _norm(s.city)))
        or (
            s.name.startswith(NETWORK_PREFIX)
            and _norm(s.name) in (key, _norm(NETWORK_PREFIX + key))
        )
    }
    if not sites:
        raise Missing("scope", scope, f"no plant or network is called {scope!r}; "
                      f"choose one of: {', '.join(scope_choices(t)) or '(none)'}")  # fmt: skip
    lines = {ln.id for ln in t.lines if ln.plant_site_id in sites}
    seeds = [n.id for n in t.nodes if n.site_id in sites]
    return upstream(t, seeds), lines


def scope_choices(t: Tables) -> list[str]:
    """What --scope accepts: plant names and imported network names."""
    plants = {s.name for s in t.sites.values() if s.internal}
    nets = {n.removeprefix(NETWORK_PREFIX) for n in plants if n.startswith(NETWORK_PREFIX)}
    return sorted((plants - {NETWORK_PREFIX + n for n in nets}) | nets)


def upstream(t: Tables, seeds: Iterable[int]) -> set[int]:
    """The seed nodes and every node that supplies them, directly or through other tiers."""
    feeds: dict[int, list[int]] = defaultdict(list)
    for link in t.links:
        feeds[link.to_id].append(link.from_id)
    seen = set(seeds)
    todo = list(seen)
    while todo:
        for parent in feeds.get(todo.pop(), ()):
            if parent not in seen:
                seen.add(parent)
                todo.append(parent)
    return seen


def own_nodes(t: Tables, lines: Iterable[LineRow], warnings: list[str]) -> dict[int, int]:
    """Line id -> the supply node that IS its product (imported networks), if there is one.

    network_import writes product X as line X at plant site S and as the only node of supplier
    X at a site also named S; that node carries the product's capacity, stock and TTR.
    """
    at: dict[tuple[str, str], list[int]] = defaultdict(list)
    for n in t.nodes:
        site = t.sites[n.site_id]
        if not site.internal:
            at[(site.supplier, site.name)].append(n.id)
    out: dict[int, int] = {}
    taken: set[int] = set()
    for ln in lines:
        found = at.get((ln.name, t.sites[ln.plant_site_id].name), [])
        if len(found) != 1:
            continue
        if found[0] in taken:
            warnings.append(f"line {ln.name}: its product node is claimed by another line")
            continue
        out[ln.id] = found[0]
        taken.add(found[0])
    return out


def bom_inputs(
    bom: list[BomRow], plant_parts: dict[int, int]
) -> tuple[dict[int, float], list[int]]:
    """Per plant node id, units per vehicle through the BOM tree; and parts no node supplies.

    The walk stops at a part the plant receives (it has a plant node): what lies below it in the
    BOM is assembled by that part's supplier and reaches us through the supplier's own links.
    """
    children: dict[int | None, list[BomRow]] = defaultdict(list)
    for row in bom:
        children[row.parent_id].append(row)
    need: dict[int, float] = defaultdict(float)
    unsupplied: list[int] = []
    todo = [(row, row.quantity) for row in children.get(None, [])]
    seen: set[int] = set()
    while todo:
        row, qty = todo.pop()
        if row.id in seen:  # a broken tree must not loop
            continue
        seen.add(row.id)
        node = plant_parts.get(row.part_id)
        if node is not None:
            need[node] += qty
        elif children.get(row.id):
            todo.extend((kid, qty * kid.quantity) for kid in children[row.id])
        else:
            unsupplied.append(row.part_id)
    return dict(need), unsupplied


def link_groups(t: Tables, index: dict[int, int], by_id: dict[int, NodeRow]) -> list[InputGroup]:
    """Links into each node, grouped by the item supplied (AND); a group's links are OR."""
    groups: dict[tuple[int, str, int], list[tuple[int, float]]] = {}
    labels: dict[tuple[int, str, int], str] = {}
    for link in t.links:
        if link.to_id not in index or link.from_id not in index:
            continue
        src = by_id[link.from_id]
        item = ("p", src.part_id) if src.part_id is not None else ("m", src.material_id or 0)
        key = (index[link.to_id], *item)
        if key not in groups:
            groups[key], labels[key] = [], node_item(t, src)[1]
        groups[key].append((index[link.from_id], float(link.quantity)))
    return [_group(key[0], members, labels[key]) for key, members in groups.items()]


def _group(consumer: int, members: list[tuple[int, float]], label: str) -> InputGroup:
    merged: dict[int, float] = {}
    for supplier, ratio in members:  # the same supplier twice cannot happen (unique link)
        merged[supplier] = merged.get(supplier, 0.0) + ratio
    return InputGroup(consumer, tuple(merged), tuple(merged.values()), label)


def unique_labels(labels: list[str]) -> list[str]:
    """Labels as given, with ' #2', ' #3' added where one would repeat."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        n = seen.get(label, 0) + 1
        seen[label] = n
        out.append(label if n == 1 else f"{label} #{n}")
    taken = set()
    for i, label in enumerate(out):  # a suffix could itself collide with a given label
        while label in taken:
            label += "'"
        taken.add(label)
        out[i] = label
    return out
