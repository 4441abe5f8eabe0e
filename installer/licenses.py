"""The bundle's LICENSES/ folder: the notices of everything the bundle ships.

Called by replanner.spec after COLLECT, in the build venv (importlib.metadata there sees exactly
the distributions PyInstaller collected from). Standard library only, so tests/installer can
check it without PyInstaller. Layout of LICENSES/:
  README.txt              the index: what is bundled, under which licence, where its files are
  python/<dist>-<ver>/    each bundled Python distribution's licence files
  Python-<ver>.txt        Python's own licence (the bundled interpreter and standard library)
  Qt-PySide6.txt, LGPL-3.txt, GPL-3.txt    Qt 6 / PySide6 / Shiboken6 (LGPL-3.0)
  DejaVu-fonts.txt        the bundled DejaVu Sans fonts
  system/<package>.txt    copyright files of the bundled system libraries (Debian/Ubuntu builds)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

LICENCE_NAME = re.compile(r"^(LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)
CODE_SUFFIXES = {".py", ".pyc", ".pyi", ".so", ".pyd", ".dll", ".dylib"}  # licence_tools.py
COMMON_LICENSES = Path("/usr/share/common-licenses")
QT_DISTRIBUTIONS = {"pyside6", "pyside6-essentials", "pyside6-addons", "shiboken6"}  # normalised
QT_NOTICE = """\
Qt 6, PySide6 and Shiboken6 (The Qt Company Ltd. and other contributors)

This program uses the Qt 6 libraries and their Python bindings PySide6/Shiboken6 under the
GNU Lesser General Public License version 3 (LGPL-3.0; LGPL-3.txt, which adds permissions to
the GNU GPL version 3, GPL-3.txt). The Qt libraries are unmodified copies from the PySide6
{version} wheels on PyPI and are dynamically linked: they are the separate files in
_internal/PySide6/Qt/lib (Linux) or _internal/PySide6 (Windows); you may replace them with
your own builds of the same version. Source code: https://download.qt.io/official_releases/qt/
and https://download.qt.io/official_releases/QtForPython/ (or ask the distributor of this
program for a copy).
"""


def licence_files(dist: metadata.Distribution) -> list[tuple[Path, Path]]:
    """(source file, path below the distribution's folder in LICENSES/python/) pairs: files
    under *.dist-info/licenses/ and files named LICENSE*/LICENCE*/COPYING*/NOTICE*."""
    found: list[tuple[Path, Path]] = []
    for entry in dist.files or []:
        parts = Path(str(entry)).parts
        info = next((i for i, p in enumerate(parts) if p.endswith(".dist-info")), None)
        if info is not None and len(parts) > info + 2 and parts[info + 1] == "licenses":
            relative = Path(*parts[info + 2 :])
        elif LICENCE_NAME.match(parts[-1]) and Path(parts[-1]).suffix not in CODE_SUFFIXES:
            relative = Path(*parts[info + 1 :]) if info is not None else Path(*parts)
        else:
            continue
        source = Path(str(dist.locate_file(entry)))
        if source.is_file():
            found.append((source, relative))
    return found


def bundled_distributions(top_level: Iterable[str]) -> list[metadata.Distribution]:
    """The installed distributions that provide any of these top-level modules, by name."""
    owners = metadata.packages_distributions()
    names = {dist for module in top_level for dist in owners.get(module, [])}
    return sorted(
        (metadata.distribution(n) for n in names), key=lambda d: d.metadata["Name"].lower()
    )


def licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression") or meta.get("License") or ""
    if expression and "\n" not in expression and len(expression) < 80:
        return expression
    classifiers = [c.rsplit(" :: ", 1)[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License ::")]  # fmt: skip
    return ", ".join(classifiers) or "see its files"


def python_licence() -> Path | None:
    """LICENSE.txt of the interpreter the build runs on (= the bundled one)."""
    for folder in (Path(sysconfig.get_paths()["stdlib"]), Path(sys.base_prefix)):
        if (folder / "LICENSE.txt").is_file():
            return folder / "LICENSE.txt"
    return None


def debian_packages(libraries: Iterable[Path]) -> dict[str, Path]:
    """{package: its copyright file} for these library files, where dpkg knows them."""
    names = sorted({p.name for p in libraries})
    if not names or not shutil.which("dpkg-query"):
        return {}
    done = subprocess.run(["dpkg-query", "-S", *(f"*/{n}" for n in names)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    found: dict[str, Path] = {}
    for line in done.stdout.splitlines():
        owner, _, path = line.partition(": ")
        if Path(path).name in names:
            for package in owner.split(", "):
                copyright_file = Path("/usr/share/doc") / package.split(":")[0] / "copyright"
                if copyright_file.is_file():
                    found[package.split(":")[0]] = copyright_file
    return found


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def _python_distributions(dest: Path, top_level: Iterable[str]) -> tuple[list[str], str]:
    """Copy each bundled distribution's licence files; its index lines and the Qt version."""
    lines, qt_version = ["Python distributions (python/<name>-<version>/):"], ""
    for dist in bundled_distributions(top_level):
        name, version = dist.metadata["Name"], dist.version
        folder = dest / "python" / f"{name}-{version}"
        for source, relative in licence_files(dist):
            _copy(source, folder / relative)
        note = ""
        if re.sub(r"[-_.]+", "-", name).lower() in QT_DISTRIBUTIONS:
            qt_version, note = version, " (see Qt-PySide6.txt)"
        elif not folder.is_dir():
            note = " (the distribution ships no licence file)"
        lines.append(f"  {name} {version}: {licence_of(dist)}{note}")
    return lines, qt_version


def _other_components(dest: Path, qt_version: str, fonts_licence: Path | None) -> list[str]:
    lines = ["", "Other components:"]
    python, version = python_licence(), sys.version.split()[0]
    if python:
        _copy(python, dest / f"Python-{version}.txt")
        lines.append(f"  Python {version}: PSF-2.0 (Python-{version}.txt)")
    if qt_version:
        (dest / "Qt-PySide6.txt").write_text(QT_NOTICE.format(version=qt_version), encoding="utf-8")
        for name in ("LGPL-3", "GPL-3"):
            if (COMMON_LICENSES / name).is_file():
                _copy(COMMON_LICENSES / name, dest / f"{name}.txt")
        lines.append(
            f"  Qt 6 / PySide6 {qt_version}: LGPL-3.0 (Qt-PySide6.txt, LGPL-3.txt, GPL-3.txt)"
        )
    if fonts_licence:
        _copy(fonts_licence, dest / "DejaVu-fonts.txt")
        lines.append("  DejaVu Sans fonts (resources/fonts): Bitstream Vera / DejaVu licence"
                     " (DejaVu-fonts.txt)")  # fmt: skip
    return lines


def write_licenses(
    dest: Path,
    top_level: Iterable[str],
    system_libraries: Iterable[Path] = (),
    fonts_licence: Path | None = None,
) -> list[str]:
    """Fill dest (replaced whole) and write its README.txt index; returns the index lines."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    index, qt_version = _python_distributions(dest, top_level)
    index += _other_components(dest, qt_version, fonts_licence)
    packages = debian_packages(system_libraries)
    for package, copyright_file in sorted(packages.items()):
        _copy(copyright_file, dest / "system" / f"{package}.txt")
    if packages:
        index += ["", "System libraries copied from the build machine (system/<package>.txt):",
                  "  " + ", ".join(sorted(packages))]  # fmt: skip
    header = ["Third-party software in this rePlanner bundle and its licences.", ""]
    (dest / "README.txt").write_text("\n".join(header + index) + "\n", encoding="utf-8")
    return index
