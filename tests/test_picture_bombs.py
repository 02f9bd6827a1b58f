"""Picture bombs (issue 15, point 5): a small file declaring a huge picture is refused before decoding.

A 109 KB PNG of 30000 x 30000 pixels (built here the way an attacker would: a 1-bit picture of zeros,
which zlib squeezes a thousand times) used to pass `check` and take 4.3 GB and a 1.5 s frame when its
letter opened. Its size is in its header: `check` now names it with its line, and the game shows a
grey frame instead, never decoding it (a spy on pygame's decoder makes a regression fail at once
instead of taking the machine's memory).
"""

from __future__ import annotations

import io
import struct
import zlib

import pygame
import pytest

from game.cli import main
from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog
from game.lessons.picture_header import MAX_RASTER_BYTES, MAX_SIDE_PX, MAX_SVG_BYTES, read_header, picture_refusal
from game.authoring.tour import solve_scene
from tests.test_pictures import write_own_pictures_lesson

BOMB_SIDE = 30000


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_bomb(side: int = BOMB_SIDE) -> bytes:
    """A real, valid PNG of side x side black pixels, 1 bit each: every row is a filter byte and zeros."""
    row = bytes(1 + (side + 7) // 8)
    squeeze = zlib.compressobj(9)
    rows_at_once = 1000
    pixels = b"".join(squeeze.compress(row * min(rows_at_once, side - done)) for done in range(0, side, rows_at_once))
    pixels += squeeze.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", pixels) + _chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def bomb() -> bytes:
    data = png_bomb()
    assert len(data) < 120_000, "as small as the issue's"
    return data


def header_of(data: bytes):
    return read_header(io.BytesIO(data))


# -- the header reader ----------------------------------------------------------------------------------


def test_the_bomb_is_a_real_png_that_declares_30000_pixels(bomb):
    """The same bytes are a picture pygame reads (checked here at a safe size), and the reader sees the size."""
    small = png_bomb(64)
    assert pygame.image.load(io.BytesIO(small), "small.png").get_size() == (64, 64)
    found = header_of(bomb)
    assert (found.kind, found.width, found.height) == ("PNG", BOMB_SIDE, BOMB_SIDE)


@pytest.mark.parametrize("suffix", ["png", "jpg", "bmp", "tga"])
def test_real_pictures_saved_by_pygame_have_their_size_read(tmp_path, suffix):
    picture = pygame.Surface((123, 45))
    picture.fill((200, 120, 40))
    path = tmp_path / f"photo.{suffix}"
    pygame.image.save(picture, str(path))
    if suffix == "tga":  # no magic number: nothing the lesson pictures use, and SDL's decoder is not asked
        assert "is not a picture the game can read" in picture_refusal(path.with_suffix(".tga"))
        return
    with open(path, "rb") as file:
        found = read_header(file)
    assert (found.width, found.height) == (123, 45)
    assert picture_refusal(path) is None


def jpeg(width: int, height: int) -> bytes:
    """A JPEG's segments up to its frame header, as a camera writes them: EXIF first, then tables."""
    exif = b"Exif\x00\x00" + bytes(3000)
    tables = bytes(65)
    sof = b"\x08" + struct.pack(">HH", height, width) + b"\x03" + bytes(9)
    return (b"\xff\xd8" + b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif + b"\xff\xff"  # a fill byte
            + b"\xff\xdb" + struct.pack(">H", len(tables) + 2) + tables
            + b"\xff\xc2" + struct.pack(">H", len(sof) + 2) + sof + b"\xff\xda")


def gif(screen: tuple[int, int], frame: tuple[int, int]) -> bytes:
    colours = bytes(3 * 4)
    comment = b"\x21\xfe" + b"\x05hello" + b"\x00"
    return (b"GIF89a" + struct.pack("<HH", *screen) + b"\x81\x00\x00" + colours + comment
            + b"," + struct.pack("<HHHH", 0, 0, *frame) + b"\x00")


def bmp(width: int, height: int, info: int = 40) -> bytes:
    if info == 12:
        return b"BM" + bytes(12) + struct.pack("<IHH", 12, width, height) + bytes(8)
    return b"BM" + bytes(12) + struct.pack("<Iii", 40, width, height) + bytes(30)


def webp(kind: bytes, width: int, height: int) -> bytes:
    if kind == b"VP8 ":
        body = bytes(3) + b"\x9d\x01\x2a" + struct.pack("<HH", width, height)
    elif kind == b"VP8L":
        body = b"\x2f" + ((width - 1) | (height - 1) << 14).to_bytes(4, "little")
    else:
        body = bytes(4) + (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + 8 + len(body)) + b"WEBP" + kind + struct.pack("<I", len(body)) + body


@pytest.mark.parametrize(("data", "kind", "size"), [
    (jpeg(30000, 20000), "JPEG", (30000, 20000)),
    (jpeg(4032, 3024), "JPEG", (4032, 3024)),  # a phone photo as taken
    (gif((100, 100), (30000, 30000)), "GIF", (30000, 30000)),  # a first frame larger than its screen
    (gif((640, 480), (10, 10)), "GIF", (640, 480)),
    (bmp(30000, -30000), "BMP", (30000, 30000)),  # stored top row first
    (bmp(200, 100, info=12), "BMP", (200, 100)),
    (webp(b"VP8 ", 16000, 300), "WebP", (16000, 300)),
    (webp(b"VP8L", 9000, 9000), "WebP", (9000, 9000)),
    (webp(b"VP8X", 16383, 16383), "WebP", (16383, 16383)),
    (b"qoif" + struct.pack(">II", 50000, 2) + bytes(6), "QOI", (50000, 2)),
    (b'<?xml version="1.0"?>\n<!-- made in a drawing program -->\n<svg xmlns="http://www.w3.org/2000/svg" '
     b'width="30000" height="30000"></svg>', "SVG", (30000, 30000)),
    (b"<svg width='10in' height='5cm' viewBox='0 0 1 1'/>", "SVG", (960, 189)),
    (b'<svg viewBox="0,0,72 72"><g/></svg>', "SVG", (72, 72)),
    (b'<svg width="100%" height="100%"><g/></svg>', "SVG", (None, None)),  # drawn to fit: no size of its own
    (b'<svg width="1e999" height="1"/>', "SVG", (2 ** 31, 1)),
])
def test_headers_of_every_kind(data, kind, size):
    found = header_of(data)
    assert (found.kind, (found.width, found.height)) == (kind, size)


@pytest.mark.parametrize(("name", "data", "fragment"), [
    ("bomb.png", "png-bomb", f"is 30000 x 30000 pixels, more than the game can show safely (at most {MAX_SIDE_PX} x "
                             f"{MAX_SIDE_PX}): make it at most {MAX_SIDE_PX} pixels wide and high"),
    ("wide.png", jpeg(5000, 10), "is 5000 x 10 pixels"),
    ("huge.svg", b'<svg width="300cm" height="2cm"/>', "is 11339 x 76 pixels"),
    ("drawing.png", b'<svg width="30000" height="30000"/>', "is really an SVG drawing: rename it to end in .svg"),
    ("photo.svg", jpeg(10, 10), "is really a JPEG picture, not an SVG drawing"),
    ("cut.png", b"\x89PNG\r\n\x1a\n\x00\x00", "is a damaged PNG picture (its size cannot be read)"),
    ("cut.png", b"\xff\xd8\xff\xe0\x00\x10", "is a damaged JPEG picture"),
    ("notes.png", b"Dear parents, ...", "is not a picture the game can read"),
    ("empty.png", b"", "is not a picture the game can read"),
])
def test_refusals_say_what_and_what_to_do(tmp_path, bomb, name, data, fragment):
    path = tmp_path / name
    path.write_bytes(bomb if data == "png-bomb" else data)
    assert fragment in picture_refusal(path)


def test_a_file_too_large_for_any_allowed_picture_is_refused_unread(tmp_path):
    for name, limit in (("big.png", MAX_RASTER_BYTES), ("big.svg", MAX_SVG_BYTES)):
        path = tmp_path / name
        with open(path, "wb") as file:
            file.truncate(limit + 1)  # sparse: takes no disk
        assert "MB file, far more than any picture needs" in picture_refusal(path)


def test_the_largest_allowed_picture_passes(tmp_path):
    path = tmp_path / "board.png"
    path.write_bytes(png_bomb(MAX_SIDE_PX))
    assert picture_refusal(path) is None
    path.write_bytes(png_bomb(MAX_SIDE_PX + 1))
    assert "is 4097 x 4097 pixels" in picture_refusal(path)


# -- `play.py check` ----------------------------------------------------------------------------------


def test_check_names_the_bomb_at_its_line(tmp_path, bomb, capsys):
    lessons = write_own_pictures_lesson(tmp_path / "lessons" / "safe")
    (lessons / "our-school.png").write_bytes(bomb)
    (lessons / "circle.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="9000" height="9000"/>')
    assert main(["check", str(lessons)]) == 1
    out = capsys.readouterr().out
    lesson = lessons / "own.yaml"
    lines = lesson.read_text().splitlines()
    school_lines = [number for number, text in enumerate(lines, 1) if "our-school.png" in text]
    assert len(school_lines) == 2, "used by the story and by an answer: both named"
    for number in school_lines:
        column = lines[number - 1].index("our-school.png") + 1
        assert (f"{lesson}:{number}:{column}: error: the picture 'our-school.png' is 30000 x 30000 pixels, more than "
                f"the game can show safely (at most 4096 x 4096): make it at most 4096 pixels wide and high") in out
    assert "the picture 'circle.svg' is 9000 x 9000 pixels" in out
    assert "3 errors" in out


def test_the_game_does_not_read_picture_headers_while_loading_lessons(tmp_path, bomb, monkeypatch):
    """Start-up reads no picture: only `check`, `preview` and `storyboard` ask the loader to."""
    import game.lessons.picture_header as header

    read = []
    monkeypatch.setattr(header, "picture_refusal", lambda path: read.append(path))
    lessons = write_own_pictures_lesson(tmp_path / "safe")
    (lessons / "our-school.png").write_bytes(bomb)
    result = LessonLoader(PictureCatalog()).load(lessons / "own.yaml")
    assert result.lesson is not None and result.errors == [] and read == []
    LessonLoader(PictureCatalog(), check_picture_files=True).load(lessons / "own.yaml")
    assert {path.name for path in read} == {"our-school.png", "circle.svg"}, "each file once"


# -- the game ---------------------------------------------------------------------------------------


def test_the_game_plays_the_lesson_with_a_grey_frame_and_never_decodes_the_bomb(make_pilot, tmp_path, bomb,
                                                                             monkeypatch):
    lessons = write_own_pictures_lesson(tmp_path / "lessons" / "safe")
    bomb_path = lessons / "our-school.png"
    bomb_path.write_bytes(bomb)
    decoded: list[str] = []
    real_load = pygame.image.load

    def spy(source, *args):
        decoded.append(str(source))
        if str(source) == str(bomb_path.resolve()):
            raise pygame.error("the bomb was handed to the decoder")  # fail the test, not the machine
        return real_load(source, *args)

    monkeypatch.setattr(pygame.image, "load", spy)
    # A picture the worker cannot draw used to leave each screen waiting this long for it after a tap (2 s):
    # made longer than the pilot waits for a screen (10 s), so such a wait fails the test.
    monkeypatch.setattr("game.frame.compose.LONGEST_WAIT_SECONDS", 60.0)
    pilot = make_pilot(lesson_dirs=[lessons.parent], data_dir=tmp_path / "data")
    lesson = pilot.app.ctx.library.by_id("own-pictures")
    assert lesson is not None, "a lesson with a picture too large still loads in the game"
    pilot.tap_widget("letter-safe")
    pilot.tap_widget("lesson-own-pictures")
    pilot.shown()
    cache = pilot.app.ctx.pictures
    assert bomb_path.resolve() in cache.refused, "the story's picture was asked for, and refused"
    for scene in lesson.scenes:
        for _ in solve_scene(pilot, scene):
            pass
        pilot.tap_widget("next")
    assert pilot.scene.name == "reward", "the child finished the lesson"
    assert str(bomb_path.resolve()) not in decoded and decoded == [], "no PNG decoded at all (the other pictures are SVG)"
    kept = [(key[1], picture) for key, picture in cache._cache.items.items()
            if isinstance(key, tuple) and key[0] == bomb_path.resolve()]
    assert kept, "the picture's sizes are kept (as grey frames), so it is not asked for again each frame"
    for size, picture in kept:  # missing_picture: a grey frame, empty inside
        assert picture.get_size() == (size, size)
        assert picture.get_at((size // 2, size // 2)).a == 0 and tuple(picture.get_at((size // 2, 1)))[:3] == (200, 204, 214)
    assert cache.refused[bomb_path.resolve()].startswith("is 30000 x 30000 pixels")
    pilot.tap_widget("home")
    notices = " ".join(pilot.app.ctx.teacher_notices())
    assert ("The picture our-school.png is 30000 x 30000 pixels, more than the game can show safely (at most 4096 x "
            "4096): make it at most 4096 pixels wide and high; it is shown as a grey frame.") in notices


MAGIC = [b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR", b"\xff\xd8\xff", b"GIF89a", b"BM", b"RIFF\x00\x00\x00\x00WEBPVP8 ",
         b"RIFF\x00\x00\x00\x00WEBPVP8L", b"RIFF\x00\x00\x00\x00WEBPVP8X", b"qoif", b"<svg ", b'<svg viewBox="',
         b'<svg width="', b""]


def test_any_bytes_after_any_magic_give_a_size_or_a_message_never_a_crash():
    """Damaged and hostile headers: the reader answers or refuses (UnreadablePicture), nothing else."""
    from hypothesis import given, settings, strategies as st

    from game.lessons.picture_header import UnreadablePicture

    tails = st.binary(max_size=64) | st.sampled_from([b"nan nan nan nan\"/>", b"0 0 inf 1e999\"/>", b'1e999" height="-0"/>',
                                                       b"\xff" * 40, b"\x00" * 40, b"\xff\xc0\x00\x01", b"!\xff\x05"])

    @settings(max_examples=400, deadline=None, derandomize=True)
    @given(magic=st.sampled_from(MAGIC), tail=tails)
    def reads(magic, tail):
        try:
            found = header_of(magic + tail)
        except UnreadablePicture as problem:
            assert str(problem).startswith("is ")
            return
        assert all(side is None or (isinstance(side, int) and side >= 0) for side in (found.width, found.height))

    reads()


def test_a_named_pipe_in_a_pictures_place_is_refused_not_waited_on(tmp_path):
    import os

    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    pipe = tmp_path / "our-school.png"
    os.mkfifo(pipe)
    assert picture_refusal(pipe) == "is not an ordinary file: copy the picture itself into the lesson's folder"


def test_a_hotspot_pictures_shape_comes_from_its_header_and_a_bomb_counts_as_square(tmp_path, bomb):
    """The spots need the picture's shape (issue 19), so the game reads that one header when it loads lessons:
    a picture too large to draw is shown as a square grey frame, so its spots are laid out on a square."""
    import os

    from game.lessons.picture_header import picture_size

    wide = pygame.Surface((1200, 500))
    pygame.image.save(wide, str(tmp_path / "wide.png"))
    (tmp_path / "bomb.png").write_bytes(bomb)
    (tmp_path / "wide.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 100"/>')
    (tmp_path / "sized-by-the-screen.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (tmp_path / "folder.png").mkdir()
    assert picture_size(tmp_path / "wide.png") == (1200, 500)
    assert picture_size(tmp_path / "wide.svg") == (300, 100)
    for square in ("bomb.png", "sized-by-the-screen.svg", "folder.png", "missing.png"):
        assert picture_size(tmp_path / square) is None, square
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.png")
        assert picture_size(tmp_path / "pipe.png") is None  # not waited on
