"""Teacher mode's screens, each opened by its name (``open_screen(ctx, "worries")``, or
``screen_named("worries")`` for the class), never by importing another screen: the screens form a web (the
menu opens the overview, which opens a pupil, who opens the access page...), and by name each is imported
only when first opened, with no import cycle between them (tests/test_architecture.py). ``SCREENS`` is the
one list; each screen's own ``name`` is its key (tests/test_screens_by_name.py)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..base import Scene

SCREENS: dict[str, tuple[str, str]] = {
    "pin": ("pin", "PinScene"),
    "teacher": ("menu", "TeacherMenuScene"),
    "worries": ("worries", "WorriesScene"),
    "overview": ("overview", "OverviewScene"),
    "settings": ("settings", "SettingsScene"),
    "pupil": ("pupil", "PupilScene"),
    "confirm": ("dialogs", "ConfirmScene"),
    "import-results": ("dialogs", "ImportResultsScene"),
    "text-entry": ("dialogs", "TextEntryScene"),
    "avatar-choice": ("dialogs", "AvatarChoiceScene"),
    "lessons": ("lessons", "LessonsScene"),
    "pupil-letter": ("overview_pages", "PupilLetterScene"),
    "class-questions": ("overview_pages", "ClassQuestionsScene"),
    "report-saved": ("overview_pages", "ReportSavedScene"),
    "access": ("access", "AccessSettingsScene"),
    "home-language": ("home_language", "HomeLanguageScene"),
    "sharing": ("sharing", "SharingScene"),
    "join-hub": ("sharing", "JoinHubScene"),
    "keypad": ("sharing", "KeypadScene"),
    "folder-setup": ("sharing", "FolderSetupScene"),
}


def screen_named(name: str) -> type["Scene"]:
    """The screen class called ``name`` (its module imported now, the first time)."""
    module, cls = SCREENS[name]
    return getattr(importlib.import_module(f"{__name__}.{module}"), cls)


def open_screen(ctx: Any, name: str, *args: Any, **kwargs: Any) -> "Scene":
    """Make the screen called ``name`` and put it on top of the stack."""
    scene = screen_named(name)(ctx, *args, **kwargs)
    ctx.stack.push(scene)
    return scene
