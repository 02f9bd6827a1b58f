"""Whole-class mode on the board: words big enough for the back row, and nothing that jumps.

On a tablet a label a little smaller than the question is fine: the child is at arm's length. On
a board the back row is eight metres away, so in whole-class mode every label is at least
``class_label_px``: the size the question text is drawn at once it wraps onto its smaller lines
(a question of one line is drawn larger, 0.08 of the short side; three lines fit at about 0.06).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import pygame

from ..engine.layout import Metrics, grid
from .widgets import Button, Label, Picture, Widget

if TYPE_CHECKING:
    from ..engine.context import Context

CLASS_LABEL = 0.06  # of the short side: 65 px on a 1920x1080 board
LABEL_SHARES = (0.28, 0.34, 0.40, 0.46, 0.52, 0.58)  # of an answer card's height given to its words, tried in turn


def class_label_px(m: Metrics) -> int:
    """The smallest text whole-class mode draws."""
    return round(m.short * CLASS_LABEL)


def label_px(widget: Widget, ctx: "Context") -> int | None:
    """The size a widget's words are drawn at (None: it has no words)."""
    if isinstance(widget, Label):
        return ctx.text.fitting_size(widget.text, widget.rect.size, widget.max_px)
    if isinstance(widget, Button) and widget.label:
        part = widget._parts().get("label")
        if part is None:
            return None
        if widget.label_px:
            return min(widget.label_px, ctx.text.fitting_size(widget.label, part.size, widget.label_px))
        return ctx.text.fitting_size(widget.label, part.size, part.h * 0.8)
    return None


def enlarge_labels(buttons: list[Button], floor: int, ctx: "Context", shares: tuple[float, ...] = LABEL_SHARES) -> None:
    """Give a row of answer cards' words enough of each card to be drawn at ``floor`` px or more
    (the picture above gives up that room), one share and one size for the whole row so it reads evenly."""
    cards = [button for button in buttons if button.label]
    if not cards:
        return
    for share in shares:
        for card in cards:
            card.label_share = share
        sizes = [ctx.text.fitting_size(card.label, card._parts()["label"].size, card._parts()["label"].h * 0.8)
                 for card in cards]
        if min(sizes) >= floor:
            break
    for card in cards:
        card.label_px = max(floor, min(sizes))


def widen_for_words(cards: list[Button], floor: int, ctx: "Context", least: int = 0) -> None:
    """A row of cards whose words cannot all be drawn at ``floor`` px in two lines in their cards ("Grandma" among five on a
    1920x1080 board): the row keeps its span, and each card gets the width its longest word needs, the rest
    shared out evenly. Nothing changes if every word fits, or if the row is too short for them all."""
    cards = sorted((card for card in cards if card.label), key=lambda card: card.rect.x)
    if len(cards) < 2:
        return
    font = ctx.text.fonts.get(floor)

    def pad(card: Button) -> int:
        return 2 * int(min(card.rect.w, card.rect.h) * 0.08) + 4  # Button._parts' inset, and a little air

    def two_lines(words: list[str]) -> int:  # the narrowest the words go in at most two lines
        return min(max(font.size(" ".join(words[:cut]))[0], font.size(" ".join(words[cut:]))[0])
                   for cut in range(1, len(words) + 1))

    needed = [max(least, two_lines(card.label.split()) + pad(card)) for card in cards]  # never under a target
    if all(need <= card.rect.w for need, card in zip(needed, cards)):
        return
    gaps = [second.rect.x - first.rect.right for first, second in zip(cards, cards[1:])]
    span = cards[-1].rect.right - cards[0].rect.x - sum(gaps)
    if sum(needed) > span:
        return
    extra = (span - sum(needed)) // len(cards)
    x = cards[0].rect.x
    for card, need, gap in zip(cards, needed, gaps + [0]):
        card.rect = pygame.Rect(x, card.rect.y, need + extra, card.rect.h)
        x = card.rect.right + gap


def one_line_row(cards: list[Button], band: pygame.Rect, gap: int, floor: int, ctx: "Context", least: int) -> None:
    """A row of cards too short for two lines of words under a picture: each card as wide as its words need
    on one line at ``floor`` px (at least ``least``), the rest of ``band``'s width shared out evenly, the row
    centred in it. Nothing changes if the words cannot all go on one line in the band."""
    cards = sorted(cards, key=lambda card: card.rect.x)
    font = ctx.text.fonts.get(floor)
    needed = []
    for card in cards:
        words = font.size(card.label or "")[0] + 4
        width = max(least, words)
        while width - 2 * int(min(width, card.rect.h) * 0.08) < words:  # Button._parts' inset grows with it
            width += 2
        needed.append(width)
    spare = band.w - sum(needed) - gap * (len(cards) - 1)
    if spare < 0:
        return
    extra = spare // len(cards)
    x = band.x
    for card, width in zip(cards, needed):
        card.rect = pygame.Rect(x, card.rect.y, width + extra, card.rect.h)
        x = card.rect.right + gap


def words_fit(card: Button, floor: int, ctx: "Context", picture_min: int = 0) -> float | None:
    """The share of ``card``'s height its words need to be drawn at ``floor`` px or more, with its picture
    still at least ``picture_min`` px (the first of ``LABEL_SHARES`` that does it); None if none does.
    A wide card (picture left, words right) has no share to choose: 0 if its words fit, else None."""
    for share in LABEL_SHARES:
        card.label_share = share
        parts = card._parts()
        label, icon = parts.get("label"), parts.get("icon")
        if icon is not None and min(icon.size) < picture_min:
            return None  # more words only shrink the picture further
        if label is None or ctx.text.fitting_size(card.label, label.size, label.h * 0.8) >= floor:
            return share
        if icon is not None and card.rect.w > card.rect.h * 1.7:
            return None  # picture left and words right: the share changes nothing
    return None


def board_slots(cards: list[Button], tray: pygame.Rect, gap: int, floor: int, ctx: "Context",
                picture_min: int, least: int, most_h: int) -> tuple[list[pygame.Rect], float]:
    """Places in ``tray`` for as many of ``cards`` at once as can each show any card's words at ``floor`` px
    (whole-class mode, where a sort's cards come a few at a time): the most places that do, in one row or
    two, each at least ``least`` px and at most ``most_h`` tall; and the share of a card its words take.
    A card is tried in each place, so any card can take any place. At worst one place, as big as the tray."""
    longest = sorted(cards, key=lambda card: -len(card.label or ""))
    for count in range(len(cards), 0, -1):
        for rows in (1, 2):
            if rows > count:
                continue
            columns = -(-count // rows)
            cells = grid(tray, count, columns, gap, max_cell=(tray.w, most_h))
            if min(cells[0].size) < least:
                continue
            share = None
            for card in longest:
                card.rect = pygame.Rect(cells[0])
                share = words_fit(card, floor, ctx, picture_min)
                if share is None:
                    break
            if share is not None:
                return cells, max(card.label_share for card in longest)
    return grid(tray, 1, 1, gap), LABEL_SHARES[-1]


def hide_answers(widgets: Iterable[Widget]) -> pygame.Rect | None:
    """Hide what an activity built for answering (its cards, and a hotspot's picture that carries them):
    the place they take is returned, to be kept for them while the class talks."""
    hidden = [widget for widget in widgets
              if isinstance(widget, Button) or (isinstance(widget, Picture) and widget.role == "decor")]
    for widget in hidden:
        widget.visible = False
        widget.enabled = False
    if not hidden:
        return None
    return hidden[0].rect.unionall([widget.rect for widget in hidden[1:]])


def free_beside(anchor: pygame.Rect, widgets: Iterable[Widget], gap: int, screen: pygame.Rect) -> pygame.Rect | None:
    """A place the size of ``anchor`` just above it, or else just left of it, clear of every visible widget."""
    taken = [widget.rect for widget in widgets if widget.visible]
    for place in (anchor.move(0, -(anchor.h + gap)), anchor.move(-(anchor.w + gap), 0)):
        if screen.contains(place) and place.collidelist(taken) == -1:
            return place
    return None
