"""``python play.py hub``: the class hub with no window, until Ctrl+C (or kill, or the terminal closing)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TextIO

from .hub import DEFAULT_PORT, HubError, HubServer, Received


def run_hub(data_dir: Path, port: int | None, class_name: str | None, allow_any_network: bool, advertise: bool,
            out: TextIO, err: TextIO, host: str = "0.0.0.0") -> int:
    from ..engine.settings import Settings
    from ..engine.stop_signals import StopSignals
    from .lrs import start_forwarding

    forwarder = None

    def received(what: Received) -> None:
        print(f"{what.device_name}: {what.stored} new", file=out, flush=True)
        if forwarder is not None and what.stored:
            forwarder.wake()  # the tablets' statements on to the trust's LRS too

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
            settings = Settings.load(data_dir)  # forwarding to an LRS, if set up (python play.py lrs)
            forwarder = start_forwarding(data_dir, settings.lrs_endpoint, settings.lrs_key, first_look=0.0)
            if forwarder is not None and forwarder.running:
                print(f"Forwarding statements to the LRS at {forwarder.url}", file=out, flush=True)
            told = None
            while not stopped.wait(0.5):  # a timed wait, so the signal handler runs promptly on this thread
                notice = forwarder.notice if forwarder is not None else None
                if notice != told and notice is not None:
                    print(notice, file=err, flush=True)
                told = notice
        finally:
            hub.stop()
            if forwarder is not None:
                forwarder.stop(timeout=2.0)
    print("The hub has stopped.", file=out, flush=True)
    return 0
