"""Load the public peer's stress-test reference JSON (shared/peer/*.json) into a Network.

Test and benchmark data. Semantics (the file's own `semantics` block): an edge `from -> to`
supplies `material` at ratio r (units of `from` per unit of `to`); a node needs every material
of its bom (AND) and the suppliers listed under one material are alternatives (OR); tier-3
nodes have no inputs (capacity-limited only); products are the tier-1 nodes with demand and
profit; a disrupted node makes nothing but its inventory still ships.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from rePlanner.engine.network import InputGroup, Network


@dataclass(frozen=True)
class PeerReference:
    """The peer's LP results for one single-node disruption."""

    node: str
    ttr: float
    pi: float
    tts: float  # math.inf when the peer reported "inf"
    pi_minus_no_disruption: float


@dataclass(frozen=True)
class PeerCase:
    network: Network
    references: list[PeerReference]
    baseline_tts: float
    baseline_pi: dict[float, float]  # horizon (days) -> undisrupted lost profit


def _num(value: Any, default: float = 0.0) -> float:
    if value is None:
        return default
    if value == "inf":
        return math.inf
    return float(value)


def network_from_peer(data: dict[str, Any]) -> Network:
    nodes = data["nodes"]
    ids = [str(node["id"]) for node in nodes]
    index = {node: i for i, node in enumerate(ids)}
    groups: list[InputGroup] = []
    for consumer, bom in data["bom"].items():
        for entry in bom:
            suppliers = tuple(index[s] for s in entry["suppliers"])
            ratio = float(entry["ratio"])
            groups.append(
                InputGroup(
                    consumer=index[consumer],
                    suppliers=suppliers,
                    ratios=tuple(ratio for _ in suppliers),
                    label=str(entry["material"]),
                )
            )
    return Network(
        ids=ids,
        capacity=np.array([_num(n["capacity_per_day"], math.inf) for n in nodes]),
        inventory=np.array([_num(n["inventory"]) for n in nodes]),
        ttr=np.array([_num(n["ttr_days"], math.nan) for n in nodes]),
        demand=np.array([_num(n["demand_per_day"]) for n in nodes]),
        profit=np.array([_num(n["profit_per_unit"]) for n in nodes]),
        inputs=groups,
        labels={"material": [str(n["material"] or n["id"]) for n in nodes]},
    )


def load_peer(path: str | Path) -> PeerCase:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    refs = [
        PeerReference(
            node=str(r["disrupted"]),
            ttr=float(r["ttr_days"]),
            pi=float(r["pi"]),
            tts=_num(r["tts"]),
            pi_minus_no_disruption=float(r["pi_minus_no_disruption"]),
        )
        for r in data["results"]
    ]
    lp = data["baseline"]["lp"]
    return PeerCase(
        network=network_from_peer(data),
        references=refs,
        baseline_tts=_num(lp["tts_no_disruption"]),
        baseline_pi={float(k): float(v) for k, v in lp["pi_no_disruption_by_horizon_days"].items()},
    )
