"""The drawn cast (assets/cast.yaml): every character with every feeling, in lessons, checked, and drawn
in another process so the frame loop never waits for resvg."""

import json
import os
import sys
from pathlib import Path

import pygame
import pytest

from game.cast.characters import load_cast
from game.cast.pictures import CastRenderer, drawn_size, is_cast, png_path
from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog
from game.authoring.tour import solve_scene

CAST_LESSONS = Path(__file__).resolve().parent / "lessons_cast"
CAST_LESSON = CAST_LESSONS / "tell" / "the-cast.yaml"
SCHEMA = Path(__file__).resolve().parents[1] / "lessons" / "schema.json"


def visible_pixels(surface: pygame.Surface) -> int:
    """How many pixels are not (almost) transparent, and how many colours: a blank picture has none."""
    mask = pygame.mask.from_surface(surface, 16)
    return mask.count()


def test_every_character_draws_every_feeling_in_another_process(tmp_path):
    cast = load_cast()
    assert {"ollie", "sam", "priya", "leo", "amira", "kofi", "mei", "mum", "dad", "carer", "grandad",
            "teacher", "someone-online"} <= set(cast.characters)
    assert {"happy", "sad", "worried", "scared", "surprised", "thinking", "neutral"} <= set(cast.feelings)
    catalog = PictureCatalog(cast_dir=tmp_path)
    renderer = CastRenderer()
    asked = {}
    try:
        for character in cast.characters:
            for feeling in cast.feelings:
                ref = catalog.resolve({"character": character, "feeling": feeling}, tmp_path)
                if is_cast(ref.path):
                    asked[(character, feeling)] = (ref.path, renderer.submit(ref.path, 48))
                else:
                    assert character == "ollie" and ref.path.suffix == ".svg"  # OpenMoji's owl
        drawn = {}
        for (character, feeling), (path, future) in asked.items():
            png = future.result(timeout=60)
            assert png == png_path(path, 48) and png.is_file()
            image = pygame.image.load(str(png))
            side = drawn_size(48)  # drawn at the next drawing size up; the picture worker scales it to 48
            assert image.get_size() == (side, side)
            assert visible_pixels(image) > side * side // 5, f"{character} {feeling} is (almost) blank"
            drawn[(character, feeling)] = pygame.image.tobytes(image, "RGBA")
    finally:
        renderer.close()
    assert renderer.pids and os.getpid() not in renderer.pids, "drawn in the render process, not here"
    assert "resvg_py" not in sys.modules and "dicebear" not in sys.modules
    # A feeling shows on the face (the faceless stranger online excepted), and people look different.
    for character in cast.characters:
        if character in ("ollie", "someone-online"):
            continue
        faces = {drawn[(character, feeling)] for feeling in cast.feelings}
        assert len(faces) == len(cast.feelings), f"{character}'s feelings are not all different"
    happy = {drawn[(character, "happy")] for character in cast.characters if character != "ollie"}
    assert len(happy) == len(cast.characters) - 1, "two characters look the same"


def test_a_lesson_with_the_cast_loads_and_passes_check(tmp_path):
    result = LessonLoader(PictureCatalog(cast_dir=tmp_path)).load(CAST_LESSON)
    assert not result.errors, [problem.format() for problem in result.errors]
    lesson = result.lesson
    story = lesson.scenes[0]
    assert is_cast(story.picture.path) and story.picture.label == "Sam, happy, with mobile phone"
    feelings = next(scene for scene in lesson.scenes if scene.kind == "feelings")
    assert [face.picture.label for face in feelings.answers] == ["Leo, happy", "Leo, worried", "Leo, scared"]
    together = lesson.scenes[-1]
    assert together.picture.label == "Sam, happy, with Mum, happy"
    # The same character and feeling is the same picture, in any lesson.
    again = PictureCatalog(cast_dir=tmp_path).resolve({"character": "Leo", "feeling": "worried"}, tmp_path)
    assert again.path == feelings.answers[1].picture.path


def write_lesson(folder: Path, picture: str, extra: str = "") -> Path:
    path = folder / "tell" / "cast-mistake.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"""id: cast-mistake
letter: T
title: A mistake
year: Reception
outcomes: [I can identify who can help me if something happens online without my consent.]
rule: T is for Tell.
scenes:
  - id: page
    kind: story
    picture: {picture}
    text: Sam plays.
{extra}""", encoding="utf-8")
    return path


@pytest.mark.parametrize("picture, line, column, expected", [
    ("{character: sma, feeling: happy}", 10, 26, "no character called 'sma' in the cast. Did you mean 'sam'?"),
    ("{character: sam, feeling: woried}", 10, 40, "no feeling called 'woried'. Did you mean 'worried'?"),
    ("{character: sam, with: {character: grandadd}}", 10, 49, "no character called 'grandadd' in the cast. "
                                                            "Did you mean 'grandad'"),
    ("{charcter: sam}", 10, 15, "'charcter' is not a field here: did you mean 'character'?"),
    ("{character: sam, with: mobil phone}", 10, 37, "no picture called 'mobil phone'. Did you mean 'mobile phone'"),
])
def test_check_says_did_you_mean_for_the_cast_and_feelings(tmp_path, picture, line, column, expected):
    path = write_lesson(tmp_path, picture)
    problems = LessonLoader(PictureCatalog(cast_dir=tmp_path / "cast")).load(path).errors
    assert len(problems) == 1, [problem.format() for problem in problems]
    assert expected in problems[0].message
    assert (problems[0].line, problems[0].column) == (line, column)


def test_a_feelings_scene_for_a_character_not_in_the_cast_is_told_once(tmp_path):
    path = write_lesson(tmp_path, "dog face", """  - id: feel
    kind: feelings
    character: loe
    question: How does Leo feel?
    faces:
      - {id: happy, feedback: "Yes."}
      - {id: sad, feedback: "Yes."}
""")
    problems = LessonLoader(PictureCatalog(cast_dir=tmp_path / "cast")).load(path).errors
    assert [problem.message for problem in problems] == [
        load_cast().unknown_character("loe")]
    assert "Did you mean 'leo'?" in problems[0].message and problems[0].line == 14


def test_the_schema_knows_the_cast_for_editors():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))["$defs"]
    cast = load_cast()
    assert schema["character-name"]["examples"] == list(cast.characters)
    assert schema["feeling"]["examples"] == list(cast.feelings)


def test_the_cast_lesson_plays_with_the_characters_drawn_off_the_frame_loop(make_pilot):
    pilot = make_pilot(lesson_dirs=[CAST_LESSONS])
    pilot.tap_widget("letter-tell")
    pilot.tap_widget("lesson-the-cast")
    pilot.shown()
    pictures = pilot.app.ctx.pictures
    scene = pilot.scene.scene
    assert scene.id == "sam-plays"
    widget = next(w for w in pilot.scene.widgets if getattr(w, "path", None) == scene.picture.path)
    side = min(widget.rect.w, widget.rect.h)
    assert pictures.has(scene.picture.path, side), "the character was drawn and is kept"
    surface = pictures.get(scene.picture.path, side)
    assert surface.get_size() == (side, side) and visible_pixels(surface) > side * side // 5
    on_screen = pilot.app.screen.subsurface(widget.picture_rect(pilot.app.ctx))
    assert len({on_screen.get_at((x, y))[:3] for x in range(0, side, 7) for y in range(0, side, 7)}) > 20, \
        "the window shows the drawn character, not an empty box"
    for scene in pilot.scene.lesson.scenes:
        pilot.shown()
        assert pilot.scene.scene is scene
        for _ in solve_scene(pilot, scene):
            pass
        pilot.tap_widget("next")
    assert pilot.scene.name == "reward"
    assert pictures.cast.pids and os.getpid() not in pictures.cast.pids
    assert "resvg_py" not in sys.modules and "dicebear" not in sys.modules, "the game never draws with resvg itself"


def test_a_character_not_drawn_yet_is_a_stand_in_and_then_comes(make_pilot, tmp_path):
    """The frame loop never waits for the render process: get() hands back a transparent stand-in at once,
    and the screen is put together again when the picture comes."""
    pilot = make_pilot(lesson_dirs=[CAST_LESSONS])
    pictures = pilot.app.ctx.pictures
    ref = PictureCatalog(cast_dir=tmp_path).resolve({"character": "kofi", "feeling": "surprised"}, tmp_path)
    stand_in = pictures.get(ref.path, 101)
    assert visible_pixels(stand_in) == 0 and not pictures.has(ref.path, 101)
    assert pictures.standing_in
    pilot.wait_until(lambda: not pictures.standing_in, timeout=30)
    assert pictures.has(ref.path, 101) and visible_pixels(pictures.get(ref.path, 101)) > 101 * 101 // 5


def test_one_drawing_serves_every_size_up_to_it(tmp_path):
    """A resize or a new layout asks for a character at new sizes: they are scaled from a few drawings, so
    the render process (60-140 ms a drawing) is not asked again for each."""
    from game.frame.picture_load import load_picture

    catalog = PictureCatalog(cast_dir=tmp_path)
    path = catalog.resolve({"character": "sam", "feeling": "happy"}, tmp_path).path
    assert png_path(path, 300) == png_path(path, 384) != png_path(path, 385)
    renderer = CastRenderer()
    try:
        first, second = renderer.submit(path, 300), renderer.submit(path, 350)
        assert first is second, "one drawing in flight for both sizes"
        first.result(timeout=60)
    finally:
        renderer.close()
    for size in (300, 350, 384):
        assert load_picture(path, size).get_size() == (size, size)
