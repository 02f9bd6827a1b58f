"""Speech: synthesis off the main thread, a disk cache, playback, and the narrator."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..engine.settings import Settings
from .audio import AudioOut
from .cache import SpeechCache, VoiceKey
from .narrator import SpeechNarrator
from .tts import Pyttsx3Engine, SpeechEngine, engine_name
from .worker import SpeechPipeline

AUTO_VOICE = "auto-en-GB"


def voice_key(settings: Settings) -> VoiceKey:
    return VoiceKey(engine_name(), settings.voice or AUTO_VOICE, settings.speech_rate)


def default_engine_factory(settings: Settings) -> Callable[[], SpeechEngine]:
    return lambda: Pyttsx3Engine(settings.voice, settings.speech_rate)


def start_speech(
    settings: Settings,
    cache_dir: Path,
    engine_factory: Callable[[], SpeechEngine] | None = None,
    use_audio: bool = True,
) -> SpeechNarrator:
    """The real narrator: audio if there is a device, speech if there is an engine, captions always."""
    audio, problem = AudioOut.open(cache_dir) if use_audio else (None, "switched off for this run")
    pipeline = SpeechPipeline(
        SpeechCache(cache_dir / "speech"),
        engine_factory or default_engine_factory(settings),
        audio.load if audio is not None else None,
    ).start()
    return SpeechNarrator(pipeline, audio, voice_key(settings), settings, problem)
