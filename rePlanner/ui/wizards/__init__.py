"""Wizards: the import wizard (BOM, supplier, network and alternative-source workbooks; opened
from File > Import or by dropping a file)."""

from __future__ import annotations

from rePlanner.ui.wizards.import_wizard import ImportWizard, accepts_drop

__all__ = ["ImportWizard", "accepts_drop"]
