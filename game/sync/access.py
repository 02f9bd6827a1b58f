"""Who may use the class hub: the class code on the board, device tokens, and the school's own network.

A tablet joins once with the 6-letter code the teacher shows on the board and gets a device token; from
then on it sends the token, never the code. Only a hash of each token is kept on the teacher's PC (a
token is 32 random bytes, so a plain SHA-256 cannot be reversed or guessed), so a copy of the PC's data
folder does not let anyone act as a tablet. Guessing the code is slowed to a few tries per address and a
few dozen in all every ten minutes: 17^6 (24 million) codes then take years.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import secrets
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from ..engine.private_files import read_owned, write_private

# No letters that look like digits or like each other on a board seen from the back of the room
# (B 8, D O 0 Q, G 6, I L 1, S 5, Z 2); all capitals, so a tablet can take the code in any case.
CODE_LETTERS = "ACEFHJKMNPRTUVWXY"
CODE_LENGTH = 6
HUB_FILE = "hub.json"  # on the teacher's PC: the hub's id, the class code, joined devices (token hashes)


def new_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def normal_code(text: object) -> str:
    """A code as typed ("ace fhj", "ace-fhj") made comparable with the one on the board."""
    return "".join(ch for ch in str(text).upper() if ch.isalnum()) if isinstance(text, str) else ""


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def on_school_network(address: str | None) -> bool:
    """True for loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7) and link-local addresses: the
    school's own network. Anything else (a public address forwarded in by a router) is refused unless the
    teacher allowed it."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_link_local or (ip.is_private and not ip.is_unspecified)


class WrongCodes:
    """Counts wrong codes in a sliding window: per address and in all (an address is cheap to change)."""

    def __init__(self, per_address: int = 5, in_all: int = 30, window_s: float = 600.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.per_address, self.in_all, self.window_s, self.clock = per_address, in_all, window_s, clock
        self._wrong: deque[tuple[float, str]] = deque()

    def _forget_old(self) -> None:
        limit = self.clock() - self.window_s
        while self._wrong and self._wrong[0][0] < limit:
            self._wrong.popleft()

    def blocked(self, address: str) -> bool:
        self._forget_old()
        if len(self._wrong) >= self.in_all:
            return True
        return sum(1 for _, who in self._wrong if who == address) >= self.per_address

    def wrong(self, address: str) -> None:
        self._wrong.append((self.clock(), address))


@dataclass
class Device:
    """A tablet that joined: what the teacher sees in the list of devices (and can forget)."""

    device_id: str
    name: str
    token_hash: str
    joined: str
    last_seen: str = ""


class HubKeys:
    """The hub's lasting state, in ``hub.json`` (0600) in the PC's data folder: its id, the class code,
    and each joined device with its token's hash. Safe to use from any thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        raw = read_owned(path)
        state = {}
        if raw:
            try:
                state = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                state = {}  # a damaged file: a new code and tablets join again (nothing about children is lost)
        self.hub_id: str = str(state.get("hub_id") or secrets.token_hex(16))
        code = normal_code(state.get("code", ""))
        self.code: str = code if len(code) == CODE_LENGTH and set(code) <= set(CODE_LETTERS) else new_code()
        self._devices: dict[str, Device] = {}
        for item in state.get("devices", []) if isinstance(state.get("devices"), list) else []:
            try:
                device = Device(**{key: str(item[key]) for key in ("device_id", "name", "token_hash", "joined")},
                                last_seen=str(item.get("last_seen", "")))
            except (KeyError, TypeError):
                continue
            self._devices[device.device_id] = device
        if state.get("hub_id") != self.hub_id or state.get("code") != self.code:
            self.save()

    def save(self) -> None:
        with self._lock:
            state = {"hub_id": self.hub_id, "code": self.code,
                     "devices": [asdict(device) for device in self._devices.values()]}
        write_private(self.path, json.dumps(state, indent=1))

    def code_matches(self, code: object) -> bool:
        return hmac.compare_digest(normal_code(code).encode(), self.code.encode())

    def join(self, device_id: str, name: str, at: str) -> str:
        """A new token for ``device_id`` (joining again replaces its old token); the caller saves."""
        token = new_token()
        with self._lock:
            self._devices[device_id] = Device(device_id, name, token_hash(token), at, at)
        return token

    def device_for(self, token: str) -> Device | None:
        wanted = token_hash(token)
        with self._lock:
            for device in self._devices.values():
                if hmac.compare_digest(device.token_hash, wanted):
                    return device
        return None

    def devices(self) -> list[Device]:
        with self._lock:
            return [Device(**asdict(device)) for device in self._devices.values()]

    def forget(self, device_id: str) -> bool:
        with self._lock:
            found = self._devices.pop(device_id, None) is not None
        if found:
            self.save()
        return found

    def renew_code(self) -> str:
        with self._lock:
            self.code = new_code()
        self.save()
        return self.code
