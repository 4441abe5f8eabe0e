"""The network one scenario runs on: the compiled network with the scenario's changes applied.

In this order: capacity x (1 - quota cut) on the quota nodes; `buffer_days` x daily flow added
to our plants' stock; with `hold_stock`, a disrupted node keeps its stock on hand (an export
stop holds back what sits in the Chinese warehouse; what is already in transit still arrives);
then the activated alternative sources join (services/scenario_sources.py). Used by a single
run, what-if and goal seek (services/scenario_run.py) and Monte Carlo (services/montecarlo.py,
which draws the quota cut itself and so asks without it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any

from rePlanner.domain.scenario import ScenarioInputs
from rePlanner.services.network_model import CompiledNetwork
from rePlanner.services.scenario_select import Selection
from rePlanner.services.scenario_sources import attach_sources


@dataclass(frozen=True)
class Overrides:
    """Numbers a what-if varies that are not scenario fields."""

    alternative_days: float | None = None
    alternative_capacity: float | None = None
    # keep only these of the disrupted supply nodes (ids): the gap one item causes, when a
    # ranking asks what an alternative does once the line's other gaps are closed
    only_disrupted: frozenset[int] | None = None


@dataclass
class Prepared:
    network: Any  # engine Network
    disrupted: list[int]  # engine node indices
    quota: list[int]  # nodes whose capacity is cut (with_quota) or could be (Monte Carlo)
    buffer: list[int]
    held: float  # units of stock held back at disrupted nodes
    sources: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)


def prepare_network(
    compiled: CompiledNetwork, inputs: ScenarioInputs, sel: Selection, *,
    with_quota: bool = True, over: Overrides = Overrides(),
) -> Prepared:  # fmt: skip
    import numpy as np  # numpy/HiGHS only here (start-up time of the GUI and CLI)

    from rePlanner.engine.scenario import perturbed

    warnings: list[str] = []
    net = compiled.network
    where = compiled.index_of_supply_node()
    quota = sorted(where[n] for n in sel.quota if n in where)
    cut = inputs.quota_cut if with_quota else 0.0
    capacity = {j: 1.0 - cut for j in quota} if cut > 0 else {}
    if any(math.isinf(net.capacity[j]) for j in capacity) and cut < 1:
        warnings.append("quota cut: some Chinese mining/separation nodes have no capacity "
                        "figure, so a partial cut cannot reduce them")  # fmt: skip
    buffer = sorted(
        where[n] for n in sel.buffer if n in where and compiled.nodes[where[n]].line_id is None
    )
    net = perturbed(
        net, capacity_factor=capacity, buffer_nodes=buffer, buffer_days=inputs.buffer_days
    )
    keep = sel.disrupted if over.only_disrupted is None else sel.disrupted & over.only_disrupted
    disrupted = sorted(where[n] for n in keep if n in where)
    held = 0.0
    if inputs.hold_stock and disrupted:
        inventory = net.inventory.copy()
        on_hand = np.array([compiled.nodes[j].on_hand for j in disrupted])
        kept = np.minimum(on_hand, inventory[disrupted])
        inventory[disrupted] -= kept
        held = float(kept.sum())
        net = _with_inventory(net, inventory)
    net, sources = attach_sources(compiled, net, sel.sources, days=over.alternative_days,
                                  capacity=over.alternative_capacity)  # fmt: skip
    return Prepared(net, disrupted, quota if capacity or not with_quota else [], buffer, held,
                    sources, warnings)  # fmt: skip


def _with_inventory(net: Any, inventory: Any) -> Any:
    return replace(net, inventory=inventory)
