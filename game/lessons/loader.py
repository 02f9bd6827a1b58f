"""Load one lesson file into a Lesson, or explain in plain English what is wrong.

The flow: read the file (never past the size limit) and parse its YAML keeping every value's line
(game/lessons/yamlsource.py); check its shape against ``lessons/schema.json`` (the same file an editor
uses to autocomplete), each broken rule explained for a teacher (game/lessons/schema_messages.py); build
the typed lesson, each scene by its kind's builder (game/lessons/builder.py, game/lessons/kinds.py),
reporting what a schema cannot know: pictures exist, ids are unique, each question has a right answer;
then, for a lesson with no error, the style advice (content, pictures, outcomes).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .builder import build_lesson
from .content import content_warnings
from .model import Lesson
from .outcomes import outcome_warnings
from .picture_checks import picture_warnings
from .pictures import PictureCatalog
from .schema_messages import explain_schema_error
from .yamlsource import (
    LocatedDict,
    LocatedList,
    Position,
    YamlProblem,
    locate,
    parse_lesson_yaml,
    read_lesson_bytes,
    value_position,
)

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "lessons" / "schema.json"


@dataclass(frozen=True)
class Problem:
    path: Path
    line: int
    column: int
    severity: str  # "error" or "warning"
    message: str

    def format(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class LoadResult:
    path: Path
    lesson: Lesson | None
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class LessonLoader:
    """Loads lesson files. Holds the schema validator and picture catalog it depends on."""

    def __init__(self, pictures: PictureCatalog, schema_path: Path = SCHEMA_PATH,
                 check_picture_files: bool = False) -> None:
        self.pictures = pictures
        self.schema_path = schema_path
        # Read each picture file's header for its size (game/lessons/picture_header.py): for `check`, `preview` and
        # `storyboard`. The game itself does not, so start-up reads no picture: it refuses a picture too
        # large when it comes to draw it (game/frame/pictures.py), and the lesson plays with a grey frame there.
        # (One exception, always: a hotspot scene's own picture file has its header read for its shape, on
        # the thread that loads lessons, so its spots sit on it; emoji and the cast are square, unread.)
        self.check_picture_files = check_picture_files

    @cached_property
    def schema(self) -> dict:
        return json.loads(self.schema_path.read_text(encoding="utf-8"))

    @cached_property
    def _validator(self):
        import jsonschema

        cls = jsonschema.validators.validator_for(self.schema)
        return cls(self.schema)

    def load(self, path: Path) -> LoadResult:
        problems: list[Problem] = []

        def report(position: Position, message: str, severity: str = "error") -> None:
            # A message quotes what the author wrote, which may hold a line break or an invisible
            # character (from a "\\n" in quotes): keep each message on one line, as `check` prints it.
            message = "".join(" " if unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") else char for char in message)
            problems.append(Problem(path, position[0], position[1], severity, message))

        try:
            raw = read_lesson_bytes(path)  # at most the size limit: a huge file is refused unread
        except OSError as error:
            report((1, 1), f"this file cannot be read ({error.strerror or error}): check it exists and is not open elsewhere")
            return LoadResult(path, None, tuple(problems))
        except YamlProblem as problem:
            report((problem.line, problem.column), problem.message)
            return LoadResult(path, None, tuple(problems))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            report((line, 1), "this file is not saved as UTF-8 text: save it again choosing 'UTF-8' as the encoding")
            return LoadResult(path, None, tuple(problems))
        try:
            data = parse_lesson_yaml(text)
        except YamlProblem as problem:
            report((problem.line, problem.column), problem.message)
            return LoadResult(path, None, tuple(problems))

        if not isinstance(data, LocatedDict):
            if data is None:
                message = "this file is empty: write a lesson in it (copy an existing lesson to start), or delete it"
            elif isinstance(data, LocatedList):
                message = (
                    "this file is a list (its lines start with '- '), but a lesson is a set of named fields "
                    "such as  id: ...  and  title: ...  so remove the '- ' and start each field at the left edge"
                )
            else:
                message = "a lesson file must start with named fields such as  id: ...  and  title: ..."
            report(getattr(data, "position", (1, 1)), message)
            return LoadResult(path, None, tuple(problems))

        seen: set[tuple[Position, str]] = set()
        schema_errors = sorted(self._validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
        for error in schema_errors:
            for position, message in explain_schema_error(data, error):
                if (position, message) not in seen:  # a scene can break two rules in the same way
                    seen.add((position, message))
                    report(position, message)
        if schema_errors and not problems:  # never build from data the schema refused
            container, key = locate(data, list(schema_errors[0].absolute_path))
            report(
                value_position(container, key),
                "this line is not written the way a lesson expects: compare it with a lesson that works",
            )
        if problems:
            return LoadResult(path, None, tuple(problems))

        lesson = build_lesson(path, data, self.pictures, report, self.check_picture_files)
        has_errors = any(p.severity == "error" for p in problems)
        if not has_errors:  # style advice is for lessons that otherwise work
            for line_no, message in content_warnings(lesson, data.value_positions["id"][0]):
                report((line_no, 1), message, "warning")
            for line_no, message in picture_warnings(lesson, self.pictures.openmoji_dir, data.value_positions["id"][0]):
                report((line_no, 1), message, "warning")
            outcome_lines = [line for line, _ in getattr(data["outcomes"], "item_positions", ())]
            for line_no, message in outcome_warnings(lesson, outcome_lines, data.value_positions["id"][0]):
                report((line_no, 1), message, "warning")
        return LoadResult(path, None if has_errors else lesson, tuple(problems))
