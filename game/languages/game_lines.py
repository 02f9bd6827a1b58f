"""The game's own child-facing lines (not a lesson's), so they can be translated like a lesson's.

Teacher-facing words stay English. Lines made with a child's name in them ("It's Priya's turn.",
"Priya!") are not here: they are said in English, the name being the part a child knows.
"""

from __future__ import annotations

from ..lessons.basics import Line


def game_lines() -> list[tuple[Line, str]]:
    """Every fixed child-facing line, with where it is said (for translators), in a stable order."""
    from ..lessons.letters import LETTERS
    from ..scenes import about, hands, home, letter, pupils, reward, stop_lesson, talk_pause, whose_turn
    from ..scenes.activities import sort

    found: list[tuple[Line, str]] = [(home.WELCOME, "home screen, when it opens")]
    found += [(home.tile_line(item), f"home screen, the {item.letter} tile") for item in LETTERS]
    found += [(letter.rule_line(item), f"the {item.letter} letter's page: its rule") for item in LETTERS]
    found += [(line, "asked when a child taps the house mid-lesson")
              for line in (stop_lesson.STOP_ASK, stop_lesson.CARRY_ON, stop_lesson.STOP_HOME)]
    found += [(sort.PLACED_RIGHT, "a sort question: a card put in its right group")]
    found += [(reward.stars_line(stars), "the end of a lesson: the stars") for stars in (1, 2, 3)]
    found += [(reward.badge_line(item), f"the end of the last {item.letter} lesson: the badge") for item in LETTERS]
    found += [(line, "the end of a Tell lesson: the worry button")
              for line in (reward.WORRY_BUTTON, reward.WORRY_OFFER, reward.WORRY_THANKS, reward.WORRY_WHO)]
    found += [(pupils.WHO_LINE, "who is playing: the class's animals"),
              (whose_turn.NOT_YOU, "home on a class tablet: the 'not you?' button"),
              (whose_turn.WHO_NOW, "home on a class tablet, nobody chosen yet"),
              (whose_turn.NO_PUPILS, "who is playing, in a class with no pupils"),
              (talk_pause.TALK_LINE, "whole-class mode: the talk-to-your-partner pause"),
              (hands.HANDS_LINE, "whole-class mode: a show of hands"),
              (about.ABOUT_LINE, "the About page")]
    return found
