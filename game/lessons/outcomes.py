"""Curriculum outcomes: a lesson's `outcomes` are UKCIS Education for a Connected World statements, word for word.

The statements for the Early years - 7 band are data (assets/ukcis-early-years-7.yaml, each with
where its wording was confirmed). `check` warns about an outcome that is not one of them, with the
closest statement as a did-you-mean, so a paraphrase ("explain how" for "give examples of how") is
caught where it is written. A warning, not an error: a school may map lessons to its own scheme.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Sequence

from .model import Lesson

STATEMENTS_PATH = Path(__file__).resolve().parents[2] / "assets" / "ukcis-early-years-7.yaml"

# A statement pasted from the framework's PDF has curly quotes: they are the same words.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


@dataclass(frozen=True)
class Statement:
    strand: str
    text: str
    confirmed: str | None  # where the wording was checked; None: not yet checked against the framework


def _key(text: str) -> str:
    return " ".join(str(text).translate(_QUOTES).split())


@lru_cache(maxsize=2)
def load_statements(path: Path = STATEMENTS_PATH) -> tuple[Statement, ...]:
    """Every statement in ``path``, in the framework's order; () if the file cannot be read (no warnings then)."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return tuple(
            Statement(str(strand), _key(item["text"]),
                      str(item["confirmed"]) if item.get("confirmed") not in (None, False) else None)
            for strand, items in data["strands"].items() for item in items)
    except (OSError, UnicodeDecodeError, yaml.YAMLError, KeyError, TypeError, AttributeError):
        return ()


# Words every statement shares: they say nothing about which statement an outcome meant.
_COMMON = frozenset("i can a an the to of and or in on be my me it is that this how why what who with for as at by "
                    "about some things thing know explain give examples describe identify recognise".split())


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", _key(text).lower())


def _likeness(outcome: str, statement: str) -> float:
    """0-1: the words in the same order (a paraphrase of one statement), and the outcome's own
    words found in the statement (the same idea in other words), half each."""
    mine, theirs = _words(outcome), _words(statement)
    in_order = difflib.SequenceMatcher(None, mine, theirs, autojunk=False).ratio()
    meaning = {word for word in mine if word not in _COMMON}
    shared = len(meaning & set(theirs)) / len(meaning) if meaning else 0.0
    return (in_order + shared) / 2


def closest(outcome: str, statements: Sequence[Statement]) -> Statement | None:
    """The statement most like ``outcome``, if any is like it at all."""
    scored = [(_likeness(outcome, statement.text), statement) for statement in statements]
    best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    return best[1] if best[0] >= 0.18 else None


def outcome_warnings(lesson: Lesson, lines: Sequence[int], id_line: int,
                     statements: Sequence[Statement] | None = None) -> list[tuple[int, str]]:
    """(line, message) for each outcome that is not a statement of the framework, word for word.

    ``lines`` holds the line each outcome is written on (in order); ``id_line`` is used where unknown."""
    statements = load_statements() if statements is None else statements
    if not statements:
        return []
    known = {statement.text for statement in statements}
    found = []
    for index, outcome in enumerate(lesson.outcomes):
        if _key(outcome) in known:
            continue
        line = lines[index] if index < len(lines) else id_line
        near = closest(outcome, statements)
        hint = (f" Did you mean ({near.strand}): \"{near.text}\"?" if near is not None
                else " Copy a statement from assets/ukcis-early-years-7.yaml.")
        found.append((line, f"the outcome '{_short(outcome)}' is not one of the Education for a Connected World "
                            f"statements for Early years - 7, word for word.{hint}"))
    return found


def _short(text: str, words: int = 12) -> str:
    parts = _key(text).split()
    return " ".join(parts[:words]) + (" …" if len(parts) > words else "")


__all__ = ["Statement", "load_statements", "closest", "outcome_warnings", "STATEMENTS_PATH"]
