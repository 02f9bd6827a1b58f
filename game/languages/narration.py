"""Narration in two languages: each line in the home language and then in English (or one, as set).

A thin layer over the real narrator (or QuietNarrator in tests): scenes still hand it English lines;
with a home language on, each becomes the translated line (``Line.lang`` set, so the speech worker
uses that language's voice, or its recording) followed by the English. Everything else, including
never blocking the frame loop, is the narrator's own: this only rewrites the list of lines.
"""

from __future__ import annotations

from typing import Sequence

from ..lessons.basics import Line


class BilingualNarrator:
    def __init__(self, inner) -> None:
        self.inner = inner
        self.home = None  # a HomeLanguage, or None: English only
        self._english: dict[tuple[str, str], str] = {}  # (id, home text) -> the English it stands for

    def _expand(self, lines: Sequence[Line]) -> list[Line]:
        if self.home is None:
            return list(lines)
        out: list[Line] = []
        for line in lines:
            for said in self.home.spoken(line):
                if said.lang is not None:
                    self._english[(said.id, said.text)] = line.text
                out.append(said)
        return out

    def say(self, lines: Sequence[Line], effect: str | None = None) -> None:
        self.inner.say(self._expand(lines), effect)

    def prepare(self, lines: Sequence[Line]) -> None:
        self.inner.prepare(self._expand(lines))

    @property
    def caption(self) -> str | None:
        """A home-language line's caption is its English (drawn with the translation under it), so a
        line already on screen is not captioned again, and the caption's font always has its letters."""
        caption = self.inner.caption
        current = self.inner.current
        if caption is not None and current is not None and current.lang is not None:
            return self._english.get((current.id, current.text), caption)
        return caption

    def __getattr__(self, name: str):  # current, version, busy, stop, update, spoken, pipeline...
        return getattr(self.inner, name)
