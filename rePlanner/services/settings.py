"""App-wide settings kept in the database (app_meta), so every user of a shared database sees the
same currency and defaults.

These are stored values only: the engine keeps reading each production line's own working days
and each scenario's own licence delay. The defaults here are what new records and reports start
from. A value that is missing (or unreadable) reads as its default; saving writes only the
values that changed, in one audited transaction, after all of them were validated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from rePlanner.domain.errors import ValidationError, ValidationIssue
from rePlanner.persistence.database import Database
from rePlanner.persistence.models import AppMeta
from rePlanner.services.info import app_meta
from rePlanner.services.session import current_user

ENTITY = "settings"
MAX_LICENCE_DAYS = 365  # working days; a longer wait is a ban, modelled as a measure instead
MAX_TEXT = 200
COMMON_CURRENCIES = ("EUR", "USD", "GBP", "CHF", "SEK", "PLN", "CZK", "HUF", "CNY", "JPY",
                     "KRW", "INR", "CAD", "MXN", "BRL")  # fmt: skip
LOGO_TYPES = (".png", ".jpg", ".jpeg", ".svg")
_ISO_CODE = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Settings:
    currency: str = "EUR"  # ISO 4217 code
    working_days_per_week: int = 5  # default for new production lines, 1..7
    licence_delay_days: int = 45  # default export-licence delay, working days
    company_name: str = ""  # shown in the window title and on reports
    confidentiality_label: str = ""  # printed on reports, e.g. "Confidential"
    report_logo: str = ""  # PNG/JPEG/SVG file printed on the report cover; "" = none


# field -> app_meta key; company_name is the key the demo and `replanner info` already use
KEYS = {
    "currency": "currency",
    "working_days_per_week": "working_days_per_week",
    "licence_delay_days": "default_licence_delay_days",
    "company_name": "company_name",
    "confidentiality_label": "confidentiality_label",
    "report_logo": "report_logo",
}
_DEFAULTS = Settings()


def get_settings(db: Database) -> Settings:
    """The stored settings; anything missing, unreadable or out of range is its default."""
    meta = app_meta(db)
    values: dict[str, object] = {}
    for f in fields(Settings):
        raw = meta.get(KEYS[f.name])
        if raw is None:
            continue
        if isinstance(getattr(_DEFAULTS, f.name), int):
            try:
                values[f.name] = int(raw)
            except ValueError:
                continue
        else:
            values[f.name] = raw
    try:
        return validated(Settings(**values))  # type: ignore[arg-type]
    except ValidationError as exc:  # hand-edited values: the defaults are safer than a crash
        for issue in exc.issues:
            values.pop(issue.field, None)
        return validated(Settings(**values))  # type: ignore[arg-type]


def validated(settings: Settings) -> Settings:
    """A cleaned copy (currency upper-cased, text stripped) or ValidationError naming every bad
    field."""
    issues: list[ValidationIssue] = []

    def bad(name: str, reason: str) -> None:
        issues.append(ValidationIssue(ENTITY, name, getattr(settings, name), reason))

    currency = str(settings.currency or "").strip().upper()
    if not _ISO_CODE.fullmatch(currency):
        bad("currency", "must be a three-letter ISO code such as EUR or USD")
    days = settings.working_days_per_week
    if not _is_int(days) or not 1 <= days <= 7:
        bad("working_days_per_week", "must be a whole number from 1 to 7")
    delay = settings.licence_delay_days
    if not _is_int(delay) or not 0 <= delay <= MAX_LICENCE_DAYS:
        bad(
            "licence_delay_days", f"must be a whole number of working days, 0 to {MAX_LICENCE_DAYS}"
        )
    for name in ("company_name", "confidentiality_label"):
        if len(str(getattr(settings, name) or "").strip()) > MAX_TEXT:
            bad(name, f"must be at most {MAX_TEXT} characters")
    logo = str(settings.report_logo or "").strip()
    if logo and not logo.casefold().endswith(LOGO_TYPES):
        bad("report_logo", "must be a " + ", ".join(LOGO_TYPES) + " image file")
    if issues:
        raise ValidationError(issues)
    return Settings(
        currency=currency,
        working_days_per_week=days,
        licence_delay_days=delay,
        company_name=str(settings.company_name or "").strip(),
        confidentiality_label=str(settings.confidentiality_label or "").strip(),
        report_logo=logo,
    )


def save_settings(db: Database, settings: Settings, user: str | None = None) -> Settings:
    """Validate everything, then write the changed values in one transaction; returns what was
    stored. An empty text removes its key (no company name rather than an empty one)."""
    clean = validated(settings)
    with db.session(user or current_user()) as s:
        for f in fields(Settings):
            value = getattr(clean, f.name)
            text = str(value) if value != "" else None
            row = s.get(AppMeta, KEYS[f.name])
            if row is None and text is not None:
                s.add(AppMeta(key=KEYS[f.name], value=text))
            elif row is not None and text is None:
                s.delete(row)
            elif row is not None and row.value != text:
                row.value = text
    return clean


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
