"""What the game's start imports before its first frame (bench/startup.py measures the time it takes).

Each module the first frame does not need, imported before it, costs every start a few milliseconds
(making a dataclass alone takes some 0.4 ms): the progress commands' fourteen were most of what made
the start some 20 ms slower than 5220d66's. These are imported where they are first used instead, or
after the first frame: a change that pulls one back into the start fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from game.progress.store import STORE_FILE, ProgressStore

ROOT = Path(__file__).resolve().parents[1]

# Modules the home screen's first frame does not need, and where they are imported instead.
NOT_BEFORE_THE_FIRST_FRAME = {
    "game.progress.commands": "with the screens a lesson opens, after the first frame (app.settle_after_loading)",
    "game.progress.queries": "on the progress worker, when a teacher screen first asks",
    "game.sync.xapi": "on the progress worker, with the first record written",
    "game.sync.runner": "just after the first frame, on the frame loop (app.start_sharing)",
    "game.sync.client": "on the sharing lane, for a tablet that has joined a class hub",
    "game.sync.hub": "on the sharing lane, on a PC sharing with tablets",
    "game.sync.discovery": "by the sharing screen, looking for a class hub",
    "game.sync.folder": "on the sharing lane, sharing through a folder",
    "game.sync.ledger": "by the hub or the folder",
    "game.sync.lrs": "where statements go on to an LRS",
    "aiohttp": "by the hub and the client",
    "zeroconf": "by the hub's advert and the hub finder",
    "asyncio": "by the hub and the client",
    "game.lessons.loader": "on the lessons lane, after the first frame",
    "yaml": "on the lessons lane",
    "jsonschema": "on the lessons lane",
    "emoji": "on the lessons lane, where the emoji names are not cached",
    "game.native.capabilities": "on the lessons lane (the report logged at start)",
    "game.languages.po": "by `play.py translate`",
    "polib": "by `play.py translate`",
    "game.scenes.player": "after the first frame (app.settle_after_loading)",
    "game.scenes.reward": "after the first frame (app.settle_after_loading)",
    "game.scenes.teacher.menu": "when teacher mode opens",
    "game.progress.overview": "by the teacher's overview, on the progress worker",
    "game.progress.export": "by the teacher's exports",
    "game.authoring": "by the authoring tools",
    "resvg_py": "in the cast's own render process, never in the game's",
    "concurrent.futures": "by the cast's renderer, with the first cast picture asked for",
    "statistics": "not by the frame pipeline (game/frame/paint_rate.py: its own median)",
    "fractions": "with the activities' scores, after the first frame",
    "decimal": "not before the first frame (statistics and fractions import it)",
}

# As play.py starts the game (game/cli.py), recording the modules imported when the first frame has been shown
# (the App starts reading the lessons at that moment: PendingLibrary.start), then waiting for the lessons.
GAME = """
import json, sys
sys.path.insert(0, {root!r})
from game.cli import parse, play_options
from game.engine.app import App
from game.lessons import pending

at_first_frame = []
start_reading = pending.PendingLibrary.start


def first_frame_shown(self):
    at_first_frame.append(sorted(sys.modules))  # the first call: the frame loop's, once the first frame is shown
    start_reading(self)


pending.PendingLibrary.start = first_frame_shown
options = play_options(parse(["--windowed", "--size", "1280x800", "--data-dir", {data!r}, "--cache-dir", {cache!r}]))


def ready():
    app.ctx.library  # the lessons are read, and what comes with them imported
    app.quit()


options.on_ready = ready
app = App.create(options)
app.run()
print(json.dumps({{"first_frame": at_first_frame, "lessons_read": sorted(sys.modules)}}))
"""


def test_the_first_frame_imports_nothing_it_does_not_need(tmp_path, cache_dir):
    (tmp_path / "data").mkdir()
    ProgressStore(tmp_path / "data" / STORE_FILE).close()  # a tablet played on before (a new store is made at once)
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "PYGAME_HIDE_SUPPORT_PROMPT": "1"}
    code = GAME.format(root=str(ROOT), data=str(tmp_path / "data"), cache=str(cache_dir))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    at_first_frame = set(seen["first_frame"][0])
    assert "game.scenes.home" in at_first_frame  # the snapshot is the home screen's start, not an empty one
    early = {name: where for name, where in NOT_BEFORE_THE_FIRST_FRAME.items()
             if any(module == name or module.startswith(name + ".") for module in at_first_frame)}
    assert not early, "imported before the first frame; each belongs elsewhere: " + "; ".join(
        f"{name} ({where})" for name, where in sorted(early.items()))
    # What the start leaves out is ready before a child can start a lesson: the first record does not pay for
    # the commands on the frame loop.
    later = set(seen["lessons_read"])
    assert {"game.progress.commands", "game.scenes.player", "game.scenes.reward"} <= later
