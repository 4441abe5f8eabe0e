"""Which text encoding a CSV file is in, from its bytes.

A BOM decides (UTF-8, UTF-16 LE/BE); else UTF-16 without a BOM shows as NUL bytes at one parity
of positions; else the whole file must decode as strict UTF-8; else GBK (Chinese ERP exports) or
cp1252 (Western Excel "CSV"), by scoring how plausible the text is under each decoding. Both
decode almost any byte string, so the scoring decides: "Größe" in cp1252 is also valid GBK
("Gr鲞e"), and "Müller" is GBK "M黮ler".
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections import Counter

_CHUNK = 1 << 20
_SCORE_BYTES = 1 << 20  # enough text to judge; a BOM file's encoding rarely changes half-way
_UTF16_SAMPLE = 4096
# a run of letters with at least one non-ASCII letter in it
_WORD = re.compile(r"[^\W\d_]*[^\W\d_\x00-\x7f][^\W\d_]*")
_HIGH = re.compile(r"[^\x00-\x7f]")
# non-letters a Western BOM really contains ("Ø 6", "90°", "± 0,1", "5 µm", "€", quotes)
_SYMBOLS = frozenset("°±²³µ×·€–—‘’‚“”„•…§®©™¼½¾«»¡¿ªº´")


def detect_encoding(path: str) -> tuple[str, str]:
    """(name to report, codec to open the file with)."""
    with open(path, "rb") as f:
        head = f.read(_UTF16_SAMPLE)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "utf-8-sig"
    if head.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", "utf-16"
    if head.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", "utf-16"
    order = utf16_byte_order(head)
    if order is not None:
        return order, order
    if _decodes(path, "utf-8"):
        return "utf-8", "utf-8"
    if _decodes(path, "gbk") and _prefers_gbk(path):
        return "gbk", "gbk"
    if _decodes(path, "cp1252"):
        return "cp1252", "cp1252"
    return "latin-1", "latin-1"  # cp1252 with its 5 undefined bytes: never fails


def utf16_byte_order(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' if the bytes look like UTF-16 text without a BOM, else None.

    Every ASCII character (delimiters, digits, line ends) has a zero high byte: at odd positions
    in little-endian text, at even ones in big-endian. CJK characters have no zero byte except
    the rare U+xx00 ones, so the zeros cluster on one side however little ASCII there is.
    """
    sample = sample[: len(sample) & ~1]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    many, few = max(even, odd), min(even, odd)
    if many < max(2, pairs // 20) or few * 4 > many:
        return None
    return "utf-16-le" if odd > even else "utf-16-be"


def _decodes(path: str, codec: str) -> bool:
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        with open(path, "rb") as f:
            while chunk := f.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _prefers_gbk(path: str) -> bool:
    """True if the file reads more plausibly as GBK than as cp1252 (ties go to cp1252)."""
    with open(path, "rb") as f:
        data = f.read(_SCORE_BYTES)
    gbk = codecs.getincrementaldecoder("gbk")("ignore").decode(data)  # a cut last char is dropped
    western = data.decode("cp1252", "replace")
    return gbk_score(gbk) > cp1252_score(western)


def cp1252_score(text: str) -> float:
    """Share (0..1) of non-ASCII characters that look like Western text.

    Plausible: an accented Latin letter inside a word with at least as many ASCII letters
    ("Größe", "Müller", "façade"), or a lone accented letter or common symbol between ASCII
    characters ("à", "Ø 6", "90°"). GBK read as cp1252 gives runs of accented letters and
    symbols with no ASCII letters around ("Áã¼þºÅ"), which score 0.
    """
    high = len(_HIGH.findall(text))
    if not high:
        return 0.0
    counted: set[int] = set()
    for m in _WORD.finditer(text):
        word = m.group()
        ascii_letters = sum(1 for ch in word if ch < "\x80")
        if ascii_letters and ascii_letters >= len(word) - ascii_letters:
            counted.update(
                m.start() + k for k, ch in enumerate(word) if ch >= "\x80" and _is_latin_letter(ch)
            )
    good = len(counted)
    for m in _HIGH.finditer(text):
        i, ch = m.start(), m.group()
        if i in counted:
            continue
        lone = (i == 0 or text[i - 1] < "\x80") and (i + 1 >= len(text) or text[i + 1] < "\x80")
        if lone and (ch in _SYMBOLS or _is_latin_letter(ch)):
            good += 1
    return good / high


def gbk_score(text: str) -> float:
    """Share (0..1) of non-ASCII characters that look like simplified Chinese.

    GB2312 level-1 hanzi (the 3,755 common ones) count fully; level-2 hanzi (rarer, but the
    rare-earth elements 钕镝铽镨 are among them) and GB2312 punctuation count 0.7. Characters
    from the GBK extension (a trail byte below 0xA1: what "Müller" becomes), user-defined areas
    and anything else count 0.
    """
    counts = Counter(ch for ch in text if ch >= "\x80")
    total = sum(counts.values())
    if not total:
        return 0.0
    good = 0.0
    for ch, n in counts.items():
        good += n * _gbk_weight(ch)
    return good / total


def _gbk_weight(ch: str) -> float:
    try:
        raw = ch.encode("gbk")
    except UnicodeEncodeError:
        return 0.0
    if len(raw) != 2 or raw[1] < 0xA1 or raw[1] == 0xFF:
        return 0.0
    lead = raw[0]
    if 0xB0 <= lead <= 0xD7:
        return 1.0
    if 0xD8 <= lead <= 0xF7 or 0xA1 <= lead <= 0xA9:
        return 0.7
    return 0.0


def _is_latin_letter(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith("LATIN")
