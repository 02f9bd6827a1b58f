"""lessons/schema.json and the loader describe the same format.

An author's editor underlines mistakes using the schema alone; the game loads with the loader.
If the two drifted apart, the editor would pass a lesson the game refuses (or the reverse), so
these tests compare them field by field and file by file.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import jsonschema
import pytest

from game.lessons.letters import LETTERS
from game.lessons import build_parts, builder, scene_builders
from game.lessons.library import lesson_files
from game.lessons.loader import SCHEMA_PATH, LessonLoader
from game.lessons.scene_builders import FACE_EMOJI, FACE_WORDS, THUMB_WORDS
from game.lessons.model import YEAR_BANDS
from game.lessons.pictures import PictureCatalog
from game.lessons.yamlsource import YamlProblem, parse_lesson_yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]
BUILT_IN = ROOT / "lessons"
ALL_KINDS = ROOT / "tests" / "lessons_all_kinds"
BROKEN = ROOT / "tests" / "broken_lessons"


def schema_property_names(node) -> set[str]:
    """Every field name the schema lets an author write, anywhere in a lesson."""
    names: set[str] = set()
    if isinstance(node, dict):
        names.update(node.get("properties", {}))
        for value in node.values():
            names |= schema_property_names(value)
    elif isinstance(node, list):
        for value in node:
            names |= schema_property_names(value)
    return names


# The builder's helpers that are handed a field's name: build.line(data, "question", ...)
FIELD_TAKING_METHODS = {"line", "answers", "picture", "need_a_right_answer", "check_unique_ids"}


def keys_the_loader_reads() -> set[str]:
    """Field names the builder looks up: data["x"], data.get("x"), "x" in data, key_positions["x"]; and those
    of a cast picture ({character, feeling, with}), which the picture catalog reads."""
    import game.lessons.pictures as pictures_module

    keys: set[str] = set()
    for module in (builder, scene_builders, build_parts):  # the lesson, each kind's scene, the shared pieces
        keys |= _keys_read(Path(module.__file__))
    return keys | (_keys_read(Path(pictures_module.__file__), "PictureCatalog") & {"character", "feeling", "with"})


def _keys_read(module: Path, class_name: str | None = None) -> set[str]:
    """The field names read in ``module`` (only in its class ``class_name``, if given)."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    keys: set[str] = set()
    scope = tree if class_name is None else next(
        node for node in tree.body if isinstance(node, ast.ClassDef) and node.name == class_name)
    for node in ast.walk(scope):
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
            keys.add(node.slice.value)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
              and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            keys.add(node.args[0].value)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and isinstance(node.func.value, ast.Name) and node.func.value.id in ("self", "build")
              and node.func.attr in FIELD_TAKING_METHODS):
            # build.line(data, "question", ...), self.answers(data, "answers", ...): the field is an argument
            keys.update(arg.value for arg in node.args[1:2] if isinstance(arg, ast.Constant) and isinstance(arg.value, str))
        elif (isinstance(node, ast.Compare) and isinstance(node.left, ast.Constant) and isinstance(node.left.value, str)
              and isinstance(node.ops[0], ast.In)):
            keys.add(node.left.value)
    return keys


def test_the_schema_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_every_field_in_the_schema_is_read_by_the_loader_and_the_reverse():
    in_schema = schema_property_names(SCHEMA)
    read = keys_the_loader_reads()
    face_ids = set(FACE_WORDS)  # feedback is keyed by face id, not a field name
    thumbs = set(THUMB_WORDS)  # feedback: {up: ..., down: ...}
    assert in_schema - read - thumbs == set(), "the schema allows fields the loader ignores"
    assert read - in_schema - face_ids == set(), "the loader reads fields the schema does not allow"


def test_the_scene_kinds_agree():
    kinds = DEFS["scene"]["properties"]["kind"]["enum"]
    dispatched = [rule["if"]["properties"]["kind"]["const"] for rule in DEFS["scene"]["allOf"]]
    assert kinds == dispatched
    for kind in kinds:
        assert DEFS[kind]["properties"]["kind"] == {"const": kind}, kind
    # (the registry of kinds, game/lessons/kinds.py, is held to the same list by tests/test_kinds.py)
    summary = LessonLoader(PictureCatalog())  # the check summary counts every kind
    from game.lessons.library import LessonLibrary

    assert list(LessonLibrary.load(summary, []).summary()["scene_kinds"]) == kinds


def test_the_fixed_lists_agree():
    letters = set(SCHEMA["properties"]["letter"]["enum"])
    assert letters == {spelling for letter in LETTERS for spelling in (letter.letter, letter.key, letter.word)}
    assert SCHEMA["properties"]["year"]["enum"] == list(YEAR_BANDS)
    assert DEFS["face"]["properties"]["id"]["enum"] == list(FACE_WORDS) == list(FACE_EMOJI)
    assert DEFS["thumbs"]["properties"]["right"]["enum"] == list(THUMB_WORDS)
    assert set(DEFS["thumbs"]["properties"]["feedback"]["required"]) == set(THUMB_WORDS)


def editor_errors(path: Path) -> list[str]:
    """What an editor with the YAML extension underlines: the schema applied to the plain YAML.

    Read as YAML 1.2, as editors do (so  id: off  is text, not false), by the game's own reader.
    """
    data = parse_lesson_yaml(path.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(SCHEMA)
    return [error.message for error in validator.iter_errors(data)]


GOOD_FILES = lesson_files([BUILT_IN, ALL_KINDS])


@pytest.mark.parametrize("path", GOOD_FILES, ids=[p.name for p in GOOD_FILES])
def test_a_lesson_the_game_loads_is_clean_in_the_editor(path):
    result = LessonLoader(PictureCatalog()).load(path)
    assert result.errors == []
    assert editor_errors(path) == []


def schema_broken_files() -> list[Path]:
    """Broken lessons that are valid YAML, so an editor can judge them by the schema."""
    files = []
    for path in lesson_files([BROKEN]):
        try:
            parse_lesson_yaml(path.read_text(encoding="utf-8"))
        except (YamlProblem, UnicodeDecodeError):
            continue
        files.append(path)
    return files


@pytest.mark.parametrize("path", schema_broken_files(), ids=lambda p: p.name)
def test_what_the_editor_underlines_the_game_refuses(path):
    if editor_errors(path):
        result = LessonLoader(PictureCatalog()).load(path)
        assert result.errors, f"the schema rejects {path.name} but the loader accepts it"


def test_the_editor_catches_the_mistakes_the_schema_can_see():
    """Not everything is the schema's job (pictures on disk, duplicate ids), but the shape is."""
    caught = {path.name for path in schema_broken_files() if editor_errors(path)}
    for name in ("misspelt-field.yaml", "right-maybe.yaml", "one-answer.yaml", "wrong-letter.yaml",
                 "year-not-allowed.yaml", "answer-without-feedback.yaml", "unknown-scene-kind.yaml"):
        assert name in caught, name


@pytest.mark.parametrize("path", lesson_files([BUILT_IN]), ids=lambda p: p.name)
def test_every_lesson_names_the_schema_for_its_editor(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path}: the first line should name the schema"
    assert (path.parent / match.group(1)).resolve() == SCHEMA_PATH.resolve()
