"""Rendered speech on disk, so each line is synthesised once per voice and rate.

A file's name is a hash of everything that changes the sound: the text, the
voice, the rate and the engine. Files are written under a temporary name and
renamed into place, so a half-written file is never taken for a finished one.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class VoiceKey:
    engine: str  # e.g. "espeak", "sapi5"
    voice: str  # the teacher's chosen voice, or "auto-en-GB"
    rate: int

    def for_text(self, text: str, language: str | None = None) -> str:
        """The cache key; a home-language line (``language``, e.g. "pl") is spoken by that language's voice."""
        parts = [self.engine, self.voice, str(self.rate), text] + ([f"lang={language}"] if language else [])
        material = "\n".join(parts)
        return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


class SpeechCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.wav"

    def has(self, key: str) -> bool:
        return self.path(key).is_file()

    def temporary_path(self, key: str) -> Path:
        """A fresh file next to the final one; move it in with ``publish``."""
        final = self.path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=final.parent, prefix=".part-", suffix=".wav")
        os.close(handle)
        return Path(name)

    def publish(self, temporary: Path, key: str) -> Path:
        final = self.path(key)
        os.replace(temporary, final)
        return final
