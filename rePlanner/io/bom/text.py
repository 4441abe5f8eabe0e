"""Text helpers shared by header detection and row parsing: normalising labels, units, totals."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

# "No." / "Nr." / "#" / "n°" / "number" all mean the same in a header
_NUMBER_WORDS = frozenset({"no", "nr", "nro", "nbr", "num", "number", "nummer", "numero", "n"})
_NUMBER_SUFFIXES = ("nummer", "nr")  # "Sachnummer", "Teilenr" -> "sach no", "teile no"
_NON_WORD = re.compile(r"[\W_]+")

# canonical unit -> the spellings seen in exports (lower-case, accents kept where usual)
UNITS: dict[str, tuple[str, ...]] = {
    "pc": ("pc", "pcs", "ea", "each", "st", "stk", "stck", "stück", "stueck", "pce", "pces",
           "piece", "pieces", "pz", "pza", "pezzi", "pezzo", "un", "u", "ud", "uds", "unidad",
           "unidades", "个", "件", "只", "台", "個", "本", "コ"),
    "kg": ("kg", "kgs", "kilogram", "kilogramm", "千克", "公斤"),
    "g": ("g", "gr", "gram", "gramm", "克"),
    "m": ("m", "meter", "metre", "米"),
    "mm": ("mm", "millimeter", "毫米"),
    "m2": ("m2", "m²", "sqm", "qm", "平方米"),
    "l": ("l", "ltr", "liter", "litre", "升"),
    "ml": ("ml", "milliliter", "millilitre", "毫升"),
    "set": ("set", "sets", "sat", "satz", "jeu", "juego", "套", "セット"),
    "pair": ("pair", "pairs", "pr", "paar", "paire", "par", "对", "双"),
}  # fmt: skip
KNOWN_UNITS: tuple[str, ...] = tuple(UNITS)  # canonical units, e.g. for a template drop-down
_UNIT_LOOKUP = {
    spelling: canonical for canonical, spellings in UNITS.items() for spelling in spellings
}


def is_cjk(text: str) -> bool:
    return any(ord(ch) >= 0x2E80 for ch in text)


# first word of a totals/footer row, in the languages we read
TOTAL_WORDS = frozenset(
    {"total", "totals", "grand", "subtotal", "sum", "summe", "gesamt", "gesamtsumme",
     "zwischensumme", "somme", "suma", "totale", "合计", "总计", "小计", "合計", "総計", "小計"}
)  # fmt: skip


_CJK_TOTALS = tuple(w for w in TOTAL_WORDS if is_cjk(w))
_FIRST_WORD = re.compile(r"[\s:.,;=()\-]+")


def _strip_latin_accents(text: str) -> str:
    # "é" -> "e", but leave Japanese kana alone (their voicing marks are combining characters too)
    out = []
    for ch in text:
        base = unicodedata.normalize("NFD", ch)
        out.append(base[0] if len(base) > 1 and ord(base[0]) < 0x250 else ch)
    return "".join(out)


def _token(word: str) -> list[str]:
    if word in _NUMBER_WORDS:
        return ["no"]
    for suffix in _NUMBER_SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return [word[: -len(suffix)], "no"]
    return [word]


@lru_cache(maxsize=8192)
def normalize_label(text: str) -> str:
    """Header text to compare: case, accents, punctuation and "No."/"Nr."/"#" spellings folded."""
    s = unicodedata.normalize("NFKC", text).casefold().replace("°", "o ").replace("#", " no ")
    s = s.replace("ß", "ss")
    s = _NON_WORD.sub(" ", _strip_latin_accents(s))
    return " ".join(t for word in s.split() for t in _token(word))


def is_blank(value: Any) -> bool:
    # runs for every mapped cell: no strip() copy
    return value is None or (type(value) is str and (not value or value.isspace()))


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def looks_numeric(value: Any) -> bool:
    """A number cell or a text that is only a number (data rather than a label)."""
    if is_number(value):
        return True
    return isinstance(value, str) and bool(re.fullmatch(r"\s*[-+]?[\d.,' ]+\s*", value))


def cell_text(value: Any) -> str:
    """A cell as a person reads it (for messages and labels)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@lru_cache(maxsize=1024)
def normalize_unit(text: str) -> str | None:
    """Canonical unit for a spelling ("Stk" -> "pc", "KG" -> "kg"); None if unknown."""
    key = unicodedata.normalize("NFKC", text).strip().casefold().rstrip(".")
    return _UNIT_LOOKUP.get(key)


def is_total_label(value: Any) -> bool:
    """A cell that starts a totals or footer line: "Total", "Summe:", "Gesamt", "合计"."""
    if not isinstance(value, str):
        return False
    text = value.strip().casefold()
    if not text or text[0].isdigit():
        return False  # cheap: this runs on part numbers of every row
    if is_cjk(text[:2]):
        return text.startswith(_CJK_TOTALS)
    return _FIRST_WORD.split(text, maxsplit=1)[0] in TOTAL_WORDS
