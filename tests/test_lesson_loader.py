"""Every mistake a teacher can make in a lesson file gets a plain-English message at the right line.

``tests/broken_lessons/`` holds one small broken lesson per kind of mistake. Each is a
working lesson with exactly one thing wrong, so each must give exactly one error.
Files too big, or too odd, to keep in git are written to ``tmp_path`` instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from game.lessons.library import LessonLibrary, lesson_files
from game.lessons.loader import LessonLoader, LoadResult, Problem
from game.lessons.pictures import PictureCatalog
from game.lessons.yamlsource import MAX_LESSON_BYTES

ROOT = Path(__file__).resolve().parents[1]
GOOD_LESSONS = ROOT / "lessons"
BROKEN = Path(__file__).resolve().parent / "broken_lessons"
TWIN_FIRST = BROKEN / "duplicate-lesson-id" / "first.yaml"  # a good lesson...
TWIN_SECOND = BROKEN / "duplicate-lesson-id" / "second.yaml"  # ...whose id this one reuses

# (file in broken_lessons/, the line the teacher must look at, a distinctive part of the message)
BROKEN_CASES = [
    # -- the file cannot be read as YAML
    ("tab-indent.yaml", 11, "a tab is used to indent this line: YAML needs spaces"),
    ("tab-after-colon.yaml", 14, "replace the tab with a space"),
    ("colon-in-text.yaml", 11, "there is a ':' inside some text: put the whole text in quotes"),
    ("colon-in-list-item.yaml", 13, "a ':' or a curly bracket in it makes it look like named fields: put the whole text in quotes"),
    ("unclosed-quote.yaml", 14, "a quote mark is opened but never closed: add the closing quote"),
    ("quote-closed-too-late.yaml", 14, "a quote mark is opened but never closed: add the closing quote"),
    ("bad-indentation.yaml", 11, "this line is indented more than the line above it"),
    ("repeated-field.yaml", 6, "'title' appears twice in the same place (first on line 4): keep only one"),
    ("yaml-anchor.yaml", 17, "'&praise' (a YAML anchor) is not allowed in lesson files"),
    ("yaml-tag.yaml", 14, "'!important' (a YAML tag) is not allowed in lesson files"),
    ("two-lessons-in-one-file.yaml", 22, "'---' starts a second lesson in this file: keep one lesson per file"),
    ("not-utf8.yaml", 4, "this file is not saved as UTF-8 text: save it again choosing 'UTF-8'"),
    ("empty.yaml", 1, "this file is empty: write a lesson in it"),
    ("list-not-mapping.yaml", 2, "this file is a list (its lines start with '- '), but a lesson is a set of named fields"),
    # -- a field is missing
    ("missing-title.yaml", 2, "the lesson needs 'title': add the lesson's title"),
    ("empty-title.yaml", 4, "'title' is empty: write something after the ':'"),
    ("answer-without-feedback.yaml", 18, "scene 'what-to-do', answer 'go-to-park' needs 'feedback': add what the guide says"),
    ("scene-without-kind.yaml", 9, "scene 'what-to-do' needs 'kind': add the kind of scene:  kind: story  or  kind: choose"),
    # -- a value of the wrong sort
    ("answers-as-text.yaml", 12, "'answers' in scene 'what-to-do' should be a list (lines starting with '- '), not 'Tell Mum, or go"),
    ("right-maybe.yaml", 16, "'right' in scene 'what-to-do', answer 'tell-mum' should be true or false, not 'maybe': write  right: true"),
    ("right-yes.yaml", 16, "'right' in scene 'what-to-do', answer 'tell-mum' should be true or false, not 'yes': write  right: true"),
    ("outcomes-as-text.yaml", 6, "'outcomes' should be a list (lines starting with '- '), not 'I can"),
    ("number-as-text.yaml", 14, "not the number 3: put it in quotes, for example  \"3\""),
    ("one-answer.yaml", 13, "'answers' in scene 'what-to-do' needs at least 2 items: add 1 more"),
    ("bad-lesson-id.yaml", 2, "'id' 'Meeting Park' can only use small letters, numbers and dashes"),
    ("year-not-allowed.yaml", 5, "'year' cannot be 'Year 3': use one of Reception, Year 1, Year 2"),
    ("wrong-letter.yaml", 3, "'letter' cannot be 'X': use one of S, M, A, R, T"),
    # -- issue 19: found by writing lessons from the guide alone
    ("strand-with-a-comma.yaml", 7, "item 2 of 'strands' cannot be 'Health': in a list written in square brackets, a comma "
                                    "starts the next item, so 'Health, well-being and lifestyle' was read as 2 items, "
                                    "'Health' and 'well-being and lifestyle': put the name in quotes, so its comma stays "
                                    "in it:  strands: [Online relationships, \"Health, well-being and lifestyle\"]"),
    ("spot-in-pixels.yaml", 18, "'at' in scene 'find-it', spot 'coins' is [400, 300], but 'at' is in percent of the "
                                "picture, not pixels: how far across its middle is (0 to 100, from the left edge to the "
                                "right) and how far down (0 to 100, from the top to the bottom), for example  at: [30, 60]"),
    # -- a misspelling, with a suggestion
    ("misspelt-field.yaml", 12, "'anwsers' is not a field here: did you mean 'answers'?"),
    ("misspelt-kind-field.yaml", 10, "'kinf' is not a field here: did you mean 'kind'?"),
    ("unknown-scene-kind.yaml", 10, "'kind' in scene 'what-to-do' cannot be 'chose': use one of story, choose, thumbs, sort, hotspot, tap-all, feelings. Did you mean 'choose'?"),
    ("unknown-picture-name.yaml", 20, "there is no picture called 'video gane'. Did you mean 'video game'"),
    # -- things only the loader (not the schema) can see
    ("missing-picture-file.yaml", 20, "the picture file 'sams-tablet.png' is not in"),
    ("picture-outside-folder.yaml", 20, "the picture '../../secret.png' is outside the lesson's folder"),
    # (and only that: not also each line id made from it, which the author never wrote)
    ("duplicate-scene-id.yaml", 24, "two scenes are called 'what-to-do' (the other is on line 10): give each scene its own id"),
    ("no-right-answer.yaml", 12, "the question 'what-to-do' has no right answer: add  right: true"),
    ("duplicate-line-id.yaml", 14, "the line id 'sam-asks' is used twice (also on line 12): give each line its own id"),
    # -- a scene children cannot finish: the scenes after it can never be reached
    ("no-right-answer-cuts-off.yaml", 12, "has no right answer: add  right: true  to the one children should pick "
                                          "(until then children cannot finish this scene, so they never reach 'the-end')"),
    ("spot-covered.yaml", 17, "the spot 'from-mum' is completely covered by 'from-stranger', so children can never tap "
                              "it: move it (change 'at') or make the other smaller (until then children cannot finish "
                              "this scene, so they never reach 'well-done')"),
    # -- found by tests/test_fuzz_lessons.py: each used to load (and crash the game) or raise
    ("text-with-control-code.yaml", 15, "this text holds an invisible control character (number 7) written as a "
                                        "'\\' code: remove that code from the text"),
    ("text-with-half-an-emoji.yaml", 18, "this text has a '\\u' code for half of a character"),
    ("spot-size-not-a-number.yaml", 18, "'.nan' is not a number a lesson can use: write an ordinary number, such as 30"),
    ("text-with-no-words.yaml", 15, "this text has no words in it, only spaces or invisible characters"),
    ("line-break-in-an-id.yaml", 3, "'id' 'line-break in-an-id' can only use small letters, numbers and dashes"),
    # -- issue 15: invisible characters that passed `check`, then broke `storyboard` or showed words backwards
    ("text-with-zero-width-space.yaml", 15, "a zero-width space (U+200B) is hidden in this text, between 'Tell' and "
                                            "'Mum': delete it"),
    ("text-with-right-to-left-override.yaml", 22, "a right-to-left override (U+202E) is hidden in this text, between "
                                                  "'Hmm,' and 'let's' (it can show the words around it backwards"),
]

# Words that would mean a message leaked Python or library internals to a teacher.
JARGON = ("Traceback", "jsonschema", "is not valid under", "None", "{'", "Error", "<", "tag:yaml.org")

# A small lesson with nothing wrong, for the tests that write their own files.
GOOD_LESSON = """\
id: tmp-lesson
letter: T
title: Tell a grown-up
year: Year 1
outcomes:
  - I can identify who can help me if something happens online without my consent.
scenes:
  - id: ask
    kind: choose
    question: What should Sam do?
    answers:
      - id: tell
        text: Tell Mum
        picture: girl
        right: true
        feedback: Yes! A grown-up keeps Sam safe.
      - id: hide
        text: Hide the tablet
        picture: video game
        feedback: Hmm, let's try again.
rule: T is for Tell. Tell a grown-up if something online worries you.
"""


@pytest.fixture(scope="module")
def loader() -> LessonLoader:
    return LessonLoader(PictureCatalog())


def assert_teacher_friendly(problem: Problem) -> None:
    """A message names the problem, says how to fix it, and has no programmer words."""
    for word in JARGON:
        assert word not in problem.message, f"{word!r} in {problem.format()}"
    advice = (": ", "for example", "did you mean")
    assert any(words in problem.message.lower() for words in advice), f"no fix given in {problem.format()}"
    assert "\n" not in problem.message, problem.format()
    assert problem.line >= 1 and problem.column >= 1, problem.format()


def only_error(result: LoadResult) -> Problem:
    assert result.lesson is None, f"{result.path.name} loaded although it is broken"
    assert len(result.errors) == 1, "\n".join(p.format() for p in result.problems)
    return result.errors[0]


# -- one broken file, one clear message ---------------------------------------------------


@pytest.mark.parametrize(("name", "line", "fragment"), BROKEN_CASES, ids=[case[0] for case in BROKEN_CASES])
def test_broken_lesson_is_explained_at_the_right_line(loader, name, line, fragment):
    path = BROKEN / name
    error = only_error(loader.load(path))
    assert fragment in error.message, error.format()
    assert error.line == line, error.format()
    assert error.path == path
    assert error.format() == f"{path}:{line}:{error.column}: error: {error.message}"
    text_lines = path.read_bytes().decode("utf-8", "replace").splitlines() or [""]
    assert 1 <= error.column <= len(text_lines[line - 1]) + 1, f"the column is off the line: {error.format()}"
    assert_teacher_friendly(error)


def test_every_broken_file_is_in_the_table():
    listed = {BROKEN / name for name, _, _ in BROKEN_CASES} | {TWIN_FIRST, TWIN_SECOND}
    assert set(lesson_files([BROKEN])) == listed


def test_duplicate_lesson_id_across_two_files(loader):
    library = LessonLibrary.load(loader, [TWIN_FIRST, TWIN_SECOND])
    assert [lesson.path for lesson in library.lessons] == [TWIN_FIRST]
    [error] = library.errors
    assert error.path == TWIN_SECOND and error.line == 2, error.format()  # the line of its id
    assert f"the lesson id 'twin-lesson' is already used by {TWIN_FIRST}: give this lesson its own id" in error.message
    assert_teacher_friendly(error)


def test_a_file_over_the_size_limit_is_refused(loader, tmp_path):
    path = tmp_path / "huge.yaml"
    padding = "# a very long comment line that goes on and on\n" * (MAX_LESSON_BYTES // 40)
    path.write_text(GOOD_LESSON + padding, encoding="utf-8")
    assert path.stat().st_size > 256 * 1024
    error = only_error(loader.load(path))
    assert error.line == 1
    assert "this file is larger than 256 KB" in error.message
    assert_teacher_friendly(error)


def test_a_lesson_just_under_the_size_limit_still_loads(loader, tmp_path):
    path = tmp_path / "long.yaml"
    text = GOOD_LESSON + "# padding\n" * ((MAX_LESSON_BYTES - len(GOOD_LESSON)) // 10)
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size <= MAX_LESSON_BYTES
    result = loader.load(path)
    assert result.problems == () and result.lesson is not None


@pytest.mark.parametrize(
    ("change", "line", "fragment"),
    [
        (("Tell Mum", "Tell\x07Mum"), 13, "invisible control character"),
        (("text: Tell Mum", "text: @Mum"), 13, "text cannot start with '@' unless it is in quotes"),
        (("text: Tell Mum", "text: - Tell Mum"), 13, "a '- ' list item is in the wrong place"),
        (("text: Tell Mum", 'text: "Tell \\q Mum"'), 13, "use single quotes around this text instead"),
        (("title: Tell a grown-up", "title: [Tell, a grown-up]"), 3, "'title' should be words"),
        (("text: Tell Mum", "text: {Tell Mum}"), 13, "put the whole text in quotes"),
        (("        picture: girl", "         picture: girl"), 14, "this line is indented more than the line above it"),
        (("      - id: hide", "     - id: hide"), 17, "indented differently from the lines around it"),
        (("letter: T", "? [a, b]\n: c\nletter: T"), 2, "a name before ':' must be a single word"),
    ],
    ids=["control-char", "at-sign", "dash", "backslash", "list-title", "braces", "indent-field", "indent-item", "odd-key"],
)
def test_rarer_yaml_mistakes_are_explained_too(loader, tmp_path, change, line, fragment):
    old, new = change
    assert old in GOOD_LESSON
    path = tmp_path / "lesson.yaml"
    path.write_text(GOOD_LESSON.replace(old, new, 1), encoding="utf-8")
    error = only_error(loader.load(path))
    assert fragment in error.message and error.line == line, error.format()
    assert_teacher_friendly(error)


# -- issue 19: messages an author can act on without counting ------------------------------------------


@pytest.mark.parametrize(
    ("change", "line", "fragment"),
    [
        (("        feedback: Hmm, let's try again.\n", ""), 17,
         "scene 'ask', answer 'hide' needs 'feedback'"),
        (("        right: true\n", "        right: maybe\n"), 15,
         "'right' in scene 'ask', answer 'tell' should be true or false"),
        # an id that is itself the mistake cannot name its scene or answer: the number does
        (("  - id: ask", "  - id: Ask Mum"), 8, "'id' in scene 1 'Ask Mum' can only use small letters"),
        (("      - id: hide", "      - id: Hide It"), 17, "'id' in scene 'ask', answer 2 'Hide It' can only use"),
        (("year: Year 1\n", "year: Year 1\nstrands: [Health, well-being and lifestyle]\n"), 5,
         "'Health, well-being and lifestyle' was read as 2 items, 'Health' and 'well-being and lifestyle': put the "
         "name in quotes, so its comma stays in it:  strands: [\"Health, well-being and lifestyle\"]"),
        (("year: Year 1\n", "year: Year 1\nstrands: [Online bullying, health, well-being and lifestyle]\n"), 5,
         "strands: [Online bullying, \"Health, well-being and lifestyle\"]"),
    ],
    ids=["answer-field-missing", "answer-field-wrong", "bad-scene-id", "bad-answer-id", "strand-alone",
         "strand-small-letters"],
)
def test_scenes_and_answers_are_named_by_their_ids(loader, tmp_path, change, line, fragment):
    """"scene 'ask', answer 'hide'" is found with the editor's search; "scene 1's answer 2" has to be counted."""
    old, new = change
    assert old in GOOD_LESSON
    path = tmp_path / "lesson.yaml"
    path.write_text(GOOD_LESSON.replace(old, new, 1), encoding="utf-8")
    error = only_error(loader.load(path))
    assert fragment in error.message and error.line == line, error.format()
    assert "'s answer" not in error.message and "scene 1's" not in error.message
    assert_teacher_friendly(error)


def test_a_spot_size_out_of_range_says_which_numbers_to_use(loader, tmp_path):
    text = (BROKEN / "spot-in-pixels.yaml").read_text(encoding="utf-8")
    path = tmp_path / "lesson.yaml"
    path.write_text(text.replace("at: [400, 300]", "at: [40, 30]\n        size: 80"), encoding="utf-8")
    error = only_error(loader.load(path))
    assert error.line == 19 and error.message == (
        "'size' in scene 'find-it', spot 'coins' cannot be the number 80: use a number from 15 to 60"), error.format()


# -- YAML 1.1 surprises stay plain text -----------------------------------------------------


@pytest.mark.parametrize("word", ["No", "no", "Yes", "off", "ON", "y", "n"])
def test_yes_and_no_stay_text(loader, tmp_path, word):
    path = tmp_path / "lesson.yaml"
    path.write_text(GOOD_LESSON.replace("text: Tell Mum", f"text: {word}"), encoding="utf-8")
    result = loader.load(path)
    assert result.problems == ()
    assert result.lesson.scenes[0].answers[0].text.text == word


def test_true_is_still_a_boolean(loader, tmp_path):
    path = tmp_path / "lesson.yaml"
    path.write_text(GOOD_LESSON, encoding="utf-8")
    answers = loader.load(path).lesson.scenes[0].answers
    assert [answer.right for answer in answers] == [True, False]


# -- a broken file never stops the good ones ----------------------------------------------------


def test_broken_files_do_not_stop_good_lessons_loading(loader):
    good_alone = LessonLibrary.load(loader, [GOOD_LESSONS, TWIN_FIRST])
    together = LessonLibrary.load(loader, [GOOD_LESSONS, BROKEN])

    assert sorted(lesson.path for lesson in together.lessons) == sorted(lesson.path for lesson in good_alone.lessons)
    expected = good_alone.summary()
    summary = together.summary()
    for key in ("lessons", "scene_kinds", "lines", "warnings"):
        assert summary[key] == expected[key], key
    assert summary["errors"] == expected["errors"] + len(BROKEN_CASES) + 1  # +1: the duplicate lesson id

    for path in lesson_files([BROKEN]):
        if path == TWIN_FIRST:
            continue
        mine = [p for p in together.errors if p.path == path]
        assert mine, f"no error for {path.name}"
        assert all(p.format().startswith(f"{path}:") for p in mine)
    for problem in together.problems:
        assert_teacher_friendly(problem)


def test_every_good_lesson_loads_cleanly_on_its_own(loader):
    """Each file in lessons/ that loads alone is also in the combined library above."""
    files = lesson_files([GOOD_LESSONS])
    assert files, "no lessons found in lessons/"
    loaded = {lesson.path for lesson in LessonLibrary.load(loader, [GOOD_LESSONS, BROKEN]).lessons}
    for path in files:
        result = loader.load(path)
        if result.lesson is not None:
            assert path in loaded, path
        for problem in result.problems:
            assert_teacher_friendly(problem)


def test_example_lesson_is_valid(loader):
    result = loader.load(GOOD_LESSONS / "meeting" / "lets-meet-at-the-park.yaml")
    assert result.problems == ()
    assert result.lesson.id == "meeting-park"


def test_messages_name_the_file_once_formatted():
    problem = Problem(Path("lessons/tell/x.yaml"), 3, 5, "error", "something: fix it")
    assert problem.format() == "lessons/tell/x.yaml:3:5: error: something: fix it"



def test_a_wrong_spot_hidden_under_another_is_only_a_warning(loader, tmp_path):
    """Children can still finish the scene, so the lesson loads; the author is told the spot is wasted."""
    text = (BROKEN / "spot-covered.yaml").read_text(encoding="utf-8")
    # swap which spot is right: now the hidden one is a wrong answer and the big one on top is right
    text = text.replace("        right: true\n", "").replace("        size: 50\n", "        size: 50\n        right: true\n")
    path = tmp_path / "a" / "spot-covered.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    result = loader.load(path)
    assert result.lesson is not None and result.errors == []
    [warning] = [p for p in result.problems if "completely covered" in p.message]
    assert warning.severity == "warning" and warning.line == 17
    assert "never reach" not in warning.message


def test_spots_side_by_side_are_not_hidden():
    from game.lessons.spots import hidden_spots
    from game.lessons.model import Spot

    def spot(x, y, size):
        return Spot(None, x, y, size)

    assert hidden_spots([spot(25, 50, 30), spot(75, 50, 30)]) == [[], []]
    assert hidden_spots([spot(50, 50, 20), spot(50, 50, 40)]) == [[1], []]  # the later one is on top
    assert hidden_spots([spot(50, 50, 40), spot(50, 50, 20)]) == [[], []]  # a ring of the big one still shows
    # two later spots that together cover the first one
    assert hidden_spots([spot(50, 50, 20), spot(40, 50, 25), spot(60, 50, 25)]) == [[1, 2], [], []]
    # on a picture twice as tall as wide, a spot (its size: of the longer side) is twice as wide in percent
    # of the width: the one on top now covers the other
    assert hidden_spots([spot(30, 50, 20), spot(50, 50, 40)], aspect=1.0) == [[], []]
    assert hidden_spots([spot(30, 50, 20), spot(50, 50, 40)], aspect=0.5) == [[1], []]
    assert hidden_spots([spot(50, 30, 20), spot(50, 50, 40)], aspect=2.0) == [[1], []]


# -- hostile files: each found by tests/test_fuzz_lessons.py, pinned here ------------------------------


@pytest.mark.parametrize("name", ["a\x00b.png", "a\nb.png", "\ud800.png"], ids=["nul", "line-break", "surrogate"])
def test_a_file_name_no_file_can_have_is_explained_not_raised(tmp_path, name):
    """Only reachable with an escape in quotes; Path.resolve used to raise ValueError/UnicodeEncodeError."""
    from game.lessons.files import LessonFileMissing, lesson_file

    with pytest.raises(LessonFileMissing, match="holds a character that file names cannot use: "):
        lesson_file(name, tmp_path, "picture")


def test_a_picture_that_is_a_shortcut_to_itself_is_explained(loader, tmp_path):
    """A symlink loop made Path.resolve raise RuntimeError (Python 3.11) out of the loader."""
    try:
        (tmp_path / "loop.png").symlink_to("loop.png")
    except (OSError, NotImplementedError):
        pytest.skip("no symlinks on this system")
    path = tmp_path / "lesson.yaml"
    path.write_text(GOOD_LESSON.replace("picture: girl", "picture: loop.png"), encoding="utf-8")
    error = only_error(loader.load(path))
    assert error.line == 14 and "the picture file 'loop.png' cannot be opened" in error.message, error.format()
    assert_teacher_friendly(error)


def test_a_file_of_gigabytes_is_refused_without_reading_it(loader, tmp_path):
    """The whole file used to be read (and decoded) before its size was checked: now it is never read
    (what was held meanwhile says so, not a clock)."""
    import tracemalloc

    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(8 * 1024**3)  # sparse: costs no disk
    tracemalloc.start()
    try:
        error = only_error(loader.load(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024, f"{peak} bytes held while refusing an 8 GB file"
    assert error.line == 1 and "this file is larger than 256 KB" in error.message


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_is_refused_not_waited_on(loader, tmp_path):
    """``play.py check pipe.yaml`` used to block for ever opening a pipe nobody writes to."""
    import os
    import threading

    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    results = []
    thread = threading.Thread(target=lambda: results.append(loader.load(path)), daemon=True)
    thread.start()
    thread.join(5)
    if thread.is_alive():  # unblock the stuck open() so the thread can finish, then fail
        with open(path, "wb"):
            pass
        pytest.fail("loading a named pipe hangs")
    error = only_error(results[0])
    assert error.line == 1 and "this is not an ordinary file" in error.message
    assert_teacher_friendly(error)


@pytest.mark.parametrize("number", ["1.0e+400", "-.inf", ".NaN"])
def test_numbers_that_are_not_ordinary_are_refused_where_they_are(loader, tmp_path, number):
    path = tmp_path / "lesson.yaml"
    path.write_text(GOOD_LESSON.replace("title: Tell a grown-up", f"title: {number}"), encoding="utf-8")
    error = only_error(loader.load(path))
    assert error.line == 3 and f"'{number}' is not a number a lesson can use" in error.message, error.format()


# -- issue 15: invisible characters in lesson text ------------------------------------------------------------


@pytest.mark.parametrize(("char", "name"), [
    ("\u200b", "a zero-width space"), ("\u200c", "a zero-width non-joiner"), ("\u200d", "a zero-width joiner"),
    ("\u2060", "a word joiner"), ("\ufeff", "a byte order mark"), ("\u200e", "a left-to-right mark"),
    ("\u200f", "a right-to-left mark"), ("\u202a", "a left-to-right embedding"), ("\u202b", "a right-to-left embedding"),
    ("\u202c", "a pop-direction mark"), ("\u202d", "a left-to-right override"), ("\u202e", "a right-to-left override"),
    ("\u2066", "a left-to-right isolate"), ("\u2067", "a right-to-left isolate"), ("\u2068", "a first-strong isolate"),
    ("\u2069", "a pop-isolate mark"),
])
def test_every_hidden_character_is_refused_at_its_line_and_column(loader, tmp_path, char, name):
    """Typed (pasted) into the feedback, at line 16 column 38, or written as a \\u code in double quotes."""
    typed = GOOD_LESSON.replace("Yes! A grown-up", f"Yes! A grown{char}-up")
    coded = GOOD_LESSON.replace("feedback: Yes! A grown-up keeps Sam safe.",
                                f'feedback: "Yes! A grown\\u{ord(char):04x}-up keeps Sam safe."')
    for text, column in ((typed, 31), (coded, 32)):
        path = tmp_path / "hidden.yaml"
        path.write_text(text, encoding="utf-8")
        error = only_error(loader.load(path))
        assert (error.line, error.column) == (16, column), error.format()
        assert error.message.startswith(f"{name} (U+{ord(char):04X}) is hidden in this text, between 'grown' and '-up'")
        assert error.message.endswith(": delete it (it is invisible, so retype the words around it)")
        assert_teacher_friendly(error)


def test_a_hidden_character_in_a_title_on_a_folded_line_is_found_where_it_is(loader, tmp_path):
    text = GOOD_LESSON.replace("title: Tell a grown-up", "title: >\n  Tell a\n  grown\u202e-up")
    path = tmp_path / "folded.yaml"
    path.write_text(text, encoding="utf-8")
    error = only_error(loader.load(path))
    assert (error.line, error.column) == (5, 8), error.format()  # the third line of the title, after "grown"


@pytest.mark.parametrize("text", [
    "Sam is a coder \U0001F9D1\u200D\U0001F4BB today",  # an emoji sequence joined by U+200D
    "A firefighter \U0001F469\U0001F3FD\u200D\U0001F692 helps",  # with a skin tone before the joiner
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian spells this word with U+200C
])
def test_joiners_that_belong_to_the_text_are_kept(loader, tmp_path, text):
    path = tmp_path / "joined.yaml"
    path.write_text(GOOD_LESSON.replace("feedback: Yes! A grown-up keeps Sam safe.", f"feedback: {text}")
                    .replace("picture: girl", "picture: \U0001F9D1\u200D\U0001F4BB"), encoding="utf-8")
    result = loader.load(path)
    assert result.errors == [] and result.lesson is not None, [p.format() for p in result.problems]
    assert result.lesson.scenes[0].answers[0].feedback.text == text
    assert result.lesson.scenes[0].answers[0].picture.path.name == "1F9D1-200D-1F4BB.svg"


def test_no_openmoji_emoji_sequence_counts_as_hidden():
    """Every emoji the game has a picture for, written in a text or as a picture, passes."""
    from game.lessons.pictures import default_openmoji_dir
    from game.lessons.yamlsource import _hidden_character

    sequences = ["".join(chr(int(code, 16)) for code in svg.stem.split("-")) for svg in default_openmoji_dir().glob("*.svg")]
    assert len(sequences) > 4000 and sum("\u200d" in emoji for emoji in sequences) > 1000
    refused = [emoji for emoji in sequences if _hidden_character(f"Look at {emoji} here") is not None]
    assert refused == []
