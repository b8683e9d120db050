"""A task sent with REDIS_URL set goes through Redis to a real worker process and back."""

import os
import uuid

from marketplace.celery import app
from marketplace.tasks import ping


def test_ping_is_run_by_the_worker_through_redis(celery_worker):
    assert not app.conf.task_always_eager, "with REDIS_URL set, tasks must go to the broker"
    token = uuid.uuid4().hex

    result = ping.apply_async(args=[token], queue=celery_worker.queue)
    answer = result.get(timeout=30)

    assert answer["token"] == token
    assert answer["pid"] != os.getpid()
    assert answer["pid"] == celery_worker.pid, "the session's own worker took the task"
    assert result.status == "SUCCESS"
    result.forget()
