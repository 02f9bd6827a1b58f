"""Hostile lesson files: whatever a lesson file holds, loading it never raises and never hangs,
and every file that does not load says which line to look at.

A school's lessons folder is on a shared drive that anyone can write to, so a lesson file
may be mistyped, half-saved, pasted from a web page or made to do harm. This fuzzes exactly
what the game (``App.create``) and ``play.py check`` call for each file:
``LessonLibrary.load(loader, [path])``, which reads, parses, validates and builds one lesson
with ``LessonLoader.load``.

Inputs: real lessons from lessons/ mutated line by line and byte by byte; random YAML
documents of every shape; the real lessons with one value replaced by something of the wrong
type; nesting 10,000 deep; multi-megabyte files; alias bombs; and picture and recording
names that try to leave the lesson's folder (``..``, absolute paths, shortcuts/symlinks).

Hypothesis runs derandomized with a fixed number of examples, so CI is reproducible and this
file stays well under 30 s on a slow 2-core machine. Each example has a hard time limit
(SIGALRM where available) as well as Hypothesis's deadline, so a hang fails instead of
stalling CI.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import os
import signal
import threading
import time
import tracemalloc
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any, Iterator

import pygame
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cast.pictures import is_cast
from game.lessons.library import LessonLibrary, lesson_files
from game.lessons.loader import LessonLoader
from game.lessons.model import Lesson, Line, PictureRef
from game.lessons.pictures import PictureCatalog
from game.lessons.yamlsource import MAX_LESSON_BYTES, parse_lesson_yaml

ROOT = Path(__file__).resolve().parents[1]
REAL_LESSONS = lesson_files([ROOT / "lessons"])
REAL_TEXTS = [path.read_text(encoding="utf-8") for path in REAL_LESSONS]

# One file must never take longer than this, even on a slow CI machine (a real lesson takes ~15 ms).
SECONDS_PER_FILE = 4.0

FUZZ = settings(
    derandomize=True,  # the same examples on every run: CI is reproducible
    database=None,
    deadline=timedelta(seconds=SECONDS_PER_FILE),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much],
    print_blob=False,
)


class Hang(BaseException):
    """Raised into a load that ran past its time limit (BaseException: no ``except Exception`` hides it)."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the block after ``seconds``. Hypothesis's deadline only reports a slow example once it
    has finished; this stops one that never would."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise Hang(f"loading took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def loader() -> LessonLoader:
    return LessonLoader(PictureCatalog())


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A lesson folder of its own (in a 'tell' folder, so a letter T lesson gives no folder warning)."""
    path = tmp_path_factory.mktemp("fuzz") / "tell"
    path.mkdir()
    return path


@pytest.fixture(scope="module")
def text_renderer(tmp_path_factory):
    """The game's own text drawing, to show that a lesson which loads can be drawn."""
    from game.frame.fonts import FontBook
    from game.frame.text import TextRenderer

    pygame.font.init()
    return TextRenderer(FontBook(tmp_path_factory.mktemp("fonts")))


# -- the one check every example must pass -------------------------------------------------


def load_hostile(loader: LessonLoader, path: Path) -> LessonLibrary:
    """Load one file as the game and ``check`` do. Any exception, or running out of time, fails the test."""
    started = time.perf_counter()
    with time_limit(SECONDS_PER_FILE * 2):
        library = LessonLibrary.load(loader, [path])
    assert time.perf_counter() - started < SECONDS_PER_FILE * 2
    return library


def lessons_in(value: Any) -> Iterator[Any]:
    """Every Line and PictureRef inside a loaded lesson, however its scenes nest them."""
    if isinstance(value, (Line, PictureRef)):
        yield value
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield from lessons_in(getattr(value, item.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from lessons_in(item)


def assert_safe_to_play(lesson: Lesson, path: Path, catalog: PictureCatalog, text_renderer=None) -> None:
    """A lesson that loads can be drawn and spoken, and every file it uses is its own or an OpenMoji."""
    allowed = (path.parent.resolve(), catalog.openmoji_dir.resolve())
    for item in lessons_in(lesson):
        if isinstance(item, PictureRef) and is_cast(item.path):  # one of the cast: named, drawn into the cache
            assert item.path.resolve().is_relative_to(catalog.cast_dir.resolve()), f"{path}: {item.path}"
        elif isinstance(item, PictureRef):
            assert item.path.resolve().is_relative_to(allowed[0]) or item.path.resolve().is_relative_to(allowed[1]), \
                f"{path}: picture {item.label!r} is {item.path}, outside the lesson's folder"
            assert item.path.is_file()
        else:
            item.text.encode("utf-8")  # speech caches by its hash; pygame draws it as UTF-8
            assert "\x00" not in item.text
            assert item.text.strip(), f"{path}: line {item.id} has no words"
            if item.audio is not None:
                assert item.audio.resolve().is_relative_to(allowed[0]), f"{path}: recording {item.audio}"
            if text_renderer is not None:
                text_renderer.fit(item.text, (300, 120), max_px=24, min_px=12)


def assert_loaded_or_located(library: LessonLibrary, path: Path, raw: bytes, catalog: PictureCatalog,
                             text_renderer=None) -> None:
    """Either the lesson loads cleanly, or at least one error names this file and a line in it."""
    assert library.files == 1
    if library.lessons:
        assert not library.errors, "\n".join(p.format() for p in library.errors)
        assert_safe_to_play(library.lessons[0], path, catalog, text_renderer)
        return
    errors = library.errors
    assert errors, f"{path.name} did not load, and no error says why"
    last_line = raw.count(b"\n") + raw.count(b"\r") + 1  # generous: any line-break convention
    for error in library.problems:
        assert error.path == path, error.format()
        assert 1 <= error.line <= last_line, f"line {error.line} of a {last_line}-line file: {error.format()}"
        assert error.column >= 1, error.format()
        assert error.message and "\n" not in error.message and "Traceback" not in error.message, error.format()


def write(folder: Path, name: str, data: bytes | str) -> tuple[Path, bytes]:
    raw = data if isinstance(data, bytes) else data.encode("utf-8", errors="surrogatepass")
    path = folder / name
    path.write_bytes(raw)
    return path, raw


# -- 1. real lessons, mutated ----------------------------------------------------------------

NASTY = ["\t", ":", ": ", " :", "'", '"', "- ", "-", "#", "&a ", "*a", "!x ", "!!str ", "|", ">", "{", "}", "[",
         "]", ",", "?", "? ", "%", "@", "`", "\\", "\x00", "\x07", "\x1b", "\ufeff", "\u200b", "\u2028", "\x85",
         "\r", "\r\n", "\n", "  ", "é", "🐶", "\U0001F9D1\u200D\U0001F4BB", "\ud83d", "---", "...", "<<", "=",
         '"\\0"', '"\\ud83d"', '"\\x41"', '"\\U0001F436"', "~", "null", ".nan", "1e400", "1.0e+400", "0x1F"]
VALUES = ["", "~", "null", "true", "false", "yes", "No", "0", "-1", "3.5", "1.0e+400", ".nan", "-.inf", "[]", "{}",
          "[a, b]", "{a: b}", "{text: hi, audio: ../../x.wav}", "2020-01-01", "0o17", "1_000", "12:30", '"\\0"',
          '"\\ud83d\\ude00"', "'''", "|", ">-", "&a x", "*a", "!!binary aGVsbG8=",
          "!!python/object/apply:os.system [echo hacked]", "<<: {a: b}", "=", "x" * 500, "🐶", "../../etc/passwd.png",
          "/etc/passwd.png", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[", "{a: {a: {a: {a: {a: {a: {a: {a: }}}}}}}}"]


@st.composite
def mutated_lessons(draw) -> bytes:
    text = draw(st.sampled_from(REAL_TEXTS))
    lines = text.split("\n")
    snippet = st.lists(st.sampled_from(NASTY) | st.characters(codec="utf-8"), min_size=1, max_size=6).map("".join)
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [""]
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "value", "truncate", "join"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            at = draw(st.integers(0, len(lines[i])))
            lines[i] = lines[i][:at] + draw(snippet) + lines[i][at:]
        elif op == "indent":
            delta = draw(st.integers(-4, 4))
            lines[i] = " " * delta + lines[i] if delta > 0 else lines[i][-delta:] if lines[i][:-delta].isspace() \
                else "\t" + lines[i]
        elif op == "value" and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {draw(st.sampled_from(VALUES))}"
        elif op == "truncate":
            lines = lines[: i + 1]
            lines[i] = lines[i][: draw(st.integers(0, len(lines[i])))]
        elif op == "join" and i + 1 < len(lines):
            lines[i : i + 2] = [lines[i] + lines[i + 1]]
    raw = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()) and draw(st.booleans()):  # now and then, bytes that are not UTF-8 at all
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=4)) + raw[at:]
    return raw


@settings(FUZZ, max_examples=200)
@given(raw=mutated_lessons())
def test_mutated_real_lessons(loader, folder, text_renderer, raw):
    path, raw = write(folder, "mutated.yaml", raw)
    assert_loaded_or_located(load_hostile(loader, path), path, raw, loader.pictures, text_renderer)


# -- 2. random YAML documents, and real lessons with a value of the wrong type ---------------------

FIELDS = ["id", "letter", "title", "year", "strands", "outcomes", "picture", "rule", "scenes", "kind", "text",
          "question", "answers", "right", "feedback", "groups", "items", "group", "done", "spots", "at", "size",
          "faces", "audio"]
# Text a teacher never means to write, but an escape in double quotes ("\\0", "\\ud83d") or a paste can make:
# NUL, other control characters, half a surrogate pair, zero-width and other invisible characters.
ODD_CHARACTERS = ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\ud800", "\udfff", "\u200b", "\ufeff",
                  "\u2028", "\u202e", "\u0301", "\xa0", "\t", "\n", " ", "a", "Sam", "🐶", "\U0001F9D1\u200D\U0001F4BB"]
odd_text = st.lists(st.sampled_from(ODD_CHARACTERS), min_size=1, max_size=5).map("".join)
scalars = (st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | odd_text
           | st.sampled_from(["S", "M", "T", "Reception", "Year 1", "story", "choose", "sort", "hotspot", "tap-all",
                              "feelings", "thumbs", "up", "down", "happy", "dog face", "🐶", "a.png", "x.wav"]))
keys = st.sampled_from(FIELDS) | st.text(max_size=8) | st.integers() | st.booleans() | st.none()
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=5),
                      max_leaves=25)
lesson_shaped = st.fixed_dictionaries({}, optional={name: values for name in FIELDS[:9]})


def dump(draw, document: Any) -> str:
    return yaml.safe_dump(document, default_flow_style=draw(st.sampled_from([None, True, False])),
                          allow_unicode=draw(st.booleans()), sort_keys=False, width=draw(st.sampled_from([20, 80])))


@settings(FUZZ, max_examples=120)
@given(data=st.data())
def test_random_yaml_documents(loader, folder, data):
    document = data.draw(lesson_shaped | values, label="document")
    path, raw = write(folder, "random.yaml", dump(data.draw, document))
    assert_loaded_or_located(load_hostile(loader, path), path, raw, loader.pictures)


def plain(value: Any) -> Any:
    """A parsed lesson as plain dicts and lists (the loader's own reading: 'No' stays text, true is true)."""
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


REAL_DOCUMENTS = [plain(parse_lesson_yaml(text)) for text in REAL_TEXTS]


def places(value: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (path, value) in a document, containers and leaves."""
    yield path, value
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield from places(item, path + (key,))


NUMBERED_DOCUMENTS = [document for document in REAL_DOCUMENTS  # the hotspot lessons: numbers for 'at' and 'size'
                      if any(isinstance(value, (int, float)) and not isinstance(value, bool)
                             for _, value in places(document))]


@st.composite
def lessons_with_a_wrong_value(draw) -> str:
    """A real lesson with one change, so the rest stays good and the change is what gets tested."""
    change = draw(st.sampled_from(["any", "any", "odd-text", "odd-text", "number", "delete", "add"]))
    documents = NUMBERED_DOCUMENTS if change == "number" else REAL_DOCUMENTS
    document = copy.deepcopy(draw(st.sampled_from(documents)))
    everywhere = [(path, value) for path, value in places(document) if path]
    wanted = {"odd-text": str, "number": (int, float), "add": dict}.get(change)
    chosen = [(path, value) for path, value in everywhere if wanted is None or
              (isinstance(value, wanted) and not isinstance(value, bool))] or everywhere
    path, value = draw(st.sampled_from(chosen))
    container = document
    for step in path[:-1]:
        container = container[step]
    key = path[-1]
    if change == "delete":
        del container[key]
    elif change == "add" and isinstance(value, dict):
        value[draw(keys)] = draw(values)
    elif change == "odd-text":  # does text no teacher meant still load only if it is safe to draw and say?
        words = value if isinstance(value, str) else ""
        at = draw(st.integers(0, len(words)))
        container[key] = words[:at] + draw(odd_text) + words[at:] if draw(st.booleans()) else draw(odd_text)
    elif change == "number":
        container[key] = draw(st.sampled_from([float("nan"), float("inf"), -float("inf"), -0.0, 1e308, 10**30, 15.5])
                              | st.floats())
    else:
        container[key] = draw(values)
    return dump(draw, document)


@settings(FUZZ, max_examples=150)
@given(text=lessons_with_a_wrong_value())
def test_real_lessons_with_a_value_of_the_wrong_type(loader, folder, text_renderer, text):
    path, raw = write(folder, "wrong-type.yaml", text)
    assert_loaded_or_located(load_hostile(loader, path), path, raw, loader.pictures, text_renderer)


# -- 3. nesting far too deep ---------------------------------------------------------------------

DEEP = 10_000
DEEP_CASES = {
    "flow-lists": "[" * DEEP + "]" * DEEP,
    "flow-lists-unclosed": "[" * DEEP,
    "flow-maps": "{a: " * DEEP + "}" * DEEP,
    "flow-maps-unclosed": "{a: " * DEEP,
    "mixed": "[{a: " * (DEEP // 2) + "}]" * (DEEP // 2),
    "block-lists-on-one-line": "- " * DEEP + "x\n",
    "block-maps-indented": "".join(" " * depth + "a:\n" for depth in range(700)),  # 700 deep fits in 256 KB
    "in-a-field": REAL_TEXTS[0].replace("\ntitle:", "\ntitle: " + "[" * DEEP + "]" * DEEP + "\nx:", 1),
    "in-the-scenes": REAL_TEXTS[0] + "\nmore: " + "{a: " * DEEP + "}" * DEEP + "\n",
}


@pytest.mark.parametrize("name", list(DEEP_CASES))
def test_nesting_ten_thousand_deep_is_refused(loader, folder, name):
    path, raw = write(folder, f"deep-{name}.yaml", DEEP_CASES[name])
    library = load_hostile(loader, path)
    assert not library.lessons
    assert_loaded_or_located(library, path, raw, loader.pictures)


@settings(FUZZ, max_examples=40)
@given(depth=st.integers(1, 1500), where=st.sampled_from(["title", "letter", "outcomes", "scenes", "extra", "top"]),
       style=st.sampled_from(["list", "map", "block"]))
def test_nesting_at_every_depth(loader, folder, depth, where, style):
    """Around Python's recursion limit is where a parser that recurses gives up: every depth must be explained."""
    if style == "list":
        value = "[" * depth + "x" + "]" * depth
    elif style == "map":
        value = "{a: " * depth + "x" + "}" * depth
    else:
        value = "- " * depth + "x"
    base = next(text for text in REAL_TEXTS if "\ntitle:" in text)
    text = value + "\n" if where == "top" else base + f"\nextra: {value}\n" if where == "extra" else \
        "\n".join(f"{where}: {value}" if line.startswith(f"{where}:") else line for line in base.split("\n"))
    path, raw = write(folder, "depth.yaml", text)
    assert_loaded_or_located(load_hostile(loader, path), path, raw, loader.pictures)


def test_deep_nesting_is_refused_on_a_small_thread_stack(loader, folder):
    """The game reads lessons on a background thread, and a thread's stack can be small (512 KB on macOS):
    nesting must still end in a message, not a crash of the whole game."""
    results: list = []

    def load_all() -> None:
        for name in ("flow-lists", "flow-maps", "in-a-field"):
            path, _ = write(folder, f"thread-{name}.yaml", DEEP_CASES[name])
            results.append(LessonLibrary.load(loader, [path]))

    previous = threading.stack_size(256 * 1024)
    try:
        thread = threading.Thread(target=load_all)
        thread.start()
    finally:
        threading.stack_size(previous)
    thread.join(SECONDS_PER_FILE * 6)
    assert not thread.is_alive() and len(results) == 3
    assert all(library.errors and not library.lessons for library in results)


# -- 4. huge files: refused by size, before any parsing ------------------------------------------------


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail if the YAML parser is reached: a file over the limit must be refused before parsing."""

    def parse(text):
        raise AssertionError("a file over the size limit reached the parser")

    monkeypatch.setattr("game.lessons.loader.parse_lesson_yaml", parse)


@pytest.mark.parametrize("megabytes", [1, 4])
def test_a_few_megabytes_are_refused_fast_before_parsing(loader, folder, no_parsing, megabytes):
    text = "id: huge\ntitle: " + "x" * (megabytes * 1024 * 1024) + "\n"
    path, raw = write(folder, f"huge-{megabytes}.yaml", text)
    library = load_hostile(loader, path)  # the parser is never reached (no_parsing): refused on its size alone
    [error] = library.errors
    assert error.line == 1 and "larger than 256 KB" in error.message


def test_a_file_of_gigabytes_is_refused_without_reading_it(loader, folder, no_parsing):
    path = folder / "sparse.yaml"
    with path.open("wb") as file:
        file.truncate(8 * 1024**3)  # 8 GB of nothing: sparse, so it costs no disk
    tracemalloc.start()
    try:
        library = load_hostile(loader, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
        path.unlink()
    assert peak < 8 * MAX_LESSON_BYTES, f"{peak} bytes held while refusing it"
    [error] = library.errors
    assert error.line == 1 and "larger than 256 KB" in error.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_does_not_hang_check(loader, folder):
    """``play.py check PATH`` opens what it is given: a pipe with nobody writing must not block it."""
    path = folder / "pipe.yaml"
    os.mkfifo(path)
    try:
        library = load_hostile(loader, path)
    finally:
        path.unlink()
    [error] = library.errors
    assert error.line == 1 and "not an ordinary file" in error.message


HUGE_BUT_UNDER_THE_LIMIT = {
    "one-long-title": "id: long\ntitle: " + "x" * (MAX_LESSON_BYTES - 100) + "\n",
    "one-long-key": "x" * (MAX_LESSON_BYTES - 100) + ": 1\n",
    "long-line-of-colons": "title: " + "a: " * (MAX_LESSON_BYTES // 3 - 10) + "\n",
    "many-outcomes-of-the-wrong-type": REAL_TEXTS[0].replace("\noutcomes:", "\noutcomes:\n" + "  - [1]\n" * 8_000
                                                             + "  - x", 1),
    "many-unknown-fields": "".join(f"field{n}: {n}\n" for n in range(8_000)),
    "many-quotes": "title: " + "'x' " * 60_000 + "\n",
    "unclosed-quote-at-the-top": 'title: "' + "word " * 50_000 + "\n",
    "many-documents": "---\na: 1\n" * 5_000,
}


@pytest.mark.parametrize("name", list(HUGE_BUT_UNDER_THE_LIMIT))
def test_big_files_under_the_limit_are_explained_in_good_time(loader, folder, name):
    path, raw = write(folder, f"big-{name}.yaml", HUGE_BUT_UNDER_THE_LIMIT[name])
    assert len(raw) <= MAX_LESSON_BYTES
    assert_loaded_or_located(load_hostile(loader, path), path, raw, loader.pictures)


# -- 5. alias bombs ---------------------------------------------------------------------------------

LAUGHS = "\n".join(["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
                   + [f"{chr(98 + n)}: &{chr(98 + n)} [" + ", ".join([f"*{chr(97 + n)}"] * 9) + "]" for n in range(9)])
BOMBS = {
    "billion-laughs": LAUGHS + "\n",
    "billion-laughs-in-a-lesson": REAL_TEXTS[0].replace("\ntitle:", "\n" + LAUGHS.replace("\n", "\n") + "\ntitle:", 1),
    "flow-bomb": "x: [&a [x, x, x, x], &b [*a, *a, *a, *a], &c [*b, *b, *b, *b], *c, *c]\n",
    "alias-without-anchor": "title: *nothing\n",
    "merge-key": "base: &base {id: x}\nlesson:\n  <<: *base\n",
    "anchor-on-the-whole-file": "&all\nid: x\n",
    "self-reference": "a: &a [*a]\n",
}


@pytest.mark.parametrize("name", list(BOMBS))
def test_yaml_aliases_cannot_blow_up_memory(loader, folder, name):
    path, raw = write(folder, f"bomb-{name}.yaml", BOMBS[name])
    tracemalloc.start()
    try:
        library = load_hostile(loader, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024, f"{peak} bytes for a {len(raw)}-byte file"
    assert not library.lessons
    assert_loaded_or_located(library, path, raw, loader.pictures)
    assert any("YAML alias" in error.message or "YAML anchor" in error.message for error in library.errors)


# -- 6. pictures and recordings cannot leave the lesson's folder ---------------------------------------

PATH_LESSON = """\
id: paths
letter: T
title: Tell a grown-up
year: Year 1
outcomes:
  - I can identify who can help me if something happens online without my consent.
scenes:
  - id: hello
    kind: story
    picture: PICTURE_ONE
    text:
      - {text: Hello from Mrs Khan., audio: RECORDING}
  - id: ask
    kind: choose
    question: What should Sam do?
    answers:
      - id: tell
        text: Tell Mum
        picture: PICTURE_TWO
        right: true
        feedback: Yes! A grown-up keeps Sam safe.
      - id: hide
        text: Hide the tablet
        picture: video game
        feedback: Hmm, let's try again.
rule: T is for Tell. Tell a grown-up if something online worries you.
"""


@pytest.fixture(scope="module")
def trap(tmp_path_factory) -> Path:
    """A lesson folder surrounded by real files it must not reach, and shortcuts that try to reach them."""
    root = tmp_path_factory.mktemp("trap")
    lesson_dir = root / "tell"
    (lesson_dir / "sub").mkdir(parents=True)
    (root / "secret").mkdir()
    image = pygame.Surface((4, 4))
    for place in (root / "outside.png", root / "secret" / "passwd.png", lesson_dir / "inside.png",
                  lesson_dir / "sub" / "deeper.png"):
        pygame.image.save(image, str(place))
    for place in (root / "outside.wav", lesson_dir / "inside.wav", root / "outside.svg"):
        place.write_bytes(b"RIFF")
    links = {"up": "..", "escape.png": "../outside.png", "escape.wav": "../outside.wav", "loop.png": "loop.png",
             "ping.png": "pong.png", "pong.png": "ping.png", "dangling.png": "nowhere.png",
             "etc.png": "/etc/passwd", "absolute.png": str(root / "outside.png"), "same.png": "inside.png",
             "sub/back.png": "../inside.png", "sub/out.png": "../../outside.png"}
    try:
        for name, target in links.items():
            os.symlink(target, lesson_dir / name)
    except (OSError, NotImplementedError):
        pass  # no symlinks here (Windows without developer mode): the other names are still tried
    return lesson_dir


PATH_NAMES = ["../outside.png", "../../outside.png", "../../../../../../../../etc/passwd", "/etc/passwd",
              "/etc/passwd.png", "../secret/passwd.png", "up/outside.png", "up/tell/inside.png", "escape.png",
              "escape.wav", "etc.png", "absolute.png", "loop.png", "ping.png", "dangling.png", "same.png",
              "sub/back.png", "sub/out.png", "inside.png", "inside.wav", "sub/deeper.png", "sub/../inside.png",
              "sub/../../outside.png", "./inside.png", "~/outside.png", "..\\outside.png", "%2e%2e/outside.png",
              "inside.png\x00.png", "inside\x00.wav", "C:\\Windows\\win.png", "//server/share/x.png", "inside.png/",
              "....//outside.png", " ../outside.png", "../outside.svg", "sub", "up", ".", "..", "/", ".png", "..png",
              "\u202e../outside.png", "ｉｎｓｉｄｅ.png", "../tell/inside.png"]
path_names = (st.sampled_from(PATH_NAMES)
              | st.builds(lambda parts, suffix: "/".join(parts) + suffix,
                          st.lists(st.sampled_from(["..", ".", "sub", "up", "tell", "secret", "etc", "", "~", "outside",
                                                    "inside", "passwd"]), min_size=1, max_size=5),
                          st.sampled_from([".png", ".svg", ".wav", ".ogg", ""])))


# A recording must end .wav or .ogg (the schema says so, before any file is looked for): mostly give it one.
recording_names = st.builds(lambda name, suffix: name if name.lower().endswith((".wav", ".ogg")) else name + suffix,
                            path_names, st.sampled_from([".wav", ".ogg", ".wav", ""]))


@settings(FUZZ, max_examples=100)
@given(picture_one=path_names, picture_two=path_names, recording=recording_names)
def test_pictures_and_recordings_cannot_leave_the_lessons_folder(loader, trap, picture_one, picture_two, recording):
    def quoted(name: str) -> str:
        return json.dumps(name, ensure_ascii=False)  # a JSON string is a YAML double-quoted string

    text = (PATH_LESSON.replace("PICTURE_ONE", quoted(picture_one)).replace("PICTURE_TWO", quoted(picture_two))
            .replace("RECORDING", quoted(recording)))
    path, raw = write(trap, "paths.yaml", text)
    library = load_hostile(loader, path)
    assert_loaded_or_located(library, path, raw, loader.pictures)
    for name in (picture_one, picture_two, recording):
        if "outside" in name or "passwd" in name or "etc.png" in name or "absolute.png" in name:
            assert not library.lessons, f"{name!r} reached outside the lesson's folder"
            assert any(p.line in (10, 12, 19) for p in library.errors), [p.format() for p in library.errors]


@pytest.mark.parametrize("name", ["loop.png", "ping.png", "inside.png\x00.png", "../outside.png", "escape.png",
                                  "/etc/passwd.png", "etc.png", "up/outside.png"])
def test_each_escape_is_named_at_its_line(loader, trap, name):
    if not (trap / "loop.png").is_symlink() and name in ("loop.png", "ping.png", "escape.png", "etc.png",
                                                         "up/outside.png"):
        pytest.skip("no symlinks on this system")
    text = PATH_LESSON.replace("PICTURE_ONE", "dog face").replace("RECORDING", "inside.wav")
    path, _ = write(trap, "one-escape.yaml", text.replace("PICTURE_TWO", json.dumps(name)))
    library = load_hostile(loader, path)
    [error] = library.errors
    assert error.line == 19 and error.column == 18, error.format()
    assert ("picture" in error.message or "control character" in error.message) and ": " in error.message

