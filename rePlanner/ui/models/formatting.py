"""Cell text for plain values, by column kind, in the user's locale."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale

_MAX_DECIMALS = 6
_GROUPED = QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)


def tr(text: str) -> str:
    return QCoreApplication.translate("Formatting", text)


def grouping(locale: QLocale) -> QLocale:
    """The locale numbers are written in: the C locale (LANG=C, a bare CI box) groups no
    thousands (176288000), so US English stands in for it; any real locale is kept."""
    return _GROUPED if locale.language() == QLocale.Language.C else locale


def format_int(locale: QLocale, value: int) -> str:
    """A whole number with grouped thousands (176,288,000), in any locale."""
    return grouping(locale).toString(int(value))


def format_days(locale: QLocale, value: float) -> str:
    """Days with one decimal (52.5), as everywhere a number of days is shown."""
    return grouping(locale).toString(float(value), "f", 1)


def is_days(key: str, kind: str) -> bool:
    """A number column of days ("shutdown_days", "shutdown_days:1" side by side)."""
    return kind == "number" and key.split(":")[0].endswith("_days")


def two_lines(title: str) -> str:
    """A column title of several words on two lines ("Shutdown\ndays"), so that a numeric
    column is as narrow as its numbers; a title already on several lines stays as it is."""
    if "\n" in title or " " not in title:
        return title
    head, _, tail = title.rpartition(" ")
    return f"{head}\n{tail}"


def format_number(locale: QLocale, value: float) -> str:
    """Four significant digits for small values, two decimals for large ones; no trailing 0s.
    Thousands are grouped (478,688,000), also in the C locale (see `grouping`)."""
    locale = grouping(locale)
    if value == 0 or not math.isfinite(value):
        return locale.toString(float(value), "f", 0)
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(2, min(_MAX_DECIMALS, 3 - magnitude))
    text = locale.toString(float(value), "f", decimals)
    point = locale.decimalPoint()
    if decimals and point in text:
        text = text.rstrip("0").rstrip(point)
    return text


def format_share(locale: QLocale, value: float) -> str:
    return f"{grouping(locale).toString(value * 100, 'f', 1)} %"


def format_cell(locale: QLocale, kind: str, value: Any) -> str:
    """Display text of one value; None is an empty cell (unknown, not zero)."""
    if value is None:
        return ""
    if kind == "int" and not isinstance(value, bool):
        return format_int(locale, value)
    if kind == "number":
        return format_number(locale, float(value))
    if kind == "share":
        return format_share(locale, float(value))
    if kind == "bool":
        return tr("Yes") if value else tr("No")
    if kind == "date" and isinstance(value, date):
        return value.isoformat()  # unambiguous across the countries a sourcing team works with
    if kind == "status":
        return status_label(str(value))
    if kind == "enum":
        return enum_label(str(value))
    return str(value)


def enum_label(value: str) -> str:
    """Stored vocabulary values (domain.enums) as words; unknown values readable anyway."""
    labels = {
        "export_control": tr("Export control"),
        "ban": tr("Ban"),
        "quota": tr("Quota"),
        "technology": tr("Technology"),
        "framework": tr("Framework"),
        "suspension": tr("Suspension"),
        "confirmed": tr("Confirmed"),
        "derived": tr("Derived"),
        "unconfirmed": tr("Unconfirmed"),
    }
    if value in labels:
        return labels[value]
    if value.isupper():  # codes such as BEV, PHEV stay as written
        return value
    return value.replace("_", " ").capitalize()


def status_label(state: str) -> str:
    labels = {
        "announced": tr("Announced"),
        "in_force": tr("In force"),
        "suspended": tr("Suspended"),
        "suspension_lapsed": tr("Suspension lapsed: check"),
        "unknown_date": tr("Date unknown"),
        "ended": tr("Ended"),
    }
    return labels.get(state, state)


def status_tooltip(state: str) -> str:
    tips = {
        "announced": tr("Published but not yet in effect on this date."),
        "in_force": tr("In effect on this date."),
        "suspended": tr("Suspended on this date; see 'Suspended until' for when it applies again."),
        "suspension_lapsed": tr(
            "The suspension has ended. By law the measure applies again unless the suspension "
            "was extended: check the authority's latest announcement for an extension."
        ),
        "unknown_date": tr("No effective date is recorded for this measure."),
        "ended": tr(
            "The measure itself no longer applies on this date; see 'Ends' for its last day. "
            "If it was a suspension, the measures it suspended apply again unless it was extended."
        ),
    }
    return tips.get(state, "")
