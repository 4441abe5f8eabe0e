"""installer/licenses.py: the bundle's LICENSES/ folder, from real installed distributions."""

from __future__ import annotations

import shutil
import sys
from importlib import metadata
from pathlib import Path
from types import ModuleType

import pytest


def _fake_distribution(site: Path) -> metadata.Distribution:
    info = site / "foo-1.0.dist-info"
    files = {
        "foo-1.0.dist-info/METADATA": "Metadata-Version: 2.4\nName: foo\nVersion: 1.0\n"
        "License-Expression: MIT\n",
        "foo-1.0.dist-info/licenses/LICENSE": "MIT text",
        "foo-1.0.dist-info/licenses/vendored/bar/COPYING": "bar's licence",
        "foo/NOTICE.txt": "notice",
        "foo/module.py": "x = 1",
        "foo/licence_helpers.py": "not a licence file",
    }
    for name, text in files.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text)
    (info / "RECORD").write_text("".join(f"{n},,\n" for n in files))
    return metadata.PathDistribution(info)


def test_licence_files_are_the_licenses_folder_and_licence_named_files(
    licenses_module: ModuleType, tmp_path: Path
) -> None:
    found = licenses_module.licence_files(_fake_distribution(tmp_path))
    relative = sorted(str(r) for _, r in found)
    assert relative == ["LICENSE", "foo/NOTICE.txt", "vendored/bar/COPYING"]
    assert all(source.is_file() for source, _ in found)
    assert licenses_module.licence_of(_fake_distribution(tmp_path)) == "MIT"


def test_write_licenses_for_real_distributions(licenses_module: ModuleType, tmp_path: Path) -> None:
    dest = tmp_path / "LICENSES"
    (dest / "stale.txt").parent.mkdir()
    (dest / "stale.txt").write_text("from an older build")
    index = "\n".join(
        licenses_module.write_licenses(dest, {"sqlalchemy", "numpy", "PySide6", "json"})
    )
    readme = (dest / "README.txt").read_text()
    assert not (dest / "stale.txt").exists()  # the folder is replaced whole
    sqlalchemy = metadata.version("sqlalchemy")
    assert list((dest / "python").glob(f"SQLAlchemy-{sqlalchemy}/**/LICENSE*"))
    numpy_files = [p for p in (dest / "python").glob("numpy-*/**/*") if p.is_file()]
    assert len(numpy_files) > 1  # the vendored parts' licences, not only numpy's own
    assert f"SQLAlchemy {sqlalchemy}" in readme and "numpy" in readme and index in readme
    assert "pytest" not in readme  # installed here but not bundled
    qt = (dest / "Qt-PySide6.txt").read_text()
    assert "LGPL-3.0" in qt and metadata.version("PySide6") in qt
    if Path("/usr/share/common-licenses/LGPL-3").is_file():
        assert "LESSER GENERAL PUBLIC LICENSE" in (dest / "LGPL-3.txt").read_text()
    if licenses_module.python_licence():
        python = dest / f"Python-{sys.version.split()[0]}.txt"
        assert "PYTHON SOFTWARE FOUNDATION" in python.read_text().upper()


@pytest.mark.skipif(not shutil.which("dpkg-query"), reason="needs a Debian/Ubuntu build host")
def test_system_libraries_get_their_debian_copyright_file(
    licenses_module: ModuleType, tmp_path: Path
) -> None:
    zlib = next(p for p in (Path("/lib/x86_64-linux-gnu"), Path("/usr/lib/x86_64-linux-gnu"),
                            Path("/lib"), Path("/usr/lib")) if (p / "libz.so.1").exists())  # fmt: skip
    packages = licenses_module.debian_packages(
        [zlib / "libz.so.1", tmp_path / "libnot-a-package.so.1"]
    )
    assert list(packages) == ["zlib1g"] and packages["zlib1g"].name == "copyright"
    licenses_module.write_licenses(tmp_path / "L", set(), [zlib / "libz.so.1"])
    assert (tmp_path / "L" / "system" / "zlib1g.txt").is_file()
    assert "zlib1g" in (tmp_path / "L" / "README.txt").read_text()
