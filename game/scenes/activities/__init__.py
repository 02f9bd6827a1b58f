"""One module per way to play. Each activity is self-contained: it lays out its own
widgets inside the player, says its own lines and decides when it is done.
Which activity plays which scene kind is registered, with the kind's model and builder, in
game/lessons/kinds.py (by name: the player imports an activity when its kind is first played).
"""

from __future__ import annotations

from .base import Activity, QuestionRecord

__all__ = ["Activity", "QuestionRecord"]
