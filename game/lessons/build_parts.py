"""The pieces every scene kind's builder uses (game/lessons/scene_builders.py): lines, answers, pictures,
and the checks a schema cannot make (ids used twice, a question with no right answer, a spot no one can tap).

One ``LessonBuild`` per lesson file being built: it remembers the line ids so far (each line needs its own)
and reports each problem, at its line, through the loader's ``report``.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any, Callable

from .files import LessonFileMissing, lesson_file
from .model import Answer, Line, PictureRef, Spot
from .pictures import PICTURE_FILE_SUFFIXES, PictureCatalog, PictureNotFound
from .spots import hidden_spots
from .yamlsource import LocatedDict, LocatedList, Position, value_position

# report(position, message, severity="error"): the loader's, which keeps the problem with its file and line
Report = Callable[..., None]


class LessonBuild:
    """One lesson being built from schema-valid data, reporting what a schema cannot see."""

    def __init__(self, path: Path, data: LocatedDict, pictures: PictureCatalog, report: Report,
                 check_picture_files: bool = False) -> None:
        self.path = path
        self.data = data
        self.pictures = pictures
        self.report = report
        self.check_picture_files = check_picture_files
        self.picture_refusals: dict[Path, str | None] = {}  # a file used by several scenes is read once
        self.lesson_id = data["id"]
        self.line_ids: dict[str, Position] = {}
        self.generated_line_ids: set[str] = set()  # made from ids (not written by the author)
        self.duplicated: set[str] = set()  # the id prefixes of things reported as having another's id
        self.scene_ids: list[str] = [scene["id"] for scene in data["scenes"]]
        self.scene_index = 0  # the scene being built, for "children never reach the scenes after it"

    def answers(self, data: LocatedDict, key: str, prefix: str) -> tuple[Answer, ...]:
        self.check_unique_ids(data[key], key, prefix)
        return tuple(self.answer(answer, prefix) for answer in data[key])

    def answer(self, data: LocatedDict, prefix: str, picture_required: bool = True) -> Answer:
        answer_id = data["id"]
        picture = self.picture(data, "picture") if (picture_required or "picture" in data) else None
        return Answer(
            id=answer_id,
            text=self.line(data, "text", f"{prefix}.{answer_id}"),
            picture=picture,
            right=bool(data.get("right", False)),
            feedback=self.line(data, "feedback", f"{prefix}.{answer_id}.feedback"),
        )

    def need_a_right_answer(self, data: LocatedDict, key: str, answers) -> bool:
        if not any(answer.right for answer in answers):
            self.report(
                data.key_positions[key],
                f"the question '{data['id']}' has no right answer: add  right: true  to the one children should pick"
                + self.unreachable_note(),
            )
            return False
        return True

    def unreachable_note(self) -> str:
        """Scenes play in order, so a scene children cannot finish cuts off every scene after it."""
        later = self.scene_ids[self.scene_index + 1:]
        if not later:
            return ""
        names = ", ".join(f"'{scene_id}'" for scene_id in later[:3]) + (" and more" if len(later) > 3 else "")
        return f" (until then children cannot finish this scene, so they never reach {names})"

    def check_hidden_spots(self, data: LocatedDict, spots: list[Spot], size: tuple[int, int] | None) -> None:
        """A spot drawn entirely under later spots can never be tapped (the top one takes the tap)."""
        covers = hidden_spots(spots, size[0] / size[1] if size else 1.0)
        reachable_right = any(spot.answer.right and not covers[i] for i, spot in enumerate(spots))
        for index, covered_by in enumerate(covers):
            if not covered_by:
                continue
            spot_data = data["spots"][index]
            others = " and ".join(f"'{spots[i].answer.id}'" for i in covered_by)
            if spots[index].answer.right and not reachable_right:
                self.report(spot_data.value_positions["at"],
                            f"the spot '{spot_data['id']}' is completely covered by {others}, so children can never "
                            f"tap it: move it (change 'at') or make the other smaller" + self.unreachable_note())
            else:
                self.report(spot_data.value_positions["at"],
                            f"the spot '{spot_data['id']}' is completely covered by {others}, so children can never "
                            "tap it: move it (change 'at') or make the other smaller", "warning")

    def check_unique_ids(self, items: list[LocatedDict], what: str, prefix: str) -> None:
        """Scenes (or a question's answers) each need their own id. ``prefix``: what their lines' ids are made
        from (the lesson's id for scenes), so the lines of a second 'what-to-do' are not reported again."""
        first_line: dict[str, int] = {}
        for item in items:
            position = item.value_positions["id"]
            if item["id"] in first_line:
                self.duplicated.add(f"{prefix}.{item['id']}")
                self.report(
                    position,
                    f"two {what} are called '{item['id']}' (the other is on line {first_line[item['id']]}): "
                    f"give each {what[:-1]} its own id",
                )
            first_line.setdefault(item["id"], position[0])

    def line(self, container: LocatedDict | LocatedList, key: Any, default_id: str) -> Line:
        value = container[key]
        position = value_position(container, key)
        audio = None
        if isinstance(value, LocatedDict):
            line_id = value.get("id", default_id)
            text = value["text"]
            if "audio" in value:
                try:
                    audio = lesson_file(value["audio"], self.path.parent, "recording")
                except LessonFileMissing as problem:
                    self.report(value.value_positions["audio"], str(problem))
        else:
            line_id, text = default_id, value
        text = " ".join(str(text).split())
        if not any(unicodedata.category(char)[0] not in "ZC" for char in text):
            # Only spaces or invisible characters (a zero-width space, from a paste): nothing to show or say,
            # and SDL cannot draw zero-width text at all.
            where = value.value_positions["text"] if isinstance(value, LocatedDict) else position
            self.report(where, "this text has no words in it, only spaces or invisible characters: "
                               "write the words, or remove the line")
        generated = line_id == default_id
        if line_id in self.line_ids and not (generated and line_id in self.generated_line_ids
                                             and self.made_from_a_duplicate(line_id)):
            self.report(
                position,
                f"the line id '{line_id}' is used twice (also on line {self.line_ids[line_id][0]}): "
                "give each line its own id",
            )
        self.line_ids.setdefault(line_id, position)
        if generated:
            self.generated_line_ids.add(line_id)
        return Line(line_id, text, audio, source_line=position[0])

    def made_from_a_duplicate(self, line_id: str) -> bool:
        """The id was made from a scene's (or answer's...) id that another has too: that is reported, and the
        author never wrote this line id, so it is not reported as well."""
        return any(line_id == prefix or line_id.startswith(prefix + ".") for prefix in self.duplicated)

    def picture(self, container: LocatedDict, key: str) -> PictureRef | None:
        try:
            picture = self.pictures.resolve(container[key], self.path.parent)
        except PictureNotFound as problem:
            self.report(_part_position(container, key, problem.field), str(problem))
            return None
        if self.check_picture_files and picture.label.lower().endswith(PICTURE_FILE_SUFFIXES):
            refusal = self.picture_refusal(picture.path)
            if refusal is not None:
                self.report(container.value_positions[key], f"the picture '{picture.label}' {refusal}")
        return picture

    def picture_size(self, picture: PictureRef | None) -> tuple[int, int] | None:
        """A school's own picture's width and height, if it is not square (emoji and the cast are)."""
        if picture is None or not picture.label.lower().endswith(PICTURE_FILE_SUFFIXES):
            return None
        from .picture_header import picture_size

        size = picture_size(picture.path)  # its header only: lessons load on their own thread, not the frame loop
        return size if size is not None and size[0] != size[1] else None

    def picture_refusal(self, path: Path) -> str | None:
        """Why the school's own picture file cannot be shown (too large, not a picture), from its header."""
        if path not in self.picture_refusals:
            from .picture_header import picture_refusal

            try:
                self.picture_refusals[path] = picture_refusal(path)
            except OSError as error:
                self.picture_refusals[path] = (f"cannot be opened ({error.strerror or error}): "
                                               "check it is not open in another program, or copy it again")
        return self.picture_refusals[path]

    def character_face(self, data: LocatedDict, feeling: str) -> PictureRef | None:
        """The feelings scene's ``character`` with this face's feeling (their own face, not an emoji)."""
        try:
            return self.pictures.resolve({"character": data["character"], "feeling": feeling}, self.path.parent)
        except PictureNotFound as problem:
            self.report(data.value_positions["character"], str(problem))
            return None


def _part_position(container: LocatedDict, key: str, part: str | None) -> Position:
    """Where a picture's wrong part is written: ``character: sma`` inside ``picture: {...}``, or the picture."""
    value = container[key]
    if part is not None and isinstance(value, LocatedDict):
        if part in value:
            inner = value[part]
            if part == "with" and isinstance(inner, LocatedDict) and "character" in inner:
                return _part_position(value, part, "character")  # the other character's own name
            return value.value_positions[part]
        if part == "with" and "with" in value:
            return value.value_positions["with"]
    return container.value_positions[key]
