"""Render the application icon in every size the platforms need, from ONE SVG.

    python installer/make_icons.py [--svg resources/icons/replanner.svg] [--out build/icons]

Writes replanner-<N>.png for N in PNG_SIZES (Linux hicolor theme, window icons), replanner.ico
(Windows: the executable, the installer, the Start-menu entry) and replanner.icns (macOS .app).
Generated at build time, not committed: the SVG stays the only source, so the sizes can never
drift from it. Needs PySide6 (QtSvg), which every build environment has anyway.

The .ico holds Qt's own ICO encoding (32-bit BMP with alpha) for 16..128 px and a PNG entry for
256 px, as Windows expects. Qt's ICO writer stores one image per file, so the entries are
merged here. The .icns is written directly (PNG payloads, the format since macOS 10.7) and read
back with Qt's icns plugin as a check; on a Mac `iconutil` can produce the same (macos/README).
"""

from __future__ import annotations

import argparse
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QImage, QImageReader, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SVG = ROOT / "resources" / "icons" / "replanner.svg"
DEFAULT_OUT = ROOT / "build" / "icons"
NAME = "replanner"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# macOS icon types with PNG payloads: (OSType, pixel size); the @2x types reuse a larger PNG.
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
    (b"ic11", 32), (b"ic12", 64), (b"ic13", 256), (b"ic14", 512),
)  # fmt: skip


@dataclass(frozen=True)
class IconSet:
    pngs: dict[int, Path]
    ico: Path
    icns: Path


def render(renderer: QSvgRenderer, size: int) -> QImage:
    """The SVG drawn into a transparent square of `size` pixels, antialiased."""
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def encode(image: QImage, fmt: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, fmt):  # type: ignore[call-overload]  # the stubs say bytes; Qt wants str
        raise RuntimeError(f"Qt could not encode a {image.width()} px image as {fmt}")
    buffer.close()
    return bytes(data.data())


def ico_bytes(images: dict[int, QImage]) -> bytes:
    """One multi-size .ico: Qt's single-image ICO entries (<256 px) plus a PNG entry for 256."""
    entries: list[tuple[bytes, bytes]] = []  # (16-byte directory entry without offset, data)
    for size, image in sorted(images.items()):
        if size >= 256:
            data = encode(image, "PNG")
            head = struct.pack("<BBBBHHI", 0, 0, 0, 0, 1, 32, len(data))
        else:
            single = encode(image, "ICO")
            reserved, kind, count = struct.unpack_from("<HHH", single)
            if (reserved, kind, count) != (0, 1, 1):
                raise RuntimeError(f"unexpected ICO header from Qt: {(reserved, kind, count)}")
            head, (length, offset) = single[6:18], struct.unpack_from("<II", single, 14)
            data = single[offset : offset + length]
        entries.append((head, data))
    offset = 6 + 16 * len(entries)
    out = [struct.pack("<HHH", 0, 1, len(entries))]
    for head, data in entries:
        out.append(head[:12] + struct.pack("<I", offset))
        offset += len(data)
    out += [data for _, data in entries]
    return b"".join(out)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size]
                    for kind, size in ICNS_TYPES)  # fmt: skip
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def check_readable(path: Path, fmt: str, count: int) -> None:
    """Read a written icon back with Qt's own plugin: a broken file fails the build here."""
    reader = QImageReader(str(path), fmt.encode())
    if reader.imageCount() < count or reader.read().isNull():
        raise RuntimeError(f"{path} is not a valid {fmt} file with {count} images: "
                           f"{reader.imageCount()} read, {reader.errorString()}")  # fmt: skip


def make_icons(svg: Path = DEFAULT_SVG, out: Path = DEFAULT_OUT) -> IconSet:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid() or renderer.defaultSize() != QSize(512, 512):
        raise RuntimeError(f"{svg} is not a valid square 512 px SVG")
    out.mkdir(parents=True, exist_ok=True)
    images = {size: render(renderer, size) for size in sorted({*PNG_SIZES, *ICO_SIZES})}
    pngs: dict[int, Path] = {}
    for size in PNG_SIZES:
        pngs[size] = out / f"{NAME}-{size}.png"
        pngs[size].write_bytes(encode(images[size], "PNG"))
    ico = out / f"{NAME}.ico"
    ico.write_bytes(ico_bytes({s: images[s] for s in ICO_SIZES}))
    icns = out / f"{NAME}.icns"
    icns.write_bytes(icns_bytes({s: pngs[s].read_bytes() for s in PNG_SIZES}))
    check_readable(ico, "ico", len(ICO_SIZES))
    if b"icns" in QImageReader.supportedImageFormats():  # the plugin ships with PySide6 Addons
        check_readable(icns, "icns", 1)
    return IconSet(pngs, ico, icns)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--svg", type=Path, default=DEFAULT_SVG, help="the source SVG")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    icons = make_icons(args.svg, args.out)
    sizes = ", ".join(str(s) for s in icons.pngs)
    sys.stdout.write(f"icons in {args.out}: PNG {sizes} px, {icons.ico.name}, {icons.icns.name}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
