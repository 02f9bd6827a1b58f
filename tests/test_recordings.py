"""A lesson line may name its own recording; a missing one is a `check` error."""

import subprocess
import sys
from pathlib import Path

from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog
from tests.test_narration import write_tone

ROOT = Path(__file__).resolve().parents[1]

LESSON = """\
id: recorded
letter: T
title: {{text: Our own voice, audio: {title}}}
year: Year 1
outcomes: [I can identify who can help me if something happens online without my consent.]
scenes:
  - id: hello
    kind: story
    text:
      - text: Hello from Mrs Khan.
        audio: {hello}
rule: T is for Tell. Tell a grown-up you trust.
"""


def write_lesson(folder: Path, title: str = "title.wav", hello: str = "hello.ogg") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "recorded.yaml"
    path.write_text(LESSON.format(title=title, hello=hello), encoding="utf-8")
    return path


def test_recordings_are_attached_to_their_lines(tmp_path):
    folder = tmp_path / "tell"
    folder.mkdir(parents=True)
    write_tone(folder / "title.wav", 440, 0.2)
    (folder / "hello.ogg").write_bytes(b"OggS")  # existence is what the loader checks
    result = LessonLoader(PictureCatalog()).load(write_lesson(folder))
    assert result.problems == ()
    lesson = result.lesson
    assert lesson.title.audio == (folder / "title.wav").resolve()
    assert lesson.scenes[0].lines[0].audio == (folder / "hello.ogg").resolve()
    assert lesson.scenes[0].lines[0].text == "Hello from Mrs Khan."


def test_a_missing_recording_is_a_check_error(tmp_path):
    folder = tmp_path / "tell"
    folder.mkdir(parents=True)
    write_tone(folder / "title.wav", 440, 0.2)
    path = write_lesson(folder)  # hello.ogg is missing
    result = subprocess.run([sys.executable, "play.py", "check", str(path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1
    assert f"{path}:11:16: error: the recording file 'hello.ogg' is not in {folder}" in result.stdout


def test_recordings_must_be_wav_or_ogg_inside_the_lesson_folder(tmp_path):
    folder = tmp_path / "tell"
    loader = LessonLoader(PictureCatalog())
    problems = loader.load(write_lesson(folder, title="voice.mp3", hello="../../secret.wav")).problems
    messages = {p.line: p.message for p in problems}
    assert "must be a .wav or .ogg recording" in messages[3]
    assert len(problems) == 1, "the schema stops at the first kind of mistake"
    write_tone(tmp_path / "secret.wav", 440, 0.1)
    problems = loader.load(write_lesson(folder, title="hello.wav", hello="../../secret.wav")).problems
    assert any("outside the lesson's folder" in p.message and p.line == 11 for p in problems)
