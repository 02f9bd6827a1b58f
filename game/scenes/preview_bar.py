"""What the preview draws for the author over the lesson: a status bar, and the problem panel.

Plain drawing with the game's own font, sized from the window so it reads well from a
1280x800 laptop to a 1080p board. The bar sits in the strip along the bottom edge that the
game keeps free of children's targets (``layout.BOTTOM_CLEAR``), so it never covers the lesson.
"""

from __future__ import annotations

from typing import Sequence

import pygame

from ..frame.fonts import FontBook
from ..engine.layout import BOTTOM_CLEAR
from ..frame.palette import INK, WHITE
from ..frame.text import wrap_words

BAR_FRACTION = BOTTOM_CLEAR * 0.85  # of the window height: inside the strip no child target reaches
BAR_FILL = (40, 44, 72)
BAR_TEXT = (236, 238, 246)
BAR_QUIET = (168, 174, 204)
ERROR_RED = (178, 44, 34)
WARNING_AMBER = (158, 96, 0)
QUOTE_INK = (50, 56, 96)
QUOTE_FILL = (238, 240, 248)
VEIL = (250, 246, 232, 200)  # over the last good version, so the panel stands out but the lesson shows through

Segment = tuple[str, tuple[int, int, int]]


def bar_rect(size: tuple[int, int]) -> pygame.Rect:
    height = max(20, round(size[1] * BAR_FRACTION))
    return pygame.Rect(0, size[1] - height, size[0], height)


def shorten(font: pygame.font.Font, text: str, width: int) -> str:
    """The text, cut with an ellipsis if it is wider than ``width``."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text.rstrip() + "…"


def draw_bar(surface: pygame.Surface, fonts: FontBook, rect: pygame.Rect, left: Sequence[Segment],
             right: str) -> None:
    """The bar: what is showing on the left (in coloured pieces), the keys on the right if they fit."""
    pygame.draw.rect(surface, BAR_FILL, rect)
    font = fonts.get(max(12, round(rect.h * 0.58)))
    pad = max(6, rect.h // 2)
    space = rect.w - 2 * pad
    left_width = sum(font.size(text)[0] for text, _ in left)
    right_width = font.size(right)[0]
    if left_width + 2 * pad + right_width > space:
        right, right_width = "", 0  # a narrow window: what is showing matters more than the keys
    room = space - (right_width + 2 * pad if right else 0)
    x = rect.x + pad
    for text, colour in left:
        text = shorten(font, text, rect.x + pad + room - x)
        image = font.render(text, True, colour)
        surface.blit(image, image.get_rect(midleft=(x, rect.centery)))
        x += image.get_width()
        if x >= rect.x + pad + room:
            break
    if right:
        image = font.render(right, True, BAR_QUIET)
        surface.blit(image, image.get_rect(midright=(rect.right - pad, rect.centery)))


def wrap(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Word wrap that also breaks a word too long for a line (a long path), so nothing runs off."""
    lines: list[str] = []
    for line in wrap_words(font, text, width):
        while font.size(line)[0] > width and len(line) > 1:
            cut = len(line) - 1
            while cut > 1 and font.size(line[:cut])[0] > width:
                cut -= 1
            lines.append(line[:cut])
            line = line[cut:]
        lines.append(line)
    return lines


def source_lines(text: str, number: int) -> list[str]:
    """Line ``number`` of the file as the author wrote it (a tab shown as [tab]), after the line before it.

    The line before is there because a mistake such as a missing ':' is only noticed on the next line.
    """
    lines = text.splitlines()
    if not 1 <= number <= len(lines):
        return []
    quoted = []
    for at in (number - 1, number):
        if at >= 1 and lines[at - 1].strip():
            quoted.append(f"line {at}:  {lines[at - 1].rstrip().replace(chr(9), '[tab]')}")
    return quoted


def draw_problem_panel(surface: pygame.Surface, fonts: FontBook, area: pygame.Rect, heading: str, hint: str,
                       problems: Sequence[tuple[str, str, Sequence[str]]], tone: tuple[int, int, int],
                       overflow: str) -> list[tuple[str, pygame.Rect]]:
    """A card listing problems: each one's place ("lesson.yaml:12"), its message, and the lines there.

    The card is as tall as its words (at most ``area``), over a veil that lets the lesson show
    through. Returns every row drawn, top to bottom, with where it was drawn: exactly what the
    author can read (tests check it). Problems that do not fit are summed up in one last row (``overflow``, with {count}).
    """
    short = min(surface.get_size())
    body = fonts.get(max(16, round(short * 0.03)))
    head = fonts.get(max(20, round(short * 0.04)))
    pad = max(12, round(short * 0.03))
    border = max(3, round(short * 0.005))
    width = area.w - 2 * pad
    indent = body.size("    ")[0]
    step = body.get_linesize()
    gap = ("", body, INK, 0, "gap")
    # Each row: text, font, colour, indent, and how it is drawn ("text", "quote", or a half-line "gap").
    rows: list[tuple[str, pygame.font.Font, tuple[int, int, int], int, str]] = []
    rows += [(row, head, tone, 0, "text") for row in wrap(head, heading, width)]
    rows += [(row, body, INK, 0, "text") for row in wrap(body, hint, width)]

    def height_of(some: list) -> int:
        return sum(step // 2 if kind == "gap" else font.get_linesize() for _, font, _, _, kind in some)

    limit = area.h - 2 * pad
    for number, (place, message, quotes) in enumerate(problems):
        block = [gap, (place, body, tone, 0, "text")]
        block += [(row, body, INK, indent, "text") for row in wrap(body, message, width - indent)]
        block += [(shorten(body, quote, width - 2 * indent), body, QUOTE_INK, indent, "quote") for quote in quotes]
        left = len(problems) - number
        if number and height_of(rows + block) + (step * 2 if left > 1 else 0) > limit:
            rows += [gap] + [(row, body, tone, 0, "text") for row in wrap(body, overflow.format(count=left), width)]
            break
        rows += block
    card = pygame.Rect(area.x, area.y, area.w, min(area.h, height_of(rows) + 2 * pad))
    card.y = area.y + min((area.h - card.h) // 2, area.h // 6)  # high up, where reading starts

    veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    veil.fill(VEIL)
    surface.blit(veil, (0, 0))
    radius = max(8, pad)
    pygame.draw.rect(surface, WHITE, card, border_radius=radius)
    pygame.draw.rect(surface, tone, card, width=border, border_radius=radius)
    clip = surface.get_clip()
    surface.set_clip(card.inflate(-2 * border, -2 * border))  # a tiny window cuts a long problem off, never spills it
    drawn: list[tuple[str, pygame.Rect]] = []
    y = card.y + pad
    for text, font, colour, x, kind in rows:
        if kind == "gap":
            y += step // 2
            continue
        image = font.render(text, True, colour)
        if kind == "quote":
            box = pygame.Rect(card.x + pad + x - pad // 3, y, image.get_width() + 2 * (pad // 3), font.get_linesize())
            pygame.draw.rect(surface, QUOTE_FILL, box, border_radius=pad // 3)
        drawn.append((text, surface.blit(image, (card.x + pad + x, y))))
        y += font.get_linesize()
    surface.set_clip(clip)
    return drawn
