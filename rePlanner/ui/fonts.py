"""Fonts shipped with a bundle (resources/fonts, DejaVu Sans): registered with Qt at start, so
a machine without fonts (a bare server or container) still shows and prints text."""

from __future__ import annotations

from pathlib import Path


def register_bundled_fonts(folder: Path | None = None) -> list[str]:
    """Add every .ttf/.otf in `folder` (default: resources/fonts); returns the families added.
    A QGuiApplication must exist. No folder (a source checkout): nothing to do."""
    from PySide6.QtGui import QFontDatabase

    if folder is None:
        from rePlanner.paths import resources_dir

        try:
            folder = resources_dir() / "fonts"
        except FileNotFoundError:
            return []
    families: list[str] = []
    if not folder.is_dir():
        return families
    for path in sorted(folder.iterdir()):
        if path.suffix.casefold() in (".ttf", ".otf"):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def have_fonts() -> bool:
    from PySide6.QtGui import QFontDatabase

    return bool(QFontDatabase.families())
