"""System checks that turn unreachable services into one clear line each."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register


# Not Tags.database (those run only with --database) and not deploy=True (only with
# --deploy): a plain `manage.py check`, and every command that runs the checks, must say
# that Redis is down before Celery or the cache fail somewhere less obvious.
@register(Tags.caches)
def redis_reachable(app_configs, **kwargs):
    """With REDIS_URL set, Redis must answer: Celery and the cache depend on it."""
    if not settings.REDIS_URL:
        return []
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
    except (redis.RedisError, OSError, ValueError) as exc:
        return [
            Error(
                f"Redis at REDIS_URL={_without_password(settings.REDIS_URL)} "
                f"does not answer ({exc}).",
                hint="Start Redis or correct REDIS_URL (unset it to run tasks in-process).",
                id="marketplace.E001",
            )
        ]
    return []


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if not parts.password:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()
