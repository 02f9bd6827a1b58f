"""One module per way to play. Each activity is self-contained: it lays out its own
widgets inside the player, says its own lines and decides when it is done.
To add a scene kind: add its model and schema, then an Activity here, and register it.
"""

from __future__ import annotations

from .base import Activity, QuestionRecord
from .feelings import FeelingsActivity
from .hotspot import HotspotActivity
from .pick_one import PickOneActivity
from .sort import SortActivity
from .story import StoryActivity
from .tap_all import TapAllActivity

ACTIVITIES: dict[str, type[Activity]] = {
    "story": StoryActivity,
    "choose": PickOneActivity,
    "thumbs": PickOneActivity,
    "feelings": FeelingsActivity,
    "hotspot": HotspotActivity,
    "tap-all": TapAllActivity,
    "sort": SortActivity,
}

__all__ = ["ACTIVITIES", "Activity", "QuestionRecord"]
