"""At most N generations at once in this process; the others wait, first come first served.

This gate protects the process's own CPU and model context, so it deliberately lives in
process memory (like the model lock); cross-process limits (quotas, routing load) live in the
shared cache.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Iterator

from django.conf import settings


class QueueFull(Exception):
    pass


class QueueTimeout(Exception):
    pass


class Ticket:
    __slots__ = ("admitted", "released", "enqueued_at", "admitted_at")

    def __init__(self):
        self.admitted = False
        self.released = False
        self.enqueued_at = time.monotonic()
        self.admitted_at: float | None = None

    @property
    def waited_s(self) -> float:
        return (self.admitted_at or time.monotonic()) - self.enqueued_at


class Gate:
    def __init__(self):
        self._cond = threading.Condition()
        self._running = 0
        self._waiting: deque[Ticket] = deque()

    @property
    def running(self) -> int:
        return self._running

    @property
    def waiting(self) -> int:
        return len(self._waiting)

    def enter(self) -> Ticket:
        """Admit now, or queue; QueueFull when the queue is at capacity (→ 503)."""
        ticket = Ticket()
        with self._cond:
            if self._running < settings.INFERENCE_MAX_CONCURRENT and not self._waiting:
                self._running += 1
                ticket.admitted = True
                ticket.admitted_at = ticket.enqueued_at
                return ticket
            if len(self._waiting) >= settings.INFERENCE_QUEUE_SIZE:
                raise QueueFull
            self._waiting.append(ticket)
            return ticket

    def wait(self, ticket: Ticket, cancel=None, timeout: float | None = None) -> Iterator[int]:
        """Yields the 1-based queue position whenever it changes, until admitted."""
        deadline = time.monotonic() + (timeout or settings.INFERENCE_QUEUE_TIMEOUT)
        last = None
        while True:
            with self._cond:
                if ticket.admitted:
                    return
                if cancel is not None and cancel.is_set():
                    self._drop(ticket)
                    return
                if time.monotonic() > deadline:
                    self._drop(ticket)
                    raise QueueTimeout
                position = self._waiting.index(ticket) + 1
                if position == last:
                    self._cond.wait(timeout=0.25)
                    continue
            last = position
            yield position

    def _drop(self, ticket: Ticket) -> None:
        if ticket in self._waiting:
            self._waiting.remove(ticket)
            ticket.released = True
            self._cond.notify_all()

    def release(self, ticket: Ticket) -> None:
        with self._cond:
            if ticket.released:
                return
            ticket.released = True
            if not ticket.admitted:
                self._drop(ticket)
                return
            self._running -= 1
            self._promote()
            self._cond.notify_all()

    def _promote(self) -> None:
        while self._waiting and self._running < settings.INFERENCE_MAX_CONCURRENT:
            nxt = self._waiting.popleft()
            nxt.admitted = True
            nxt.admitted_at = time.monotonic()
            self._running += 1


gate = Gate()
