"""Tests: PostgreSQL when DATABASE_URL is set (CI), else SQLite; fast hashing; mail in memory."""

from marketplace.env import BASE_DIR, env

from .base import *  # noqa: F401,F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
REGISTRY_NIK_KEYS = ["pH4xD9u2b0mX0dXJcUq4yX1JqjQb8m3o3mV7oNwQp1Y="]
REGISTRY_NIK_INDEX_KEY = "test-only-nik-index-key"
# tests/conftest.py points this at a temporary folder for each run.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "test-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
# Tasks run in-process, even with REDIS_URL set: tests that need the real worker ask for
# the ``celery_worker`` fixture, which sends their tasks through Redis to it.
CELERY_TASK_ALWAYS_EAGER = True
# A test's transaction never commits: the search index is written inside it.
SEARCH_INDEX_IMMEDIATE = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not memory: --reuse-db then keeps the migrated schema (~35 s) between runs,
    # and a real Celery worker in another process can open the same test database.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / "test.sqlite3")}  # noqa: F405

# The cache stays in the test process even when REDIS_URL is set (Celery still uses
# Redis): a shared cache would carry one test's data into the next.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
