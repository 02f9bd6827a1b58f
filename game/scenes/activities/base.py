"""What every activity shares: its record of tries, the prompt/feedback panel, the answers row."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Callable, Sequence

import pygame

from ...engine.layout import TARGET_MIN, Metrics, row
from ...lessons.model import Answer, Line
from ...frame.palette import WHITE, shade
from ..ollie import Motion, Ollie, is_ollie, motion_for
from ..widgets import RIGHT_GREEN, WRONG_AMBER, Button, Label, Panel, Picture, equalise_labels

OWL_EMOJI = "\U0001F989"  # Ollie (assets/cast.yaml)

if TYPE_CHECKING:
    from ..player import PlayerScene


@dataclass
class QuestionRecord:
    """What happened on one question: the answers tried, in order, and how it ended."""

    tries: list[str] = field(default_factory=list)
    wrong: int = 0
    solved: bool = False
    missed: set[str] = field(default_factory=set)  # the answers (a sort: the cards) that were ever wrong

    @property
    def right_first_time(self) -> bool:
        return self.solved and self.wrong == 0

    def add(self, answer_id: str, right: bool) -> None:
        self.tries.append(answer_id)
        if not right:
            self.wrong += 1
            self.missed.add(answer_id)


class Activity:
    """A lesson scene on screen. ``build`` adds widgets to the player; the player owns the chrome."""

    sized_for_board = False  # True: it meets whole-class mode's word sizes itself (else the player's _board_sizes)
    BOARD_RISE = 0.09  # of the height: how much higher the answers start when their words need taller cards

    @classmethod
    def score(cls, scene, record: QuestionRecord | None) -> Fraction:
        """How much of this question was right first time, from 0 to 1: the stars add these up
        (game/progress.py). One answer to find: all of it, or none if a wrong one came first."""
        return Fraction(1 if record is not None and record.right_first_time else 0)

    def __init__(self, player: "PlayerScene", scene) -> None:
        self.player = player
        self.scene = scene
        self.ctx = player.ctx
        self.feedback: Line | None = None  # the line showing in the feedback panel
        self.feedback_right = True
        self.risen = False  # whole-class mode: the answers start higher (taller cards, a smaller question band)

    def answers_top(self, m: Metrics, share: float) -> int:
        """Where the answers start: ``share`` of the height, or higher when ``risen``."""
        return int(m.height * (share - (self.BOARD_RISE if self.risen else 0.0)))

    @property
    def record(self) -> QuestionRecord:
        return self.player.records.setdefault(self.scene.id, QuestionRecord())

    @property
    def done(self) -> bool:
        return self.record.solved

    def scan_focus_after(self, chosen: str) -> str | None:
        """Where switch scanning's highlight goes once a switch chose the widget ``chosen`` (game/access/scanning.py):
        "next" once the question is answered; None leaves it where it is (a wrong answer: try another)."""
        return "next" if chosen.startswith("answer-") and self.done else None

    def log(self, answer_id: str, right: bool) -> None:
        """Note a try here and in the durable record (teacher mode's progress)."""
        self.record.add(answer_id, right)
        self.player.answered(self.scene.id, answer_id, right, len(self.record.tries))

    def narration(self) -> list[Line]:
        raise NotImplementedError

    def build(self, m: Metrics) -> None:
        raise NotImplementedError

    # -- helpers for subclasses ----------------------------------------------------
    def add(self, widget):
        return self.player.add(widget)

    def respond(self, feedback: Line, right: bool, effect: bool = True) -> None:
        """Show and say feedback; the player re-lays out so states show at once."""
        self.feedback = feedback
        self.feedback_right = right
        narrator = self.ctx.narrator
        narrator.stop()
        narrator.say([feedback], effect=self.effect_for(right) if effect else None)
        self.ollie_motion().react("hop" if right else "tilt")  # he shows it as the feedback comes
        self.player.rebuild()

    def ollie_motion(self) -> Motion:
        """Ollie's movement on this page (he gives the feedback), kept across rebuilds."""
        return motion_for(self.player, "ollie", None if self.feedback is not None else "greet", idle=True)

    def effect_for(self, right: bool) -> str | None:
        """The sound before feedback: the rising chime, or two calm falling notes to try again."""
        return "right" if right else "wrong"

    def banner(self) -> tuple[Line, tuple[int, int, int]] | None:
        """What the upper band shows instead of the question, and its colour: the last feedback."""
        if self.feedback is None:
            return None
        return self.feedback, RIGHT_GREEN if self.feedback_right else WRONG_AMBER

    def prompt_panel(self, m: Metrics, prompt: pygame.Rect, question: Line, with_picture: bool = True) -> None:
        """The question, or the feedback on the last answer, in the upper band."""
        if with_picture and self.scene.picture is not None:
            side = min(prompt.h, int(prompt.w * 0.28))
            inset = m.target // 2
            box = pygame.Rect(prompt.x + inset, prompt.y, side, side)
            if is_ollie(self.scene.picture):
                self.add(Ollie("ollie", box, self.scene.picture.path, self.ollie_motion(), self.player.replay,
                               tappable=side >= TARGET_MIN * m.short, tilts=True))
            else:
                self.add(Picture("question-picture", box, self.scene.picture.path))
            left = prompt.x + inset + side + m.gap
            prompt = pygame.Rect(left, prompt.y, prompt.right - left, prompt.h)
        banner = self.banner()
        if banner is None:
            self.add(Panel("question-panel", prompt))
            self.add(Label("question", prompt.inflate(-2 * m.gap, -m.gap), question.text, int(m.short * 0.08)))
        else:
            line, tint = banner
            self.add(Panel("feedback-panel", prompt, fill=shade(tint, 0.85), border=tint))
            words = prompt.inflate(-2 * m.gap, -m.gap)
            owl = self.ctx.catalog.emoji_svg(OWL_EMOJI)
            side = prompt.h - m.gap
            # Ollie only where the words keep most of the card (a tall narrow card beside a picture has no room).
            if owl is not None and not (with_picture and is_ollie(self.scene.picture)) and side <= words.w // 3:
                # Ollie gives the feedback, at the start of its card: he hops, or tilts his head to think again.
                box = pygame.Rect(prompt.x + m.gap // 2, prompt.centery - side // 2, side, side)
                self.add(Ollie("ollie", box, owl, self.ollie_motion(), self.player.replay,
                               tappable=side >= TARGET_MIN * m.short, tilts=True))
                words = pygame.Rect(box.right + m.gap // 2, words.y, words.right - box.right - m.gap // 2, words.h)
            symbol = self.banner_symbol()
            if symbol is not None:  # a tick or a cross as well as the colour: never colour alone (WCAG 1.4.1)
                side = min(words.h, int(m.short * 0.12), words.w // 4)
                mark = pygame.Rect(words.x, words.centery - side // 2, side, side)
                self.add(Picture(f"feedback-{symbol}", mark, self.ctx.ui_icons[symbol]))
                words = pygame.Rect(mark.right + m.gap, words.y, words.right - mark.right - m.gap, words.h)
            self.add(Label("feedback", words, line.text, int(m.short * 0.07)))

    def banner_symbol(self) -> str | None:
        """The mark beside the feedback: "right" (a tick) or "wrong" (the try-again cross), as on the
        answer cards, so right and try again differ in shape and not in colour alone (a sort card
        placed, the last tap of a tap-all). None: no mark."""
        return "right" if self.feedback_right else "wrong"

    def answer_area(self, m: Metrics, top: int) -> pygame.Rect:
        """The lower band for answers: beside the arrows in landscape, above them in portrait."""
        nav = m.target
        if m.portrait:
            return pygame.Rect(m.margin, top, m.width - 2 * m.margin, m.content_bottom - nav - m.gap - top)
        return pygame.Rect(m.margin + nav + m.gap, top, m.width - 2 * (m.margin + nav + m.gap),
                           m.content_bottom - top)

    def answer_buttons(self, m: Metrics, area: pygame.Rect, answers: Sequence[Answer],
                       on_press: Callable[[Answer], None], state: Callable[[Answer], str]) -> list[Button]:
        cells = row(area, len(answers), m.gap * (2 if not m.portrait else 1), max_width=int(area.h * 1.15))
        buttons = []
        for answer, cell in zip(answers, cells):
            button = self.add(Button(f"answer-{answer.id}", cell, lambda answer=answer: on_press(answer),
                                     fill=WHITE, icon=answer.picture.path if answer.picture else None,
                                     label=answer.text.text))
            button.speaks = answer.text.id
            button.state = state(answer)
            buttons.append(button)
        equalise_labels(buttons, self.ctx)
        return buttons
