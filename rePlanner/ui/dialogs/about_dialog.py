"""Help > About: versions of everything a support request needs, and where the data comes from."""

from __future__ import annotations

import html
import platform
from typing import Any

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from rePlanner import APP_NAME, __version__


class AboutDialog(QDialog):
    """`overview` is services.tables.database_overview() of the open database."""

    def __init__(self, overview: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About {app}").format(app=APP_NAME))
        self.text_label = QLabel(self._text(overview), self)
        self.text_label.setTextFormat(Qt.TextFormat.RichText)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text_label.setOpenExternalLinks(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)

    def _text(self, overview: dict[str, Any]) -> str:
        def esc(value: object) -> str:
            return html.escape(str(value)) if value else self.tr("not recorded")

        rows = [
            (self.tr("Version"), esc(__version__)),
            (self.tr("Qt / PySide6"), esc(f"{qVersion()} / {PySide6.__version__}")),
            (self.tr("Python"), esc(f"{platform.python_version()} ({platform.system()})")),
            (self.tr("Database"), esc(overview.get("location"))),
            (self.tr("Schema revision"), esc(overview.get("schema_revision"))),
            (self.tr("Reference data as of"), esc(overview.get("refdata_as_of"))),
        ]
        table = "".join(
            f"<tr><td style='padding-right:12px'><b>{k}</b></td><td>{v}</td></tr>" for k, v in rows
        )
        sources = self.tr(
            "Reference data (export controls, quotas, market shares, typical part content and "
            "alternative producers) is compiled from public sources: government announcements, "
            "company statements, agency reports and trade press. Every row keeps its source URL "
            "and a confidence level; only rows marked <i>confirmed</i> are presented as fact. "
            "Check a measure's current status with the issuing authority before acting on it."
        )
        title = self.tr("{app}: supply-risk planning for rare earths and other "
                        "China-controlled materials").format(app=APP_NAME)  # fmt: skip
        return f"<h3>{html.escape(title)}</h3><table>{table}</table><p>{sources}</p>"
