"""One builder per scene kind: a scene's schema-valid data into its model (game/lessons/model.py).

Each is registered with its kind in game/lessons/kinds.py; the pieces they share (lines, answers, pictures,
id checks) are ``LessonBuild``'s (game/lessons/build_parts.py). Every builder takes the scene's data, the
prefix its lines' ids are made from ("meeting-park.what-to-do") and its picture (already resolved).
"""

from __future__ import annotations

import difflib

from .build_parts import LessonBuild
from .model import (
    Answer,
    ChooseScene,
    FeelingsScene,
    HotspotScene,
    Line,
    PictureRef,
    SortGroup,
    SortItem,
    SortScene,
    Spot,
    StoryScene,
    TapAllScene,
    ThumbsScene,
)
from .yamlsource import LocatedDict, LocatedList

THUMB_WORDS = {"up": "Thumbs up", "down": "Thumbs down"}
THUMB_EMOJI = {"up": "👍", "down": "👎"}
FACE_WORDS = {"happy": "Happy", "sad": "Sad", "worried": "Worried", "scared": "Scared", "angry": "Angry",
              "surprised": "Surprised", "calm": "Calm"}
FACE_EMOJI = {"happy": "😀", "sad": "😢", "worried": "😟", "scared": "😨", "angry": "😠",
              "surprised": "😮", "calm": "😌"}
DEFAULT_SPOT_SIZE = 28.0


def build_story(build: LessonBuild, data: LocatedDict, prefix: str, picture: PictureRef | None) -> StoryScene:
    text = data["text"]
    if isinstance(text, LocatedList):
        lines = tuple(build.line(text, i, f"{prefix}.{i + 1}") for i in range(len(text)))
    else:
        lines = (build.line(data, "text", f"{prefix}.1"),)
    return StoryScene(id=data["id"], lines=lines, picture=picture)


def build_choose(build: LessonBuild, data: LocatedDict, prefix: str, picture: PictureRef | None) -> ChooseScene:
    answers = build.answers(data, "answers", prefix)
    build.need_a_right_answer(data, "answers", answers)
    return ChooseScene(data["id"], build.line(data, "question", f"{prefix}.question"), answers, picture)


def build_thumbs(build: LessonBuild, data: LocatedDict, prefix: str, picture: PictureRef | None) -> ThumbsScene:
    answers = tuple(
        Answer(
            id=thumb,
            text=Line(f"{prefix}.{thumb}", THUMB_WORDS[thumb]),
            picture=build.pictures.resolve(THUMB_EMOJI[thumb], build.path.parent),
            right=data["right"] == thumb,
            feedback=build.line(data["feedback"], thumb, f"{prefix}.{thumb}.feedback"),
        )
        for thumb in ("up", "down")
    )
    return ThumbsScene(data["id"], build.line(data, "question", f"{prefix}.question"), answers, picture)


def build_hotspot(build: LessonBuild, data: LocatedDict, prefix: str, picture: PictureRef | None) -> HotspotScene:
    build.check_unique_ids(data["spots"], "spots", prefix)
    spots = []
    for spot in data["spots"]:
        answer = build.answer(spot, prefix, picture_required=False)
        x, y = spot["at"]
        spots.append(Spot(answer, float(x), float(y), float(spot.get("size", DEFAULT_SPOT_SIZE))))
    size = build.picture_size(picture)
    if build.need_a_right_answer(data, "spots", [spot.answer for spot in spots]):
        build.check_hidden_spots(data, spots, size)
    return HotspotScene(data["id"], build.line(data, "question", f"{prefix}.question"), tuple(spots), picture,
                        picture_size=size)


def build_tap_all(build: LessonBuild, data: LocatedDict, prefix: str, picture: PictureRef | None) -> TapAllScene:
    answers = build.answers(data, "answers", prefix)
    build.need_a_right_answer(data, "answers", answers)
    return TapAllScene(data["id"], build.line(data, "question", f"{prefix}.question"), answers,
                       build.line(data, "done", f"{prefix}.done"), picture)


def build_feelings(build: LessonBuild, data: LocatedDict, prefix: str, picture: PictureRef | None) -> FeelingsScene:
    build.check_unique_ids(data["faces"], "faces", prefix)
    any_marked = any(face.get("right", False) for face in data["faces"])
    owner = data.get("character")  # whose faces: "How does Leo feel?"
    if owner is not None and build.pictures.cast.character(str(owner)) is None:
        build.report(data.value_positions["character"], build.pictures.cast.unknown_character(str(owner)))
        owner = None
    faces = []
    for face in data["faces"]:
        face_id = face["id"]
        text = (build.line(face, "text", f"{prefix}.{face_id}") if "text" in face
                else Line(f"{prefix}.{face_id}", FACE_WORDS[face_id]))
        if "picture" in face:
            face_picture = build.picture(face, "picture")
        elif owner is not None:  # "How does Leo feel?" with Leo's own faces
            face_picture = build.character_face(data, face_id)
        else:
            face_picture = build.pictures.resolve(FACE_EMOJI[face_id], build.path.parent)
        faces.append(Answer(face_id, text, face_picture, bool(face.get("right", not any_marked)),
                            build.line(face, "feedback", f"{prefix}.{face_id}.feedback")))
    return FeelingsScene(data["id"], build.line(data, "question", f"{prefix}.question"), tuple(faces), picture)


def build_sort(build: LessonBuild, data: LocatedDict, prefix: str, picture: PictureRef | None) -> SortScene:
    build.check_unique_ids(data["groups"], "groups", prefix)
    build.check_unique_ids(data["items"], "items", prefix)
    groups = tuple(
        SortGroup(group["id"], build.line(group, "text", f"{prefix}.{group['id']}"), build.picture(group, "picture"))
        for group in data["groups"]
    )
    group_ids = [group.id for group in groups]
    items = []
    for item in data["items"]:
        if item["group"] not in group_ids:
            close = difflib.get_close_matches(item["group"], group_ids, n=1, cutoff=0.5)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            build.report(item.value_positions["group"],
                        f"'{item['group']}' is not one of this scene's groups ({', '.join(group_ids)}).{hint}")
        items.append(SortItem(item["id"], build.line(item, "text", f"{prefix}.{item['id']}"),
                              build.picture(item, "picture"), item["group"],
                              build.line(item, "feedback", f"{prefix}.{item['id']}.feedback")))
    for group in groups:
        if not any(item.group == group.id for item in items):
            build.report(data.key_positions["items"],
                        f"nothing belongs in the group '{group.id}': give at least one item  group: {group.id}",
                        "warning")
    return SortScene(data["id"], build.line(data, "question", f"{prefix}.question"), groups, tuple(items),
                     build.line(data, "done", f"{prefix}.done"), picture=picture)
