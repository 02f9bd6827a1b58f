"""Picture avatars: animals, never photos (the school's policy), each drawn by OpenMoji."""

from __future__ import annotations

AVATARS: dict[str, str] = {  # avatar id -> OpenMoji emoji name
    "bear": "bear", "cat": "cat face", "dog": "dog face", "fox": "fox", "frog": "frog", "lion": "lion",
    "monkey": "monkey face", "owl": "owl", "panda": "panda", "penguin": "penguin", "rabbit": "rabbit face",
    "tiger": "tiger face", "unicorn": "unicorn", "koala": "koala", "pig": "pig face", "mouse": "mouse face",
    "hamster": "hamster", "chicken": "chicken", "elephant": "elephant", "turtle": "turtle",
    "hedgehog": "hedgehog", "octopus": "octopus", "butterfly": "butterfly", "crocodile": "crocodile",
    "giraffe": "giraffe", "zebra": "zebra", "hippo": "hippopotamus", "snail": "snail", "dolphin": "dolphin",
    "ladybird": "lady beetle",
}


def free_avatar(taken: set[str]) -> str:
    """The first animal nobody in the class has yet (or the first, if all are taken)."""
    return next((avatar for avatar in AVATARS if avatar not in taken), next(iter(AVATARS)))
