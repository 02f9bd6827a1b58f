"""The command line a teacher or PSHE lead uses: check, tour, window options."""

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pygame
import pytest

from game.cli import parse, play_options
from game.lessons.check import run_check
from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog

ROOT = Path(__file__).resolve().parents[1]


def check(*args):
    result = subprocess.run([sys.executable, str(ROOT / "play.py"), "check", *map(str, args)],
                            capture_output=True, text=True, cwd=ROOT, timeout=60)
    return result.returncode, result.stdout, result.stderr


def test_check_json_is_exactly_the_summary_shape():
    code, out, _ = check("--json")
    assert code == 0
    summary = json.loads(out)
    assert list(summary) == ["lessons", "scene_kinds", "lines", "errors", "warnings", "translations"]
    assert set(summary["translations"]) >= {"pl", "ur"}  # home languages (issue 21): lines, translated, out of date
    assert list(summary["lessons"]) == ["safe", "meeting", "accepting", "reliable", "tell"]
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    assert summary["lessons"] == {key: len(library.for_letter(key)) for key in summary["lessons"]}
    assert all(count >= 1 for count in summary["lessons"].values())
    assert summary["lines"] == sum(len(lesson.spoken_lines()) for lesson in library.lessons)
    assert all(count > 0 for count in summary["scene_kinds"].values()), "the built-in lessons use every way to play"
    assert all(count >= 4 for count in summary["lessons"].values()), "at least four lessons per letter"
    assert summary["errors"] == 0 and summary["warnings"] == 0


def test_check_reports_file_line_and_exits_nonzero(tmp_path):
    good = BUILTIN_LESSONS_DIR / "meeting" / "lets-meet-at-the-park.yaml"
    broken = tmp_path / "broken.yaml"
    text = good.read_text(encoding="utf-8").replace("id: meeting-park", "id: my-copy")
    text = text.replace("    kind: choose\n", "    kind: chose\n", 1)
    broken.write_text(text, encoding="utf-8")
    expected_line = text.splitlines().index("    kind: chose") + 1

    code, out, err = check(good, broken)
    assert code == 1
    assert "Traceback" not in out + err
    problem_lines = [line for line in out.splitlines() if re.match(r".+:\d+:\d+: (error|warning): ", line)]
    assert len(problem_lines) == 1
    expected_column = len("    kind: ") + 1  # the value the author must change
    assert problem_lines[0].startswith(f"{broken}:{expected_line}:{expected_column}: error: ")
    assert "Did you mean 'choose'?" in problem_lines[0]
    # the good lesson in the same run still loads and is counted
    assert "1 lesson in 2 files" in out
    assert "1 error, 0 warnings" in out


def test_check_of_a_missing_path_is_an_error(tmp_path):
    code, out, _ = check(tmp_path / "nope.yaml")
    assert code == 1
    assert "nope.yaml:1:1: error: there is no file or folder here" in out


def test_check_default_is_all_built_in_lessons():
    out = io.StringIO()
    assert run_check([], as_json=False, out=out) == 0
    assert "0 errors, 0 warnings" in out.getvalue()
    assert "spoken lines:" in out.getvalue()


def test_tour_saves_every_screen_as_png(tmp_path):
    out_dir, data_dir, cache_dir = tmp_path / "tour", tmp_path / "data", tmp_path / "cache"
    school = data_dir / "lessons" / "meeting"  # the school's own lessons, where the game finds them
    school.mkdir(parents=True)
    park = (BUILTIN_LESSONS_DIR / "meeting" / "lets-meet-at-the-park.yaml").read_text(encoding="utf-8")
    (school / "our-park.yaml").write_text(park.replace("id: meeting-park", "id: meeting-our-park"), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "play.py"), "tour", "--out", str(out_dir), "--size", "640x400",
                             "--data-dir", str(data_dir), "--cache-dir", str(cache_dir)],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    files = sorted(out_dir.glob("*.png"))
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR], [data_dir / "lessons"])
    assert any("meeting-our-park" in f.name for f in files), "the tour shows the school's lessons, as the game does"
    assert list(cache_dir.glob("Fredoka-*.ttf")), "the font is cut into the --cache-dir given, not the user's"
    def feedback_screens(scene) -> int:
        """Every wrong answer once, then the right one(s); a sort tries each item in both groups."""
        if scene.kind == "story":
            return 0
        if scene.kind == "sort":
            return 2 * len(scene.items)
        wrong = sum(1 for a in scene.answers if not a.right)
        return wrong + (sum(1 for a in scene.answers if a.right) if scene.kind == "tap-all" else 1)

    scenes = [scene for lesson in library.lessons for scene in lesson.scenes]
    # home + 5 letters + every scene + every answer's feedback + a reward per lesson; then getting lost and the
    # board (below); then turns and worries on a class tablet; then the teacher's screens for a made-up class
    # of 30 (overview, a pupil, their access toggles, their answers for a letter, the class's access toggles,
    # questions, report saved)
    from game.authoring.tour import FOLDER_SCREENS, SHARING_SCREENS, TURNS_AND_WORRIES_SCREENS

    turns = [f for f in files if f.stem.split("-", 1)[1] in TURNS_AND_WORRIES_SCREENS]
    # a PC with 15 tablets, a tablet joining; then sharing through a folder
    sharing = [f for f in files if f.stem.split("-", 1)[1] in SHARING_SCREENS + FOLDER_SCREENS]
    assert [f.stem.split("-", 1)[1] for f in sharing] == SHARING_SCREENS + FOLDER_SCREENS
    assert sorted(f.stem.split("-", 1)[1] for f in turns) == sorted(TURNS_AND_WORRIES_SCREENS)
    teacher = ["teacher-overview", "teacher-pupil", "teacher-pupil-access", "teacher-home-language",
               "teacher-pupil-letter", "teacher-class-access", "teacher-questions", "teacher-report-saved"]
    assert [f.stem.split("-", 1)[1] for f in files[-8:]] == teacher
    walk = [f for f in files if not re.match(r"\d+-(lost|class|scan|access)-", f.name) and f not in turns + sharing
            and f not in files[-8:]]
    scanned = {f.stem.split("-", 1)[1] for f in files if "-scan-" in f.name}  # switch scanning's highlight
    assert {"scan-home", "scan-letter", "scan-story", "scan-sort-group", "scan-reward"} | {
        f"scan-{kind}" for kind in ("choose", "thumbs", "feelings", "hotspot", "tap-all")} <= scanned
    assert len(walk) == 1 + 5 + len(scenes) + sum(map(feedback_screens, scenes)) + len(library.lessons)
    assert len([f for f in files if "-lost-" in f.name]) == 5
    for look in ("bigger-words", "high-contrast"):  # issue 20: key screens in each look
        shown = [f.stem.split("-", 1)[1] for f in files if f"-access-{look}-" in f.name]
        assert f"access-{look}-home" in shown and any(name.endswith("-reward") for name in shown), shown
        assert any(name.endswith("-first") for name in shown), "a question after answering"
    assert any(f.name.endswith("-talk.png") for f in files) and any(f.name.endswith("-hands.png") for f in files)
    assert len(list(out_dir.glob("*-teacher-report.html"))) == 1, "the report saved on the tour is kept with it"
    assert f"saved {len(files)} screens" in result.stdout
    image = pygame.image.load(str(files[0]))
    assert image.get_size() == (640, 400)
    assert any("reward" in f.name for f in files) and any("feedback" not in f.name for f in files)


def test_window_options():
    assert play_options(parse([])).fullscreen is True
    windowed = play_options(parse(["--windowed", "--size", "1280x800"]))
    assert windowed.fullscreen is False and windowed.size == (1280, 800)
    extra = play_options(parse(["--lessons", "/school/lessons"]))
    assert extra.lesson_dirs == [BUILTIN_LESSONS_DIR] and extra.school_dirs == [Path("/school/lessons")]
    with pytest.raises(SystemExit):
        parse(["--size", "big"])


def test_fullscreen_is_the_default_window(make_pilot):
    pilot = make_pilot(size=(1280, 800), fullscreen=True)
    assert pygame.display.get_surface().get_flags() & pygame.FULLSCREEN
    assert pilot.app.fullscreen


def test_readme_commands_match_ci():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = 'python -m pip install -e ".[test]" && python -m pytest'
    assert test_command in readme and test_command in ci
    assert "python -m pip install -e . && python play.py" in readme
