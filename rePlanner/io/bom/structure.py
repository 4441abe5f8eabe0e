"""The BOM tree: levels from numbers, outlines or indentation, or parents by part number.

Lines come in file order. After linking, every parent precedes its children and each subtree is
contiguous (depth-first order), which lets one pass compute extended quantities and find loops
and duplicates with a stack instead of per-line sets.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace
from itertools import chain
from math import gcd

from rePlanner.domain.imports import BomLineIn
from rePlanner.io.bom.sink import IssueSink

# lines a parent-child BOM may expand to (each shared subassembly once per use)
EXPANSION_LIMIT = 1_000_000


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


def _attach(lines: list[BomLineIn], parents: Sequence[str | None], sink: IssueSink,
            column: str | None) -> dict[int, list[int]]:  # fmt: skip
    """The child lines of each line, from the parent part numbers.

    A parent part on several lines (a subassembly used in several places) is one part: the
    children listed for it belong under each of its lines. Only where every one of those lines
    has children listed after it (a depth-first export that repeats the subtree) does each line
    keep the children below it. `line.parent` is set to the nearest parent line above (else the
    first below): the way up when looking for loops.
    """
    where: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.part_number:
            where.setdefault(line.part_number, []).append(i)
    named: dict[str, list[int]] = {}  # parent part number -> its child lines
    for i, (line, wanted) in enumerate(zip(lines, parents, strict=True)):
        line.parent = None
        if not wanted:
            continue
        if wanted not in where:
            sink.add("parent_not_found", row=line.row, column=column, value=wanted)
        elif wanted == line.part_number:
            sink.add("cycle", row=line.row, column=column, value=wanted,
                     path=f"{wanted} → {wanted}")  # fmt: skip
        else:
            named.setdefault(wanted, []).append(i)
    kids: dict[int, list[int]] = {}
    for wanted, children in named.items():
        found = where[wanted]
        below: dict[int, list[int]] = {}
        for c in children:
            before = bisect_left(found, c)
            chosen = found[before - 1] if before else found[0]
            lines[c].parent = chosen
            below.setdefault(chosen, []).append(c)
        if len(below) < len(found):  # listed once for the part: under every line of it
            kids.update((o, children) for o in found)
            continue
        kids.update(below)
        if len({_signature(lines, below[o]) for o in found}) > 1:
            for c in children:
                sink.add("parent_ambiguous", row=lines[c].row, column=column, value=wanted,
                         parsed=lines[lines[c].parent or 0].row)  # fmt: skip
    return kids


def _signature(lines: list[BomLineIn], children: list[int]) -> tuple[tuple[str, float], ...]:
    return tuple(sorted((lines[c].part_number, lines[c].quantity) for c in children))


class _Expansion:
    """Lines in depth-first order, each subtree repeated under every line of its parent part."""

    def __init__(self, lines: list[BomLineIn], kids: dict[int, list[int]], limit: int) -> None:
        self.lines, self.kids, self.limit = lines, kids, limit
        self.out: list[BomLineIn] = []
        self.reached = [False] * len(lines)

    def run(self, root: int) -> int | None:
        """Add `root` and everything under it; the line it stopped at if the limit was hit."""
        lines, kids, out, reached = self.lines, self.kids, self.out, self.reached
        todo: list[tuple[int, int | None, int]] = [(root, None, 0)]
        path: list[str] = []  # part numbers from the top to the current line
        while todo:
            i, parent, depth = todo.pop()
            del path[depth:]
            line = lines[i]
            loops = bool(line.part_number) and line.part_number in path
            if loops and reached[i]:
                continue  # a loop already listed once: finish() reports it
            if len(out) >= self.limit:
                return i
            if reached[i]:
                line = replace(line)  # the same source row under another parent line
            line.parent, reached[i] = parent, True
            out.append(line)
            if not loops:  # a line that closes a loop is listed, but not expanded again
                path.append(line.part_number)
                new = len(out) - 1
                todo.extend((c, new, depth + 1) for c in reversed(kids.get(i, ())))
        return None


def _top_unreached(lines: list[BomLineIn], start: int, reached: list[bool], sink: IssueSink,
                   column: str | None) -> int:  # fmt: skip
    """Walk up from a line no top line reaches: report the loop it hangs in (once) and return
    where to start listing it; without a loop (under a line that closes one), its top line."""
    walk: list[int] = []
    seen: set[int] = set()
    i: int | None = start
    while i is not None and not reached[i] and i not in seen:
        walk.append(i)
        seen.add(i)
        i = lines[i].parent
    if i is None or reached[i]:
        return walk[-1]
    loop = walk[walk.index(i) :]
    first = min(loop)
    names = [lines[j].part_number for j in reversed(loop)]  # each contains the next
    path = " → ".join([*names, names[0]])
    sink.add("cycle", row=lines[first].row, column=column, value=lines[first].part_number,
             path=path)  # fmt: skip
    return first


def link_by_parents(
    lines: list[BomLineIn], parents: Sequence[str | None], sink: IssueSink, column: str | None
) -> list[BomLineIn]:
    """Attach each line under every line of its parent part and return the lines in depth-first
    order: a subassembly used in n places has its children n times (copies keep the source row).
    """
    kids = _attach(lines, parents, sink, column)
    tree = _Expansion(lines, kids, max(EXPANSION_LIMIT, 2 * len(lines)))
    tops = [i for i, ln in enumerate(lines) if ln.parent is None]
    for i in chain(tops, range(len(lines))):
        if tree.reached[i]:
            continue
        top = i if lines[i].parent is None else _top_unreached(lines, i, tree.reached, sink, column)
        stop = tree.run(top)
        if stop is not None:
            sink.add("expansion_too_large", row=lines[stop].row, column=column,
                     value=lines[stop].part_number, count=f"{tree.limit:,}")  # fmt: skip
            break
    return tree.out


def finish(
    lines: list[BomLineIn], sink: IssueSink, column: str | None, *, depth_levels: bool
) -> None:
    """Extended quantities, duplicate lines and parts that contain themselves, in one pass."""
    stack: list[int] = []  # the current line's ancestors, root first
    kids: list[dict[str, int] | None] = []  # part number -> row of each ancestor's children
    ancestors: dict[str, int] = {}  # part number -> how often it is on the stack
    top: dict[str, int] = {}
    reported: set[tuple[str, int]] = set()
    for i, line in enumerate(lines):
        parent = line.parent
        while stack and stack[-1] != parent:
            ancestors[lines[stack.pop()].part_number] -= 1
            kids.pop()
        if depth_levels:
            line.level = len(stack) + 1
        pn = line.part_number
        if pn and ancestors.get(pn, 0) > 0:
            names = [lines[j].part_number for j in stack]
            path = " → ".join(names[names.index(pn) :] + [pn])
            _once(sink, reported, "cycle", line, column, path=path)
        if not stack:
            siblings = top
        elif (siblings := kids[-1]) is None:  # type: ignore[assignment]
            siblings = kids[-1] = {}  # most lines have no children: no dict for them
        if pn and pn in siblings:
            _once(sink, reported, "duplicate_line", line, column, parsed=siblings[pn])
        elif pn:
            siblings[pn] = line.row
        line.extended_quantity = line.quantity * (
            lines[parent].extended_quantity if parent is not None else 1.0
        )
        stack.append(i)
        kids.append(None)
        ancestors[pn] = ancestors.get(pn, 0) + 1


def _once(sink: IssueSink, reported: set[tuple[str, int]], code: str, line: BomLineIn,
          column: str | None, **words: object) -> None:  # fmt: skip
    if (code, line.row) not in reported:
        reported.add((code, line.row))
        sink.add(code, row=line.row, column=column, value=line.part_number, **words)
