"""The school's own lessons folder: merged with the built-ins, replacing one by id, never breaking play."""

from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog


def school_copy_of_the_park_lesson(folder, title):
    original = (BUILTIN_LESSONS_DIR / "meeting" / "lets-meet-at-the-park.yaml").read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{title.lower().replace(' ', '-')}.yaml"
    path.write_text(original.replace("title: A friend in a game", f"title: {title}"), encoding="utf-8")
    return path


def test_a_school_lesson_replaces_the_built_in_with_its_id(tmp_path):
    school = tmp_path / "school" / "meeting"
    school_copy_of_the_park_lesson(school, "Our park lesson")
    (school / "broken.yaml").write_text("id: [oops", encoding="utf-8")
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR], [tmp_path / "school"])
    built_in = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    park = library.by_id("meeting-park")
    assert park.title.text == "Our park lesson" and park.path.is_relative_to(tmp_path)
    assert len(library.lessons) == len(built_in.lessons), "replaced, not added"
    assert [p.path.name for p in library.errors] == ["broken.yaml"], "a broken school file is reported, nothing more"


def test_two_school_lessons_with_one_id_is_still_a_mistake(tmp_path):
    school = tmp_path / "school" / "meeting"
    school_copy_of_the_park_lesson(school, "First copy")
    second = school_copy_of_the_park_lesson(school, "Second copy")
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR], [tmp_path / "school"])
    assert len(library.errors) == 1 and "already used" in library.errors[0].message
    assert library.errors[0].path in (second, school / "first-copy.yaml")


def test_a_missing_school_folder_changes_nothing(tmp_path):
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR], [tmp_path / "not-there"])
    built_in = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    assert library.problems == [] and [l.id for l in library.lessons] == [l.id for l in built_in.lessons]


def test_new_lesson_template_passes_check_and_shows_every_kind(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    data_dir = tmp_path / "data"
    made = subprocess.run([sys.executable, "play.py", "new-lesson", "--letter", "A", "--title", "Our pop-up lesson",
                           "--data-dir", str(data_dir)], cwd=root, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    path = data_dir / "lessons" / "accepting" / "our-pop-up-lesson.yaml"
    assert f"wrote {path}" in made.stdout
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schema.json", "relative: it works on a shared drive"
    schema = data_dir / "lessons" / "schema.json"
    assert schema.read_bytes() == (BUILTIN_LESSONS_DIR / "schema.json").read_bytes(), "beside the school's lessons"
    checked = subprocess.run([sys.executable, "play.py", "check", "--json", str(path)], cwd=root,
                             capture_output=True, text=True)
    summary = json.loads(checked.stdout)
    assert checked.returncode == 0 and summary["errors"] == 0 and summary["warnings"] == 0
    assert all(count >= 1 for count in summary["scene_kinds"].values()), "every way to play, ready to edit"
    again = subprocess.run([sys.executable, "play.py", "new-lesson", "--letter", "A", "--title", "Our pop-up lesson",
                            "--data-dir", str(data_dir)], cwd=root, capture_output=True, text=True)
    assert again.returncode == 1 and "already exists" in again.stderr, "never overwrites the lead's work"


def test_new_lesson_schema_travels_with_the_lessons(tmp_path):
    """The school folder copied to another computer's drive: every lesson still finds its schema."""
    import shutil

    from game.lessons.template import new_lesson

    drive = tmp_path / "drive"
    school = drive / "school"
    (school / "schema.json").parent.mkdir(parents=True)
    (school / "schema.json").write_text("{}", encoding="utf-8")  # from an older game: renewed
    lesson = new_lesson("T", "Telling", school)
    elsewhere = new_lesson("S", "Somewhere else", school, drive / "drafts" / "safe.yaml")
    assert (school / "schema.json").read_bytes() == (BUILTIN_LESSONS_DIR / "schema.json").read_bytes()
    moved = shutil.copytree(drive, tmp_path / "another computer's drive")
    for path in (lesson, elsewhere):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        reference = first.removeprefix("# yaml-language-server: $schema=")
        assert not reference.startswith(("/", "file:")) and ":" not in reference, first
        copy = moved / path.relative_to(drive)
        assert (copy.parent / reference).read_bytes() == (BUILTIN_LESSONS_DIR / "schema.json").read_bytes()
    assert (drive / "drafts" / "schema.json").is_file(), "a lesson written elsewhere gets one beside it"


def test_the_game_loads_the_school_folder_in_the_data_folder(make_pilot, tmp_path):
    from game.lessons.template import new_lesson

    data_dir = tmp_path / "data"
    new_lesson("R", "Our real or pretend", data_dir / "lessons")
    pilot = make_pilot(data_dir=data_dir)
    assert pilot.app.ctx.library.by_id("reliable-our-real-or-pretend") is not None


def test_a_school_lesson_with_hidden_characters_is_left_out_and_the_game_plays_on(make_pilot, tmp_path):
    """Issue 15: a zero-width space or a right-to-left override in a school lesson is an error, so the game
    never loads that lesson (drawing "Tell <U+200B> Mum" stopped the storyboard); the rest play as ever."""
    from game.lessons.library import BUILTIN_LESSONS_DIR

    school = tmp_path / "school" / "meeting"
    for name, hidden in (("zero-width", "Tell \u200b Mum"), ("override", "Tell \u202eMum")):
        path = school_copy_of_the_park_lesson(school, name)
        path.write_text(path.read_text(encoding="utf-8").replace("id: meeting-park", f"id: our-{name}")
                        .replace("Tell Mum", hidden, 1), encoding="utf-8")
    pilot = make_pilot(lesson_dirs=[BUILTIN_LESSONS_DIR, tmp_path / "school"])
    library = pilot.app.ctx.library
    assert library.by_id("our-zero-width") is None and library.by_id("our-override") is None
    assert sorted((p.path.name, p.message.split(" (U+")[0]) for p in library.errors) == [
        ("override.yaml", "a right-to-left override"), ("zero-width.yaml", "a zero-width space")]
    pilot.tap_widget("letter-meeting")
    pilot.tap_widget("lesson-meeting-park")
    pilot.tap_widget("next")
    assert pilot.scene.name not in ("home", "letter"), "the built-in lesson plays"
