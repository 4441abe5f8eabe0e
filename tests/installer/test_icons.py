"""installer/make_icons.py: every platform's icon sizes, rendered from the one SVG."""

from __future__ import annotations

import struct
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage, QImageReader

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def icons(icons_module: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Any:
    return icons_module.make_icons(out=tmp_path_factory.mktemp("icons"))


def test_pngs_at_every_size_drawn_from_the_svg(icons_module: ModuleType, icons: Any) -> None:
    assert sorted(icons.pngs) == [16, 24, 32, 48, 64, 128, 256, 512]
    for size, path in icons.pngs.items():
        image = QImage(str(path))
        assert (image.width(), image.height()) == (size, size), path
        # the corners stay transparent (rounded tile), the middle node is the opaque amber disc
        assert image.pixelColor(0, 0).alpha() == 0
        centre = image.pixelColor(size // 2, size // 2)
        assert centre.alpha() == 255 and centre.red() > 200 and centre.blue() < 120, (size, centre)


def test_ico_holds_every_windows_size(icons_module: ModuleType, icons: Any) -> None:
    data = icons.ico.read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(icons_module.ICO_SIZES))
    sizes = []
    for i in range(count):
        width, height = struct.unpack_from("<BB", data, 6 + 16 * i)
        length, offset = struct.unpack_from("<II", data, 6 + 16 * i + 8)
        assert offset + length <= len(data)
        sizes.append(width or 256)
    assert sorted(sizes) == list(icons_module.ICO_SIZES)
    reader = QImageReader(str(icons.ico), b"ico")
    found = set()
    for _ in range(reader.imageCount()):
        found.add(reader.read().width())
        reader.jumpToNextImage()
    assert found == set(icons_module.ICO_SIZES)


def test_icns_entries_are_pngs_of_their_declared_size(icons_module: ModuleType, icons: Any) -> None:
    data = icons.icns.read_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    offset, seen = 8, {}
    while offset < len(data):
        kind, length = data[offset : offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        payload = data[offset + 8 : offset + length]
        assert payload.startswith(b"\x89PNG\r\n\x1a\n"), kind
        image = QImage.fromData(payload)
        seen[kind] = image.size()
        offset += length
    assert offset == len(data)
    assert seen == {kind: QSize(size, size) for kind, size in icons_module.ICNS_TYPES}


def test_a_broken_svg_fails_the_build(icons_module: ModuleType, tmp_path: Path) -> None:
    bad = tmp_path / "bad.svg"
    bad.write_text("<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>")
    with pytest.raises(RuntimeError, match="not a valid"):
        icons_module.make_icons(bad, tmp_path / "out")


def test_the_one_svg_is_in_resources() -> None:
    svg = ROOT / "resources" / "icons" / "replanner.svg"
    assert svg.read_text().lstrip().startswith("<?xml")
    assert 'viewBox="0 0 512 512"' in svg.read_text()
