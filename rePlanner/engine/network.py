"""The supply network the risk engine works on: plain arrays, no database, no Qt.

Nodes j are (site x item) pairs. A node makes its item at up to `capacity[j]` per day from its
inputs and holds `inventory[j]` (on hand + in transit). Finished products (our production lines)
have a demand per day and a profit (margin) per unit. Each node needs every one of its input
groups (AND: the scarcest limits output); the suppliers inside one group are alternatives whose
shipments add up (OR). `ratios[g][n]` is r: units of supplier n's item per unit of the consumer.
This is the model of Simchi-Levi et al. (Interfaces 45(5), 2015); see shared/design/domain.md.

One addition for alternative sources: `available_from[j]` (days, default 0) is when node j
starts producing; over a horizon h it makes at most capacity x max(0, h - available_from).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class InputGroup:
    """One material a consumer node needs, and the nodes that can supply it."""

    consumer: int
    suppliers: tuple[int, ...]
    ratios: tuple[float, ...]  # per supplier: units of its item per unit of the consumer
    label: str = ""  # e.g. the material or part number, for explanations


@dataclass
class Network:
    ids: list[str]  # one label per node, unique
    capacity: FloatArray  # per day; np.inf where not limiting
    inventory: FloatArray  # on hand + in transit, in units of the node's item
    ttr: FloatArray  # time to recover, days; np.nan where unknown
    demand: FloatArray  # per day; 0 for nodes that are not finished products
    profit: FloatArray  # per unit of a finished product; 0 elsewhere
    inputs: list[InputGroup] = field(default_factory=list)
    labels: dict[str, list[str]] = field(default_factory=dict)  # optional extra names per node
    available_from: FloatArray | None = None  # days until a node produces; None = all at once

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def is_product(self) -> BoolArray:
        return np.asarray(self.demand > 0)

    def index(self) -> dict[str, int]:
        return {node: i for i, node in enumerate(self.ids)}

    def start_days(self) -> FloatArray:
        """available_from, zeros when not given."""
        if self.available_from is None:
            return np.zeros(self.size)
        return self.available_from.astype(float)

    def state_key(self) -> bytes:
        """What the LPs' numbers depend on besides the topology (for caches)."""
        parts = [self.capacity, self.inventory, self.demand]
        if self.available_from is not None and np.any(self.available_from > 0):
            parts.append(self.available_from)
        return b"|".join(np.ascontiguousarray(a, dtype=float).tobytes() for a in parts)
