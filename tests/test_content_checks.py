"""`play.py check` warns, with file:line, where a lesson breaks the curriculum's tone rules."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

LESSON = """\
id: bad-content
letter: T
title: Talking to a stranger
year: Year 2
outcomes: [I can identify who can help me if something happens online without my consent.]
scenes:
  - id: one
    kind: story
    text:
      - Remember stranger danger when you go online with your tablet or phone at home or at school.
      - Never share personal information. It's not your fault. It is never Leo's fault.
  - id: q
    kind: choose
    question: What now?
    answers:
      - {id: a, text: Tell, picture: woman, right: true, feedback: OK.}
      - {id: b, text: Hide, picture: see-no-evil monkey, feedback: OK.}
"""


def test_content_warnings_name_the_line_and_do_not_fail_the_check(tmp_path):
    folder = tmp_path / "tell"
    folder.mkdir()
    path = folder / "bad.yaml"
    path.write_text(LESSON, encoding="utf-8")
    result = subprocess.run([sys.executable, "play.py", "check", str(path)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, "warnings alone do not fail the check"
    out = result.stdout
    expected = [
        (1, "this lesson has no closing rule"),
        (3, "we never say 'stranger' to children"),
        (10, "this sentence has 17 words"),
        (10, "we never say 'stranger danger' to children"),
        (11, "'personal information' may be a hard word for a five-year-old"),
        (17, "a right and a wrong answer in 'q' get the same feedback"),
    ]
    for line, fragment in expected:
        assert re.search(rf"{re.escape(str(path))}:{line}:\d+: warning: {re.escape(fragment)}", out), (line, fragment, out)
    assert "fault" not in out, "'not your fault' is what we want to say"
    assert "0 errors, 6 warnings" in out


def test_built_in_lessons_have_no_content_warnings():
    result = subprocess.run([sys.executable, "play.py", "check", "--json"], cwd=ROOT, capture_output=True, text=True)
    assert '"warnings": 0' in result.stdout


# -- issue 19: the checker, the guide and `new-lesson` give one rule, and the lesson's own ----------------


def _warnings(tmp_path, text: str) -> list[str]:
    from game.lessons.loader import LessonLoader
    from game.lessons.pictures import PictureCatalog

    path = tmp_path / "lesson.yaml"
    path.write_text(text, encoding="utf-8")
    result = LessonLoader(PictureCatalog()).load(path)
    assert result.errors == [], [p.format() for p in result.problems]
    return [p.message for p in result.problems]


@pytest.mark.parametrize("letter", ["S", "M", "A", "R", "T"])
def test_a_missing_rule_is_suggested_in_the_lessons_own_letter(tmp_path, letter):
    """A Tell lesson was told to end with "M is for Meeting ..."."""
    from game.lessons.letters import BY_KEY, letter_key

    text = LESSON.replace("letter: T", f"letter: {letter}")
    [advice] = [m for m in _warnings(tmp_path, text) if "no closing rule" in m]
    assert advice.endswith(f"rule: {BY_KEY[letter_key(letter)].rule}"), advice


def test_sentences_over_twelve_words_are_warned_about(tmp_path):
    """The brief says about 12 words at most; the checker used to let 15 through."""
    twelve = "Sam sees a message from someone Sam only knows in the game."
    thirteen = "Sam sees a message from someone Sam only knows in the new game."
    assert (len(twelve.split()), len(thirteen.split())) == (12, 13)
    story = LESSON.replace("      - Remember stranger danger when you go online with your tablet or phone at home or at school.\n"
                           "      - Never share personal information. It's not your fault. It is never Leo's fault.\n",
                           f"      - {twelve}\n      - {thirteen}\n")
    long = [m for m in _warnings(tmp_path, story) if "words;" in m]
    assert long == [f"this sentence has 13 words; keep sentences to 12 words or fewer so a young child can follow it: "
                    f"'{thirteen[:50]}…'"]


def test_the_guide_and_the_template_say_the_checkers_numbers():
    from game.lessons.content import MAX_SENTENCE_WORDS
    from game.lessons.template import TEMPLATE

    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    schema = json.loads((ROOT / "lessons" / "schema.json").read_text(encoding="utf-8"))
    most_lines = schema["$defs"]["story"]["properties"]["text"]["anyOf"][1]["maxItems"]
    words = f"{MAX_SENTENCE_WORDS} words"
    for name, text in (("guide", guide), ("template", TEMPLATE)):
        said = set(re.findall(r"(\d+) words", text))
        assert said == {str(MAX_SENTENCE_WORDS)}, (name, said)
        assert words in text, name
    assert f"up to {most_lines} sentences" in guide
    assert f"one to {['zero', 'one', 'two', 'three', 'four', 'five'][most_lines]} short sentences" in TEMPLATE
    assert "one to three" not in TEMPLATE
