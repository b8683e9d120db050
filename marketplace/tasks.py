"""Site-wide tasks."""

import os
import socket

from celery import shared_task


@shared_task(name="marketplace.ping")
def ping(token: str) -> dict:
    """Answer with the token and the worker's host: shows a worker took the task from the broker."""
    return {"token": token, "host": socket.gethostname(), "pid": os.getpid()}
