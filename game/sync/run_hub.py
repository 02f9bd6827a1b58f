"""``python play.py hub``: the class hub with no window, until Ctrl+C (or kill, or the terminal closing)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TextIO

from .hub import DEFAULT_PORT, HubError, HubServer, Received


def run_hub(data_dir: Path, port: int | None, class_name: str | None, allow_any_network: bool, advertise: bool,
            out: TextIO, err: TextIO, host: str = "0.0.0.0") -> int:
    from ..stop_signals import StopSignals

    def received(what: Received) -> None:
        print(f"{what.device_name}: {what.stored} new", file=out, flush=True)

    hub = HubServer(data_dir, port=DEFAULT_PORT if port is None else port, host=host, class_name=class_name,
                    allow_any_network=allow_any_network, advertise=advertise, on_received=received)
    stopped = threading.Event()
    with StopSignals() as stop:
        stop.stop_with(stopped.set)
        try:
            hub.start()
        except HubError as error:
            print(error, file=err)
            return 1
        try:
            print(f"SMART Stars class hub at {hub.address}", file=out)
            print(f"Class code: {hub.code}", file=out)
            print("On each tablet: teacher mode, Share, then the address and the code. Ctrl+C stops the hub.",
                  file=out, flush=True)
            while not stopped.wait(0.5):  # a timed wait, so the signal handler runs promptly on this thread
                pass
        finally:
            hub.stop()
    print("The hub has stopped.", file=out, flush=True)
    return 0
