"""Pupil and class names as they enter the game: the one place that decides what a name may hold.

Every way a name comes in goes through here: a class list (``play.py class NAME --import`` and
"Import class lists"), typing or renaming in teacher mode, ``--name`` on the command line, and names
an older version already stored (cleaned again when they are read, so a store holding ``Sam\\0``
still starts). Why: SDL refuses to draw a NUL or an unpaired surrogate (the game stopped at every
start), a zero-width or bidi-override character makes a name look empty or reversed, and none of
them is part of anyone's name.

A name keeps its letters, digits, accents and punctuation (``O'Brien``, ``Aleksandra-Marie``,
``Robins 1B``); it loses control characters (C0 and C1, NUL among them), format characters (zero-width
spaces and joiners, word joiner, byte-order mark, bidi marks, embeddings, overrides and isolates,
soft hyphen), unpaired surrogates, non-characters and the letters that draw as nothing (Hangul
fillers, the blank Braille cell); runs of spaces become one, it is NFC-normalised, trimmed, and cut
to ``MAX_LENGTH`` characters. A name with no letter or digit left is refused.
"""

from __future__ import annotations

import unicodedata

MAX_LENGTH = 40  # as the store has always kept

# Categories taken out: control (Cc), format (Cf: zero-width, bidi, BOM, soft hyphen, tags),
# surrogate (Cs: only ever unpaired in a Python string).
_REMOVED_CATEGORIES = {"Cc", "Cf", "Cs"}
# Letters and symbols that draw as nothing, so a "name" of them looks empty.
_SPACES = {"\t", "\n", "\r", "\v", "\f"}
_SPACE_CATEGORIES = {"Zs", "Zl", "Zp"}
_BLANK = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u034f"}


def _removed(char: str) -> bool:
    code = ord(char)
    if 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE:  # non-characters
        return True
    return char in _BLANK or unicodedata.category(char) in _REMOVED_CATEGORIES


def clean_text(text: str, limit: int = MAX_LENGTH) -> tuple[str, list[str]]:
    """``text`` without what a name may not hold, and what was done to it (for the teacher): a list
    of short phrases, empty if the text came through as it was (apart from spaces round it)."""
    done: list[str] = []
    # A space, tab, line break, no-break or other space is a space; then whatever else may not be in a
    # name goes (the controls Python also counts as space, such as NEL and the separators \x1c-\x1f, too).
    spaced = "".join(" " if char in _SPACES or unicodedata.category(char) in _SPACE_CATEGORIES else char
                     for char in text)
    kept = "".join(char for char in spaced if not _removed(char))
    if len(kept) != len(spaced):
        done.append("invisible or control characters taken out")
    cleaned = unicodedata.normalize("NFC", " ".join(kept.split()))
    if len(cleaned) > limit:
        cleaned = cleaned[:limit].rstrip()
        done.append(f"cut to {limit} characters")
    return cleaned, done


def _clean(text: str, what: str, limit: int) -> tuple[str | None, str | None]:
    if not isinstance(text, str):
        return None, f"the {what} is not text"
    cleaned, done = clean_text(text, limit)
    if not any(char.isalnum() for char in cleaned):
        if not text.strip():
            return None, f"the {what} is empty: type a {what}"
        if not cleaned:
            return None, f"the {what} has only invisible or control characters: type a {what} with letters in it"
        return None, f"'{cleaned}' is not a {what} (it has no letters): type a {what} with letters in it"
    return cleaned, ("; ".join(done) or None)


def clean_name(text: str) -> tuple[str | None, str | None]:
    """A pupil's first name as it may be kept, and a note for the teacher.

    ``(name, None)``: fine as it was (spaces round it aside). ``(name, note)``: kept, cleaned, and the
    note says how. ``(None, problem)``: refused, and ``problem`` says what to do."""
    return _clean(text, "first name", MAX_LENGTH)


def clean_class_name(text: str) -> tuple[str | None, str | None]:
    """A class's name as it may be kept (digits stay: ``Robins 1B``); as ``clean_name``."""
    return _clean(text, "class name", MAX_LENGTH)


def shown_name(text: str | None, missing: str = "(no name)") -> str:
    """A name read back from the store, safe to draw and speak whatever an older version kept.

    Never fails: a name with nothing left is shown as ``missing`` (the teacher can rename it)."""
    if not text:
        return missing
    name, _ = clean_name(text)
    return name or missing


def shown_text(text: str, limit: int = 120) -> str:
    """Any other text from outside (a file's name in a message) cleaned the same way, so it can be drawn."""
    return clean_text(text, limit)[0]
