"""The palette stays readable to colour-blind children and teachers (issue 20 point 2).

About 1 boy in 12 of northern European descent has a colour-vision deficiency. Right and try-again
also differ in shape (a tick, a cross), but the colours that carry meaning must still be told apart:
each is simulated for protanopia, deuteranopia and tritanopia with the matrices of Machado, Oliveira
& Fernandes (2009) at severity 1.0, which act on linear RGB, and every pair that must be told apart
has to stay at least a clear CIE76 colour difference apart (a delta E of 2.3 is just noticeable; 20
is a difference a child sees across a classroom).
"""

from __future__ import annotations

import itertools
import math

import pytest

from game.lessons.letters import LETTERS
from game.scenes import widgets
from game.scenes.teacher import overview_pages as teacher_overview
from game.scenes.activities.feelings import CALM_BLUE
from game.scenes.activities.sort import BIN_COLOURS

MACHADO_2009 = {  # severity 1.0, rows give linear R, G, B
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}
MIN_DELTA_E = 20.0
MIN_RIGHT_WRONG_DELTA_E = 30.0  # the one difference every answer shows


def linear(channel: int) -> float:
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def simulate(rgb: tuple[int, int, int], deficiency: str | None) -> tuple[float, float, float]:
    """The colour as seen with ``deficiency`` (None: normal vision), in linear RGB."""
    lin = [linear(channel) for channel in rgb]
    if deficiency is None:
        return tuple(lin)
    return tuple(min(1.0, max(0.0, sum(m * v for m, v in zip(row, lin)))) for row in MACHADO_2009[deficiency])


def lab(lin: tuple[float, float, float]) -> tuple[float, float, float]:
    """CIELAB (D65) from linear sRGB."""
    r, g, b = lin
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: tuple[int, int, int], b: tuple[int, int, int], deficiency: str | None) -> float:
    return math.dist(lab(simulate(a, deficiency)), lab(simulate(b, deficiency)))


PALETTES = {
    # the feedback banner and card borders: right, try again, and a feeling's calm word (never "wrong")
    "feedback": {"right": widgets.RIGHT_GREEN, "try again": widgets.WRONG_AMBER, "feeling": CALM_BLUE},
    "SMART letters": {letter.letter: letter.colour for letter in LETTERS},
    "sort groups": {f"group {index + 1}": colour for index, colour in enumerate(BIN_COLOURS)},
    "overview": {"not started": teacher_overview.NOT_STARTED_GREY, "tried": teacher_overview.TRIED_ORANGE,
                 "done": teacher_overview.DONE_BLUE, "right first time": teacher_overview.FIRST_TIME_GREEN,
                 "needs help": teacher_overview.HELP_RED},
}


@pytest.mark.parametrize("deficiency", [None, *MACHADO_2009])
@pytest.mark.parametrize("palette", list(PALETTES))
def test_every_pair_is_told_apart(palette: str, deficiency: str | None) -> None:
    too_close = [(a, b, round(delta_e(colour_a, colour_b, deficiency), 1))
                 for (a, colour_a), (b, colour_b) in itertools.combinations(PALETTES[palette].items(), 2)
                 if delta_e(colour_a, colour_b, deficiency) < MIN_DELTA_E]
    assert not too_close, f"{palette} under {deficiency or 'normal vision'}: {too_close}"


@pytest.mark.parametrize("deficiency", list(MACHADO_2009))
def test_right_and_try_again_are_far_apart(deficiency: str) -> None:
    assert delta_e(widgets.RIGHT_GREEN, widgets.WRONG_AMBER, deficiency) >= MIN_RIGHT_WRONG_DELTA_E


def test_the_simulation_is_a_real_one() -> None:
    """The model must be able to fail: the old green and orange of right and try-again (46, 170, 90)
    and (232, 150, 60) were only 17 apart to a protanope, and red and green are near one for a
    deuteranope, while a normal eye sees them far apart."""
    assert delta_e((46, 170, 90), (232, 150, 60), "protanopia") < MIN_DELTA_E
    assert delta_e((200, 60, 40), (90, 140, 40), "deuteranopia") < MIN_DELTA_E < delta_e((200, 60, 40), (90, 140, 40), None)
    assert delta_e((0, 0, 255), (255, 255, 255), "tritanopia") > 40  # white stays white: the maths is not degenerate
