"""How well one header label names each BOM field (exact, contained, or fuzzy via difflib)."""

from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache

from rePlanner.domain.imports import BomField
from rePlanner.io.bom.synonyms import NOT_PER_PARENT, SYNONYMS
from rePlanner.io.bom.text import is_cjk, normalize_label

FUZZY_MIN = 0.8  # difflib ratio below this is no match ("Qty" vs "Ort" must not match)
MAX_LABEL = 60  # longer texts are sentences or data, never a header


def _contained(label: str, synonym: str) -> bool:
    if is_cjk(synonym):
        return synonym in label
    return f" {synonym} " in f" {label} "


def _synonym_score(label: str, synonym: str, fuzzy: bool) -> float:
    if label == synonym:
        return 1.0
    if len(synonym) > 1 and _contained(label, synonym):
        # "Part No. (SAP)" still names the part number; the more extra words, the less sure
        return 0.6 + 0.3 * len(synonym) / len(label)
    if not fuzzy or len(label) < 4 or len(synonym) < 4:
        return 0.0  # short labels ("ME", "Pos") only match exactly
    matcher = SequenceMatcher(None, label, synonym)
    if matcher.real_quick_ratio() < FUZZY_MIN or matcher.quick_ratio() < FUZZY_MIN:
        return 0.0
    ratio = matcher.ratio()
    return 0.9 * ratio if ratio >= FUZZY_MIN else 0.0


@lru_cache(maxsize=4096)
def _scores(label: str, fuzzy: bool) -> tuple[tuple[BomField, float], ...]:
    found = []
    for f, synonyms in SYNONYMS.items():
        best = max(_synonym_score(label, s, fuzzy) * w for s, w in synonyms.items())
        if f is BomField.QUANTITY and NOT_PER_PARENT & set(label.split()):
            best *= 0.7  # "Total qty" is a per-vehicle figure, not the quantity per parent
        if best > 0:
            found.append((f, round(best, 3)))
    return tuple(found)


def field_scores(header: object, *, fuzzy: bool = True) -> dict[BomField, float]:
    """Score 0..1 of each field this header might name (empty for data-looking cells)."""
    if not isinstance(header, str) or len(header) > MAX_LABEL:
        return {}
    label = normalize_label(header)
    if not label or label.replace(" ", "").isdigit():
        return {}
    return dict(_scores(label, fuzzy))


def best_field(header: object, *, fuzzy: bool = True) -> tuple[BomField | None, float]:
    scores = field_scores(header, fuzzy=fuzzy)
    if not scores:
        return None, 0.0
    f = max(scores, key=lambda k: scores[k])
    return f, scores[f]
