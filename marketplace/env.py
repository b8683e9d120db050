"""Reading the environment, in one place, with one clear line for each mistake.

Settings modules call these helpers; a wrong value raises ``ConfigurationError``,
which ``manage.py``, ``wsgi.py`` and the Celery app turn into a single line on
stderr instead of a traceback.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

env = environ.Env()

BASE_DIR = Path(__file__).resolve().parent.parent

_DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis", "sqlite"}
_REDIS_SCHEMES = {"redis", "rediss"}


class ConfigurationError(ImproperlyConfigured):
    """A setting from the environment is missing or wrong; the message says how to fix it."""


def require(name: str) -> str:
    """Return a variable that production cannot run without."""
    value = env.str(name, default="").strip()
    if not value:
        raise ConfigurationError(
            f"{name} is not set: production settings need it (see README, Configuration)."
        )
    return value


def database_config(default_sqlite: Path) -> dict:
    """``DATABASES['default']`` from ``DATABASE_URL``, or the embedded SQLite file."""
    url = env.str("DATABASE_URL", default="").strip()
    if not url:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite)}
    parts = urlsplit(url)
    scheme = parts.scheme.split("+")[0]
    if scheme not in _DATABASE_SCHEMES:
        raise ConfigurationError(
            f"DATABASE_URL has scheme '{parts.scheme or '(none)'}': use "
            "postgres://USER:PASSWORD@HOST:5432/NAME (or unset it for the SQLite demo)."
        )
    if scheme != "sqlite":
        if not parts.hostname:
            raise ConfigurationError(
                "DATABASE_URL has no host: use postgres://USER:PASSWORD@HOST:5432/NAME, "
                "e.g. postgres://postgres@127.0.0.1:5432/kampung_mall."
            )
        if not parts.path.strip("/"):
            raise ConfigurationError(
                "DATABASE_URL has no database name: add it after the host, "
                "e.g. postgres://postgres@127.0.0.1:5432/kampung_mall."
            )
    config = env.db_url_config(url)
    config.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    config["CONN_HEALTH_CHECKS"] = True
    return config


def redis_url() -> str:
    """``REDIS_URL`` checked for shape, or '' when Redis is not used (the embedded demo)."""
    url = env.str("REDIS_URL", default="").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in _REDIS_SCHEMES or not parts.hostname:
        raise ConfigurationError(
            f"REDIS_URL '{url}' is not a Redis URL: use redis://HOST:6379/0 "
            "(or unset it to run tasks in-process)."
        )
    try:
        parts.port  # noqa: B018 - urlsplit validates the port lazily
    except ValueError:
        raise ConfigurationError(
            f"REDIS_URL '{url}' has a bad port: use redis://HOST:6379/0."
        ) from None
    return url


def redis_db_url(url: str, db: int) -> str:
    """The same Redis server with another database number (cache and broker apart)."""
    parts = urlsplit(url)
    return parts._replace(path=f"/{db}").geturl()
