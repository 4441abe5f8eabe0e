"""What the main window shows: one list of navigation entries and the table pages inside them.

Nothing here imports a page module or a table service at import time: the window builds a page
the first time it is shown (the factory imports its module then), so start-up pays only for the
page on screen. To add a page, add one `NavEntry` (title, factory) to `NAV`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rePlanner.persistence.database import Database
    from rePlanner.services.tables import TableData

    def QT_TRANSLATE_NOOP(context: str, text: str) -> str: ...  # noqa: N802 (its stub: object)
else:
    from PySide6.QtCore import QT_TRANSLATE_NOOP

CONTEXT = "MainWindow"  # translation context of the titles below
PageFactory = Callable[["Database", "QWidget"], "QWidget"]


@dataclass(frozen=True)
class TableSpec:
    """A filterable, editable table page: its plural noun, the column that takes spare width
    and the service function (module, name) that builds its TableData."""

    noun: str
    tab: str
    stretch: str | None
    builder: tuple[str, str]

    def build(self, db: Database) -> TableData:
        module, name = self.builder
        return getattr(import_module(module), name)(db)


@dataclass(frozen=True)
class NavEntry:
    """One navigation entry: a page built by `factory`, or table pages (tabs when several)."""

    key: str
    title: str
    factory: PageFactory | None = None
    tables: tuple[str, ...] = ()


def _lazy(module: str, name: str) -> PageFactory:
    """A factory that imports the page's module only when the page is first built."""

    def make(db: Database, parent: QWidget) -> QWidget:
        return getattr(import_module(module), name)(db, parent)

    return make


_T, _M = "rePlanner.services.tables", "rePlanner.services.tables_more"
TABLES: dict[str, TableSpec] = {
    "suppliers": TableSpec(QT_TRANSLATE_NOOP(CONTEXT, "suppliers"),
                           QT_TRANSLATE_NOOP(CONTEXT, "Suppliers"), "name",
                           (_T, "suppliers_table")),
    "sites": TableSpec(QT_TRANSLATE_NOOP(CONTEXT, "sites"), QT_TRANSLATE_NOOP(CONTEXT, "Sites"),
                       "name", (_M, "sites_table")),
    # "&&" shows one "&" in a tab title (a single one would underline the next letter)
    "nodes": TableSpec(QT_TRANSLATE_NOOP(CONTEXT, "supply nodes"),
                       QT_TRANSLATE_NOOP(CONTEXT, "Supply nodes && stock"), "item",
                       (_M, "supply_nodes_table")),
    "links": TableSpec(QT_TRANSLATE_NOOP(CONTEXT, "sourcing links"),
                       QT_TRANSLATE_NOOP(CONTEXT, "Sourcing links"), "from_node",
                       (_M, "sourcing_links_table")),
    "lines": TableSpec(QT_TRANSLATE_NOOP(CONTEXT, "production lines"),
                       QT_TRANSLATE_NOOP(CONTEXT, "Production lines"), "name",
                       (_M, "production_lines_table")),
    "parts": TableSpec(QT_TRANSLATE_NOOP(CONTEXT, "parts"), QT_TRANSLATE_NOOP(CONTEXT, "Parts"),
                       "description", (_T, "parts_table")),
    "materials": TableSpec(QT_TRANSLATE_NOOP(CONTEXT, "material rows"),
                           QT_TRANSLATE_NOOP(CONTEXT, "Material content"), None,
                           (_T, "part_materials_table")),
    "candidates": TableSpec(QT_TRANSLATE_NOOP(CONTEXT, "alternative sources"),
                            QT_TRANSLATE_NOOP(CONTEXT, "Alternative sources"), "name",
                            (_M, "alternatives_table")),
    "policies": TableSpec(QT_TRANSLATE_NOOP(CONTEXT, "policy measures"),
                          QT_TRANSLATE_NOOP(CONTEXT, "Policies"), "title",
                          (_T, "policies_table")),
}  # fmt: skip

_V = "rePlanner.ui.views."
NAV: tuple[NavEntry, ...] = (
    NavEntry("dashboard", QT_TRANSLATE_NOOP(CONTEXT, "Dashboard"),
             _lazy(_V + "dashboard_page", "DashboardPage")),
    NavEntry("suppliers", QT_TRANSLATE_NOOP(CONTEXT, "Suppliers & sites"),
             tables=("suppliers", "sites", "nodes", "links", "lines")),
    NavEntry("parts", QT_TRANSLATE_NOOP(CONTEXT, "Parts & materials"),
             tables=("parts", "materials", "candidates")),
    NavEntry("boms", QT_TRANSLATE_NOOP(CONTEXT, "BOMs"), _lazy(_V + "bom_page", "BomPage")),
    NavEntry("policies", QT_TRANSLATE_NOOP(CONTEXT, "Policies & quotas"), tables=("policies",)),
    NavEntry("scenarios", QT_TRANSLATE_NOOP(CONTEXT, "Scenarios & what-if"),
             _lazy(_V + "scenarios_page", "ScenariosPage")),
    NavEntry("alternatives", QT_TRANSLATE_NOOP(CONTEXT, "Alternatives"),
             _lazy(_V + "alternatives_page", "AlternativesPage")),
    NavEntry("reports", QT_TRANSLATE_NOOP(CONTEXT, "Reports"),
             _lazy(_V + "reports_page", "ReportsPage")),
)  # fmt: skip
NAV_KEYS = tuple(e.key for e in NAV)
VIEW_KEYS = tuple(e.key for e in NAV if e.factory is not None)


def entry_of(key: str) -> NavEntry:
    """The navigation entry showing `key` (an entry's own key or one of its table pages)."""
    return next(e for e in NAV if key == e.key or key in e.tables)


@dataclass
class Loaded:
    """What a load read from the database, built on a worker thread without touching widgets:
    the overview (status bar, title) when asked for, and the tables asked for."""

    overview: dict[str, Any] | None
    tables: dict[str, TableData]


def load(db: Database, keys: tuple[str, ...], overview: bool) -> Loaded:
    """Service calls only (runs in a Task)."""
    from rePlanner.services.tables import database_overview

    info = database_overview(db) if overview else None
    return Loaded(info, {k: TABLES[k].build(db) for k in keys})
