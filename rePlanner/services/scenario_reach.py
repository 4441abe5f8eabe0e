"""What a scenario's measures reach, one measure at a time, as the exposure report does.

engine/exposure.measure_reach decides whether one measure's materials reach a material row; a
magnet clause depends on the measure's own elements ("magnets containing Dy or Tb"), so the
measures of a scenario are applied separately and their reaches OR-ed: adding a measure can only
widen the stop, and naming `materials` can only narrow it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rePlanner.engine.exposure import Item, measure_reach, tokens


@dataclass(frozen=True)
class Reach:
    groups: tuple[tuple[Item, ...], ...]  # per measure (or the named materials): its materials

    def __bool__(self) -> bool:
        return any(self.groups)

    @property
    def symbols(self) -> frozenset[str]:
        """Chemical symbols of every covered material (for the quota cut)."""
        return frozenset().union(*(tokens(e) for g in self.groups for e, _ in g))

    def node(self, item: Item) -> bool:
        """A supply node making material `item`. What a magnet maker's magnets contain is not
        recorded on its node, so a measure on magnets "containing Dy or Tb" is taken to reach
        it (over-match rather than miss a stop)."""
        return any(g and measure_reach(g, item, [item, *g]) for g in self.groups)

    def row(self, item: Item, content: list[Item]) -> bool:
        """A material row of a part (or an alternative source) whose content is `content`."""
        return any(g and measure_reach(g, item, content) for g in self.groups)


def no_reach() -> Reach:
    return Reach(())


def as_items(mats: dict[int, Any], ids: set[int]) -> tuple[Item, ...]:
    return tuple(sorted(mats[m] for m in ids if m in mats))
