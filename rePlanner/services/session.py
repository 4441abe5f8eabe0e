"""Who is working: the name written to the audit trail."""

from __future__ import annotations

import getpass
import os


def current_user() -> str:
    override = os.environ.get("REPLANNER_USER")
    if override:
        return override
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return "unknown"
