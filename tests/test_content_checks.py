"""`play.py check` warns, with file:line, where a lesson breaks the curriculum's tone rules."""

import re
import subprocess
import sys
from pathlib import Path

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
