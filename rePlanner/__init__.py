"""rePlanner: supply-risk planning for rare earths and other China-controlled materials."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("replanner")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

APP_NAME = "rePlanner"
