"""`python -m app.cli`: the same as the installed `netassist-cli`."""

from __future__ import annotations

import sys

from app.cli import main

if __name__ == "__main__":
    sys.exit(main())
