"""Headless set-up for every test: no window, no sound device, a private cache."""

import os
import shutil
import sys
import tempfile

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

# Tests never write into the user's own folders: a test (or a play.py it starts) that forgets
# --data-dir/--cache-dir gets these throw-away ones, which platformdirs (game.engine.app.default_cache_dir
# and default_data_dir) finds through the environment, inherited by every subprocess.
USER_FOLDERS_SANDBOX = tempfile.mkdtemp(prefix="smart-stars-tests-")
for _name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME",
              "WIN_PD_OVERRIDE_LOCAL_APPDATA", "WIN_PD_OVERRIDE_APPDATA"):  # Windows: platformdirs' own override
    os.environ[_name] = os.path.join(USER_FOLDERS_SANDBOX, _name.lower())
if sys.platform == "darwin":
    os.environ["HOME"] = USER_FOLDERS_SANDBOX  # platformdirs uses ~/Library there

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from game.engine.app import App, Options  # noqa: E402
from game.lessons.library import BUILTIN_LESSONS_DIR  # noqa: E402
from game.speech.narration import QuietNarrator  # noqa: E402
from game.engine.pilot import Pilot  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def pytest_unconfigure(config) -> None:
    shutil.rmtree(USER_FOLDERS_SANDBOX, ignore_errors=True)


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
        pilot.progress_answered()  # a class tablet's animals are read from the store off the frame loop
        pilot.shown()  # the home screen is put together over a few frames (game/frame/compose.py)
        made.append(pilot)
        return pilot

    yield start
    for pilot in made:
        pilot.app.close()


@pytest.fixture
def pilot(make_pilot) -> Pilot:
    return make_pilot()
