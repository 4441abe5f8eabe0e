from __future__ import annotations

import sys

from rePlanner.cli import main

sys.exit(main())
