"""The embedded default: SQLite, tasks in-process, local-memory cache, database search.

Everything works with no environment variables set; each may still be overridden.
"""

from marketplace.env import BASE_DIR, env, local_secrets

from .base import *  # noqa: F401,F403

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# The demo's NIK keys: generated on first run into var/secrets.json (git-ignored).
_demo_secrets = local_secrets(BASE_DIR / "var" / "secrets.json")
REGISTRY_NIK_KEYS = env.list("REGISTRY_NIK_KEYS", default=[_demo_secrets["REGISTRY_NIK_KEYS"]])
REGISTRY_NIK_INDEX_KEY = env.str(
    "REGISTRY_NIK_INDEX_KEY", default=_demo_secrets["REGISTRY_NIK_INDEX_KEY"]
)
