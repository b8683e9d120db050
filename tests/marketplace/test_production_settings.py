"""Configuration mistakes end `manage.py` with one clear line, never a traceback.

Each test runs `manage.py` in a subprocess with an environment built from scratch for
the case (the suite's own DATABASE_URL, REDIS_URL and DJANGO_* are left out), as an
operator would meet it on a server.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
DEV = "marketplace.settings.dev"
PRODUCTION = "marketplace.settings.production"
UNREACHABLE_DATABASE = "postgres://postgres@127.0.0.1:1/test"
UNREACHABLE_REDIS = "redis://127.0.0.1:1/0"


def manage(*args: str, settings: str = DEV, **variables: str) -> subprocess.CompletedProcess:
    return run_python("manage.py", *args, settings=settings, **variables)


def run_python(*args: str, settings: str = DEV, **variables: str) -> subprocess.CompletedProcess:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_", "REDIS_", "CELERY_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = settings
    env.update(variables)
    return subprocess.run(
        [sys.executable, *args],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def deploy_check(variables: dict[str, str]) -> subprocess.CompletedProcess:
    return manage("check", "--deploy", "--fail-level", "WARNING", settings=PRODUCTION, **variables)


def assert_one_line(result: subprocess.CompletedProcess, variable: str, *words: str) -> None:
    """Failed, said so in exactly one line naming the variable (and the words), no traceback."""
    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert variable in lines[0], lines[0]
    for word in words:
        assert word in lines[0], lines[0]


@pytest.fixture(scope="module")
def redis_url() -> str:
    """A Redis that answers: the suite's own, or the local default; skip without one."""
    import redis

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"no Redis answers at {url} ({exc}): check --deploy pings REDIS_URL")
    return url


@pytest.fixture
def production(redis_url) -> dict[str, str]:
    """Everything production needs, valid: each test spoils one variable."""
    return {
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),  # 64 characters
        "DJANGO_ALLOWED_HOSTS": "kampungmall.example.id",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test",
        "REDIS_URL": redis_url,
        "REGISTRY_NIK_KEYS": "pH4xD9u2b0mX0dXJcUq4yX1JqjQb8m3o3mV7oNwQp1Y=",
        "REGISTRY_NIK_INDEX_KEY": secrets.token_urlsafe(48),
    }


def test_production_passes_the_deploy_check_without_a_warning(production):
    assert len(production["DJANGO_SECRET_KEY"]) == 64

    result = deploy_check(production)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.parametrize("secret_key", ["", "too-short-a-secret"], ids=["missing", "short"])
def test_production_refuses_to_start_without_a_real_secret_key(production, secret_key):
    production["DJANGO_SECRET_KEY"] = secret_key

    result = deploy_check(production)

    assert_one_line(result, "DJANGO_SECRET_KEY")


@pytest.mark.parametrize("name", ["REGISTRY_NIK_KEYS", "REGISTRY_NIK_INDEX_KEY"])
def test_production_refuses_to_start_without_the_nik_keys(production, name):
    production[name] = ""

    result = deploy_check(production)

    assert_one_line(result, name)


def test_production_refuses_to_start_without_allowed_hosts(production):
    del production["DJANGO_ALLOWED_HOSTS"]

    result = deploy_check(production)

    assert_one_line(result, "DJANGO_ALLOWED_HOSTS", "is not set")


@pytest.mark.parametrize(
    ("database_url", "words"),
    [
        ("postgres:///x", ["has no host"]),
        ("postgres://", ["has no host"]),
        ("postgres://postgres@127.0.0.1:5432", ["has no database name"]),
        ("postgres://postgres@127.0.0.1:abc/test", ["cannot be read", "'abc'"]),
        ("postgres://postgres@[::1/test", ["cannot be read"]),
        ("mysql://root@127.0.0.1/test", ["scheme 'mysql'"]),
    ],
)
def test_malformed_database_url_is_one_line(database_url, words):
    result = manage("check", DATABASE_URL=database_url)

    assert_one_line(result, "DATABASE_URL", *words)


@pytest.mark.parametrize(
    ("database_url", "options"),
    [
        ("", {"transaction_mode": "IMMEDIATE", "timeout": 20}),
        ("sqlite:////tmp/kampung.sqlite3", {"transaction_mode": "IMMEDIATE", "timeout": 20}),
        ("postgres://postgres@127.0.0.1:5432/kampung", {}),
    ],
    ids=["embedded", "sqlite-url", "postgres"],
)
def test_sqlite_waits_for_the_write_lock_and_postgres_is_left_alone(database_url, options):
    variables = {"DATABASE_URL": database_url} if database_url else {}
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default']['OPTIONS']))"
    )

    result = run_python("-c", code, **variables)

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == options


@pytest.mark.django_db(transaction=True)
def test_a_double_submit_on_sqlite_waits_instead_of_failing():
    """Two requests that read, then write, at the same moment (a form sent twice): on
    SQLite's default both start reading, and the second to write fails at once with
    "database is locked"; with IMMEDIATE transactions it waits its turn."""
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from tests.concurrency import at_once

    if connection.vendor != "sqlite":
        pytest.skip("SQLite's locking: PostgreSQL locks rows, not the database")

    def submit(name: str) -> None:
        with transaction.atomic():
            Group.objects.filter(name__startswith="Kiriman").count()
            time.sleep(0.5)
            Group.objects.create(name=name)

    outcomes = at_once(lambda: submit("Kiriman 1"), lambda: submit("Kiriman 2"))
    failures = [outcome for outcome in outcomes if isinstance(outcome, Exception)]

    assert failures == []
    assert Group.objects.filter(name__startswith="Kiriman").count() == 2


@pytest.mark.parametrize("command", [["migrate", "--check"], ["showmigrations"]])
def test_unreachable_database_is_one_line(command):
    result = manage(*command, DATABASE_URL=UNREACHABLE_DATABASE)

    assert_one_line(result, "DATABASE_URL", "Database error", "port 1", "Connection refused")


@pytest.mark.parametrize(
    ("redis_url", "words"),
    [
        ("localhost:6379", ["is not a Redis URL"]),
        ("redis://", ["is not a Redis URL"]),
        ("redis://[::1", ["cannot be read"]),
        ("redis://127.0.0.1:99999/0", ["cannot be read", "out of range"]),
        ("redis://127.0.0.1:6379/abc", ["Redis databases are numbers"]),
    ],
)
def test_malformed_redis_url_is_one_line(redis_url, words):
    result = manage("check", REDIS_URL=redis_url)

    assert_one_line(result, "REDIS_URL", *words)


def test_unreachable_redis_fails_the_plain_check_with_one_error():
    result = manage("check", REDIS_URL=UNREACHABLE_REDIS)

    assert result.returncode != 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("?: (")]
    assert len(errors) == 1, result.stderr
    assert "marketplace.E001" in errors[0]
    assert f"REDIS_URL={UNREACHABLE_REDIS} does not answer" in errors[0]


def test_a_number_that_is_not_a_number_is_one_line():
    result = manage(
        "check", DATABASE_URL="postgres://postgres@127.0.0.1:5432/test", DATABASE_CONN_MAX_AGE="x"
    )

    assert_one_line(result, "DATABASE_CONN_MAX_AGE", "not a valid int")


@pytest.mark.parametrize(
    ("redis_url", "words"), [(UNREACHABLE_REDIS, ["does not answer"]), ("", ["not set"])]
)
def test_a_worker_without_redis_says_so_in_one_line(redis_url, words):
    variables = {"REDIS_URL": redis_url} if redis_url else {}
    result = run_python("-m", "celery", "-A", "marketplace", "worker", "--pool=solo", **variables)
    assert_one_line(result, "REDIS_URL", *words)
