#!/usr/bin/env python3
"""SMART Stars. Run `python play.py` to play, `python play.py --help` for more."""

import os
import sys

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from game.cli import main  # noqa: E402  (the environment must be set first)

if __name__ == "__main__":
    sys.exit(main())
