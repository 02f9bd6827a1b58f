"""The audio device, if there is one: a voice channel and an effects channel.

An open audio device costs CPU even in silence: SDL's audio thread wakes for every buffer
(86 times a second here), which alone is about 0.5% of a core, more than the whole idle game
may use on a tablet's battery. So after a few silent seconds the device is closed, and it is
opened again (well under a frame) the moment anything is to be played or loaded.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
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
SUSPEND_AFTER_SECONDS = 3.0  # of silence, before the device is closed


class AudioOut:
    """Plays narration and effects through pygame.mixer. ``open`` says why when it can't."""

    def __init__(self, cache_dir: Path | None = None, suspend_after: float | None = SUSPEND_AFTER_SECONDS) -> None:
        frequency, _size, channels = pygame.mixer.get_init()
        self._reserve_channels()
        self.voice = pygame.mixer.Channel(VOICE_CHANNEL)
        self.effects = pygame.mixer.Channel(EFFECTS_CHANNEL)
        self._effect_sounds = {
            name: pygame.mixer.Sound(buffer=effect_samples(notes, frequency, channels, cache_dir))
            for name, notes in EFFECTS.items()
        }
        # SDL's disk driver (used to measure what reaches the speakers) starts a new file when reopened.
        self._suspend_after = None if _driver() == "disk" else suspend_after
        self._lock = threading.Lock()  # the speech loader thread loads sounds while the frame loop plays
        self._silent_since: float | None = None
        self.suspended = False
        self.suspensions = 0

    @staticmethod
    def _reserve_channels() -> None:
        pygame.mixer.set_reserved(2)

    @classmethod
    def open(cls, cache_dir: Path | None = None) -> tuple["AudioOut | None", str | None]:
        """The audio output, or None and a reason a teacher can act on."""
        try:
            if not pygame.mixer.get_init():
                _init_mixer()
            return cls(cache_dir), None
        except (pygame.error, NotImplementedError) as error:
            return None, f"no sound device was found ({error})"

    # -- closing the device in silence -----------------------------------------------------
    def _awake(self) -> None:
        """Open the device again if it was closed (caller holds the lock)."""
        self._silent_since = None
        if self.suspended:
            _init_mixer()
            self._reserve_channels()
            self.suspended = False

    def idle_check(self, now: float | None = None) -> None:
        """Called by the frame loop: close the device once it has been silent long enough."""
        if self._suspend_after is None or self.suspended:
            return
        now = time.monotonic() if now is None else now
        with self._lock:
            if self.voice.get_busy() or self.effects.get_busy():
                self._silent_since = None
            elif self._silent_since is None:
                self._silent_since = now
            elif now - self._silent_since >= self._suspend_after:
                self._close()

    def rest(self) -> None:
        """Close the device now if nothing is playing, not after ``SUSPEND_AFTER_SECONDS``: the caller knows
        the silence will last (auto-scanning between its steps, game/access/scanning.py). It opens on the next sound."""
        if self._suspend_after is None or self.suspended:
            return
        with self._lock:
            if not (self.voice.get_busy() or self.effects.get_busy()):
                self._close()

    def _close(self) -> None:
        """(The caller holds the lock.)"""
        pygame.mixer.quit()  # Sounds already loaded stay valid for the same format
        self.suspended = True
        self.suspensions += 1

    def wake(self) -> None:
        """Open the device now, before it is needed (a finger is down: a sound will follow)."""
        if self.suspended:
            with self._lock:
                self._awake()

    # -- playing ---------------------------------------------------------------------------
    def load(self, path: Path) -> pygame.mixer.Sound:
        """Decode a WAV/OGG file. Safe to call from the loader thread."""
        with self._lock:
            self._awake()
            return pygame.mixer.Sound(str(path))

    def play_voice(self, sound: pygame.mixer.Sound, volume: float) -> None:
        with self._lock:
            self._awake()
            self.voice.set_volume(volume)
            self.voice.play(sound)

    def voice_busy(self) -> bool:
        return not self.suspended and self.voice.get_busy()

    def stop_voice(self) -> None:
        if not self.suspended:
            self.voice.stop()

    def play_effect(self, name: str, volume: float) -> float:
        """Start an effect; return its length in seconds."""
        sound = self._effect_sounds[name]
        with self._lock:
            self._awake()
            self.effects.set_volume(volume)
            self.effects.play(sound)
        return sound.get_length()

    def effect_length(self, name: str) -> float:
        return self._effect_sounds[name].get_length()


def _init_mixer() -> None:
    pygame.mixer.init(frequency=MIXER_FREQUENCY, size=-16, channels=MIXER_CHANNELS, buffer=MIXER_BUFFER)


def _driver() -> str:
    try:
        return pygame.mixer.get_driver()
    except (AttributeError, pygame.error):
        return ""


def effect_samples(notes, frequency: int, channels: int, cache_dir: Path | None) -> bytes:
    """The effect's PCM, from the cache when it was made before: making it takes tens of
    milliseconds of pure Python, which would otherwise delay every start of the game."""
    if cache_dir is None:
        return render_effect(notes, frequency, channels)
    key = hashlib.sha256(repr((notes, frequency, channels, render_effect.__code__.co_code)).encode()).hexdigest()
    path = cache_dir / "effects" / f"{key[:24]}.pcm"
    try:
        return path.read_bytes()
    except OSError:
        pass
    samples = render_effect(notes, frequency, channels)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
        with os.fdopen(handle, "wb") as out:
            out.write(samples)
        os.replace(temporary, path)
    except OSError:
        pass  # a read-only or full cache only costs the time to make them again next start
    return samples
