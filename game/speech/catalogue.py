"""Every line the game can say: the lessons' lines and the game's own."""

from __future__ import annotations

from ..lessons.library import LessonLibrary
from ..lessons.basics import Line
from ..lessons.letters import LETTERS


def game_lines() -> list[Line]:
    from ..scenes.about import ABOUT_LINE
    from ..scenes.activities.sort import PLACED_RIGHT
    from ..scenes.certificate import certificate_line
    from ..scenes.home import WELCOME, tile_line
    from ..scenes.letter import rule_line
    from ..scenes.pupils import WHO_LINE
    from ..scenes.reward import WORRY_BUTTON, WORRY_OFFER, WORRY_THANKS, WORRY_WHO, badge_line, stars_line
    from ..scenes.whose_turn import NO_PUPILS, NOT_YOU, WHO_NOW
    from ..scenes.talk_pause import TALK_LINE
    from ..access.scanning import scan_lines

    lines = [WELCOME] + [tile_line(item) for item in LETTERS] + [rule_line(item) for item in LETTERS]
    lines += [badge_line(item) for item in LETTERS] + [certificate_line(None)]
    lines += [WORRY_BUTTON, WORRY_OFFER, WORRY_THANKS, WORRY_WHO, WHO_LINE, NOT_YOU, WHO_NOW, NO_PUPILS]
    lines += scan_lines()  # what switch scanning says for buttons with no line of their own
    return lines + [stars_line(count) for count in (1, 2, 3)] + [ABOUT_LINE, PLACED_RIGHT, TALK_LINE]


def every_line(library: LessonLibrary) -> list[Line]:
    """Each distinct line once (by id), lessons first, in playing order."""
    seen: dict[str, Line] = {}
    for lesson in library.lessons:
        for line in lesson.spoken_lines():
            seen.setdefault(line.id, line)
    for line in game_lines():
        seen.setdefault(line.id, line)
    return list(seen.values())
