"""Text to speech with pyttsx3, rendered to WAV files, never spoken directly.

pyttsx3 2.99 has sharp edges, all handled here and nowhere else:
- On Linux its espeak driver needs libespeak-ng. The ``espeakng-loader`` wheel
  ships one: ESPEAK_DATA_PATH must point at its data *before* the library
  starts (without it the process exits), and the library must already be
  loaded (ctypes, by its soname) when pyttsx3 looks for ``libespeak-ng.so.1``.
- ``say()`` shells out to ``aplay``: we only ever use ``save_to_file``.
- ``runAndWait()`` can return before the WAV is written: we wait for the
  ``finished-utterance`` callback and check the file.
- One utterance per ``runAndWait()``; ``startLoop(False)``/``iterate()`` crash,
  so they are never used.
- Voice and rate are set once, when the engine is made.
- The driver prints "Audio saved to ..." on every file: silenced in its module.
- espeak synthesises on its own thread and may still be "playing" just after it
  reported the last utterance finished; ``runAndWait`` then *cancels* the new
  utterance (``stop()`` sees ``IsPlaying``). We wait for espeak to be idle first,
  and retry a render that finished uncompleted or wrote no audio.
The engine belongs to the one thread that creates it (see ``worker.py``).
"""

from __future__ import annotations

import ctypes
import os
import sys
import threading
import time
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, Sequence

RENDER_TIMEOUT_SECONDS = 20.0
IDLE_TIMEOUT_SECONDS = 2.0
RENDER_ATTEMPTS = 3


class SpeechUnavailable(Exception):
    """No speech engine can be made on this computer; the message says why, for a teacher."""


class SpeechFailed(Exception):
    """The engine could not render one line."""


class SpeechEngine(Protocol):
    def render(self, text: str, path: Path) -> None:
        """Write the spoken text to a WAV file at path. Blocking; raises SpeechFailed."""


def engine_name() -> str:
    """Which pyttsx3 driver this platform uses: part of every cache key."""
    return {"win32": "sapi5", "darwin": "nsss"}.get(sys.platform, "espeak")


def prepare_espeak() -> None:
    """Make the bundled espeak-ng library and data visible before pyttsx3 loads (Linux)."""
    if engine_name() != "espeak":
        return
    try:
        import espeakng_loader
    except ImportError:
        return  # fall back to a system libespeak-ng, if there is one
    os.environ["ESPEAK_DATA_PATH"] = espeakng_loader.get_data_path()
    library = Path(espeakng_loader.get_library_path())
    for candidate in (library.with_name(library.name + ".1"), library):
        if candidate.exists():
            try:
                # Global, so pyttsx3's own load of "libespeak-ng.so.1" finds this copy.
                ctypes.CDLL(str(candidate), mode=ctypes.RTLD_GLOBAL)
                return
            except OSError:
                continue


@dataclass(frozen=True)
class VoiceInfo:
    id: str
    name: str
    languages: tuple[str, ...]


def choose_voice(voices: Sequence[VoiceInfo], wanted: str | None) -> VoiceInfo | None:
    """The teacher's chosen voice if present, else the most British English voice."""
    if wanted:
        for voice in voices:
            if wanted in (voice.id, voice.name):
                return voice

    def score(voice: VoiceInfo) -> int:
        languages = " ".join(voice.languages).lower().replace("_", "-")
        name = voice.name.lower()
        if "en-gb" in languages.split() or "great britain" in name or "united kingdom" in name or "british" in name:
            return 3
        if any(lang.startswith("en") for lang in languages.split()) or "english" in name:
            return 2
        return 0

    ranked = sorted(voices, key=score, reverse=True)
    return ranked[0] if ranked and score(ranked[0]) > 0 else (ranked[0] if ranked else None)


def _languages(raw) -> tuple[str, ...]:
    values = raw if isinstance(raw, (list, tuple)) else [raw]
    out = []
    for value in values:
        if isinstance(value, bytes):
            value = value.decode("utf-8", "ignore").lstrip("\x05")
        out.append(str(value))
    return tuple(out)


def wav_seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as file:
        return file.getnframes() / float(file.getframerate() or 1)


class Pyttsx3Engine:
    """A pyttsx3 engine that renders lines to WAV files. Make it in the thread that uses it."""

    def __init__(self, voice: str | None, rate: int) -> None:
        prepare_espeak()
        try:
            import pyttsx3

            self._engine = pyttsx3.init()
        except Exception as error:  # no driver, no library, no system voices
            raise SpeechUnavailable(f"no speech engine could start ({type(error).__name__}: {error})") from error
        self._silence_driver_prints()
        voices = [VoiceInfo(str(v.id), str(v.name or v.id), _languages(getattr(v, "languages", ())))
                  for v in (self._engine.getProperty("voices") or [])]
        self.voices = voices  # for the teacher's settings
        chosen = choose_voice(voices, voice)
        if chosen is None:
            raise SpeechUnavailable("the speech engine has no voices installed")
        self.voice = chosen
        self._engine.setProperty("voice", chosen.id)
        self._engine.setProperty("rate", int(rate))
        self._finished = threading.Event()
        self._engine.connect("finished-utterance", self._on_finished)

    def _silence_driver_prints(self) -> None:
        module = sys.modules.get("pyttsx3.drivers.espeak")
        if module is not None:
            module.print = lambda *args, **kwargs: None  # type: ignore[attr-defined]

    def _on_finished(self, name=None, completed=True) -> None:
        self._completed = bool(completed)
        self._finished.set()

    def _wait_until_idle(self) -> None:
        """espeak (only) can still be playing out the last utterance on its own thread."""
        espeak = sys.modules.get("pyttsx3.drivers._espeak")
        if espeak is None:
            return
        deadline = time.monotonic() + IDLE_TIMEOUT_SECONDS
        while espeak.IsPlaying() and time.monotonic() < deadline:
            time.sleep(0.002)

    def language_voice(self, language: str) -> VoiceInfo | None:
        """The engine's voice for a home language (espeak-ng: its language code, e.g. "pl", "ur")."""
        wanted = language.lower()
        for voice in self.voices:
            codes = [code.lower().replace("_", "-") for code in voice.languages] + [voice.id.lower().rsplit("/", 1)[-1]]
            if wanted in codes or any(code.startswith(wanted + "-") for code in codes):
                return voice
        return None

    def render(self, text: str, path: Path, language: str | None = None) -> None:
        """Speak ``text`` into ``path``; in a home language's voice when ``language`` is given (and
        back to the chosen voice after). SpeechFailed if no voice speaks that language."""
        if not language:
            return self._render(text, path)
        voice = self.language_voice(language)
        if voice is None:
            raise SpeechFailed(f"no voice for the language '{language}'")
        self._engine.setProperty("voice", voice.id)
        try:
            self._render(text, path)
        finally:
            self._engine.setProperty("voice", self.voice.id)

    def _render(self, text: str, path: Path) -> None:
        problem = "the speech engine did not finish"
        for _attempt in range(RENDER_ATTEMPTS):
            self._wait_until_idle()
            self._finished.clear()
            self._completed = False
            try:
                self._engine.save_to_file(text, str(path))
                self._engine.runAndWait()
            except Exception as error:
                raise SpeechFailed(f"{type(error).__name__}: {error}") from error
            if not self._finished.wait(RENDER_TIMEOUT_SECONDS):
                raise SpeechFailed("the speech engine did not finish")
            try:
                if self._completed and wav_seconds(path) > 0:
                    return
                problem = "the speech engine wrote an empty file"
            except (OSError, EOFError, wave.Error) as error:
                problem = f"the speech engine wrote no usable file ({error})"
        raise SpeechFailed(problem)
