"""How the game process uses memory: the allocator policy (issue 7: peak RSS <= a bare pygame window + 60 MB).

Nearly all of the game's memory is pixels: fitted text, pictures and cards rendered once and
cached (game/frame/pictures.py), each a few hundred KB to a few MB at 1080p, made and dropped as a child
moves from screen to screen. glibc's malloc serves a block of 128 KB or more with its own mmap,
given back to the system the moment it is freed, but it raises that threshold to the size of
every such block freed (up to 32 MB), after which pixel buffers come from the heap instead,
where a freed one can only be reused, not given back, and the heap is left full of holes: over
one play of every lesson that alone kept 20-25 MB more resident than the caches held. Fixing
the threshold keeps each picture's memory its own, returned as soon as a cache drops it.
"""

from __future__ import annotations

import os
import sys

M_MMAP_THRESHOLD = -3  # glibc's mallopt parameter number (malloc.h)
MMAP_THRESHOLD_BYTES = 128 * 1024  # glibc's own starting value, kept fixed


def tune_allocator() -> bool:
    """Keep glibc from moving large (pixel) blocks onto its heap. True if the policy is in force.

    Process-wide and idempotent; does nothing (False) where the C library is not glibc
    (Windows, macOS, musl), whose allocators do not have this problem in the same way.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        if not os.confstr("CS_GNU_LIBC_VERSION"):
            return False
        import ctypes

        libc = ctypes.CDLL(None)
        return bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
    except (OSError, ValueError, AttributeError):  # no confstr name, no libc symbol: leave malloc as it is
        return False
