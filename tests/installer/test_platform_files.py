"""Linux .desktop entry and per-user install.sh, the Windows Inno Setup script, the scripts."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "installer" / "linux"
DESKTOP = LINUX / "rePlanner.desktop"
ISS = ROOT / "installer" / "windows" / "replanner.iss"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def _desktop_entry(path: Path) -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_desktop_file_is_valid() -> None:
    validator = shutil.which("desktop-file-validate")
    if validator:
        done = subprocess.run([validator, str(DESKTOP)], capture_output=True, text=True)
        assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr
    entry = _desktop_entry(DESKTOP)
    assert entry["Type"] == "Application" and entry["Name"] == "rePlanner"
    assert entry["Exec"] == "replanner" and entry["Terminal"] == "false"
    assert entry["Icon"] == "replanner"  # the name install.sh gives the hicolor icons
    # Qt's window class is the application name: docks match the window to this entry
    assert entry["StartupWMClass"] == "rePlanner"
    assert entry["Categories"].endswith(";") and "Office" in entry["Categories"].split(";")
    assert "MimeType" not in entry  # associates no file types


def _fake_unpacked_tarball(folder: Path) -> Path:
    """The tarball's layout with a stand-in program (the real bundle is test_bundle's job)."""
    root = folder / "replanner-0.0.0-linux-x86_64"
    (root / "replanner").mkdir(parents=True)
    program = root / "replanner" / "replanner"
    program.write_text('#!/bin/sh\necho "rePlanner 0.0.0 $*"\n')
    program.chmod(0o755)
    (root / "icons").mkdir()
    for size in SIZES:
        (root / "icons" / f"replanner-{size}.png").write_bytes(b"png %d" % size)
    (root / "icons" / "replanner.svg").write_text("<svg/>")
    shutil.copy(DESKTOP, root)
    shutil.copy(LINUX / "install.sh", root)
    return root


def _run_install(root: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, HOME=str(home), PATH="/usr/bin:/bin")
    return subprocess.run(["bash", str(root / "install.sh"), *args], env=env,
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def test_install_sh_installs_per_user_and_uninstalls(tmp_path: Path) -> None:
    root = _fake_unpacked_tarball(tmp_path / "unpacked dir")
    home = tmp_path / "home with space"
    data = home / ".local" / "share" / "rePlanner" / "replanner.sqlite"
    data.parent.mkdir(parents=True)
    data.write_text("the user's database")
    for _ in range(2):  # the second run is an upgrade over the first
        done = _run_install(root, home)
        assert done.returncode == 0, done.stderr
    local = home / ".local"
    app = local / "opt" / "replanner" / "replanner"
    assert app.is_file() and not (local / "opt" / "replanner.new").exists()
    assert os.path.realpath(local / "bin" / "replanner") == str(app)
    for size in SIZES:
        icon = local / f"share/icons/hicolor/{size}x{size}/apps/replanner.png"
        assert icon.read_bytes() == b"png %d" % size
    assert (local / "share/icons/hicolor/scalable/apps/replanner.svg").is_file()
    entry = _desktop_entry(local / "share/applications/rePlanner.desktop")
    assert entry["Exec"] == f'"{app}"' and entry["TryExec"] == str(app)
    assert "not on your PATH" in done.stdout

    done = _run_install(root, home, "--uninstall")
    assert done.returncode == 0, done.stderr
    assert not (local / "opt" / "replanner").exists() and not (local / "bin" / "replanner").exists()
    assert not (local / "share/applications/rePlanner.desktop").exists()
    assert not list((local / "share/icons").rglob("replanner.*"))
    assert data.read_text() == "the user's database"


def test_install_sh_refuses_outside_a_tarball(tmp_path: Path) -> None:
    lonely = tmp_path / "x"
    lonely.mkdir()
    shutil.copy(LINUX / "install.sh", lonely)
    done = _run_install(lonely, tmp_path / "home")
    assert done.returncode == 1 and "unpacked tarball" in done.stderr
    assert _run_install(lonely, tmp_path / "home", "--bogus").returncode == 2


def _iss_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if re.fullmatch(r"\[[A-Za-z]+\]", line):
            current = line[1:-1].lower()
            sections.setdefault(current, [])
        elif current:
            sections[current].append(line)
    return sections


def test_inno_setup_script_installs_per_user_and_associates_nothing(cfg: ModuleType) -> None:
    text = ISS.read_text(encoding="utf-8")
    sections = _iss_sections(text)
    setup = dict(line.split("=", 1) for line in sections["setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # no "install for all users"
    assert setup["DefaultDirName"].startswith("{localappdata}\\")
    assert setup["ChangesAssociations"] == "no"
    assert setup.get("Uninstallable", "yes") == "yes"
    assert re.fullmatch(r"\{\{[0-9A-F-]{36}\}", setup["AppId"])
    assert "registry" not in sections
    assert not re.search(r"HKCR|HKLM|HKA|\{commonprograms\}|\{autopf\}|\{pf\}", text)
    # a Start-menu entry for the windowed program, and an uninstaller entry
    icons = " ".join(sections["icons"])
    assert '"{group}\\{#AppName}"; Filename: "{app}\\{#AppExe}"' in icons
    assert "{uninstallexe}" in icons
    # the executables the spec builds on Windows
    name = cfg.read_project().name
    assert f'#define AppExe "{name}.exe"' in text
    assert f'#define AppCliExe "{name}-cli.exe"' in text
    assert 'executable(f"{project.name}-cli"' in (ROOT / "installer" / "replanner.spec").read_text()


@pytest.mark.parametrize(
    "script", ["installer/build_linux.sh", "installer/gui_probe.sh", "installer/linux/install.sh"]
)
def test_shell_scripts_parse(script: str) -> None:
    done = subprocess.run(["bash", "-n", str(ROOT / script)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
