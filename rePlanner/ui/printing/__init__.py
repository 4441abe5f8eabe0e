"""The printed report: a small layout engine on QPainter (measure, paginate, paint) that draws
the same pages to a PDF file, a printer and the print preview."""

from __future__ import annotations

from rePlanner.ui.printing.pdf import RenderInfo, TableBox, TocLine, print_report, render, write_pdf

__all__ = ["RenderInfo", "TableBox", "TocLine", "print_report", "render", "write_pdf"]
