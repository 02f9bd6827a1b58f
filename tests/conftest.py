"""Headless set-up for every test: no window, no sound device, a private cache."""

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from game.app import App, Options  # noqa: E402
from game.lessons.library import BUILTIN_LESSONS_DIR  # noqa: E402
from game.narration import QuietNarrator  # noqa: E402
from game.pilot import Pilot  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def cache_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture
def make_pilot(cache_dir, tmp_path):
    """Start the real game at a size and return a pilot driving it."""
    made = []

    def start(size=(1280, 800), lesson_dirs=None, fullscreen=False, data_dir=None) -> Pilot:
        options = Options(fullscreen=fullscreen, size=size, lesson_dirs=lesson_dirs or [BUILTIN_LESSONS_DIR],
                          cache_dir=cache_dir, data_dir=data_dir or tmp_path / f"data-{len(made)}")
        pilot = Pilot(App.create(options, narrator=QuietNarrator()))
        pilot.frames(1)
        pilot.lessons_read()  # read in the background after the first frame; tests post raw events too
        pilot.shown()  # the home screen is put together over a few frames (game/compose.py)
        made.append(pilot)
        return pilot

    yield start
    for pilot in made:
        pilot.app.close()


@pytest.fixture
def pilot(make_pilot) -> Pilot:
    return make_pilot()
