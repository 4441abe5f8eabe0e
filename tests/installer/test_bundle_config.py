"""What the PyInstaller spec puts into the bundle (installer/bundle_config.py), without building."""

from __future__ import annotations

import ast
import platform
import re
import subprocess
import tomllib
from pathlib import Path
from types import ModuleType

import PySide6

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "installer" / "replanner.spec"


def test_name_and_version_come_from_pyproject(cfg: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "someapp"\nversion = "9.8.7rc1"\ndescription = "d"\n'
    )
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "__init__.py").write_text('APP_NAME = "SomeApp"\n')
    project = cfg.read_project(tmp_path / "pyproject.toml", tmp_path / "pkg")
    assert (project.name, project.version, project.app_name) == ("someapp", "9.8.7rc1", "SomeApp")


def test_the_real_project_is_read(cfg: ModuleType) -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    project = cfg.read_project()
    assert (project.name, project.version, project.app_name) == (
        meta["name"], meta["version"], "rePlanner"
    )  # fmt: skip


def test_spec_takes_name_and_version_from_the_project_not_literals(cfg: ModuleType) -> None:
    text = SPEC.read_text()
    assert "cfg.read_project()" in text
    assert cfg.read_project().version not in text
    assert "name=project.name" in text and "version=project.version" in text
    assert "copy_metadata(project.name)" in text  # rePlanner.__version__ in the bundle
    assert "cfg.unwanted(" in text and "cfg.data_files()" in text


def _qt_modules_imported_by_the_app() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "rePlanner").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                if node.module.startswith("PySide6."):
                    found.add(node.module.split(".")[1])
                elif node.module == "PySide6":
                    found.update(a.name for a in node.names if a.name.startswith("Qt"))
            elif isinstance(node, ast.Import):
                found.update(a.name.split(".")[1] for a in node.names
                             if a.name.startswith("PySide6.Qt"))  # fmt: skip
    return found


def test_every_qt_module_the_app_imports_is_kept(cfg: ModuleType) -> None:
    used = _qt_modules_imported_by_the_app()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    excluded = {m.split(".")[1] for m in cfg.qt_excludes(PySide6.__all__)}
    assert not used & excluded, (
        f"the app imports Qt modules the bundle leaves out: {used & excluded}"
    )


def test_big_qt_modules_are_excluded(cfg: ModuleType) -> None:
    excluded = set(cfg.qt_excludes(PySide6.__all__))
    for module in ("QtWebEngineCore", "QtQuick", "QtQml", "Qt3DCore", "QtMultimedia", "QtCharts"):
        if module in PySide6.__all__:
            assert f"PySide6.{module}" in excluded
    assert not excluded & {f"PySide6.{m}" for m in cfg.QT_MODULES}
    assert {"tkinter", "matplotlib", "pytest"} <= set(cfg.PY_EXCLUDES)


def test_unwanted_drops_quick_and_embedded_platforms_on_every_os(cfg: ModuleType) -> None:
    dropped = [
        "PySide6/Qt/lib/libQt6Quick.so.6",
        "PySide6/Qt/lib/libQt6QmlModels.so.6",
        "PySide6\\Qt6Qml.dll",
        "PySide6/Qt/lib/QtQuick.framework/Versions/A/QtQuick",
        "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-egldevice-integration.so",
        "PySide6/Qt/plugins/generic/libqevdevmouseplugin.so",
        "PySide6/Qt/translations/qtdeclarative_de.qm",
        "PySide6/translations/qt_help_fr.qm",
    ]
    kept = [
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "PySide6/Qt/lib/libQt6Pdf.so.6",
        "PySide6\\Qt6PdfWidgets.dll",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6\\plugins\\platforms\\qwindows.dll",
        "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/lib/libicudata.so.73",
        "resources/refdata/materials.csv",
    ]
    assert [d for d in dropped if not cfg.unwanted(d)] == []
    assert [k for k in kept if cfg.unwanted(k)] == []


def test_data_files_bring_resources_and_migrations_as_py_files(cfg: ModuleType) -> None:
    pairs = cfg.data_files()
    dests = {(Path(src).name, dest.replace("\\", "/")) for src, dest in pairs}
    for csv in (ROOT / "resources" / "refdata").glob("*.csv"):
        assert (csv.name, "resources/refdata") in dests
    versions = sorted((ROOT / "rePlanner/persistence/migrations/versions").glob("*.py"))
    assert versions
    for script in versions:
        assert (script.name, "rePlanner/persistence/migrations/versions") in dests
    assert ("env.py", "rePlanner/persistence/migrations") in dests
    assert ("replanner.svg", "resources/icons") in dests
    assert not [s for s, _ in pairs if "__pycache__" in s or s.endswith(".pyc")]


def test_migration_imports_become_hidden_imports(cfg: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "versions").mkdir()
    (tmp_path / "env.py").write_text(
        "from __future__ import annotations\nfrom alembic import context\n"
    )
    (tmp_path / "versions" / "0009_x.py").write_text("import sqlalchemy as sa\nimport json, csv\n")
    assert cfg.migration_imports(tmp_path) == ["alembic", "csv", "json", "sqlalchemy"]
    assert {"alembic", "sqlalchemy"} <= set(cfg.migration_imports())


def test_windows_version_resource(cfg: ModuleType) -> None:
    project = cfg.Project("replanner", "1.2.3rc1", "rePlanner", "")
    text = cfg.windows_version_info(project)
    ast.parse(text)  # PyInstaller evaluates it as a Python expression
    assert "filevers=(1, 2, 3, 0)" in text and "prodvers=(1, 2, 3, 0)" in text
    # the Inno Setup script reads this string from replanner.exe
    assert "StringStruct('ProductVersion', '1.2.3rc1')" in text
    assert re.search(r"StringStruct\('OriginalFilename', 'replanner\.exe'\)", text)


def test_gpl_readline_and_the_gtk_theme_stay_out(cfg: ModuleType) -> None:
    assert "readline" in cfg.PY_EXCLUDES
    dropped = [
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "libgtk-3.so.0",
        "libgdk-3.so.0",
        "libatk-1.0.so.0",
        "libcairo.so.2",
        "libcairo-gobject.so.2",
        "libpango-1.0.so.0",
        "libpangocairo-1.0.so.0",
        "libgdk_pixbuf-2.0.so.0",
        "libharfbuzz.so.0",
    ]
    kept = [
        "PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so",
        "libglib-2.0.so.0",  # Qt's event loop
        "libgthread-2.0.so.0",
        "libfontconfig.so.1",
        "libfreetype.so.6",
        "libxkbcommon.so.0",
        "libcups.so.2",
        "libpython3.11.so.1.0",
        "numpy.libs/libscipy_openblas64_-32a4b2a6.so",
        "cairo/libcairo.so.2",  # only libraries at the bundle's top are the GTK stack
    ]
    assert [d for d in dropped if not cfg.unwanted(d)] == []
    assert [k for k in kept if cfg.unwanted(k)] == []


def test_font_files_take_dejavu_sans_and_its_licence(cfg: ModuleType, tmp_path: Path) -> None:
    fonts = tmp_path / "dejavu"
    fonts.mkdir()
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf"):
        (fonts / name).write_bytes(b"ttf")
    licence = tmp_path / "copyright"
    licence.write_text("Bitstream Vera")
    pairs = cfg.font_files(fonts, licence)
    assert [Path(src).name for src, _ in pairs] == ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
                                                    "copyright"]  # fmt: skip
    assert {dest for _, dest in pairs} == {"resources/fonts"}
    assert cfg.font_files(tmp_path / "missing", licence) == []
    if (cfg.DEJAVU / "DejaVuSans.ttf").is_file():  # the build host's fonts reach the bundle
        assert (str(cfg.DEJAVU / "DejaVuSans.ttf"), "resources/fonts") in cfg.data_files()


def test_build_info_names_version_commit_date_and_glibc(cfg: ModuleType) -> None:
    from datetime import UTC, datetime

    project = cfg.Project("replanner", "1.2.3", "rePlanner", "")
    text = cfg.build_info(project, "abc123+dirty", datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC))
    fields = dict(line.split(":", 1) for line in text.splitlines())
    assert fields["version"].strip() == "1.2.3"
    assert fields["git commit"].strip() == "abc123+dirty"
    assert fields["build date"].strip() == "2026-03-04 05:06:07 UTC"
    libc, version = platform.libc_ver()
    if libc == "glibc":
        assert fields["build host glibc"].split()[0] == version


def test_git_commit_marks_a_dirty_tree(cfg: ModuleType, tmp_path: Path) -> None:
    assert cfg.git_commit(tmp_path) == "unknown"  # not a checkout
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    (tmp_path / "a.txt").write_text("a")
    subprocess.run([*git, "add", "a.txt"], check=True)
    subprocess.run([*git, "commit", "-qm", "a"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    assert cfg.git_commit(tmp_path) == head.strip()
    (tmp_path / "a.txt").write_text("changed")
    assert cfg.git_commit(tmp_path) == head.strip() + "+dirty"
