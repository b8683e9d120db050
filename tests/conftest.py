"""Fixtures shared by every test: the Wagtail site, and a real Celery worker on Redis."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest

# Every test is watched for identity numbers let out (responses, redirects, logs, email).
pytest_plugins = ["tests.leaks"]

REPO_ROOT = Path(__file__).resolve().parent.parent
WORKER_START_SECONDS = 60
WORKER_STOP_SECONDS = 15


def pytest_collection_modifyitems(config, items):
    """A test with the Celery worker needs the test database set up before the worker starts.

    pytest-django creates test databases only for tests that ask for one; without this,
    a run of worker tests alone would hand the worker the real database's name.
    """
    for item in items:
        if "celery_worker" in getattr(item, "fixturenames", ()) and not item.get_closest_marker(
            "django_db"
        ):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session", autouse=True)
def media_root(tmp_path_factory):
    """Uploaded and generated files go to a folder of this run's own, removed by pytest."""
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("media")
    private = tmp_path_factory.mktemp("private")
    with override_settings(MEDIA_ROOT=str(folder), PRIVATE_MEDIA_ROOT=str(private)):
        yield folder


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a rolled-back test fires no invalidation."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def wagtail_site(db):
    """The default Wagtail ``Site``: a HomePage at its root, the learning centre at /learn/."""
    from wagtail.models import Site

    from cms.services import site_pages_ensure

    site_pages_ensure(site_name="Kampung Mall")
    return Site.objects.get(is_default_site=True)


@dataclass(frozen=True)
class LocalStripe:
    """A running ``localstripe`` (a stateful Stripe-compatible server) for this session."""

    url: str
    secret_key: str = "sk_test_kampung_mall"
    publishable_key: str = "pk_test_kampung_mall"
    webhook_secret: str = "whsec_test_kampung_mall"

    def settings(self) -> dict[str, str]:
        return {
            "STRIPE_SECRET_KEY": self.secret_key,
            "STRIPE_PUBLISHABLE_KEY": self.publishable_key,
            "STRIPE_WEBHOOK_SECRET": self.webhook_secret,
            "STRIPE_API_BASE": self.url,
        }


@pytest.fixture(scope="session")
def localstripe_server(tmp_path_factory):
    """``localstripe`` on a free port, started for the session (no test calls the internet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log_path = tmp_path_factory.mktemp("localstripe") / "localstripe.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "localstripe", "--port", str(port), "--from-scratch"],
            cwd=log_path.parent,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
        )
    deadline = time.monotonic() + 30
    while True:
        if process.poll() is not None:
            pytest.fail(f"localstripe exited: {log_path.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("localstripe did not start within 30 s")
            time.sleep(0.05)
    try:
        yield LocalStripe(url=f"http://127.0.0.1:{port}")
    finally:
        _stop(process)


@pytest.fixture
def stripe_on(settings, localstripe_server):
    """Card payment configured, pointing at the session's localstripe."""
    for name, value in localstripe_server.settings().items():
        setattr(settings, name, value)
    return localstripe_server


@dataclass(frozen=True)
class CeleryWorker:
    """A running worker: send tasks to it with ``task.apply_async(..., queue=worker.queue)``."""

    queue: str
    nodename: str
    pid: int
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@pytest.fixture
def celery_worker(celery_worker_process):
    """The session's worker, with tasks sent to the broker for this test (the test settings
    run them in-process otherwise, so that a task nobody consumes never waits in Redis)."""
    from celery.result import allow_join_result

    from marketplace.celery import app

    app.conf.task_always_eager = False
    try:
        # Tasks run in-process earlier in the session leave Celery believing it is inside a
        # task, where waiting for a result is refused; this test waits for the worker.
        with allow_join_result():
            yield celery_worker_process
    finally:
        app.conf.task_always_eager = True


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, tmp_path_factory, localstripe_server):
    """A real ``celery worker`` process taking tasks from Redis, for the whole session.

    It consumes only a queue named for this session (and answers control commands only
    under its own node name), so other test runs on the same Redis do not steal its
    tasks or answer its pings. It uses the test database: a test whose task reads rows
    must commit them, with ``@pytest.mark.django_db(transaction=True)``.
    """
    yield from worker_run(tmp_path_factory, localstripe_server, pool="solo")


def worker_run(tmp_path_factory, localstripe_server, *, pool: str):
    """Start a worker with ``pool`` (``solo``; ``prefork`` has a child process a test may
    kill), yield it once it answers a ping, and stop it afterwards."""
    from django.conf import settings
    from django.db import connection

    if not settings.REDIS_URL:
        pytest.skip(
            "REDIS_URL is not set, so tasks run in-process (eager): set "
            "REDIS_URL=redis://127.0.0.1:6379/0 to test with a real Celery worker."
        )
    _redis_must_answer(settings.REDIS_URL)

    from marketplace.celery import app

    session = uuid.uuid4().hex[:12]
    queue = f"kampung-test-{session}"
    nodename = f"kampung-test-{session}@{socket.gethostname()}"
    log_path = tmp_path_factory.mktemp("celery") / "worker.log"

    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "marketplace.settings.test"}
    env["REDIS_URL"] = settings.REDIS_URL
    env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    env["PRIVATE_MEDIA_ROOT"] = str(settings.PRIVATE_MEDIA_ROOT)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(localstripe_server.settings())  # card tasks talk to the session's localstripe
    env.pop("DATABASE_URL", None)
    if not _is_test_database(connection):
        pytest.fail(
            f"The database is {connection.settings_dict['NAME']!r}, not a test database: "
            "the worker would write to it. Mark the test with @pytest.mark.django_db."
        )
    database_url = _database_url(connection)
    if database_url:
        env["DATABASE_URL"] = database_url

    command = [
        sys.executable, "-m", "celery", "-A", "marketplace", "worker",
        f"--pool={pool}", "--concurrency=1", "-l", "warning",
        "-Q", queue, "-n", nodename,
        # Gossip, mingle and heartbeats talk to every other worker on this Redis:
        # not wanted from a test worker, and mingle adds a second to the start.
        "--without-gossip", "--without-mingle", "--without-heartbeat",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=log
        )
    worker = CeleryWorker(queue=queue, nodename=nodename, pid=process.pid, log_path=log_path)
    try:
        _wait_until_ready(app, process, worker)
        yield worker
    finally:
        _stop(process)
        _forget_queue(settings.REDIS_URL, queue)


def _redis_must_answer(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.fail(f"REDIS_URL is set but Redis does not answer ({exc}): start it or unset it.")


def _is_test_database(connection) -> bool:
    """Whether pytest-django has switched the connection to its test database."""
    config = connection.settings_dict
    test_name = (config.get("TEST") or {}).get("NAME")
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        return True
    if test_name:
        return str(config["NAME"]) == str(test_name)
    return str(config["NAME"]).startswith("test_")


def _database_url(connection) -> str | None:
    """``DATABASE_URL`` for the test database pytest-django made (its NAME, not the real one)."""
    config = connection.settings_dict
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            return None  # another process cannot open it; such a worker has no database
        return f"sqlite:///{Path(config['NAME']).resolve()}"
    if connection.vendor != "postgresql":
        raise NotImplementedError(f"no DATABASE_URL for a {connection.vendor} database")
    auth = ""
    if config.get("USER"):
        auth = quote(config["USER"], safe="")
        if config.get("PASSWORD"):
            auth += ":" + quote(config["PASSWORD"], safe="")
        auth += "@"
    host = config.get("HOST") or "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    port = f":{config['PORT']}" if config.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{quote(config['NAME'], safe='')}"


def _wait_until_ready(app, process: subprocess.Popen, worker: CeleryWorker) -> None:
    """Ask the worker for a pong until it gives one; each ask waits at most half a second."""
    deadline = time.monotonic() + WORKER_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"The Celery worker exited with code {process.returncode} before it was "
                f"ready. Its log:\n{worker.log()}"
            )
        if app.control.ping(destination=[worker.nodename], timeout=0.5):
            return
    _stop(process)
    pytest.fail(
        f"The Celery worker did not answer a ping within {WORKER_START_SECONDS} s. "
        f"Its log:\n{worker.log()}"
    )


def _stop(process: subprocess.Popen) -> None:
    """Warm shutdown (SIGTERM), then SIGKILL if the worker does not stop in time."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=WORKER_STOP_SECONDS)


def _forget_queue(url: str, queue: str) -> None:
    """Drop the session queue and kombu's bindings for it, so Redis keeps no litter."""
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2)
        client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    except redis.RedisError:
        pass
