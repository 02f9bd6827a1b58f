"""docs/authoring.md: every complete lesson in it loads cleanly, and every YAML snippet parses."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from game.lessons.kinds import KINDS
from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog
from game.lessons.letters import letter_key

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "authoring.md"
FENCE = re.compile(r"^```yaml[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)


def _yaml_blocks() -> list[str]:
    return FENCE.findall(GUIDE.read_text(encoding="utf-8"))


def _is_complete(block: str) -> bool:
    return block.lstrip("\n").splitlines()[0].strip() == "# complete lesson"


def test_every_complete_lesson_loads_without_problems(tmp_path):
    complete = [block for block in _yaml_blocks() if _is_complete(block)]
    assert complete, "the guide should contain at least one '# complete lesson' block"
    for number, block in enumerate(complete, start=1):
        letter = yaml.safe_load(block)["letter"]
        key = letter_key(str(letter))
        assert key is not None, f"complete lesson {number} has an unknown letter {letter!r}"
        path = tmp_path / key / f"lesson-{number}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(block, encoding="utf-8")
        result = LessonLoader(PictureCatalog()).load(path)
        assert result.problems == (), [p.format() for p in result.problems]
        assert result.lesson is not None


def test_every_other_yaml_snippet_is_valid_yaml():
    others = [block for block in _yaml_blocks() if not _is_complete(block)]
    assert others
    for block in others:
        yaml.safe_load(block)


def test_guide_names_every_scene_kind():
    text = GUIDE.read_text(encoding="utf-8")
    for kind in KINDS:
        assert f"kind: {kind}" in text, f"the guide never shows 'kind: {kind}'"


# -- issue 19: what writing a lesson from the guide alone tripped over ------------------------------------


def test_guide_shows_a_strand_with_a_comma_quoted_and_it_loads(tmp_path):
    """[Health, well-being and lifestyle] is two strands to YAML: the guide shows the quotes that keep it one."""
    import json

    text = GUIDE.read_text(encoding="utf-8")
    schema = json.loads((GUIDE.parents[1] / "lessons" / "schema.json").read_text(encoding="utf-8"))
    with_commas = [name for name in schema["properties"]["strands"]["items"]["enum"] if "," in name]
    assert with_commas
    shown = re.findall(r"`(strands: \[[^`]*\])`", text)
    for name in with_commas:
        quoted = [snippet for snippet in shown if f'"{name}"' in snippet]
        assert quoted, f"the guide never shows {name!r} in quotes in a strands list"
        assert yaml.safe_load(quoted[0])["strands"][0] == name
        lesson = [block for block in _yaml_blocks() if _is_complete(block)][0]
        lesson = re.sub(r"^strands: .*$", quoted[0], lesson, count=1, flags=re.MULTILINE)
        path = tmp_path / "meeting" / "lesson.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(lesson, encoding="utf-8")
        result = LessonLoader(PictureCatalog()).load(path)
        assert result.problems == () and name in result.lesson.strands, [p.format() for p in result.problems]


def test_guide_says_what_shape_and_size_a_hotspot_picture_should_be():
    """'at' is percent of the picture's own width and height; the sizes the guide gives are the game's own."""
    from game.engine.layout import Metrics
    from game.scenes.activities.hotspot import picture_board

    text = " ".join(GUIDE.read_text(encoding="utf-8").split())
    hotspot = text[text.index("### hotspot"):text.index("### tap-all")]
    assert "in **percent** of the picture, not pixels" in hotspot
    assert "from 0 at the picture's left edge to 100 at its right edge" in hotspot
    assert "**square is best**" in hotspot
    for size in ((1280, 800), (1920, 1080), (3840, 2160)):
        side = picture_board(Metrics.of(size)).w
        assert f"{round(side, -1)} " in hotspot, f"the guide should give the picture's size at {size}: about {side}"
