"""What the frozen app runs: the same entry point as `netassist` and `python -m ui`."""

from __future__ import annotations

import sys

from ui.main import run

if __name__ == "__main__":
    sys.exit(run())
