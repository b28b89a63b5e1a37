"""The web process hands stored notifications to Celery in batches, not one message each.

Publishing one Celery message costs the request that committed the notice ~15 % of a submit's
CPU, nearly all of it Celery's and kombu's own machinery, not Redis (ADR 0007). So a web process
collects the ids its commits queue, each with its request's id, and a thread publishes them
together every `MADOGUCHI_NOTIFY_BATCH_SECONDS` (one `send_notifications` task; the worker
queues each notification as its own `send_notification`, under its request's id, so each keeps
its own retries and the logs still follow a request into its task).

Only a web process batches: a task in a Celery worker publishes each notice at once (nobody
waits for it, and a pool process may exit). What this changes: a notice waits up to that interval longer before a worker sees it. What it
does not: the notice is stored in the transaction that caused it (the outbox), and one that never
reaches the broker — the process killed before the batch went out, the broker down — is queued
again by `requeue_pending_notifications` (beat), as a failed publish after commit was before.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Callable

logger = logging.getLogger("madoguchi.notifications")
_starting = threading.Lock()
EXIT_WAIT = 5.0  # seconds an exiting process waits for the batch in flight


class BatchPublisher:
    """Collects items (JSON values) in the process and calls `publish(items)` from a thread of
    its own, at most every `interval` seconds, and at once when `limit` items wait. A forked child (a gunicorn
    worker) starts with an empty batch and a thread of its own."""

    _lock: threading.Lock
    _publishing: threading.Lock
    _wake: threading.Event
    _waiting: list

    def __init__(self, publish: Callable[[list], None], *, interval: float, limit: int = 500):
        self.publish, self.interval, self.limit = publish, interval, limit
        self._pid: int | None = None

    def add(self, item) -> None:
        if self._pid != os.getpid():
            with _starting:
                if self._pid != os.getpid():
                    self._start()
        with self._lock:
            self._waiting.append(item)
            full = len(self._waiting) >= self.limit
        if full:
            self._wake.set()

    def flush(self, wait: float = -1) -> None:
        """Publish what waits now (the thread's work; also at the process's exit, which first
        waits up to `EXIT_WAIT` seconds for a batch the thread is still publishing: a worker that
        exits in order loses none)."""
        if self._pid != os.getpid():
            return  # nothing was added in this process
        if not self._publishing.acquire(timeout=wait):
            return  # still stuck on the broker: what waits stays pending for the beat sweep
        try:
            with self._lock:
                items, self._waiting = self._waiting, []
            if items:
                self.publish(items)
        except Exception:  # the notifications stay pending in the database: the beat sweep queues them
            logger.exception("could not queue %d notifications; they are queued again later", len(items))
        finally:
            self._publishing.release()

    def _start(self) -> None:
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._publishing = threading.Lock()  # one batch at a time
        self._wake = threading.Event()
        self._waiting = []
        threading.Thread(target=self._run, name="notification-publisher", daemon=True).start()
        atexit.register(self.flush, EXIT_WAIT)

    def _run(self) -> None:
        while True:
            self._wake.wait(self.interval)
            self._wake.clear()
            self.flush()
