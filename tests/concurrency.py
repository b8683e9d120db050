"""Running calls at the same moment, for the tests that show what races do (PostgreSQL
row locks, SQLite's write lock): real threads, each with its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def at_once(*calls: Callable[[], Any], timeout: float = 60) -> list[Any]:
    """Run each call in its own thread, all released together by a barrier, and return what
    each returned, or the exception it raised, in the order of ``calls``. Each thread closes
    its database connections when done (a test database cannot be dropped while they live).
    """
    start = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            start.wait(timeout=10)
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 - the test judges whatever a call hit
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return outcomes
