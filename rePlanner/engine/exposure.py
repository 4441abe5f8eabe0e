"""Exposure arithmetic on plain arrays: BOM explosion, shares carried up a supply network, HHI.

No database, no Qt. The service (services/exposure.py) turns rows into these arrays.

Shares along the network (`propagate`): every node either states its own value (e.g. 1.0 for a
Chinese site at the stage asked about) or takes it from its inputs. Edges are grouped: a group
is one item the consumer needs and its edges are alternative suppliers weighted by their share
of volume. A group's value is the share-weighted mean of its suppliers' values, where a supplier
whose value is unknown (NaN) counts as 0 (so the result is a lower bound: "at least this much");
the group is unknown only when all its suppliers are. Groups combine by `max` (the most exposed
input counts: a scarce input stops the part) or `mean`. A node with neither an own value nor a
known input takes its `fallback`.

Which policy measures reach which material content (`measure_reach`) is also decided here, on
plain (element, stage) pairs, so that every service applies the same rule.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


def explode_bom(parent: IntArray, quantity: FloatArray) -> FloatArray:
    """Extended quantity per vehicle of every BOM row: its quantity times all its ancestors'.

    `parent[i]` is the row index of row i's parent, -1 for a top-level row. A cycle (broken
    data) stops after len(rows) steps instead of looping.
    """
    ext = np.asarray(quantity, dtype=float).copy()
    up = np.asarray(parent, dtype=np.int64).copy()
    for _ in range(len(up)):
        live = up >= 0
        if not live.any():
            break
        ext[live] *= quantity[up[live]]
        up[live] = parent[up[live]]
    return ext


def topmost_marked(parent: IntArray, marked: BoolArray) -> IntArray:
    """Per row, the index of its highest ancestor-or-self that is `marked`, -1 if none."""
    best = np.where(marked, np.arange(len(parent)), -1)
    up = np.asarray(parent, dtype=np.int64).copy()
    for _ in range(len(up)):
        live = up >= 0
        if not live.any():
            break
        hit = live.copy()
        hit[live] = marked[up[live]]
        best[hit] = up[hit]
        up[live] = parent[up[live]]
    return best


def levels(size: int, consumer: IntArray, supplier: IntArray) -> IntArray:
    """Longest path from a source to each node (suppliers come before their consumers)."""
    level = np.zeros(size, dtype=np.int64)
    for _ in range(size + 1):
        new = level.copy()
        np.maximum.at(new, consumer, level[supplier] + 1)
        if np.array_equal(new, level):
            break
        level = np.minimum(new, size)  # a cycle cannot push a level past the node count
    return level


def propagate(
    own: FloatArray,
    fallback: FloatArray,
    consumer: IntArray,
    supplier: IntArray,
    weight: FloatArray,
    group: IntArray,
    combine: Literal["max", "mean"] = "max",
) -> FloatArray:
    """Values (nodes x k) carried from suppliers to consumers; see the module docstring.

    `own` and `fallback` are (nodes x k), NaN where a node states nothing; edge arrays are
    aligned, `group` numbers the edge groups 0..G-1 (a group belongs to one consumer).
    """
    n, k = own.shape
    value = np.full((n, k), np.nan)
    level = levels(n, consumer, supplier)
    groups = int(group.max()) + 1 if len(group) else 0
    group_consumer = np.full(groups, -1, dtype=np.int64)
    group_consumer[group] = consumer
    for lvl in range(int(level.max()) + 1 if n else 0):
        at = level == lvl
        edges = at[consumer]
        todo = np.flatnonzero(at)
        value[todo] = _from_inputs(value, todo, edges, consumer, supplier, weight, group,
                                   group_consumer, combine)  # fmt: skip
        mine = todo[~np.isnan(own[todo]).all(axis=1)]
        value[mine] = own[mine]
        empty = todo[np.isnan(value[todo]).all(axis=1)]
        value[empty] = fallback[empty]
    return value


def _from_inputs(
    value: FloatArray, todo: IntArray, edges: BoolArray, consumer: IntArray, supplier: IntArray,
    weight: FloatArray, group: IntArray, group_consumer: IntArray, combine: str,
) -> FloatArray:  # fmt: skip
    n, k = value.shape
    groups = len(group_consumer)
    vals = value[supplier[edges]]
    w = weight[edges][:, None]
    g = group[edges]
    num = np.zeros((groups, k))
    den = np.zeros((groups, k))
    known = np.zeros((groups, k))
    np.add.at(num, g, w * np.nan_to_num(vals))
    np.add.at(den, g, np.broadcast_to(w, vals.shape))
    np.add.at(known, g, ~np.isnan(vals))
    with np.errstate(invalid="ignore", divide="ignore"):
        gval = np.where((known > 0) & (den > 0), num / den, np.nan)
    used = np.unique(g)
    out = np.full((n, k), np.nan)
    if combine == "max":
        np.fmax.at(out, group_consumer[used], gval[used])
    else:
        total = np.zeros((n, k))
        count = np.zeros((n, k))
        np.add.at(total, group_consumer[used], np.nan_to_num(gval[used]))
        np.add.at(count, group_consumer[used], ~np.isnan(gval[used]))
        with np.errstate(invalid="ignore", divide="ignore"):
            out = np.where(count > 0, total / count, np.nan)
    return out[todo]


def weighted_share(kg: FloatArray, share: FloatArray) -> FloatArray:
    """Per column, sum(kg x share) / sum(kg) over rows; unknown shares count 0, all unknown NaN.

    `kg` is (rows,), `share` (rows x k).
    """
    if len(kg) == 0:
        return np.full(share.shape[1], np.nan)
    total = kg.sum()
    known = ~np.isnan(share)
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (kg[:, None] * np.nan_to_num(share)).sum(axis=0) / total
    return np.where(known.any(axis=0) & (total > 0), out, np.nan)


def hhi(shares: FloatArray, wgi: FloatArray, trade: FloatArray) -> float:
    """Herfindahl-Hirschman index weighted by governance and trade: sum S_c^2 WGI_c t_c.

    Shares are fractions (0..1), so with WGI = t = 1 the index runs from 0 to 1.
    """
    return float(np.sum(np.square(shares) * wgi * trade))


RARE_EARTHS = frozenset(
    ["La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
     "Y", "Sc"]
)  # fmt: skip
# The refining chain of an element: a measure on one stage reaches that stage and the later ones.
ELEMENT_STAGES = ("ore", "oxide", "metal")
Item = tuple[str, str]  # (element, stage) of a material row: ("Dy", "metal"), ("NdFeB", "magnet")


def tokens(element: str) -> frozenset[str]:
    """Chemical symbols in a material's element name: NdPr -> {Nd, Pr}, NdFeB -> {Nd, Fe, B}.

    Names that are not formulas (graphite, graphite-anode) stand for themselves.
    """
    if element[:1].isupper():
        return frozenset(re.findall(r"[A-Z][a-z]?", element))
    return frozenset({element.casefold()})


def measure_reach(covered: Sequence[Item], row: Item, content: Sequence[Item]) -> list[Item]:
    """The materials of a measure (`covered`) through which it reaches `row`, one material of
    a part whose whole material content is `content`; empty when the measure does not reach it.

    - Element at a refining stage (ore, oxide, metal/alloy): reaches rows of the same element
      (sharing a chemical symbol: Nd reaches NdPr; REO, the mixed concentrate, every rare
      earth) at that stage or a later one. Why: a control stops that form leaving China, and
      every later form made outside China is made from it; an earlier form can still be
      exported and refined elsewhere, so a measure on Dy metal does not reach Dy oxide. It does
      not reach magnets: China lists magnets as items of their own (EC07 names "NdFeB magnet
      material containing Tb or Dy" beside Dy oxide and metal); the Dy inside a magnet part is
      reached through the part's own Dy row.
    - Magnet (NdFeB, SmCo): reaches magnet rows of that kind in parts that hold one of the
      measure's elements ("magnets containing Dy or Tb"): the magnet's own symbols (Sm in SmCo)
      or any other material the part lists. A measure that names magnets and no element reaches
      every magnet of that kind. measure_materials cannot say which of its elements the magnet
      clause means, so this may over-match (an NdFeB part with Gd under EC07), never under-match.
    - Anything else (commodities such as graphite): the same material only.
    """
    elements = frozenset().union(*(_symbols(e) for e, s in covered if s in ELEMENT_STAGES))
    held = frozenset().union(tokens(row[0]), *(tokens(e) for e, _ in content))
    return [c for c in covered if _reaches(c, row, elements, held)]


def _reaches(c: Item, row: Item, elements: frozenset[str], held: frozenset[str]) -> bool:
    (c_el, c_stage), (r_el, r_stage) = c, row
    if c_stage in ELEMENT_STAGES:
        return (r_stage in ELEMENT_STAGES
                and ELEMENT_STAGES.index(r_stage) >= ELEMENT_STAGES.index(c_stage)
                and bool(_symbols(c_el) & _symbols(r_el)))  # fmt: skip
    if c_stage == "magnet":
        return (r_stage == "magnet" and tokens(c_el) <= tokens(r_el)
                and (not elements or bool(elements & held)))  # fmt: skip
    return r_stage == c_stage and tokens(c_el) == tokens(r_el)


def _symbols(element: str) -> frozenset[str]:
    return RARE_EARTHS if element == "REO" else tokens(element)
