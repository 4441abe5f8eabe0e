"""Linux .desktop entry and per-user install.sh, the Windows Inno Setup script, the scripts."""

from __future__ import annotations

import configparser
import os
import re
import shlex
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


def _run_install(
    root: Path, home: Path, *args: str, script: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "XDG_DATA_HOME"}
    environ.update(HOME=str(home), PATH="/usr/bin:/bin", **env)
    return subprocess.run(["bash", str(script or root / "install.sh"), *args], env=environ,
                          capture_output=True, text=True, timeout=60)  # fmt: skip


def _desktop_unescape(value: str) -> str:
    """A string value as the Desktop Entry spec reads it (\\s \\n \\t \\r \\\\)."""
    escapes = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m[1], m[0]), value)


def _exec_argv(value: str) -> list[str]:
    """The Exec key as a launcher splits it: string unescaping first, then the quoting rules
    (inside "...", a backslash escapes " ` $ \\), then %% -> %."""
    text, argv, arg, quoted, i = _desktop_unescape(value), [], "", False, 0
    while i < len(text):
        c = text[i]
        if quoted and c == "\\" and text[i + 1 : i + 2] in ('"', "`", "$", "\\"):
            arg, i = arg + text[i + 1], i + 2
            continue
        if c == '"':
            quoted = not quoted
        elif c == " " and not quoted:
            argv, arg = (argv + [arg]) if arg else argv, ""
        else:
            assert quoted or c not in '"`$\\', f"{c!r} must be quoted in {value!r}"
            arg += c
        i += 1
    assert not quoted, value
    return [a.replace("%%", "%") for a in argv + ([arg] if arg else [])]


def test_exec_parser_follows_the_spec() -> None:
    assert _exec_argv('"/a b/\\\\$x" --y 100%%') == ["/a b/$x", "--y", "100%"]
    assert _exec_argv('"/q/\\\\\\\\back"') == ["/q/\\back"]


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
    assert _exec_argv(entry["Exec"]) == [str(app)] and entry["TryExec"] == str(app)
    assert entry["Icon"] == "replanner"  # found through the icon theme in ~/.local/share
    assert "not on your PATH" in done.stdout
    # install.sh copies itself beside the program and says how to uninstall with that copy
    command = re.search(r"uninstall:\s+(.+)$", done.stdout, re.MULTILINE)
    assert command and shlex.split(command[1]) == [str(app.parent / "install.sh"), "--uninstall"]

    done = _run_install(root, home, script=app.parent / "install.sh")
    assert done.returncode == 1  # the installed copy only uninstalls
    done = subprocess.run(["bash", "-c", command[1]], env={"HOME": str(home), "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert not (local / "opt" / "replanner").exists() and not (local / "bin" / "replanner").exists()
    assert not (local / "share/applications/rePlanner.desktop").exists()
    assert not list((local / "share/icons").rglob("replanner.*"))
    assert data.read_text() == "the user's database"


def test_install_sh_respects_xdg_data_home(tmp_path: Path) -> None:
    root = _fake_unpacked_tarball(tmp_path / "unpacked")
    home, xdg = tmp_path / "home", tmp_path / "xdg data"
    done = _run_install(root, home, XDG_DATA_HOME=str(xdg))
    assert done.returncode == 0, done.stderr
    assert (xdg / "applications/rePlanner.desktop").is_file()
    assert (xdg / "icons/hicolor/48x48/apps/replanner.png").is_file()
    assert not (home / ".local/share/applications").exists()
    assert (home / ".local/opt/replanner/replanner").is_file()
    # uninstalling later, from the tarball and without the variable, still finds the menu entry
    done = _run_install(root, home, "--uninstall")
    assert done.returncode == 0, done.stderr
    assert not (xdg / "applications/rePlanner.desktop").exists()
    assert not (home / ".local/opt/replanner").exists()


def test_install_sh_escapes_an_awkward_prefix(tmp_path: Path) -> None:
    root = _fake_unpacked_tarball(tmp_path / "unpacked")
    prefix = tmp_path / 'pre fix & 100% $HOME `x` "q" \\back'
    done = _run_install(root, tmp_path / "home", "--prefix", str(prefix))
    assert done.returncode == 0, done.stderr
    app = prefix / "opt" / "replanner" / "replanner"
    desktop = prefix / "share/applications/rePlanner.desktop"
    validator = shutil.which("desktop-file-validate")
    if validator:
        checked = subprocess.run([validator, str(desktop)], capture_output=True, text=True)
        assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout
    entry = _desktop_entry(desktop)
    assert _exec_argv(entry["Exec"]) == [str(app)]
    assert _desktop_unescape(entry["TryExec"]) == str(app)
    # not in the icon theme's search path: the icon by its absolute path
    svg = prefix / "share/icons/hicolor/scalable/apps/replanner.svg"
    assert _desktop_unescape(entry["Icon"]) == str(svg) and svg.is_file()
    command = re.search(r"uninstall:\s+(.+)$", done.stdout, re.MULTILINE)
    assert command and shlex.split(command[1])[0] == str(app.parent / "install.sh")
    done = subprocess.run(["bash", "-c", command[1]], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert not desktop.exists() and not app.exists() and not svg.exists()


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


def test_inno_setup_stamps_a_numeric_version_and_shows_the_notices() -> None:
    setup = dict(line.split("=", 1) for line in _iss_sections(ISS.read_text())["setup"])
    text = ISS.read_text()
    # VersionInfoVersion takes only a.b.c.d: the exe's version numbers, never "1.2.3rc1"
    assert setup["VersionInfoVersion"] == "{#AppNumericVersion}"
    assert '#define AppNumericVersion GetVersionNumbersString(Dist + "\\" + AppExe)' in text
    assert setup["InfoBeforeFile"] == "{#Dist}\\LICENSES\\README.txt"


def test_tarball_readme_covers_requirements_install_uninstall_and_self_test() -> None:
    text = (LINUX / "README.txt").read_text()
    assert "glibc @GLIBC@ or newer" in text and "@VERSION@" in text  # filled in by the build
    for needed in ("./install.sh", "install.sh --uninstall", "--self-test", "LICENSES/"):
        assert needed in text, needed


def test_gui_probe_polls_quickly_and_ends_the_app(tmp_path: Path) -> None:
    """A stand-in app shows its "window" 0.3 s after start; a stand-in xdotool finds it only
    then and refuses --sync (which polls every 0.5 s)."""
    shown, bin_dir = tmp_path / "shown", tmp_path / "bin"
    bin_dir.mkdir()
    app = tmp_path / "app"
    app.write_text(f'#!/bin/sh\nsleep 0.3; touch "{shown}"; exec sleep 30\n')
    xdotool = bin_dir / "xdotool"
    xdotool.write_text(f'#!/bin/sh\ncase "$*" in *--sync*) exit 2;; esac\n'
                       f'[ -e "{shown}" ] && echo 4194305\nexit 0\n')  # fmt: skip
    for script in (app, xdotool):
        script.chmod(0o755)
    env = dict(os.environ, PATH=f"{bin_dir}:/usr/bin:/bin")
    done = subprocess.run(["bash", str(ROOT / "installer/gui_probe.sh"), str(app),
                           str(tmp_path / "db"), str(tmp_path / "log")],
                          env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    seconds = float(done.stdout.split()[0])
    assert 0.3 <= seconds < 0.45, seconds
