"""The main window's file actions: import a BOM (menu, Ctrl+O or a dropped file), open another
database (dialog, recent list, settings), the settings dialog. A mixin of MainWindow, kept apart
so the window module stays about layout and navigation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QFileDialog,
)

from rePlanner.domain.errors import ReplannerError

if TYPE_CHECKING:  # imported when first used: start-up does not pay for them
    from rePlanner.ui.dialogs.settings_dialog import SettingsDialog
    from rePlanner.ui.wizards import ImportWizard


class FileActions:
    """Needs from the window: db, _opener, _overview, views, pages, recent, refresh(),
    _reload(), stop_tasks(), _on_nav(), nav, _loaded_views, unsaved_scenario(), _discard_ok(),
    _show_error(), tr()."""

    db: Any
    import_wizard: ImportWizard | None
    settings_dialog: SettingsDialog | None

    def open_import(self, path: str | None = None) -> ImportWizard:
        """The import wizard (BOM, suppliers, network, alternatives), window-modal, non-blocking."""
        from rePlanner.ui.wizards import ImportWizard

        wizard = ImportWizard(self.db, path=path or None, parent=self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(self._on_imported)
        wizard.open()
        self.import_wizard = wizard
        return wizard

    def _on_imported(self, result: object) -> None:
        self._loaded_views.clear()
        self._reload()  # type: ignore[attr-defined]
        self._on_nav(self.nav.currentRow())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 (Qt name)
        if _dropped_file(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 (Qt name)
        path = _dropped_file(event.mimeData())
        if path:
            event.acceptProposedAction()
            self.open_import(path)

    def _on_open_triggered(self) -> None:
        start = str(Path(str(self._overview.get("location") or "")).parent)
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open database"),
            start,
            self.tr("rePlanner databases (*.sqlite *.sqlite3 *.db);;All files (*)"),
        )
        if path:
            self.open_database_file(path)

    def open_database_file(self, path: str) -> bool:
        """Switch to another database; the current one stays open if that fails."""
        if self._opener is None or not self._ready_to_leave():
            return False
        try:
            new_db = self._opener(path)
        except ReplannerError as exc:
            self._show_error(self.tr("The database could not be opened."), str(exc))
            return False
        self.stop_tasks(wait_ms=0)  # cancelled tasks finish on their own; the GUI goes on
        old, self.db = self.db, new_db
        self._loaded_views.clear()
        for view in self.views.values():
            view.set_database(new_db)
        for table in self.pages.values():
            table.set_database(new_db)
        self._reload()  # type: ignore[attr-defined]
        self._on_nav(self.nav.currentRow())  # the page on screen loads itself again
        old.dispose()
        return True

    def _ready_to_leave(self) -> bool:
        """Before the database changes: a cell still being typed in is saved to the database
        it was typed for, and unsaved scenario edits are kept unless the user discards them."""
        for page in self.pages.values():  # type: ignore[attr-defined]
            view = page.view
            editor = view.indexWidget(view.currentIndex()) or QApplication.focusWidget()
            if view.state() == QAbstractItemView.State.EditingState and editor is not None:
                view.commitData(editor)
                view.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        return not self.unsaved_scenario() or self._discard_ok()  # type: ignore[attr-defined]

    def open_settings(self) -> SettingsDialog:
        """Settings: database, defaults, reference data (window-modal, non-blocking)."""
        from rePlanner.ui.dialogs.settings_dialog import SettingsDialog

        where = str(self._overview.get("location") or "")  # type: ignore[attr-defined]
        dialog = SettingsDialog(self.db, where, self)  # type: ignore[arg-type]
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.database_chosen.connect(self.open_database_file)
        dialog.refdata_loaded.connect(lambda _summary: self.refresh())  # type: ignore[attr-defined]
        dialog.settings_saved.connect(lambda _settings: self.refresh())  # type: ignore[attr-defined]
        dialog.open()
        self.settings_dialog = dialog
        return dialog


def _dropped_file(mime: QMimeData) -> str | None:
    """The first dropped local file the import wizard can read, else None."""
    from rePlanner.ui.wizards import accepts_drop

    for url in mime.urls() if mime.hasUrls() else []:
        path = url.toLocalFile()
        if path and accepts_drop(path):
            return path
    return None
