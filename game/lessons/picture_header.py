"""A picture's size, read from its file's first bytes, before anything decodes it (issue 15, point 5).

A "picture bomb" is a small file that declares a huge picture: a 107 KB PNG of 30000 x 30000 pixels
decodes to 3.6 GB (4.3 GB with the scaling), and took 1.5 s of one frame. The size is in the header,
so it is read here without decoding a pixel, and a picture too large is refused: ``play.py check``
names it (game/lessons/build_parts.py) and the game shows a grey frame instead (game/frame/pictures.py).

SDL_image picks a decoder by the file's *content*, not its name: a ``.png`` file holding a JPEG, a GIF
or an SVG drawing is decoded as that. So the content is identified here the same way, and anything
that is not one of the kinds lessons use (PNG, and what a camera or a web page gives: JPEG, GIF, BMP,
WebP, QOI; SVG in a ``.svg`` file) is refused too, rather than handed to a decoder nobody checked.

No Pillow: it is not a dependency, and each header is a few fixed fields (the references are the
format specifications: PNG's IHDR chunk, JPEG's SOF segments, GIF89a, BMP's BITMAPINFOHEADER,
RIFF/WebP's VP8/VP8L/VP8X chunks, QOI's header, SVG's root element).
"""

from __future__ import annotations

import math
import os
import re
import stat
import struct
from pathlib import Path
from typing import BinaryIO, NamedTuple

# The largest picture side. A 4K board is 3840 x 2160 and the game fits a picture into a square no
# larger than the screen's shorter side, so 4096 is more than any screen here needs, and it lets
# through a teacher's phone photo as taken (12 MP: 4032 x 3024). Decoded, 4096 x 4096 is 64 MB at most.
MAX_SIDE_PX = 4096
# No picture within that size needs a bigger file: 4096 x 4096 at 4 bytes a pixel, stored without any
# compression (a BMP, or a PNG of noise), is 64 MB, plus a megabyte for its header and metadata.
MAX_RASTER_BYTES = MAX_SIDE_PX * MAX_SIDE_PX * 4 + 1024 * 1024
# An SVG is drawn at the size the screen needs, so its cost is its text: the XML parser reads all of
# it. OpenMoji's largest is 35 KB; a detailed drawing from a clip-art site is a few hundred KB.
MAX_SVG_BYTES = 4 * 1024 * 1024
SVG_HEAD_BYTES = 64 * 1024  # the root <svg ...> element is near the top (after an XML declaration, comments)

DO_THIS = f"make it at most {MAX_SIDE_PX} pixels wide and high"


class PictureHeader(NamedTuple):  # not a dataclass: making one costs 3 ms, and this is imported by the first picture
    kind: str  # "PNG", "JPEG", "GIF", "BMP", "WebP", "QOI" or "SVG"
    width: int | None  # in pixels; None for an SVG that declares no size (it is drawn to fit anyway)
    height: int | None


class UnreadablePicture(Exception):
    """Not a picture of a kind lessons use, or damaged: the message says so, for a teacher."""


def picture_refusal(path: Path) -> str | None:
    """Why the picture at ``path`` must not be decoded, as words that follow its name; None if it may.

    Reads at most the file's header (an SVG: its first 64 KB). OSError (missing, unreadable) is left
    to the caller, which already handles a missing picture.
    """
    is_svg_file = path.suffix.lower() == ".svg"
    # Opened without blocking, as lesson files are (yamlsource.read_lesson_bytes): a named pipe put in a
    # picture's place must not hang the picture worker, or `check`.
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    with os.fdopen(os.open(path, flags), "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            return "is not an ordinary file: copy the picture itself into the lesson's folder"
        size = status.st_size
        limit = MAX_SVG_BYTES if is_svg_file else MAX_RASTER_BYTES
        if size > limit:
            return (f"is a {size / 1e6:.0f} MB file, far more than any picture needs (at most {limit / 1e6:.0f} MB): "
                    f"save it again smaller: {DO_THIS}")
        try:
            header = read_header(file)
        except UnreadablePicture as problem:
            return str(problem)
    if is_svg_file and header.kind != "SVG":
        return f"is really a {header.kind} picture, not an SVG drawing: rename it to end in .png"
    if header.kind == "SVG" and not is_svg_file:
        # pygame.image.load would draw it at the size it declares, or its shapes' extent: unbounded.
        return "is really an SVG drawing: rename it to end in .svg"
    if header.width is not None and header.height is not None and (
            header.width > MAX_SIDE_PX or header.height > MAX_SIDE_PX):
        return (f"is {header.width} x {header.height} pixels, more than the game can show safely "
                f"(at most {MAX_SIDE_PX} x {MAX_SIDE_PX}): {DO_THIS}")
    return None


def picture_size(path: Path) -> tuple[int, int] | None:
    """The picture's own width and height in pixels, read from its header (the game fits it into a square,
    keeping its shape, so a hotspot's spots go where they should on a picture that is not square); None
    if it declares no size (an SVG drawn to fit: square), cannot be read, or is too large to be drawn
    (the game shows a square grey frame instead). Reads at most the header, as ``picture_refusal``."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        with os.fdopen(os.open(path, flags), "rb") as file:
            if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
                return None
            header = read_header(file)
    except (OSError, ValueError, struct.error, UnreadablePicture):
        return None
    if not header.width or not header.height or max(header.width, header.height) > MAX_SIDE_PX:
        return None
    return (header.width, header.height)


def read_header(file: BinaryIO) -> PictureHeader:
    """The kind and size of the picture in ``file`` (a binary file open at its start)."""
    head = file.read(32)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(head)
    if head.startswith(b"\xff\xd8\xff"):
        return _jpeg(file)
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return _gif(file)
    if head.startswith(b"BM"):
        return _bmp(head)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return _webp(head)
    if head.startswith(b"qoif") and len(head) >= 12:
        width, height = struct.unpack(">II", head[4:12])
        return PictureHeader("QOI", width, height)
    file.seek(0)
    text = file.read(4096).decode("utf-8", errors="replace")  # OpenMoji's root element is in its first line
    if _SVG_ROOT.search(text) is None:
        text += file.read(SVG_HEAD_BYTES - 4096).decode("utf-8", errors="replace")
    if "<svg" in text:
        return _svg(text)
    raise UnreadablePicture("is not a picture the game can read (it may be damaged, or another kind of file "
                            "renamed): open it in a picture editor and save it again as PNG")


def _damaged(kind: str) -> UnreadablePicture:
    return UnreadablePicture(f"is a damaged {kind} picture (its size cannot be read): "
                             "open it in a picture editor and save it again as PNG")


def _png(head: bytes) -> PictureHeader:
    # 8-byte signature, then the IHDR chunk: length (4), b"IHDR", width (4), height (4), big-endian.
    if len(head) < 24 or head[12:16] != b"IHDR":
        raise _damaged("PNG")
    width, height = struct.unpack(">II", head[16:24])
    return PictureHeader("PNG", width, height)


# Start-of-frame markers carry the size; C4 (Huffman tables), C8 (reserved) and CC (arithmetic coding)
# share the range but do not.
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_JPEG_MAX_SEGMENTS = 1000  # a real file reaches its SOF within a few dozen (EXIF, ICC profile pieces, tables)


def _jpeg(file: BinaryIO) -> PictureHeader:
    """Walk the segments after the start marker (each: 0xFF, a marker byte, a 2-byte length that counts
    itself) to the first start-of-frame: precision (1), height (2), width (2)."""
    file.seek(2)
    for _ in range(_JPEG_MAX_SEGMENTS):
        byte = file.read(1)
        if byte != b"\xff":
            break
        marker = file.read(1)
        while marker == b"\xff":  # fill bytes may pad between segments
            marker = file.read(1)
        if not marker:
            break
        code = marker[0]
        if code == 0x01 or 0xD0 <= code <= 0xD7:  # markers without a length
            continue
        if code in (0xD9, 0xDA):  # end of image, or the pixels start: no frame header came first
            break
        raw = file.read(2)
        if len(raw) < 2:
            break
        (length,) = struct.unpack(">H", raw)
        if length < 2:
            break
        if code in _JPEG_SOF:
            fields = file.read(5)
            if len(fields) < 5:
                break
            height, width = struct.unpack(">HH", fields[1:5])
            if height == 0 or width == 0:  # the height left to a later DNL marker: libjpeg cannot read those
                break
            return PictureHeader("JPEG", width, height)
        file.seek(length - 2, os.SEEK_CUR)
    raise _damaged("JPEG")


def _gif(file: BinaryIO) -> PictureHeader:
    """The logical screen's size (bytes 6-9, little-endian) and the first image's, the larger of each:
    SDL_image makes its picture from the image descriptor, which may claim more than the screen."""
    file.seek(6)
    screen = file.read(7)
    if len(screen) < 7:
        raise _damaged("GIF")
    width, height = struct.unpack("<HH", screen[:4])
    if screen[4] & 0x80:  # a global colour table follows: 3 bytes a colour
        file.seek(3 * (2 << (screen[4] & 7)), os.SEEK_CUR)
    for _ in range(10_000):  # extension blocks (comments, animation control) before the first image
        introducer = file.read(1)
        if introducer == b",":  # image descriptor: left, top, width, height
            fields = file.read(8)
            if len(fields) < 8:
                break
            frame_width, frame_height = struct.unpack("<HH", fields[4:8])
            return PictureHeader("GIF", max(width, frame_width), max(height, frame_height))
        if introducer != b"!" or not file.read(1):  # an extension: its label, then sub-blocks
            break
        while True:
            length = file.read(1)
            if not length:
                raise _damaged("GIF")
            if length == b"\x00":
                break
            file.seek(length[0], os.SEEK_CUR)
    raise _damaged("GIF")


def _bmp(head: bytes) -> PictureHeader:
    """After the 14-byte file header, the info header starts with its own size: 12 (OS/2: 16-bit width
    and height) or 40 and more (32-bit, signed; a negative height is a picture stored top row first)."""
    if len(head) < 26:
        raise _damaged("BMP")
    (info_size,) = struct.unpack("<I", head[14:18])
    if info_size == 12:
        width, height = struct.unpack("<HH", head[18:22])
    elif info_size >= 40:
        width, height = struct.unpack("<ii", head[18:26])
    else:
        raise _damaged("BMP")
    return PictureHeader("BMP", abs(width), abs(height))


def _webp(head: bytes) -> PictureHeader:
    chunk = head[12:16]
    if chunk == b"VP8 " and len(head) >= 30 and head[23:26] == b"\x9d\x01\x2a":  # lossy: a key frame's size
        width, height = struct.unpack("<HH", head[26:30])
        return PictureHeader("WebP", width & 0x3FFF, height & 0x3FFF)
    if chunk == b"VP8L" and len(head) >= 25 and head[20] == 0x2F:  # lossless: 14 bits each, less one
        bits = int.from_bytes(head[21:25], "little")
        return PictureHeader("WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
    if chunk == b"VP8X" and len(head) >= 30:  # extended (alpha, animation): the canvas, 24 bits each, less one
        return PictureHeader("WebP", int.from_bytes(head[24:27], "little") + 1,
                             int.from_bytes(head[27:30], "little") + 1)
    raise _damaged("WebP")


# -- SVG: the root element's width and height (with units), else its viewBox ------------------------

_SVG_ROOT = re.compile(r"<svg\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"([\w:.-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_LENGTH = re.compile(r"\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*(px|pt|pc|mm|cm|in|em|ex|%)?\s*$", re.IGNORECASE)
# Pixels per unit at 96 dots per inch, as SDL_image's SVG library (nanosvg) converts them; em and ex
# taken at its default 16 px font.
_PX_PER_UNIT = {None: 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0,
                "em": 16.0, "ex": 8.0}


def _svg(text: str) -> PictureHeader:
    root = _SVG_ROOT.search(text)
    if root is None:  # drawn to fit, so no size is no danger: SDL_image says what is wrong, if anything
        return PictureHeader("SVG", None, None)
    attributes = {match.group(1).lower(): match.group(2) if match.group(2) is not None else match.group(3)
                  for match in _ATTRIBUTE.finditer(root.group(1))}
    width, height = _svg_length(attributes.get("width")), _svg_length(attributes.get("height"))
    box = re.split(r"[\s,]+", attributes.get("viewbox", "").strip())
    if len(box) == 4:
        try:
            box_width, box_height = abs(float(box[2])), abs(float(box[3]))
        except ValueError:
            box_width = box_height = None
        if not (box_width is not None and math.isfinite(box_width) and math.isfinite(box_height)):
            box_width = box_height = None  # "nan" and "inf" are floats to Python, and no size to anyone
        width = width if width is not None else box_width
        height = height if height is not None else box_height
    if width is None or height is None:
        return PictureHeader("SVG", None, None)  # no size of its own: drawn to the size the screen asks for
    return PictureHeader("SVG", _whole(width), _whole(height))


def _svg_length(value: str | None) -> float | None:
    """A width or height in pixels; None when absent, a percentage (of nothing here) or not a length."""
    found = _LENGTH.match(value or "")
    if found is None or found.group(2) == "%":
        return None
    return abs(float(found.group(1))) * _PX_PER_UNIT[found.group(2) and found.group(2).lower()]


def _whole(pixels: float) -> int:
    """Rounded up, and a size too large to be a number (1e999) kept as one too large to draw."""
    return int(min(pixels, 2.0 ** 31) + 0.999)
