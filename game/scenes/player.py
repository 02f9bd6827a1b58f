"""The lesson player: the chrome around one lesson scene at a time, then the reward.

The player owns what every scene shares (home, speaker, title, progress dots,
back and next); the scene's own activity (``activities/``) fills the rest.
Answers and the "next" arrow sit in the lower part of the screen, where
children can reach on a whiteboard.
"""

from __future__ import annotations

import math
import time
from typing import TYPE_CHECKING

import pygame

from ..engine.layout import Metrics, grid
from ..lessons.kinds import asks_question, import_activities, kind_of, questions
from ..lessons.model import Lesson, Line
from ..lessons.letters import BY_KEY, LETTERS
from ..progress import stars_for
from ..frame.palette import WHITE, shade
from .activities import Activity, QuestionRecord
from .base import Scene
from .common import add_corner_buttons
from .board import class_label_px, enlarge_labels, free_beside, hide_answers, label_px, one_line_row, widen_for_words
from .talk_pause import EXTRA_SECONDS, TALK_LINE, TalkPause
from .widgets import RIGHT_GREEN, Button, Dots, Label

if TYPE_CHECKING:
    from typing import Callable

    from ..progress import LeftLesson


TALK_PICTURE = "👫"  # two friends side by side

import_activities()  # every way to play, with the player (game/lessons/kinds.py names them)


class PlayerScene(Scene):
    name = "player"
    scannable = True  # a child's screen: switch access may scan it (game/access/scanning.py)
    ask_before_home = True  # home mid-lesson asks first (the preview's home only goes back to scene one)

    def __init__(self, ctx, lesson: Lesson, carry_on: "LeftLesson | None" = None) -> None:
        super().__init__(ctx)
        self.lesson = lesson
        self.letter = BY_KEY[lesson.letter]
        self.records: dict[str, QuestionRecord] = {}
        self.attempt = ""  # this play-through's id in the progress store
        self.revealed: set[str] = set()  # questions whose talk pause is over (whole-class mode)
        self.hands: dict[str, dict[str, int]] = {}  # scene id -> hands up for each answer (whole-class mode)
        self.reserved: pygame.Rect | None = None  # where the answers will be, kept for them during the pause
        self.background = (shade(self.letter.colour, 0.88), (250, 246, 232))
        index = 0
        if carry_on is not None and carry_on.lesson_id == lesson.id:
            # Back where the child stopped, with what they had answered (their stars count it) and the same
            # play-through in the store, so it ends as one attempt.
            self.records = {key: QuestionRecord(list(r.tries), r.wrong, r.solved) for key, r in carry_on.records.items()}
            self.revealed = set(carry_on.revealed)
            self.attempt = carry_on.attempt
            index = min(carry_on.index, len(lesson.scenes) - 1)
        self._show(index)

    def _show(self, index: int) -> None:
        self.index = index
        self.motions = {}  # Ollie's and the story picture's movements on this page (game/scenes/ollie.py)
        self.scene_started = time.monotonic()
        self.activity: Activity = kind_of(self.scene).activity_class()(self, self.scene)
        settings = self.ctx.settings
        pausing = settings.whole_class and asks_question(self.scene) and self.scene.id not in self.revealed
        self.talk_total = float(settings.talk_seconds) if pausing else 0.0
        self.talk_left = self.talk_total

    @property
    def talking(self) -> bool:
        """Whole-class mode, before the answers are shown."""
        return self.talk_left > 0

    @property
    def reading(self) -> bool:
        """Words are still being read out (or wait to be): the talk countdown waits for the narrator to finish."""
        narrator = self.ctx.narrator
        return narrator.busy or narrator.current is not None

    def reveal(self) -> None:
        """End the talk pause: show the answers and read them out."""
        self.talk_left = 0.0
        self.revealed.add(self.scene.id)
        self.rebuild()
        self.replay()

    def more_time(self) -> None:
        self.talk_left += EXTRA_SECONDS
        self.talk_total = max(self.talk_total, self.talk_left)
        self.dirty = True

    def wake_in(self) -> float | None:
        if not self.talking:
            return super().wake_in()  # Ollie's idle bob, if he is here
        if self.reading:
            return 0.2  # look again soon: the countdown starts when the reading ends
        return max(0.01, self.talk_left - math.ceil(self.talk_left) + 1)  # when the ring next moves

    def update(self, dt: float) -> None:
        if self.talking and not self.reading:
            # The class hears the whole question before the clock starts: the narrator has finished speaking.
            before = math.ceil(self.talk_left)
            self.talk_left -= dt
            if self.talk_left <= 0:
                self.reveal()
            elif math.ceil(self.talk_left) != before:
                self.dirty = True  # the ring moves once a second: calm, and cheap
        super().update(dt)

    @property
    def scene(self):
        return self.lesson.scenes[self.index]

    @property
    def record(self) -> QuestionRecord:
        return self.activity.record

    # -- lifecycle -----------------------------------------------------------------
    def on_enter(self) -> None:
        super().on_enter()
        self.ctx.narrator.prepare(self.lesson.spoken_lines())  # later scenes start without delay
        if not self.attempt:
            self.attempt = self.ctx.recorder.lesson_started(self.lesson.id, self.lesson.letter)

    def on_resume(self) -> None:
        super().on_resume()
        self.rebuild()  # e.g. a show of hands just recorded

    def scan_focus_after(self, chosen: str) -> str | None:
        """Where switch scanning's highlight goes after a switch chose ``chosen``: the activity says."""
        return self.activity.scan_focus_after(chosen)

    # -- leaving part-way ----------------------------------------------------------
    @property
    def part_way(self) -> bool:
        """Leaving now would lose the child's place: past the first scene, or something answered."""
        return self.index > 0 or any(record.tries for record in self.records.values())

    def home_pressed(self) -> None:
        """Home mid-lesson asks first (pictures, spoken): a stray tap must not lose the child's place."""
        if not (self.ask_before_home and self.part_way):
            self.ctx.stack.home()
            return
        from .stop_lesson import StopLessonScene

        self.ctx.stack.push(StopLessonScene(self.ctx, self))

    def leave(self) -> None:
        """Stop here and go home; "carry on" (home) reopens the lesson at this scene."""
        from ..progress import LeftLesson

        self.ctx.progress.left = LeftLesson(self.lesson.id, self.index, dict(self.records), set(self.revealed),
                                            self.attempt)
        self.ctx.stack.home()

    def cast_first(self) -> list[str]:
        return [self.lesson.id]  # its next screens (the Preparer asks for the very next one itself)

    def upcoming(self, ctx) -> list:
        """What the child may see next: this question with each answer's feedback (its words, the
        right and wrong marks), then what "next" shows (the lesson's next scene, or the reward)."""
        coming: list = []
        if asks_question(self.scene) and not self.talking and not self.activity.done:
            coming += [lambda outcome=outcome: self._after(ctx, *outcome) for outcome in self._outcomes()]
        if self.index + 1 < len(self.lesson.scenes):
            def next_scene() -> "PlayerScene":
                scratch = PlayerScene(ctx, self.lesson)
                scratch.records = dict(self.records)
                scratch.revealed = set(self.revealed)
                scratch._show(self.index + 1)
                return scratch

            coming.append(next_scene)
        else:
            def reward() -> Scene:
                from .screens import screen_named

                return screen_named("reward")(ctx, self.lesson, stars=3)

            coming.append(reward)
        return coming

    def _outcomes(self) -> list[tuple[str | None, Line, bool]]:
        """(answer tried, feedback, right) for every answer of this question (a sort: every placing)."""
        answers = getattr(self.scene, "answers", None)
        if answers is not None:
            return [(answer.id, answer.feedback, answer.right) for answer in answers]
        from .activities.sort import PLACED_RIGHT

        items = getattr(self.scene, "items", [])
        return [(None, PLACED_RIGHT, True)] + [(None, item.feedback, False) for item in items]

    def _after(self, ctx, answer_id: str | None, feedback: Line, right: bool) -> "PlayerScene":
        """A scratch copy of this scene as it will look once that answer is given (never shown)."""
        scratch = PlayerScene(ctx, self.lesson)
        scratch.records = dict(self.records)
        scratch.revealed = set(self.revealed) | {self.scene.id}
        scratch._show(self.index)
        now = self.record
        scratch.records[self.scene.id] = QuestionRecord(tries=now.tries + ([answer_id] if answer_id else []),
                                                        wrong=now.wrong + (not right), solved=right)
        scratch.activity.feedback, scratch.activity.feedback_right = feedback, right
        return scratch

    def answered(self, scene_id: str, answer_id: str, right: bool, try_number: int) -> None:
        seconds = time.monotonic() - self.scene_started
        self.ctx.recorder.answered(self.attempt, scene_id, answer_id, right, try_number, seconds)

    def narration(self) -> list[Line]:
        if self.talking:
            return [self.scene.question, TALK_LINE]
        return self.activity.narration()

    # -- actions -------------------------------------------------------------------
    def go_next(self) -> None:
        if not self.activity.done:
            return
        if self.index + 1 >= len(self.lesson.scenes):
            self._finish()
            return
        self._show(self.index + 1)
        self.rebuild()
        self.replay()

    def go_back(self) -> None:
        if self.index == 0:
            return
        self._show(self.index - 1)
        self.rebuild()
        self.replay()

    def _finish(self) -> None:
        from .screens import screen_named

        asked = questions(self.lesson.scenes)
        first_time = sum(kind_of(s).activity_class().score(s, self.records.get(s.id)) for s in asked)
        stars = stars_for(len(asked), first_time)
        first_finish = self.ctx.progress.stars(self.lesson.id) == 0
        self.ctx.progress.record(self.lesson.id, stars)  # also forgets a "carry on" into this lesson
        self.ctx.recorder.lesson_finished(self.attempt, stars)
        self.ctx.stack.replace(screen_named("reward")(self.ctx, self.lesson, stars, first_time_finished=first_finish))

    # -- layout --------------------------------------------------------------------
    def prompt_box(self, m: Metrics, below: int) -> pygame.Rect:
        """The band for the question (or feedback), from under the top bar down to ``below``."""
        return pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, below - m.gap - m.content_top)

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        add_corner_buttons(self, m)
        self.widget("home").on_press = self.home_pressed
        title = m.title_box()
        self.add(Label("lesson-title", pygame.Rect(title.x, title.y, title.w, int(title.h * 0.6)),
                       self.lesson.title.text, int(title.h * 0.4), shade(self.letter.colour, -0.35)))
        self.add(Dots("progress", pygame.Rect(title.x, title.y + int(title.h * 0.66), title.w, int(title.h * 0.3)),
                      len(self.lesson.scenes), self.index, shade(self.letter.colour, -0.1)))
        nav = m.target
        bottom = m.content_bottom
        if self.index > 0:
            self.add(Button("back", pygame.Rect(m.margin, bottom - nav, nav, nav), self.go_back,
                            icon=self.ctx.icon("back")))
        next_button = self.add(Button("next", pygame.Rect(m.width - m.margin - nav, bottom - nav, nav, nav),
                                      self.go_next, fill=shade(RIGHT_GREEN, 0.75), icon=self.ctx.icon("next")))
        before = len(self.widgets)
        self.activity.risen = False
        self.activity.build(m)
        built = self.widgets[before:]
        if self.ctx.settings.whole_class and not self.activity.sized_for_board:
            self._board_sizes(m, built)
            cards = [widget for widget in built if isinstance(widget, Button) and widget.label]
            if cards and self._smallest_words(cards) < class_label_px(m):
                # Still too small for the back row: the answers start higher, in taller cards, if that helps.
                smallest = self._smallest_words(cards)
                del self.widgets[before:]
                self.activity.risen = True
                self.activity.build(m)
                risen = self.widgets[before:]
                self._board_sizes(m, risen)
                cards = [widget for widget in risen if isinstance(widget, Button) and widget.label]
                if self._smallest_words(cards) > smallest:
                    built = risen
                else:
                    del self.widgets[before:]
                    self.widgets += built
                    self.activity.risen = False
        self.reserved = None
        if self.talking:
            next_button.visible = False
            self._build_talk_pause(m, built, next_button.rect)
            return
        next_button.visible = self.activity.done
        if self.ctx.settings.whole_class and asks_question(self.scene):
            self._add_hands_button(m, next_button.rect)

    def _board_sizes(self, m: Metrics, built: list) -> None:
        """Whole-class mode: every answer's words at least the class size (the back row reads them too)."""
        floor = class_label_px(m)
        cards = [widget for widget in built if isinstance(widget, Button) and widget.label]
        by_row: dict[tuple[int, int], list[Button]] = {}
        for card in cards:
            by_row.setdefault((card.rect.y, card.rect.h), []).append(card)  # a row of one kind of card
        for row_cards in by_row.values():
            widen_for_words(row_cards, floor, self.ctx, least=m.target_min + 2)
        for size in {card.rect.h for card in cards}:  # both rows of a two-row grid read alike
            enlarge_labels([card for card in cards if card.rect.h == size], floor, self.ctx)
        if len(by_row) == 1 and len(cards) > 1 and self._smallest_words(cards) < floor:
            self._two_rows(m, cards, floor)

    def _smallest_words(self, cards: list[Button]) -> int:
        return min(label_px(card, self.ctx) or 0 for card in cards)

    def _two_rows(self, m: Metrics, cards: list[Button], floor: int) -> None:
        """One row of answers whose words cannot be drawn at the class size (five on a 1280x800 board, or four
        wordy ones): the same answers in two rows across their whole band, picture beside words, if that
        draws them bigger; else they stay as they were."""
        before = [(card.rect, card.label_share, card.label_px) for card in cards]
        smallest = self._smallest_words(cards)
        band = self.activity.answer_area(m, min(card.rect.y for card in cards))
        cells = grid(band, len(cards), -(-len(cards) // 2), m.gap)
        for card, cell in zip(sorted(cards, key=lambda card: card.rect.x), cells):
            card.rect = pygame.Rect(cell)
        if cells[0].w <= cells[0].h * 1.7:  # words under pictures: each row's cards as wide as their words
            for top in {card.rect.y for card in cards}:
                one_line_row([card for card in cards if card.rect.y == top], band, m.gap, floor, self.ctx,
                             m.target_min + 2)
        enlarge_labels(cards, floor, self.ctx)
        if self._smallest_words(cards) <= smallest or min(min(card.rect.size) for card in cards) < m.target_min:
            for card, (rect, share, px) in zip(cards, before):
                card.rect, card.label_share, card.label_px = rect, share, px

    def _build_talk_pause(self, m: Metrics, built: list, next_place: pygame.Rect) -> None:
        """The screen as it will be once the answers show, with their place kept by the talk panel (nothing
        jumps when they appear); the teacher's "start now" where "next" will be, and +10 beside it."""
        screen = pygame.Rect(0, 0, m.width, m.height)
        place = hide_answers(built) or self.activity.answer_area(m, int(m.height * 0.54))
        band = self.activity.answer_area(m, place.y).union(place)  # the whole band, where nothing else is in it
        if band.collidelist([widget.rect for widget in self.widgets if widget.visible]) == -1:
            place = band
        self.reserved = place
        if place.collidelist([widget.rect for widget in self.widgets if widget.visible]) != -1:
            # The answers reach past the arrows (a sort's cards above them): the panel keeps between them.
            column = self.activity.answer_area(m, place.y)
            place = place.clip(pygame.Rect(column.x, place.y, column.w, place.h))
        ready = self.add(Button("ready", next_place, self.reveal, fill=shade(RIGHT_GREEN, 0.75),
                                icon=self.ctx.icon("next")))
        more = free_beside(ready.rect, self.widgets, m.gap, screen)
        panel = pygame.Rect(place)
        if more is None:  # no room beside "start now": +10 takes the right end of the answers' place
            more = pygame.Rect(place.right - m.target, place.centery - m.target // 2, m.target, m.target)
            panel.w -= m.target + m.gap
        panel_h = min(panel.h, int(panel.w / 2.4))  # picture, words and ring side by side
        panel = pygame.Rect(panel.x, panel.centery - panel_h // 2, panel.w, panel_h)
        self.add(TalkPause("talk-pause", panel, lambda: self.talk_left, lambda: self.talk_total,
                           self.ctx.catalog.emoji_svg(TALK_PICTURE), class_label_px(m)))
        self.add(Button("more-time", more, self.more_time, fill=WHITE, label=f"+{EXTRA_SECONDS}"))

    def _add_hands_button(self, m: Metrics, next_place: pygame.Rect) -> None:
        """For the teacher on the board: count a show of hands for each answer (as well as tapping one)."""
        answers = getattr(self.scene, "answers", None)
        if not answers:
            return
        place = free_beside(next_place, self.widgets, m.gap, pygame.Rect(0, 0, m.width, m.height))
        if place is None:
            return
        from .hands import add_hands_button

        add_hands_button(self, place)


def every_lesson_screen(ctx) -> "list[tuple[str, Callable[[], Scene]]]":
    """Every screen of every lesson, as (lesson id, a maker of a scratch copy), for drawing the cast ahead
    (game/frame/prepare.py ``Preparer.later``, game/cast/ahead.py): every lesson's first screen, then every
    second one and so on, each reward after its lesson's last screen. A question is made as it is once its
    answers are out (the talk pause over, in whole-class mode), where its pictures may sit otherwise."""
    from .screens import screen_named

    lessons = [lesson for letter in LETTERS for lesson in ctx.library.for_letter(letter.key)]

    def screen(lesson: Lesson, index: int, revealed: bool) -> "PlayerScene":
        scratch = PlayerScene(ctx, lesson)
        if revealed:
            scratch.revealed = {lesson.scenes[index].id}
        scratch._show(index)
        return scratch

    screens: list = []
    for index in range(max((len(lesson.scenes) for lesson in lessons), default=0) + 1):
        for lesson in lessons:
            if index < len(lesson.scenes):
                screens.append((lesson.id, lambda lesson=lesson, index=index: screen(lesson, index, False)))
                if ctx.settings.whole_class and asks_question(lesson.scenes[index]):
                    screens.append((lesson.id, lambda lesson=lesson, index=index: screen(lesson, index, True)))
            elif index == len(lesson.scenes):
                screens.append((lesson.id, lambda lesson=lesson: screen_named("reward")(ctx, lesson, stars=3)))
    return screens
