"""The end of a lesson: stars, a short celebration, and the rule once more."""

from __future__ import annotations

import math
import random
from typing import Callable

import pygame

from ..engine.layout import Metrics, row
from ..lessons.model import Lesson, Line
from ..lessons.letters import BY_KEY, LETTERS
from ..engine.motion import still
from .letter import rule_line, shown_lessons
from ..frame.palette import WHITE, shade
from .base import Scene
from .common import add_corner_buttons
from .certificate import certificate_line
from .widgets import Button, Label, Panel, Picture, Widget

CELEBRATION_SECONDS = 2.6
STAR_POP_SECONDS = 0.35


POP_STEPS = 24  # sizes a popping star passes through: each drawn once and kept, then reused by every star


def pop_size(side: int, scale: float) -> int:
    """A popping star's size, in steps of 1/POP_STEPS of its full size: a few sizes rendered once and
    shared by all three stars, instead of a new picture rendered in every frame of every pop."""
    step = max(1, side // POP_STEPS)
    return max(1, min(side, round(side * scale / step) * step))


def pop_sizes(side: int) -> list[int]:
    """Every size ``pop_size`` can give, smallest first."""
    step = max(1, side // POP_STEPS)
    return sorted({max(1, min(side, steps * step)) for steps in range(side // step + 2)})


class Star(Widget):
    """One of the three star slots: an earned star pops in at its turn, an unearned one shows dimmed.

    Each slot is a widget of its own, and its look is the size it is drawn at, so a frame of a pop
    repaints that one star's picture, and only when its size steps (the other two, and a star that
    has finished popping, cost nothing): at 4K the three slots are half a million pixels."""

    def __init__(self, name: str, slot: pygame.Rect, index: int, earned: bool, clock: Callable[[], float],
                 still: bool = False) -> None:
        super().__init__(name, slot)
        self.index = index
        self.earned = earned
        self.clock = clock
        self.still = still  # less movement (game/engine/motion.py): the star is there at once, full size, no pop

    @property
    def animating(self) -> bool:  # type: ignore[override]
        return self.earned and not self.still and self.clock() < STAR_POP_SECONDS * (self.index + 1)

    def update(self, dt: float) -> bool:
        return self.animating

    def _shown(self) -> tuple[bool, int] | None:
        """(earned, side) of the picture drawn now; None while an earned star waits for its turn."""
        side = self.rect.w
        if not self.earned:
            return False, int(side * 0.8)
        if self.still:
            return True, side
        grow = min(1.0, max(0.0, (self.clock() - self.index * STAR_POP_SECONDS) / STAR_POP_SECONDS))
        if grow <= 0:
            return None
        return True, pop_size(side, grow * (1.0 + 0.25 * math.sin(grow * math.pi)))

    def look(self):
        return (type(self), tuple(self.rect), self._shown())

    def areas(self) -> list[pygame.Rect]:
        shown = self._shown()
        if shown is None:
            return []
        side = shown[1]
        return [pygame.Rect(0, 0, side, side).move(self.rect.centerx - side // 2, self.rect.centery - side // 2)]

    def draw(self, surface, ctx) -> None:
        shown = self._shown()
        if shown is None:
            return
        earned, side = shown
        star_path = ctx.icon("star")
        if earned:
            image = ctx.pictures.get(star_path, side)
        else:
            image = ctx.pictures.dimmed(star_path, side, (0, 0, 0, 200), 60)
        surface.blit(image, image.get_rect(center=self.rect.center))

    def draw_soon(self, surface, ctx) -> None:
        """Every size the star passes through as it pops, smallest first (the first needed first)."""
        if self.earned:
            star_path = ctx.icon("star")
            for size in [self.rect.w] if self.still else pop_sizes(self.rect.w):
                ctx.pictures.get(star_path, size)

    def elements(self, ctx):
        from .widgets import Element

        return [Element(self.name, self.rect, "picture")]


def star_slots(box: pygame.Rect) -> list[pygame.Rect]:
    """Three square slots in a row, centred in ``box``."""
    side = min(box.h, box.w // 3)
    return row(pygame.Rect(box.x, box.centery - side // 2, box.w, side), 3, side // 6, max_width=side)


class Confetti(Widget):
    """Gentle falling confetti, then stillness (so an idle screen costs nothing)."""

    def __init__(self, name: str, box: pygame.Rect, colours, clock: Callable[[], float], seed: int = 7) -> None:
        super().__init__(name, box)
        rng = random.Random(seed)
        self.clock = clock
        self.pieces = [
            (rng.uniform(0, 1), rng.uniform(-0.6, 0.0), rng.uniform(0.25, 0.5), rng.choice(colours), rng.uniform(0, 6.28))
            for _ in range(70)
        ]
        self._placed_at: tuple[float, list] | None = None
        self._was_animating = True
        self._pieces: dict[tuple, pygame.Surface] = {}
        self._placed_rects: list[pygame.Rect] = []

    @property
    def animating(self) -> bool:  # type: ignore[override]
        return self.clock() < CELEBRATION_SECONDS

    def update(self, dt: float) -> bool:
        """True while falling, and once more as it stops, so the last pieces are cleared away."""
        animating = self.animating
        changed, self._was_animating = animating or self._was_animating, animating
        return changed

    def look(self):
        return (type(self), tuple(self.rect), self.clock() if self.animating else None)

    def areas(self) -> list[pygame.Rect]:
        """Each piece on its own: together they cover a few percent of the screen, not all of it."""
        return [rect for _, rect in self._placed()]

    def _placed(self) -> list[tuple[tuple[int, int, int], pygame.Rect]]:
        """Every piece on screen now, with its colour and place (worked out once per frame)."""
        if not self.animating:
            return []
        age = self.clock()
        if self._placed_at is not None and self._placed_at[0] == age:
            return self._placed_at[1]
        w, h = self.rect.size
        size = max(4, int(min(w, h) * 0.018))
        placed = []
        for x, y0, speed, colour, phase in self.pieces:
            y = (y0 + speed * age * 1.6) * h
            if 0 <= y <= h:
                wobble = math.sin(age * 6 + phase) * size * 1.5
                placed.append((colour, pygame.Rect(int(x * w + wobble), int(y), size, int(size * 1.6))))
        self._placed_at = (age, placed)
        self._placed_rects = [rect for _, rect in placed]
        return placed

    def draw(self, surface, ctx) -> None:
        placed = self._placed()
        if not placed:
            return
        clip = surface.get_clip()
        # A partial redraw passes here once per changed rect: draw only the pieces inside it.
        for index in clip.collidelistall(self._placed_rects):
            colour, rect = placed[index]
            surface.blit(self._piece(colour, rect.size), rect)

    def _piece(self, colour, size: tuple[int, int]) -> pygame.Surface:
        """One piece, drawn once per colour and kept: blitting it is a few microseconds, drawing a small
        rounded rect twenty (SDL fills each of its rows with a slow streaming store)."""
        key = (tuple(colour), size)
        piece = self._pieces.get(key)
        if piece is None:
            piece = pygame.Surface(size)
            key_colour = (255, 0, 255) if tuple(colour) != (255, 0, 255) else (0, 255, 0)
            piece.fill(key_colour)
            radius = max(4, int(min(self.rect.size) * 0.018)) // 3
            pygame.draw.rect(piece, colour, piece.get_rect(), border_radius=radius)
            piece.set_colorkey(key_colour)
            if pygame.display.get_surface() is not None:
                piece = piece.convert()
            self._pieces[key] = piece
        return piece

    def elements(self, ctx):
        return []


def stars_line(stars: int) -> Line:
    return Line(f"ui.reward.stars-{stars}", f"Well done! You earned {stars} star{'s' if stars != 1 else ''}.")


WORRY_BUTTON = Line("ui.worry.button", "I'd like to talk to a grown-up")
WORRY_OFFER = Line("ui.worry.offer", "If you would like to talk to a grown-up, tap the purple button.")
WORRY_THANKS = Line("ui.worry.thanks", "Thank you. A grown-up will talk with you soon.")
WORRY_WHO = Line("ui.worry.who", "Tap your animal so your teacher knows who to talk to.")


def badge_line(letter) -> Line:
    return Line(f"ui.badge.{letter.key}", f"You earned the {letter.letter} badge for {letter.word}!")


class RewardScene(Scene):
    name = "reward"
    scannable = True  # a child's screen: switch access may scan it (game/access/scanning.py)

    def __init__(self, ctx, lesson: Lesson, stars: int, first_time_finished: bool = False) -> None:
        super().__init__(ctx)
        self.lesson = lesson
        self.stars = stars
        self.letter = BY_KEY[lesson.letter]
        self.background = (shade(self.letter.colour, 0.8), (255, 244, 214))
        self.age = 0.0  # seconds since the reward appeared; survives a resize
        progress = ctx.progress
        # The lesson is recorded before this scene is made: compare with the moment before it.
        self.letter_badge = progress.letter_done(shown_lessons(ctx, lesson.letter))
        self.new_badge = self.letter_badge and first_time_finished
        self.all_badges = all(progress.letter_done(shown_lessons(ctx, item.key)) for item in LETTERS)
        self.offers_worry = lesson.letter == "tell"  # T is for Tell: a private way to ask for a grown-up
        self.worry_told = False
        self.asking_who = False  # the class's animals are being read, for the child to say who the worry is from

    def on_enter(self) -> None:
        self.ctx.narrator.say(self.narration(), effect="right")
        self.ctx.turns.lesson_finished(self.ctx)  # the teacher's setting may ask "Who's playing?" next

    def narration(self) -> list[Line]:
        lines = [stars_line(self.stars), self.lesson.rule or rule_line(self.letter)]
        if self.new_badge:
            lines.append(badge_line(self.letter))
        if self.all_badges:
            lines.append(certificate_line(self.ctx.player_name))
        if self.offers_worry:
            lines.append(WORRY_OFFER)
        return lines

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        quiet = still(self.ctx)  # less movement: no confetti, and the stars are there at once
        if not quiet:  # confetti first, so it falls behind the words and buttons, never over them
            self.add(Confetti("confetti", screen, [self.letter.colour, (255, 200, 40), (80, 190, 240), (250, 120, 160)],
                              self._age))
        add_corner_buttons(self, m)
        title = m.title_box()
        self.add(Label("well-done", title, "Well done!", int(title.h * 0.75), shade(self.letter.colour, -0.35)))
        top = m.content_top
        stars_box = pygame.Rect(m.margin, top, m.width - 2 * m.margin, int(m.height * 0.2))
        if self.letter_badge:  # the letter's medal gets its own place, right of the stars
            side = int(stars_box.h * 0.8)
            medal = pygame.Rect(stars_box.right - side, stars_box.y + (stars_box.h - side) // 2, side, side)
            self.add(Picture("badge", medal, self.ctx.icon("badge")))
            stars_box.w -= side + m.gap
        for index, slot in enumerate(star_slots(stars_box)):
            self.add(Star(f"star-{index + 1}", slot, index, index < self.stars, self._age, still=quiet))
        rule_top = top + int(m.height * 0.2) + m.gap
        buttons_h = max(m.target, int(m.height * 0.2))
        rule_box = pygame.Rect(m.margin * 3, rule_top, m.width - 6 * m.margin,
                               m.content_bottom - buttons_h - m.gap - rule_top)
        rule_text = self.lesson.rule.text if self.lesson.rule else self.letter.rule
        self.add(Panel("rule-panel", rule_box, fill=WHITE, border=self.letter.colour))
        self.add(Label("rule", rule_box.inflate(-2 * m.gap, -m.gap), rule_text, int(m.height * 0.07)))
        area = pygame.Rect(m.margin, m.content_bottom - buttons_h, m.width - 2 * m.margin, buttons_h)
        count = 2 + int(self.all_badges) + int(self.offers_worry)
        cells = row(area, count, m.gap * (3 if count < 4 else 1), max_width=int(buttons_h * 2.2))
        self.add(Button("again", cells[0], self._again, icon=self.ctx.icon("again"), label="Play again"))
        self.add(Button("more", cells[1], self._more, fill=shade(self.letter.colour, 0.75),
                        icon=self.ctx.icon("more"), label="More lessons"))
        if self.all_badges:
            self.add(Button("certificate", cells[2], self._certificate, fill=shade((236, 178, 40), 0.7),
                            icon=self.ctx.icon("certificate"), label="SMART Star!"))
        if self.offers_worry:
            worry = self.add(Button("worry", cells[-1], self._worry, fill=shade((140, 84, 220), 0.8),
                                    icon=self.ctx.icon("worry"),
                                    label=WORRY_THANKS.text if self.worry_told else WORRY_BUTTON.text))
            worry.speaks = WORRY_BUTTON.id
            if self.worry_told:
                worry.state = "right"

    def _age(self) -> float:
        return self.age

    def update(self, dt: float) -> None:
        if self.animating:
            self.age += dt
        super().update(dt)

    def _again(self) -> None:
        from .screens import screen_named

        self.ctx.stack.replace(screen_named("player")(self.ctx, self.lesson))

    def _worry(self) -> None:
        """Recorded privately for the teacher; the child hears a warm thank-you, nothing else changes.

        A worry is never from "a child somewhere": with no pupil chosen on a class tablet, the child first
        taps their animal (the question is spoken); with no class at all, the device it came from is kept."""
        if self.worry_told or self.asking_who:
            return
        player = self.ctx.recorder.player
        if player.pupil_id is None and not player.whole_class:
            from .pupils import open_picker

            def nobody_to_pick() -> None:
                self.asking_who = False
                self._tell(None)

            # The class's animals are read off the frame loop: a second tap meanwhile asks nothing more.
            self.asking_who = True
            open_picker(self.ctx, WORRY_WHO, on_pick=self._worry_from, otherwise=nobody_to_pick)
            return
        self._tell(None)

    def _worry_from(self, class_id: int, pupil_id: int, name: str, avatar: str) -> None:
        from ..progress.service import Player
        from .pupils import name_line

        self.ctx.stack.pop()  # back to this screen, where the thank-you is
        self._tell(Player(pupil_id=pupil_id, class_id=class_id), [name_line(name)])

    def _tell(self, who, first: list[Line] = ()) -> None:
        self.worry_told = True
        self.ctx.recorder.worry(self.lesson.id, who)
        self.ctx.narrator.stop()
        self.ctx.narrator.say([*first, WORRY_THANKS])
        self.rebuild()

    def _certificate(self) -> None:
        from .certificate import CertificateScene

        self.ctx.stack.push(CertificateScene(self.ctx))

    def _more(self) -> None:
        self.ctx.stack.pop_to(lambda scene: scene.name == "letter")
