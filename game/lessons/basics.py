"""The two value types every screen uses: words to show and speak, and where a picture comes from.

They live apart from the rest of the lesson model (game/lessons/model.py, which re-exports them) so
that the first screen can be shown before the model's many types are built: those are made on the
thread that reads the lessons, after the first frame (issue 7: start-up).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Line:
    """Words the game shows and speaks. The id is stable, for narration and translation."""

    id: str
    text: str
    audio: Path | None = None  # a recording (e.g. the teacher's voice) to play instead of synthesis
    source_line: int = field(default=0, compare=False)  # where it is written, for content warnings
    lang: str | None = None  # None: English; else a home language's code (game/languages): its voice speaks it


@dataclass(frozen=True)
class PictureRef:
    """Where a picture comes from: an OpenMoji SVG or a file next to the lesson."""

    path: Path
    label: str  # what the author wrote, for messages and alt text
