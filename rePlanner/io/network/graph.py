"""Loops in a directed graph, found without recursion (networks can be deep)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

MAX_CYCLES = 20  # enough to show the user what to fix


def find_cycles(nodes: Iterable[str], edges: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """Distinct loops (each as its nodes in supply order), found by depth-first search."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycles: list[list[str]] = []
    seen: set[frozenset[str]] = set()
    for start in nodes:
        if start in state:
            continue
        path: list[str] = [start]
        todo = [iter(edges.get(start, ()))]
        state[start] = 1
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                state[path.pop()] = 2
                todo.pop()
            elif state.get(nxt) == 1:
                cycle = path[path.index(nxt) :]
                if frozenset(cycle) not in seen and len(cycles) < MAX_CYCLES:
                    seen.add(frozenset(cycle))
                    cycles.append(cycle)
            elif nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                todo.append(iter(edges.get(nxt, ())))
    return cycles
