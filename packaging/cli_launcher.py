"""What the frozen `netassist-cli` runs: the same entry point as the installed `netassist-cli` (engine only, no Qt)."""

from __future__ import annotations

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
