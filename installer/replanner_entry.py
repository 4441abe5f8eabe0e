"""Entry point of the frozen bundle (PyInstaller's script): `replanner` as installed by pip.

freeze_support() comes first: the engine's worker pools use the "spawn" start method when a
GUI thread is running, and a frozen child process re-runs this executable; without it the
child would parse the worker's arguments as a rePlanner command line.
"""

from __future__ import annotations

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from rePlanner.cli import main

    sys.exit(main())
