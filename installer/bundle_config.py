"""What goes into the PyInstaller bundle: read by replanner.spec, checked by tests/installer.

Standard library only, so the tests can check it without PyInstaller installed. The spec adds
what needs PyInstaller itself (the package metadata, the Analysis).
"""

from __future__ import annotations

import ast
import platform
import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "rePlanner"
MIGRATIONS = PACKAGE / "persistence" / "migrations"
RESOURCES = ROOT / "resources"
ENTRY = Path(__file__).resolve().parent / "replanner_entry.py"

# The Qt modules rePlanner imports (grep 'PySide6.Qt' in rePlanner/); every other PySide6
# module is excluded, so no hook pulls in WebEngine, Qml/Quick, 3D, Multimedia, Charts...
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtSvg", "QtPrintSupport", "QtPdf", "QtPdfWidgets")
# Big or unwanted Python packages an optional import could drag in.
PY_EXCLUDES = (
    "tkinter", "_tkinter", "turtle", "idlelib", "pydoc_data", "lib2to3", "ensurepip", "venv",
    "matplotlib", "IPython", "jupyter_client", "ipykernel", "notebook", "PIL", "pyarrow",
    "PyQt5", "PyQt6", "PySide2", "shiboken2", "pytest", "_pytest", "pytestqt", "mypy", "ruff",
    "setuptools", "pip", "Cython", "sphinx", "docutils", "black",
    "pandas.tests", "numpy.tests", "scipy.tests", "sqlalchemy.testing",
    "pandas.io.formats.style", "jinja2",
    # GNU readline is GPL: pdb, cmd, code and rlcompleter import it only if present
    "readline",
)  # fmt: skip

# Collected by PySide6's hooks but not wanted on a desktop (dropped from the bundle by name, on
# every platform: libQt6Quick.so.6, Qt6Quick.dll, QtQuick.framework): the on-screen keyboard
# input method, which alone drags in QtQuick and QtQml (~17 MB), and the embedded-device
# platforms (EGLFS, framebuffer, VNC, evdev input). Desktop sessions use xcb, wayland,
# windows or cocoa; offscreen and minimal stay for servers and the self-test.
UNWANTED_LIB = re.compile(
    r"^(lib)?Qt6?(Quick|Qml|QmlModels|QmlMeta|QmlWorkerScript|VirtualKeyboard|VirtualKeyboardQml"
    r"|EglFSDeviceIntegration|EglFsKmsSupport|EglFsKmsGbmSupport)(\.so.*|\.dll|\.framework)?$"
)
UNWANTED_PLUGIN = re.compile(
    r"(^|/)plugins/(egldeviceintegrations|generic)/"
    r"|(^|/)plugins/platforminputcontexts/[^/]*virtualkeyboard"
    r"|(^|/)plugins/platforms/(lib)?q(eglfs|linuxfb|vnc|vkkhrdisplay|minimalegl)[^/]*$"
    r"|(^|/)plugins/platformthemes/(lib)?qgtk3[^/]*$"
)
# The GTK 3 platform theme (above) links GTK and its stack; PyInstaller copies those from the
# build machine (and GTK itself when installed there). Nothing else in the bundle needs them
# (checked with ldd over the bundle, see installer/README.md); Qt draws its own dialogs.
GTK_LIB = re.compile(
    r"^lib(gtk-3|gdk-3|gdk_pixbuf-2\.0|atk-1\.0|atk-bridge-2\.0|atspi|epoxy|cairo|cairo-gobject"
    r"|pango-1\.0|pangocairo-1\.0|pangoft2-1\.0|pixman-1|harfbuzz|graphite2|fribidi|thai|datrie"
    r"|gio-2\.0|gmodule-2\.0|gobject-2\.0|mount|blkid|selinux|jpeg|Xext|Xrender)\.so(\.[0-9]+)*$"
)
# DejaVu Sans: the lead's code registers every .ttf in resources/fonts, so text renders the same
# on machines without fonts (servers, minimal installs). Copied at build time, not committed.
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
DEJAVU_LICENCE = Path("/usr/share/doc/fonts-dejavu-core/copyright")
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
              "DejaVuSans-BoldOblique.ttf")  # fmt: skip
# Qt's own translations: the app loads only qtbase_<lang>.qm (rePlanner.app).
QT_TRANSLATION = re.compile(r"(^|/)translations/[^/]+\.qm$")


@dataclass(frozen=True)
class Project:
    name: str  # the distribution and executable name: "replanner"
    version: str
    app_name: str  # what users see: "rePlanner"
    description: str


def read_project(pyproject: Path = ROOT / "pyproject.toml", package: Path = PACKAGE) -> Project:
    """Name, version and description from pyproject.toml; the display name from the package."""
    with pyproject.open("rb") as f:
        meta = tomllib.load(f)["project"]
    return Project(meta["name"], meta["version"], _app_name(package / "__init__.py"),
                   meta.get("description", ""))  # fmt: skip


def _app_name(init: Path) -> str:
    for node in ast.parse(init.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "APP_NAME" for t in node.targets
        ):
            return str(ast.literal_eval(node.value))
    raise ValueError(f"APP_NAME is not set in {init}")


def qt_excludes(available: list[str]) -> list[str]:
    """Every PySide6 module (from PySide6.__all__) the app does not use."""
    return [f"PySide6.{m}" for m in available if m.startswith("Qt") and m not in QT_MODULES]


def unwanted(dest: str) -> bool:
    """True for a bundle entry (its destination path) that the bundle leaves out."""
    path = dest.replace("\\", "/")
    if QT_TRANSLATION.search(path):
        return not path.rsplit("/", 1)[-1].startswith("qtbase_")
    if "/" not in path and GTK_LIB.match(path):  # a library at the bundle's top
        return True
    return bool(UNWANTED_PLUGIN.search(path)) or any(
        UNWANTED_LIB.match(part) for part in path.split("/")
    )


def _files(folder: Path, dest: str) -> list[tuple[str, str]]:
    """(file, destination folder) pairs for PyInstaller's datas, caches left out."""
    return [
        (str(path), str(Path(dest) / path.parent.relative_to(folder)))
        for path in sorted(folder.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    ]


def font_files(folder: Path = DEJAVU, licence: Path = DEJAVU_LICENCE) -> list[tuple[str, str]]:
    """DejaVu Sans (regular, bold, oblique, bold oblique: those present) and its licence for
    resources/fonts; nothing where the fonts are not installed (Windows, macOS)."""
    fonts = [folder / name for name in FONT_FILES if (folder / name).is_file()]
    if fonts and licence.is_file():
        fonts.append(licence)
    return [(str(path), "resources/fonts") for path in fonts]


def data_files() -> list[tuple[str, str]]:
    """resources/ (icons, reference data, samples, fonts) at the bundle's top, where
    rePlanner.paths.resources_dir() looks, and the Alembic migrations as .py files beside the
    package's modules: Alembic loads env.py and the version scripts from files."""
    return [
        *_files(RESOURCES, "resources"),
        *font_files(),
        *_files(MIGRATIONS, "rePlanner/persistence/migrations"),
    ]


def migration_imports(folder: Path = MIGRATIONS) -> list[str]:
    """Modules the migration scripts import: PyInstaller never reads those files (they are
    data), so their imports must be named as hidden imports."""
    found: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
    return sorted(found - {"__future__"})


def windows_version_info(project: Project) -> str:
    """PyInstaller's version-resource text for the Windows executables: Explorer shows it, and
    the Inno Setup script reads ProductVersion from replanner.exe (one source: pyproject)."""
    release = re.match(r"\d+(\.\d+)*", project.version)  # "1.2.3rc1" -> 1.2.3.0
    numbers = [int(n) for n in release[0].split(".")[:4]] if release else []
    four = tuple(numbers + [0] * (4 - len(numbers)))
    strings = {
        "CompanyName": project.app_name,
        "FileDescription": project.app_name,
        "FileVersion": project.version,
        "InternalName": project.name,
        "OriginalFilename": f"{project.name}.exe",
        "ProductName": project.app_name,
        "ProductVersion": project.version,
    }
    table = ", ".join(f"StringStruct({k!r}, {v!r})" for k, v in strings.items())
    return (
        f"VSVersionInfo(ffi=FixedFileInfo(filevers={four}, prodvers={four}, mask=0x3f, "
        "flags=0x0, OS=0x40004, fileType=0x1, subtype=0x0, date=(0, 0)), "
        f"kids=[StringFileInfo([StringTable('040904B0', [{table}])]), "
        "VarFileInfo([VarStruct('Translation', [1033, 1200])])])\n"
    )


def git_commit(root: Path = ROOT) -> str:
    """HEAD's commit, "+dirty" when the tree has uncommitted changes; "unknown" outside git."""

    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              check=True).stdout.strip()  # fmt: skip

    try:
        return git("rev-parse", "HEAD") + ("+dirty" if git("status", "--porcelain") else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def build_info(project: Project, commit: str, when: datetime | None = None) -> str:
    """BUILD-INFO.txt: what was built, from which commit, when and on what."""
    libc, libc_version = platform.libc_ver()
    lines = {
        "name": project.app_name,
        "version": project.version,
        "git commit": commit,
        "build date": (when or datetime.now(UTC)).strftime("%Y-%m-%d %H:%M:%S UTC"),
        "build host": f"{platform.system()} {platform.machine()}, {_os_name()}",
        "build host glibc": f"{libc_version} (the target needs this or newer)"
        if libc == "glibc"
        else "n/a",
        "python": sys.version.split()[0],
    }
    return "".join(f"{key + ':':<18}{value}\n" for key, value in lines.items())


def _os_name() -> str:
    try:
        return platform.freedesktop_os_release().get("PRETTY_NAME", "")
    except OSError:
        return platform.platform()
