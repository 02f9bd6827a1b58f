"""Runs play.py itself (its main: the display check, the stop signals, the frame loop), having first
answered questions as a child would until one is in the store. Prints recorded=N, then plays on in
the real frame loop until the test sends it a signal. Arguments: play.py's own.

Speech is quiet (QuietNarrator): rendering every line with espeak would only cost the test time.
"""

import os
import runpy
import sys
from pathlib import Path

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import game.engine.app  # noqa: E402
from game.engine.app import App  # noqa: E402
from game.speech.narration import QuietNarrator  # noqa: E402
from game.engine.pilot import Pilot  # noqa: E402
from game.authoring.tour import visit_every_screen  # noqa: E402

real_run = App.run


def answer_then_run(app: App) -> None:
    pilot = Pilot(app)
    pilot.lessons_read()
    pilot.shown()
    recorder = app.ctx.recorder
    handed_over = 0
    hand_over = recorder.answered

    def answered(*args, **kwargs) -> None:
        nonlocal handed_over
        handed_over += 1
        hand_over(*args, **kwargs)

    recorder.answered = answered
    screens = visit_every_screen(pilot)
    for _ in screens:
        recorder.flush()
        if recorder.recorded:
            break
    before = handed_over
    for _ in screens:  # one more answer, handed to the writer thread and not waited for
        if handed_over > before:
            break
    sys.stdout.write(f"recorded={recorder.recorded} answered={handed_over} fullscreen={app.fullscreen}\n")
    sys.stdout.flush()
    real_run(app)


game.engine.app.start_speech = lambda *args, **kwargs: QuietNarrator()
App.run = answer_then_run
sys.argv = [str(ROOT / "play.py"), *sys.argv[1:]]
runpy.run_path(str(ROOT / "play.py"), run_name="__main__")
