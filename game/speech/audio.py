"""The audio device, if there is one: a voice channel and an effects channel."""

from __future__ import annotations

from pathlib import Path

import pygame

from .effects import EFFECTS, render_effect

VOICE_CHANNEL = 0
EFFECTS_CHANNEL = 1
# 22,050 Hz is the rate espeak-ng renders at: a cached line loads without resampling
# (0.2 ms instead of 4-6 ms of GIL-holding conversion at 44.1 kHz, which stalled frames).
MIXER_FREQUENCY = 22050
MIXER_CHANNELS = 2
MIXER_BUFFER = 256  # frames: about 12 ms


class AudioOut:
    """Plays narration and effects through pygame.mixer. ``open`` says why when it can't."""

    def __init__(self) -> None:
        frequency, _size, channels = pygame.mixer.get_init()
        pygame.mixer.set_reserved(2)
        self.voice = pygame.mixer.Channel(VOICE_CHANNEL)
        self.effects = pygame.mixer.Channel(EFFECTS_CHANNEL)
        self._effect_sounds = {
            name: pygame.mixer.Sound(buffer=render_effect(notes, frequency, channels))
            for name, notes in EFFECTS.items()
        }

    @classmethod
    def open(cls) -> tuple["AudioOut | None", str | None]:
        """The audio output, or None and a reason a teacher can act on."""
        try:
            if not pygame.mixer.get_init():
                pygame.mixer.init(frequency=MIXER_FREQUENCY, size=-16, channels=MIXER_CHANNELS,
                                  buffer=MIXER_BUFFER)
            return cls(), None
        except (pygame.error, NotImplementedError) as error:
            return None, f"no sound device was found ({error})"

    @staticmethod
    def load(path: Path) -> pygame.mixer.Sound:
        """Decode a WAV/OGG file. Safe to call from the loader thread."""
        return pygame.mixer.Sound(str(path))

    def play_voice(self, sound: pygame.mixer.Sound, volume: float) -> None:
        self.voice.set_volume(volume)
        self.voice.play(sound)

    def voice_busy(self) -> bool:
        return self.voice.get_busy()

    def stop_voice(self) -> None:
        self.voice.stop()

    def play_effect(self, name: str, volume: float) -> float:
        """Start an effect; return its length in seconds."""
        sound = self._effect_sounds[name]
        self.effects.set_volume(volume)
        self.effects.play(sound)
        return sound.get_length()

    def effect_length(self, name: str) -> float:
        return self._effect_sounds[name].get_length()
