"""`play.py storyboard`: a lesson's scenes on printable A4 pages (PDF or PNG), for planning and review."""

import io
import math
import re
import subprocess
import sys
import zlib
from pathlib import Path

import pygame
import pytest

from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
from game.lessons.loader import LessonLoader
from game.lessons.kinds import KINDS
from game.lessons.pictures import PictureCatalog
from game.authoring.storyboard import PAGE_PX, PER_PAGE, make_pages, png_paths, run_storyboard, scene_words

ROOT = Path(__file__).resolve().parents[1]
PARK = BUILTIN_LESSONS_DIR / "meeting" / "lets-meet-at-the-park.yaml"
PROBLEM = r".+:\d+(:\d+)?: (error|warning): "  # file:line (and column): as `check` prints them
ALL_KINDS = ROOT / "tests" / "lessons_all_kinds" / "tell" / "all-kinds.yaml"


def storyboard(*args, cache_dir):
    result = subprocess.run([sys.executable, str(ROOT / "play.py"), "storyboard", *map(str, args),
                             "--cache-dir", str(cache_dir)], capture_output=True, text=True, cwd=ROOT, timeout=120)
    return result.returncode, result.stdout, result.stderr


def load(path: Path):
    result = LessonLoader(PictureCatalog()).load(path)
    assert result.lesson is not None, result.problems
    return result.lesson


def pdf_objects(data: bytes) -> dict[int, bytes]:
    """Check the PDF's frame (header, cross-reference table, trailer) and return its objects by number."""
    assert data.startswith(b"%PDF-1.4\n")
    assert data.endswith(b"%%EOF\n")
    xref_at = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert data[xref_at:].startswith(b"xref\n")
    lines = data[xref_at:].split(b"\n")
    first, count = map(int, lines[1].split())
    assert first == 0 and lines[2] == b"0000000000 65535 f "
    trailer = data[data.index(b"trailer", xref_at):]
    assert f"/Size {count}".encode() in trailer and b"/Root 1 0 R" in trailer
    objects = {}
    for number in range(1, count):
        offset, generation, kind = lines[2 + number].split()
        assert (generation, kind) == (b"00000", b"n")
        start = int(offset)
        assert data[start:].startswith(f"{number} 0 obj\n".encode()), f"object {number}'s offset is wrong"
        objects[number] = data[start:data.index(b"\nendobj\n", start)]
    return objects


def check_page_images(objects: dict[int, bytes], pages: int) -> None:
    """Each page shows one full-page A4 image whose pixels decompress to the page's size."""
    assert f"/Count {pages}".encode() in objects[2]
    kids = re.search(rb"/Kids \[([^\]]*)\]", objects[2]).group(1).split(b" R")
    assert len([kid for kid in kids if kid.strip()]) == pages
    images = [body for body in objects.values() if b"/Subtype /Image" in body]
    assert len(images) == pages
    for body in images:
        assert f"/Width {PAGE_PX[0]} /Height {PAGE_PX[1]}".encode() in body
        length = int(re.search(rb"/Length (\d+)", body).group(1))
        stream = body[body.index(b"stream\n") + 7:]
        assert stream[length:] == b"\nendstream"
        assert b"/FlateDecode" in body, "lossless, so the small print stays sharp"
        rows = zlib.decompress(stream[:length])
        assert len(rows) == PAGE_PX[1] * (1 + 3 * PAGE_PX[0])  # a filter byte, then RGB, per row
    for body in objects.values():
        if b"/Type /Page " in body:
            assert b"/MediaBox [0 0 842 595]" in body  # A4 landscape


def luminance_spread(image: pygame.Surface, box: pygame.Rect | None = None) -> float:
    """The standard deviation of brightness over a grid of sample points: near 0 for a blank area."""
    box = box or image.get_rect()
    samples = []
    for y in range(box.y, box.bottom, 9):
        for x in range(box.x, box.right, 9):
            r, g, b, *_ = image.get_at((x, y))
            samples.append(0.3 * r + 0.59 * g + 0.11 * b)
    mean = sum(samples) / len(samples)
    return math.sqrt(sum((s - mean) ** 2 for s in samples) / len(samples))


def test_pdf_of_a_built_in_lesson_has_a_page_per_four_scenes(tmp_path, cache_dir):
    lesson = load(PARK)
    out = tmp_path / "boards" / "park.pdf"
    code, stdout, stderr = storyboard(PARK, "--out", out, cache_dir=cache_dir)
    assert code == 0, stderr
    assert "Traceback" not in stdout + stderr
    pages = math.ceil(len(lesson.scenes) / PER_PAGE)
    assert pages == 2
    assert f"wrote {out} ({pages} pages" in stdout
    check_page_images(pdf_objects(out.read_bytes()), pages)
    assert not list(out.parent.glob("*.part*")), "no half-written file is left behind"


def test_png_pages_of_every_scene_kind(tmp_path, cache_dir):
    lesson = load(ALL_KINDS)
    kinds = {scene.kind for scene in lesson.scenes} | {scene.kind for scene in load(PARK).scenes}
    assert kinds == set(KINDS), "with the park lesson's story and choose scenes: every way to play"
    log, err = io.StringIO(), io.StringIO()
    out = tmp_path / "all.png"
    assert run_storyboard(ALL_KINDS, out, (1280, 800), log, err, cache_dir) == 0, err.getvalue()
    pages = math.ceil(len(lesson.scenes) / PER_PAGE)
    written = png_paths(out, pages)
    assert [path.name for path in written] == [f"all-{n}.png" for n in range(1, pages + 1)]
    assert not out.exists(), "more than one page: numbered files only"
    for path in written:
        assert f"wrote {path}\n" in log.getvalue()
        image = pygame.image.load(str(path))
        assert image.get_size() == PAGE_PX == (1754, 1240), "A4 landscape at 150 dpi"
        assert luminance_spread(image) > 20
    assert "left off" not in err.getvalue()
    # The last page holds the one scene left over: its first cell has a screen and words, the second is empty.
    last = pygame.image.load(str(written[-1]))
    assert len(lesson.scenes) % PER_PAGE == 1
    assert luminance_spread(last, pygame.Rect(64, 260, 780, 380)) > 20
    assert luminance_spread(last, pygame.Rect(960, 260, 730, 380)) < 1


def test_png_and_pdf_of_a_small_lesson_are_one_page(tmp_path, cache_dir):
    folder = tmp_path / "tell"
    folder.mkdir()
    text = ALL_KINDS.read_text(encoding="utf-8")
    small = text[:text.index("  - id: spot\n")]  # the thumbs and sort scenes only
    (folder / "small.yaml").write_text(small, encoding="utf-8")
    code, stdout, stderr = storyboard(folder / "small.yaml", "--out", tmp_path / "small.png", "--size", "1920x1080",
                                      cache_dir=cache_dir)
    assert code == 0, stderr
    assert stdout.splitlines()[0] == f"wrote {tmp_path / 'small.png'}"
    assert pygame.image.load(str(tmp_path / "small.png")).get_size() == PAGE_PX
    code, stdout, stderr = storyboard(folder / "small.yaml", "--out", tmp_path / "small.pdf", cache_dir=cache_dir)
    assert code == 0, stderr
    check_page_images(pdf_objects((tmp_path / "small.pdf").read_bytes()), 1)


def test_every_spoken_word_of_every_built_in_lesson_is_on_the_page():
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    for lesson in library.lessons + [load(ALL_KINDS)]:
        for scene in lesson.scenes:
            words = scene_words(scene)
            printed = " ".join(said.text for said in words)
            for line in scene.spoken_lines():
                assert line.text in printed, f"{lesson.id}/{scene.id}: {line.text!r} is missing"
            marks = [said.mark for said in words if said.mark]
            if scene.kind == "feelings":  # a feeling is never wrong: the faces that fit best are ticked, no cross
                assert marks == ["right" for answer in scene.answers if answer.right]
            elif scene.kind not in ("story", "sort"):
                assert marks == ["right" if answer.right else "wrong" for answer in scene.answers]


def test_the_words_of_every_built_in_lesson_fit_their_boxes(cache_dir):
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    longest = max(library.lessons, key=lambda lesson: sum(len(line.text) for line in lesson.spoken_lines()))
    from game.authoring.storyboard import render_pages, screenshots

    shots, ctx = screenshots(longest, (1280, 800), cache_dir)
    for lesson in library.lessons:
        stand_in = [shots[0]] * len(lesson.scenes)  # the words, not what is on the screens, decide what fits
        pages, cut = render_pages(ctx, lesson, stand_in, lesson.path.name, (1280, 800))
        assert cut == [], f"{lesson.id}: the words of {cut} do not fit"
        assert len(pages) == math.ceil(len(lesson.scenes) / PER_PAGE)


def test_a_broken_lesson_is_listed_like_check_and_nothing_is_written(tmp_path, cache_dir):
    broken = tmp_path / "broken.yaml"
    text = PARK.read_text(encoding="utf-8").replace("    kind: choose\n", "    kind: chose\n", 1)
    broken.write_text(text, encoding="utf-8")
    checked = subprocess.run([sys.executable, str(ROOT / "play.py"), "check", str(broken)],
                             capture_output=True, text=True, cwd=ROOT, timeout=60).stdout
    expected = [line for line in checked.splitlines() if re.match(PROBLEM, line)]
    assert expected and expected[0].startswith(f"{broken}:{text.splitlines().index('    kind: chose') + 1}:")
    for out in (tmp_path / "out" / "board.pdf", tmp_path / "out" / "board.png"):
        code, stdout, stderr = storyboard(broken, "--out", out, cache_dir=cache_dir)
        assert code == 1
        assert "Traceback" not in stdout + stderr
        assert [line for line in stdout.splitlines() if re.match(PROBLEM, line)] == expected
        assert "nothing was written" in stderr
        assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("target, message", [
    ("missing.yaml", "there is no lesson file here"),
    ("empty", "is a folder with no lesson files"),
    ("two", "is a folder with 2 lesson files"),
])
def test_a_missing_file_or_a_folder_without_one_lesson_is_a_clear_message(tmp_path, cache_dir, target, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "two").mkdir()
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / "two" / name).write_text(PARK.read_text(encoding="utf-8"), encoding="utf-8")
    code, stdout, stderr = storyboard(tmp_path / target, "--out", tmp_path / "board.pdf", cache_dir=cache_dir)
    assert code == 2
    assert "Traceback" not in stdout + stderr
    assert message in stderr
    assert not (tmp_path / "board.pdf").exists()


def test_a_folder_with_one_lesson_is_that_lesson(tmp_path, cache_dir):
    code, stdout, stderr = storyboard(ALL_KINDS.parents[1], "--out", tmp_path / "all.pdf", cache_dir=cache_dir)
    assert code == 0, stderr
    check_page_images(pdf_objects((tmp_path / "all.pdf").read_bytes()), math.ceil(len(load(ALL_KINDS).scenes) / 4))


def test_only_pdf_or_png(tmp_path, cache_dir):
    code, _, stderr = storyboard(PARK, "--out", tmp_path / "board.jpg", cache_dir=cache_dir)
    assert code == 2 and ".pdf" in stderr and ".png" in stderr
    assert not list(tmp_path.iterdir())


def test_nothing_is_recorded_and_nothing_is_said(tmp_path, cache_dir, monkeypatch):
    """The lesson is played through to the end, yet the data folder is never touched and no speech starts."""
    import game.speech

    def no_speech(*args, **kwargs):
        raise AssertionError("the storyboard must not start speech")

    monkeypatch.setattr(game.speech, "start_speech", no_speech)
    monkeypatch.setattr("game.engine.app.start_speech", no_speech)
    data_dir = tmp_path / "data"
    monkeypatch.setattr("game.engine.app.default_data_dir", lambda: data_dir)
    pages, cut = make_pages(load(PARK), "park.yaml", (1280, 800), cache_dir)
    assert len(pages) == 2 and cut == []
    assert not data_dir.exists()


def test_a_zero_width_space_between_words_is_listed_not_a_crash(tmp_path, cache_dir):
    """Issue 15: "Tell <U+200B> Mum" passed `check`, then stopped the storyboard with "Text has zero width"."""
    hidden = tmp_path / "hidden.yaml"
    hidden.write_text(PARK.read_text(encoding="utf-8").replace("Tell Mum", "Tell \u200b Mum", 1), encoding="utf-8")
    code, stdout, stderr = storyboard(hidden, "--out", tmp_path / "out" / "board.png", cache_dir=cache_dir)
    assert code == 1 and "Traceback" not in stdout + stderr and not (tmp_path / "out").exists()
    assert re.search(rf"^{re.escape(str(hidden))}:\d+:\d+: error: a zero-width space \(U\+200B\) is hidden in this "
                     "text, between 'Tell' and 'Mum'", stdout, re.MULTILINE), stdout
