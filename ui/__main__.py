"""``python -m ui`` starts NetAssist."""

from __future__ import annotations

import sys

from ui.main import run

sys.exit(run())
