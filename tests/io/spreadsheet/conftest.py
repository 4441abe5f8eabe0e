"""Builders the spreadsheet tests share."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def _cell(value: str, kind: str = "string") -> str:
    attr = f' office:value="{value}"' if kind == "float" else ""
    return (
        f'<table:table-cell office:value-type="{kind}"{attr}><text:p>{value}</text:p>'
        "</table:table-cell>"
    )


def _write_ods(
    path: Path, rows: list[list[tuple[str, str]]], manifest_extra: str = "", extra_xml: str = ""
) -> Path:
    """A minimal valid OpenDocument spreadsheet (odfpy is not a dependency).

    `extra_xml` is appended raw after the rows (e.g. rows with number-rows-repeated).
    """
    body = (
        "".join(
            "<table:table-row>" + "".join(_cell(v, k) for v, k in row) + "</table:table-row>"
            for row in rows
        )
        + extra_xml
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} '
        'office:version="1.2"><office:body><office:spreadsheet><table:table table:name="BOM">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
        f'manifest:full-path="content.xml" manifest:media-type="text/xml">{manifest_extra}'
        "</manifest:file-entry></manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.spreadsheet",
            compress_type=zipfile.ZIP_STORED,
        )
        zf.writestr("META-INF/manifest.xml", manifest)
        zf.writestr("content.xml", content)
    return path


@pytest.fixture
def write_ods() -> Callable[..., Path]:
    return _write_ods
