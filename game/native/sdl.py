"""Finding the SDL libraries pygame itself loaded, to call what pygame does not expose (with ctypes).

Two modules need this: ``wait`` (SDL's real wait for input) and ``svg`` (SDL_image's SVG drawing,
called so that Python's lock is let go meanwhile). Both must use the very copy pygame set up: a
second copy of SDL would wait on no window, and a surface must be freed by the library that made it.

The names and struct layouts those modules use are SDL 2's. SDL 3 renames functions
(SDL_RWFromConstMem is SDL_IOFromConstMem, IMG_LoadSizedSVG_RW is IMG_LoadSizedSVG_IO), changes what
some return (SDL_WaitEventTimeout: a bool) and lays SDL_Surface out differently (its format is a
number, not a pointer). Rather than guess, a lookup under any SDL but 2 gives up and says so
(``unsupported``), and the game uses pygame's own slower way (game/native/capabilities.py reports it).
"""

from __future__ import annotations

import ctypes
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Generic, Iterable, Iterator, TypeVar

import pygame

SDL = "libSDL2-2"
SDL_IMAGE = "libSDL2_image-2"
_SYSTEM_NAMES = {SDL: ("/libSDL2-2", "/libSDL2.so"), SDL_IMAGE: ("/libSDL2_image-2", "/libSDL2_image.so")}
_OTHER_PLATFORMS = {
    SDL: {"win32": ["SDL2.dll"], "darwin": [".dylibs/libSDL2-2*.dylib", "libSDL2*.dylib"]},
    SDL_IMAGE: {"win32": ["SDL2_image.dll"], "darwin": [".dylibs/libSDL2_image*.dylib", "libSDL2_image*.dylib"]},
}
SUPPORTED_MAJOR = 2  # the SDL whose names and layouts wait.py and svg.py are written for

Version = tuple[int, int, int]
Finder = Callable[[str], Iterable[Path]]  # ``candidates``, or a stand-in in tests
Loader = Callable[[str], Any]  # ``ctypes.CDLL``, or a stand-in in tests
T = TypeVar("T")


def candidates(library: str) -> Iterator[Path]:
    """Where ``library`` (``SDL`` or ``SDL_IMAGE``) that pygame loaded may be: the copy its wheel
    ships, else the one in the process's own map on Linux (a pygame built on the system's SDL), else
    beside pygame. The caller checks that a candidate is the copy pygame uses; the wheel's comes
    first because reading the map costs 5-25 ms of start-up."""
    package = Path(pygame.__file__).parent
    yield from sorted((package.parent / "pygame_ce.libs").glob(f"{library}*.so*"))
    found: list[Path] = []
    maps = Path("/proc/self/maps")
    if maps.exists():
        for line in maps.read_text(errors="replace").splitlines():
            name = line.rsplit(" ", 1)[-1]
            if any(part in name for part in _SYSTEM_NAMES[library]):
                path = Path(name)
                if path not in found:
                    found.append(path)
    for pattern in _OTHER_PLATFORMS[library].get(sys.platform, []):
        found += sorted(package.glob(pattern))
    yield from found


def where_looked(library: str) -> str:
    """Where ``candidates`` looks, in words, for a report that found nothing."""
    places = ["pygame_ce.libs"]
    if Path("/proc/self/maps").exists():
        places.append("the libraries this process loaded")
    if _OTHER_PLATFORMS[library].get(sys.platform):
        places.append("pygame's folder")
    return f"no {library} library in " + " or ".join(places)


@dataclass(frozen=True)
class Found(Generic[T]):
    """What a lookup found (``value``, in the library named ``where``), or why it found nothing."""

    value: T | None
    where: str = ""
    why_not: str = ""


def dotted(version: Version | None) -> str:
    return ".".join(str(part) for part in version) if version else "unknown"


def sdl_version() -> Version:
    """The SDL pygame runs on (the library it loaded, not the headers it was built with)."""
    return tuple(pygame.get_sdl_version())  # type: ignore[return-value]


def sdl_image_version() -> Version | None:
    """The SDL_image pygame runs on; None if pygame was built without it."""
    try:
        version = pygame.image.get_sdl_image_version()
    except (AttributeError, pygame.error):
        return None
    return tuple(version) if version else None  # type: ignore[return-value]


def unsupported(name: str, version: Version | None, in_sdl3: str = "") -> str | None:
    """Why ``name`` at ``version`` cannot be called here (its major version is not 2), or None.
    ``in_sdl3``: what SDL 3 changed that the caller relies on, to say so."""
    if version is None or version[0] == SUPPORTED_MAJOR:
        return None
    changed = f" ({in_sdl3})" if in_sdl3 and version[0] == 3 else ""
    return (f"pygame runs on {name} {dotted(version)}, not {name} {SUPPORTED_MAJOR}, whose function names "
            f"and struct layouts these calls are written for{changed}")


def bind(library: Any, name: str, restype: Any, argtypes: list) -> Any:
    """``library``'s function ``name`` with its C types declared; AttributeError if it has none."""
    function = getattr(library, name)
    function.restype, function.argtypes = restype, argtypes
    return function


def load_library(path: Path, load: Loader = ctypes.CDLL) -> tuple[Any, str]:
    """(the library at ``path``, "") or (None, why it would not load)."""
    try:
        return load(str(path)), ""
    except OSError as error:
        return None, f"{path.name} would not load ({error})"
