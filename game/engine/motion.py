"""Movement on screen, and the teacher's "less movement" for children whom motion overwhelms.

Everything that moves for show (confetti, popping stars, Ollie's greetings and reactions, his idle
bob, a story page's characters sliding in) asks ``still(ctx)`` first: with less movement on, it
happens at once, in its final place, and nothing moves. A press's flash is not movement for show
(it is the tap's own feedback) and stays.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..progress.preferences import declare

if TYPE_CHECKING:
    from .context import Context

LESS_MOVEMENT = declare("less_movement", False,
                        words="Less movement: no confetti, no moving Ollie, no slide-ins or pops")


def still(ctx: "Context") -> bool:
    """Whether whoever plays now should see nothing move (what the teacher chose for them or their class)."""
    preferences = getattr(ctx, "preferences", None)
    return bool(preferences.get(LESS_MOVEMENT.key)) if preferences is not None else False


def ease_out(t: float) -> float:
    """0 -> 1, fast at first and gently slowing to a stop: calm."""
    t = min(1.0, max(0.0, t))
    return 1 - (1 - t) ** 3
