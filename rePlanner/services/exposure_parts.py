"""One line's BOM exploded into (part, material, kg per vehicle, China shares) rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rePlanner.engine.exposure import FloatArray, explode_bom, topmost_marked
from rePlanner.services.exposure_chain import STAGES, NetworkArrays
from rePlanner.services.exposure_load import ExposureData, tokens
from rePlanner.services.network_model_load import LineRow


@dataclass(frozen=True)
class PartRow:
    part_id: int
    material_id: int
    kg: float  # per vehicle
    node: int  # network index of the plant node it reaches us through, -1 if none
    shares: FloatArray  # China share per STAGES, then at any stage (NaN = unknown)


def line_part_rows(data: ExposureData, net: NetworkArrays, line: LineRow) -> list[PartRow]:
    bom = data.tables.boms.get(line.id, [])
    if not bom:
        return []
    pos = {row.id: i for i, row in enumerate(bom)}
    parent = np.array([pos.get(r.parent_id, -1) if r.parent_id else -1 for r in bom],
                      dtype=np.int64)  # fmt: skip
    ext = explode_bom(parent, np.array([float(r.quantity) for r in bom]))
    plant_node = {
        n.part_id: net.index[n.id]
        for n in data.tables.nodes
        if n.site_id == line.plant_site_id and n.part_id is not None
    }
    via = topmost_marked(parent, np.array([r.part_id in plant_node for r in bom]))
    out: list[PartRow] = []
    for mid in sorted({c.material_id for r in bom for c in data.content.get(r.part_id, ())}):
        kg_unit = {pid: c.kg_per_unit for pid, cs in data.content.items() for c in cs
                   if c.material_id == mid}  # fmt: skip
        has = np.array([r.part_id in kg_unit for r in bom])
        top = topmost_marked(parent, has)  # counted once: the highest carrier in each branch
        for i in np.flatnonzero(top == np.arange(len(bom))):
            row = bom[i]
            node = int(plant_node[bom[via[i]].part_id]) if via[i] >= 0 else -1
            shares = _shares(data, net, mid, row.part_id, node)
            out.append(PartRow(row.part_id, mid, float(ext[i] * kg_unit[row.part_id]), node,
                               shares))  # fmt: skip
    return out


def _shares(
    data: ExposureData, net: NetworkArrays, mid: int, part_id: int, node: int
) -> FloatArray:
    if node >= 0:
        chain = net.chain(tokens(data.materials[mid].element))
        return np.append(chain.china[node], chain.china_any[node])
    stated = next((c.china_share for c in data.content.get(part_id, ()) if c.material_id == mid),
                  None)  # fmt: skip
    return np.array([np.nan] * len(STAGES) + [np.nan if stated is None else float(stated)])
