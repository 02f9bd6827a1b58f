"""Small teacher dialogs: confirm, what an import did, typing a name, choosing an animal."""


from __future__ import annotations

from typing import Callable

import pygame

from ...engine.layout import Metrics, grid
from ...lessons.basics import Line
from ...frame.palette import INK, WHITE, shade
from ..base import Scene
from ..widgets import Button, Label, Panel, equalise_labels

from .common import TEACHER_BLUE


class ConfirmScene(Scene):
    """A yes/no question that must be answered: the result goes to ``on_yes`` (or nothing happens)."""

    name = "confirm"
    background = ((240, 228, 228), (250, 246, 246))

    def __init__(self, ctx, question: str, on_yes: Callable[[], None], yes: str = "Yes, erase",
                 no: str = "No, keep it") -> None:
        super().__init__(ctx)
        self.question = question
        self.on_yes = on_yes
        self.yes, self.no = yes, no

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        box = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.height // 3)
        self.add(Label("question", box, self.question, int(m.target * 0.4), INK))
        buttons = pygame.Rect(m.margin, box.bottom + m.gap, m.width - 2 * m.margin, m.target)
        no, yes = grid(buttons, 2, 2, m.gap * 3, max_cell=(m.target * 3, m.target))
        equalise_labels([self.add(Button("no", no, self.ctx.stack.pop, fill=WHITE, label=self.no)),
                         self.add(Button("yes", yes, self._yes, fill=shade((220, 90, 80), 0.7), label=self.yes))],
                        self.ctx)

    def _yes(self) -> None:
        self.ctx.stack.pop()
        self.on_yes()


class ImportResultsScene(Scene):
    """What "Import class lists" did: each list's pupils added, who was already there, and every
    file that could not be imported with its line and what to do."""

    name = "import-results"
    background = ((225, 232, 245), (245, 247, 252))
    SHOWN = 18  # lines that fit legibly at 1280x800; the rest are counted

    def __init__(self, ctx, lines: list[str]) -> None:
        super().__init__(ctx)
        from ...progress.names import shown_text

        # Every line is cleaned again: it may quote a file's name or cell, and SDL cannot draw everything.
        self.lines = [shown_text(line, 400) for line in lines]

    def narration(self) -> list[Line]:
        return []

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("import-title", m.title_box(), "Class lists", int(m.target * 0.5), TEACHER_BLUE))
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        shown = self.lines[:self.SHOWN]
        if len(self.lines) > self.SHOWN:
            shown.append(f"… and {len(self.lines) - self.SHOWN} more")
        self.add(Label("results", area, "\n".join(shown), int(m.short * 0.03), INK, align="left"))


class TextEntryScene(Scene):
    """Typing a first name (or a class name): big on-screen letters, or the keyboard."""

    name = "text-entry"
    background = ((225, 232, 245), (245, 247, 252))
    wants_keys = True
    MAX_LENGTH = 24

    NOTE_LENGTH = 200

    def __init__(self, ctx, prompt: str, on_done: Callable[[str], None], text: str = "", kind: str = "name") -> None:
        super().__init__(ctx)
        self.prompt = prompt
        self.on_done = on_done
        self.text = text
        # "name": a pupil's first name; "class": a class's name, which may have digits (Robins 1B);
        # "note": a teacher's note on a worry, kept as typed, with punctuation, a sentence or two.
        self.kind = kind
        self.max_length = self.NOTE_LENGTH if kind == "note" else self.MAX_LENGTH

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Button("cancel", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("prompt", m.title_box(), self.prompt, int(m.target * 0.35), TEACHER_BLUE))
        field_box = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, int(m.target * 0.7))
        self.add(Panel("field", field_box))
        self.add(Label("typed", field_box.inflate(-m.gap, -m.gap // 2), self.text + "|", int(field_box.h * 0.6), INK))
        keys = (list("ABCDEFGHIJKLMNOPQRSTUVWXYZ-'") + (list("0123456789") if self.kind in ("class", "note") else [])
                + (list(".,?!/") if self.kind == "note" else []) + ["space", "back", "ok"])
        pad = pygame.Rect(m.margin, field_box.bottom + m.gap, m.width - 2 * m.margin,
                          m.content_bottom - field_box.bottom - m.gap)
        for key, cell in zip(keys, grid(pad, len(keys), 11 if not m.portrait else 7, m.gap // 2)):
            if key == "back":
                self.add(Button("key-back", cell, self.delete, fill=WHITE, icon=self.ctx.icon("back")))
            elif key == "ok":
                self.add(Button("key-ok", cell, self.done, fill=shade((46, 170, 90), 0.75), icon=self.ctx.icon("right")))
            elif key == "space":
                self.add(Button("key-space", cell, lambda: self.type(" "), fill=WHITE, label="space"))
            else:
                self.add(Button(f"key-{key}", cell, lambda key=key: self._key(key), fill=WHITE, label=key))

    def _key(self, key: str) -> None:
        """A big on-screen key. In a note its capital letters become small ones, but for a sentence's first."""
        if self.kind == "note" and key.isalpha():
            start = not self.text.strip() or self.text.rstrip()[-1] in ".?!"
            key = key.upper() if start else key.lower()
        self.type(key)

    def handle(self, intent) -> None:
        if not typing_keys(self, intent):
            super().handle(intent)

    def type(self, characters: str) -> None:
        import unicodedata

        # Capitalise the first letter of each word as typed on the big letter keys. NFC first: an accent
        # typed as a letter and a combining mark is one letter (the mark alone is not a letter).
        for char in unicodedata.normalize("NFC", characters):
            if self.kind == "note":
                if len(self.text) < self.max_length and char.isprintable():
                    self.text += char  # a note is kept as the teacher typed it
                continue
            allowed = char.isalpha() or char in " -'" or (self.kind == "class" and char.isdigit())
            if len(self.text) >= self.max_length or not allowed:
                continue
            start = not self.text or self.text[-1] in " -" or self.text[-1].isdigit()  # "1B" stays "1B"
            self.text += char.upper() if start else char.lower()
        self.rebuild()

    def delete(self) -> None:
        self.text = self.text[:-1]
        self.rebuild()

    def done(self) -> None:
        from ...progress.names import clean_class_name, clean_name, clean_text

        if self.kind == "note":  # a note is not a name: punctuation stays, only what cannot be drawn goes
            note = clean_text(self.text, self.NOTE_LENGTH)[0]
            if note:
                self.ctx.stack.pop()
                self.on_done(note)
            return
        name, problem = (clean_class_name if self.kind == "class" else clean_name)(self.text)
        if name is None:
            if self.text.strip():  # an empty field: nothing to say, as before
                self.prompt = problem[0].upper() + problem[1:]
                self.rebuild()
            return
        self.ctx.stack.pop()
        self.on_done(name)


class AvatarChoiceScene(Scene):
    """Pick an animal for a pupil (never a photo)."""

    name = "avatar-choice"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx, pupil_name: str, on_choice: Callable[[str], None]) -> None:
        super().__init__(ctx)
        self.pupil_name = pupil_name
        self.on_choice = on_choice

    def build(self, screen: pygame.Rect) -> None:
        from ...cast.avatars import AVATARS

        m = Metrics.of(screen.size)
        self.add(Button("cancel", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("prompt", m.title_box(), f"An animal for {self.pupil_name}", int(m.target * 0.4), TEACHER_BLUE))
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        columns = 10 if not m.portrait else 6
        for avatar, cell in zip(AVATARS, grid(area, len(AVATARS), columns, m.gap // 2)):
            icon = self.ctx.catalog.emoji_svg(self.ctx.catalog.emoji_for_name(AVATARS[avatar]))
            self.add(Button(f"avatar-{avatar}", cell, lambda avatar=avatar: self._choose(avatar), fill=WHITE,
                            icon=icon))

    def _choose(self, avatar: str) -> None:
        self.ctx.stack.pop()
        self.on_choice(avatar)


def typing_keys(scene, intent, paste: Callable[[], None] | None = None) -> bool:
    """A typing screen's keyboard (``scene`` has ``type``, ``delete`` and ``done``): letters typed, Backspace,
    Enter, and Ctrl+V if ``paste`` is given. True if ``intent`` was a key (any other key does nothing here)."""
    from ...engine.input import KeyPress, TextTyped

    if isinstance(intent, TextTyped):
        scene.type(intent.text)
        return True
    if not isinstance(intent, KeyPress):
        return False
    if intent.key == pygame.K_BACKSPACE:
        scene.delete()
    elif intent.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
        scene.done()
    elif paste is not None and intent.key == pygame.K_v and intent.mod & (pygame.KMOD_CTRL | pygame.KMOD_META):
        paste()
    return True
