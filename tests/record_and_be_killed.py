"""Plays every lesson over and over (every wrong answer once), printing recorded=N after each
durable answer. The recording tests SIGKILL this process at random moments."""

import os
import sys
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.engine.app import App, Options  # noqa: E402
from game.speech.narration import QuietNarrator  # noqa: E402
from game.engine.pilot import Pilot  # noqa: E402
from game.authoring.tour import visit_every_screen  # noqa: E402


def report(count: int) -> None:
    sys.stdout.write(f"recorded={count}\n")
    sys.stdout.flush()


data_dir, cache_dir = Path(sys.argv[1]), Path(sys.argv[2])
app = App.create(Options(fullscreen=False, size=(640, 400), data_dir=data_dir, cache_dir=cache_dir,
                         on_recorded=report), narrator=QuietNarrator())
pilot = Pilot(app)
while True:
    for _ in visit_every_screen(pilot):
        pass
