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


class ConfigurationError(ImproperlyConfigured):
    """A setting from the environment is missing or wrong; the message says how to fix it."""


class _Env(environ.Env):
    """``environ.Env`` whose casting errors name the variable instead of a bare ValueError."""

    def get_value(self, var, cast=None, default=environ.Env.NOTSET, parse_default=False):
        try:
            return super().get_value(var, cast=cast, default=default, parse_default=parse_default)
        except ValueError as exc:
            kind = getattr(cast, "__name__", None) or type(default).__name__
            raise ConfigurationError(
                f"{var}={self.ENVIRON.get(var, '')!r} is not a valid {kind} ({exc})."
            ) from None


env = _Env()

BASE_DIR = Path(__file__).resolve().parent.parent

_DATABASE_SCHEMES = {"postgres", "postgresql", "pgsql", "postgis", "sqlite"}
_REDIS_SCHEMES = {"redis", "rediss"}


def require(name: str) -> str:
    """Return a variable that production cannot run without."""
    value = env.str(name, default="").strip()
    if not value:
        raise ConfigurationError(
            f"{name} is not set: production settings need it (see README, Configuration)."
        )
    return value


#: SQLite only. A transaction takes the write lock when it begins, and waits up to 20 s
#: for it: with SQLite's default (lock at the first write, 5 s), two requests at once (a
#: double-submitted form) end in "database is locked" instead of one waiting its turn.
SQLITE_OPTIONS = {"transaction_mode": "IMMEDIATE", "timeout": 20}


def database_config(default_sqlite: Path) -> dict:
    """``DATABASES['default']`` from ``DATABASE_URL``, or the embedded SQLite file."""
    url = env.str("DATABASE_URL", default="").strip()
    if not url:
        default_sqlite.parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(default_sqlite),
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    parts = _split("DATABASE_URL", url, example="postgres://USER:PASSWORD@HOST:5432/NAME")
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
    try:
        config = env.db_url_config(url)
    except ValueError as exc:
        raise ConfigurationError(
            f"DATABASE_URL cannot be read ({exc}): use postgres://USER:PASSWORD@HOST:5432/NAME."
        ) from None
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    config.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    config["CONN_HEALTH_CHECKS"] = True
    return config


def redis_url() -> str:
    """``REDIS_URL`` checked for shape, or '' when Redis is not used (the embedded demo)."""
    url = env.str("REDIS_URL", default="").strip()
    if not url:
        return ""
    parts = _split("REDIS_URL", url, example="redis://HOST:6379/0")
    if parts.scheme not in _REDIS_SCHEMES or not parts.hostname:
        raise ConfigurationError(
            f"REDIS_URL '{url}' is not a Redis URL: use redis://HOST:6379/0 "
            "(or unset it to run tasks in-process)."
        )
    database = parts.path.strip("/")
    if database and not database.isdigit():
        raise ConfigurationError(
            f"REDIS_URL '{url}' has database '{database}': Redis databases are numbers, "
            "e.g. redis://HOST:6379/0."
        )
    return url


def _split(name: str, url: str, *, example: str):
    """``urlsplit`` with its lazy errors (bad IPv6 brackets, bad port) raised as one line."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - urlsplit validates the port only when asked
    except ValueError as exc:
        raise ConfigurationError(f"{name} cannot be read ({exc}): use {example}.") from None
    return parts


def redis_db_url(url: str, db: int) -> str:
    """The same Redis server with another database number (cache and broker apart)."""
    parts = urlsplit(url)
    return parts._replace(path=f"/{db}").geturl()


def local_secrets(path: Path) -> dict[str, str]:
    """Keys for the embedded demo, generated on first run into a git-ignored file (0600).

    Production never uses this: it takes its keys from the environment.
    """
    import json
    import secrets

    from cryptography.fernet import Fernet

    if path.exists():
        return json.loads(path.read_text())
    values = {
        "REGISTRY_NIK_KEYS": Fernet.generate_key().decode(),
        "REGISTRY_NIK_INDEX_KEY": secrets.token_urlsafe(48),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(json.dumps(values, indent=2))
    return values
