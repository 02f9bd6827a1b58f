"""The render process: draws cast pictures with DiceBear and resvg, and writes them as PNG files.

Run as its own program (``python game/cast/render_process.py``) by game/cast/pictures.py, never imported by
the game itself: resvg keeps Python's lock for the whole of a drawing (60-140 ms for one character),
which on a thread beside the frame loop would stall frames; in its own process it costs the game
nothing but a line on a pipe. It imports nothing from the game, so it starts quickly.

Protocol: one JSON request a line on stdin, ``{"id": n, "spec": {...}, "size": px, "out": path}``;
one JSON reply a line on stdout, ``{"id": n, "pid": this process}`` or ``{"id": n, "error": why}``.
It ends when stdin closes (the game closed or died). With ``--low-priority`` it runs niced: the cast drawn
ahead of need (game/cast/ahead.py) takes only time the game and the machine leave over.

A spec is a square picture made of layers, each a DiceBear character or a picture file (an OpenMoji
SVG, a school's own PNG) placed in a box given in percent of the square:
``{"layers": [{"dicebear": {"style": "toon-head", "options": {...}}, "box": [x, y, side]}, ...]}``.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import tempfile
from pathlib import Path

_STYLES: dict = {}


def _style(name: str):
    if name not in _STYLES:
        from importlib.resources import files

        from dicebear import Style

        _STYLES[name] = Style.from_json(files("dicebear_styles").joinpath(f"{name}.json").read_text("utf-8"))
    return _STYLES[name]


def _data_uri(layer: dict) -> str:
    if "dicebear" in layer:
        from dicebear import Avatar

        svg = Avatar(_style(layer["dicebear"]["style"]), layer["dicebear"]["options"]).to_string()
        return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    path = Path(layer["file"])
    kind = "image/svg+xml" if path.suffix.lower() == ".svg" else "image/png"
    return f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def compose_svg(spec: dict) -> str:
    """The spec as one SVG: each layer an image in its box (a 100 x 100 square)."""
    images = []
    for layer in spec["layers"]:
        x, y, side = (float(value) for value in layer["box"])
        images.append(f'<image x="{x}" y="{y}" width="{side}" height="{side}" '
                      f'preserveAspectRatio="xMidYMid meet" href="{_data_uri(layer)}"/>')
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" width="100" height="100">'
            + "".join(images) + "</svg>")


def render(spec: dict, size: int, out: str) -> None:
    """Draw ``spec`` as a ``size`` px square PNG at ``out`` (written whole, then renamed into place)."""
    import resvg_py

    png = bytes(resvg_py.svg_to_bytes(svg_string=compose_svg(spec), width=size, height=size,
                                      skip_system_fonts=True))
    target = Path(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(png)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main() -> int:
    if "--low-priority" in sys.argv[1:] and hasattr(os, "nice"):
        try:
            os.nice(10)  # drawing ahead: after the frame loop and an on-screen picture's drawing, on any core
        except OSError:
            pass
    try:  # ready before the first request (the game may start this process before it needs a picture)
        import resvg_py  # noqa: F401

        _style("toon-head")
    except Exception:  # noqa: BLE001 - a broken install: each request then says what is wrong
        pass
    for line in sys.stdin:
        try:
            request = json.loads(line)
        except ValueError:
            continue
        reply: dict = {"id": request.get("id")}
        try:
            render(request["spec"], int(request["size"]), request["out"])
            reply["pid"] = os.getpid()
        except Exception as error:  # noqa: BLE001 - every failure is told to the game, which shows a grey frame
            reply["error"] = f"{type(error).__name__}: {error}"
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
