"""Bigger words and high contrast: how the screen looks for a child with low vision (issue 20 point 3).

Both are preferences a teacher turns on for a class or a pupil (game/progress/preferences.py), so they follow
the child to any tablet. What they change is kept in one small ``Look`` on the context, put in force
whenever the preferences in force change (before the screen showing is rebuilt):

- bigger words: every fitted text may be ``BIGGER_WORDS_SCALE`` times larger (``TextRenderer.scale``,
  the one place every word's size is decided). A text still never leaves its box: it wraps and comes
  down to fit, so no layout breaks; answer cards give their words a larger share (``label_share``).
- high contrast: a plain light background instead of gradients (``Backgrounds.plain``), and cards
  light with thick dark outlines and dark words (``card_style``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..progress import preferences
from ..frame.palette import INK, shade

if TYPE_CHECKING:
    from ..engine.context import Context

BIGGER_WORDS = preferences.declare("bigger_words", False, words="Bigger words: text and captions larger, for low vision")
HIGH_CONTRAST = preferences.declare("high_contrast", False,
                                    words="High contrast: dark words on plain light cards with thick outlines")

BIGGER_WORDS_SCALE = 1.35  # words may be this much larger (each still fitted to its box)
BIGGER_LABEL_SHARE = 0.36  # of an answer card's height for its words with bigger words (0.28 otherwise)
PLAIN_BACKGROUND = (248, 248, 242)  # high contrast: one light colour, no gradient
DARK_INK = (16, 18, 32)  # words and outlines in high contrast
THICK_EDGE = 0.045  # of a card's shorter side: a high-contrast outline (a normal one is about 1/28)
DARK_ENOUGH = 0.1  # a coloured word at most this luminous in high contrast (7:1 on white or better)
LIGHT_ENOUGH = 0.7  # a card's fill at least this luminous stays as it is in high contrast


@dataclass(frozen=True)
class Look:
    text_scale: float = 1.0
    high_contrast: bool = False


def look_for(found: preferences.Preferences) -> Look:
    return Look(BIGGER_WORDS_SCALE if found.get(BIGGER_WORDS.key) else 1.0, bool(found.get(HIGH_CONTRAST.key)))


def put_in_force(ctx: "Context", found: preferences.Preferences) -> None:
    """Make ``found``'s look the context's: the words' scale and the background. The screen is rebuilt
    (and, its canvas key holding the look, drawn whole) by ``preferences.follow_player`` afterwards."""
    look = look_for(found)
    ctx.look = look
    ctx.text.scale = look.text_scale
    ctx.backgrounds.plain = PLAIN_BACKGROUND if look.high_contrast else None


def follow(ctx: "Context") -> None:
    """Keep the context's look that of the preferences in force (call before ``follow_player``)."""
    ctx.preference_listeners.append(lambda found: put_in_force(ctx, found))
    put_in_force(ctx, ctx.preferences)


def luminance(colour: tuple[int, int, int]) -> float:
    """Relative luminance (WCAG), 0 for black to 1 for white."""
    def linear(channel: int) -> float:
        value = channel / 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = (linear(channel) for channel in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def card_style(look: Look, fill: tuple[int, int, int], border: tuple[int, int, int] | None,
               short_side: int) -> tuple[tuple[int, int, int], tuple[int, int, int] | None, int | None]:
    """A card's fill, outline and outline width (None: draw_card's own) in this look. High contrast:
    a light fill, and a thick dark outline (right and try-again keep their hue, darkened, beside their
    tick and cross)."""
    if not look.high_contrast:
        return fill, border, None
    while luminance(fill) < LIGHT_ENOUGH:
        fill = shade(fill, 0.5)
    outline = DARK_INK if border is None else shade(border, -0.45)
    return fill, outline, max(4, int(short_side * THICK_EDGE))


def ink(look: Look, colour: tuple[int, int, int] = INK) -> tuple[int, int, int]:
    """Words' colour in this look: in high contrast, the usual ink is near black, and a coloured word
    (a lesson's title in its letter's colour) is darkened until it stands out on a light card."""
    if not look.high_contrast:
        return colour
    if colour == INK:
        return DARK_INK
    while luminance(colour) > DARK_ENOUGH:
        colour = shade(colour, -0.25)
    return colour


def try_on(ctx: "Context", values: dict) -> None:
    """Put these preferences in force now, as the class's, as if loaded for the player (the tour shows
    each look with it; the layout tests walk every screen in it). The game itself loads them from the
    store (``preferences.follow_player``); the next change of player puts those in force again."""
    preferences.in_force(ctx, preferences.Preferences(class_values=values))
