"""Production: every secret and host from the environment, no defaults for secrets.

Needs DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL (PostgreSQL); REDIS_URL for
Celery and the cache; ELASTICSEARCH_URL and STRIPE_* where those are used.
"""

from marketplace.env import ConfigurationError, env, require

from .base import *  # noqa: F401,F403
from .base import DATABASES, REDIS_URL

DEBUG = False
SECRET_KEY = require("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ConfigurationError(
        "DJANGO_SECRET_KEY is too short: use at least 50 random characters, e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ConfigurationError(
        "DJANGO_ALLOWED_HOSTS is not set: give the site's host names, comma-separated, "
        "e.g. DJANGO_ALLOWED_HOSTS=kampungmall.example.id."
    )
require("DATABASE_URL")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    raise ConfigurationError("DATABASE_URL points at SQLite: production runs on PostgreSQL.")
if not REDIS_URL:
    raise ConfigurationError(
        "REDIS_URL is not set: production runs Celery and the cache on Redis, "
        "e.g. REDIS_URL=redis://127.0.0.1:6379/0."
    )

REGISTRY_NIK_KEYS = env.list("REGISTRY_NIK_KEYS", default=[]) or [require("REGISTRY_NIK_KEYS")]
REGISTRY_NIK_INDEX_KEY = require("REGISTRY_NIK_INDEX_KEY")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
OSCAR_BASKET_COOKIE_SECURE = True
OSCAR_RECENTLY_VIEWED_COOKIE_SECURE = True
OSCAR_URL_SCHEMA = "https"
# Wagtail's preview views allow their own same-origin frame (xframe_options_sameorigin_override).
X_FRAME_OPTIONS = "DENY"

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)

SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=False)

# Media on S3-compatible storage when a bucket is named (needs django-storages[s3]).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}  # noqa: F405
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True

LOGGING["root"]["level"] = env.str("DJANGO_LOG_LEVEL", default="WARNING")  # type: ignore[index]  # noqa: F405
