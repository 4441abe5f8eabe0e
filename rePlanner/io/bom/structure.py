"""The BOM tree: levels from numbers, outlines or indentation, or parents by part number.

Lines come in file order. After linking, every parent precedes its children and each subtree is
contiguous (depth-first order), which lets one pass compute extended quantities and find loops
and duplicates with a stack instead of per-line sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import gcd

from rePlanner.domain.imports import BomLineIn
from rePlanner.io.bom.sink import IssueSink


def rebase(raw: Sequence[int], sink: IssueSink, column: str | None) -> list[int]:
    """Level numbers to 1 = top: a BOM numbered from 0 (or from 2) is shifted; -1 stays unknown."""
    valid = [v for v in raw if v >= 0]
    base = min(valid, default=1)
    if base != 1:
        sink.add("levels_rebased", column=column, value=base, first=base)
    return [v - base + 1 if v >= 0 else -1 for v in raw]


def from_steps(raw: Sequence[int]) -> list[int]:
    """Indentation (Excel indent or leading spaces) to levels: the smallest is 1, one step each."""
    valid = [v for v in raw if v >= 0]
    low = min(valid, default=0)
    step = 0
    for v in valid:
        step = gcd(step, v - low)
    step = step or 1
    return [(v - low) // step + 1 if v >= 0 else -1 for v in raw]


def link_by_levels(
    lines: list[BomLineIn], levels: Sequence[int], sink: IssueSink, column: str | None
) -> None:
    """Each line goes under the nearest line above it with a smaller level."""
    stack: list[int] = []
    for i, line in enumerate(lines):
        lv = levels[i]
        if lv < 1:  # unreadable level (already reported): keep it next to the line above
            lv = lines[stack[-1]].level if stack else 1
        while stack and lines[stack[-1]].level >= lv:
            stack.pop()
        prev = lines[stack[-1]].level if stack else 0
        if lv > prev + 1:
            sink.add("level_jump", row=line.row, column=column, value=lv, prev=prev, level=lv,
                     parsed=prev + 1)  # fmt: skip
        line.level, line.parent = lv, (stack[-1] if stack else None)
        stack.append(i)


def check_parent_column(
    lines: list[BomLineIn], parents: Sequence[str | None], sink: IssueSink, column: str | None
) -> None:
    """Where both levels and a parent column exist, say where they disagree (levels win)."""
    for line, wanted in zip(lines, parents, strict=True):
        actual = lines[line.parent].part_number if line.parent is not None else None
        if wanted and wanted != actual:
            sink.add("parent_mismatch", row=line.row, column=column, value=wanted,
                     parsed=actual or "(the vehicle)")  # fmt: skip


def _resolve(lines: list[BomLineIn], parents: Sequence[str | None], sink: IssueSink,
             column: str | None) -> None:  # fmt: skip
    where: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.part_number:
            where.setdefault(line.part_number, []).append(i)
    for i, (line, wanted) in enumerate(zip(lines, parents, strict=True)):
        line.parent = None
        if not wanted:
            continue
        found = where.get(wanted)
        if not found:
            sink.add("parent_not_found", row=line.row, column=column, value=wanted)
            continue
        before = [c for c in found if c < i]
        chosen = before[-1] if before else found[0]
        if chosen == i:
            sink.add("cycle", row=line.row, column=column, value=wanted,
                     path=f"{wanted} → {wanted}")  # fmt: skip
            continue
        if len(found) > 1:
            sink.add("parent_ambiguous", row=line.row, column=column, value=wanted,
                     parsed=lines[chosen].row)  # fmt: skip
        line.parent = chosen


def _preorder(lines: list[BomLineIn], roots: list[int], seen: list[bool],
              children: dict[int, list[int]], out: list[int]) -> None:  # fmt: skip
    todo = list(reversed(roots))
    while todo:
        i = todo.pop()
        if seen[i]:
            continue
        seen[i] = True
        out.append(i)
        todo.extend(reversed(children.get(i, ())))


def _break_loop(lines: list[BomLineIn], start: int, sink: IssueSink, column: str | None) -> int:
    """Walk up from a line no root reaches until a line repeats; report that loop once."""
    chain: list[int] = []
    i: int | None = start
    while i is not None and i not in chain:
        chain.append(i)
        i = lines[i].parent
    loop = chain[chain.index(i) :] if i is not None else chain
    first = min(loop)
    names = [lines[j].part_number for j in reversed(loop)]  # each contains the next
    path = " → ".join([*names, names[0]])
    sink.add("cycle", row=lines[first].row, column=column, value=lines[first].part_number,
             path=path)  # fmt: skip
    lines[first].parent = None
    return first


def link_by_parents(
    lines: list[BomLineIn], parents: Sequence[str | None], sink: IssueSink, column: str | None
) -> list[BomLineIn]:
    """Attach each line to the line of its parent part (nearest one above, else the first below)
    and return the lines in depth-first order."""
    _resolve(lines, parents, sink, column)
    children: dict[int, list[int]] = {}
    for i, line in enumerate(lines):
        if line.parent is not None:
            children.setdefault(line.parent, []).append(i)
    seen, order = [False] * len(lines), list[int]()
    _preorder(lines, [i for i, ln in enumerate(lines) if ln.parent is None], seen, children, order)
    for i in range(len(lines)):
        if not seen[i]:  # only lines inside a loop are out of reach of every root
            _preorder(lines, [_break_loop(lines, i, sink, column)], seen, children, order)
    new_index = {old: new for new, old in enumerate(order)}
    result = [lines[old] for old in order]
    for line in result:
        line.parent = new_index[line.parent] if line.parent is not None else None
    return result


def finish(
    lines: list[BomLineIn], sink: IssueSink, column: str | None, *, depth_levels: bool
) -> None:
    """Extended quantities, duplicate lines and parts that contain themselves, in one pass."""
    stack: list[int] = []  # the current line's ancestors, root first
    kids: list[dict[str, int] | None] = []  # part number -> row of each ancestor's children
    ancestors: dict[str, int] = {}  # part number -> how often it is on the stack
    top: dict[str, int] = {}
    for i, line in enumerate(lines):
        parent = line.parent
        while stack and stack[-1] != parent:
            ancestors[lines[stack.pop()].part_number] -= 1
            kids.pop()
        if depth_levels:
            line.level = len(stack) + 1
        pn = line.part_number
        if pn and ancestors.get(pn, 0) > 0:
            chain = [lines[j].part_number for j in stack]
            path = " → ".join(chain[chain.index(pn) :] + [pn])
            sink.add("cycle", row=line.row, column=column, value=pn, path=path)
        if not stack:
            siblings = top
        elif (siblings := kids[-1]) is None:  # type: ignore[assignment]
            siblings = kids[-1] = {}  # most lines have no children: no dict for them
        if pn and pn in siblings:
            sink.add("duplicate_line", row=line.row, column=column, value=pn, parsed=siblings[pn])
        elif pn:
            siblings[pn] = line.row
        line.extended_quantity = line.quantity * (
            lines[parent].extended_quantity if parent is not None else 1.0
        )
        stack.append(i)
        kids.append(None)
        ancestors[pn] = ancestors.get(pn, 0) + 1
