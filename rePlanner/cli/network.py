"""Sub-commands: filled in by the import work (issue 3)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def register(sub: Any, db_option: Callable[..., None]) -> None:
    """Add this module's commands to the `replanner` parser (`sub` = its sub-parsers)."""
    _ = (sub, db_option, argparse)
