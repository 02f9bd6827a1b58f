"""A minimal PDF writer: each page is one picture, filling the page.

Printable things (the certificate, lesson storyboards) are drawn with pygame at
print resolution, so a PDF only has to wrap those pictures: a catalogue, a page
list, and per page a page, an image and a one-line drawing command. Writing
these few objects ourselves avoids a PDF library dependency.
"""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from typing import Sequence

import pygame

A4_LANDSCAPE = (842, 595)  # in PDF points (1/72 inch)
A4_PORTRAIT = (595, 842)


@dataclass(frozen=True)
class PdfImage:
    """Encoded pixels, as a PDF image stream wants them."""

    data: bytes
    width: int
    height: int
    filter: str  # "DCTDecode" (JPEG) or "FlateDecode" (lossless, PNG-predicted rows)

    def dictionary(self) -> str:
        extra = ""
        if self.filter == "FlateDecode":
            extra = f" /DecodeParms << /Predictor 15 /Colors 3 /BitsPerComponent 8 /Columns {self.width} >>"
        return (f"<< /Type /XObject /Subtype /Image /Width {self.width} /Height {self.height} "
                f"/ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /{self.filter}{extra} /Length {len(self.data)} >>")


def jpeg_image(surface: pygame.Surface) -> PdfImage:
    """Small, for photos and soft colours (the certificate)."""
    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "page.jpg")
    return PdfImage(buffer.getvalue(), *surface.get_size(), "DCTDecode")


def lossless_image(surface: pygame.Surface) -> PdfImage:
    """Sharp text with no JPEG smudges: a PNG's compressed rows are exactly what PDF's Flate filter reads."""
    rgb = pygame.Surface(surface.get_size(), depth=24)
    rgb.blit(surface, (0, 0))
    buffer = io.BytesIO()
    pygame.image.save(rgb, buffer, "page.png")
    png = buffer.getvalue()
    chunks: dict[bytes, bytes] = {}
    position = 8  # after the PNG signature
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position:position + 8])
        body = png[position + 8:position + 8 + length]
        chunks[kind] = chunks.get(kind, b"") + body  # IDAT may come in several pieces
        position += 12 + length
    width, height, depth, colour_type, _, _, interlace = struct.unpack(">IIBBBBB", chunks[b"IHDR"])
    if (depth, colour_type, interlace) == (8, 2, 0):
        return PdfImage(chunks[b"IDAT"], width, height, "FlateDecode")
    # Some other PNG layout: predict each row with "none" ourselves (bigger, still exact).
    raw = pygame.image.tobytes(rgb, "RGB")
    stride = width * 3
    rows = b"".join(b"\0" + raw[y * stride:(y + 1) * stride] for y in range(height))
    return PdfImage(zlib.compress(rows, 6), width, height, "FlateDecode")


def pdf_of_images(images: Sequence[PdfImage], page_points: tuple[float, float] = A4_LANDSCAPE) -> bytes:
    """A PDF with one page per image, each image stretched to the whole page."""
    page_w, page_h = page_points
    count = len(images)
    kids = " ".join(f"{3 + 3 * index} 0 R" for index in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode(),
    ]
    content = f"q {page_w} 0 0 {page_h} 0 0 cm /Im0 Do Q".encode()
    for index, image in enumerate(images):
        picture, drawing = 4 + 3 * index, 5 + 3 * index  # the page itself is 3 + 3 * index
        objects += [
            (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {page_w} {page_h}] "
             f"/Resources << /XObject << /Im0 {picture} 0 R >> >> /Contents {drawing} 0 R >>").encode(),
            image.dictionary().encode() + b"\nstream\n" + image.data + b"\nendstream",
            f"<< /Length {len(content)} >>\nstream\n".encode() + content + b"\nendstream",
        ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
