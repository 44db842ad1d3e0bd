"""`--state PATH`: the simulator's snapshot kept in a file across restarts (docs/snapshots.md).

At start the file, when it exists, is decoded whole before the server binds (a corrupt or
incompatible file is a start-up error and is left as it is); it is applied when the app starts.
While running, the snapshot is written every `--state-interval` seconds if anything changed, and
once more on graceful shutdown, each time atomically: a temporary file beside it, then a rename.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import TYPE_CHECKING

from simulator.control import snapshot as control_snapshot
from simulator.engine import snapshot

if TYPE_CHECKING:
    from simulator.control.base import Control

log = logging.getLogger("ordersim.state")


class StateFileError(Exception):
    """The state file cannot be used; the message names it and says why."""


class StateFile:
    def __init__(self, path: str, control: Control, interval: float) -> None:
        self.path, self.control, self.interval = path, control, interval
        self._raw: bytes | None = None
        self._written: tuple[int, int, int] | None = None

    def check(self) -> None:
        """Read and decode the file now (before binding), so a bad one stops the start."""
        try:
            with open(self.path, "rb") as f:
                raw = f.read()
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StateFileError(f"{self.path}: cannot be read ({exc.strerror or exc})") from None
        try:
            snapshot.decode(self.control.engine, raw)
        except snapshot.SnapshotError as exc:
            raise StateFileError(f"{self.path}: {exc}; the file was left unchanged (move it away to "
                                 "start clean)") from None
        self._raw = raw

    def load(self) -> list[str]:
        """Apply what `check` read (at app start-up, inside the event loop); the tenants restored."""
        names: list[str] = []
        if self._raw is not None:
            names = control_snapshot.restore(self.control, self._raw)
            self._raw = None
            log.info("state restored from %s: %d tenants", self.path, len(names))
        self._written = self._marker()
        return names

    def _marker(self) -> tuple[int, int, int]:
        """Moves whenever anything could have changed: a request, an event or notice, a delivery."""
        engine = self.control.engine
        return self.control.journal.last_seq, engine.bus.last_seq, engine.outbox.seq

    async def write(self, force: bool = False) -> bool:
        """Write the snapshot if something changed since the last write (or `force`)."""
        marker = self._marker()
        if not force and marker == self._written:
            return False
        data = control_snapshot.take(self.control)  # on the loop: a consistent picture
        await asyncio.to_thread(write_atomically, self.path, data)
        self._written = marker
        return True

    async def run(self) -> None:
        """Every interval: write if changed. A failed write is logged and tried again next time."""
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.write()
            except OSError as exc:
                log.error("state file %s not written: %s", self.path, exc)


def write_atomically(path: str, data: bytes) -> None:
    """Readers (and a crash) see the old file or the new one, never half of one."""
    directory = os.path.dirname(os.path.abspath(path))
    os.makedirs(directory, exist_ok=True)
    tmp = f"{path}.tmp-{os.getpid()}"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
