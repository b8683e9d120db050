"""System checks that turn unreachable services into one clear line each."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.database, deploy=True)
def redis_reachable(app_configs, **kwargs):
    """With REDIS_URL set, Redis must answer: Celery and the cache depend on it."""
    if not settings.REDIS_URL:
        return []
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        return [
            Error(
                f"Redis at REDIS_URL={settings.REDIS_URL} does not answer ({exc}).",
                hint="Start Redis or correct REDIS_URL (unset it to run tasks in-process).",
                id="marketplace.E001",
            )
        ]
    return []
