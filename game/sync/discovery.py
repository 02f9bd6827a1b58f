"""Finding the class hub on the school network with zeroconf (mDNS/DNS-SD), as printers are found.

The hub advertises ``_smart-stars._tcp.local.`` with its address, port and hub id (nothing about the
class or any child: every device on the network can read an advert); a tablet's teacher mode lists the
hubs it finds, and typing the address stays the fallback (some school networks block multicast).
``interfaces`` limits both to some addresses: tests pass ["127.0.0.1"], so nothing leaves the machine.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass

SERVICE_TYPE = "_smart-stars._tcp.local."


@dataclass(frozen=True)
class FoundHub:
    name: str
    address: str  # "http://192.168.1.20:47474": what SyncClient.join takes
    hub_id: str


def _zeroconf(interfaces: list[str] | None):
    from zeroconf import InterfaceChoice, IPVersion, Zeroconf

    if interfaces:
        return Zeroconf(interfaces=list(interfaces), ip_version=IPVersion.V4Only)
    return Zeroconf(interfaces=InterfaceChoice.Default, ip_version=IPVersion.V4Only)


class Advert:
    """The hub's advert; registering probes the network for about 1.5 s, so it runs on its own thread
    and ``start()`` returns at once."""

    def __init__(self, hub_id: str, host: str, port: int, interfaces: list[str] | None = None) -> None:
        self.hub_id, self.host, self.port, self.interfaces = hub_id, host, port, interfaces
        self._zc = None
        self._info = None
        self._thread: threading.Thread | None = None
        self.registered = threading.Event()
        self.problem: str | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._register, name="hub-advert", daemon=True)
        self._thread.start()

    def _register(self) -> None:
        from zeroconf import ServiceInfo

        try:
            self._zc = _zeroconf(self.interfaces)
            self._info = ServiceInfo(
                SERVICE_TYPE, f"SMART Stars hub {self.hub_id[:8]}.{SERVICE_TYPE}",
                addresses=[socket.inet_aton(self.host)], port=self.port,
                properties={"hub_id": self.hub_id, "v": "1"}, server=f"smart-stars-{self.hub_id[:8]}.local.")
            self._zc.register_service(self._info, allow_name_change=True)
            self.registered.set()
        except Exception as error:  # no multicast on this network: tablets type the address instead
            self.problem = f"the hub cannot be found automatically ({error}): type its address on the tablets"

    def close(self) -> None:
        if self._thread is not None:
            self._thread.join(5)
        if self._zc is not None:
            try:
                if self.registered.is_set():
                    self._zc.unregister_service(self._info)
            finally:
                self._zc.close()
            self._zc = None


class HubFinder:
    """Browses for hubs while teacher mode's "Join a hub" screen is open: ``start()``, read ``hubs()`` each
    frame (it never waits), ``stop()``. Zeroconf's own thread does the listening."""

    def __init__(self, interfaces: list[str] | None = None) -> None:
        self.interfaces = interfaces
        self._zc = None
        self._browser = None
        self._found: dict[str, FoundHub] = {}
        self._lock = threading.Lock()
        self.changed = threading.Event()

    def start(self) -> None:
        from zeroconf import ServiceBrowser

        self._zc = _zeroconf(self.interfaces)
        self._browser = ServiceBrowser(self._zc, SERVICE_TYPE, handlers=[self._on_change])

    def _on_change(self, zeroconf, service_type: str, name: str, state_change) -> None:
        from zeroconf import ServiceStateChange

        if state_change is ServiceStateChange.Removed:
            with self._lock:
                self._found.pop(name, None)
            self.changed.set()
            return
        # Asking for the details waits for an answer: on a thread of its own, never zeroconf's own loop.
        threading.Thread(target=self._resolve, args=(zeroconf, service_type, name), daemon=True).start()

    def _resolve(self, zeroconf, service_type: str, name: str) -> None:
        info = zeroconf.get_service_info(service_type, name, timeout=3000)
        if info is None or not info.parsed_addresses():
            return
        properties = {key.decode(): (value or b"").decode() for key, value in info.properties.items()}
        hub = FoundHub(name.removesuffix("." + service_type), f"http://{info.parsed_addresses()[0]}:{info.port}",
                       properties.get("hub_id", ""))
        with self._lock:
            self._found[name] = hub
        self.changed.set()

    def hubs(self) -> list[FoundHub]:
        with self._lock:
            return sorted(self._found.values(), key=lambda hub: hub.name)

    def stop(self) -> None:
        if self._browser is not None:
            self._browser.cancel()
            self._browser = None
        if self._zc is not None:
            self._zc.close()
            self._zc = None


def find_hubs(timeout: float = 3.0, interfaces: list[str] | None = None, hub_id: str | None = None) -> list[FoundHub]:
    """The hubs that answer within ``timeout`` (blocking: call it off the frame loop). With ``hub_id``,
    returns as soon as that hub is found (a tablet looking for its own hub at a new address)."""
    finder = HubFinder(interfaces)
    finder.start()
    try:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            finder.changed.wait(min(left, 0.2))
            finder.changed.clear()
            if hub_id and any(hub.hub_id == hub_id for hub in finder.hubs()):
                break
        return finder.hubs()
    finally:
        finder.stop()
