"""Whole-class mode: the teacher counts a show of hands for each answer, as well as (or instead of) tapping one.

The player offers a hand button beside "next" on every question with answers; it opens this screen:
each answer's card (a tap counts one more hand), how many hands under it, and "-" to take one back. The tick records the counts
(``Recorder.hands``: one row per answer in the store's ``hands`` table) and goes back to the question,
where the teacher can still tap the class's answer to hear why it is right or not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..engine.layout import Metrics, row
from ..lessons.basics import Line
from ..frame.palette import INK, WHITE, shade
from .base import Scene
from .board import LABEL_SHARES, class_label_px, enlarge_labels, widen_for_words
from .widgets import RIGHT_GREEN, Button, Label

if TYPE_CHECKING:
    from .player import PlayerScene

HANDS_PICTURE = "✋"
HANDS_LINE = Line("ui.hands.ask", "Hands up! Who chose each answer?")
MOST_HANDS = 99  # a class, not a school


def add_hands_button(player: "PlayerScene", place: pygame.Rect) -> Button:
    counted = player.scene.id in player.hands
    button = player.add(Button("hands", place, lambda: player.ctx.stack.push(HandsScene(player.ctx, player)),
                               fill=shade(RIGHT_GREEN, 0.8) if counted else WHITE,
                               icon=player.ctx.catalog.emoji_svg(HANDS_PICTURE)))
    return button


class HandsScene(Scene):
    name = "hands"

    def __init__(self, ctx, player: "PlayerScene") -> None:
        super().__init__(ctx)
        self.player = player
        self.answers = list(player.scene.answers)
        earlier = player.hands.get(player.scene.id, {})
        self.counts: dict[str, int] = {answer.id: earlier.get(answer.id, 0) for answer in self.answers}
        self.background = player.background

    def narration(self) -> list[Line]:
        return [HANDS_LINE]

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        floor = class_label_px(m)
        self.add(Button("cancel", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Button("speaker", m.corner_button(), self.replay, fill=WHITE, icon=self.ctx.icon("speaker")))
        title = m.title_box()
        self.add(Label("hands-title", title, "Hands up! Tap an answer for each hand.", int(title.h * 0.6),
                       shade(self.player.letter.colour, -0.35)))
        nav = m.target
        done = pygame.Rect(m.width - m.margin - nav, m.content_bottom - nav, nav, nav)
        self.add(Button("hands-done", done, self.done, fill=shade(RIGHT_GREEN, 0.75), icon=self.ctx.icon("right")))
        # Below the top bar, from the left edge to the tick: as wide as the answers' words can have.
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin - nav - m.gap,
                           m.content_bottom - m.content_top)
        columns = row(area, len(self.answers), m.gap, max_width=int(m.target * 3.2))
        minus_side = max(m.target_min + 2, min(m.target, min(column.w for column in columns) // 2))
        # The count and its "-" side by side under the card (a taller card), unless the answers are too many
        # for a two-figure count at the class size beside the "-": then the count above it, as before.
        count_w = self.ctx.text.fonts.get(floor).size("99")[0] + m.gap // 2
        stacked = min(column.w for column in columns) < minus_side + m.gap // 2 + count_w
        number_h = int(floor * 1.4) if stacked else minus_side
        card_h = area.h - minus_side - m.gap - (number_h if stacked else 0)
        cards = []
        for answer, column in zip(self.answers, columns):
            # The answer's own card counts a hand each tap: the biggest target, with its picture and words.
            card = self.add(Button(f"more-{answer.id}", pygame.Rect(column.x, column.y, column.w, card_h),
                                   lambda a=answer.id: self.change(a, 1), fill=WHITE,
                                   icon=answer.picture.path if answer.picture else None, label=answer.text.text))
            card.speaks = answer.text.id
            cards.append(card)
        widen_for_words(cards, floor, self.ctx, least=m.target_min + 2)
        enlarge_labels(cards, floor, self.ctx, LABEL_SHARES + (0.64, 0.70))  # a wordy answer: three or four lines
        for answer, card in zip(self.answers, cards):
            below = card.rect.bottom + m.gap
            if stacked:
                number = pygame.Rect(card.rect.x, card.rect.bottom, card.rect.w, number_h)
                minus = pygame.Rect(card.rect.centerx - minus_side // 2, number.bottom + m.gap // 2, minus_side,
                                    minus_side)
            else:
                number = pygame.Rect(card.rect.x, below, max(1, card.rect.w - minus_side - m.gap // 2), number_h)
                minus = pygame.Rect(card.rect.right - minus_side, below, minus_side, minus_side)
            self.add(Label(f"count-{answer.id}", number, str(self.counts[answer.id]), int(number_h * 0.9), INK))
            self.add(Button(f"fewer-{answer.id}", minus, lambda a=answer.id: self.change(a, -1), fill=WHITE,
                            label="−"))

    def change(self, answer_id: str, step: int) -> None:
        self.counts[answer_id] = min(MOST_HANDS, max(0, self.counts[answer_id] + step))
        self.rebuild()

    def done(self) -> None:
        scene_id = self.player.scene.id
        self.player.hands[scene_id] = dict(self.counts)
        self.ctx.recorder.hands(self.player.attempt, scene_id, self.counts)
        self.ctx.stack.pop()
