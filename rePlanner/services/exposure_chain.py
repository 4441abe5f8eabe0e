"""Follow one material up the multi-tier network: which links carry it, and each node's stage.

Rules (per material, named by its chemical symbols, see exposure_load.tokens):

- A node *holds* the material when it is a material node whose element shares a symbol with it
  (Dy metal, Dy oxide; NdPr metal for Nd; NdFeB magnet for Nd). A part node is a *source* of it
  when the part's material content (part_materials) lists it. A node *carries* it when it holds
  it, is such a part, or any of its inputs carries it.
- Into a node, the input groups (one per item supplied) that carry the material are followed.
  A node that holds the material and has no such input follows all its inputs: they are its
  feedstock (a Dy oxide separator's mixed rare-earth concentrate).
- Stage of a node: a material node has its material's stage (ore, oxide, metal, magnet); a part
  node that takes the material directly from ore, oxide or metal nodes is where it is first made
  into a part, the magnet (or finished functional material) stage; other parts have no stage.
- China share at stage s: a node at stage s is Chinese when its site's country is China (1) or
  not (0); other nodes take the share-weighted mean of their followed inputs (engine/exposure).
  A stage that no node on the chain reports is unknown (None).
- China share at any stage: 1 for a Chinese site; else from the followed inputs; a node where
  the chain ends takes its own `china_share` (the data's statement about what lies behind it),
  else 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from rePlanner.engine.exposure import BoolArray, FloatArray, IntArray, propagate
from rePlanner.services.exposure_load import ExposureData, is_china, tokens

STAGES = ("ore", "oxide", "metal", "magnet")  # ore/mining, oxide/separation, metal, magnet


@dataclass(frozen=True)
class Chain:
    stage: IntArray  # per node: index into STAGES, -1 for none
    china: FloatArray  # nodes x 4 (STAGES), NaN = unknown
    china_any: FloatArray  # nodes
    followed: BoolArray  # per edge
    holds: BoolArray  # per node: a material node of this material's element


@dataclass
class NetworkArrays:
    """The supply nodes and links of ExposureData as index arrays, built once."""

    data: ExposureData
    chains: dict[frozenset[str], Chain] = field(default_factory=dict)

    def __post_init__(self) -> None:
        t = self.data.tables
        self.node_ids = [n.id for n in t.nodes]
        self.index = {nid: i for i, nid in enumerate(self.node_ids)}
        links = [lk for lk in t.links if lk.from_id in self.index and lk.to_id in self.index]
        self.supplier = np.array([self.index[lk.from_id] for lk in links], dtype=np.int64)
        self.consumer = np.array([self.index[lk.to_id] for lk in links], dtype=np.int64)
        self.weight = np.array([self.data.link_share[(lk.from_id, lk.to_id)] for lk in links])
        keys: dict[tuple[int, object], int] = {}
        item = [("p", n.part_id) if n.part_id is not None else ("m", n.material_id)
                for n in t.nodes]  # fmt: skip
        self.group = np.array(
            [
                keys.setdefault((c, item[s]), len(keys))
                for c, s in zip(self.consumer, self.supplier, strict=True)
            ],
            dtype=np.int64,
        )
        country = [self.data.site_country.get(n.site_id) for n in t.nodes]
        self.countries = country
        self.chinese = np.array([is_china(c) for c in country], dtype=bool)

    @cached_property
    def material_stage(self) -> IntArray:
        """Stage index of each material node's material (-1 for parts and commodities)."""
        mats = self.data.materials
        return np.array(
            [STAGES.index(mats[n.material_id].stage)
             if n.material_id in mats and mats[n.material_id].stage in STAGES else -1
             for n in self.data.tables.nodes],
            dtype=np.int64,
        )  # fmt: skip

    def chain(self, symbols: frozenset[str]) -> Chain:
        if symbols not in self.chains:
            self.chains[symbols] = self._chain(symbols)
        return self.chains[symbols]

    def _chain(self, symbols: frozenset[str]) -> Chain:
        holds, seed = self._seeds(symbols)
        n = len(self.node_ids)
        ones = np.where(seed, 1.0, np.nan)[:, None]
        carries = propagate(ones, np.zeros((n, 1)), self.consumer, self.supplier,
                            np.ones(len(self.supplier)), self.group)[:, 0] > 0  # fmt: skip
        followed = self._followed(carries, holds)
        stage = self.material_stage.copy()
        from_material = followed & (self.material_stage[self.supplier] >= 0)
        from_material &= self.material_stage[self.supplier] <= STAGES.index("metal")
        makers = np.unique(self.consumer[from_material])
        makers = makers[self.material_stage[makers] < 0]
        stage[makers] = STAGES.index("magnet")
        edges = (self.consumer[followed], self.supplier[followed], self.weight[followed],
                 self.group[followed])  # fmt: skip
        china = np.full((n, len(STAGES)), np.nan)
        for s in range(len(STAGES)):
            own = np.where(stage == s, self.chinese.astype(float), np.nan)[:, None]
            china[:, s] = propagate(own, np.full((n, 1), np.nan), *edges)[:, 0]
        own_any = np.where(self.chinese, 1.0, np.nan)[:, None]
        stated = [self.data.node_china.get(nid) for nid in self.node_ids]
        fallback = np.array([0.0 if v is None else float(v) for v in stated])[:, None]
        china_any = propagate(own_any, fallback, *edges)[:, 0]
        return Chain(stage, china, china_any, followed, holds)

    def _seeds(self, symbols: frozenset[str]) -> tuple[BoolArray, BoolArray]:
        mats, content = self.data.materials, self.data.content
        holds = np.zeros(len(self.node_ids), dtype=bool)
        seed = np.zeros(len(self.node_ids), dtype=bool)
        for i, node in enumerate(self.data.tables.nodes):
            if node.material_id is not None and node.material_id in mats:
                holds[i] = bool(tokens(mats[node.material_id].element) & symbols)
                seed[i] = holds[i]
            elif node.part_id is not None:
                seed[i] = any(tokens(mats[c.material_id].element) & symbols
                              for c in content.get(node.part_id, ()) if c.material_id in mats)  # fmt: skip
        return holds, seed

    def _followed(self, carries: BoolArray, holds: BoolArray) -> BoolArray:
        groups = int(self.group.max()) + 1 if len(self.group) else 0
        group_carries = np.zeros(groups, dtype=bool)
        np.logical_or.at(group_carries, self.group, carries[self.supplier])
        has_carrying = np.zeros(len(self.node_ids), dtype=bool)
        np.logical_or.at(has_carrying, self.consumer, carries[self.supplier])
        feedstock = holds[self.consumer] & ~has_carrying[self.consumer]
        return np.asarray(group_carries[self.group] | feedstock)

    def country_mix(self, symbols: frozenset[str], stage: int) -> tuple[list[str], FloatArray]:
        """(countries, nodes x countries): where the material's stage-`stage` nodes are sited.

        Stage -1 (commodities): where the nodes holding the material are sited.
        """
        chain = self.chain(symbols)
        names = sorted({c for c in self.countries if c})
        col = {c: j for j, c in enumerate(names)}
        own = np.full((len(self.node_ids), len(names)), np.nan)
        for i in np.flatnonzero(chain.stage == stage if stage >= 0 else chain.holds):
            own[i] = 0.0
            where = self.countries[i]
            if where:
                own[i, col[where]] = 1.0
        f = chain.followed
        mix = propagate(own, np.full_like(own, np.nan), self.consumer[f], self.supplier[f],
                        self.weight[f], self.group[f], combine="mean")  # fmt: skip
        return names, mix
