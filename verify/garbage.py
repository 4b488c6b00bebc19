"""Cyclic garbage collection between requests, never inside one.

CPython 3.11 (seen on 3.11.2 and 3.11.7, not on 3.12.1) can free memory that is still in use
when its cyclic garbage collector runs in the middle of a request that loads and renders many
ORM objects: while the collector frees an object's inline attribute values
(`_PyObject_FreeInstanceAttributes` under `delete_garbage`), a weakref callback it sets off
(SQLAlchemy's `InstanceState._cleanup`) stores an attribute, `dictresize` frees the values
array being freed, and the process dies with a segmentation fault ("Garbage-collecting" in
faulthandler's trace; valgrind: an invalid read in `dictresize` of a block `free_values` freed
under `handle_callback`). It needs no compiled extension: a loop of `GET /` on a desk of 2,000
statements crashed at the third request with every third-party extension stubbed out.

So the app turns the automatic collector off while any request of the process is running and
collects when the last running request has ended: the young generations every time (what the
requests allocated), every generation each FULL_EVERY requests. A process serving without a
pause still collects: NO_PAUSE_LIMIT requests ending with others still running force a
collection at the next request end, while others run; that path is the one left exposed to the
bug, and only threaded servers take it (gunicorn's sync workers, as docs/deployment.md runs
them, serve one request at a time per process).
"""

from __future__ import annotations

import gc
import threading

from flask import Flask

# A full collection (all generations) after this many requests; the young ones after each.
FULL_EVERY = 100
# Requests that may end while others still run before the young generations are collected
# anyway (under constant concurrent load the process never reaches zero running requests).
NO_PAUSE_LIMIT = 200


class BetweenRequests:
    """Counts the running requests of one process and collects when none is running."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running = 0
        self._ended = 0
        self._without_pause = 0
        self._was_enabled = gc.isenabled()

    def started(self) -> None:
        with self._lock:
            if self._running == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._running += 1

    def ended(self) -> None:
        with self._lock:
            self._running = max(self._running - 1, 0)
            self._ended += 1
            if self._running:
                self._without_pause += 1
                if self._without_pause < NO_PAUSE_LIMIT:
                    return
            self._without_pause = 0
            gc.collect(2 if self._ended % FULL_EVERY == 0 else 1)
            if self._running == 0 and self._was_enabled:
                gc.enable()


def init_app(app: Flask) -> None:
    """Hold the collector off during this app's requests (see the module's docstring). Call it
    before anything else registers hooks: its `before_request` then runs first, and its
    teardown (Flask runs them in reverse) last, after the request's session is closed."""
    guard = BetweenRequests()
    app.before_request(guard.started)
    app.teardown_appcontext(lambda _error: guard.ended())
    app.extensions["verify.garbage"] = guard
