"""The teacher's settings: voice, speed, volumes, captions, whole-class timing."""


from __future__ import annotations


import pygame

from ...engine.layout import Metrics
from ...frame.palette import INK, WHITE
from ...classroom.teacher_pin import TeacherPin
from ...classroom.turns import ASK_CHOICES, ask_words
from ..base import Scene
from ..widgets import Button, Label

from .common import TEACHER_BLUE
from . import screen_named


class SettingsScene(Scene):
    """The teacher's settings: speech, sound, captions, the class pause, and the PIN."""

    name = "settings"
    background = ((225, 232, 245), (245, 247, 252))

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        settings = self.ctx.settings
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("settings-title", m.title_box(), "Settings", int(m.target * 0.5), TEACHER_BLUE))
        rows = [
            ("voice", f"Voice: {self._voice_name()} (from next start)", 1),
            ("rate", f"Speech speed: {settings.speech_rate} words a minute (from next start)", 10),
            ("speech-volume", f"Speech volume: {round(settings.speech_volume * 100)}%", 0.1),
            ("effects-volume", f"Sound effects volume: {round(settings.effects_volume * 100)}%", 0.1),
            ("talk-seconds", f"Talk-to-your-partner pause: {settings.talk_seconds} seconds", 5),
            ("ask-who", f"Ask \u201cWho's playing?\u201d {ask_words(settings.ask_who, settings.ask_who_minutes)}", 1),
        ]
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        row_h = min(m.target, (area.h - m.gap * 6) // 7)
        for index, (key, text, step) in enumerate(rows):
            y = area.y + index * (row_h + m.gap)
            self.add(Label(f"{key}-text", pygame.Rect(area.x, y, area.w - 2 * (row_h + m.gap), row_h), text,
                           int(row_h * 0.45), INK, align="left"))
            self.add(Button(f"{key}-less", pygame.Rect(area.right - 2 * row_h - m.gap, y, row_h, row_h),
                            lambda key=key, step=step: self.change(key, -step), fill=WHITE, label="-"))
            self.add(Button(f"{key}-more", pygame.Rect(area.right - row_h, y, row_h, row_h),
                            lambda key=key, step=step: self.change(key, step), fill=WHITE, label="+"))
        y = area.y + len(rows) * (row_h + m.gap)
        third = (area.w - 2 * m.gap) // 3
        self.add(Button("captions", pygame.Rect(area.x, y, third, row_h), self.toggle_captions, fill=WHITE,
                        label=f"Captions: {'on' if settings.captions else 'off'}"))
        self.add(Button("more-voices", pygame.Rect(area.x + third + m.gap, y, third, row_h), self.toggle_all_voices,
                        fill=WHITE, label="English voices only" if self._all_voices() else "More voices"))
        self.add(Button("change-pin", pygame.Rect(area.x + 2 * (third + m.gap), y, third, row_h), self.change_pin,
                        fill=WHITE, label="Change the PIN"))

    all_voices = False  # "More voices" tapped: the engine's other languages follow the English ones

    def _english_voices(self) -> list:
        """The voices "+" and "-" step through: English ones, British first; the engine's others only after
        "More voices" (or when one of them is the voice chosen already)."""
        voices = getattr(getattr(self.ctx.narrator, "pipeline", None), "voices", [])
        english = sorted((voice for voice in voices if is_english(voice)), key=lambda voice: not is_british(voice))
        others = [voice for voice in voices if not is_english(voice)]
        if self.all_voices or not english or any(voice.id == self.ctx.settings.voice for voice in others):
            return english + others
        return english

    def _all_voices(self) -> bool:
        return len(self._english_voices()) > len([v for v in self._english_voices() if is_english(v)])

    def toggle_all_voices(self) -> None:
        self.all_voices = not self.all_voices
        self.rebuild()

    def _voice_name(self) -> str:
        chosen = self.ctx.settings.voice
        for voice in self._english_voices():
            if voice.id == chosen:
                return voice.name
        return "British English (automatic)" if not chosen else chosen

    def change(self, key: str, step: float) -> None:
        settings = self.ctx.settings
        if key == "voice":
            choices = [None] + [voice.id for voice in self._english_voices()]
            position = choices.index(settings.voice) if settings.voice in choices else 0
            settings.voice = choices[(position + int(step)) % len(choices)]
        elif key == "rate":
            settings.speech_rate = min(220, max(80, settings.speech_rate + int(step)))
        elif key == "speech-volume":
            settings.speech_volume = round(min(1.0, max(0.0, settings.speech_volume + step)), 2)
        elif key == "effects-volume":
            settings.effects_volume = round(min(1.0, max(0.0, settings.effects_volume + step)), 2)
        elif key == "talk-seconds":
            settings.talk_seconds = min(120, max(5, settings.talk_seconds + int(step)))
        elif key == "ask-who":  # never, after every lesson, after some minutes with no touch (game/classroom/turns.py)
            now = (settings.ask_who, settings.ask_who_minutes if settings.ask_who == "idle" else 5)
            position = ASK_CHOICES.index(now) if now in ASK_CHOICES else 0
            settings.ask_who, settings.ask_who_minutes = ASK_CHOICES[min(len(ASK_CHOICES) - 1,
                                                                         max(0, position + int(step)))]
        self.ctx.save_settings()
        self.rebuild()

    def toggle_captions(self) -> None:
        self.ctx.settings.captions = not self.ctx.settings.captions
        self.ctx.save_settings()
        self.rebuild()

    def change_pin(self) -> None:
        pin = TeacherPin(self.ctx.data_dir)
        pin.record.hash = ""  # in memory only: the PIN pad asks for a new one; saved when confirmed
        self.ctx.stack.push(screen_named("pin")(self.ctx, self.ctx.stack.pop, pin=pin, ask_grown_up=False))


def _tags(voice) -> list[str]:
    return [lang.lower().replace("_", "-") for lang in voice.languages]


def is_english(voice) -> bool:
    """By the voice's language tag, not its name: espeak-ng's Mandarin voice is called "Chinese (Mandarin,
    latin as English)", and matching "english" in names put it one tap of "+" from the default voice."""
    tags = _tags(voice)
    return any(tag == "en" or tag.startswith("en-") for tag in tags) or (not tags and "english" in voice.name.lower())


def is_british(voice) -> bool:
    return any(tag.startswith("en-gb") for tag in _tags(voice))
