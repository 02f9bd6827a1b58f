"""The five SMART rules: the fixed spine of the game."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SmartLetter:
    key: str  # also the lessons/<key>/ folder name
    letter: str
    word: str
    picture: str  # an OpenMoji emoji
    colour: tuple[int, int, int]
    rule: str  # said when the tile is chosen; short enough for a four-year-old


LETTERS: tuple[SmartLetter, ...] = (
    SmartLetter("safe", "S", "Safe", "🔒", (239, 52, 71),
                "S is for Safe. Keep your name, address and photos private."),
    SmartLetter("meeting", "M", "Meeting", "🛝", (240, 140, 30),
                "M is for Meeting. We never meet people we only know online."),
    SmartLetter("accepting", "A", "Accepting", "📨", (57, 183, 126),
                "A is for Accepting. Only open messages from people you know."),
    SmartLetter("reliable", "R", "Reliable", "🤔", (49, 113, 252),
                "R is for Reliable. Not everything online is true."),
    SmartLetter("tell", "T", "Tell", "🗣️", (131, 109, 196),
                "T is for Tell. Tell a grown-up you trust if something online worries you."),
)

BY_KEY = {item.key: item for item in LETTERS}


def letter_key(value: str) -> str | None:
    """Accept 'M', 'm', 'meeting' or 'Meeting'; return the key or None."""
    wanted = value.strip().lower()
    for item in LETTERS:
        if wanted in (item.key, item.letter.lower()):
            return item.key
    return None
