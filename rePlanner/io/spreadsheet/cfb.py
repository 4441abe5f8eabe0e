"""Just enough of the OLE Compound File format to list stream names.

Legacy .xls files and password-protected .xlsx files are both OLE containers; the difference is
in the stream names ("Workbook" vs "EncryptionInfo" + "EncryptedPackage"). Reading the directory
needs only the header, the FAT sectors on the directory chain, and the directory sectors.
"""

from __future__ import annotations

import struct
from typing import BinaryIO

MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_END = 0xFFFFFFFE  # ENDOFCHAIN
_MAX_SECTORS = 1 << 20  # a chain longer than this is a loop in a damaged file


class CfbError(Exception):
    pass


def stream_names(f: BinaryIO) -> list[str]:
    """Names of all directory entries (streams and storages) of an OLE file."""
    f.seek(0)
    header = f.read(512)
    if len(header) < 512 or header[:8] != MAGIC:
        raise CfbError("not an OLE compound file")
    shift = struct.unpack_from("<H", header, 0x1E)[0]
    if shift not in (9, 12):
        raise CfbError(f"bad sector size 2**{shift}")
    size = 1 << shift
    first_dir = struct.unpack_from("<I", header, 0x30)[0]
    first_difat, n_difat = struct.unpack_from("<II", header, 0x44)
    fat_sectors = _fat_sector_list(f, header, size, first_difat, n_difat)

    def read_sector(n: int) -> bytes:
        f.seek((n + 1) * size)
        data = f.read(size)
        if len(data) < size:
            raise CfbError("file is truncated")
        return data

    def next_sector(n: int) -> int:
        per = size // 4
        if n // per >= len(fat_sectors):
            raise CfbError("sector outside the allocation table")
        return int(struct.unpack_from("<I", read_sector(fat_sectors[n // per]), (n % per) * 4)[0])

    names: list[str] = []
    sector, seen = first_dir, 0
    while sector != _END:
        seen += 1
        if seen > _MAX_SECTORS or sector > 0xFFFFFFFA:
            raise CfbError("damaged directory chain")
        data = read_sector(sector)
        for off in range(0, size, 128):
            length = struct.unpack_from("<H", data, off + 64)[0]
            if 2 <= length <= 64 and data[off + 66] != 0:  # type 0 = unused entry
                names.append(data[off : off + length - 2].decode("utf-16-le", "replace"))
        sector = next_sector(sector)
    return names


def _fat_sector_list(
    f: BinaryIO, header: bytes, size: int, first_difat: int, n_difat: int
) -> list[int]:
    """Sector numbers holding the FAT: 109 in the header, the rest on the DIFAT chain."""
    entries = list(struct.unpack_from("<109I", header, 0x4C))
    sector = first_difat
    for _ in range(min(n_difat, _MAX_SECTORS)):
        if sector >= 0xFFFFFFFA:
            break
        f.seek((sector + 1) * size)
        data = f.read(size)
        if len(data) < size:
            raise CfbError("file is truncated")
        values = struct.unpack(f"<{size // 4}I", data)
        entries.extend(values[:-1])
        sector = values[-1]
    return [e for e in entries if e < 0xFFFFFFFA]
