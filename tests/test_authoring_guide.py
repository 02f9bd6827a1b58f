"""docs/authoring.md: every complete lesson in it loads cleanly, and every YAML snippet parses."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog
from game.letters import letter_key

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "authoring.md"
FENCE = re.compile(r"^```yaml[ \t]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
SCENE_KINDS = ("story", "choose", "thumbs", "sort", "hotspot", "tap-all", "feelings")


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
    for kind in SCENE_KINDS:
        assert f"kind: {kind}" in text, f"the guide never shows 'kind: {kind}'"
