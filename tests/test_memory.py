"""Memory (issue 7): caches bounded by the window's area, backgrounds kept as one column, and a warm
start that never imports fontTools (cutting the font) or emoji (the table of every emoji's names)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pygame

from game.frame.backgrounds import Backgrounds
from game.lessons.pictures import PictureCatalog, _emoji_data_stamp
from game.frame.caches import Lru
from game.frame.fills import vertical_gradient
from game.frame.pictures import PictureCache

ROOT = Path(__file__).resolve().parents[1]


def test_pixel_caches_are_bounded_by_the_window_area():
    pygame.display.init()
    pygame.display.set_mode((640, 400))
    cache = Lru(10_000, screens=0.75)
    for number in range(200):
        cache.put(number, pygame.Surface((100, 100)))
        assert cache.pixels <= 0.75 * 640 * 400
    assert 0.75 * 640 * 400 - 100 * 100 < cache.pixels
    assert cache.get(199) is not None and cache.get(0) is None  # the oldest went first
    pictures = PictureCache()
    # two windows' worth: home and every letter's screen, which home gets ready ahead (0.95 of one)
    assert pictures._cache.screens is not None and pictures._cache.screens <= 2


def test_a_background_is_drawn_from_a_column_exactly_as_the_whole_gradient():
    pygame.display.init()
    screen = pygame.display.set_mode((640, 400))
    backgrounds = Backgrounds()
    top, bottom = (214, 236, 255), (250, 246, 232)
    whole = vertical_gradient((640, 400), top, bottom)
    backgrounds.draw(screen, (640, 400), top, bottom)
    assert pygame.image.tobytes(screen, "RGB") == pygame.image.tobytes(whole, "RGB")
    screen.fill((0, 0, 0))
    area = pygame.Rect(100, 150, 300, 120)
    backgrounds.draw(screen, (640, 400), top, bottom, area)
    assert pygame.image.tobytes(screen.subsurface(area), "RGB") == pygame.image.tobytes(whole.subsurface(area), "RGB")
    assert screen.get_at((99, 150)) == (0, 0, 0, 255)  # nothing outside the area
    other = pygame.Surface((640, 400), pygame.SRCALPHA)  # another pixel format: still drawn
    backgrounds.draw(other, (640, 400), top, bottom)
    assert other.get_at((5, 399))[:3] == whole.get_at((5, 399))[:3]
    small = pygame.Rect(500, 20, 40, 300)  # a confetti piece's rect: copied from the kept narrow tile
    screen.fill((0, 0, 0))
    backgrounds.draw(screen, (640, 400), top, bottom, small)
    assert pygame.image.tobytes(screen.subsurface(small), "RGB") == pygame.image.tobytes(whole.subsurface(small), "RGB")
    assert screen.get_at((499, 20)) == (0, 0, 0, 255)
    # What is kept is small: bands of colour, and a few tiles a fraction of the window wide.
    assert 0 < len(backgrounds._tiles) <= Backgrounds.MAX_TILES
    assert all(tile.get_width() == Backgrounds.TILE_WIDTH for tile in backgrounds._tiles.values())


def test_a_name_memo_from_another_emoji_table_is_not_believed(tmp_path):
    memo = tmp_path / "emoji-names.json"
    memo.write_text(json.dumps({"emoji": "another table", "names": {"dog face": "🐱"}}), encoding="utf-8")
    assert PictureCatalog(names_memo=memo).emoji_for_name("Dog face") == "🐶"
    stored = json.loads(memo.read_text(encoding="utf-8"))
    assert stored == {"emoji": _emoji_data_stamp(), "names": {"dog face": "🐶"}}


WARM_START = """
import json, sys
from pathlib import Path
sys.path.insert(0, {root!r})
from game.engine.app import App, Options
from game.engine.memory import tune_allocator
from game.speech.narration import QuietNarrator
app = App.create(Options(fullscreen=False, size=(640, 400), cache_dir=Path({cache!r}),
                         data_dir=Path({data!r}), record=False),
                 narrator=QuietNarrator())
app.step(1 / 60)
assert app.ctx.library.lessons
app.close()
print(json.dumps({{"fontTools": "fontTools" in sys.modules, "emoji": "emoji" in sys.modules,
                  "tuned": tune_allocator()}}))
"""


def test_a_warm_start_imports_neither_fonttools_nor_emoji(tmp_path):
    code = WARM_START.format(root=str(ROOT), cache=str(tmp_path / "cache"), data=str(tmp_path / "data"))
    env = {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1",
           "PATH": "/usr/bin:/bin"}

    def start() -> dict:
        result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout.strip().splitlines()[-1])

    cold = start()
    assert cold["fontTools"] and cold["emoji"]  # the first start cuts the font and looks the names up
    warm = start()
    assert not warm["fontTools"] and not warm["emoji"]
    if sys.platform.startswith("linux"):
        assert warm["tuned"]


def test_a_closed_game_lets_go_of_everything(tmp_path):
    """A process that starts the game again (the monkey, tools) keeps nothing of a closed one: not its
    screens and caches (set aside from the garbage collector after loading), not its picture worker."""
    import gc
    import threading
    import weakref

    from game.engine.app import App, Options
    from game.speech.narration import QuietNarrator
    from game.engine.pilot import Pilot

    app = App.create(Options(fullscreen=False, size=(640, 400), cache_dir=tmp_path / "cache",
                             data_dir=tmp_path / "data"), narrator=QuietNarrator())
    pilot = Pilot(app)
    pilot.frames(1)
    pilot.lessons_read()  # the loader thread sets what lives for the whole game aside (gc.freeze)
    pilot.tap_widget("letter-safe")  # pictures drawn by the worker
    pilot.shown()
    assert app.ctx.pictures._ahead is not None
    lanes = set(app.ctx.jobs._lanes)  # the names of its lanes of work (game/engine/jobs.py)
    assert "pictures" in lanes
    app.close()
    gone = weakref.ref(app)
    del app, pilot
    gc.collect()
    assert gone() is None, "nothing holds a closed game"
    for thread in [thread for thread in threading.enumerate() if thread.name in lanes]:
        thread.join(5)  # a lane's thread ends once its lane is idle
        assert not thread.is_alive(), f"the {thread.name} lane's thread is still there"
