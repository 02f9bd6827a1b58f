"""Settings a teacher changes once and expects to stay: kept as JSON in the data folder.

Saved atomically (write a temporary file, then rename) so a power cut can never
leave a half-written settings file; a damaged or unreadable file falls back
to the defaults instead of stopping the game.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from .private_files import private_folder

SETTINGS_FILE = "settings.json"
DEFAULT_RATE = 140  # words per minute: slower than an adult voice, for 4-7 year-olds
ASK_WHO = ("never", "lesson", "idle")  # when a class tablet asks "Who's playing?" again
FOLDER_ROLES = ("teacher", "tablet")  # what this device is when sharing through a folder (game/sync/folder.py)


@dataclass
class Settings:
    voice: str | None = None  # None: the best English (GB) voice available
    speech_rate: int = DEFAULT_RATE
    speech_volume: float = 1.0
    effects_volume: float = 0.6
    captions: bool = True
    whole_class: bool = False  # led by the teacher on the board: a talk-to-your-partner pause first
    talk_seconds: int = 20  # how long that pause lasts
    class_name: str | None = None  # on a tablet: the class whose children pick their animal to play
    school_lessons: str | None = None  # the school's own lessons folder (default: lessons/ in the data folder)
    hidden_lessons: list = field(default_factory=list)  # lesson ids the teacher has hidden
    lesson_order: list = field(default_factory=list)  # lesson ids in the teacher's order (others follow)
    # On a class tablet, when to ask "Who's playing?" again (game/classroom/turns.py): "never", after every
    # "lesson", or after ask_who_minutes with no touch ("idle"). Older files lack both: never, as before.
    ask_who: str = "never"
    ask_who_minutes: int = 5
    # Teacher mode's "Share with tablets": this PC runs the class hub (game/sync/runner.py), again at each start.
    share_with_tablets: bool = False
    tablet_name: str | None = None  # what the board's list of tablets calls this one (None: the computer's name)
    # Teacher mode's "Share through a folder" (no network program allowed): the folder's path while it is on
    # (started again with the game), and whether this device merges ("teacher") or writes ("tablet").
    shared_folder: str | None = None
    shared_folder_role: str = "tablet"
    # Forwarding statements to the trust's or local authority's LRS (game/sync/lrs.py): its xAPI address
    # and key; the secret is kept apart, in a file only this user can read (lrs.SECRET_FILE), never here.
    lrs_endpoint: str | None = None
    lrs_key: str | None = None

    @classmethod
    def load(cls, data_dir: Path) -> "Settings":
        try:
            raw = json.loads((data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        defaults = cls()
        values = {}
        for item in fields(cls):
            default = getattr(defaults, item.name)
            value = raw.get(item.name, default)
            if default is None and value is not None and not isinstance(value, str):
                value = None  # e.g. voice or class name: text or nothing
            elif default is not None and not isinstance(value, type(default)) and not (
                isinstance(default, float) and isinstance(value, int)
            ):
                value = default  # a hand-edited file with a wrong type: keep the default
            values[item.name] = value
        for name in ("hidden_lessons", "lesson_order"):
            values[name] = [item for item in values[name] if isinstance(item, str)]
        settings = cls(**values)
        settings.speech_rate = min(260, max(60, int(settings.speech_rate)))
        settings.speech_volume = min(1.0, max(0.0, float(settings.speech_volume)))
        settings.effects_volume = min(1.0, max(0.0, float(settings.effects_volume)))
        settings.talk_seconds = min(180, max(5, int(settings.talk_seconds)))
        if settings.ask_who not in ASK_WHO:
            settings.ask_who = "never"  # a hand-edited file with a word we do not know: as before
        settings.ask_who_minutes = min(60, max(1, int(settings.ask_who_minutes)))
        if settings.shared_folder_role not in FOLDER_ROLES:
            settings.shared_folder_role = "tablet"  # a word we do not know: the side that only adds its own file
        return settings

    def save(self, data_dir: Path) -> None:
        private_folder(data_dir)  # mkstemp makes the file itself 0600
        handle, temp_name = tempfile.mkstemp(dir=data_dir, prefix=".settings-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(asdict(self), file, indent=2)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp_name, data_dir / SETTINGS_FILE)
        except BaseException:
            Path(temp_name).unlink(missing_ok=True)
            raise
